"""Reading a study's ``events/`` folder into :class:`EventTables`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.errors import InputError
from analysis.events._grid import (
    _column_key,
    _columns,
    _Grid,
    _open_workbook,
    _read_csv_grid,
    _read_sheet_grid,
)
from analysis.events._vocabulary import _SPECS, POSITIONS, SHEET_NAMES, _canonical, _expected

_EVENT_COLUMNS = ("event_id", "date", "place", "region", "attendees")
_SKIPPED_COLUMNS = ("event_id", "table", "row", "reason", "text")
_EVENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


@dataclass(frozen=True, eq=False)
class EventTables:
    """The tables read from a study's ``events/`` folder.

    Attributes
    ----------
    events : DataFrame
        ``event_id, date, place, region, attendees`` and any further columns of ``events.csv``.
    notes : DataFrame
        ``event_id, row, group, concept, stakeholder, valence, text``: small-group notes.
    discretion : DataFrame
        ``event_id, row, group, aspect, position, text``; ``position`` is an ordered
        Categorical on :data:`POSITIONS`; ``text`` may be missing where a group only marked a
        position.
    feedback : DataFrame
        ``event_id, row, respondent, text``: attendees' feedback on the event.
    skipped : DataFrame
        ``event_id, table, row, reason, text``: every row not taken into the tables above
        (empty rows, template rows never filled in, rows set aside with ``on_error="skip"``).
    """

    events: pd.DataFrame
    notes: pd.DataFrame
    discretion: pd.DataFrame
    feedback: pd.DataFrame
    skipped: pd.DataFrame


def _read_table(
    grid: _Grid, table: str, event_id: str, on_error: str, skipped: list[dict]
) -> list[dict]:
    spec = _SPECS[table]
    columns = _columns(grid, spec)
    text_name = "note" if table == "notes" else "comment"
    records = []
    for row, place, cells in grid.rows:
        values = {name: cells[index] for name, index in columns.items()}
        set_aside = {"event_id": event_id, "table": table, "row": row, "text": values.get("text")}
        if not any(cells):
            skipped.append({**set_aside, "reason": "empty row"})
            continue
        filled = [name for name in spec.data if values.get(name) is not None]
        if not filled:
            wanted = " or ".join(text_name if name == "text" else name for name in spec.data)
            skipped.append({**set_aside, "reason": f"no {wanted}"})
            continue
        try:
            for name in spec.required:
                if values.get(name) is None:
                    what = text_name if filled[0] == "text" else filled[0]
                    raise InputError(
                        f"{name} is missing in a row with a {what}",
                        path=grid.path,
                        location=grid.cell(columns[name], place),
                        expected=_expected(spec, name),
                    )
            for name, (_, aliases) in spec.vocabulary.items():
                if values[name] is None:
                    continue
                canonical = _canonical(values[name], aliases)
                if canonical is None:
                    raise InputError(
                        f"unknown {name} '{values[name]}'",
                        path=grid.path,
                        location=grid.cell(columns[name], place),
                        expected=_expected(spec, name),
                    )
                values[name] = canonical
        except InputError as error:
            if on_error == "raise":
                raise
            reason = f"{error.location}: {error.message} (expected {error.expected})"
            skipped.append({**set_aside, "reason": reason})
            continue
        if values.get("concept") is not None:
            # Concepts are the study's own labels: "Holding" and "holding " are one concept.
            values["concept"] = re.sub(r"\s+", " ", values["concept"].casefold())
        record = {"event_id": event_id, "row": row}
        record.update({name: values.get(name) for name in spec.columns})
        record.update({name: value for name, value in values.items() if name not in record})
        records.append(record)
    return records


def _read_events_csv(path: Path, skipped: list[dict]) -> tuple[pd.DataFrame, dict[str, int]]:
    """The events table, and the line of ``events.csv`` each event is on."""
    if not path.is_file():
        raise InputError(
            "there is no events.csv", path=path.parent, expected=f"{path.name} listing the events"
        )
    grid = _read_csv_grid(path)
    columns = {}
    for index, name in enumerate(grid.header):
        key = _column_key(name)
        if key is not None:
            columns[key] = index
    if "event_id" not in columns:
        raise InputError(
            "the header has no event_id column",
            path=path,
            location="line 1",
            expected="the columns " + ", ".join(_EVENT_COLUMNS),
        )
    records, lines = [], {}
    for row, line, cells in grid.rows:
        if not any(cells):
            skipped.append(
                {
                    "event_id": None,
                    "table": "events",
                    "row": row,
                    "reason": "empty row",
                    "text": None,
                }
            )
            continue
        values = {name: cells[index] for name, index in columns.items()}
        event_id = values["event_id"]
        where = grid.cell(columns["event_id"], line)
        if event_id is None or not _EVENT_ID.fullmatch(event_id):
            raise InputError(
                "missing event_id"
                if event_id is None
                else f"event_id '{event_id}' cannot name files",
                path=path,
                location=where,
                expected="an id of letters, digits, '-', '_' or '.', such as KE01",
            )
        if event_id in lines:
            raise InputError(
                f"event '{event_id}' is already listed on line {lines[event_id]}",
                path=path,
                location=where,
                expected="each event_id once",
            )
        lines[event_id] = line
        if "date" in columns:
            values["date"] = _parse_date(values["date"], path, grid.cell(columns["date"], line))
        if "attendees" in columns:
            values["attendees"] = _parse_count(
                values["attendees"], path, grid.cell(columns["attendees"], line)
            )
        records.append(values)
    extra = [name for name in columns if name not in _EVENT_COLUMNS]
    events = pd.DataFrame(records, columns=[*_EVENT_COLUMNS, *extra])
    events["date"] = pd.to_datetime(events["date"])
    events["attendees"] = events["attendees"].astype("Int64")
    return events, lines


def _parse_date(value: str | None, path: Path, location: str) -> dt.datetime | None:
    if value is None:
        return None
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, date_format)
        except ValueError:
            continue
    raise InputError(
        f"cannot read the date '{value}'",
        path=path,
        location=location,
        expected="a date such as 2024-03-12 or 12/03/2024 (day first)",
    )


def _parse_count(value: str | None, path: Path, location: str) -> int | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0 or not number.is_integer():
        raise InputError(
            f"attendees '{value}' is not a count",
            path=path,
            location=location,
            expected="a whole number",
        )
    return int(number)


def _event_files(folder: Path, lines: dict[str, int]) -> dict[str, dict[str, Path]]:
    """Each event's workbook (key ``"xlsx"``) or CSV files (keys ``notes``...), checked."""
    found: dict[str, dict[str, Path]] = {}
    csv_name = re.compile(r"(.+)_(notes|discretion|feedback)\.csv", re.IGNORECASE)
    for path in sorted(folder.iterdir()):
        # "~$KE01.xlsx" is Excel's lock file while the workbook is open: not a workbook.
        if not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        match = csv_name.fullmatch(path.name)
        if path.suffix.lower() == ".xlsx":
            event_id, kind = path.stem, "xlsx"
        elif match:
            event_id, kind = match.group(1), match.group(2).lower()
        else:
            continue
        if event_id not in lines:
            raise InputError(
                f"the file is for event '{event_id}', which events.csv does not list",
                path=path,
                expected="one of " + ", ".join(lines) if lines else "a row for it in events.csv",
            )
        found.setdefault(event_id, {})[kind] = path
    events_csv = folder / "events.csv"
    for event_id, line in lines.items():
        files = found.get(event_id, {})
        where = {"path": events_csv, "location": f"line {line}"}
        csv_files = [table for table in SHEET_NAMES if table in files]
        if not files:
            raise InputError(
                f"no workbook or CSV files for event '{event_id}'",
                expected=f"{event_id}.xlsx or {event_id}_notes.csv, {event_id}_discretion.csv "
                f"and {event_id}_feedback.csv in {folder}",
                **where,
            )
        if "xlsx" in files and csv_files:
            raise InputError(
                f"event '{event_id}' has both a workbook and CSV files",
                expected=f"either {event_id}.xlsx or its CSV files, not both",
                **where,
            )
        if "xlsx" not in files and len(csv_files) < len(SHEET_NAMES):
            missing = [f"{event_id}_{table}.csv" for table in SHEET_NAMES if table not in files]
            raise InputError(
                f"event '{event_id}' lacks " + ", ".join(missing),
                expected="all three CSV files (one may have a header row only)",
                **where,
            )
    return found


