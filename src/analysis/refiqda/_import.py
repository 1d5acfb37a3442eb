"""Coded selections of a .qdpx project onto the study's segments (``analysis import-qdpx``)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath

import pandas as pd

from analysis.errors import InputError
from analysis.refiqda._common import (
    ASSISTED_BRANCH,
    ASSISTED_ROOT_ID,
    TOPICS_BRANCH,
    TOPICS_ROOT_ID,
)
from analysis.refiqda._read import QdpxProject, read_qdpx

CODING_COLUMNS = ["segment_id", "code_id", "coder"]
UNMAPPED_COLUMNS = [
    "source_name",
    "selection_guid",
    "start",
    "end",
    "code_id",
    "coder",
    "reason",
    "source_line",
]
SOURCE_REPORT_COLUMNS = ["source_guid", "source_name", "doc_id", "matched_by", "codings", "mapped"]
# Below this share of its characters found in the document, a source is not the same text.
MIN_ALIGNED_SHARE = 0.8
_MACHINE_ROOTS = {TOPICS_ROOT_ID, ASSISTED_ROOT_ID, TOPICS_BRANCH, ASSISTED_BRANCH}


@dataclass
class ImportReport:
    """What :func:`import_project` did with each source and selection.

    Attributes
    ----------
    file, origin, positions : str
        The .qdpx file, the software that wrote it, and how its positions were counted.
    sources : DataFrame
        ``source_guid, source_name, doc_id, matched_by, codings, mapped``: the document each
        text source was matched to (``text``, ``name``, ``source_map``, or empty) and how many
        of its codings mapped onto segments.
    unmapped : DataFrame
        ``source_name, selection_guid, start, end, code_id, coder, reason, source_line``: every
        coding that codes no segment, with the reason and its line in ``project.qde``.
    machine_codings : int
        Codings under "Topics (model)" or "Suggested codes (assisted)", left out of the codings.
    notes : list of str
    set_aside : list of InputError
    """

    file: str
    origin: str
    positions: str
    sources: pd.DataFrame
    unmapped: pd.DataFrame
    machine_codings: int = 0
    notes: list[str] = field(default_factory=list)
    set_aside: list[InputError] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as short lines for the command line."""
        mapped = int(self.sources["mapped"].sum()) if len(self.sources) else 0
        matched = int((self.sources["doc_id"] != "").sum()) if len(self.sources) else 0
        out = [
            f"{self.file}: written by {self.origin or 'unknown software'}, positions counted "
            f"in {'UTF-16 code units' if self.positions == 'utf16' else 'characters'}",
            f"{matched} of {len(self.sources)} text sources matched to documents; "
            f"{mapped} codings mapped onto segments; {len(self.unmapped)} not mapped",
        ]
        if self.machine_codings:
            out.append(f"{self.machine_codings} topic/assisted codings left out")
        out += [
            f"not mapped: project.qde line {row.source_line}, {row.source_name} "
            f"{row.start}-{row.end} {row.code_id} ({row.coder}): {row.reason}"
            for row in self.unmapped.itertuples(index=False)
        ]
        out += self.notes + [f"set aside: {error}" for error in self.set_aside]
        return out


def import_project(
    path: str | Path,
    segments: pd.DataFrame,
    documents: Mapping[str, str],
    *,
    positions: str = "auto",
    newlines: str = "auto",
    source_map: Mapping[str, str] | None = None,
    on_error: str = "stop",
) -> tuple[pd.DataFrame, pd.DataFrame, ImportReport]:
    """Read a .qdpx project and map its coded selections onto the study's segments.

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file.
    segments : DataFrame
        ``segment_id, doc_id, char_start, char_end`` into the pseudonymised documents.
    documents : mapping
        doc_id → pseudonymised document text.
    positions : {"auto", "unicode", "utf16"}
        See :func:`read_qdpx`.
    newlines : {"auto", "two", "one"}
        How the file counts a CR LF line end; see :func:`read_qdpx`.
    source_map : mapping, optional
        Source name (or GUID) → doc_id, for sources whose name and text match no document.
    on_error : {"stop", "skip"}
        See :func:`read_qdpx`.

    Returns
    -------
    codings : DataFrame
        ``segment_id, code_id, coder``, one row per code a coder applied to a segment.
    codebook : DataFrame
        The project's codebook (``+ guid, color``), without the topic and assisted branches.
    report : ImportReport

    Notes
    -----
    A source is matched to the document with the same text, else the same name (with or without
    its extension, ignoring case). When the matched document's text differs (a source coded
    before pseudonymisation, or with Windows line endings), positions are carried across by
    aligning the two texts line by line and word by word; a boundary inside changed text moves
    outwards. A selection codes a segment by the rule ingest uses
    (:func:`analysis.ingest._codings.map_ranges`): it covers at least half of the segment, or at
    least half of it lies inside the segment.
    """
    project = read_qdpx(path, positions=positions, newlines=newlines, on_error=on_error)
    codings, unmapped, sources, machine = map_selections(
        project, segments, documents, source_map=source_map, path=str(path)
    )
    codebook = project.codebook[~project.codebook["code_id"].isin(machine_codes(project))]
    report = ImportReport(
        file=str(path),
        origin=project.origin,
        positions=project.positions,
        sources=sources,
        unmapped=unmapped,
        machine_codings=machine,
        notes=list(project.notes),
        set_aside=list(project.set_aside),
    )
    return codings, codebook.reset_index(drop=True), report


