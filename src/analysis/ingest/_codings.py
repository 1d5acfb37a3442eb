"""Codings onto segments: character ranges from CAQDAS exports, and segment-level tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.io import csv_header, read_csv_table

__all__ = ["check_coding_rows", "map_ranges", "read_codebooks", "read_codings"]

CODING_COLUMNS = ["segment_id", "code_id", "coder"]


def check_coding_rows(
    rows: pd.DataFrame,
    *,
    path: str,
    known_codes: set[str],
    on_bad: Callable[[InputError], None],
    known_ids: set[str],
    id_column: str,
) -> pd.DataFrame:
    """Keep the coding rows whose code, coder and target (document or segment) are known.

    ``on_bad`` receives an :class:`InputError` for each bad row: it raises it (stop on error) or
    records it as set aside.
    """
    keep = np.ones(len(rows), dtype=bool)
    for i, row in enumerate(rows.itertuples(index=False)):
        line = f"line {row.source_line}"
        target = getattr(row, id_column)
        problem = None
        if pd.isna(row.code_id) or pd.isna(row.coder) or pd.isna(target):
            problem = InputError(
                "incomplete coding",
                path=path,
                location=line,
                expected=f"{id_column}, code_id and coder filled",
            )
        elif row.code_id not in known_codes:
            problem = InputError(
                f"unknown code '{row.code_id}'",
                path=path,
                location=line,
                expected="a code_id of the codebook",
            )
        elif target not in known_ids:
            what = "document" if id_column == "doc_id" else "segment"
            problem = InputError(
                f"unknown {what} '{target}'",
                path=path,
                location=line,
                expected=f"a {id_column} of the ingested study",
            )
        if problem is not None:
            on_bad(problem)
            keep[i] = False
    return rows[keep]


def map_ranges(
    ranges: pd.DataFrame,
    segments: pd.DataFrame,
    documents: Mapping[str, object],
    *,
    path: str,
    on_bad: Callable[[InputError], None],
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Map coded character ranges onto the segments they cover.

    Parameters
    ----------
    ranges : DataFrame
        ``doc_id, char_start, char_end, code_id, coder, source_line`` with offsets into the document as
        read (before pseudonymisation).
    segments : DataFrame
        ``segment_id, doc_id, char_start, char_end`` with offsets into the pseudonymised document.
    documents : mapping
        doc_id → the document's :class:`~analysis.pseudonymise.Pseudonymised` result, whose
        ``map_span`` carries raw offsets to pseudonymised ones and whose original length bounds
        the ranges.

    Returns
    -------
    codings : DataFrame
        ``segment_id, code_id, coder, doc_id, source_line``: one row per segment a range codes.
    unmapped : list of (line, reason)
        Ranges that code no segment.

    Notes
    -----
    A segment is coded when the range covers at least half of the segment, or at least half of
    the range lies inside the segment. The first catches selections that span several turns; the
    second, a sentence selected inside a long turn.
    """
    out = []
    unmapped: list[tuple[int, str]] = []
    by_doc = {doc: part for doc, part in segments.groupby("doc_id", sort=False)}
    for row in ranges.itertuples(index=False):
        line = f"line {row.source_line}"
        try:
            start, end = int(row.char_start), int(row.char_end)
        except (TypeError, ValueError):
            on_bad(
                InputError(
                    "character positions are not whole numbers",
                    path=path,
                    location=line,
                    expected="char_start and char_end as whole numbers",
                )
            )
            continue
        doc = documents[row.doc_id]
        length = doc.original_length
        if not 0 <= start < end <= length:
            on_bad(
                InputError(
                    f"range {start}-{end} lies outside document '{row.doc_id}' "
                    f"({length} characters)",
                    path=path,
                    location=line,
                    expected="0 <= char_start < char_end <= the document's length",
                )
            )
            continue
        new_start, new_end = doc.map_span(start, end)
        part = by_doc.get(row.doc_id)
        if part is None:
            unmapped.append((row.source_line, "document has no segments"))
            continue
        seg_start = part["char_start"].to_numpy()
        seg_end = part["char_end"].to_numpy()
        overlap = np.minimum(seg_end, new_end) - np.maximum(seg_start, new_start)
        overlap = np.clip(overlap, 0, None)
        seg_len = np.maximum(seg_end - seg_start, 1)
        range_len = max(new_end - new_start, 1)
        coded = (overlap > 0) & ((overlap * 2 >= seg_len) | (overlap * 2 >= range_len))
        if not coded.any():
            unmapped.append(
                (row.source_line, "range covers no segment (e.g. a speaker label or header)")
            )
            continue
        for segment_id in part.loc[coded, "segment_id"]:
            out.append((segment_id, row.code_id, row.coder, row.doc_id, row.source_line))
    codings = pd.DataFrame(out, columns=[*CODING_COLUMNS, "doc_id", "source_line"])
    return codings, unmapped


