"""CAQDAS projects (.qdpx) in a study folder: their sources, cases, codebook and codings.

A ``.qdpx`` beside (or instead of) ``interviews/`` is read as part of the study:

- each text source is a document, its speaker turns parsed as a transcript's are (else one
  turn per paragraph); a source whose name is an interview's doc_id (or its file's name) is
  that interview, and only its codings are taken;
- each case is a participant (``role`` and ``site`` from variables of those names, any case;
  the other variables as further columns); a source without a case is a participant of its
  own, with the source's variables (MAXQDA's document variables) and groups (ATLAS.ti's
  document groups);
- the users are the coders, the codebook is a codebook version named by the file, and every
  coded selection is mapped onto segments by ingest's rule (:func:`map_ranges`).

Two projects holding the same source (two coders' exports of one set of transcripts) give one
document coded by both. Whatever cannot be mapped is set aside in the ingest report with its
reason: codings of a whole source, codings in PDF, picture, audio and video sources, selections
that cover no segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from analysis.errors import InputError
from analysis.ingest._codings import RANGE_COLUMNS, map_ranges
from analysis.ingest._interviews import DocumentReader

__all__ = ["PROJECT_SUFFIX", "ProjectsRead", "project_codings", "project_files", "read_projects"]

PROJECT_SUFFIX = ".qdpx"
#: File extensions CAQDAS programs keep in a source's name; other dots are part of the name.
_DOCUMENT_SUFFIXES = {".txt", ".docx", ".doc", ".rtf", ".odt", ".md", ".pdf", ".html", ".htm"}
_WHOLE_SOURCE = (
    "codes the whole document, not a passage of it: it maps onto no segment (code a passage, "
    "or record it as a participant attribute)"
)


def project_files(study_dir: Path) -> list[Path]:
    """The CAQDAS projects of a study: ``*.qdpx`` files at the top of its folder, by name."""
    return sorted(
        path
        for path in study_dir.iterdir()
        if path.is_file() and path.suffix.lower() == PROJECT_SUFFIX
    )


@dataclass
class _Pending:
    """One source's coded selections, waiting for the study's codebook to be settled."""

    file: str
    doc_id: str
    ranges: pd.DataFrame
    position_map: object


@dataclass
class ProjectsRead:
    """What a study's projects add to it (see :func:`read_projects`)."""

    interviews: pd.DataFrame
    segments: pd.DataFrame
    participants: pd.DataFrame
    documents: dict[str, str]
    doc_maps: dict[str, object]
    codebooks: dict[str, pd.DataFrame]
    pending: list[_Pending] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def read_projects(
    paths: list[Path],
    *,
    participants: pd.DataFrame,
    key,
    pseudonymiser,
    window_words: int,
    report,
    bad,
    on_error: str,
    positions: str = "auto",
    newlines: str = "auto",
    interviews: pd.DataFrame,
    documents: dict[str, str],
) -> ProjectsRead:
    """Read a study's ``.qdpx`` projects into documents, segments, participants and codebooks.

    ``interviews`` and ``documents`` are the transcripts already read: a source named as one of
    them is that interview. The coded selections wait in ``pending`` until the study's codebook
    is settled; :func:`project_codings` maps them.
    """
    from analysis.refiqda import read_qdpx
    from analysis.refiqda._import import machine_codes

    projects = []
    for path in paths:
        try:
            project = read_qdpx(path, positions=positions, newlines=newlines, on_error=on_error)
            projects.append((path, project))
        except InputError as error:
            bad(error)
    builder = _Builder(participants, key, pseudonymiser, report, interviews, documents)
    for path, project in projects:
        builder.add_cases(path, project)
    reader = DocumentReader(builder.all_participants(), key, pseudonymiser, window_words, report)
    coders = _coder_names(projects, pseudonymiser, builder, report)
    parts, pending, counts, codebooks = [], [], {}, {}
    for path, project in projects:
        machine = machine_codes(project)
        codebooks[path.name] = project.codebook[
            ~project.codebook["code_id"].isin(machine)
        ].reset_index(drop=True)
        count = counts.setdefault(path.name, {"read": 0, "machine": 0})
        for error in project.set_aside:
            report.aside("coding", str(path), error.location or "", str(error))
            count["read"] += 1
        for other in project.other_sources.itertuples(index=False):
            kind = str(other.kind).removesuffix("Source")
            report.aside(
                "source",
                str(path),
                f"{other.kind} {pseudonymiser.apply(other.source_name).text!r}",
                f"a {kind.lower()} source: only text sources are read",
            )
            for _ in range(int(other.codings)):
                report.aside(
                    "coding",
                    str(path),
                    f"{other.kind} {pseudonymiser.apply(other.source_name).text!r}",
                    f"coded in a {kind.lower()} source, which maps onto no segment",
                )
            count["read"] += int(other.codings)
        selections = project.selections
        is_machine = selections["code_id"].isin(machine)
        count["machine"] += int(is_machine.sum())
        selections = selections[~is_machine]
        count["read"] += len(selections)
        for source in project.sources.itertuples(index=False):
            doc_id, position_map, new = builder.document(path, project, source, reader)
            if new is not None:
                parts.append(new)
            mine = selections[selections["source_guid"] == source.source_guid]
            for row in mine[mine["scope"] == "source"].itertuples(index=False):
                report.aside(
                    "coding", str(path), f"project.qde line {row.source_line}", _WHOLE_SOURCE
                )
            mine = mine[mine["scope"] != "source"]
            if len(mine):
                ranges = pd.DataFrame(
                    {
                        "doc_id": doc_id,
                        "char_start": mine["start"].to_numpy(),
                        "char_end": mine["end"].to_numpy(),
                        "code_id": mine["code_id"].to_numpy(),
                        "coder": [coders[(path.name, c)] for c in mine["coder"]],
                        "source_line": mine["source_line"].to_numpy(),
                    }
                )
                pending.append(_Pending(str(path), doc_id, ranges, position_map))
        if count["machine"]:
            report.notes.append(
                f"{path.name}: {count['machine']} codings under the topic-model or "
                "assisted-coding branches are suggestions this toolkit exported, not a person's "
                "coding: left out."
            )
    from analysis.ingest._common import SEGMENT_COLUMNS

    segments = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=SEGMENT_COLUMNS)
    )
    return ProjectsRead(
        interviews=pd.DataFrame(builder.interview_rows),
        segments=segments,
        participants=builder.new_participants(),
        documents=reader.documents,
        doc_maps=reader.doc_maps,
        codebooks=codebooks,
        pending=pending,
        counts=counts,
    )


