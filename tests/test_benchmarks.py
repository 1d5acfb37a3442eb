"""``benchmarks/run.py`` (``make bench``): its quick mode writes a report with every section.

The sections run for real on tiny sizes; the figures are not checked (machines differ), only that
each section is measured or explicitly skipped, in both the JSON and the Markdown.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "benchmarks" / "run.py"
SECTIONS = ("embedding", "topics", "compare", "make", "quality", "assisted", "octis")

sys.path.insert(0, str(ROOT / "benchmarks"))


def run_bench(out: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--out", str(out), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((out / "benchmarks.json").read_text(encoding="utf-8"))
    markdown = (out / "benchmarks.md").read_text(encoding="utf-8")
    assert markdown in done.stdout  # the report is printed as well as written
    assert set(results["sections"]) == set(SECTIONS)
    for name, section in results["sections"].items():
        assert section["status"] in ("ok", "skipped"), (name, section)
        if section["status"] == "skipped":
            assert section["why"] and section["why"] in markdown
    return results, markdown


def test_report_marks_every_section_measured_or_skipped():
    from _report import SECTION_TITLES, markdown

    results = {
        "meta": {"command": "run.py", "started": "now", "machine": "here", "total_s": 1.0},
        "sections": {name: {"status": "skipped", "why": f"{name} left out"} for name in SECTIONS},
    }
    text = markdown(results)
    for name in SECTIONS:
        assert f"## {SECTION_TITLES[name]}" in text
        assert f"**skipped**: {name} left out" in text


def test_quick_run_writes_json_and_markdown_with_missing_corpus_skipped(tmp_path):
    missing = tmp_path / "no_octis_here"
    results, markdown = run_bench(
        tmp_path / "out", "--sections", "embedding,octis", "--embed-texts", "16",
        "--octis-dir", str(missing),
    )  # fmt: skip
    sections = results["sections"]
    assert sections["embedding"]["status"] == "ok"
    assert {t["target"] for t in sections["embedding"]["targets"]} == {
        "cold throughput >= 0.95x sentence-transformers directly",
        "warm re-run >= 10x faster than cold",
    }
    assert sections["octis"]["status"] == "skipped"
    assert str(missing) in sections["octis"]["why"]  # says where to put the corpus
    assert sections["make"]["status"] == "skipped"
    assert "| cold throughput >= 0.95x" in markdown


@pytest.mark.slow
def test_quick_topic_and_compare_sections_measure_both_contenders(tmp_path):
    results, markdown = run_bench(
        tmp_path / "out", "--sections", "topics,compare", "--sizes", "200", "--no-profile"
    )
    (row,) = results["sections"]["topics"]["rows"]
    assert row["segments"] >= 200
    assert row["ours_s"] > 0 and row["plain_s"] > 0 and row["ratio_vs_plain"] > 0
    assert row["ours_peak_mb"] > 0
    (compared,) = results["sections"]["compare"]["rows"]
    assert compared["participant_segments"] == row["segments"]
    assert compared["tables_written"] > 1
    assert "ours / BERTopic()" in markdown
