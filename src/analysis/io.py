"""Small readers and writers at the pipeline's edges: CSV tables people type, parquet between stages.

Reading checks what the pipeline relies on (columns present, ids filled and unique) and says where
a problem is in the spreadsheet's own terms: file and line. Writing is deterministic, so the same
tables give the same bytes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.errors import InputError

__all__ = [
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

# Excel on Windows saves "CSV" in the ANSI code page (Windows-1252 in the UK) unless told otherwise.
_ENCODINGS = ("utf-8-sig", "cp1252")


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    r"""Decode a text file as UTF-8 (with or without BOM), else Windows-1252.

    Parameters
    ----------
    data : bytes
        The file's contents.
    path : str or Path
        The file, for messages.

    Returns
    -------
    (str, str)
        The text and the encoding used: ``"utf-8-sig"`` or ``"cp1252"``.

    Raises
    ------
    InputError
        When neither fits, naming the first byte that Windows-1252 cannot read and its offset
        (never the text around it, which may hold real names).

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"), "notes.csv")
    ('café', 'cp1252')
    >>> decode_bytes(b"caf\x81", "notes.csv")
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: notes.csv, byte 3: cannot decode byte 0x81 (expected UTF-8 (with or without BOM) or Windows-1252 text)
    """
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            failure = error
    raise InputError(
        f"cannot decode byte {failure.object[failure.start]:#04x}",
        path=path,
        location=f"byte {failure.start}",
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


def read_csv_table(
    path: str | Path,
    *,
    required: Iterable[str],
    id_column: str | None = None,
    what: str = "table",
) -> pd.DataFrame:
    """Read a CSV that people edit in a spreadsheet, checking the columns the pipeline needs.

    All cells are read as text (ids such as ``007`` keep their zeros), stripped of surrounding
    whitespace; empty cells are ``NA``. Column ``source_line`` gives each row's line in the file (the
    header is line 1) so later checks can point at it.

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
        Missing file or columns, undecodable text, malformed CSV, an empty or repeated id.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} not found", path=path)
    text, _ = decode_bytes(path.read_bytes(), path)
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(
            f"is not a readable CSV {what}: {str(error).strip()}",
            path=path,
            expected="comma-separated values with a header row",
        ) from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise InputError(
            f"{what} lacks column(s) {', '.join(missing)}",
            path=path,
            location="line 1 (header)",
            expected="columns " + ", ".join(required),
        )
    table = table.apply(lambda column: column.str.strip()).replace("", pd.NA)
    table.insert(len(table.columns), "source_line", range(2, len(table) + 2))
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
