"""Reading a declared table (a feedback form, open-ended survey answers) into rows and codings."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.errors import InputError
from analysis.sources._grid import (
    _columns,
    _Grid,
    _open_workbook,
    _read_csv_grid,
    _read_sheet_grid,
)
from analysis.sources._spec import STUDY_FILE, TableSpec
from analysis.validation import check_option

_SKIPPED_COLUMNS = ("table", "file", "row", "reason", "text")
_CODING_COLUMNS = (
    "table", "file", "row", "question", "code", "parent", "coder", "location", "kept",
)  # fmt: skip
_SET_ASIDE = object()  # the question of a code whose row was set aside


@dataclass(frozen=True, eq=False)
class SourceTable:
    """One declared table as read.

    Attributes
    ----------
    spec : TableSpec
        The declaration it was read by.
    rows : DataFrame
        ``table, file, row, question`` then the declared columns and ``text``: one row per unit
        of free text (per answered question in a wide survey table), in file and row order.
        Scales are ordered categoricals. ``file`` is relative to the study folder.
    codings : DataFrame
        ``table, file, row, question, code, parent, coder, location, kept``: each code
        written in a code column (``parent`` from ``parent->child``; ``location`` the cell);
        ``kept`` is False for the codes of a row set aside.
    skipped : DataFrame
        ``table, file, row, reason, text``: every row not taken (empty rows, rows with no free
        text, rows set aside with ``on_error="skip"``), with the codes it carried in the reason.
    """

    spec: TableSpec
    rows: pd.DataFrame
    codings: pd.DataFrame
    skipped: pd.DataFrame


def _files(study_dir: Path, spec: TableSpec) -> list[Path]:
    found: dict[Path, None] = {}
    for pattern in spec.files:
        matches = sorted(study_dir.glob(pattern)) if "*" in pattern else [study_dir / pattern]
        matches = [path for path in matches if path.is_file() and not path.name.startswith("~$")]
        if not matches:
            raise InputError(
                f"table '{spec.name}': no file '{pattern}' in the study folder",
                path=study_dir / STUDY_FILE,
                location=f"key tables.{spec.name}.file",
                expected="a path (or a pattern with *) relative to " + str(study_dir),
            )
        found.update(dict.fromkeys(matches))
    return list(found)


def _grid(path: Path, spec: TableSpec) -> _Grid:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv_grid(path)
    if suffix == ".xlsx":
        return _read_sheet_grid(_open_workbook(path), path, spec.sheet, text=spec.text)
    raise InputError(
        f"cannot read a table from a '{path.suffix}' file",
        path=path,
        expected="a .csv file or an .xlsx workbook (save .xls and .ods as .xlsx)",
    )


def _code_columns(grid: _Grid, spec: TableSpec, columns: dict[str, int]) -> list[str]:
    if spec.codes is None:
        return []
    if spec.codes.coder is not None and spec.codes.coder not in columns:
        raise InputError(
            f"the header has no {spec.codes.coder} column",
            path=grid.path,
            location=grid.row_location(1),
            expected="the column naming each row's coder, as study.yaml's codes.coder says",
        )
    found = []
    for pattern in spec.codes.columns:
        matches = [name for name in columns if fnmatch.fnmatchcase(name, pattern)]
        if not matches:
            raise InputError(
                f"no column matches the code column '{pattern}'",
                path=grid.path,
                location=grid.row_location(1),
                expected="the code columns declared in study.yaml (e.g. Code 1 ... Code n)",
            )
        # Code 2 before Code 10: order by the numbers in the names, then by name.
        matches.sort(
            key=lambda name: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]
        )
        found.extend(name for name in matches if name not in found)
    return found


def read_source_table(
    study_dir: str | Path, spec: TableSpec, *, on_error: Literal["stop", "skip"] = "stop"
) -> SourceTable:
    """Read one table a study declares in ``study.yaml``.

    Parameters
    ----------
    study_dir : str or Path
        The study folder; the spec's files are relative to it.
    spec : TableSpec
        The declaration (:func:`read_study_file`'s ``tables``).
    on_error : {"stop", "skip"}, default "stop"
        What to do with a row whose required cells are empty, whose value is not in the
        declared vocabulary or on the declared scale, or whose codes have no coder: raise, or
        set the row aside in ``skipped`` and go on. Problems with files, sheets and headers
        always raise.

    Returns
    -------
    SourceTable

    Raises
    ------
    InputError
        Naming the file and the cell (``sheet 'Responses', cell C7`` or ``line 7, column
        'Region'``).

    Notes
    -----
    Cells are stripped and Unicode-normalised (NFC); headers are matched ignoring case, with
    runs of spaces read as ``_``. A row whose free-text cells are all empty is set aside as
    such, with the codes it carried; empty rows after the last filled one are formatting and
    not listed. A code cell ``Access->Transport`` is the code ``Transport`` under ``Access``.
    """
    check_option(on_error, "on_error", "read_source_table", ("stop", "skip"))
    study_dir = Path(study_dir)
    records: list[dict] = []
    codings: list[dict] = []
    skipped: list[dict] = []
    for path in _files(study_dir, spec):
        grid = _grid(path, spec)
        file = path.relative_to(study_dir).as_posix()
        columns = _columns(grid, spec)
        code_columns = _code_columns(grid, spec, columns)
        questions = [(name, grid.header[columns[name]]) for name in spec.questions]
        for row, place, cells in grid.rows:
            values = {name: cells[index] for name, index in columns.items()}
            written = [
                (name, values[name]) for name in code_columns if values.get(name) is not None
            ]
            texts = (
                [(label, values[name], name) for name, label in questions if values[name]]
                if questions
                else ([(None, values.get("text"), "text")] if values.get("text") else [])
            )
            set_aside = {"table": spec.name, "file": file, "row": row}
            carried = f" (its {len(written)} code(s) set aside with it)" if written else ""

            if not any(cells):
                skipped.append({**set_aside, "reason": "empty row", "text": None})
                continue
            if not texts and not any(
                values.get(name) is not None for name in spec.data if name != "text"
            ):
                wanted = "answer" if questions else grid.header[columns["text"]]
                skipped.append({**set_aside, "reason": f"no {wanted}{carried}", "text": None})
                codings.extend(_set_aside_codes(grid, spec, columns, set_aside, place, written))
                continue
            try:
                what = ("answer" if questions else spec.text[0]) if texts else "value"
                _check_row(grid, spec, columns, values, place, what=what)
                coders = _coders(grid, spec, columns, values, place, written)
            except InputError as error:
                if on_error == "stop":
                    raise
                reason = f"{error.location}: {error.message} (expected {error.expected}){carried}"
                skipped.append(
                    {**set_aside, "reason": reason, "text": texts[0][1] if texts else None}
                )
                codings.extend(_set_aside_codes(grid, spec, columns, set_aside, place, written))
                continue
            attributes = {name: values.get(name) for name in spec.columns}
            for question, text, _ in texts or [(None, None, None)]:
                records.append({**set_aside, "question": question, **attributes, "text": text})
            codings.extend(
                _code_rows(
                    grid, spec, columns, set_aside, place, written, coders,
                    [question for question, _, _ in texts] or [None],
                )
            )  # fmt: skip
    columns = ["table", "file", "row", "question", *spec.columns, "text"]
    rows = pd.DataFrame(records, columns=columns).astype({"row": "int64"})
    for name, levels in spec.scales.items():
        rows[name] = pd.Categorical(rows[name], categories=list(levels), ordered=True)
    return SourceTable(
        spec=spec,
        rows=rows,
        codings=pd.DataFrame(codings, columns=list(_CODING_COLUMNS)).astype({"row": "int64"}),
        skipped=pd.DataFrame(skipped, columns=list(_SKIPPED_COLUMNS)).astype({"row": "int64"}),
    )


def _code_rows(grid, spec, columns, row, place, written, coders, questions):
    """The codes written in one row; a row set aside keeps them with ``kept`` False, so that
    the codings' accounting lists them as set aside too."""
    for (name, cell), coder in zip(written, coders, strict=True):
        parts = [part.strip() for part in cell.split(spec.codes.separator)]
        for question in questions:
            yield {
                **row,
                "question": None if question is _SET_ASIDE else question,
                "code": parts[-1],
                "parent": "->".join(parts[:-1]) or None,
                "coder": coder,
                "location": grid.cell(columns[name], place),
                "kept": question is not _SET_ASIDE,
            }


def _set_aside_codes(grid, spec, columns, row, place, written):
    """The codes of a row set aside, with no coder and ``kept`` False."""
    coders = [None] * len(written)
    return _code_rows(grid, spec, columns, row, place, written, coders, [_SET_ASIDE])


def _check_row(grid, spec, columns, values, place, *, what: str) -> None:
    """Required cells filled, vocabulary and scale values known, case-folded columns folded.

    ``what`` names what the row has, for the message (``concept is missing in a row with a
    note``).
    """
    for name in spec.required:
        if name == "text" and spec.questions:
            continue
        if values.get(name) is None:
            raise InputError(
                f"{name if name != 'text' else spec.text[0]} is missing in a row with a {what}",
                path=grid.path,
                location=grid.cell(columns[name], place)
                if name in columns
                else grid.row_location(place),
                expected=spec.expected(name),
            )
    for name in spec.values:
        if values.get(name) is None:
            continue
        canonical = spec.canonical_value(name, values[name])
        if canonical is None:
            raise InputError(
                f"unknown {name} '{values[name]}'",
                path=grid.path,
                location=grid.cell(columns[name], place),
                expected=spec.expected(name),
            )
        values[name] = canonical
    for name in spec.casefold:
        if values.get(name) is not None:
            values[name] = re.sub(r"\s+", " ", values[name].casefold())


def _coders(grid, spec, columns, values, place, written) -> list[str]:
    if not written:
        return []
    if spec.codes.coder_name is not None:
        return [spec.codes.coder_name] * len(written)
    coder = values.get(spec.codes.coder)
    if coder is None:
        where = (
            grid.cell(columns[spec.codes.coder], place)
            if spec.codes.coder in columns
            else grid.row_location(place)
        )
        raise InputError(
            "a row with codes names no coder",
            path=grid.path,
            location=where,
            expected=f"the coder in column '{spec.codes.coder}'",
        )
    return [coder] * len(written)
