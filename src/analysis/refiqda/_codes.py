"""Codes: the REFI-QDA ``<Codes>`` tree to and from the codebook table, and code groups (sets)."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
from lxml import etree

from analysis.codebook import is_codable
from analysis.errors import InputError
from analysis.refiqda._common import (
    CODEBOOK_TABLE_COLUMNS,
    child,
    children,
    format_description,
    given_guid,
    make_guid,
    normalise_guid,
    parse_description,
    text_of,
    where,
    xml_text,
)

_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_WHITESPACE = re.compile(r"\s+")
CODE_GROUP_COLUMNS = ["group", "group_guid", "code_id"]


def read_codes(codes: etree._Element | None, path: str, member: str | None) -> pd.DataFrame:
    """The codebook table of a ``<Codes>`` element: one row per code, parents before children.

    Columns are the codebook contract (``code_id, name, parent, definition, include, exclude,
    example``) plus ``guid`` (as the file wrote it), ``color`` (``#RRGGBB``, or empty) and
    ``codable`` (False for a category code written ``isCodable="false"``, as QualCoder and
    NVivo write the codes that only group others).
    """
    rows: list[dict] = []
    seen: dict[str, int] = {}
    stack = (
        [(code, None) for code in reversed(children(codes, "Code"))] if codes is not None else []
    )
    while stack:
        element, parent_guid = stack.pop()
        raw_guid = element.get("guid")
        guid = normalise_guid(raw_guid)
        if guid is None:
            raise InputError(
                f"code has the GUID {raw_guid!r}",
                path=path,
                location=where(element, member),
                expected="a GUID such as 3f2a…-… (36 hexadecimal digits and hyphens)",
            )
        if guid in seen:
            raise InputError(
                f"code GUID {guid} is used twice (first at line {seen[guid]})",
                path=path,
                location=where(element, member),
                expected="each code's GUID once",
            )
        seen[guid] = element.sourceline or 0
        name = (element.get("name") or "").strip()
        description = child(element, "Description")
        fields = parse_description(description.text if description is not None else "")
        color = (element.get("color") or "").strip()
        rows.append(
            {
                "guid": guid,
                "given_guid": given_guid(raw_guid),
                "parent_guid": parent_guid,
                "name": name or guid,
                "explicit_id": fields.pop("code_id"),
                **fields,
                "color": color.upper() if _COLOR.match(color) else "",
                "codable": is_codable(element.get("isCodable")),
            }
        )
        stack.extend((code, guid) for code in reversed(children(element, "Code")))
    _assign_code_ids(rows)
    id_of = {row["guid"]: row["code_id"] for row in rows}
    for row in rows:
        row["parent"] = id_of.get(row["parent_guid"])
    table = pd.DataFrame(
        [{**row, "guid": row["given_guid"]} for row in rows], columns=CODEBOOK_TABLE_COLUMNS
    )
    table["parent"] = pd.Series([row["parent"] for row in rows], index=table.index, dtype=object)
    return table


def _slug(name: str) -> str:
    return _WHITESPACE.sub("_", name.strip()) or "code"


def _assign_code_ids(rows: list[dict]) -> None:
    """Give each code a code_id: the one our export wrote, else its name, made unique.

    Names become ids with whitespace replaced by ``_``; a name used twice takes its parent's id
    as a prefix (``Barriers/Other``), and a path used twice, the first 8 digits of its GUID.
    """
    explicit = Counter(row["explicit_id"] for row in rows if row["explicit_id"])
    taken: set[str] = set()
    for row in rows:
        code_id = row["explicit_id"]
        if code_id and explicit[code_id] == 1 and not _WHITESPACE.search(code_id):
            row["code_id"] = code_id
            taken.add(code_id)
    bases = Counter(_slug(row["name"]) for row in rows if "code_id" not in row)
    by_guid = {row["guid"]: row for row in rows}
    for row in rows:
        if "code_id" in row:
            continue
        code_id = _slug(row["name"])
        parent = by_guid.get(row["parent_guid"])
        if (bases[code_id] > 1 or code_id in taken) and parent is not None:
            code_id = f"{parent['code_id']}/{code_id}"
        if code_id in taken:
            code_id = f"{code_id}~{row['guid'][:8]}"
        while code_id in taken:  # only a file that repeats a GUID prefix gets here
            code_id += "~"
        row["code_id"] = code_id
        taken.add(code_id)


def read_code_groups(
    sets: etree._Element | None,
    id_of_guid: dict[str, str],
    path: str,
    member: str | None,
) -> pd.DataFrame:
    """Code groups (ATLAS.ti writes them as ``<Sets>``): one row per (group, code).

    In a codebook (.qdc) a member names its code with ``guid``; in a project with ``targetGUID``;
    either is accepted in both.
    Members that are sources or notes are left out: they group documents, not codes.
    """
    rows = []
    for element in children(sets, "Set") if sets is not None else []:
        group = (element.get("name") or "").strip()
        group_guid = normalise_guid(element.get("guid")) or ""
        for member_code in children(element, "MemberCode"):
            raw = member_code.get("targetGUID") or member_code.get("guid")
            guid = normalise_guid(raw)
            if guid not in id_of_guid:
                raise InputError(
                    f"code group '{group}' names the unknown code {raw!r}",
                    path=path,
                    location=where(member_code, member),
                    expected="the GUID of a code in the codebook",
                )
            rows.append((group, group_guid, id_of_guid[guid]))
    return pd.DataFrame(rows, columns=CODE_GROUP_COLUMNS).astype("str")


def check_codebook(codebook: pd.DataFrame, function: str) -> list[tuple[str, int]]:
    """The codes in tree order, after checking the table is a codebook we can write."""
    from analysis.codebook import codebook_tree

    missing = [column for column in ("code_id", "name") if column not in codebook.columns]
    if missing:
        raise InputError(
            f"the codebook passed to {function} has no column {missing[0]!r}",
            expected="the codebook table: code_id, name, parent, definition, …",
        )
    repeated = codebook["code_id"][codebook["code_id"].duplicated()]
    if len(repeated):
        raise InputError(
            f"code_id {repeated.iloc[0]!r} appears twice in the codebook passed to {function}",
            expected="each code_id once",
        )
    table = codebook if "parent" in codebook.columns else codebook.assign(parent=None)
    return codebook_tree(table)


def code_guids(codebook: pd.DataFrame) -> dict[str, str]:
    """code_id → GUID: the one read from NVivo & co. when the table has it, else a fixed one.

    Keeping an imported code's GUID lets the software that exported it match the code on import.
    """
    guids = {}
    given = codebook["guid"] if "guid" in codebook.columns else [None] * len(codebook)
    for code_id, guid in zip(codebook["code_id"], given, strict=True):
        guids[str(code_id)] = given_guid(text_of(guid)) or make_guid("code", code_id)
    if len({normalise_guid(g) for g in guids.values()}) < len(guids):
        raise InputError(
            "two codes in the codebook share one GUID",
            expected="a different guid for each code (or an empty guid column)",
        )
    return guids


def build_codes(
    parent: etree._Element,
    codebook: pd.DataFrame,
    tree: list[tuple[str, int]],
    guids: dict[str, str],
    qname,
    *,
    codable: bool = True,
) -> dict[str, etree._Element]:
    """Append the codes of ``codebook`` under ``parent`` as nested ``<Code>`` elements.

    Returns code_id → element, so callers can hang further codes beneath one.
    """
    rows = {str(row["code_id"]): row for row in codebook.to_dict("records")}
    elements: dict[str, etree._Element] = {}
    stack: list[etree._Element] = []
    for code_id, depth in tree:
        row = rows[code_id]
        del stack[depth:]
        holder = stack[-1] if stack else parent
        element = etree.SubElement(holder, qname("Code"))
        element.set("guid", guids[code_id])
        element.set("name", xml_text(row.get("name")) or code_id)
        # A category code read as isCodable="false" stays one; machine branches are never codable.
        element.set("isCodable", "true" if codable and is_codable(row.get("codable")) else "false")
        color = text_of(row.get("color"))
        if _COLOR.match(color):
            element.set("color", color)
        description = format_description({**row, "code_id": code_id})
        etree.SubElement(element, qname("Description")).text = xml_text(description)
        elements[code_id] = element
        stack.append(element)
    return elements