def read_codebooks(study_dir: Path, wanted: str | None, projects=None):
    """The study's codebook versions (``codebook/``, then its projects' codebooks, each named
    by its file) and the name of the one the codings use: ``wanted``, else the first file in
    ``codebook/``, else the first project's (with the codes only later projects have added to
    it, so that two coders' projects are compared on one codebook)."""
    from analysis.codebook import codebook_files, read_codebook

    folder = study_dir / "codebook"
    projects = dict(projects or {})
    files = codebook_files(folder) if folder.is_dir() else []
    books = {p.name: read_codebook(p) for p in files}
    books.update(projects)
    if not books:
        return {}, None
    if wanted is None and not files:
        first, *later = projects
        merged = projects[first]
        for name in later:
            extra = projects[name][~projects[name]["code_id"].isin(merged["code_id"])]
            merged = pd.concat([merged, extra], ignore_index=True)
        books[first] = merged
        return books, first
    if wanted is not None:
        if wanted not in books:
            raise InputError(
                f"codebook '{wanted}' not found",
                path=folder,
                location="ingest.codebook",
                expected="one of " + ", ".join(books) if books else "a codebook file",
            )
        return books, wanted
    return books, (files[0].name if files else None)


def read_codings(
    study_dir, codebook, segments, doc_maps, report, bad
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The study's ``codings/*.csv`` as segment codings, and the coded character ranges of the
    files that give ranges (:data:`RANGE_COLUMNS`, in the pseudonymised documents)."""
    folder = study_dir / "codings"
    columns = ["segment_id", "code_id", "coder", "doc_id", "source_line"]
    ranges: list[pd.DataFrame] = []
    if not folder.is_dir():
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=RANGE_COLUMNS)
    if codebook is None:
        raise InputError(
            "codings need a codebook", path=folder, expected="a codebook file in codebook/"
        )
    known_codes = set(codebook["code_id"])
    parts = []
    for path in sorted(folder.glob("*.csv")):
        by_range = "char_start" in csv_header(path)
        required = (
            ["doc_id", "char_start", "char_end", "code_id", "coder"]
            if by_range
            else ["segment_id", "code_id", "coder"]
        )
        rows = read_csv_table(path, required=required, what="codings table")
        n_read = len(rows)
        set_aside_before = len(report.set_aside)

        def coding_bad(error: InputError, _path=path) -> None:
            bad(error, item="coding")

        if by_range:
            rows = check_coding_rows(
                rows,
                path=str(path),
                known_codes=known_codes,
                on_bad=coding_bad,
                known_ids=set(doc_maps),
                id_column="doc_id",
            )
            ranges.append(_pseudonymised_ranges(rows, doc_maps))
            mapped, unmapped = map_ranges(
                rows, segments, doc_maps, path=str(path), on_bad=coding_bad
            )
            for line, reason in unmapped:
                report.aside("coding", str(path), f"line {line}", reason)
        else:
            rows = check_coding_rows(
                rows,
                path=str(path),
                known_codes=known_codes,
                on_bad=coding_bad,
                known_ids=set(segments["segment_id"]),
                id_column="segment_id",
            )
            doc_of = dict(zip(segments["segment_id"], segments["doc_id"], strict=False))
            mapped = rows.assign(doc_id=rows["segment_id"].map(doc_of))[columns]
        n_aside = len(report.set_aside) - set_aside_before
        report.codings.append(
            {
                "file": f"codings/{path.name}",
                "kind": "character ranges" if by_range else "segment codings",
                "rows_read": n_read,
                "rows_kept": n_read - n_aside,
                "segment_codings": int(len(mapped)),
            }
        )
        parts.append(mapped[columns])
    codings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    # One code applied twice to one segment by one coder (two ranges in one turn) counts once.
    codings = codings.drop_duplicates(subset=["segment_id", "code_id", "coder"])
    codings = codings.sort_values(["segment_id", "code_id", "coder"]).reset_index(drop=True)
    coded_ranges = (
        pd.concat(ranges, ignore_index=True) if ranges else pd.DataFrame(columns=RANGE_COLUMNS)
    )
    return codings, coded_ranges


RANGE_COLUMNS = ["doc_id", "char_start", "char_end", "code_id", "coder"]


def _pseudonymised_ranges(rows: pd.DataFrame, doc_maps: Mapping[str, object]) -> pd.DataFrame:
    """Coded character ranges carried into the pseudonymised documents (for agreement over
    characters, the unit NVivo and QualCoder count); ranges that are not valid are left to
    :func:`map_ranges` to report."""
    out = []
    for row in rows.itertuples(index=False):
        try:
            start, end = int(row.char_start), int(row.char_end)
        except (TypeError, ValueError):
            continue
        doc = doc_maps[row.doc_id]
        if 0 <= start < end <= doc.original_length:
            new_start, new_end = doc.map_span(start, end)
            out.append((row.doc_id, new_start, new_end, row.code_id, row.coder))
    return pd.DataFrame(out, columns=RANGE_COLUMNS)