def project_codings(read: ProjectsRead, codebook, segments, report, bad):
    """Map the projects' coded selections onto segments: the codings, and the coded ranges in
    the pseudonymised documents (for agreement over characters)."""
    from analysis.ingest._codings import _pseudonymised_ranges

    columns = ["segment_id", "code_id", "coder", "doc_id", "source_line"]
    known = set(codebook["code_id"]) if codebook is not None else set()
    parts, ranges, mapped = [], [], {}
    for item in read.pending:
        rows = item.ranges
        unknown = ~rows["code_id"].isin(known)
        for row in rows[unknown].itertuples(index=False):
            bad(
                InputError(
                    f"code '{row.code_id}' is not in the study's codebook",
                    path=item.file,
                    location=f"project.qde line {row.source_line}",
                    expected="a code of the codebook the codings use (ingest.codebook)",
                ),
                "coding",
            )
        rows = rows[~unknown]
        maps = {item.doc_id: item.position_map}
        ranges.append(_pseudonymised_ranges(rows, maps))
        found, missed = map_ranges(
            rows, segments, maps, path=item.file, on_bad=lambda error: bad(error, "coding")
        )
        for line, reason in missed:
            report.aside("coding", item.file, f"project.qde line {line}", reason)
        parts.append(found[columns])
        name = Path(item.file).name
        mapped[name] = mapped.get(name, 0) + len(found)
    for name, count in read.counts.items():
        aside = sum(
            entry["item"] == "coding" and Path(entry["file"]).name == name
            for entry in report.set_aside
        )
        report.codings.append(
            {
                "file": name,
                "kind": "REFI-QDA project",
                "rows_read": count["read"],
                "rows_kept": count["read"] - aside,
                "segment_codings": mapped.get(name, 0),
            }
        )
    codings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    coded = pd.concat(ranges, ignore_index=True) if ranges else pd.DataFrame(columns=RANGE_COLUMNS)
    return codings, coded


