"""Knowledge-exchange events: the organisers' typed-up flip charts, exercises and feedback.

A study's ``events/`` folder holds ``events.csv`` (one row per event) and, for each event, either
a workbook ``<event_id>.xlsx`` with the sheets "Group notes", "Discretion exercise" and
"Feedback", or the same three tables as ``<event_id>_notes.csv``, ``<event_id>_discretion.csv``
and ``<event_id>_feedback.csv`` (``docs/study-layout.md``, "Events"). :func:`read_events` reads
them into tidy tables, mapping the labels organisers actually type ("LWs", "neg", "Much more ")
onto one vocabulary, and :func:`event_segments` turns every row with free text into a segment.

Nothing is dropped silently: empty rows and rows set aside are listed in ``EventTables.skipped``
with the reason, and every problem is an :class:`~analysis.errors.InputError` naming the file and
the spreadsheet's own cell reference (``sheet 'Feedback', cell B7``) or the CSV line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from analysis.errors import InputError

__all__ = [
    "ASPECTS",
    "ASPECT_ALIASES",
    "POSITIONS",
    "POSITION_ALIASES",
    "SHEET_NAMES",
    "STAKEHOLDERS",
    "STAKEHOLDER_ALIASES",
    "VALENCES",
    "VALENCE_ALIASES",
    "EventTables",
    "event_documents",
    "event_segments",
    "read_events",
]

#: The three tables of an event, by the name used in file names and segment ids.
SHEET_NAMES = {"notes": "Group notes", "discretion": "Discretion exercise", "feedback": "Feedback"}

STAKEHOLDERS = ("patients", "link workers", "GP practices", "voluntary sector", "commissioners")
VALENCES = ("positive", "negative")
ASPECTS = ("length of support", "where patients are seen", "training", "referrals")
#: The discretion scale, from least to most room for link workers to decide.
POSITIONS = ("much less", "less", "as now", "more", "much more")

#: What organisers type -> the canonical value (keys compared after case-folding and collapsing
#: whitespace; "_" and "-" between words read as spaces). Canonical values map to themselves.
STAKEHOLDER_ALIASES = {
    **{value.casefold(): value for value in STAKEHOLDERS},
    **dict.fromkeys(["patient", "pts", "pt", "service users", "service user"], "patients"),
    **dict.fromkeys(
        ["link worker", "lw", "lws", "social prescribers", "social prescriber"], "link workers"
    ),
    **dict.fromkeys(
        ["gp practice", "gp", "gps", "practices", "practice", "general practice"], "GP practices"
    ),
    **dict.fromkeys(["vcse", "vcs", "vcfse", "third sector", "voluntary"], "voluntary sector"),
    **dict.fromkeys(["commissioner", "icb", "icbs", "ccg", "ccgs"], "commissioners"),
}
VALENCE_ALIASES = {
    **{value: value for value in VALENCES},
    **dict.fromkeys(["+", "pos", "+ve", "plus"], "positive"),
    **dict.fromkeys(["-", "\u2212", "\u2013", "neg", "-ve", "minus"], "negative"),
}
ASPECT_ALIASES = {
    **{value: value for value in ASPECTS},
    **dict.fromkeys(["length", "duration", "duration of support", "support length"], ASPECTS[0]),
    **dict.fromkeys(["where seen", "where people are seen", "location", "venue"], ASPECTS[1]),
    **dict.fromkeys(["training and development"], ASPECTS[2]),
    **dict.fromkeys(["referral", "referral routes", "onward referrals"], ASPECTS[3]),
}
POSITION_ALIASES = {
    **{value: value for value in POSITIONS},
    **dict.fromkeys(["same", "the same", "no change", "as is"], "as now"),
}


@dataclass(frozen=True)
class _Spec:
    """What one event table holds; ``vocabulary`` maps a column to (canonical values, aliases)."""

    columns: tuple[str, ...]
    required: tuple[str, ...]  # columns the header must have and a row with data must fill
    data: tuple[str, ...]  # a row with none of these filled is a blank template row
    vocabulary: dict[str, tuple[tuple[str, ...], dict[str, str]]]


_SPECS: dict[str, _Spec] = {
    "notes": _Spec(
        columns=("group", "concept", "stakeholder", "valence", "text"),
        required=("concept", "stakeholder", "valence", "text"),
        data=("text",),
        vocabulary={
            "stakeholder": (STAKEHOLDERS, STAKEHOLDER_ALIASES),
            "valence": (VALENCES, VALENCE_ALIASES),
        },
    ),
    "discretion": _Spec(
        columns=("group", "aspect", "position", "text"),
        required=("aspect", "position"),
        data=("text", "position"),
        vocabulary={"aspect": (ASPECTS, ASPECT_ALIASES), "position": (POSITIONS, POSITION_ALIASES)},
    ),
    "feedback": _Spec(
        columns=("respondent", "text"), required=("text",), data=("text",), vocabulary={}
    ),
}
#: Header names read as the free-text column ``text``.
_TEXT_HEADERS = ("note", "notes", "comment", "comments", "text")
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


@dataclass
class _Grid:
    """A sheet or CSV file as cleaned cells, knowing how to name its own cells."""

    path: Path
    sheet: str | None
    header: list[str | None]
    rows: list[tuple[int, int, list[str | None]]]  # (data row, sheet row or CSV line, cells)

    def cell(self, column: int, place: int) -> str:
        if self.sheet is None:
            return f"line {place}, column '{self.header[column]}'"
        return f"sheet '{self.sheet}', cell {get_column_letter(column + 1)}{place}"

    def row_location(self, place: int) -> str:
        return f"line {place}" if self.sheet is None else f"sheet '{self.sheet}', row {place}"


def _clean(value: object) -> str | None:
    """A cell as stripped NFC text with ``\\n`` line breaks; None when it holds nothing."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip() or None


