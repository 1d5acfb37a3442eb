"""The notebooks: their shape, the report registry, and a real run through JupyterLab and Chromium.

The fast tests read the jupytext sources and exercise :mod:`analysis.reports` on small inputs.
The slow ones do what a researcher does: start the Jupyter server that ``make lab`` starts, open
each ``.py`` notebook through its contents API (jupytext turns it into a notebook), run every
code cell in a kernel over the websocket, render the results as HTML with the template ``make``
uses, and load the renders and the interactive topic views in headless Chromium, failing on any
console error. Screenshots go beside the suite's demo reports (or to ``$NOTEBOOK_SCREENSHOTS``).
"""

from __future__ import annotations

import ast
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from base64 import b64decode
from functools import partial
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from analysis.config import PROJ_ROOT, load_config
from analysis.reports import (
    ReportRegistry,
    and_join,
    differences_table,
    next_to_code_table,
    papermill_parameters,
    strip_notebook,
    topics_with_quotes,
    write_reports_readme,
)

NOTEBOOK_DIR = PROJ_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))
NAMES = [p.stem for p in NOTEBOOKS]
LAB_CONFIG = PROJ_ROOT / ".jupyter" / "jupyter_lab_config.py"
HTML_TEMPLATE = PROJ_ROOT / ".jupyter" / "nbconvert" / "offline.html.j2"
FRAGMENT = PROJ_ROOT / "mk" / "notebooks.mk"
BIN = Path(sys.executable).parent


def read_notebook(path: Path) -> nbformat.NotebookNode:
    return jupytext.read(path)


def parameters_cells(notebook) -> list:
    return [c for c in notebook.cells if "parameters" in c.get("metadata", {}).get("tags", [])]


# --- The notebooks' shape (fast) ----------------------------------------------------------------


