"""Read a study folder into pseudonymised, segmented tables (the ``analysis ingest`` stage)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from analysis.errors import InputError
from analysis.ingest._codings import check_coding_rows, map_ranges
from analysis.ingest._report import IngestReport
from analysis.io import read_csv_table

__all__ = ["IngestResult", "ingest_study"]

SEGMENT_COLUMNS = [
    "segment_id",
    "doc_id",
    "source",
    "speaker",
    "participant_id",
    "role",
    "site",
    "event_id",
    "turn",
    "window",
    "char_start",
    "char_end",
    "text",
    "is_interviewer",
]
TRANSCRIPT_SUFFIXES = {".txt", ".md", ".docx", ".vtt", ".srt"}
# Labels transcription services and researchers use for the person asking the questions.
INTERVIEWER_LABELS = {"interviewer", "int", "i", "researcher", "facilitator", "q", "moderator"}


@dataclass
class IngestResult:
    """Everything ``analysis ingest`` produces, as tables (see DESIGN.md for the columns)."""

    segments: pd.DataFrame
    participants: pd.DataFrame
    codebook: pd.DataFrame | None
    codebooks: dict[str, pd.DataFrame]
    codings: pd.DataFrame
    coverage: pd.DataFrame
    events: object | None
    documents: dict[str, str]
    report: IngestReport
    codebook_name: str | None = None
    interviews: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class _Document:
    pseudonymised: object
    original_length: int

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        return self.pseudonymised.map_span(start, end)


def ingest_study(
    study_dir: str | Path,
    *,
    window_words: int = 120,
    on_error: str = "stop",
    codebook: str | None = None,
    progress: bool = True,
) -> IngestResult:
    """Read, pseudonymise and segment one study folder.

    Parameters
    ----------
    study_dir : str or Path
        The study folder (layout in ``docs/study-layout.md``).
    window_words : int
        Turns longer than about this many words are split into windows at sentence boundaries.
    on_error : {"stop", "skip"}
        ``"stop"`` raises the first :class:`InputError`; ``"skip"`` sets the bad file or row aside
        and lists it in the report.
    codebook : str, optional
        File name in ``codebook/`` that the codings use; default the only file, or the first.
    progress : bool
        Show a progress bar over the transcripts.

    Returns
    -------
    IngestResult
    """
    from analysis.pseudonymise import Pseudonymiser, check_no_names, read_key

    if on_error not in ("stop", "skip"):
        raise ValueError(
            f"The 'on_error' parameter of ingest_study must be 'stop' or 'skip'. Got {on_error!r}."
        )
    study_dir = Path(study_dir)
    if not study_dir.is_dir():
        raise InputError(
            "study folder not found",
            path=study_dir,
            expected="a folder under data/raw named by `study:` in params.yaml",
        )
    report = IngestReport(study=study_dir.name)

    def bad(error: InputError, item: str = "file") -> None:
        if on_error == "stop":
            raise error
        report.aside(item, error.path or "", error.location or "", str(error))

    participants = read_csv_table(
        study_dir / "participants.csv",
        required=["participant_id", "role", "site"],
        id_column="participant_id",
        what="participants table",
    )
    key_path = study_dir / "key.csv"
    if key_path.is_file():
        key = read_key(key_path)
    else:
        key = None
        report.notes.append(
            "No key.csv: names were not replaced; only e-mail, phone, NHS number, postcode and "
            "date-of-birth detectors ran."
        )
    pseudonymiser = Pseudonymiser(key)

    interviews, segments, documents, doc_maps = _read_interviews(
        study_dir, participants, key, pseudonymiser, window_words, report, bad, progress
    )
    events, event_segments, event_docs = _read_events(study_dir, pseudonymiser, report, on_error)
    segments = pd.concat([segments, event_segments], ignore_index=True)[SEGMENT_COLUMNS]
    documents.update(event_docs)

    codebooks, primary_name = _read_codebooks(study_dir, codebook)
    primary = codebooks.get(primary_name) if primary_name else None
    codings = _read_codings(study_dir, primary, segments, doc_maps, report, bad)
    coverage = (
        codings[["doc_id", "coder"]].drop_duplicates().sort_values(["doc_id", "coder"])
        if len(codings)
        else pd.DataFrame(columns=["doc_id", "coder"])
    ).reset_index(drop=True)
    codings = codings[["segment_id", "code_id", "coder"]].reset_index(drop=True)

    if key is not None:
        texts = [*segments["text"], *segments["speaker"].dropna(), *documents.values()]
        leaks = check_no_names(texts, key)
        if leaks:
            raise InputError(
                f"{len(leaks)} name(s) from the key survived pseudonymisation; nothing was written",
                path=key_path,
                expected="every key name to be replaced (please report this as a bug)",
            )
    _scrub_report(report, pseudonymiser)
    if len(interviews):
        # File names and researchers' names can carry real names: outputs keep neither.
        interviews = interviews.drop(columns=["interviewer"], errors="ignore").assign(
            file=[pseudonymiser.apply(str(f)).text for f in interviews["file"]]
        )
    return IngestResult(
        segments=segments,
        participants=participants.drop(columns="source_line"),
        codebook=primary,
        codebooks=codebooks,
        codings=codings,
        coverage=coverage,
        events=events,
        documents=documents,
        report=report,
        codebook_name=primary_name,
        interviews=interviews,
    )


def _scrub_report(report: IngestReport, pseudonymiser) -> None:
    """Pseudonymise every text in the report (file names and messages can hold names)."""

    def scrub(value):
        return pseudonymiser.apply(value).text if isinstance(value, str) else value

    for entries in (report.documents, report.set_aside):
        for entry in entries:
            for field_name, value in entry.items():
                entry[field_name] = scrub(value)
    report.notes[:] = [scrub(note) for note in report.notes]


def _interviewer_labels(manifest_label) -> set[str]:
    labels = set(INTERVIEWER_LABELS)
    if isinstance(manifest_label, str):
        labels.add(manifest_label.strip().casefold())
    return labels


def _read_interviews(
    study_dir, participants, key, pseudonymiser, window_words, report, bad, progress
):
    from analysis.segments import segment_id, segment_turns
    from analysis.transcripts import read_document

    folder = study_dir / "interviews"
    manifest_path = study_dir / "interviews.csv"
    empty = pd.DataFrame(columns=SEGMENT_COLUMNS)
    if not folder.is_dir() and not manifest_path.is_file():
        report.notes.append("No interviews folder: the study has event data only.")
        return pd.DataFrame(), empty, {}, {}
    manifest = read_csv_table(
        manifest_path,
        required=["doc_id", "file", "participant_id"],
        id_column="doc_id",
        what="interview log",
    )
    people = participants.set_index("participant_id")
    listed = set()
    for row in manifest.itertuples(index=False):
        listed.add(str(row.file))
        if row.participant_id not in people.index:
            bad(
                InputError(
                    f"participant '{row.participant_id}' is not in participants.csv",
                    path=manifest_path,
                    location=f"line {row.source_line}",
                    expected="a participant_id listed in participants.csv",
                )
            )
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in TRANSCRIPT_SUFFIXES and path.name not in listed:
                bad(
                    InputError(
                        "transcript is not listed in interviews.csv",
                        path=path,
                        expected="a row in interviews.csv naming this file",
                    )
                )
    # Names of participants as speakers: real name -> participant_id, from the key.
    name_to_pid = {}
    if key is not None and "participant_id" in key.columns:
        for row in key.dropna(subset=["participant_id"]).itertuples(index=False):
            name_to_pid[str(row.real_name).casefold()] = row.participant_id

    parts, documents, doc_maps, by_interviewer = [], {}, {}, {}
    rows = [r for r in manifest.itertuples(index=False) if r.participant_id in people.index]
    for row in tqdm(rows, desc="transcripts", unit="file", disable=not progress):
        path = folder / str(row.file)
        if not path.is_file():
            bad(
                InputError(
                    f"transcript '{row.file}' not found",
                    path=manifest_path,
                    location=f"line {row.source_line}",
                    expected="a file of that name in interviews/",
                )
            )
            continue
        try:
            transcript = read_document(path)
        except InputError as error:
            bad(error)
            continue
        label = getattr(row, "interviewer", None)
        if label not in by_interviewer:
            by_interviewer[label] = _for_interviewer(pseudonymiser, key, label)
        result = by_interviewer[label].apply(transcript.text)
        doc = _Document(result, len(transcript.text))
        doc_maps[row.doc_id] = doc
        documents[row.doc_id] = result.text
        for kind, n in sorted(result.counts.items()):
            report.pseudonymisation.append({"doc_id": row.doc_id, "kind": kind, "n": int(n)})
        turns = transcript.turns.copy()
        spans = [
            result.map_span(s, e)
            for s, e in zip(turns["char_start"], turns["char_end"], strict=False)
        ]
        turns["char_start"] = [s for s, _ in spans]
        turns["char_end"] = [e for _, e in spans]
        turns["text"] = [result.text[s:e] for s, e in spans]
        blank = turns["text"].str.strip() == ""
        for turn in turns.loc[blank, "turn"]:
            report.aside("turn", str(path), f"turn {turn}", "no text after the speaker label")
        kept = turns[~blank]
        interviewer = _interviewer_labels(getattr(row, "interviewer", None))
        speakers = kept["speaker"].fillna("").str.strip()
        is_interviewer = speakers.str.casefold().isin(interviewer)
        pid = []
        for label, flagged in zip(speakers, is_interviewer, strict=False):
            pid.append(pd.NA if flagged else _participant_for(label, row, people, name_to_pid))
        kept = kept.assign(is_interviewer=is_interviewer.to_numpy(), participant_id=pid)
        kept["speaker"] = [
            "Interviewer"
            if flagged
            else (p if isinstance(p, str) else pseudonymiser.apply(label).text)
            for label, flagged, p in zip(speakers, is_interviewer, pid, strict=False)
        ]
        windows = segment_turns(kept, window_words=window_words)
        windows["segment_id"] = [
            segment_id(row.doc_id, t, w, n)
            for t, w, n in zip(
                windows["turn"], windows["window"], windows["n_windows"], strict=True
            )
        ]
        windows["doc_id"] = row.doc_id
        windows["source"] = "interview"
        windows["event_id"] = pd.NA
        roles = people["role"].to_dict()
        sites = people["site"].to_dict()
        windows["role"] = [
            "interviewer" if f else roles.get(p, pd.NA) if isinstance(p, str) else pd.NA
            for f, p in zip(windows["is_interviewer"], windows["participant_id"], strict=False)
        ]
        windows["site"] = people.loc[row.participant_id, "site"]
        windows.loc[windows["participant_id"].notna(), "site"] = [
            sites.get(p, pd.NA)
            for p in windows.loc[windows["participant_id"].notna(), "participant_id"]
        ]
        parts.append(windows[SEGMENT_COLUMNS])
        report.documents.append(
            {
                "doc_id": row.doc_id,
                "source": "interview",
                "file": f"interviews/{row.file}",
                "format": transcript.format,
                "encoding": transcript.encoding,
                "units_read": int(len(turns)),
                "units_kept": int(len(kept)),
                "segments": int(len(windows)),
                "interviewer_turns": int(is_interviewer.sum()),
                "header_chars": len(getattr(transcript, "preamble", "") or ""),
            }
        )
    segments = pd.concat(parts, ignore_index=True) if parts else empty
    return manifest.drop(columns="source_line"), segments, documents, doc_maps


def _for_interviewer(pseudonymiser, key, label):
    """The pseudonymiser for one transcript: the study's, plus the interviewer's name when the
    transcript labels the researcher by name (outputs show roles, not researchers' names)."""
    from analysis.pseudonymise import Pseudonymiser

    if not isinstance(label, str) or label.strip().casefold() in INTERVIEWER_LABELS:
        return pseudonymiser
    entry = pd.DataFrame(
        [{"real_name": label.strip(), "pseudonym": "Interviewer", "kind": "staff"}]
    )
    known = key is not None and label.strip().casefold() in set(key["real_name"].str.casefold())
    if known:
        return pseudonymiser
    combined = entry if key is None else pd.concat([key, entry], ignore_index=True)
    return Pseudonymiser(combined, detectors=pseudonymiser.detectors)


def _participant_for(label: str, row, people: pd.DataFrame, name_to_pid: dict) -> object:
    """Which participant a speaker label stands for: a key name, an id in the label, or the
    interviewee named in the interview log."""
    folded = label.casefold()
    if folded in name_to_pid:
        return name_to_pid[folded]
    match = re.match(r"^([A-Za-z]{1,4}\d{1,4})\b", label)
    if match and match.group(1).upper() in people.index:
        return match.group(1).upper()
    if label in people.index:
        return label
    return row.participant_id


def _read_events(study_dir, pseudonymiser, report, on_error):
    import dataclasses

    from analysis.events import SHEET_NAMES, event_documents, event_segments, read_events

    folder = study_dir / "events"
    if not folder.is_dir():
        return None, pd.DataFrame(columns=SEGMENT_COLUMNS), {}
    tables = read_events(folder, on_error="skip" if on_error == "skip" else "raise")

    def clean(table: pd.DataFrame, name: str) -> pd.DataFrame:
        # Organisers' notes can name people too: pseudonymise every free-text cell.
        texts = []
        for event_id, text in zip(table["event_id"], table["text"], strict=True):
            if not isinstance(text, str):
                texts.append(text)
                continue
            result = pseudonymiser.apply(text)
            for kind, n in sorted(result.counts.items()):
                report.pseudonymisation.append(
                    {"doc_id": f"{event_id}-{name}", "kind": kind, "n": int(n)}
                )
            texts.append(result.text)
        return table.assign(text=texts)

    skipped = tables.skipped
    tables = dataclasses.replace(
        tables,
        **{name: clean(getattr(tables, name), name) for name in SHEET_NAMES},
        skipped=skipped.drop(columns="text"),  # set-aside text is not carried into outputs
    )
    segments = event_segments(tables)
    for column in SEGMENT_COLUMNS:
        if column not in segments.columns:
            segments[column] = pd.NA
    segments["window"] = 1
    segments["is_interviewer"] = False
    for row in skipped.itertuples(index=False):
        where = f"events/{row.event_id}" if isinstance(row.event_id, str) else "events/events.csv"
        report.aside("event row", where, f"{row.table} row {row.row}", row.reason)
    for event_id in tables.events["event_id"]:
        for name in SHEET_NAMES:
            table = getattr(tables, name)
            rows = table[table["event_id"] == event_id]
            n_skipped = int(((skipped["event_id"] == event_id) & (skipped["table"] == name)).sum())
            n_segments = int((segments["doc_id"] == f"{event_id}-{name}").sum())
            report.documents.append(
                {
                    "doc_id": f"{event_id}-{name}",
                    "source": "event",
                    "file": f"events/{event_id}",
                    "format": "event table",
                    "encoding": "",
                    "units_read": int(len(rows)) + n_skipped,
                    "units_kept": int(len(rows)),
                    "segments": n_segments,
                    "interviewer_turns": 0,
                    "header_chars": 0,
                }
            )
    n_events_skipped = int((skipped["table"] == "events").sum())
    if n_events_skipped:
        report.notes.append(f"events.csv: {n_events_skipped} empty row(s) skipped.")
    return tables, segments[SEGMENT_COLUMNS], event_documents(tables)


def _read_codebooks(study_dir: Path, wanted: str | None):
    from analysis.codebook import read_codebook

    folder = study_dir / "codebook"
    if not folder.is_dir():
        return {}, None
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".yaml", ".yml", ".csv"})
    books = {p.name: read_codebook(p) for p in files}
    if wanted is not None:
        if wanted not in books:
            raise InputError(
                f"codebook '{wanted}' not found",
                path=folder,
                location="ingest.codebook",
                expected="one of " + ", ".join(books) if books else "a codebook file",
            )
        return books, wanted
    return books, (files[0].name if files else None)