def _column_key(value: str | None) -> str | None:
    return None if value is None else re.sub(r"\s+", "_", value.casefold())


def _header_key(value: str | None) -> str | None:
    key = _column_key(value)
    return "text" if key in _TEXT_HEADERS else key


def _trim_trailing(
    rows: list[tuple[int, int, list[str | None]]],
) -> list[tuple[int, int, list[str | None]]]:
    """Drop empty rows after the last filled one: formatting leaves them, nobody typed them."""
    while rows and not any(rows[-1][2]):
        rows.pop()
    return rows


def _read_csv_grid(path: Path) -> _Grid:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", path=path) from error
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("the file is neither UTF-8 nor Windows-1252 text", path=path)
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    last_line = 0
    try:
        for record in reader:
            records.append((last_line + 1, [_clean(cell) for cell in record]))
            last_line = reader.line_num
    except csv.Error as error:
        raise InputError(str(error), path=path, location=f"line {reader.line_num}") from error
    if not records or not any(records[0][1]):
        raise InputError(
            "the first line is empty", path=path, location="line 1", expected="a header row"
        )
    header = records[0][1]
    rows = []
    for number, (line, cells) in enumerate(records[1:], start=1):
        if len(cells) > len(header):
            raise InputError(
                f"{len(cells)} values but {len(header)} columns",
                path=path,
                location=f"line {line}",
                expected="one value per column (quote values that contain commas)",
            )
        rows.append((number, line, cells + [None] * (len(header) - len(cells))))
    return _Grid(path, None, header, _trim_trailing(rows))


def _open_workbook(path: Path) -> openpyxl.Workbook:
    try:
        with warnings.catch_warnings():
            # Excel-made workbooks carry extensions openpyxl does not read (data validation,
            # conditional formats); they do not affect the values and only alarm researchers.
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # a damaged file surfaces as zipfile, XML, KeyError or others
        raise InputError(
            f"cannot open the workbook ({type(error).__name__}: {error})",
            path=path,
            expected="an Excel .xlsx workbook (save .xls or .ods files as .xlsx)",
        ) from error


