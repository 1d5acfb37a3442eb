"""Reading a study's ``events/`` folder into :class:`EventTables`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from analysis.errors import InputError
from analysis.events._order import with_vocabulary
from analysis.sources import STUDY_FILE, EventLayout, TableSpec, column_key, read_study_file
from analysis.sources._grid import (
    _columns,
    _Grid,
    _open_workbook,
    _read_csv_grid,
    _read_sheet_grid,
)
from analysis.sources._read import _check_row
from analysis.validation import check_option

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
    tables : dict of str to DataFrame
        Each table the study's layout declares (``study.yaml``, ``events.tables``), in declared
        order: ``event_id, row``, its columns, then ``text`` (missing where a row has data but
        no free text, such as a position marked without a comment) and any further columns of
        the files. A column with declared values is a Categorical of them in declared order
        (ordered for a scale). Each table is also an attribute: ``tables.notes``.
    skipped : DataFrame
        ``event_id, table, row, reason, text``: every row not taken into the tables above
        (empty rows, template rows never filled in, rows set aside with ``on_error="skip"``).
    layout : EventLayout
        The layout the tables were read by.
    """

    events: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    skipped: pd.DataFrame
    layout: EventLayout

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(
            f"no event table '{name}'; the study declares " + ", ".join(tables or ["none"])
        )

    def vocabulary(self) -> dict[str, dict[str, dict]]:
        """Each table's declared values in order: ``{table: {column: {"values", "ordered"}}}``.

        Tables and figures order stakeholders, aspects and scale points by it.
        """
        return _vocabulary(self.layout)


def _vocabulary(layout: EventLayout) -> dict[str, dict[str, dict]]:
    return {
        name: {
            column: {"values": list(values), "ordered": column in spec.scales}
            for column, values in spec.canonical.items()
        }
        for name, spec in layout.tables.items()
    }


def _read_table(
    grid: _Grid, spec: TableSpec, event_id: str, on_error: str, skipped: list[dict]
) -> list[dict]:
    columns = _columns(grid, spec)
    text_name = spec.text[0]
    records = []
    for row, place, cells in grid.rows:
        values = {name: cells[index] for name, index in columns.items()}
        set_aside = {
            "event_id": event_id,
            "table": spec.name,
            "row": row,
            "text": values.get("text"),
        }
        if not any(cells):
            skipped.append({**set_aside, "reason": "empty row"})
            continue
        filled = [name for name in spec.data if values.get(name) is not None]
        if not filled:
            wanted = " or ".join(text_name if name == "text" else name for name in spec.data)
            skipped.append({**set_aside, "reason": f"no {wanted}"})
            continue
        try:
            what = text_name if filled[0] == "text" else filled[0]
            _check_row(grid, spec, columns, values, place, what=what)
        except InputError as error:
            if on_error == "stop":
                raise
            reason = f"{error.location}: {error.message} (expected {error.expected})"
            skipped.append({**set_aside, "reason": reason})
            continue
        record = {"event_id": event_id, "row": row}
        record.update({name: values.get(name) for name in (*spec.columns, "text")})
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
        key = column_key(name)
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


def _event_files(
    folder: Path, lines: dict[str, int], names: list[str]
) -> dict[str, dict[str, Path]]:
    """Each event's workbook (key ``"xlsx"``) or CSV files (keyed by table name), checked."""
    found: dict[str, dict[str, Path]] = {}
    by_name = {name.casefold(): name for name in names}
    tables = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    csv_name = re.compile(rf"(.+)_({tables})\.csv", re.IGNORECASE)
    for path in sorted(folder.iterdir()):
        # "~$KE01.xlsx" is Excel's lock file while the workbook is open: not a workbook.
        if not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        match = csv_name.fullmatch(path.name)
        if path.suffix.lower() == ".xlsx":
            event_id, kind = path.stem, "xlsx"
        elif match:
            event_id, kind = match.group(1), by_name[match.group(2).casefold()]
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
        csv_files = [table for table in names if table in files]
        if not files:
            listed = [f"{event_id}_{table}.csv" for table in names]
            raise InputError(
                f"no workbook or CSV files for event '{event_id}'",
                expected=f"{event_id}.xlsx or "
                + (", ".join(listed[:-1]) + " and " if len(listed) > 1 else "")
                + f"{listed[-1]} in {folder}",
                **where,
            )
        if "xlsx" in files and csv_files:
            raise InputError(
                f"event '{event_id}' has both a workbook and CSV files",
                expected=f"either {event_id}.xlsx or its CSV files, not both",
                **where,
            )
        if "xlsx" not in files and len(csv_files) < len(names):
            missing = [f"{event_id}_{table}.csv" for table in names if table not in files]
            raise InputError(
                f"event '{event_id}' lacks " + ", ".join(missing),
                expected=f"all {len(names)} CSV files (one may have a header row only)",
                **where,
            )
    return found


