"""Reading the processed tables back: what later stages and notebooks start from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import InputError

__all__ = ["Processed", "load_processed"]


@dataclass
class Processed:
    """The tables ``analysis ingest`` wrote to ``data/processed`` (see DESIGN.md)."""

    folder: Path
    segments: pd.DataFrame
    participants: pd.DataFrame
    codings: pd.DataFrame
    coverage: pd.DataFrame
    coded_ranges: pd.DataFrame
    codebook: pd.DataFrame | None
    codebooks: dict[str, pd.DataFrame] = field(default_factory=dict)
    interviews: pd.DataFrame = field(default_factory=pd.DataFrame)
    events: dict[str, pd.DataFrame] = field(default_factory=dict)

    def documents(self) -> dict[str, str]:
        """The pseudonymised documents segment offsets point into, by doc_id."""
        folder = self.folder / "documents"
        return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def load_processed(folder: str | Path) -> Processed:
    """Read the ingest stage's tables from ``folder`` (``data/processed``).

    Raises
    ------
    InputError
        When the folder has no segments table: run ``analysis ingest`` (or ``make``) first.
    """
    folder = Path(folder)
    if not (folder / "segments.parquet").is_file():
        raise InputError(
            "no segments table",
            path=folder,
            expected="the output of `analysis ingest` (run `make ingest` first)",
        )

    def read(name: str) -> pd.DataFrame:
        path = folder / name
        return pd.read_parquet(path) if path.is_file() else pd.DataFrame()

    codebook_path = folder / "codebook.parquet"
    return Processed(
        folder=folder,
        segments=read("segments.parquet"),
        participants=read("participants.parquet"),
        codings=read("codings.parquet"),
        coverage=read("coverage.parquet"),
        coded_ranges=read("coded_ranges.parquet"),
        codebook=pd.read_parquet(codebook_path) if codebook_path.is_file() else None,
        codebooks={
            p.stem: pd.read_parquet(p) for p in sorted((folder / "codebooks").glob("*.parquet"))
        },
        interviews=read("interviews.parquet"),
        events=_read_events(folder / "events"),
    )


def _read_events(folder: Path) -> dict[str, pd.DataFrame]:
    """The event tables, with declared values as categoricals in the study's order.

    ``events/vocabulary.json`` lists each table's declared values (scales ordered), so that
    tables and figures show stakeholders and scale points in the study's order.
    """
    from analysis.events import with_vocabulary

    tables = {path.stem: pd.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}
    vocabulary_path = folder / "vocabulary.json"
    if not vocabulary_path.is_file():
        return tables
    vocabulary = json.loads(vocabulary_path.read_text(encoding="utf-8"))
    return {
        name: with_vocabulary(table, vocabulary.get(name, {})) for name, table in tables.items()
    }