class _Builder:
    """Participants from cases, and documents from sources, across a study's projects."""

    def __init__(self, participants, key, pseudonymiser, report, interviews, documents):
        self.given = participants
        self.key, self.pseudonymiser, self.report = key, pseudonymiser, report
        self.added: dict[str, dict] = {}
        self.case_pid: dict[tuple[str, str], str] = {}
        self.interview_rows: list[dict] = []
        # doc_id (case-insensitive) -> doc_id, for the transcripts already read
        self.transcripts: dict[str, str] = {}
        for row in interviews.itertuples(index=False):
            self.transcripts[str(row.doc_id).casefold()] = row.doc_id
            self.transcripts.setdefault(Path(str(row.file)).stem.casefold(), row.doc_id)
        self.transcript_text = documents
        # doc_id -> (source name, text as read, pseudonymisation result)
        self.made: dict[str, tuple[str, str, object]] = {}
        self.names = {}
        if key is not None and "participant_id" in key.columns:
            for row in key.dropna(subset=["participant_id"]).itertuples(index=False):
                self.names[str(row.real_name).casefold()] = row.participant_id

    def _clean(self, value):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return pd.NA
        return self.pseudonymiser.apply(str(value)).text

    def participant_id(self, name: str) -> str:
        """A case's participant: the key's participant_id for its name, a participants.csv id
        (ignoring case), else its name pseudonymised."""
        folded = name.strip().casefold()
        if folded in self.names:
            return self.names[folded]
        given = {str(p).casefold(): p for p in self.given["participant_id"]}
        if folded in given:
            return given[folded]
        return " ".join(self.pseudonymiser.apply(name).text.split())

    def _add(self, pid: str, attributes: dict, origin: str) -> None:
        if pid in set(self.given["participant_id"]):
            return
        entry = self.added.setdefault(pid, {"participant_id": pid})
        for column, value in attributes.items():
            folded = column.strip().casefold()
            name = folded if folded in ("role", "site") else column
            if pd.isna(entry.get(name, pd.NA)):
                entry[name] = self._clean(value)
        entry.setdefault("from", origin)

    def add_cases(self, path: Path, project) -> None:
        attributes = [c for c in project.cases.columns if c not in ("case_guid", "case")]
        for row in project.cases.to_dict("records"):
            pid = self.participant_id(row["case"])
            self.case_pid[(path.name, row["case_guid"])] = pid
            self._add(pid, {column: row[column] for column in attributes}, f"{path.name} case")

    def all_participants(self) -> pd.DataFrame:
        return pd.concat([self.given, self.new_participants()], ignore_index=True)

    def new_participants(self) -> pd.DataFrame:
        rows = [{k: v for k, v in entry.items() if k != "from"} for entry in self.added.values()]
        frame = pd.DataFrame(rows)
        for column in ("participant_id", "role", "site"):
            if column not in frame:
                frame[column] = pd.Series(dtype="object")
        return frame

    def _speaker(self, transcript) -> str | None:
        """The one participant the key names among a document's speakers, if there is one."""
        from analysis.ingest._common import is_interviewer

        labels = {str(label).strip() for label in transcript.turns["speaker"]}
        named = {self.names.get(label.casefold()) for label in labels if not is_interviewer(label)}
        return named.pop() if len(named) == 1 and None not in named else None

    def document(self, path: Path, project, source, reader):
        """The doc_id of one text source, the map from the source's positions to the study's
        pseudonymised text, and the source's segments when it is a new document."""
        from analysis.refiqda._import import _Aligned
        from analysis.transcripts._encoding import normalise_text

        name = str(source.source_name)
        stem = _stem(name)
        interview = self.transcripts.get(stem.casefold()) or self.transcripts.get(
            _slug(self.pseudonymiser.apply(stem).text).casefold()
        )
        if interview is not None:
            return interview, _Aligned(source.text, self.transcript_text[interview]), None
        text = normalise_text(source.text)
        base = _slug(self.pseudonymiser.apply(stem).text) or "source"
        doc_id, n = base, 1
        while doc_id in self.made or doc_id.casefold() in self.transcripts:
            made = self.made.get(doc_id)
            if made is not None and made[1] == text:  # the same source in another project
                _, _, result = made
                return doc_id, _Composed(_Aligned(source.text, text), result), None
            n += 1
            doc_id = f"{base}-{n}"
        if n > 1:
            self.report.notes.append(
                f"{path.name}: source {self._clean(name)!r} has the name of another document "
                f"but not its text, so it is read as a document of its own, {doc_id}."
            )
        cases = project.case_sources[project.case_sources["source_guid"] == source.source_guid]
        pids = [self.case_pid[(path.name, g)] for g in cases["case_guid"]]
        pids = list(dict.fromkeys(pids))
        variables = project.source_variables
        values = {}
        if len(variables) and source.source_guid in set(variables["source_guid"]):
            row = variables[variables["source_guid"] == source.source_guid].iloc[0]
            values = {
                c: row[c] for c in variables.columns if c != "source_guid" and pd.notna(row[c])
            }
        groups = project.source_groups
        groups = sorted(groups.loc[groups["source_guid"] == source.source_guid, "group"])
        if groups:
            values.setdefault("groups", "; ".join(groups))
        if pids:
            participant = pids[0]
            speakers = {
                case: self.case_pid[(path.name, g)]
                for case, g in zip(cases["case"], cases["case_guid"], strict=True)
            }
            if len(pids) > 1:
                self.report.notes.append(
                    f"{doc_id}: linked to {len(pids)} cases; a speaker label that names a case "
                    f"is that participant, any other is taken as {participant}."
                )
        transcript = _as_transcript(path, name, text)
        if transcript.format == "qdpx paragraphs":
            self.report.notes.append(
                f"{doc_id}: no speaker labels, so it is read paragraph by paragraph, all of it "
                "as its participant's words."
            )
        if not pids:
            participant, speakers = self._speaker(transcript) or doc_id, {}
            self._add(participant, values, f"{path.name} source")
            entry = self.added.get(participant, {})
            reader.roles.setdefault(participant, entry.get("role", pd.NA))
            reader.sites.setdefault(participant, entry.get("site", pd.NA))
        segments = reader.segments(
            doc_id,
            transcript,
            participant_id=participant,
            file=f"{path.name}: {self._clean(name)}",
            path=str(path),
            speakers=speakers,
        )
        result = reader.doc_maps[doc_id]
        self.made[doc_id] = (name, text, result)
        self.interview_rows.append(
            {
                "doc_id": doc_id,
                "file": f"{path.name}: {self._clean(name)}",
                "participant_id": participant,
                **{column: self._clean(value) for column, value in values.items()},
            }
        )
        return doc_id, _Composed(_Aligned(source.text, text), result), segments