def read_events(
    folder: str | Path,
    layout: EventLayout | None = None,
    *,
    on_error: Literal["stop", "skip"] = "stop",
) -> EventTables:
    """Read a study's knowledge-exchange events.

    Parameters
    ----------
    folder : str or Path
        The study's ``events/`` folder: ``events.csv`` and each event's workbook or CSV files.
        CSV files may be UTF-8 (with or without a byte-order mark) or Windows-1252.
    layout : EventLayout, optional
        How the events are typed up: the tables, their sheets, columns and vocabularies. By
        default the ``events:`` of the study's ``study.yaml`` (in the folder above
        ``folder``); ``analysis.demo.events.event_layout()`` is the demo's.
    on_error : {"stop", "skip"}, default "stop"
        What to do with a row that has data but a missing or unknown value: raise, or set it
        aside in ``skipped`` with the reason and go on. Problems with files, sheets or headers
        always raise.

    Returns
    -------
    EventTables
        The events and each declared table, in ``events.csv`` order and row order, and the rows
        skipped.

    Raises
    ------
    InputError
        For no layout (no ``events:`` in ``study.yaml``); a missing ``events.csv``; an event
        with no workbook or CSV files, or with both; a file for an event ``events.csv`` does
        not list; a damaged workbook; a missing sheet (naming the sheets found) or column; and,
        unless ``on_error="skip"``, a row with data whose required cells are empty or whose
        value is not declared. Cells are named as the spreadsheet shows them (``sheet
        'Feedback', cell B7``) or by CSV line.

    Notes
    -----
    Each event is a workbook ``<event_id>.xlsx`` with one sheet per declared table (its
    ``sheet``, matched ignoring case), or one CSV file per table, ``<event_id>_<table>.csv``.

    ``row`` is the 1-based data row: the header is row 1 of a sheet, so data row ``r`` is sheet
    row ``r + 1``; in a CSV file it is the ``r``-th record after the header. Rows are numbered
    as they stand, empty ones included, so a ``segment_id`` points at the row in the file.

    Cells are stripped and Unicode-normalised (NFC). Column headers are matched ignoring case;
    the free-text column may be headed by any of the table's ``text`` names and becomes
    ``text``. Declared values are matched ignoring case, and their short forms map to them;
    ``casefold`` columns are case-folded. Cells merged down several rows (a group label) count
    for every row of the merge.

    A row is recorded in ``skipped`` rather than the tables when it is empty; when none of the
    table's ``data`` columns is filled (a template's pre-filled rows); and when set aside by
    ``on_error="skip"``. Empty rows after the last filled row are formatting, not rows, and are
    not listed.
    """
    check_option(on_error, "on_error", "read_events", ("stop", "skip"))
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "the events folder does not exist", path=folder, expected="a folder with events.csv"
        )
    if layout is None:
        layout = read_study_file(folder.parent).events
    if layout is None:
        raise InputError(
            "the study has an events folder but its study.yaml declares no events",
            path=folder.parent / STUDY_FILE,
            expected="an `events:` section naming each event table, its sheet, columns and "
            'values (docs/study-layout.md, "study.yaml")',
        )
    skipped: list[dict] = []
    events, lines = _read_events_csv(folder / "events.csv", skipped)
    names = list(layout.tables)
    files = _event_files(folder, lines, names)
    rows: dict[str, list[dict]] = {name: [] for name in names}
    for event_id in lines:
        paths = files[event_id]
        workbook = _open_workbook(paths["xlsx"]) if "xlsx" in paths else None
        for name, spec in layout.tables.items():
            if workbook is None:
                grid = _read_csv_grid(paths[name])
            else:
                grid = _read_sheet_grid(
                    workbook,
                    paths["xlsx"],
                    layout.sheets[name],
                    expected=tuple(layout.sheets.values()),
                    text=spec.text,
                )
            rows[name].extend(_read_table(grid, spec, event_id, on_error, skipped))
    tables = {}
    vocabulary = _vocabulary(layout)
    for name, spec in layout.tables.items():
        declared = [*spec.columns, "text"]
        extra = [column for record in rows[name] for column in record if column not in declared]
        columns = [
            "event_id",
            "row",
            *declared,
            *dict.fromkeys(column for column in extra if column not in ("event_id", "row")),
        ]
        frame = pd.DataFrame(rows[name], columns=columns).astype({"row": "int64"})
        tables[name] = with_vocabulary(frame, vocabulary[name])
    skipped_frame = pd.DataFrame(skipped, columns=_SKIPPED_COLUMNS).astype(
        {"event_id": "str", "table": "str", "row": "int64", "reason": "str", "text": "str"}
    )
    return EventTables(events=events, tables=tables, skipped=skipped_frame, layout=layout)


def describe_event(event: Mapping[str, Any]) -> str:
    """An event as a reader names it: its place and month, whichever ``events.csv`` gives.

    >>> describe_event({"event_id": "KE03", "place": "Sheffield", "date": pd.Timestamp("2023-11-08")})
    'Sheffield, November 2023'
    >>> describe_event({"event_id": "W2", "place": None, "date": pd.NaT})
    'W2'
    """
    place, date = event.get("place"), event.get("date")
    parts = [
        *([str(place)] if isinstance(place, str) and place.strip() else []),
        *([f"{pd.Timestamp(date):%B %Y}"] if date is not None and not pd.isna(date) else []),
    ]
    return ", ".join(parts) or str(event["event_id"])
