"""Read REFI-QDA projects (.qdpx) into tidy tables: sources, codes, users, selections, cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from lxml import etree

from analysis.errors import InputError
from analysis.refiqda._archive import Archive, text_locations
from analysis.refiqda._codes import read_code_groups, read_codes
from analysis.refiqda._common import (
    NEWLINE_COUNTS,
    POSITION_UNITS,
    PositionMap,
    child,
    children,
    normalise_guid,
    parse_xml,
    where,
)
from analysis.validation import check_option

SOURCE_COLUMNS = ["source_guid", "source_name", "text", "plain_text_path"]
USER_COLUMNS = ["user_guid", "coder"]
SELECTION_COLUMNS = [
    "selection_guid",
    "source_guid",
    "source_name",
    "start",
    "end",
    "code_id",
    "coder",
    "text",
    "source_line",
    "scope",
]
OTHER_SOURCE_COLUMNS = ["source_guid", "source_name", "kind", "codings"]
SOURCE_GROUP_COLUMNS = ["group", "group_guid", "source_guid"]
CASE_SOURCE_COLUMNS = ["case", "case_guid", "source_guid", "source_name"]
_VALUE_ELEMENTS = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


@dataclass
class QdpxProject:
    """A REFI-QDA project as tables.

    Attributes
    ----------
    name, origin : str
        The project's name and the software that wrote it (``Project@origin``).
    positions : {"unicode", "utf16"}
        How the file counted selection positions; ``start``/``end`` below are always in Unicode
        characters (Python string indices) into the source's text.
    newlines : {"two", "one"}
        How the file counted a CR LF line end.
    sources : DataFrame
        ``source_guid, source_name, text, plain_text_path``: one row per text source.
    codebook : DataFrame
        ``code_id, name, parent, definition, include, exclude, example, guid, color,
        codable``.
    code_groups : DataFrame
        ``group, group_guid, code_id`` (ATLAS.ti code groups, written as ``<Sets>``).
    users : DataFrame
        ``user_guid, coder``.
    selections : DataFrame
        ``selection_guid, source_guid, source_name, start, end, code_id, coder, text,
        source_line, scope``: one row per code applied to a text selection; ``scope`` is
        ``"selection"``, or ``"source"`` for a coding of the whole source (a ``<Coding>``
        directly under the ``<TextSource>``).
    cases : DataFrame
        ``case_guid, case`` and one column per variable (values as text).
    case_sources : DataFrame
        ``case, case_guid, source_guid, source_name``.
    source_variables : DataFrame
        ``source_guid`` and one column per variable given on sources (MAXQDA's document
        variables), values as text.
    source_groups : DataFrame
        ``group, group_guid, source_guid``: document groups (ATLAS.ti writes them as
        ``<Sets>`` with ``<MemberSource>``).
    other_sources : DataFrame
        ``source_guid, source_name, kind, codings``: the sources that are not text
        (``PDFSource``, ``PictureSource``, ``AudioSource``, ``VideoSource``) and how many
        codings each holds; they map onto no segment.
    notes : list of str
        What was read but not turned into tables (pictures, audio, notes).
    set_aside : list of InputError
        Elements skipped with ``on_error="skip"``.
    """

    name: str
    origin: str
    positions: str
    sources: pd.DataFrame
    codebook: pd.DataFrame
    code_groups: pd.DataFrame
    users: pd.DataFrame
    selections: pd.DataFrame
    cases: pd.DataFrame
    case_sources: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    set_aside: list[InputError] = field(default_factory=list)
    newlines: str = "two"
    source_variables: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["source_guid"])
    )
    source_groups: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=SOURCE_GROUP_COLUMNS)
    )
    other_sources: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=OTHER_SOURCE_COLUMNS)
    )


def read_qdpx(
    path: str | Path, *, positions: str = "auto", newlines: str = "auto", on_error: str = "stop"
) -> QdpxProject:
    """Read a REFI-QDA project (.qdpx) into tables.

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file: a zip archive with ``project.qde`` and the sources' text.
    positions : {"auto", "unicode", "utf16"}
        How the file counts selection positions. NVivo counts UTF-16 code units (an emoji takes
        two); the other programs count characters. ``"auto"`` takes UTF-16 when
        ``Project@origin`` names NVivo.
    newlines : {"auto", "two", "one"}
        How the file counts a Windows line end (CR LF) in a source's text: as two positions
        (Python, NVivo, QualCoder) or as one (ATLAS.ti; MAXQDA counts on the text with LF line
        ends, which comes to the same). ``"auto"`` takes one when ``Project@origin`` names
        ATLAS.ti or MAXQDA. Texts without CR LF read the same either way.
    on_error : {"stop", "skip"}
        ``"stop"`` raises the first bad element; ``"skip"`` leaves it out and lists it in
        ``set_aside``. A damaged archive or XML always raises.

    Returns
    -------
    QdpxProject

    Raises
    ------
    InputError
        Naming the file and the entry, line and element at fault: not a zip, no project.qde,
        XML that is not well-formed, a selection outside its source or coded with an unknown
        code, a case naming an unknown source or variable, a source whose text is missing.
    """
    check_option(positions, "positions", "read_qdpx", POSITION_UNITS)
    check_option(newlines, "newlines", "read_qdpx", NEWLINE_COUNTS)
    check_option(on_error, "on_error", "read_qdpx", ("stop", "skip"))
    path = Path(path)
    with Archive(path) as archive:
        entry = archive.project_entry()
        root = parse_xml(archive.read(entry), str(path), entry)
        if root.tag != "Project":
            raise InputError(
                f"the root element is <{root.tag}>",
                path=path,
                location=f"{entry}, line {root.sourceline}",
                expected="<Project> (a REFI-QDA project)",
            )
        reader = _ProjectReader(path, archive, entry, root, positions, newlines, on_error)
        return reader.read()


class _ProjectReader:
    def __init__(self, path, archive, entry, root, positions, newlines, on_error):
        self.path, self.archive, self.entry, self.root = path, archive, entry, root
        self.origin = root.get("origin") or ""
        if positions == "auto":
            positions = "utf16" if "nvivo" in self.origin.lower() else "unicode"
        if newlines == "auto":
            counts_one = any(name in self.origin.lower() for name in ("atlas", "maxqda"))
            newlines = "one" if counts_one else "two"
        self.positions = positions
        self.newlines = newlines
        self.on_error = on_error
        self.set_aside: list[InputError] = []
        self.notes: list[str] = []

    def problem(self, message: str, element, expected: str) -> None:
        error = InputError(
            message, path=self.path, location=where(element, self.entry), expected=expected
        )
        if self.on_error == "stop":
            raise error
        self.set_aside.append(error)

    def read(self) -> QdpxProject:
        root = self.root
        users = self._users()
        self.coder_of = dict(zip(users["user_guid"], users["coder"], strict=True))
        codebook_element = child(root, "CodeBook")
        codes = child(codebook_element, "Codes") if codebook_element is not None else None
        codebook = read_codes(codes, str(self.path), self.entry)
        keys = codebook["guid"].map(normalise_guid)
        self.code_of = dict(zip(keys, codebook["code_id"], strict=True))
        code_groups = read_code_groups(
            child(root, "Sets"), self.code_of, str(self.path), self.entry
        )
        self.variables = self._variables()
        sources, selections, all_sources, other, source_variables = self._sources()
        cases, case_sources = self._cases(all_sources)
        return QdpxProject(
            name=root.get("name") or "",
            origin=self.origin,
            positions=self.positions,
            newlines=self.newlines,
            sources=sources,
            codebook=codebook,
            code_groups=code_groups,
            users=users,
            selections=selections,
            cases=cases,
            case_sources=case_sources,
            notes=self.notes,
            set_aside=self.set_aside,
            source_variables=source_variables,
            source_groups=self._source_groups(child(root, "Sets"), all_sources),
            other_sources=other,
        )

    def _users(self) -> pd.DataFrame:
        rows = []
        holder = child(self.root, "Users")
        for user in children(holder, "User") if holder is not None else []:
            guid = normalise_guid(user.get("guid"))
            if guid is None:
                self.problem(
                    f"user has the GUID {user.get('guid')!r}", user, "a GUID for each user"
                )
                continue
            rows.append((guid, (user.get("name") or user.get("id") or guid).strip() or guid))
        return pd.DataFrame(rows, columns=USER_COLUMNS).astype("str")

    def _coder(self, *elements) -> str:
        for element in elements:
            raw = element.get("creatingUser")
            if raw:
                guid = normalise_guid(raw) or raw
                return self.coder_of.get(guid, guid)
        default = normalise_guid(self.root.get("creatingUserGUID") or "")
        return self.coder_of.get(default, "unknown") if default else "unknown"

    def _sources(self):
        source_rows, selection_rows = [], []
        all_sources: dict[str, str] = {}
        holder = child(self.root, "Sources")
        elements = list(holder.iterchildren(etree.Element)) if holder is not None else []
        skipped, other_rows, variable_rows = {}, [], []
        for element in elements:
            guid = normalise_guid(element.get("guid"))
            name = (element.get("name") or "").strip()
            if guid is None:
                self.problem(
                    f"source {name!r} has the GUID {element.get('guid')!r}",
                    element,
                    "a GUID for each source",
                )
                continue
            all_sources[guid] = name or guid
            if element.tag != "TextSource":
                skipped[element.tag] = skipped.get(element.tag, 0) + 1
                codings = len(element.xpath(".//*[local-name()='Coding']"))
                other_rows.append((guid, name or guid, str(element.tag), codings))
                continue
            text = self._text_of(element, name or guid)
            if text is None:
                continue
            values = self._values(element, f"source {name or guid!r}")
            if values:
                variable_rows.append({"source_guid": guid, **values})
            plain_path = element.get("plainTextPath") or ""
            source_rows.append((guid, name or guid, text, plain_path))
            selection_rows += self._selections(element, guid, name or guid, text)
        for tag, count in sorted(skipped.items()):
            self.notes.append(
                f"{count} {tag} source(s) not read: only text sources map onto segments"
            )
        sources = pd.DataFrame(source_rows, columns=SOURCE_COLUMNS)
        selections = pd.DataFrame(selection_rows, columns=SELECTION_COLUMNS)
        selections = selections.astype({"start": "int64", "end": "int64", "source_line": "int64"})
        other = pd.DataFrame(other_rows, columns=OTHER_SOURCE_COLUMNS)
        names = [c for c in dict.fromkeys(k for row in variable_rows for k in row) if c]
        source_variables = pd.DataFrame(variable_rows, columns=names or ["source_guid"])
        return sources, selections, all_sources, other, source_variables

    def _text_of(self, element, name: str) -> str | None:
        content = child(element, "PlainTextContent")
        if content is not None:
            return content.text or ""
        plain_path = element.get("plainTextPath")
        if not plain_path:
            self.problem(
                f"text source {name!r} has neither plainTextPath nor PlainTextContent",
                element,
                "the source's plain text",
            )
            return None
        for kind, place in text_locations(plain_path, self.root.get("basePath"), self.path):
            data = None
            if kind == "archive":
                found = self.archive.find(place)
                if found is not None:
                    data = self.archive.read(found)
            elif Path(place).is_file():
                try:
                    data = Path(place).read_bytes()
                except OSError as error:
                    self.problem(
                        f"the text of source {name!r} ({place}) cannot be read: {error.strerror}",
                        element,
                        "a readable file",
                    )
                    return None
            if data is not None:
                try:
                    return data.decode("utf-8-sig")
                except UnicodeDecodeError as error:
                    self.problem(
                        f"the text of source {name!r} ({place}) is not UTF-8: byte "
                        f"{data[error.start]:#04x} at offset {error.start}",
                        element,
                        "UTF-8 text, as REFI-QDA requires",
                    )
                    return None
        self.problem(
            f"the text of source {name!r} is missing: {plain_path!r} is neither in the archive "
            "nor on disk",
            element,
            "the file that plainTextPath names",
        )
        return None

    def _selections(self, source, source_guid: str, source_name: str, text: str) -> list[tuple]:
        rows = []
        utf16, crlf_as_one = self.positions == "utf16", self.newlines == "one" and "\r\n" in text
        position_map = (
            PositionMap(text, utf16=utf16, crlf_as_one=crlf_as_one)
            if utf16 or crlf_as_one
            else None
        )
        length = position_map.counted_length if position_map else len(text)
        for coding in children(source, "Coding"):  # the whole source coded
            rows += self._codings(coding, source, 0, len(text), source_guid, source_name, text)
        for selection in children(source, "PlainTextSelection"):
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
            except ValueError:
                self.problem(
                    "selection positions are not whole numbers",
                    selection,
                    "startPosition and endPosition as whole numbers",
                )
                continue
            if not 0 <= start < end <= length:
                units = "UTF-16 code units" if utf16 else "characters"
                units += ", a CR LF counted as one" if crlf_as_one else ""
                self.problem(
                    f"selection {start}-{end} lies outside source {source_name!r} "
                    f"({length} {units})",
                    selection,
                    "0 <= startPosition < endPosition <= the source's length",
                )
                continue
            if position_map is not None:
                start = position_map.to_unicode(start)
                end = position_map.to_unicode(end, round_up=True)
            rows += self._codings(
                None, selection, start, end, source_guid, source_name, text, selection
            )
        return rows

    def _codings(self, one, holder, start, end, source_guid, source_name, text, selection=None):
        rows = []
        for coding in [one] if one is not None else children(holder, "Coding"):
            ref = child(coding, "CodeRef")
            raw = ref.get("targetGUID") if ref is not None else None
            code_id = self.code_of.get(normalise_guid(raw) or "")
            if code_id is None:
                self.problem(
                    f"coding in source {source_name!r} refers to the unknown code {raw!r}",
                    ref if ref is not None else coding,
                    "the GUID of a code in the project's codebook",
                )
                continue
            owner = selection if selection is not None else coding
            guid = normalise_guid(owner.get("guid")) or ""
            coder = self._coder(coding, holder)
            rows.append(
                (guid, source_guid, source_name, start, end, code_id, coder, text[start:end])
                + (coding.sourceline or 0, "selection" if selection is not None else "source")
            )
        return rows

    def _variables(self) -> dict[str, str]:
        variables = {}
        holder = child(self.root, "Variables")
        for variable in children(holder, "Variable") if holder is not None else []:
            guid = normalise_guid(variable.get("guid"))
            if guid is not None:
                variables[guid] = (variable.get("name") or guid).strip()
        return variables

    def _values(self, element, owner: str) -> dict[str, str | None]:
        """The ``<VariableValue>`` children of a case or source, by variable name."""
        row = {}
        for value in children(element, "VariableValue"):
            ref = child(value, "VariableRef")
            raw = ref.get("targetGUID") if ref is not None else None
            variable = self.variables.get(normalise_guid(raw) or "")
            if variable is None:
                self.problem(
                    f"{owner} has a value for the unknown variable {raw!r}",
                    value,
                    "the GUID of a variable in <Variables>",
                )
                continue
            given = [child(value, tag) for tag in _VALUE_ELEMENTS]
            given = [element for element in given if element is not None]
            row[variable] = (given[0].text or "").strip() if given else None
        return row

    def _source_groups(self, sets, all_sources: dict[str, str]) -> pd.DataFrame:
        rows = []
        for element in children(sets, "Set") if sets is not None else []:
            group = (element.get("name") or "").strip()
            group_guid = normalise_guid(element.get("guid")) or ""
            for member in children(element, "MemberSource"):
                guid = normalise_guid(member.get("targetGUID"))
                if guid in all_sources:
                    rows.append((group, group_guid, guid))
                else:
                    self.problem(
                        f"set {group!r} names the unknown source {member.get('targetGUID')!r}",
                        member,
                        "the GUID of a source in <Sources>",
                    )
        return pd.DataFrame(rows, columns=SOURCE_GROUP_COLUMNS).astype("str")

    def _cases(self, all_sources: dict[str, str]):
        names = list(dict.fromkeys(self.variables.values()))
        case_rows, link_rows = [], []
        holder = child(self.root, "Cases")
        for case in children(holder, "Case") if holder is not None else []:
            guid = normalise_guid(case.get("guid")) or ""
            name = (case.get("name") or guid).strip()
            case_rows.append(
                {"case_guid": guid, "case": name, **self._values(case, f"case {name!r}")}
            )
            for ref in children(case, "SourceRef"):
                source = normalise_guid(ref.get("targetGUID"))
                if source not in all_sources:
                    self.problem(
                        f"case {name!r} refers to the unknown source {ref.get('targetGUID')!r}",
                        ref,
                        "the GUID of a source in <Sources>",
                    )
                    continue
                link_rows.append((name, guid, source, all_sources[source]))
        cases = pd.DataFrame(case_rows, columns=["case_guid", "case", *names])
        case_sources = pd.DataFrame(link_rows, columns=CASE_SOURCE_COLUMNS)
        return cases, case_sources
