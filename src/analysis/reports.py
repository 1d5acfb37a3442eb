"""Publication outputs of the notebooks: a registry of every figure and table, and its README.

The notebooks in ``notebooks/`` draw figures with :mod:`analysis.figures` and build tables with
:mod:`analysis.tables`; a :class:`ReportRegistry` saves them (through
:func:`~analysis.figures.save_figure` and :func:`~analysis.tables.write_table`) and records each
one with its caption, the notebook that made it and the inputs it was made from, in a manifest
per notebook (``reports/notebooks/<notebook>.manifest.json``). :func:`write_reports_readme`
turns the manifests into ``reports/README.md``, the list a reader of ``reports/`` starts from.

The rest serves ``make``: :func:`strip_notebook` removes what changes from run to run in an
executed notebook (timestamps, durations, random cell ids), so that two runs give the same bytes;
:func:`papermill_parameters` gives the notebooks' parameters from ``params.yaml``. Run
``python -m analysis.reports --help`` for the command line that ``mk/notebooks.mk`` calls.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError
from analysis.labels import escape_markdown, p_cell, points_interval, shorten

__all__ = [
    "and_join",
    "event_table_output",
    "ReportRegistry",
    "differences_table",
    "exemplar_quotes",
    "markdown_image",
    "markdown_table",
    "next_to_code_table",
    "papermill_parameters",
    "quote_attribution",
    "strip_notebook",
    "topic_views",
    "topics_with_quotes",
    "write_plotly_html",
    "write_reports_readme",
]

#: Where outputs go under the reports folder, by kind.
FOLDERS = {"figure": "figures", "table": "tables", "interactive": "figures/interactive"}
#: Section titles of ``reports/README.md``, in order.
KIND_TITLES = {
    "figure": "Figures",
    "table": "Tables",
    "interactive": "Interactive views",
    "document": "Documents",
}
MANIFEST_SUFFIX = ".manifest.json"


def _relative(path: str | Path, start: str | Path) -> str:
    """``path`` relative to ``start``, with forward slashes (the same on every machine)."""
    return Path(os.path.relpath(Path(path).resolve(), Path(start).resolve())).as_posix()


@dataclass
class Output:
    """One figure, table, interactive view or document a notebook made."""

    kind: str
    name: str
    caption: str
    files: list[str]
    inputs: list[str]


@dataclass
class ReportRegistry:
    """Saves a notebook's figures and tables and records each in the notebook's manifest.

    Parameters
    ----------
    reports_dir : str or Path
        The reports folder (``paths.reports`` of ``params.yaml``).
    notebook : str
        The notebook's name, e.g. ``"01_corpus"``; its source is ``notebooks/<notebook>.py``.
    root : str or Path
        The project root: inputs are recorded relative to it.

    Notes
    -----
    Every call rewrites the manifest ``<reports_dir>/notebooks/<notebook>.manifest.json``, so it
    always lists what this run of the notebook has made so far, in the order it made them; file
    paths in it are relative to ``reports_dir``, inputs relative to ``root``. Creating the
    registry removes the files the notebook's previous run listed there, so a figure or table
    this run does not make (a section the study lacks) is not left behind from an earlier run.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     registry = ReportRegistry(folder, "00_example", root=folder)
    ...     paths = registry.table(pd.DataFrame({"a": [1]}), "example", caption="An example.",
    ...                            inputs=[], formats=("csv",))
    ...     print(registry.manifest_path.name, [p.name for p in paths])
    00_example.manifest.json ['example.csv']
    """

    reports_dir: Path
    notebook: str
    root: Path
    outputs: list[Output] = field(default_factory=list)
    #: Sections left out because the study lacks what they need: ``{"section", "reason"}``.
    skipped: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reports_dir = Path(self.reports_dir)
        self.root = Path(self.root)
        self._remove_previous_run()

    def _remove_previous_run(self) -> None:
        """Delete what the manifest of this notebook's previous run lists (inside reports_dir)."""
        try:
            previous = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        inside = self.reports_dir.resolve()
        for output in previous.get("outputs", []):
            for name in output.get("files", []):
                path = (self.reports_dir / name).resolve()
                if path.is_relative_to(inside) and path.is_file():
                    path.unlink()
        self.manifest_path.unlink(missing_ok=True)

    @property
    def manifest_path(self) -> Path:
        return self.reports_dir / "notebooks" / f"{self.notebook}{MANIFEST_SUFFIX}"

    def figure(
        self, fig, name: str, *, caption: str, inputs: Iterable[str | Path], **save_kwargs
    ) -> SavedFiles:
        """Save a matplotlib figure as PNG (300 dpi), SVG and PDF in ``figures/`` and record it.

        The figure stays open, so a notebook shows it below the cell.
        """
        from analysis.figures import save_figure

        paths = save_figure(fig, self.reports_dir / FOLDERS["figure"] / name, **save_kwargs)
        self._record("figure", name, caption, paths, inputs)
        return SavedFiles(paths, self.root)

    def table(
        self,
        table: pd.DataFrame,
        name: str,
        *,
        caption: str,
        inputs: Iterable[str | Path],
        **write_kwargs,
    ) -> SavedFiles:
        """Write a table as CSV, Markdown, LaTeX and Word in ``tables/`` and record it."""
        from analysis.tables import write_table

        stem = self.reports_dir / FOLDERS["table"] / name
        paths = write_table(table, stem, caption=caption, **write_kwargs)
        self._record("table", name, caption, paths, inputs)
        return SavedFiles(paths, self.root)

    def interactive(
        self, fig, name: str, *, caption: str, inputs: Iterable[str | Path]
    ) -> InteractiveView:
        """Write a plotly figure as standalone HTML (plotly.js embedded) and record it.

        Returns
        -------
        InteractiveView
            Displayed by a notebook as the live figure in JupyterLab and as a frame holding the
            standalone file in the HTML render of the executed notebook.
        """
        path = self.reports_dir / FOLDERS["interactive"] / f"{name}.html"
        write_plotly_html(fig, path, div_id=name)
        self._record("interactive", name, caption, [path], inputs)
        rendered_from = self.reports_dir / "notebooks"
        return InteractiveView(fig, _relative(path, rendered_from))

    def document(self, path: str | Path, *, caption: str, inputs: Iterable[str | Path]) -> Path:
        """Record a file the notebook wrote itself (e.g. a blog post)."""
        path = Path(path)
        self._record("document", path.stem, caption, [path], inputs)
        return path

    def needs(self, *inputs: str | Path | bool, section: str, what: str) -> bool:
        """Whether a section can be made: every input is an existing file (or a true condition).

        When one is missing, prints one line (shown in the notebook and its HTML render), records
        the section in the manifest as left out (``reports/README.md`` lists it) and returns
        False, so the notebook goes on to its next section instead of failing or showing an
        earlier study's table.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     registry = ReportRegistry(folder, "00_example", root=folder)
        ...     registry.needs(Path(folder) / "agreement.csv", section="Agreement",
        ...                    what="codings by two coders")
        Agreement: left out, the study has no codings by two coders (agreement.csv is missing).
        False
        """
        missing = [
            Path(item).name if not isinstance(item, bool) else None
            for item in inputs
            if (item is False) or (not isinstance(item, bool) and not Path(item).is_file())
        ]
        if not missing:
            return True
        files = [name for name in missing if name]
        because = (
            f" ({', '.join(files)} {'is' if len(files) == 1 else 'are'} missing)" if files else ""
        )
        print(f"{section}: left out, the study has no {what}{because}.")
        self.skipped = [entry for entry in self.skipped if entry["section"] != section]
        self.skipped.append({"section": section, "reason": f"the study has no {what}"})
        self.write_manifest()
        return False

    def _record(
        self,
        kind: str,
        name: str,
        caption: str,
        paths: Sequence[Path],
        inputs: Iterable[str | Path],
    ) -> None:
        if not caption or not str(caption).strip():
            raise InputError(
                f"ReportRegistry: {kind} {name!r} has no caption",
                expected="caption='what the reader sees, in a sentence'",
            )
        output = Output(
            kind=kind,
            name=name,
            caption=str(caption).strip(),
            files=[_relative(p, self.reports_dir) for p in paths],
            inputs=sorted({_relative(p, self.root) for p in inputs}),
        )
        self.outputs = [o for o in self.outputs if (o.kind, o.name) != (kind, name)]
        self.outputs.append(output)
        self.write_manifest()

    def write_manifest(self) -> Path:
        """Write the manifest (done after every recorded output); returns its path."""
        data = {
            "notebook": f"notebooks/{self.notebook}.py",
            "outputs": [asdict(o) for o in self.outputs],
            "skipped": self.skipped,
        }
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        self.manifest_path.write_text(text, encoding="utf-8")
        return self.manifest_path


