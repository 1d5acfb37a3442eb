"""The codebook: reading, checking, displaying and writing a team's codes.

A codebook is a table with one row per code: ``code_id, name, parent, definition, include,
exclude, example`` (see ``docs/study-layout.md``, "Codebook"). It arrives as YAML (what a team
keeps under version control) or CSV (what a spreadsheet or a CAQDAS export gives). Reading checks
what later stages rely on: every code has an id and a name, ids are unique and contain no
whitespace, and parents form a tree. Each problem is an :class:`~analysis.errors.InputError`
naming the file and the entry, so a researcher can fix it in one go.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from analysis.errors import InputError
from analysis.io import check_row_width, csv_records, read_text, read_text_yaml

__all__ = [
    "CODEBOOK_COLUMNS",
    "CODEBOOK_SUFFIXES",
    "codebook_files",
    "codable_codes",
    "codebook_tree",
    "is_codable",
    "leaf_codes",
    "read_codebook",
    "with_parents",
    "write_codebook_yaml",
]

#: The codebook contract, in this order; further columns are carried after them.
CODEBOOK_COLUMNS = ("code_id", "name", "parent", "definition", "include", "exclude", "example")
#: The files a study's codebook/ folder may hold: YAML, CSV, or a REFI-QDA codebook (.qdc) as
#: NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette export it.
CODEBOOK_SUFFIXES = (".yaml", ".yml", ".csv", ".qdc")


def codebook_files(folder: str | Path) -> list[Path]:
    """The codebook files of a folder (:data:`CODEBOOK_SUFFIXES`), sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in CODEBOOK_SUFFIXES)


_REQUIRED = ("code_id", "name")
_WHITESPACE = re.compile(r"\s")


