"""The vendored REFI-QDA schemas (Codebook.xsd, Project.xsd) and validation against them."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from analysis.errors import InputError
from analysis.refiqda._archive import Archive
from analysis.refiqda._common import safe_parser
from analysis.validation import check_option

SCHEMA_FILES = {"codebook": "Codebook.xsd", "project": "Project.xsd"}


def schema_path(kind: str) -> Path:
    """The vendored schema file: ``"codebook"`` (.qdc) or ``"project"`` (project.qde).

    >>> schema_path("project").name
    'Project.xsd'
    """
    check_option(kind, "kind", "schema_path", SCHEMA_FILES)
    return Path(str(resources.files("analysis.refiqda") / "schemas" / SCHEMA_FILES[kind]))


@cache
def _schema(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_path(kind)), parser=safe_parser()))


def _problems(data: bytes, kind: str, path: str, where: str | None) -> list[str]:
    try:
        document = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise InputError(
            f"not well-formed XML: {error.msg}",
            path=path,
            location=", ".join(p for p in (where, f"line {error.lineno}") if p),
            expected="a REFI-QDA XML file",
        ) from None
    schema = _schema(kind)
    if schema.validate(document):
        return []
    prefix = f"{where}, " if where else ""
    return [f"{prefix}line {e.line}: {e.message}" for e in schema.error_log]


def validate_qdc(path: str | Path) -> list[str]:
    """Check a .qdc codebook against the REFI-QDA Codebook.xsd.

    Returns
    -------
    list of str
        One ``"line N: message"`` per schema violation; empty when the file is valid.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path, expected="a .qdc codebook file")
    return _problems(path.read_bytes(), "codebook", str(path), None)


def validate_qdpx(path: str | Path) -> list[str]:
    """Check the project.qde of a .qdpx project against the REFI-QDA Project.xsd.

    Also checks that every ``internal://`` text a source names is in the archive.

    Returns
    -------
    list of str
        One message per problem; empty when the project is valid.
    """
    path = Path(path)
    with Archive(path) as archive:
        entry = archive.project_entry()
        data = archive.read(entry)
        problems = _problems(data, "project", str(path), entry)
        root = etree.fromstring(data, parser=safe_parser())
        for element in root.iter(etree.Element):
            plain = element.get("plainTextPath") or ""
            if plain.lower().startswith("internal://"):
                name = "sources/" + plain[len("internal://") :]
                if archive.find(name) is None:
                    problems.append(f"{entry}, line {element.sourceline}: {name} is missing")
    return problems
