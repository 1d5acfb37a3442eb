"""What a study declares about its tables of free text: ``study.yaml``, read into specs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import InputError
from analysis.io import read_text_yaml

#: The study file's name, in the study folder.
STUDY_FILE = "study.yaml"
#: Header names read as the free-text column when a table does not name its own.
TEXT_HEADERS = ("text",)


def column_key(value: object) -> str | None:
    """A header as a column name: case-folded, runs of spaces as ``_`` (``Age band`` -> ``age_band``)."""
    if value is None:
        return None
    return re.sub(r"\s+", "_", str(value).strip().casefold()) or None


def value_key(value: str) -> str:
    """A cell compared with a vocabulary: case-folded, spaces collapsed."""
    return re.sub(r"\s+", " ", value.casefold()).strip()


@dataclass(frozen=True)
class CodeColumns:
    """Codings written in the table itself: one or more code columns per row.

    Attributes
    ----------
    columns : tuple of str
        Column names (normalised) or patterns with ``*`` (``code_*`` matches ``Code 1`` ...
        ``Code 12``), in the order the codes are read.
    coder : str or None
        The column naming the coder of each row.
    coder_name : str or None
        The coder of every row, when no column names one.
    separator : str
        Between a parent and a child code in a cell: ``Access->Transport`` is the code
        ``Transport`` under ``Access``.
    """

    columns: tuple[str, ...]
    coder: str | None = None
    coder_name: str | None = None
    separator: str = "->"


@dataclass(frozen=True)
class TableSpec:
    """One declared table of free text with attributes.

    Attributes
    ----------
    name : str
        The table's name: segment ids and output files are named by it.
    columns : tuple of str
        The attribute columns kept, as normalised names (``column_key``), in output order.
    text : tuple of str
        Header names read as the free-text column ``text`` (alternatives: the first present).
    questions : tuple of str
        Columns that are each one question's answers (a survey's wide layout): a row becomes one
        unit per answered question, with ``question`` naming it. Empty for one text column.
    required : tuple of str
        Columns the header must have and every row with data must fill (``text`` for the text).
    data : tuple of str
        A row with none of these filled is a blank template row and is set aside as such.
    values : mapping
        Column -> alias (``value_key``) -> canonical value; a filled cell of such a column must
        be one of them. Canonical values map to themselves.
    canonical : mapping
        Column -> its canonical values in declared order (scales in scale order).
    scales : mapping
        Column -> ordered values (least to most): read as an ordered categorical.
    casefold : tuple of str
        Columns whose values are case-folded (``Holding`` and ``holding `` are one value).
    speaker : str or None
        The column that says who wrote a row (a group, a respondent).
    speaker_prefix : str or None
        Makes a bare number readable: ``2`` becomes ``"Group 2"``.
    participant : str or None
        The column holding ``participant_id`` values of ``participants.csv``.
    role : str
        Segments' ``role`` when no participant is named.
    source : str
        Segments' ``source`` (``event``, ``survey``, ...).
    files : tuple of str
        Paths or ``*`` patterns relative to the study folder (general tables only).
    sheet : str or None
        The workbook sheet (default: the first).
    codes : CodeColumns or None
        Codings written in the table.
    """

    name: str
    columns: tuple[str, ...] = ()
    text: tuple[str, ...] = TEXT_HEADERS
    questions: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    data: tuple[str, ...] = ("text",)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    canonical: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    scales: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    casefold: tuple[str, ...] = ()
    speaker: str | None = None
    speaker_prefix: str | None = None
    participant: str | None = None
    role: str = "respondent"
    source: str = "survey"
    files: tuple[str, ...] = ()
    sheet: str | None = None
    codes: CodeColumns | None = None

    def expected(self, name: str) -> str:
        """What a cell of column ``name`` may hold, for error messages."""
        if name not in self.canonical:
            return "a value in every row with free text"
        text = "one of " + ", ".join(self.canonical[name])
        shorthand = sorted(
            alias for alias, value in self.values[name].items() if alias != value_key(value)
        )
        if shorthand:
            text += "; short forms: " + ", ".join(shorthand)
        return text

    def canonical_value(self, name: str, value: str) -> str | None:
        """The canonical form of ``value`` in column ``name``, or None when it is not one."""
        aliases = self.values[name]
        key = value_key(value)
        if key in aliases:
            return aliases[key]
        return aliases.get(re.sub(r"(?<=\w)[_-](?=\w)", " ", key).rstrip("."))


@dataclass(frozen=True)
class EventLayout:
    """How a study's events are typed up: the tables of each event, in order.

    ``sheets`` maps each table's name to its sheet in an event's workbook; an event's CSV files
    are ``<event_id>_<name>.csv``.
    """

    tables: Mapping[str, TableSpec]
    sheets: Mapping[str, str]


@dataclass(frozen=True)
class StudyFile:
    """A study's ``study.yaml``: its event layout and its other declared tables."""

    path: Path | None
    events: EventLayout | None = None
    tables: Mapping[str, TableSpec] = field(default_factory=dict)


