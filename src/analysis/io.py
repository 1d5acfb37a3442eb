"""Small readers and writers at the pipeline's edges: CSV tables people type, parquet between stages.

Reading checks what the pipeline relies on (columns present, ids filled and unique) and says where
a problem is in the spreadsheet's own terms: file and line. Writing is deterministic, so the same
tables give the same bytes.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.errors import InputError

__all__ = [
    "check_row_width",
    "csv_header",
    "csv_records",
    "decode_bytes",
    "package_versions",
    "parse_text_yaml",
    "read_csv_table",
    "read_text",
    "read_text_yaml",
    "replace_outputs",
    "require_columns",
    "write_csv",
    "write_json",
    "write_parquet",
]


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    r"""Decode a text file as research teams save them: the one decoding every reader uses.

    UTF-8 (a byte-order mark is dropped: ``"utf-8-sig"``), UTF-16 when the file starts with its
    byte-order mark (Word's "Unicode text"), else Windows-1252, the code page Excel and older
    Windows tools save "CSV" and "plain text" in on a UK machine. The text is NFC-normalised, so
    a name typed with a precomposed "ë" and one with "e" and a combining accent are one name in
    every table, key and transcript. Nothing else changes (line ends stay for the caller).

    Parameters
    ----------
    data : bytes
        The file's contents.
    path : str or Path
        The file, for messages.

    Returns
    -------
    (str, str)
        The text and the encoding used: ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"`` or
        ``"windows-1252"``.

    Raises
    ------
    InputError
        For text holding NUL characters (a binary file with a text file's name), or bytes that
        none of these decodes, naming the line and byte of the first bad UTF-8 sequence (never
        the text around it, which may hold real names).

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"), "notes.csv")
    ('café', 'windows-1252')
    >>> decode_bytes("Zoe\u0308".encode(), "key.csv")[0] == "Zo\u00eb"
    True
    >>> decode_bytes(b"ok\ncaf\x81", "notes.csv")
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: notes.csv, line 2, byte 6: cannot decode byte 0x81 (expected UTF-8 (with or without BOM) or Windows-1252 text)
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig", "windows-1252"]
    else:
        candidates = ["utf-8", "windows-1252"]
    first: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            first = first or error
            continue
        if "\x00" in text:
            raise InputError(
                "the file holds NUL characters, so it is not a text file",
                path=path,
                location=f"line {text.count(chr(10), 0, text.index(chr(0))) + 1}",
                expected="a text file in UTF-8 or Windows-1252",
            )
        return unicodedata.normalize("NFC", text), encoding
    position = first.start if first is not None else 0
    line = data.count(b"\n", 0, position) + 1
    raise InputError(
        f"cannot decode byte {data[position]:#04x}" if position < len(data) else "cannot decode",
        path=path,
        location=f"line {line}, byte {position}",
        expected="UTF-8 (with or without BOM) or Windows-1252 text",
    )


def read_text(path: str | Path) -> str:
    """A text file decoded as :func:`decode_bytes` does; an unreadable file is an InputError."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", path=path) from error
    return decode_bytes(raw, path)[0]


class _TextLoader(yaml.SafeLoader):
    """Reads every plain value as text, except an empty one (or ``~``/``null``) as missing.

    A codebook or a study file is all text: YAML 1.1 would otherwise read ``code_id: 1.10`` as
    the number 1.1 and ``example: No`` as False.
    """


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text_yaml(path: str | Path) -> Any:
    """A YAML file with every plain value read as text (``No``, ``1.10`` and ``+`` stay text).

    Raises
    ------
    InputError
        If the file cannot be read or is not valid YAML, naming the line.
    """
    return parse_text_yaml(read_text(path), path)


def parse_text_yaml(text: str, path: str | Path | None = None) -> Any:
    """YAML text read as :func:`read_text_yaml` reads a file; ``path`` names it in errors."""
    try:
        return yaml.load(text, Loader=_TextLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        location = None if mark is None else f"line {mark.line + 1}"
        problem = getattr(error, "problem", None) or "the file is not valid YAML"
        raise InputError(str(problem), path=path, location=location) from error


def csv_records(text: str, path: str | Path) -> list[tuple[int, list[str]]]:
    r"""The records of CSV text, each with the line of the file it starts on.

    A quoted cell may hold line breaks, so a record's line is counted from where the one before
    it ended, not from its position; a blank line is an empty record. Every reader of CSV files
    people type uses this, so every message names the line a spreadsheet shows.

    >>> csv_records('id,note\n1,"two\nlines"\n\n2,x\n', "t.csv")
    [(1, ['id', 'note']), (2, ['1', 'two\nlines']), (4, []), (5, ['2', 'x'])]

    Raises
    ------
    InputError
        For text the CSV reader cannot parse, naming the line.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    records, last = [], 0
    try:
        for record in reader:
            records.append((last + 1, record))
            last = reader.line_num
    except csv.Error as error:
        raise InputError(str(error), path=path, location=f"line {reader.line_num}") from error
    return records


def csv_header(path: str | Path) -> list[str]:
    """The column names of a CSV file (its first non-blank record, stripped); ``[]`` if none."""
    records = [cells for _, cells in csv_records(read_text(path), path) if cells]
    return [cell.strip() for cell in records[0]] if records else []


def check_row_width(cells: list, header: list, path: str | Path, line: int) -> None:
    """Refuse a CSV row with more values than the header has columns (a comma not quoted)."""
    if len(cells) > len(header):
        raise InputError(
            f"{len(cells)} values but {len(header)} columns",
            path=path,
            location=f"line {line}",
            expected="one value per column (quote values that contain commas)",
        )


def read_csv_table(
    path: str | Path,
    *,
    required: Iterable[str],
    id_column: str | None = None,
    what: str = "table",
) -> pd.DataFrame:
    """Read a CSV that people edit in a spreadsheet, checking the columns the pipeline needs.

    All cells are read as text (ids such as ``007`` keep their zeros), stripped of surrounding
    whitespace; empty cells are ``NA``; blank lines are skipped. Column ``source_line`` gives the
    line of the file each row starts on (a quoted cell may span lines), so later checks can point
    at it.

    Parameters
    ----------
    path : str or Path
    required : iterable of str
        Columns that must be present.
    id_column : str, optional
        A column that must be filled and unique.
    what : str
        What the table is, for messages ("participants table").

    Raises
    ------
    InputError
        Missing file or columns, undecodable text, malformed CSV, a row with more values than
        columns, an empty or repeated id.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} not found", path=path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the {what} ({error.strerror})", path=path) from error
    records = [
        (line, cells) for line, cells in csv_records(decode_bytes(data, path)[0], path) if cells
    ]
    if not records:
        raise InputError(
            f"the {what} is empty",
            path=path,
            expected="comma-separated values with a header row",
        )
    (header_line, header), rows = records[0], records[1:]
    for line, cells in rows:
        check_row_width(cells, header, path, line)
    width = len(header)
    table = pd.DataFrame(
        [cells + [""] * (width - len(cells)) for _, cells in rows],
        columns=_unique_names([str(c).strip() or f"Unnamed: {i}" for i, c in enumerate(header)]),
        dtype=str,
    )
    lines = [line for line, _ in rows]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise InputError(
            f"{what} lacks column(s) {', '.join(missing)}",
            path=path,
            location=f"line {header_line} (header)",
            expected="columns " + ", ".join(required),
        )
    table = table.apply(lambda column: column.str.strip()).replace("", pd.NA)
    table.insert(len(table.columns), "source_line", lines)
    if id_column is not None:
        empty = table[table[id_column].isna()]
        if len(empty):
            raise InputError(
                f"empty {id_column}",
                path=path,
                location=f"line {empty['source_line'].iloc[0]}",
                expected=f"every row to have a {id_column}",
            )
        repeated = table[table[id_column].duplicated()]
        if len(repeated):
            row = repeated.iloc[0]
            first = table.loc[table[id_column] == row[id_column], "source_line"].iloc[0]
            raise InputError(
                f"{id_column} '{row[id_column]}' appears twice (first on line {first})",
                path=path,
                location=f"line {row['source_line']}",
                expected=f"unique {id_column} values",
            )
    return table


def _unique_names(names: list[str]) -> list[str]:
    """Repeated column names made unique as pandas does (``a``, ``a.1``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def require_columns(
    table: object, required: Iterable[str], name: str, func: str | None = None
) -> pd.DataFrame:
    """``table`` itself when it is a DataFrame holding the ``required`` columns.

    The one check every function taking a table makes at its boundary, with one message.

    Raises
    ------
    InputError
        "<func>: <name> must be a DataFrame, got list" or "<func>: <name> has no column 'x'".

    Examples
    --------
    >>> require_columns(pd.DataFrame({"code_id": []}), ["code_id", "coder"], "codings", "f")
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: f: codings has no column 'coder' (expected columns code_id, coder)
    """
    required = list(required)
    prefix = f"{func}: " if func else ""
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            f"{prefix}{name} must be a DataFrame, got {type(table).__name__}",
            expected=f"a table with columns {', '.join(required)}",
        )
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise InputError(
            f"{prefix}{name} has no column {', '.join(map(repr, missing))}",
            expected=f"columns {', '.join(required)}",
        )
    return table


def package_versions(names: Iterable[str]) -> dict[str, str]:
    """The installed version of each package, for recording beside outputs.

    >>> package_versions(["pandas", "no-such-package"])["no-such-package"]
    'not installed'
    """
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def write_parquet(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as parquet (no index), creating the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = table.reset_index(drop=True)
    table.attrs = {}  # in-memory notes (e.g. a reader's side tables) are not part of the file
    table.to_parquet(path, index=False)
    return path


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV with Unix line ends (no index), creating the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n")
    return path


def write_json(data: Any, path: str | Path) -> Path:
    """Write JSON with sorted keys and a final newline, creating the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", "utf-8")
    return path


def replace_outputs(folder: str | Path, stage: str, written: Iterable[str | Path]) -> Path:
    """Record the files a stage wrote in ``folder`` and remove the ones its previous run wrote
    there and this run did not, so a table a study no longer produces (differences without
    events, codebook changes with one version) is never left behind to be read as current.

    The record is ``<folder>/.<stage>.outputs`` (paths relative to ``folder``, one a line); only
    files a previous run of the same stage recorded are ever removed, so another stage's files in
    the same folder, and caches, stay.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     a, b = Path(folder, "a.csv"), Path(folder, "b.csv")
    ...     _ = a.write_text("1"), b.write_text("2")
    ...     _ = replace_outputs(folder, "stage", [a, b])
    ...     _ = replace_outputs(folder, "stage", [a])  # this run made a.csv only
    ...     sorted(p.name for p in Path(folder).iterdir())
    ['.stage.outputs', 'a.csv']
    """
    folder = Path(folder)
    record = folder / f".{stage}.outputs"
    now = sorted({Path(p).resolve().relative_to(folder.resolve()).as_posix() for p in written})
    if record.is_file():
        for name in set(record.read_text(encoding="utf-8").splitlines()) - set(now):
            stale = folder / name
            if name and stale.is_file():
                stale.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    record.write_text("".join(f"{name}\n" for name in now), encoding="utf-8")
    return record