def machine_codes(project: QdpxProject) -> set[str]:
    """The code_ids in the "Topics (model)" and "Suggested codes (assisted)" branches."""
    parents = dict(zip(project.codebook["code_id"], project.codebook["parent"], strict=True))
    names = dict(zip(project.codebook["code_id"], project.codebook["name"], strict=True))
    machine = set()
    for code_id in parents:
        root = code_id
        while parents.get(root) is not None:
            root = parents[root]
        if root in _MACHINE_ROOTS or names[root] in _MACHINE_ROOTS:
            machine.add(code_id)
    return machine


def map_selections(project, segments, documents, *, source_map=None, path=""):
    """Codings (segment_id, code_id, coder), unmapped codings, the source report, machine count."""
    from analysis.ingest._codings import map_ranges

    missing = [c for c in ("segment_id", "doc_id", "char_start", "char_end") if c not in segments]
    if missing:
        raise InputError(
            f"the segments table has no column {missing[0]!r}",
            expected="segment_id, doc_id, char_start, char_end",
        )
    machine = machine_codes(project)
    selections = project.selections
    is_machine = selections["code_id"].isin(machine)
    selections = selections[~is_machine].reset_index(drop=True)
    matches = _match_sources(project.sources, documents, source_map or {}, path)
    parts, unmapped, report = [], [], []
    for source in project.sources.itertuples(index=False):
        mine = selections[selections["source_guid"] == source.source_guid]
        doc_id, matched_by = matches[source.source_guid]
        mapped = 0
        if not doc_id:
            reason = "no document has this source's name or text"
            unmapped += [(row, reason) for row in mine.itertuples(index=False)]
        elif len(mine):
            aligned = _Aligned(source.text, str(documents[doc_id]))
            if aligned.share < MIN_ALIGNED_SHARE:
                reason = f"document '{doc_id}' has the source's name but not its text"
                unmapped += [(row, reason) for row in mine.itertuples(index=False)]
            else:
                ranges = pd.DataFrame(
                    {
                        "doc_id": doc_id,
                        "char_start": mine["start"].to_numpy(),
                        "char_end": mine["end"].to_numpy(),
                        "code_id": mine["code_id"].to_numpy(),
                        "coder": mine["coder"].to_numpy(),
                        "source_line": range(len(mine)),
                    }
                )
                found, missed = map_ranges(
                    ranges, segments, {doc_id: aligned}, path=path, on_bad=_raise
                )
                parts.append(found[CODING_COLUMNS])
                missed_rows = {line: reason for line, reason in missed}
                for i, row in enumerate(mine.itertuples(index=False)):
                    if i in missed_rows:
                        unmapped.append((row, missed_rows[i]))
                mapped = len(mine) - len(missed_rows)
        report.append(
            (source.source_guid, source.source_name, doc_id, matched_by, len(mine), mapped)
        )
    codings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CODING_COLUMNS)
    codings = (
        codings.drop_duplicates(subset=CODING_COLUMNS)
        .sort_values(CODING_COLUMNS)
        .reset_index(drop=True)
    )
    unmapped_table = pd.DataFrame(
        [
            (row.source_name, row.selection_guid, row.start, row.end, row.code_id, row.coder)
            + (why, row.source_line)
            for row, why in unmapped
        ],
        columns=UNMAPPED_COLUMNS,
    )
    sources = pd.DataFrame(report, columns=SOURCE_REPORT_COLUMNS)
    return codings, unmapped_table, sources, int(is_machine.sum())