class SavedFiles(list):
    """The files one output was saved to (a list of paths), shown in a notebook by where they
    are relative to the project, not by absolute paths that differ between checkouts."""

    def __init__(self, paths: Iterable[Path], root: Path) -> None:
        super().__init__(paths)
        self.root = root

    def _names(self) -> list[str]:
        return [_relative(p, self.root) for p in self]

    def __repr__(self) -> str:
        return "Saved: " + ", ".join(self._names())

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_markdown_(self) -> str:
        return "Saved: " + ", ".join(f"`{name}`" for name in self._names())


class InteractiveView:
    """A plotly figure as a notebook shows it: live in JupyterLab, framed in an HTML render.

    The mime bundle carries both plotly's own JSON (JupyterLab's plotly extension draws it) and
    an ``<iframe>`` of the standalone file (what ``nbconvert --to html`` keeps), so neither the
    executed notebook nor its render embeds plotly.js again.
    """

    def __init__(self, fig, src: str, height: int = 640) -> None:
        self.fig = fig
        self.src = src
        self.height = height

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        frame = (
            f'<iframe src="{self.src}" width="100%" height="{self.height}" '
            'style="border: none;" title="interactive view"></iframe>'
        )
        return {
            "application/vnd.plotly.v1+json": json.loads(self.fig.to_json()),
            "text/html": frame,
            "text/plain": f"Interactive view: {self.src}",
        }


