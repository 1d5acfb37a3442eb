"""What reading and writing REFI-QDA files share: namespaces, GUIDs, positions, descriptions."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

from lxml import etree

from analysis.errors import InputError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
# NVivo 12 for Mac writes the codebook namespace with a colon where the standard has a dot;
# QualCoder's importer accepts the draft standard's 0:4, which codebooks in the wild still carry
# (and the project namespace of the same draft).
CODEBOOK_NS_NVIVO_MAC = "urn:QDA-XML:codebook:1:0"
CODEBOOK_NS_DRAFT = "urn:QDA-XML:codebook:0:4"
PROJECT_NS_DRAFT = "urn:QDA-XML:project:0:4"
KNOWN_NAMESPACES = {
    PROJECT_NS,
    CODEBOOK_NS,
    CODEBOOK_NS_NVIVO_MAC,
    CODEBOOK_NS_DRAFT,
    PROJECT_NS_DRAFT,
    "",
}

CODEBOOK_TABLE_COLUMNS = [
    "code_id",
    "name",
    "parent",
    "definition",
    "include",
    "exclude",
    "example",
    "guid",
    "color",
    "codable",
]

# The branches that carry machine output, kept apart from the team's own codes.
TOPICS_BRANCH = "Topics (model)"
ASSISTED_BRANCH = "Suggested codes (assisted)"
TOPICS_USER = "analysis (topics)"
ASSISTED_USER = "analysis (assisted)"
TOPICS_ROOT_ID = "TOPICS-MODEL"
ASSISTED_ROOT_ID = "SUGGESTED-ASSISTED"

# Every GUID this package writes is a uuid5 of a fixed namespace and a readable key, so the same
# tables always give the same file and a code keeps its GUID from one export to the next.
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "analysis.refiqda")
_GUID_PATTERN = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
POSITION_UNITS = ("auto", "unicode", "utf16")


def make_guid(kind: str, *key: object) -> str:
    """A fixed GUID for one thing of one kind, e.g. ``make_guid("code", "HOLD")``.

    >>> make_guid("code", "HOLD") == make_guid("code", "HOLD") != make_guid("code", "DISC")
    True
    """
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join([kind, *map(str, key)])))


def normalise_guid(value: str | None) -> str | None:
    """A GUID as lower-case hex without braces; None when the text is not a GUID.

    >>> normalise_guid("{0A1B2C3D-0000-4000-8000-00000000000F}")
    '0a1b2c3d-0000-4000-8000-00000000000f'
    >>> normalise_guid("not-a-guid") is None
    True
    """
    if value is None:
        return None
    match = _GUID_PATTERN.match(value.strip())
    return match.group(1).lower() if match else None


def given_guid(value: str | None) -> str | None:
    """A GUID as the file wrote it (case and braces kept, spaces trimmed); None when not one.

    Tables keep this form so a re-export writes the code's GUID exactly as NVivo or MAXQDA
    gave it (strict tools compare the strings); lookups compare :func:`normalise_guid` forms.

    >>> given_guid(" {0A1B2C3D-0000-4000-8000-00000000000F} ")
    '{0A1B2C3D-0000-4000-8000-00000000000F}'
    """
    if value is None or not _GUID_PATTERN.match(value.strip()):
        return None
    return value.strip()


#: How a program counts a Windows line end (CR LF) in selection positions.
NEWLINE_COUNTS = ("auto", "two", "one")


class PositionMap:
    """Convert between positions in Unicode characters and the units a program counted in.

    NVivo counts positions in UTF-16 code units, so a character outside the Basic Multilingual
    Plane (an emoji, say) takes two; Python strings, QualCoder and MAXQDA count it as one.
    ATLAS.ti counts a Windows line end (CR LF) as one character, and MAXQDA counts on the text
    with LF line ends; Python counts two (``crlf_as_one``).

    >>> pm = PositionMap("a\\U0001F600b")
    >>> pm.counted_length, pm.to_unicode(3), pm.to_utf16(2)
    (4, 2, 3)
    >>> crlf = PositionMap("ab\\r\\ncd", utf16=False, crlf_as_one=True)
    >>> crlf.counted_length, crlf.to_unicode(3), crlf.to_unicode(3, round_up=True)
    (5, 4, 4)
    """

    def __init__(self, text: str, *, utf16: bool = True, crlf_as_one: bool = False) -> None:
        widths = [2 if utf16 and ord(ch) > 0xFFFF else 1 for ch in text]
        if crlf_as_one:
            for i in range(1, len(text)):
                if text[i] == "\n" and text[i - 1] == "\r":
                    widths[i] = 0  # the pair is one position, held by its CR
        self._ends: Sequence[int] = list(accumulate(widths, initial=0))
        self.length = len(text)
        #: The text's length in the program's units (UTF-16 units, or with CR LF as one).
        self.counted_length = self._ends[-1]
        self.simple = all(w == 1 for w in widths)

    def to_unicode(self, offset: int, *, round_up: bool = False) -> int:
        """The character offset of an offset in the program's units.

        An offset on a boundary goes after any character of no width there (a CR LF's LF), so
        a selection keeps the whole line end; one inside a surrogate pair is rounded outwards.
        """
        if self.simple:
            return offset
        index = bisect_right(self._ends, offset) - 1
        if self._ends[index] == offset or not round_up:
            return index
        return index + 1

    def to_utf16(self, offset: int) -> int:
        return offset if self.simple else self._ends[offset]


# The Description of a code carries the codebook's fields as labelled paragraphs, so NVivo,
# ATLAS.ti and MAXQDA show them to coders and the reader can take them apart again.
_LABELS = {"include": "Include", "exclude": "Exclude", "example": "Example", "code_id": "Code ID"}
_LABEL_PATTERN = re.compile(r"(?:\A|\n\n)(Include|Exclude|Example|Code ID): ")


def format_description(code: dict) -> str:
    """The Description text of a code: its definition, then labelled paragraphs.

    >>> print(format_description({"code_id": "HOLD", "definition": "Holding people.",
    ...                           "include": "", "exclude": "Signposting", "example": ""}))
    Holding people.
    <BLANKLINE>
    Exclude: Signposting
    <BLANKLINE>
    Code ID: HOLD
    """
    parts = [text_of(code.get("definition"))]
    for field, label in _LABELS.items():
        value = text_of(code.get(field))
        if value:
            parts.append(f"{label}: {value}")
    return "\n\n".join(part for part in parts if part)


def parse_description(text: str | None) -> dict[str, str]:
    """Split a Description written by :func:`format_description` back into fields.

    A description from other software has no labels and becomes the definition.

    >>> parse_description("Holding people.\\n\\nExclude: Signposting\\n\\nCode ID: HOLD")["exclude"]
    'Signposting'
    """
    fields = {"definition": "", "include": "", "exclude": "", "example": "", "code_id": ""}
    text = (text or "").strip()
    matches = list(_LABEL_PATTERN.finditer(text))
    fields["definition"] = text[: matches[0].start()].strip() if matches else text
    by_label = {label: field for field, label in _LABELS.items()}
    for match, following in zip(matches, [*matches[1:], None], strict=False):
        end = following.start() if following is not None else len(text)
        fields[by_label[match.group(1)]] = text[match.end() : end].strip()
    return fields


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """A table cell as text that XML 1.0 can hold (control characters dropped)."""
    return _XML_INVALID.sub("", text_of(value))


def text_of(value: object) -> str:
    """A table cell as text: missing values (None, NaN, NA) become the empty string."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN
            return ""
    except (TypeError, ValueError):
        pass
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return str(value)


def safe_parser() -> etree.XMLParser:
    """An XML parser that fetches nothing and expands no entities (no XXE, no billion laughs)."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )


def parse_xml(data: bytes, path: str, what: str) -> etree._Element:
    """Parse XML bytes and drop namespaces from tags, keeping line numbers for messages."""
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if getattr(error, "lineno", None) else None
        raise InputError(
            f"{what} is not well-formed XML: {error.msg}",
            path=path,
            location=f"line {line}" if line else None,
            expected="a REFI-QDA XML file",
        ) from None
    except ValueError as error:
        raise InputError(
            f"{what} cannot be read as XML: {error}", path=path, expected="a REFI-QDA XML file"
        ) from None
    namespace = etree.QName(root).namespace or ""
    if namespace not in KNOWN_NAMESPACES:
        raise InputError(
            f"{what} has the namespace '{namespace}'",
            path=path,
            location=f"line {root.sourceline}",
            expected=f"'{PROJECT_NS}' or '{CODEBOOK_NS}'",
        )
    for element in root.iter(etree.Element):
        element.tag = etree.QName(element).localname
    return root


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """The child elements called ``name`` (comments and other names skipped)."""
    return [child for child in element.iterchildren(etree.Element) if child.tag == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    found = children(element, name)
    return found[0] if found else None


def where(element: etree._Element, path_in_archive: str | None = None) -> str:
    """``"project.qde, line 12, <PlainTextSelection>"``-style location of an element."""
    parts = [path_in_archive] if path_in_archive else []
    if element.sourceline:
        parts.append(f"line {element.sourceline}")
    parts.append(f"<{element.tag}>")
    return ", ".join(parts)


def replace_file(path: Path, write) -> Path:
    """Write through a temporary file in the same folder, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False)
    try:
        with handle:
            write(handle)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path