class _Composed:
    """Positions in a source's text carried through its normalised text into the pseudonymised
    document (duck-types ``original_length`` and ``map_span`` for :func:`map_ranges`)."""

    def __init__(self, first, second) -> None:
        self.first, self.second = first, second
        self.original_length = first.original_length

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        return self.second.map_span(*self.first.map_span(start, end))


def _as_transcript(path: Path, name: str, text: str):
    """A source's text as a transcript: its speaker turns, else one turn per paragraph."""
    from analysis.transcripts._labels import parse_turns, split_lines
    from analysis.transcripts._model import Transcript, Turn, turns_frame

    where = Path(f"{path}:{name}")
    try:
        turns, preamble = parse_turns(text, split_lines(text), path=where)
        form = "qdpx"
    except InputError:
        turns, preamble, form = [], "", "qdpx paragraphs"
        for match in re.finditer(r"[^\n]+", text):
            line = match.group()
            if line.strip():
                start = match.start() + len(line) - len(line.lstrip())
                turns.append(Turn("", None, start, match.start() + len(line.rstrip())))
    return Transcript(where, text, turns_frame(text, turns, path=where), "utf-8", form, preamble)


def _coder_names(projects, pseudonymiser, builder, report) -> dict[tuple[str, str], str]:
    """Each project's coder names as the study shows them: pseudonymised, and told apart by
    the project's file when two projects have a coder of the same name coding one source."""
    names = {}
    where: dict[tuple[str, str], set[str]] = {}
    for path, project in projects:
        for row in project.selections[["coder", "source_name"]].drop_duplicates().itertuples():
            coder = pseudonymiser.apply(str(row.coder)).text
            names[(path.name, row.coder)] = coder
            text = project.sources.set_index("source_name")["text"].get(row.source_name, "")
            where.setdefault((coder, text), set()).add(path.name)
    clashing = {coder for (coder, _), files in where.items() if len(files) > 1}
    for (file, raw), coder in list(names.items()):
        if coder in clashing:
            names[(file, raw)] = f"{coder} ({Path(file).stem})"
    for coder in sorted(clashing):
        report.notes.append(
            f"Two projects have a coder named {coder!r} coding the same source: read as two "
            f"coders, each named by its project file, e.g. {coder!r} ({Path(projects[0][0]).stem})."
        )
    return names


def _stem(name: str) -> str:
    path = PurePosixPath(name.replace("\\", "/"))
    base = path.name
    return path.stem if path.suffix.lower() in _DOCUMENT_SUFFIXES else base


def _slug(text: str) -> str:
    return re.sub(r"[^\w\-]+", "_", text.strip()).strip("_")