def _read_codings(study_dir, codebook, segments, doc_maps, report, bad):
    folder = study_dir / "codings"
    columns = ["segment_id", "code_id", "coder", "doc_id", "source_line"]
    if not folder.is_dir():
        return pd.DataFrame(columns=columns)
    if codebook is None:
        raise InputError(
            "codings need a codebook", path=folder, expected="a codebook file in codebook/"
        )
    known_codes = set(codebook["code_id"])
    parts = []
    for path in sorted(folder.glob("*.csv")):
        header = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()[:1]
        by_range = bool(header) and "char_start" in header[0]
        required = (
            ["doc_id", "char_start", "char_end", "code_id", "coder"]
            if by_range
            else ["segment_id", "code_id", "coder"]
        )
        rows = read_csv_table(path, required=required, what="codings table")
        n_read = len(rows)
        set_aside_before = len(report.set_aside)

        def coding_bad(error: InputError, _path=path) -> None:
            bad(error, item="coding")

        if by_range:
            rows = check_coding_rows(
                rows,
                path=str(path),
                known_codes=known_codes,
                on_bad=coding_bad,
                known_ids=set(doc_maps),
                id_column="doc_id",
            )
            mapped, unmapped = map_ranges(
                rows, segments, doc_maps, path=str(path), on_bad=coding_bad
            )
            for line, reason in unmapped:
                report.aside("coding", str(path), f"line {line}", reason)
        else:
            rows = check_coding_rows(
                rows,
                path=str(path),
                known_codes=known_codes,
                on_bad=coding_bad,
                known_ids=set(segments["segment_id"]),
                id_column="segment_id",
            )
            doc_of = dict(zip(segments["segment_id"], segments["doc_id"], strict=False))
            mapped = rows.assign(doc_id=rows["segment_id"].map(doc_of))[columns]
        n_aside = len(report.set_aside) - set_aside_before
        report.codings.append(
            {
                "file": f"codings/{path.name}",
                "kind": "character ranges" if by_range else "segment codings",
                "rows_read": n_read,
                "rows_kept": n_read - n_aside,
                "segment_codings": int(len(mapped)),
            }
        )
        parts.append(mapped[columns])
    codings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    # One code applied twice to one segment by one coder (two ranges in one turn) counts once.
    codings = codings.drop_duplicates(subset=["segment_id", "code_id", "coder"])
    return codings.sort_values(["segment_id", "code_id", "coder"]).reset_index(drop=True)