_TABLE_KEYS = {
    "columns", "text", "questions", "required", "data", "values", "scales", "casefold",
    "speaker", "speaker_prefix", "participant", "role", "source", "file", "files", "sheet",
    "codes",
}  # fmt: skip
_EVENT_TABLE_KEYS = _TABLE_KEYS - {"file", "files", "source", "participant", "codes"}
_CODE_KEYS = {"columns", "coder", "coder_name", "separator"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class _Reader:
    """Reads parts of the parsed study file, naming the key at fault."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str, expected: str) -> InputError:
        return InputError(message, path=self.path, location=f"key {key}", expected=expected)

    def mapping(self, value: Any, key: str, allowed: set[str] | None = None) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "is not a mapping", "key: value lines under it")
        if allowed is not None:
            unknown = sorted(str(name) for name in value if name not in allowed)
            if unknown:
                raise self.fail(
                    f"{key}.{unknown[0]}",
                    "is not a setting",
                    "one of " + ", ".join(sorted(allowed)),
                )
        return value

    def text(self, value: Any, key: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"{value!r} is not a text value", "one value")
        return value.strip()

    def texts(self, value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        return tuple(self.text(item, key) for item in items)

    def columns(self, value: Any, key: str) -> tuple[str, ...]:
        return tuple(column_key(item) for item in self.texts(value, key))


def _table_spec(name: str, body: Any, key: str, reader: _Reader, *, event: bool) -> TableSpec:
    if not _NAME.fullmatch(str(name)):
        raise reader.fail(key, f"table name '{name}' cannot name files", "letters, digits, - or _")
    body = reader.mapping(body, key, _EVENT_TABLE_KEYS if event else _TABLE_KEYS)
    text = reader.columns(body.get("text"), f"{key}.text") or TEXT_HEADERS
    questions = reader.columns(body.get("questions"), f"{key}.questions")
    if questions and body.get("text") is not None:
        raise reader.fail(
            f"{key}.questions", "a table has either text or questions", "one of the two"
        )
    speaker = column_key(reader.text(body.get("speaker"), f"{key}.speaker"))
    participant = column_key(reader.text(body.get("participant"), f"{key}.participant"))
    columns = list(reader.columns(body.get("columns"), f"{key}.columns"))
    for extra in (speaker, participant):
        if extra is not None and extra not in columns:
            columns.append(extra)
    values: dict[str, dict[str, str]] = {}
    canonical: dict[str, tuple[str, ...]] = {}
    scales: dict[str, tuple[str, ...]] = {}
    for column, scale in reader.mapping(body.get("scales"), f"{key}.scales").items():
        where = f"{key}.scales.{column}"
        levels = reader.texts(scale, where)
        if len(levels) < 2 or len({value_key(level) for level in levels}) < len(levels):
            raise reader.fail(where, "is not a scale", "two or more distinct values, least first")
        scales[column_key(column)] = levels
        canonical[column_key(column)] = levels
    for column, entries in reader.mapping(body.get("values"), f"{key}.values").items():
        where = f"{key}.values.{column}"
        column = column_key(column)
        if isinstance(entries, list):
            entries = {entry: None for entry in reader.texts(entries, where)}
        entries = reader.mapping(entries, where)
        declared = tuple(reader.text(value, where) for value in entries)
        if column in scales and not set(declared) <= set(scales[column]):
            odd = next(value for value in declared if value not in scales[column])
            raise reader.fail(where, f"'{odd}' is not on the scale", "values of the scale")
        canonical.setdefault(column, declared)
        aliases = values.setdefault(column, {})
        for value, shorthand in entries.items():
            value = reader.text(value, where)
            for alias in reader.texts(shorthand, f"{where}.{value}"):
                aliases[value_key(alias)] = value
    for column, levels in canonical.items():
        aliases = values.setdefault(column, {})
        for level in levels:
            aliases.setdefault(value_key(level), level)
    for column in canonical:
        if column not in columns:
            columns.append(column)
    data = reader.columns(body.get("data"), f"{key}.data") or ("text",)
    required = reader.columns(body.get("required"), f"{key}.required")
    if not event and not questions and "text" not in required:
        required = ("text", *required)  # a declared table is read for its free text
    codes = None
    if not event and body.get("codes") is not None:
        code_body = reader.mapping(body["codes"], f"{key}.codes", _CODE_KEYS)
        code_columns = reader.columns(code_body.get("columns"), f"{key}.codes.columns")
        if not code_columns:
            raise reader.fail(f"{key}.codes.columns", "is missing", "the columns holding codes")
        coder = column_key(reader.text(code_body.get("coder"), f"{key}.codes.coder"))
        coder_name = reader.text(code_body.get("coder_name"), f"{key}.codes.coder_name")
        if (coder is None) == (coder_name is None):
            raise reader.fail(
                f"{key}.codes",
                "names no coder" if coder is None else "names the coder twice",
                "either coder (the column naming each row's coder) or coder_name (one coder)",
            )
        if questions:
            raise reader.fail(
                f"{key}.codes",
                "codes in a table of several questions would not say which answer they code",
                "one table per question (each with its text column and code columns)",
            )
        separator = reader.text(code_body.get("separator"), f"{key}.codes.separator") or "->"
        codes = CodeColumns(code_columns, coder, coder_name, separator)
    files: tuple[str, ...] = ()
    if not event:
        files = reader.texts(body.get("files", body.get("file")), f"{key}.file")
        if not files:
            raise reader.fail(
                f"{key}.file", "is missing", "the table's file, relative to the study"
            )
    return TableSpec(
        name=str(name),
        columns=tuple(columns),
        text=text,
        questions=questions,
        required=required,
        data=data,
        values=values,
        canonical=canonical,
        scales=scales,
        casefold=reader.columns(body.get("casefold"), f"{key}.casefold"),
        speaker=speaker,
        speaker_prefix=reader.text(body.get("speaker_prefix"), f"{key}.speaker_prefix"),
        participant=participant,
        role=reader.text(body.get("role"), f"{key}.role")
        or ("attendee" if event else "respondent"),
        source="event"
        if event
        else (reader.text(body.get("source"), f"{key}.source") or str(name)),
        files=files,
        sheet=reader.text(body.get("sheet"), f"{key}.sheet"),
        codes=codes,
    )


def read_study_file(study_dir: str | Path) -> StudyFile:
    """Read a study folder's ``study.yaml``: how its events are typed up, and its other tables.

    Parameters
    ----------
    study_dir : str or Path
        The study folder. Without a ``study.yaml`` the study declares nothing (an empty
        :class:`StudyFile`).

    Returns
    -------
    StudyFile

    Raises
    ------
    InputError
        For YAML that does not parse, an unknown key, a table without a file, a scale of fewer
        than two values, a vocabulary value off its scale, or codes without a coder; the message
        names the key (``key tables.survey.codes``).

    Notes
    -----
    The layout is in ``docs/study-layout.md`` ("study.yaml"). Every value is read as text, so
    ``+``, ``No`` and ``1`` are the labels typed, not numbers or booleans.
    """
    path = Path(study_dir) / STUDY_FILE
    if not path.is_file():
        return StudyFile(path=None)
    return parse_study(read_text_yaml(path), path)


def parse_study(document: Any, path: str | Path | None = None) -> StudyFile:
    """Read the parsed YAML of a ``study.yaml`` (as :func:`read_study_file` does).

    ``path`` names the file in error messages. The demo study's declaration, for one, is
    ``parse_study(yaml.safe_load(analysis.demo.events.STUDY_YAML))``.
    """
    path = Path(path) if path is not None else Path(STUDY_FILE)
    reader = _Reader(path)
    document = reader.mapping(document, "(top level)", {"events", "tables"})
    events = None
    if document.get("events") is not None:
        body = reader.mapping(document["events"], "events", {"tables"})
        declared = reader.mapping(body.get("tables"), "events.tables")
        if not declared:
            raise reader.fail("events.tables", "is missing", "the tables of each event")
        tables, sheets = {}, {}
        for name, table in declared.items():
            key = f"events.tables.{name}"
            spec = _table_spec(name, table, key, reader, event=True)
            tables[spec.name] = spec
            sheets[spec.name] = spec.sheet or spec.name
        events = EventLayout(tables=tables, sheets=sheets)
    tables = {}
    for name, table in reader.mapping(document.get("tables"), "tables").items():
        spec = _table_spec(name, table, f"tables.{name}", reader, event=False)
        tables[spec.name] = spec
    return StudyFile(path=path, events=events, tables=tables)