def test_the_six_notebooks_of_the_publication_pipeline_exist():
    assert NAMES == ["01_corpus", "02_topics", "03_codebook", "04_events", "05_blog_post",
                     "06_paper"]  # fmt: skip


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_each_notebook_has_exactly_one_parameters_cell_with_seed_study_and_paths(path):
    cells = parameters_cells(read_notebook(path))
    assert len(cells) == 1
    assigned = {
        target.id
        for node in ast.parse(cells[0].source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert {"seed", "study", "processed", "reports"} <= assigned


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_parameters_default_to_the_values_in_params_yaml(path):
    namespace: dict = {}
    exec(parameters_cells(read_notebook(path))[0].source, namespace)
    config = load_config()  # the suite's parameters file ($ANALYSIS_PARAMS), as make's
    assert namespace["seed"] == config.seed
    assert namespace["study"] == config.study
    assert namespace["processed"] == config.processed_path
    assert namespace["reports"] == config.reports_path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebooks_define_no_functions_or_classes(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = [
        type(node).__name__
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef)
    ]
    assert defined == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebooks_import_their_logic_from_analysis_public_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert any(m.split(".")[0] == "analysis" for m in modules)
    private = [m for m in modules if m.startswith("analysis") and "._" in m]
    assert private == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebooks_are_committed_as_percent_scripts_without_outputs(path):
    text = path.read_text(encoding="utf-8")
    assert "format_name: percent" in text
    notebook = read_notebook(path)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    assert list(NOTEBOOK_DIR.glob("*.ipynb")) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebooks_open_with_a_markdown_narrative(path):
    cells = read_notebook(path).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert sum(c.cell_type == "markdown" for c in cells) >= 3


def test_makefile_fragment_names_what_each_notebook_reads():
    text = FRAGMENT.read_text(encoding="utf-8")
    for name in NAMES:
        assert re.search(rf"^\$\(NB_OUT\)/{name}\.ipynb: \S", text, flags=re.M), name
    assert "NOTEBOOK_OUT :=" in text


def test_jupytext_config_keeps_notebooks_as_percent_scripts_only():
    text = (PROJ_ROOT / "jupytext.toml").read_text(encoding="utf-8")
    assert re.search(r'^formats = "py:percent"$', text, flags=re.M)
    overrides = json.loads(
        (PROJ_ROOT / ".jupyter" / "lab" / "settings" / "overrides.json").read_text()
    )
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["python"] == "Jupytext Notebook"


# --- analysis.reports (fast) --------------------------------------------------------------------


def test_registry_records_each_output_with_caption_files_and_inputs(tmp_path):
    root = tmp_path
    (root / "data").mkdir()
    source = root / "data" / "input.csv"
    source.write_text("a\n1\n")
    registry = ReportRegistry(root / "reports", "00_test", root=root)
    saved = registry.table(
        pd.DataFrame({"a": [1]}), "one", caption="A table.", inputs=[source], formats=("csv",)
    )
    assert repr(saved) == "Saved: reports/tables/one.csv"
    manifest = json.loads(registry.manifest_path.read_text())
    assert manifest == {
        "notebook": "notebooks/00_test.py",
        "outputs": [
            {
                "kind": "table",
                "name": "one",
                "caption": "A table.",
                "files": ["tables/one.csv"],
                "inputs": ["data/input.csv"],
            }
        ],
        "skipped": [],
    }


def test_registry_refuses_an_output_without_caption(tmp_path):
    from analysis.errors import InputError

    registry = ReportRegistry(tmp_path, "00_test", root=tmp_path)
    with pytest.raises(InputError, match="no caption"):
        registry.table(pd.DataFrame({"a": [1]}), "one", caption=" ", inputs=[], formats=("csv",))


def test_a_notebooks_rerun_removes_what_its_previous_run_made_and_this_one_does_not(tmp_path):
    first = ReportRegistry(tmp_path / "reports", "03_x", root=tmp_path)
    table = pd.DataFrame({"a": [1]})
    kept = first.table(table, "kept", caption="Kept.", inputs=[], formats=("csv",))
    gone = first.table(table, "differences", caption="Gone.", inputs=[], formats=("csv", "md"))
    other = ReportRegistry(tmp_path / "reports", "04_y", root=tmp_path)
    theirs = other.table(
        table, "theirs", caption="Another notebook's.", inputs=[], formats=("csv",)
    )
    again = ReportRegistry(tmp_path / "reports", "03_x", root=tmp_path)  # the study lost a part
    again.table(table, "kept", caption="Kept.", inputs=[], formats=("csv",))
    assert all(p.is_file() for p in [*kept, *theirs])
    assert not any(p.exists() for p in gone)
    listed = json.loads(again.manifest_path.read_text(encoding="utf-8"))["outputs"]
    assert [o["name"] for o in listed] == ["kept"]


def test_reports_readme_lists_every_output_with_caption_notebook_and_inputs(tmp_path):
    registry = ReportRegistry(tmp_path / "reports", "01_x", root=tmp_path)
    registry.table(
        pd.DataFrame({"a": [1]}), "counts", caption="Counts | all", inputs=[], formats=("md",)
    )
    registry.document(tmp_path / "reports" / "blog" / "post.md", caption="The post.", inputs=[])
    readme = write_reports_readme(tmp_path / "reports").read_text()
    assert "## Tables" in readme and "## Documents" in readme
    assert (
        "| counts | Counts \\| all | [MD](tables/counts.md) | `notebooks/01_x.py` | – |" in readme
    )
    assert "[MD](blog/post.md)" in readme


def test_strip_notebook_removes_run_metadata_and_gives_stable_cell_ids(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_markdown_cell("# A")]
    notebook.metadata["papermill"] = {"start_time": "2024-01-01T00:00:00", "duration": 1.2}
    notebook.cells[0].metadata["papermill"] = {"duration": 0.1}
    notebook.cells[0].metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
    notebook.cells[0].metadata["tags"] = ["parameters"]
    first, second = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    nbformat.write(notebook, first)
    notebook.cells[0].id, notebook.metadata["papermill"]["duration"] = "random", 9.9
    nbformat.write(notebook, second)
    strip_notebook(first)
    strip_notebook(second)
    assert first.read_bytes() == second.read_bytes()
    stripped = nbformat.read(first, as_version=4)
    nbformat.validate(stripped)
    assert "papermill" not in stripped.metadata
    assert stripped.cells[0].metadata == {"tags": ["parameters"]}


def test_papermill_parameters_come_from_params_yaml():
    config = load_config()
    options = papermill_parameters(config)
    assert options[:3] == ["-p", "seed", str(config.seed)]
    assert ["-p", "processed", config.processed_path] == options[6:9]


def test_topics_table_gives_each_topic_its_first_quote_with_pseudonym_and_role():
    topics = pd.DataFrame(
        {"topic": [-1, 0], "size": [5, 10], "share": [1 / 3, 2 / 3], "label": ["Outliers", "x"]}
    )
    quotes = pd.DataFrame(
        {
            "topic": [0, 0],
            "rank": [2, 1],
            "text": ["second", "first  quote"],
            "participant_id": ["LW01", None],
            "doc_id": ["LW01_w1", "E3-notes"],
            "role": ["link_worker", "attendee"],
        }
    )
    table = topics_with_quotes(topics, quotes)
    assert table["Topic"].tolist() == [0]
    assert table.loc[0, "Exemplar quote"] == "\u201cfirst quote\u201d (E3-notes, attendee)"
    assert table.loc[0, "Share (%)"] == pytest.approx(66.7)
    assert "Stability" not in table.columns
    marked = topics.assign(words=["", "debt; bills; rent; arrears; council tax; loans"],
                           stability=[None, 0.8123])  # fmt: skip
    table = topics_with_quotes(marked, quotes)
    assert table.loc[0, "Top words"] == "debt, bills, rent, arrears, council tax"
    assert table.loc[0, "Stability"] == pytest.approx(0.81)


def test_differences_table_orders_by_absolute_difference_and_formats_points():
    differences = pd.DataFrame(
        {
            "code_id": ["A", "B"],
            "prevalence_a": [0.1, 0.5],
            "prevalence_b": [0.15, 0.2],
            "difference": [-0.05, 0.3],
            "ci_low": [-0.1, 0.2],
            "ci_high": [0.0, 0.4],
            "p_adjusted": [0.5, 0.0004],
        }
    )
    table = differences_table(differences)
    assert table["Code"].tolist() == ["B", "A"]
    assert table.loc[0, "Difference (points, 95% CI)"] == "+30.0 (+20.0 to +40.0)"
    assert table["p (Holm)"].tolist() == ["<0.001", "0.500"]
    assert "Stable" not in table.columns
    marked = differences.assign(stable=pd.array([False, pd.NA], dtype="boolean"))
    assert differences_table(marked)["Stable"].tolist() == ["", "no"]


def test_next_to_code_table_shows_each_codes_top_segments_with_their_reason():
    ranked = pd.DataFrame({
        "code_id": ["A", "A", "A", "A", "B"], "rank": [1, 2, 3, 4, 1],
        "segment_id": ["s1", "s2", "s3", "s4", "s2"], "probability": [0.91, 0.5, 0.4, 0.3, 0.77],
        "nearest_segment_id": ["c1", "c1", None, "c2", "c2"],
    })  # fmt: skip
    segments = pd.DataFrame({
        "segment_id": ["s1", "s2", "s3", "s4", "c1", "c2"],
        "text": ["one  two\nthree", "word " * 60, "x", "y", "coded one", "coded two"],
    })  # fmt: skip
    table = next_to_code_table(ranked, segments, {"A": "Alpha"}, top=3, width=40)
    assert table["Code"].tolist() == ["Alpha", "Alpha", "Alpha", "B"]  # rank 4 left out
    assert table["Text"].iloc[0] == "one two three"  # whitespace made one space
    assert table["Text"].iloc[1].endswith(" …") and len(table["Text"].iloc[1]) <= 40
    assert table["Most like (coded)"].tolist() == ["coded one", "coded one", "", "coded two"]


def test_and_join_reads_as_prose():
    assert [and_join([]), and_join(["a"]), and_join(["a", "b"])] == ["", "a", "a and b"]


# --- A real run: JupyterLab, kernels, nbconvert, Chromium (slow) --------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_command(*targets: str) -> list[str]:
    """``make`` with the notebooks' fragment, whether or not the Makefile includes it yet."""
    included = "mk/notebooks.mk" in (PROJ_ROOT / "Makefile").read_text(encoding="utf-8")
    files = [] if included else ["-f", "Makefile", "-f", "mk/notebooks.mk"]
    return ["make", "--no-print-directory", *files, *targets]


@pytest.fixture(scope="module")
def pipeline_outputs(demo_params):
    """The processed tables the notebooks read: made by ``make`` for the suite's demo study,
    in its temporary folder."""
    run = subprocess.run(
        make_command(f"PARAMS={demo_params}", "notebook-inputs"),
        cwd=PROJ_ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return load_config().processed_dir


class LabServer:
    """The server ``make lab`` starts, on a free local port with a token."""

    def __init__(self, home: Path) -> None:
        self.port = free_port()
        self.token = uuid.uuid4().hex
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            # As `make` runs the notebooks (mk/notebooks.mk: NOTEBOOK_ENV).
            "TQDM_DISABLE": "1",
            "PYTHONWARNINGS": "ignore:IProgress not found",
        }
        self.log = (home / "server.log").open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "jupyter"),
                "lab",
                f"--config={LAB_CONFIG}",
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
            ],
            cwd=PROJ_ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/api/status")
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the Jupyter server did not start: " + (home / "server.log").read_text()
                    ) from None
                time.sleep(0.5)

    def request(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def get(self, path: str):
        return self.request("GET", path)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class KernelChannel:
    """Runs code in a kernel over the server's websocket, collecting outputs as nbformat does."""

    def __init__(self, server: LabServer, kernel_id: str) -> None:
        import websocket

        self.session = uuid.uuid4().hex
        url = (
            f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels"
            f"?session_id={self.session}&token={server.token}"
        )
        self.ws = websocket.create_connection(url, timeout=600)

    def execute(self, code: str) -> tuple[dict, list]:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": "test",
                        "session": self.session,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        outputs, reply, idle = [], None, False
        while reply is None or not idle:
            message = json.loads(self.ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if message["channel"] == "shell" and kind == "execute_reply":
                reply = content
            elif kind == "status":
                idle = content["execution_state"] == "idle"
            elif kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append(nbformat.v4.output_from_msg(message))
        return reply, outputs

    def close(self) -> None:
        self.ws.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyter"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def executed(lab, pipeline_outputs, tmp_path_factory):
    """Every notebook opened through the server and run cell by cell in its own kernel, writing
    its reports to a temporary folder; then rendered to HTML as ``make`` renders it."""
    from nbconvert import HTMLExporter

    reports = tmp_path_factory.mktemp("reports")
    runs = {}
    for name in NAMES:
        model = lab.get(f"/api/contents/notebooks/{name}.py?type=notebook&content=1")
        notebook = nbformat.from_dict(model["content"])
        kernel = lab.request("POST", "/api/kernels", {"name": "python3", "path": "notebooks"})
        channel = KernelChannel(lab, kernel["id"])
        replies = []
        try:
            for cell in notebook.cells:
                if cell.cell_type != "code":
                    continue
                reply, cell.outputs = channel.execute(cell.source)
                replies.append((cell.source, reply, cell.outputs))
                if "parameters" in cell.metadata.get("tags", []):
                    # What papermill does: a cell after the parameters that overrides them.
                    reply, _ = channel.execute(f"reports = {str(reports)!r}")
                    replies.append(("reports = ...", reply, []))
        finally:
            channel.close()
            lab.request("DELETE", f"/api/kernels/{kernel['id']}")
        html, _ = HTMLExporter(template_file=str(HTML_TEMPLATE)).from_notebook_node(notebook)
        (reports / "notebooks" / f"{name}.html").write_text(html, encoding="utf-8")
        runs[name] = {"model": model, "replies": replies}
    return reports, runs


@pytest.mark.slow
def test_lab_opens_py_notebooks_as_notebooks_through_jupytext(lab):
    for name in NAMES:
        model = lab.get(f"/api/contents/notebooks/{name}.py?type=notebook&content=1")
        assert model["type"] == "notebook" and model["format"] == "json"
        notebook = nbformat.from_dict(model["content"])
        nbformat.validate(notebook)
        assert len(parameters_cells(notebook)) == 1
        assert notebook.metadata["jupytext"]["text_representation"]["format_name"] == "percent"
    # The project's overrides.json becomes the setting's default: .py opens as a notebook.
    settings = lab.get("/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
    viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
    assert viewers["python"] == "Jupytext Notebook"


@pytest.mark.slow
def test_every_code_cell_of_every_notebook_runs_without_error_in_a_lab_kernel(executed):
    _, runs = executed
    for name, run in runs.items():
        for source, reply, outputs in run["replies"]:
            errors = [o for o in outputs if o.output_type == "error"]
            assert reply["status"] == "ok", f"{name}: {source[:200]}\n{reply}"
            assert errors == [], f"{name}: {source[:200]}"


@pytest.mark.slow
def test_notebooks_write_every_output_their_manifests_list(executed):
    reports, _ = executed
    manifests = sorted((reports / "notebooks").glob("*.manifest.json"))
    assert [m.name.split(".")[0] for m in manifests] == NAMES
    kinds = set()
    for manifest in manifests:
        for output in json.loads(manifest.read_text())["outputs"]:
            kinds.add(output["kind"])
            assert output["caption"] and output["inputs"], output["name"]
            for file in output["files"]:
                assert (reports / file).is_file(), file
    assert kinds == {"figure", "table", "interactive", "document"}
    for png in (reports / "figures").glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    post = (reports / "blog" / "post.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\((\.\./[^)]+)\)", post):
        assert (reports / "blog" / target).resolve().is_file(), target
    readme = write_reports_readme(reports).read_text(encoding="utf-8")
    assert "event_holding_consequences" in readme and "topic_words" in readme


class Chromium:
    """Headless Chromium driven over the DevTools protocol (websocket-client)."""

    def __init__(self, binary: str, profile: Path) -> None:
        import websocket

        self.port = free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={profile}",
                f"--remote-debugging-port={self.port}",
                "--remote-allow-origins=*",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list") as r:
                    pages = [t for t in json.load(r) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start")
            time.sleep(0.3)
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=120, suppress_origin=True
        )
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )

    def send(self, method: str, params: dict | None = None) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            self.events.append(json.loads(self.ws.recv()))

    def load(self, url: str, settle: float = 1.5) -> list[str]:
        """Open ``url``; the console errors, failed loads and exceptions while it loads."""
        self.events = []
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")
        self.send("Runtime.evaluate", {"expression": "1", "awaitPromise": False})
        time.sleep(settle)
        self.send("Runtime.evaluate", {"expression": "1"})  # collect what came meanwhile
        problems = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                problems.append(
                    "console: " + " ".join(str(a.get("value", a)) for a in params["args"])
                )
            elif method == "Runtime.exceptionThrown":
                problems.append("exception: " + json.dumps(params["exceptionDetails"])[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                entry = params["entry"]
                problems.append(f"log: {entry['text']} {entry.get('url', '')}")
        return problems

    def evaluate(self, expression: str):
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})[
            "result"
        ].get("value")

    def screenshot(self, path: Path, max_height: int = 6000) -> None:
        height = min(int(self.evaluate("document.documentElement.scrollHeight")), max_height)
        shot = self.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1},
            },
        )
        path.write_bytes(b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("Chromium is not installed: run `make chromium` (apt-get install chromium)")
    browser = Chromium(binary, tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def served_reports(executed):
    """The temporary reports folder over HTTP, as a reader's browser would fetch it."""
    reports, _ = executed
    handler = partial(QuietHandler, directory=str(reports))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield reports, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder without logging; answers the browser's own favicon request with
    "no content", so that only the pages' own failures count."""

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


def screenshot_dir() -> Path:
    """``$NOTEBOOK_SCREENSHOTS``, or beside the suite's demo reports (never the working tree)."""
    default = load_config().reports_dir / "screenshots"
    folder = Path(os.environ.get("NOTEBOOK_SCREENSHOTS", default))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.slow
def test_html_renders_load_in_chromium_without_console_errors(served_reports, chromium):
    reports, base = served_reports
    shots = screenshot_dir()
    for name in NAMES:
        problems = chromium.load(f"{base}/notebooks/{name}.html", settle=3)
        assert problems == [], name
        assert chromium.evaluate("document.querySelectorAll('.jp-Cell').length") > 3
        broken = chromium.evaluate(
            "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).length"
        )
        assert broken == 0, name
        chromium.screenshot(shots / f"notebook_{name}.png")


@pytest.mark.slow
def test_interactive_topic_views_draw_offline_in_chromium_without_console_errors(
    served_reports, chromium
):
    reports, base = served_reports
    shots = screenshot_dir()
    views = sorted((reports / "figures" / "interactive").glob("*.html"))
    assert [v.stem for v in views] == ["document_map", "topic_map", "topic_words"]
    for view in views:
        text = view.read_text(encoding="utf-8")
        # plotly.js is inside the file: no script is fetched from anywhere.
        assert re.search(r"<script[^>]*\bsrc=", text) is None
        assert "Plotly.newPlot" in text
        problems = chromium.load(f"{base}/figures/interactive/{view.name}", settle=2)
        assert problems == [], view.name
        traces = chromium.evaluate(f"document.getElementById('{view.stem}').data.length")
        assert traces and traces > 0, view.name
        assert chromium.evaluate(f"document.querySelectorAll('#{view.stem} .main-svg').length")
        chromium.screenshot(shots / f"view_{view.stem}.png", max_height=900)


def test_assisted_evaluation_table_names_codes_or_themes():
    from analysis.compare._assisted_evaluate import EVALUATION_COLUMNS
    from analysis.reports import assisted_evaluation_table

    evaluation = pd.DataFrame([["HOLD", 10, 4, 5, 0.5, 0.6, 0.75, None, 8, 0.4, ""]],
                              columns=list(EVALUATION_COLUMNS))  # fmt: skip
    table = assisted_evaluation_table(evaluation, {"HOLD": "Holding"}, level="Theme")
    assert table.columns[:2].tolist() == ["Theme", "Name"]
    assert table.iloc[0, 1] == "Holding" and table["Kappa vs coder (held-out documents)"][0] == 0.5
    assert assisted_evaluation_table(evaluation)["Name"][0] == "HOLD"  # no names: the id
