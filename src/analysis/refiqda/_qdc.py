"""Codebook files (.qdc): the codebook table to and from REFI-QDA's codebook exchange format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from lxml import etree

from analysis.errors import InputError
from analysis.refiqda._codes import (
    build_codes,
    check_codebook,
    code_guids,
    read_code_groups,
    read_codes,
)
from analysis.refiqda._common import (
    CODEBOOK_NS,
    child,
    normalise_guid,
    parse_xml,
    replace_file,
)

ORIGIN = "analysis (mixed-methods qualitative toolkit)"


def read_qdc(path: str | Path, *, with_groups: bool = False):
    """Read a REFI-QDA codebook (.qdc) into the codebook table.

    Parameters
    ----------
    path : str or Path
        A ``.qdc`` file (XML in ``urn:QDA-XML:codebook:1.0``; NVivo 12 for Mac's
        ``urn:QDA-XML:codebook:1:0`` is accepted too).
    with_groups : bool
        Also return the code groups (``<Sets>``).

    Returns
    -------
    codebook : DataFrame
        ``code_id, name, parent, definition, include, exclude, example, guid, color``, parents
        before children. ``code_id`` is the one this package wrote (``Code ID:`` in the
        description) or else the code's name with whitespace as ``_`` (made unique with its
        parent's id); the description's labelled paragraphs fill ``include``, ``exclude`` and
        ``example``, and the rest is the ``definition``.
    code_groups : DataFrame, only with ``with_groups=True``
        ``group, group_guid, code_id``.

    Raises
    ------
    InputError
        If the file is missing, not XML, not a codebook, or a code's GUID is bad or repeated.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path, expected="a .qdc codebook file")
    root = parse_xml(path.read_bytes(), str(path), "the codebook")
    if root.tag != "CodeBook":
        raise InputError(
            f"the root element is <{root.tag}>",
            path=path,
            location=f"line {root.sourceline}",
            expected="<CodeBook> (a REFI-QDA .qdc codebook)",
        )
    codebook = read_codes(child(root, "Codes"), str(path), None)
    if not with_groups:
        return codebook
    id_of = dict(zip(codebook["guid"].map(normalise_guid), codebook["code_id"], strict=True))
    return codebook, read_code_groups(child(root, "Sets"), id_of, str(path), None)


def write_qdc(codebook: pd.DataFrame, path: str | Path, *, origin: str = ORIGIN) -> Path:
    """Write the codebook table as a REFI-QDA codebook (.qdc).

    Parameters
    ----------
    codebook : DataFrame
        ``code_id, name, parent, definition, include, exclude, example`` (``guid`` and
        ``color`` are used when present: a code read from NVivo keeps its GUID).
    path : str or Path
        The ``.qdc`` file to write.
    origin : str
        ``CodeBook@origin``: the software that wrote the file.

    Returns
    -------
    Path

    Notes
    -----
    Each code's ``Description`` holds its definition followed by ``Include:``, ``Exclude:``,
    ``Example:`` and ``Code ID:`` paragraphs, which :func:`read_qdc` reads back into columns.
    GUIDs are fixed (uuid5 of the code_id), so the same codebook gives the same bytes.
    """
    tree = check_codebook(codebook, "write_qdc")
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS})
    root.set("origin", origin)
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    build_codes(codes, codebook, tree, code_guids(codebook), lambda tag: f"{{{CODEBOOK_NS}}}{tag}")
    if not len(codes):
        raise InputError("the codebook has no codes", path=path, expected="at least one code")
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return replace_file(Path(path), lambda handle: handle.write(data))
