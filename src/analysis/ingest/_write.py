"""Write an ingest result to ``data/processed`` (the only place ingest writes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from analysis.io import package_versions, replace_outputs, write_csv, write_json, write_parquet

__all__ = ["write_ingest"]


def write_ingest(result, out_dir: str | Path, *, settings: dict | None = None) -> list[Path]:
    """Write every table of an :class:`IngestResult` and the report; return the paths written.

    Layout: ``segments.parquet`` (and ``segments.csv`` for people), ``participants.parquet``,
    ``interviews.parquet``, ``codebook.parquet`` (the version the codings use) and
    ``codebooks/<file>.parquet`` (all versions), ``codings.parquet``, ``coverage.parquet``
    (which documents each coder coded), ``coded_ranges.parquet`` (coded character ranges in the
    pseudonymised documents), ``events/*.parquet`` (``events`` and each declared event table)
    with ``events/vocabulary.json`` (each table's declared values in order, for tables and
    figures to order by), ``tables/<name>.parquet`` (the study's declared tables), ``documents/<doc_id>.txt`` (the
    pseudonymised source documents segment offsets point into), ``set_aside.csv``,
    ``ingest_report.md`` and ``ingest_report.json``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        write_parquet(result.segments, out / "segments.parquet"),
        write_csv(result.segments, out / "segments.csv"),
        write_parquet(result.participants, out / "participants.parquet"),
        write_parquet(result.codings, out / "codings.parquet"),
        write_parquet(result.coverage, out / "coverage.parquet"),
        write_parquet(result.coded_ranges, out / "coded_ranges.parquet"),
    ]
    if len(result.interviews):
        written.append(write_parquet(result.interviews, out / "interviews.parquet"))
    if result.codebook is not None:
        written.append(write_parquet(result.codebook, out / "codebook.parquet"))
    shutil.rmtree(out / "codebooks", ignore_errors=True)
    for name, book in sorted(result.codebooks.items()):
        written.append(write_parquet(book, out / "codebooks" / f"{Path(name).stem}.parquet"))
    shutil.rmtree(out / "events", ignore_errors=True)
    if result.events is not None:
        tables = {"events": result.events.events, **result.events.tables}
        for name, table in tables.items():
            written.append(write_parquet(_plain(table), out / "events" / f"{name}.parquet"))
        vocabulary = result.events.vocabulary()
        written.append(write_json(vocabulary, out / "events" / "vocabulary.json"))
    shutil.rmtree(out / "tables", ignore_errors=True)
    for name, table in sorted(result.tables.items()):  # the study's declared tables
        written.append(write_parquet(_plain(table), out / "tables" / f"{name}.parquet"))
    shutil.rmtree(out / "documents", ignore_errors=True)
    for doc_id, text in sorted(result.documents.items()):
        path = out / "documents" / f"{doc_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written.append(write_csv(result.report.set_aside_table(), out / "set_aside.csv"))
    (out / "ingest_report.md").write_text(result.report.to_markdown(), encoding="utf-8")
    written.append(out / "ingest_report.md")
    summary = result.report.to_dict()
    summary["codebook"] = result.codebook_name
    summary["settings"] = settings or {}
    summary["versions"] = package_versions(
        ("analysis", "pandas", "pyarrow", "python-docx", "openpyxl")
    )
    written.append(write_json(summary, out / "ingest_report.json"))
    replace_outputs(out, "ingest", written)
    return written


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as text, so parquet round-trips without pandas-specific metadata surprises."""
    table = table.copy()
    for column in table.columns:
        if isinstance(table[column].dtype, pd.CategoricalDtype):
            table[column] = table[column].astype("string")
    return table