def read_codebook(path: str | Path) -> pd.DataFrame:
    """Read and check a codebook from YAML, CSV or REFI-QDA (.qdc).

    Parameters
    ----------
    path : str or Path
        A ``.yaml``/``.yml`` file holding a list of codes (mappings), or a mapping whose ``codes``
        key holds that list; or a ``.csv`` file with a header row, in UTF-8 (with or without a
        byte-order mark) or Windows-1252 (what Excel writes on a UK Windows machine); or a
        ``.qdc`` codebook exported by a CAQDAS program (:func:`analysis.refiqda.read_qdc`: the
        hierarchy, descriptions, colours, GUIDs and ``isCodable`` come with it).

    Returns
    -------
    DataFrame
        One row per code in file order, with the columns ``code_id, name, parent, definition,
        include, exclude, example`` followed by any further columns of the file. Text is
        stripped of surrounding whitespace; missing optional values are empty strings, except
        ``parent``, which is missing (NA) for a top-level code.

    Raises
    ------
    InputError
        If the file cannot be read or parsed, or a code lacks ``code_id`` or ``name``, has
        whitespace in its ``code_id``, repeats an earlier ``code_id``, names a ``parent`` that is
        not in the codebook, or is its own ancestor. The error names the file and the entry:
        ``"code 4 (HOLD-X)"`` in YAML, ``"line 5"`` in CSV.

    Notes
    -----
    Column names are matched ignoring case and surrounding spaces, and spaces inside them are
    read as underscores, so a spreadsheet header ``Code ID`` is ``code_id``. A YAML value that is
    a list (several examples, say) is kept as its items joined by newlines.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        entries = _yaml_entries(path)
    elif suffix == ".csv":
        entries = _csv_entries(path)
    elif suffix == ".qdc":
        from analysis.refiqda import read_qdc  # the exchange format's own reader and checks

        return read_qdc(path)
    else:
        raise InputError(
            f"cannot read a codebook from a '{path.suffix}' file",
            path=path,
            expected="a .yaml, .yml, .csv or .qdc file",
        )
    codes = _check_entries(entries, path)
    extra = [key for _, entry in entries for key in entry if key not in CODEBOOK_COLUMNS]
    columns = list(CODEBOOK_COLUMNS) + list(dict.fromkeys(extra))
    rows = [{column: code.get(column, "") for column in columns} for code in codes]
    codebook = pd.DataFrame(rows, columns=columns)
    codebook["parent"] = codebook["parent"].where(codebook["parent"] != "", None)
    return codebook


def _normalise_key(key: object) -> str:
    return re.sub(r"\s+", "_", str(key).strip().lower())


def _yaml_entries(path: Path) -> list[tuple[str, dict[str, str]]]:
    document = read_text_yaml(path)
    if isinstance(document, dict) and "codes" in document:
        document = document["codes"]
    if document is None:
        document = []
    if not isinstance(document, list):
        raise InputError(
            "the codebook is not a list of codes",
            path=path,
            expected="a YAML list of codes, or a mapping with a 'codes:' list",
        )
    entries = []
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            raise InputError(
                f"code {number} is not a mapping",
                path=path,
                location=f"code {number}",
                expected="code_id, name, parent, definition, include, exclude, example",
            )
        raw = {_normalise_key(key): value for key, value in item.items()}
        for key in ("code_id", "name", "parent"):
            if isinstance(raw.get(key), list | dict):
                raise InputError(
                    f"'{key}' is a list or mapping",
                    path=path,
                    location=f"code {number}",
                    expected="text",
                )
        entry = {key: _yaml_value(value) for key, value in raw.items()}
        code_id = entry.get("code_id", "")
        location = f"code {number} ({code_id})" if code_id else f"code {number}"
        stray = [
            key
            for key, value in item.items()
            if value is None and " " in str(key).strip()
            and _normalise_key(key) not in CODEBOOK_COLUMNS
        ]  # fmt: skip
        if stray:
            # `{definition: Frames, rails and bath boards.}`: YAML ends the value at the comma
            # and reads the rest as a field of its own, with no value.
            raise InputError(
                f"'{stray[0]}' is read as a field without a value: a comma inside "
                "{...} ends the value before it",
                path=path,
                location=location,
                expected='a value with a comma in quotes, e.g. definition: "Frames, rails"',
            )
        entries.append((location, entry))
    return entries


def _yaml_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_yaml_value(item) for item in value)
    return str(value).strip()


def _csv_entries(path: Path) -> list[tuple[str, dict[str, str]]]:
    header: list[str] | None = None
    entries = []
    for line, record in csv_records(read_text(path), path):
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [_normalise_key(cell) for cell in record]
            missing = [column for column in _REQUIRED if column not in header]
            if missing:
                raise InputError(
                    f"the header has no {' or '.join(missing)} column",
                    path=path,
                    location=f"line {line}",
                    expected="the columns " + ", ".join(CODEBOOK_COLUMNS),
                )
            continue
        check_row_width(record, header, path, line)
        values = [cell.strip() for cell in record] + [""] * (len(header) - len(record))
        entry = {}
        for column, value in zip(header, values, strict=True):
            if column:
                entry[column] = value
            elif value:
                raise InputError(
                    f"the value '{value}' is in a column with no header",
                    path=path,
                    location=f"line {line}",
                    expected="a header for every column with values",
                )
        entries.append((f"line {line}", entry))
    if header is None:
        raise InputError(
            "the file is empty", path=path, expected="a header row and one row per code"
        )
    return entries


def _check_entries(entries: list[tuple[str, dict[str, str]]], path: Path) -> list[dict[str, str]]:
    """The entries' codes, after checking ids, names and the parent tree."""
    seen: dict[str, str] = {}
    for location, entry in entries:
        for column in _REQUIRED:
            if not entry.get(column):
                raise InputError(
                    f"the code has no {column}", path=path, location=location, expected=column
                )
        code_id = entry["code_id"]
        if _WHITESPACE.search(code_id):
            raise InputError(
                f"code_id '{code_id}' contains whitespace",
                path=path,
                location=location,
                expected="a code_id without spaces, such as HOLD-EMOTION",
            )
        if code_id in seen:
            raise InputError(
                f"code_id '{code_id}' is already used at {seen[code_id]}",
                path=path,
                location=location,
                expected="each code_id once",
            )
        seen[code_id] = location
    for location, entry in entries:
        parent = entry.get("parent", "")
        if parent and parent not in seen:
            raise InputError(
                f"parent '{parent}' of '{entry['code_id']}' is not a code in the codebook",
                path=path,
                location=location,
                expected="a code_id from this codebook, or no parent for a top-level code",
            )
    parents = {entry["code_id"]: entry.get("parent", "") for _, entry in entries}
    for location, entry in entries:
        cycle = _cycle_from(entry["code_id"], parents)
        if cycle:
            raise InputError(
                "the parents form a cycle: " + " -> ".join(cycle),
                path=path,
                location=location,
                expected="parents that form a tree",
            )
    return [entry for _, entry in entries]