def _read_sheet_grid(workbook: openpyxl.Workbook, path: Path, sheet_name: str) -> _Grid:
    wanted = sheet_name.casefold()
    found = [name for name in workbook.sheetnames if name.strip().casefold() == wanted]
    if not found:
        raise InputError(
            f"no sheet '{sheet_name}'; the sheets are "
            + ", ".join(f"'{name}'" for name in workbook.sheetnames),
            path=path,
            expected="the sheets " + ", ".join(f"'{name}'" for name in SHEET_NAMES.values()),
        )
    sheet = workbook[found[0]]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = [_clean(value) for value in cells[0]] if cells else []
    # Organisers merge a group's label down the rows it wrote; every row of the merge belongs
    # to that group. Free text is never copied: a merged note is one note.
    text_columns = {i for i, name in enumerate(header) if _header_key(name) == "text"}
    for merged in sheet.merged_cells.ranges:
        value = cells[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if column - 1 not in text_columns:
                    cells[row - 1][column - 1] = value
    rows = [
        (number, number + 1, [_clean(value) for value in row])
        for number, row in enumerate(cells[1:], start=1)
    ]
    return _Grid(path, found[0], header, _trim_trailing(rows))


def _columns(grid: _Grid, spec: _Spec) -> dict[str, int]:
    """Each normalised column name -> its index, after checking the header has what is needed."""
    header_place = "line 1" if grid.sheet is None else f"sheet '{grid.sheet}', row 1"
    columns: dict[str, int] = {}
    for index, name in enumerate(grid.header):
        key = _header_key(name)
        if key is None:
            for _, place, cells in grid.rows:
                if cells[index] is not None:
                    raise InputError(
                        f"'{cells[index]}' is in a column with no header",
                        path=grid.path,
                        location=grid.cell(index, place),
                        expected="a header for every column with values",
                    )
            continue
        if key in columns:
            raise InputError(
                f"two columns are read as '{key}'",
                path=grid.path,
                location=header_place,
                expected="one note/comment column and distinct headers",
            )
        columns[key] = index
    missing = [name for name in spec.required if name not in columns]
    if missing:
        names = ["note or comment" if name == "text" else name for name in missing]
        raise InputError(
            "the header has no " + ", ".join(names) + " column",
            path=grid.path,
            location=header_place,
            expected="the columns "
            + ", ".join("note or comment" if name == "text" else name for name in spec.columns),
        )
    return columns


def _canonical(value: str, aliases: dict[str, str]) -> str | None:
    key = re.sub(r"\s+", " ", value.casefold())
    if key in aliases:
        return aliases[key]
    return aliases.get(re.sub(r"(?<=\w)[_-](?=\w)", " ", key).rstrip("."))


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


def _expected(spec: _Spec, name: str) -> str:
    if name not in spec.vocabulary:
        return "a value in every row with free text"
    canonical, aliases = spec.vocabulary[name]
    shorthand = sorted(alias for alias, value in aliases.items() if alias != value.casefold())
    text = "one of " + ", ".join(canonical)
    if shorthand:
        text += "; short forms: " + ", ".join(shorthand)
    return text


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


_SEGMENT_COLUMNS = (
    "segment_id", "doc_id", "source", "event_id", "table", "speaker", "participant_id", "role",
    "site", "turn", "char_start", "char_end", "text", "group", "concept", "stakeholder", "valence",
    "aspect", "position",
)  # fmt: skip


def _text_rows(tables: EventTables):
    """``(doc_id, table, rows with text)`` per event and table, in events then table order."""
    order = list(dict.fromkeys(tables.events["event_id"]))
    for table in SHEET_NAMES:
        frame = getattr(tables, table)
        order.extend(event_id for event_id in frame["event_id"] if event_id not in order)
    for event_id in order:
        for table in SHEET_NAMES:
            frame = getattr(tables, table)
            rows = frame[(frame["event_id"] == event_id) & frame["text"].notna()]
            if len(rows):
                yield f"{event_id}-{table}", table, rows.sort_values("row", kind="stable")


def event_documents(tables: EventTables) -> dict[str, str]:
    """Each event table's free text as one document, the texts of its rows joined by newlines.

    Parameters
    ----------
    tables : EventTables
        As :func:`read_events` returns.

    Returns
    -------
    dict of str to str
        ``doc_id`` (``"<event_id>-<table>"``) -> the document, for every event table with at
        least one row of free text. The ``char_start``/``char_end`` of :func:`event_segments`
        point into these documents.
    """
    return {doc_id: "\n".join(rows["text"]) for doc_id, _, rows in _text_rows(tables)}


def event_segments(tables: EventTables) -> pd.DataFrame:
    """One segment per row of event free text.

    Parameters
    ----------
    tables : EventTables
        As :func:`read_events` returns.

    Returns
    -------
    DataFrame
        ``segment_id`` (``"<event_id>-<table>-<row:03d>"``), ``doc_id``, ``source`` ("event"),
        ``event_id``, ``table``, ``speaker``, ``participant_id`` (missing), ``role``
        ("attendee"), ``site`` (missing), ``turn`` (the row), ``char_start``, ``char_end`` and
        ``text``, then ``group, concept, stakeholder, valence, aspect, position`` where the table
        has them (missing elsewhere). ``event_documents(tables)[doc_id][char_start:char_end]``
        is the segment's ``text``.

    Notes
    -----
    ``speaker`` is the group label, or the respondent for feedback, as typed; a bare number is
    made readable in quotes as ``"Group 2"`` or ``"Respondent 5"``.
    """
    segments = []
    for doc_id, table, rows in _text_rows(tables):
        offset = 0
        for record in rows.to_dict("records"):
            label = record.get("respondent" if table == "feedback" else "group")
            if isinstance(label, str) and label.isdigit():
                label = f"{'Respondent' if table == 'feedback' else 'Group'} {label}"
            segment = {name: record.get(name) for name in _SEGMENT_COLUMNS}
            segment.update(
                segment_id=f"{doc_id}-{record['row']:03d}",
                doc_id=doc_id,
                source="event",
                table=table,
                speaker=label,
                role="attendee",
                turn=record["row"],
                char_start=offset,
                char_end=offset + len(record["text"]),
            )
            segments.append(segment)
            offset += len(record["text"]) + 1
    frame = pd.DataFrame(segments, columns=list(_SEGMENT_COLUMNS))
    frame = frame.astype({"turn": "int64", "char_start": "int64", "char_end": "int64"})
    for name in (
        "speaker",
        "participant_id",
        "site",
        "group",
        "concept",
        "stakeholder",
        "valence",
        "aspect",
    ):
        frame[name] = frame[name].astype("str")
    frame["position"] = pd.Categorical(frame["position"], categories=POSITIONS, ordered=True)
    return frame