def read_events(folder: str | Path, *, on_error: Literal["raise", "skip"] = "raise") -> EventTables:
    """Read a study's knowledge-exchange events.

    Parameters
    ----------
    folder : str or Path
        The study's ``events/`` folder: ``events.csv`` and each event's workbook or CSV files.
        CSV files may be UTF-8 (with or without a byte-order mark) or Windows-1252.
    on_error : {"raise", "skip"}, default "raise"
        What to do with a row that has data but a missing or unknown value: raise, or set it
        aside in ``skipped`` with the reason and go on. Problems with files, sheets or headers
        always raise.

    Returns
    -------
    EventTables
        The events and their notes, discretion exercises and feedback, in ``events.csv`` order
        and row order, and the rows skipped.

    Raises
    ------
    InputError
        For a missing ``events.csv``; an event with no workbook or CSV files, or with both; a
        file for an event ``events.csv`` does not list; a damaged workbook; a missing sheet
        (naming the sheets found) or column; and, unless ``on_error="skip"``, a row with free
        text whose required cells are empty or whose value is not in the vocabulary. Cells are
        named as the spreadsheet shows them (``sheet 'Feedback', cell B7``) or by CSV line.

    Notes
    -----
    ``row`` is the 1-based data row: the header is row 1 of a sheet, so data row ``r`` is sheet
    row ``r + 1``; in a CSV file it is the ``r``-th record after the header. Rows are numbered
    as they stand, empty ones included, so a ``segment_id`` points at the row in the file.

    Cells are stripped and Unicode-normalised (NFC). Column headers are matched ignoring case;
    the free-text column may be headed ``note``, ``comment`` or ``text`` and becomes ``text``.
    Stakeholders, valences, aspects and positions are matched ignoring case and map the short
    forms in :data:`STAKEHOLDER_ALIASES`, :data:`VALENCE_ALIASES`, :data:`ASPECT_ALIASES` and
    :data:`POSITION_ALIASES` to their canonical values; concepts are case-folded. Cells merged
    down several rows (a group label) count for every row of the merge.

    A row is recorded in ``skipped`` rather than the tables when it is empty; when it has no
    free text (notes, feedback) or neither a position nor a comment (discretion), as in a
    template's pre-filled rows; and when set aside by ``on_error="skip"``. Empty rows after the
    last filled row are formatting, not rows, and are not listed. Group notes need a concept,
    stakeholder and valence; a discretion row needs an aspect and a position; ``group`` and
    ``respondent`` may be empty.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(
            "The 'on_error' parameter of read_events must be 'raise' or 'skip'. "
            f"Got {on_error!r} instead."
        )
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "the events folder does not exist", path=folder, expected="a folder with events.csv"
        )
    skipped: list[dict] = []
    events, lines = _read_events_csv(folder / "events.csv", skipped)
    files = _event_files(folder, lines)
    rows: dict[str, list[dict]] = {table: [] for table in SHEET_NAMES}
    for event_id in lines:
        paths = files[event_id]
        workbook = _open_workbook(paths["xlsx"]) if "xlsx" in paths else None
        for table, sheet_name in SHEET_NAMES.items():
            if workbook is None:
                grid = _read_csv_grid(paths[table])
            else:
                grid = _read_sheet_grid(workbook, paths["xlsx"], sheet_name)
            rows[table].extend(_read_table(grid, table, event_id, on_error, skipped))
    tables = {}
    for table, spec in _SPECS.items():
        extra = [name for record in rows[table] for name in record if name not in spec.columns]
        columns = [
            "event_id",
            "row",
            *spec.columns,
            *dict.fromkeys(name for name in extra if name not in ("event_id", "row")),
        ]
        frame = pd.DataFrame(rows[table], columns=columns).astype({"row": "int64"})
        tables[table] = frame
    tables["discretion"]["position"] = pd.Categorical(
        tables["discretion"]["position"], categories=POSITIONS, ordered=True
    )
    skipped_frame = pd.DataFrame(skipped, columns=_SKIPPED_COLUMNS).astype(
        {"event_id": "str", "table": "str", "row": "int64", "reason": "str", "text": "str"}
    )
    return EventTables(events=events, skipped=skipped_frame, **tables)