def _cycle_from(code_id: str, parents: dict[str, str]) -> list[str]:
    """The cycle through ``code_id``'s ancestors that returns to it; empty when there is none."""
    chain = [code_id]
    current = parents.get(code_id, "")
    while current and current not in chain:
        chain.append(current)
        current = parents.get(current, "")
    if current == code_id:
        return [*chain, code_id]
    return []


def _parent_map(codebook: pd.DataFrame) -> dict[str, str | None]:
    """``code_id -> parent`` (None for a top-level code), checked to be a tree."""
    parents: dict[str, str | None] = {}
    parent_column = codebook["parent"] if "parent" in codebook else [None] * len(codebook)
    for code_id, parent in zip(codebook["code_id"], parent_column, strict=True):
        parent = None if pd.isna(parent) or parent == "" else str(parent)
        parents[str(code_id)] = parent
    for code_id, parent in parents.items():
        if parent is not None and parent not in parents:
            raise InputError(
                f"parent '{parent}' of '{code_id}' is not a code in the codebook",
                location=f"code {code_id}",
                expected="a code_id from the codebook",
            )
        cycle = _cycle_from(code_id, {key: value or "" for key, value in parents.items()})
        if cycle:
            raise InputError(
                "the parents form a cycle: " + " -> ".join(cycle),
                location=f"code {code_id}",
                expected="parents that form a tree",
            )
    return parents


def codebook_tree(codebook: pd.DataFrame) -> list[tuple[str, int]]:
    """The codes in display order, each with its depth in the hierarchy.

    Parameters
    ----------
    codebook : DataFrame
        With ``code_id`` and ``parent`` columns, as :func:`read_codebook` returns.

    Returns
    -------
    list of (str, int)
        ``(code_id, depth)`` in depth-first order: each top-level code (depth 0) followed by
        its children (depth 1) and their children, siblings in codebook order.

    Raises
    ------
    InputError
        If a parent is not a code in the codebook, or the parents form a cycle.

    Examples
    --------
    >>> book = pd.DataFrame({"code_id": ["HOLD", "DISC", "HOLD-EMO"],
    ...                      "parent": [None, None, "HOLD"]})
    >>> for code_id, depth in codebook_tree(book):
    ...     print("  " * depth + code_id)
    HOLD
      HOLD-EMO
    DISC
    """
    parents = _parent_map(codebook)
    children: dict[str | None, list[str]] = {}
    for code_id, parent in parents.items():
        children.setdefault(parent, []).append(code_id)
    order: list[tuple[str, int]] = []
    stack = [(code_id, 0) for code_id in reversed(children.get(None, []))]
    while stack:
        code_id, depth = stack.pop()
        order.append((code_id, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(code_id, [])))
    return order