def write_plotly_html(fig, path: str | Path, *, div_id: str) -> Path:
    """Write a plotly figure as one standalone HTML file, the same bytes on every run.

    plotly.js is embedded (``include_plotlyjs=True``), so the file opens offline; the ``div``
    gets a fixed id instead of plotly's random one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = fig.to_html(
        include_plotlyjs=True,
        full_html=True,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )
    path.write_text(html, encoding="utf-8")
    return path


def topic_views(
    result,
    segments: pd.DataFrame,
    *,
    embedder,
    seed: int,
    top_n_topics: int | None = None,
    n_words: int = 8,
) -> dict[str, Any]:
    """BERTopic's interactive views of a fitted result, labelled and seeded.

    Parameters
    ----------
    result : analysis.topics.TopicResult
        A BERTopic result, as :meth:`TopicResult.load` reads it.
    segments : DataFrame
        The segments table (``segment_id``, ``text``) the result was fitted on.
    embedder : analysis.embed.Embedder
        Embeds the fitted segments for the document map (from its cache, when warm).
    seed : int
        Seeds the 2-D UMAP of the document map (BERTopic's own is unseeded).
    top_n_topics : int, optional
        Topics in the bar chart; default all.
    n_words : int, default 8
        Words per topic in the bar chart.

    Returns
    -------
    dict of str to plotly Figure
        ``topic_words`` (visualize_barchart), ``topic_map`` (visualize_topics: the intertopic
        distance map) and ``document_map`` (visualize_documents: the fitted segments in two
        dimensions, hover text cut to 120 characters), labelled with the topics table's labels.

    Raises
    ------
    InputError
        If the result is not a BERTopic one or its fitted segments are not all in ``segments``.
    """
    import numpy as np
    from umap import UMAP

    if result.method != "bertopic":
        raise InputError(
            f"topic_views: the interactive views need a BERTopic result, got {result.method!r}",
            expected="topics.method: bertopic",
        )
    model = result.model
    topics = result.topics
    labels = {
        int(t): f"{t}: {label}" for t, label in zip(topics["topic"], topics["label"], strict=True)
    }
    # BERTopic's document order: the segments it was fitted on, in the assignments' order.
    fitted = result.assignments.loc[result.assignments["excluded"].isna(), ["segment_id"]]
    fitted = fitted.merge(segments[["segment_id", "text"]], on="segment_id", how="left")
    if fitted["text"].isna().any() or len(fitted) != len(model.topics_):
        raise InputError(
            "topic_views: the segments do not hold every segment the topic model was fitted on",
            expected="the segments table of the study the model was fitted to",
        )
    texts = fitted["text"].astype(str).tolist()
    vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
    n_topics = int((topics["topic"] != -1).sum())
    # Subplot titles do not wrap in plotly: break long labels so neighbours do not overlap.
    model.set_topic_labels(
        {t: "<br>".join(textwrap.wrap(label, 30)) for t, label in labels.items()}
    )
    views = {
        "topic_words": model.visualize_barchart(
            top_n_topics=top_n_topics or n_topics,
            n_words=n_words,
            custom_labels=True,
            title="<b>Top words per topic (c-TF-IDF)</b>",
            width=300,
            height=320,
        )
    }
    # Room between the figure's title and the first row's two-line subplot titles.
    views["topic_words"].update_layout(margin={"t": 120})
    model.set_topic_labels(labels)
    views["topic_map"] = model.visualize_topics(
        custom_labels=True, title="<b>Intertopic distance map</b>"
    )
    # PCA initialisation: UMAP's default spectral one is not reproducible across processes when
    # the neighbour graph has several components, even with random_state set.
    reduced = UMAP(
        n_neighbors=15,
        n_components=2,
        min_dist=0.0,
        metric="cosine",
        init="pca",
        random_state=seed,
    ).fit_transform(vectors)
    # visualize_documents shuffles each topic's segments with numpy's global generator: seed
    # it for this call only, then put back whatever state the caller had.
    state = np.random.get_state()  # noqa: NPY002
    np.random.seed(seed % 2**32)  # noqa: NPY002
    try:
        views["document_map"] = model.visualize_documents(
            [shorten(t, 120) for t in texts],
            reduced_embeddings=reduced,
            custom_labels=True,
            hide_annotations=True,
            title="<b>Segments and topics</b> (hover for the text; click the legend to filter)",
        )
    finally:
        np.random.set_state(state)  # noqa: NPY002
    return views


def quote_attribution(quotes: pd.DataFrame) -> pd.Series:
    """Each quote's pseudonym and role as a reader sees them: ``"LW09, link worker"``.

    Event quotes carry no participant: their document (``"E3-notes"``) stands in.
    """
    who = quotes["participant_id"].astype(object).where(quotes["participant_id"].notna())
    who = who.fillna(quotes["doc_id"].astype(str))
    role = quotes["role"].fillna("").astype(str).str.replace("_", " ")
    role = role.str.replace(r"\bgp\b", "GP", regex=True).str.replace(
        r"\bvcse\b", "VCSE", regex=True
    )
    return who.astype(str) + ", " + role


def exemplar_quotes(quotes: pd.DataFrame, *, width: int = 220) -> pd.Series:
    """Each topic's most representative quote, cut to ``width`` characters, with its source.

    Parameters
    ----------
    quotes : DataFrame
        ``topic, rank, text, participant_id, doc_id, role`` (``topics/quotes.csv`` or
        ``compare/emergent_quotes.csv``); rank 1 is the quote kept.
    width : int, default 220
        Quotes are cut at a word boundary to at most this many characters.

    Returns
    -------
    Series
        By topic: the quote in curly quotes followed by pseudonym and role in brackets.
    """
    first = quotes.sort_values(["topic", "rank"], kind="stable").drop_duplicates("topic")
    text = [shorten(t, width) for t in first["text"]]
    quote = (
        "\u201c" + pd.Series(text, index=first.index) + "\u201d (" + quote_attribution(first) + ")"
    )
    return pd.Series(quote.to_numpy(), index=first["topic"].astype(int).to_numpy(), name="quote")


def assisted_evaluation_table(
    evaluation: pd.DataFrame, code_names: dict | None = None, *, level: str = "Code"
) -> pd.DataFrame:
    """:func:`analysis.compare.evaluate_suggester`'s table for people (``level`` names the
    first column: ``"Code"``, or ``"Theme"`` for the table by theme)."""
    names = code_names or {}
    columns = {
        level: evaluation["code_id"],
        "Name": evaluation["code_id"].map(lambda c: names.get(c, c)),
        "Test segments": evaluation["n_test"],
        "Coded by held-out coder": evaluation["n_human"],
        "Suggested": evaluation["n_suggested"],
        "Kappa vs coder (held-out documents)": evaluation["kappa"],
        "Precision": evaluation["precision"],
        "Recall": evaluation["recall"],
        "Kappa of second coder": evaluation["human_kappa"],
    }
    return pd.DataFrame(columns)


def next_to_code_table(
    ranked: pd.DataFrame,
    segments: pd.DataFrame,
    code_names: dict | None = None,
    *,
    top: int = 3,
    width: int = 140,
) -> pd.DataFrame:
    """:func:`analysis.compare.rank_uncoded`'s table for people: per code its ``top`` segments
    with their text and, as the reason, the text of the coded segment each is most like.

    Parameters
    ----------
    ranked : DataFrame
        ``code_id, rank, segment_id, probability, nearest_segment_id`` (``next_to_code.csv``).
    segments : DataFrame
        ``segment_id, text`` (pseudonymised, as ingest wrote them).
    code_names : dict, optional
        Code names by ``code_id``; default the ids.
    top : int, default 3
    width : int, default 140
        Texts are cut at a word boundary to at most this many characters.
    """
    names = code_names or {}
    texts = segments.set_index("segment_id")["text"]
    kept = ranked[ranked["rank"] <= top]

    def text_of(ids: pd.Series) -> list[str]:
        return [shorten(texts.get(i, ""), width) if pd.notna(i) else "" for i in ids]

    return pd.DataFrame(
        {
            "Code": [names.get(c, c) for c in kept["code_id"]],
            "Rank": kept["rank"].to_numpy(),
            "Segment": kept["segment_id"].to_numpy(),
            "Probability": kept["probability"].round(2).to_numpy(),
            "Text": text_of(kept["segment_id"]),
            "Most like (coded)": text_of(kept["nearest_segment_id"]),
        }
    )


def topics_with_quotes(
    topics: pd.DataFrame, quotes: pd.DataFrame, *, width: int = 220
) -> pd.DataFrame:
    """The topics table for a reader: label, size, share and its most representative quote.

    Parameters
    ----------
    topics : DataFrame
        ``topic, size, share, label`` (the topics stage's table); the outliers are left out.
    quotes : DataFrame
        ``topics/quotes.csv``, as :func:`exemplar_quotes` takes it.
    width : int, default 220
        Quotes are cut at a word boundary to at most this many characters.

    Returns
    -------
    DataFrame
        ``Topic, Label, Top words`` (the first five), ``Segments, Share (%)``, ``Stability``
        (mean Jaccard under resampling, when the table has it) and ``Exemplar quote``, in topic
        order; the quote ends with its pseudonym and role in brackets.
    """
    table = topics[topics["topic"] != -1]
    quote = exemplar_quotes(quotes, width=width)
    words = table["words"] if "words" in table.columns else pd.Series("", index=table.index)
    return pd.DataFrame(
        {
            "Topic": table["topic"].astype(int).to_numpy(),
            "Label": table["label"].to_numpy(),
            "Top words": [", ".join(str(w).split("; ")[:5]) for w in words.fillna("")],
            "Segments": table["size"].astype(int).to_numpy(),
            "Share (%)": (100 * table["share"]).round(1).to_numpy(),
            **(
                {"Stability": table["stability"].astype("Float64").round(2).to_numpy()}
                if "stability" in table.columns
                else {}
            ),
            "Exemplar quote": table["topic"].astype(int).map(quote).fillna("").to_numpy(),
        }
    )


def differences_table(
    differences: pd.DataFrame, *, n: int = 8, a: str = "Interviews", b: str = "Events"
) -> pd.DataFrame:
    """The ``n`` largest topic or code differences between two sources, for a reader.

    Parameters
    ----------
    differences : DataFrame
        :func:`analysis.prevalence.prevalence_difference` output: ``prevalence_a``,
        ``prevalence_b``, ``difference``, ``ci_low``, ``ci_high``, ``p_adjusted``, and ``topic``
        with ``label`` or ``code_id``.
    n : int, default 8
        Rows kept, largest absolute difference first.
    a, b : str
        Names of the two sources (columns of the table).

    Returns
    -------
    DataFrame
        The item, its prevalence in each source (%), the difference in percentage points with
        its interval, the Holm-adjusted permutation p, and for topics with a ``stable`` column
        whether the topic comes back when the model is refitted to resampled segments
        ("yes"/"no": an unstable topic's difference is not a finding).
    """
    table = differences.reindex(
        differences["difference"].abs().sort_values(ascending=False, kind="stable").index
    ).head(n)
    if "topic" in table.columns:
        item = {"Topic": table["topic"].astype(int).to_numpy(), "Label": table["label"].to_numpy()}
    else:
        item = {"Code": table["code_id"].to_numpy()}
    return pd.DataFrame(
        {
            **item,
            f"{a} (%)": (100 * table["prevalence_a"]).round(1).to_numpy(),
            f"{b} (%)": (100 * table["prevalence_b"]).round(1).to_numpy(),
            "Difference (points, 95% CI)": [
                points_interval(*row)
                for row in table[["difference", "ci_low", "ci_high"]].itertuples(index=False)
            ],
            "p (Holm)": [p_cell(p) for p in table["p_adjusted"].to_numpy()],
            **({"Stable": _yes_no(table["stable"])} if "stable" in table.columns else {}),
        }
    )


def _yes_no(values: pd.Series) -> list[str]:
    """ "yes", "no" or "" (missing) for a column of flags."""
    return ["" if pd.isna(v) else "yes" if bool(v) else "no" for v in values]


def and_join(items: Iterable[object]) -> str:
    """Items as prose: ``"a"``, ``"a and b"``, ``"a, b and c"``.

    >>> and_join(["training", "referrals", "where patients are seen"])
    'training, referrals and where patients are seen'
    """
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def event_table_output(table: str, part: str) -> str:
    """The name the events notebook gives a figure or table of one declared event table.

    ``part`` is a scale column or ``"quotes"``; the blog post finds the files by the same name.

    >>> event_table_output("ratings", "agreement level"), event_table_output("flipcharts", "quotes")
    ('event_ratings_agreement_level', 'event_flipcharts_quotes')
    """
    return f"event_{table}_{re.sub(r'[^0-9A-Za-z]+', '_', part)}"


def markdown_image(path: str | Path, caption: str, *, relative_to: str | Path) -> str:
    """A Markdown image of ``path`` as seen from the folder ``relative_to``, captioned."""
    return f"![{caption}]({_relative(path, relative_to)})\n\n*{caption}*\n"


def markdown_table(stem: str | Path, *, relative_to: str | Path) -> str:
    """A table written by :func:`~analysis.tables.write_table`, inlined from its ``.md`` file,
    with links to its CSV and Word versions relative to ``relative_to``."""
    stem = Path(stem)
    text = stem.with_suffix(".md").read_text(encoding="utf-8")
    links = " · ".join(
        f"[{fmt.upper()}]({_relative(stem.with_suffix('.' + fmt), relative_to)})"
        for fmt in ("csv", "docx")
        if stem.with_suffix("." + fmt).is_file()
    )
    return text + (f"\n({links})\n" if links else "")


# --- For make: parameters in, deterministic notebooks out -------------------------------------

#: Notebook and cell metadata that change from run to run (papermill and nbclient add them).
VOLATILE_METADATA = ("papermill", "execution", "collapsed", "scrolled")


def strip_notebook(source: str | Path, target: str | Path | None = None) -> Path:
    """Remove what changes between runs from an executed notebook; write it to ``target``.

    Drops papermill's notebook and cell metadata (start and end times, durations, the paths it
    ran with), nbclient's execution timestamps and widget state, and replaces the random cell
    ids nbformat gives cells with ids derived from each cell's position and source. Outputs are
    kept: they are the results.

    Returns
    -------
    Path
        ``target`` (default: ``source``, rewritten in place).
    """
    source = Path(source)
    target = Path(target) if target is not None else source
    notebook = json.loads(source.read_text(encoding="utf-8"))
    metadata = notebook.get("metadata", {})
    for key in (*VOLATILE_METADATA, "widgets"):
        metadata.pop(key, None)
    for index, cell in enumerate(notebook.get("cells", [])):
        for key in VOLATILE_METADATA:
            cell.get("metadata", {}).pop(key, None)
        text = "".join(cell.get("source", ""))
        digest = hashlib.sha1(f"{index}\0{text}".encode()).hexdigest()[:8]
        cell["id"] = f"cell-{index:03d}-{digest}"
    text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def papermill_parameters(config) -> list[str]:
    """The notebooks' parameters from a :class:`~analysis.config.Config`, as papermill options.

    Paths stay as ``params.yaml`` writes them (relative to the project root), so executed
    notebooks do not record where the project was checked out.

    Examples
    --------
    >>> from analysis.config import Config
    >>> " ".join(papermill_parameters(Config()))
    '-p seed 20231115 -p study demo -p processed data/processed/demo -p reports reports/demo'
    """
    return [
        *("-p", "seed", str(config.seed)),
        *("-p", "study", config.study),
        *("-p", "processed", config.processed_path),
        *("-p", "reports", config.reports_path),
    ]


def _readme_link(path: str) -> str:
    suffix = Path(path).suffix.lstrip(".").upper() or path
    return f"[{suffix}]({path})"


def write_reports_readme(
    reports_dir: str | Path, *, manifests: Sequence[str | Path] | None = None
) -> Path:
    """Write ``<reports_dir>/README.md``: every figure, table, view and document, with its
    caption, the notebook that made it and its inputs, from the notebooks' manifests.

    Parameters
    ----------
    reports_dir : str or Path
        The reports folder.
    manifests : sequence of paths, optional
        The manifests to list; default every ``notebooks/*.manifest.json`` under
        ``reports_dir``, in name order.

    Returns
    -------
    Path
        The README's path.
    """
    reports_dir = Path(reports_dir)
    if manifests is None:
        manifests = sorted((reports_dir / "notebooks").glob(f"*{MANIFEST_SUFFIX}"))
    entries: dict[str, list[tuple[str, dict[str, Any]]]] = {kind: [] for kind in KIND_TITLES}
    notebooks, skipped = [], []
    for manifest in manifests:
        data = json.loads(Path(manifest).read_text(encoding="utf-8"))
        notebook = data["notebook"]
        notebooks.append(notebook)
        for output in data["outputs"]:
            entries.setdefault(output["kind"], []).append((notebook, output))
        skipped += [(notebook, entry) for entry in data.get("skipped", [])]

    lines = [
        "# Reports",
        "",
        "Every figure and table here is written by code: `make all` runs the notebooks in "
        "`notebooks/` on the study named in `params.yaml`. Do not edit these files by hand; "
        "this list is regenerated from the notebooks' manifests "
        "(`notebooks/*.manifest.json`).",
        "",
        "Executed notebooks, with their narrative and every output, are in `notebooks/`: "
        + ", ".join(
            f"[{Path(nb).stem}](notebooks/{Path(nb).stem}.html)" for nb in sorted(notebooks)
        )
        + ".",
        "",
    ]
    for kind, title in KIND_TITLES.items():
        rows = entries.get(kind, [])
        if not rows:
            continue
        lines += [
            f"## {title}",
            "",
            "| Name | Caption | Files | Notebook | Inputs |",
            "|---|---|---|---|---|",
        ]
        for notebook, output in rows:
            files = " · ".join(_readme_link(f) for f in output["files"])
            inputs = "<br>".join(f"`{i}`" for i in output["inputs"]) or "–"
            lines.append(
                f"| {escape_markdown(output['name'])} | {escape_markdown(output['caption'])} | {files} "
                f"| `{notebook}` | {inputs} |"
            )
        lines.append("")
    if skipped:
        lines += [
            "## Not made for this study",
            "",
            "Sections the notebooks left out because the study lacks what they need.",
            "",
            "| Section | Why | Notebook |",
            "|---|---|---|",
        ]
        lines += [
            f"| {escape_markdown(e['section'])} | {escape_markdown(e['reason'])} | `{nb}` |"
            for nb, e in skipped
        ]
        lines.append("")
    path = reports_dir / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """The command line ``mk/notebooks.mk`` calls: ``strip``, ``readme``, ``parameters``."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.reports",
        description="Helpers that make the notebooks' outputs reproducible.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    strip = commands.add_parser(
        "strip", help="remove run-to-run metadata from an executed notebook"
    )
    strip.add_argument("source", type=Path)
    strip.add_argument("target", type=Path, nargs="?")
    readme = commands.add_parser("readme", help="write <reports>/README.md from the manifests")
    readme.add_argument("reports", type=Path)
    readme.add_argument("manifests", type=Path, nargs="*")
    params = commands.add_parser("parameters", help="print papermill -p options from params.yaml")
    params.add_argument("--params", type=Path, default=None, help="default: params.yaml")
    args = parser.parse_args(argv)
    if args.command == "strip":
        strip_notebook(args.source, args.target)
    elif args.command == "readme":
        write_reports_readme(args.reports, manifests=args.manifests or None)
    else:
        from analysis.config import load_config

        print(" ".join(papermill_parameters(load_config(args.params))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