def _raise(error: InputError) -> None:
    raise error


def _match_sources(sources: pd.DataFrame, documents, source_map, path) -> dict[str, tuple]:
    by_text: dict[str, list[str]] = {}
    by_name: dict[str, str] = {}
    for doc_id in sorted(documents):
        by_text.setdefault(str(documents[doc_id]), []).append(doc_id)
        by_name.setdefault(str(doc_id).lower(), doc_id)
    matches = {}
    for source in sources.itertuples(index=False):
        names = {source.source_name.lower(), PurePosixPath(source.source_name).stem.lower()}
        named = [by_name[name] for name in sorted(names) if name in by_name]
        wanted = source_map.get(source.source_name) or source_map.get(source.source_guid)
        if wanted is not None:
            if wanted not in documents:
                raise InputError(
                    f"source_map sends source {source.source_name!r} to the unknown document "
                    f"{wanted!r}",
                    path=path,
                    expected="a doc_id of the study",
                )
            matches[source.source_guid] = (wanted, "source_map")
        elif source.text in by_text:
            same = by_text[source.text]
            preferred = [doc for doc in same if doc in named]
            matches[source.source_guid] = ((preferred or same)[0], "text")
        elif named:
            matches[source.source_guid] = (named[0], "name")
        else:
            matches[source.source_guid] = ("", "")
    return matches


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_WORD = re.compile(r"\w+|\s+|[^\w\s]")


class _Aligned:
    """Carries positions in a source's text to positions in the study's version of that text.

    Duck-types the ``original_length``/``map_span`` of a pseudonymised document, so ingest's
    ``map_ranges`` applies its rule unchanged.
    """

    def __init__(self, source: str, document: str) -> None:
        self.original_length = len(source)
        self.same = source == document
        self.share = 1.0
        if self.same:
            return
        blocks = _equal_blocks(source, document)
        self.share = sum(n for _, _, n in blocks) / max(len(source), 1)
        self.a_starts = [a for a, _, _ in blocks]
        self.blocks = blocks
        self.length = len(document)

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        if self.same:
            return start, end
        return self._move(start, is_end=False), self._move(end, is_end=True)

    def _move(self, position: int, *, is_end: bool) -> int:
        k = bisect_right(self.a_starts, position) - 1
        if k >= 0:
            a, b, n = self.blocks[k]
            if position <= a + n:
                return b + position - a
        if is_end:
            return self.blocks[k + 1][1] if k + 1 < len(self.blocks) else self.length
        return self.blocks[k][1] + self.blocks[k][2] if k >= 0 else 0


def _equal_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """``(a_start, b_start, length)`` of the stretches two texts share, in order.

    Lines are matched first (ignoring their line endings), then words inside changed lines, so
    texts of hundreds of thousands of characters align in well under a second.
    """
    lines_a = [(m.start(), m.group()) for m in _LINE.finditer(a) if m.group()]
    lines_b = [(m.start(), m.group()) for m in _LINE.finditer(b) if m.group()]
    keys_a = [line.rstrip("\r\n") for _, line in lines_a]
    keys_b = [line.rstrip("\r\n") for _, line in lines_b]
    blocks = []
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if keys_a[i]:
                    blocks.append((lines_a[i][0], lines_b[j][0], len(keys_a[i])))
            continue
        a0 = lines_a[i1][0] if i1 < len(lines_a) else len(a)
        a1 = lines_a[i2][0] if i2 < len(lines_a) else len(a)
        b0 = lines_b[j1][0] if j1 < len(lines_b) else len(b)
        b1 = lines_b[j2][0] if j2 < len(lines_b) else len(b)
        blocks += _word_blocks(a, a0, a1, b, b0, b1)
    return blocks


def _word_blocks(a, a0, a1, b, b0, b1) -> list[tuple[int, int, int]]:
    words_a = [(m.start() + a0, m.group()) for m in _WORD.finditer(a[a0:a1])]
    words_b = [(m.start() + b0, m.group()) for m in _WORD.finditer(b[b0:b1])]
    matcher = SequenceMatcher(
        None, [w for _, w in words_a], [w for _, w in words_b], autojunk=False
    )
    blocks = []
    for i, j, n in matcher.get_matching_blocks():
        if n:
            start_a, start_b = words_a[i][0], words_b[j][0]
            last_a = words_a[i + n - 1]
            blocks.append((start_a, start_b, last_a[0] + len(last_a[1]) - start_a))
    return blocks