def leaf_codes(codebook: pd.DataFrame) -> list[str]:
    """The codes that are no other code's parent, in codebook order.

    Parameters
    ----------
    codebook : DataFrame
        With ``code_id`` and ``parent`` columns.

    Returns
    -------
    list of str
        The leaf ``code_id`` values (a top-level code without children is a leaf).

    Raises
    ------
    InputError
        If a parent is not a code in the codebook, or the parents form a cycle.
    """
    parents = _parent_map(codebook)
    used = set(parents.values())
    return [code_id for code_id in parents if code_id not in used]


def is_codable(value: object) -> bool:
    """Whether a codebook's ``codable`` cell (or REFI-QDA's ``isCodable``) lets coders apply the
    code: False only when it says so (False, ``"false"``, ``"no"``, ``"0"``; xsd:boolean writes
    ``"false"`` or ``"0"``), True when it is absent or empty.

    >>> [is_codable(v) for v in (None, "", "true", "False", "0", False, 1)]
    [True, True, True, False, False, False, True]
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return True
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "no", "0")
    return bool(value)


def codable_codes(codebook: pd.DataFrame) -> list[str]:
    """The codes coders may apply, in codebook order: all of them unless a ``codable`` column
    marks some as categories (:func:`is_codable`), as CAQDAS projects and ``.qdc`` files do.

    >>> book = pd.DataFrame({"code_id": ["THEMES", "HOLD"], "codable": [False, True]})
    >>> codable_codes(book)
    ['HOLD']
    """
    if "codable" not in codebook.columns:
        return codebook["code_id"].astype(str).to_list()
    keep = codebook["codable"].map(is_codable).astype(bool)
    return codebook.loc[keep, "code_id"].astype(str).to_list()


class _CodebookDumper(yaml.SafeDumper):
    """Writes multi-line text as YAML blocks, so definitions stay readable in a diff."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CodebookDumper.add_representer(str, _represent_text)


def write_codebook_yaml(codebook: pd.DataFrame, path: str | Path) -> None:
    """Write a codebook as a YAML list of codes that :func:`read_codebook` reads back.

    Parameters
    ----------
    codebook : DataFrame
        With at least ``code_id`` and ``name``; the other contract columns are written as empty
        text when absent, ``parent`` as ``null`` for a top-level code, and further columns
        after them (missing values left out).
    path : str or Path
        The ``.yaml`` file to write (UTF-8, ``\\n`` line endings). The same codebook always
        gives the same bytes.
    """
    codes = []
    extra = [column for column in codebook.columns if column not in CODEBOOK_COLUMNS]
    for record in codebook.to_dict("records"):
        code: dict[str, str | None] = {}
        for column in CODEBOOK_COLUMNS:
            value = record.get(column)
            missing = value is None or (not isinstance(value, str) and pd.isna(value))
            if column == "parent":
                code[column] = None if missing or value == "" else str(value)
            else:
                code[column] = "" if missing else str(value)
        for column in extra:
            value = record[column]
            if not (value is None or (not isinstance(value, str) and pd.isna(value))):
                code[str(column)] = str(value)
        codes.append(code)
    text = yaml.dump(
        codes,
        Dumper=_CodebookDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    Path(path).write_text(text, encoding="utf-8", newline="\n")


def with_parents(codings: pd.DataFrame, codebook: pd.DataFrame | None) -> pd.DataFrame:
    """Codings plus one row per parent code reached (a segment coded HOLD-PROLONG is also coded
    HOLD), so that a concept as a whole can be compared across groups."""
    if codebook is None or "parent" not in codebook.columns:
        return codings
    parent = codebook.set_index("code_id")["parent"].dropna().to_dict()
    rows = [codings]
    level = codings
    while True:
        level = level.assign(code_id=level["code_id"].map(parent)).dropna(subset=["code_id"])
        if level.empty:
            break
        rows.append(level)
    return pd.concat(rows, ignore_index=True).drop_duplicates(["segment_id", "code_id", "coder"])
