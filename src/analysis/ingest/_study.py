"""Read a study folder into pseudonymised, segmented tables (the ``analysis ingest`` stage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.ingest._codings import read_codebooks, read_codings
from analysis.ingest._common import SEGMENT_COLUMNS
from analysis.ingest._events import read_event_tables
from analysis.ingest._interviews import NO_TRANSCRIPTS_NOTE, read_interviews
from analysis.ingest._projects import project_codings, project_files, read_projects
from analysis.ingest._report import IngestReport
from analysis.ingest._tables import DERIVED_CODEBOOK, read_declared_tables, table_codings
from analysis.io import read_csv_table
from analysis.sources import read_study_file
from analysis.validation import check_option

__all__ = ["IngestResult", "ingest_study"]


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
    coded_ranges: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The study's declared tables (study.yaml ``tables:``), each row with its segment_id.
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def ingest_study(
    study_dir: str | Path,
    *,
    window_words: int = 120,
    on_error: str = "stop",
    codebook: str | None = None,
    pseudonymise: str = "key",
    qdpx_positions: str = "auto",
    qdpx_newlines: str = "auto",
    progress: bool = True,
) -> IngestResult:
    """Read, pseudonymise and segment one study folder.

    Parameters
    ----------
    study_dir : str or Path
        The study folder (layout in ``docs/study-layout.md``). A ``.qdpx`` project in it is
        read as part of the study (its sources, cases, users, codebook and coding; see
        :mod:`analysis.ingest._projects`); ``participants.csv`` is then optional.
    window_words : int
        Turns longer than about this many words are split into windows at sentence boundaries.
    on_error : {"stop", "skip"}
        ``"stop"`` raises the first :class:`InputError`; ``"skip"`` sets the bad file or row aside
        and lists it in the report.
    codebook : str, optional
        File name in ``codebook/`` that the codings use; default the only file, or the first.
    pseudonymise : {"key", "detectors_only"}
        ``"key"`` replaces the names of the study's ``key.csv`` (and runs the detectors of
        e-mails, phone and NHS numbers, postcodes and dates of birth); without a key file it
        refuses, so that no study runs un-pseudonymised by accident. ``"detectors_only"`` runs
        the detectors alone, for a study with no key; every output then says names were not
        replaced.
    qdpx_positions, qdpx_newlines : str
        How the study's ``.qdpx`` projects count selection positions and a CR LF line end
        (:func:`analysis.refiqda.read_qdpx`'s ``positions`` and ``newlines``); ``"auto"`` reads
        it from the program that wrote the project.
    progress : bool
        Show a progress bar over the transcripts.

    Returns
    -------
    IngestResult
    """
    from analysis.pseudonymise import Pseudonymiser, check_no_names, read_key

    check_option(on_error, "on_error", "ingest_study", ("stop", "skip"))
    check_option(pseudonymise, "pseudonymise", "ingest_study", ("key", "detectors_only"))
    check_option(qdpx_positions, "qdpx_positions", "ingest_study", ("auto", "unicode", "utf16"))
    check_option(qdpx_newlines, "qdpx_newlines", "ingest_study", ("auto", "two", "one"))
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

    projects = project_files(study_dir)
    if projects and not (study_dir / "participants.csv").is_file():
        # The projects' cases (or sources) are the participants.
        participants = pd.DataFrame(columns=["participant_id", "role", "site", "source_line"])
    else:
        participants = read_csv_table(
            study_dir / "participants.csv",
            required=["participant_id", "role", "site"],
            id_column="participant_id",
            what="participants table",
        )
    key_path = study_dir / "key.csv"
    if key_path.is_file():
        key = read_key(key_path)
    elif pseudonymise == "key":
        raise InputError(
            "no key.csv: names in the transcripts would not be replaced, so nothing was read",
            path=key_path,
            expected="a key file (real_name, pseudonym, kind; see docs/study-layout.md), or "
            "`ingest.pseudonymise: detectors_only` in params.yaml to run without one (names then "
            "stay in every output)",
        )
    else:
        key = None
        report.names_replaced = False
        report.notes.append(NO_KEY_NOTE)
    pseudonymiser = Pseudonymiser(key)

    study_file = read_study_file(study_dir)
    interviews, segments, documents, doc_maps = read_interviews(
        study_dir, participants, key, pseudonymiser, window_words, report, bad, progress
    )
    from_projects = None
    if projects:
        from_projects = read_projects(
            projects,
            participants=participants,
            key=key,
            pseudonymiser=pseudonymiser,
            window_words=window_words,
            report=report,
            bad=bad,
            on_error=on_error,
            positions=qdpx_positions,
            newlines=qdpx_newlines,
            interviews=interviews,
            documents=documents,
        )
        if from_projects.documents:
            report.notes[:] = [n for n in report.notes if n != NO_TRANSCRIPTS_NOTE]
        participants = pd.concat([participants, from_projects.participants], ignore_index=True)
        parts = [part for part in (interviews, from_projects.interviews) if len(part)]
        interviews = pd.concat(parts, ignore_index=True) if parts else interviews
        segments = pd.concat(
            [part for part in (segments, from_projects.segments) if len(part)] or [segments],
            ignore_index=True,
        )
        documents.update(from_projects.documents)
        doc_maps.update(from_projects.doc_maps)
    events, event_segments, event_docs = read_event_tables(
        study_dir, study_file.events, pseudonymiser, report, on_error
    )
    tables, table_segments, table_docs, written_codes = read_declared_tables(
        study_dir, study_file, participants, pseudonymiser, report, on_error
    )
    parts = [part for part in (segments, event_segments, table_segments) if len(part)]
    segments = pd.concat(parts or [segments], ignore_index=True)[SEGMENT_COLUMNS]
    documents.update(event_docs)
    documents.update(table_docs)

    codebooks, primary_name = read_codebooks(
        study_dir, codebook, from_projects.codebooks if from_projects else {}
    )
    primary = codebooks.get(primary_name) if primary_name else None
    in_tables, table_book = table_codings(written_codes, primary, report, bad)
    if primary is None and table_book is not None:
        primary_name, primary = DERIVED_CODEBOOK, table_book
        codebooks = {DERIVED_CODEBOOK: table_book}
    codings, coded_ranges = read_codings(study_dir, primary, segments, doc_maps, report, bad)
    if from_projects is not None:
        in_projects, project_ranges = project_codings(from_projects, primary, segments, report, bad)
        codings = pd.concat(
            [part for part in (codings, in_projects) if len(part)] or [codings],
            ignore_index=True,
        )
        codings = codings.drop_duplicates(subset=["segment_id", "code_id", "coder"])
        codings = codings.sort_values(["segment_id", "code_id", "coder"]).reset_index(drop=True)
        coded_ranges = pd.concat(
            [part for part in (coded_ranges, project_ranges) if len(part)] or [coded_ranges],
            ignore_index=True,
        )
    if len(in_tables):
        codings = pd.concat([codings, in_tables], ignore_index=True)
        codings = codings.drop_duplicates(subset=["segment_id", "code_id", "coder"])
        codings = codings.sort_values(["segment_id", "code_id", "coder"]).reset_index(drop=True)
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
        participants=participants.drop(columns="source_line", errors="ignore"),
        codebook=primary,
        codebooks=codebooks,
        codings=codings,
        coverage=coverage,
        events=events,
        documents=documents,
        report=report,
        codebook_name=primary_name,
        interviews=interviews,
        coded_ranges=coded_ranges.reset_index(drop=True),
        tables=tables,
    )


#: What every output of a study run without a key says (``ingest.pseudonymise: detectors_only``).
NO_KEY_NOTE = (
    "NAMES WERE NOT REPLACED: the study has no key.csv and ran with "
    "`ingest.pseudonymise: detectors_only`; only e-mail addresses, phone and NHS numbers, "
    "postcodes and dates of birth were replaced."
)


def _scrub_report(report: IngestReport, pseudonymiser) -> None:
    """Pseudonymise every text in the report (file names and messages can hold names)."""

    def scrub(value):
        return pseudonymiser.apply(value).text if isinstance(value, str) else value

    for entries in (report.documents, report.set_aside, report.speakers):
        for entry in entries:
            for field_name, value in entry.items():
                entry[field_name] = scrub(value)
    report.notes[:] = [scrub(note) for note in report.notes]
