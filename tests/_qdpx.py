"""REFI-QDA projects written the way each CAQDAS program writes them, for ingest's tests.

What differs between the programs (from their exports and QualCoder's importer notes):

========== ============ ================ ============= ======================= ==============
program    namespace    GUIDs            positions     text                    participants
========== ============ ================ ============= ======================= ==============
NVivo      1.0          {UPPER}, braced  UTF-16 units, internal file with BOM  cases with a
                                         CR LF as two                          classification
MAXQDA     1.0          lower            characters,   internal file           document
                                         CR LF as one                          variables
ATLAS.ti   1.0          UPPER            characters,   inline PlainTextContent document groups
                                         CR LF as one                          (``<Sets>``)
QualCoder  1.0          lower            characters    internal file, LF       cases
========== ============ ================ ============= ======================= ==============
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

VENDORS = ("nvivo", "maxqda", "atlas", "qualcoder")
ORIGINS = {
    "nvivo": "NVivo 14.24.0 (Windows)",
    "maxqda": "MAXQDA 24 (Release 24.2.0)",
    "atlas": "ATLAS.ti 23.2.1 Windows",
    "qualcoder": "QualCoder 3.5",
}


@dataclass
class Document:
    """One text source: its text with LF line ends, and the participant it is about."""

    name: str
    text: str
    case: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class Selection:
    """A code applied by ``user`` to ``document.text[start:end]`` (LF text, Python indices)."""

    document: str
    start: int
    end: int
    code: str
    user: str


@dataclass
class Code:
    name: str
    parent: str | None = None
    codable: bool = True
    color: str = "#1F77B4"
    description: str = ""


def _guid(seed: str, vendor: str) -> str:
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
    if vendor == "nvivo":
        return "{" + value.upper() + "}"
    return value.upper() if vendor == "atlas" else value


def _position(text_lf: str, index: int, vendor: str) -> int:
    """Where a program puts Python index ``index`` of the LF text, in the text it stores."""
    if vendor != "nvivo":  # characters; CR LF as one (MAXQDA, ATLAS.ti) or LF text (QualCoder)
        return index
    stored = text_lf[:index].replace("\n", "\r\n")
    return len(stored.encode("utf-16-le")) // 2


def write_project(
    path: Path,
    vendor: str,
    documents: list[Document],
    codes: list[Code],
    selections: list[Selection],
    *,
    whole_source: list[tuple[str, str, str]] = (),
    pdf: str | None = None,
) -> Path:
    """Write a ``.qdpx`` in ``vendor``'s shape; ``whole_source`` are (document, code, user)
    codings of a whole source, ``pdf`` the name of a PDF source with one coding."""
    users = sorted({s.user for s in selections} | {u for _, _, u in whole_source})
    g = {
        name: _guid(f"{vendor}:{path.name}:{name}", vendor)
        for name in _names(documents, codes, users)
    }
    crlf = vendor != "qualcoder"
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    creator = f' creatingUserGUID="{g["user:" + users[0]]}"' if users and vendor == "nvivo" else ""
    out.append(
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Study" origin="{ORIGINS[vendor]}"{creator}>'
    )
    if vendor != "atlas":  # ATLAS.ti exports without users in this shape: the coder is unknown
        out.append("<Users>")
        out += [f'<User guid="{g["user:" + u]}" name={quoteattr(u)}/>' for u in users]
        out.append("</Users>")
    out.append("<CodeBook><Codes>")
    out += _codes(codes, None, g)
    out.append("</Codes></CodeBook>")
    variables = sorted({k for d in documents for k in d.attributes})
    if variables and vendor != "atlas":
        out.append("<Variables>")
        out += [
            f'<Variable guid="{g["var:" + v]}" name={quoteattr(v)} typeOfVariable="Text"/>'
            for v in variables
        ]
        out.append("</Variables>")
    if vendor in ("nvivo", "qualcoder"):
        out.append("<Cases>")
        by_case: dict[str, list[Document]] = {}
        for document in documents:
            if document.case:
                by_case.setdefault(document.case, []).append(document)
        for case, docs in by_case.items():
            out.append(f'<Case guid="{g["case:" + case]}" name={quoteattr(case)}>')
            out += _values(docs[0].attributes, g)
            out += [f'<SourceRef targetGUID="{g["doc:" + d.name]}"/>' for d in docs]
            out.append("</Case>")
        out.append("</Cases>")
    out.append("<Sources>")
    files = {}
    for document in documents:
        stored = document.text.replace("\n", "\r\n") if crlf else document.text
        guid = g["doc:" + document.name]
        bare = guid.strip("{}")
        if vendor == "atlas":
            out.append(f'<TextSource guid="{guid}" name={quoteattr(document.name)}>')
            out.append(f"<PlainTextContent>{escape(stored)}</PlainTextContent>")
        else:
            out.append(
                f'<TextSource guid="{guid}" name={quoteattr(document.name)} '
                f'plainTextPath="internal://{bare}.txt">'
            )
            data = stored.encode("utf-8")
            files[f"sources/{bare}.txt"] = (b"\xef\xbb\xbf" + data) if vendor == "nvivo" else data
        for n, s in enumerate(x for x in selections if x.document == document.name):
            owner = f' creatingUser="{g["user:" + s.user]}"' if vendor != "atlas" else ""
            start = _position(document.text, s.start, vendor)
            end = _position(document.text, s.end, vendor)
            sel = _guid(f"sel:{document.name}:{n}:{s.user}", vendor)
            out.append(
                f'<PlainTextSelection guid="{sel}" startPosition="{start}" endPosition="{end}"{owner}>'
                f'<Coding guid="{_guid("c" + sel, vendor)}"{owner}>'
                f'<CodeRef targetGUID="{g["code:" + s.code]}"/></Coding></PlainTextSelection>'
            )
        for code, user in [(c, u) for d, c, u in whole_source if d == document.name]:
            out.append(
                f'<Coding guid="{_guid(f"{document.name}{code}{user}", vendor)}" '
                f'creatingUser="{g["user:" + user]}"><CodeRef targetGUID="{g["code:" + code]}"/></Coding>'
            )
        if vendor == "maxqda":
            out += _values(document.attributes, g)
        out.append("</TextSource>")
    if pdf:
        out.append(
            f'<PDFSource guid="{_guid(pdf, vendor)}" name={quoteattr(pdf)} path="internal://x.pdf">'
            f'<PDFSelection guid="{_guid(pdf + "s", vendor)}" page="1" firstX="0" firstY="0" '
            f'secondX="10" secondY="10"><Coding guid="{_guid(pdf + "c", vendor)}">'
            f'<CodeRef targetGUID="{g["code:" + codes[-1].name]}"/></Coding></PDFSelection>'
            "</PDFSource>"
        )
    out.append("</Sources>")
    if vendor == "atlas":
        groups: dict[str, list[str]] = {}
        for document in documents:
            for value in document.attributes.values():
                groups.setdefault(value, []).append(document.name)
        if groups:
            out.append("<Sets>")
            for group, names in groups.items():
                out.append(f'<Set guid="{_guid("set" + group, vendor)}" name={quoteattr(group)}>')
                out += [f'<MemberSource targetGUID="{g["doc:" + n]}"/>' for n in names]
                out.append("</Set>")
            out.append("</Sets>")
    out.append("</Project>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "\n".join(out))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _names(documents, codes, users):
    yield from (f"doc:{d.name}" for d in documents)
    yield from (f"case:{d.case}" for d in documents if d.case)
    yield from (f"var:{k}" for d in documents for k in d.attributes)
    yield from (f"code:{c.name}" for c in codes)
    yield from (f"user:{u}" for u in users)


def _codes(codes: list[Code], parent: str | None, g) -> list[str]:
    out = []
    for code in (c for c in codes if c.parent == parent):
        out.append(
            f'<Code guid="{g["code:" + code.name]}" name={quoteattr(code.name)} '
            f'isCodable="{"true" if code.codable else "false"}" color="{code.color}">'
        )
        if code.description:
            out.append(f"<Description>{escape(code.description)}</Description>")
        out += _codes(codes, code.name, g)
        out.append("</Code>")
    return out


def _values(attributes: dict[str, str], g) -> list[str]:
    return [
        f'<VariableValue><VariableRef targetGUID="{g["var:" + k]}"/>'
        f"<TextValue>{escape(v)}</TextValue></VariableValue>"
        for k, v in sorted(attributes.items())
    ]


def write_qdpx_study(
    folder: Path, vendors=("nvivo",), *, n_interviews: int = 24, seed: int = 0
) -> Path:
    """A study folder holding only CAQDAS projects: ``n_interviews`` generated physiotherapy
    interviews on five themes (each with an emoji), cases with role and site, a codebook with a
    non-codable category over the themes, and two coders who code each answer with its theme
    (the second misses one answer in five and codes one in ten with a wrong theme). With one
    vendor, one project holds both coders; with two, each coder's project is in the shape of
    one vendor (``coder_a.qdpx``, ``coder_b.qdpx``)."""
    import random

    from _studies import LABELS, THEMES

    rng = random.Random(seed)
    names = list(THEMES)
    codes = [Code("Themes", codable=False, description="What the interviews were about")]
    codes += [
        Code(name.capitalize(), parent="Themes", description=THEMES[name][0]) for name in names
    ]
    docs, chosen = [], []
    for i in range(n_interviews):
        pid = f"CP{i + 1:02d}"
        asker, answerer = LABELS[i % len(LABELS)]
        lines = [f"{asker}: Thank you for talking to me today.", f"{answerer}: Happy to help 😀."]
        answers = []
        for theme in rng.sample(names, 4):
            question, sentences = THEMES[theme]
            lines.append(f"{asker}: {question}")
            answer = " ".join(rng.sample(sentences, 3))
            lines.append(f"{answerer}: {answer}")
            answers.append((theme, answer))
        text = "\n".join(lines) + "\n"
        role = ("physiotherapist", "patient", "carer")[i % 3]
        name = f"{pid} interview.docx"
        docs.append(Document(name, text, pid, {"Role": role, "Site": ("north", "south")[i % 2]}))
        for theme, answer in answers:
            start = text.index(answer)
            chosen.append(
                Selection(name, start, start + len(answer), theme.capitalize(), "Coder A")
            )
            draw = rng.random()
            if draw < 0.2:
                continue
            other = rng.choice([n for n in names if n != theme]) if draw > 0.9 else theme
            chosen.append(
                Selection(name, start, start + len(answer), other.capitalize(), "Coder B")
            )
    folder.mkdir(parents=True, exist_ok=True)
    if len(vendors) == 1:
        write_project(folder / "physio.qdpx", vendors[0], docs, codes, chosen)
        return folder
    for vendor, coder in zip(vendors, ("Coder A", "Coder B"), strict=True):
        mine = [s for s in chosen if s.user == coder]
        name = coder.lower().replace(" ", "_")
        write_project(folder / f"{name}.qdpx", vendor, docs, codes, mine)
    return folder
