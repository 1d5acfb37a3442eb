"""Interview transcripts of a study: the log, the readers, pseudonymisation and segments."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
from tqdm.auto import tqdm

from analysis.errors import InputError
from analysis.ingest._common import (
    SEGMENT_COLUMNS,
    TRANSCRIPT_SUFFIXES,
    declared_interviewers,
    is_interviewer,
)
from analysis.io import read_csv_table

#: The report's note for a study without ``interviews/`` (dropped when a project has sources).
NO_TRANSCRIPTS_NOTE = "No interviews folder: the study has no transcripts."


def read_interviews(
    study_dir, participants, key, pseudonymiser, window_words, report, bad, progress
):
    from analysis.transcripts import read_document

    folder = study_dir / "interviews"
    manifest_path = study_dir / "interviews.csv"
    empty = pd.DataFrame(columns=SEGMENT_COLUMNS)
    if not folder.is_dir() and not manifest_path.is_file():
        report.notes.append(NO_TRANSCRIPTS_NOTE)
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
    reader = DocumentReader(participants, key, pseudonymiser, window_words, report)
    parts = []
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
        declared = tuple(declared_interviewers(getattr(row, "interviewer", None)))
        parts.append(
            reader.segments(
                row.doc_id,
                transcript,
                participant_id=row.participant_id,
                declared=declared,
                file=f"interviews/{row.file}",
                path=str(path),
            )
        )
    documents, doc_maps = reader.documents, reader.doc_maps
    segments = pd.concat(parts, ignore_index=True) if parts else empty
    return manifest.drop(columns="source_line"), segments, documents, doc_maps


class DocumentReader:
    """Turns one document's text and speaker turns into pseudonymised segments: the rule every
    interview-like source follows (transcript files and the text sources of a CAQDAS project).

    ``documents`` and ``doc_maps`` collect, per doc_id, the pseudonymised text and the result
    whose ``map_span`` carries offsets in the text as read to offsets in the pseudonymised text.
    """

    def __init__(self, participants, key, pseudonymiser, window_words, report) -> None:
        self.people = participants.set_index("participant_id")
        self.roles = self.people["role"].to_dict()
        self.sites = self.people["site"].to_dict()
        self.key, self.pseudonymiser = key, pseudonymiser
        self.window_words, self.report = window_words, report
        # Names of participants as speakers: real name -> participant_id, from the key.
        self.name_to_pid = {}
        if key is not None and "participant_id" in key.columns:
            for row in key.dropna(subset=["participant_id"]).itertuples(index=False):
                self.name_to_pid[str(row.real_name).casefold()] = row.participant_id
        self.by_interviewer: dict[tuple[str, ...], object] = {}
        self.documents: dict[str, str] = {}
        self.doc_maps: dict[str, object] = {}

    def segments(
        self, doc_id, transcript, *, participant_id, declared=(), file, path=None, speakers=None
    ) -> pd.DataFrame:
        """The segments of one document.

        ``participant_id`` is the interviewee (missing when unknown); ``declared`` the labels
        the interview log names as the interviewer's; ``speakers`` more label -> participant_id
        pairs (case-insensitive) beyond the key's; ``file`` how the report names the source, and
        ``path`` (default ``file``) the file its set-aside rows name.
        """
        from analysis.segments import segment_id, segment_turns

        report, people = self.report, self.people
        if declared not in self.by_interviewer:
            self.by_interviewer[declared] = _for_interviewer(self.pseudonymiser, self.key, declared)
        result = self.by_interviewer[declared].apply(transcript.text)
        self.doc_maps[doc_id] = result  # carries raw offsets to pseudonymised ones (map_span)
        self.documents[doc_id] = result.text
        for kind, n in sorted(result.counts.items()):
            report.pseudonymisation.append({"doc_id": doc_id, "kind": kind, "n": int(n)})
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
            report.aside("turn", path or file, f"turn {turn}", "no text after the speaker label")
        kept = turns[~blank]
        english = english_share(" ".join(kept["text"]))
        labels = kept["speaker"].fillna("").str.strip()
        flags = pd.Series([is_interviewer(s, declared) for s in labels], index=kept.index)
        names = {**self.name_to_pid, **{k.casefold(): v for k, v in (speakers or {}).items()}}
        pid, placed_by = [], []
        for label, flagged in zip(labels, flags, strict=False):
            if flagged:
                pid.append(pd.NA)
                continue
            participant, how = _participant_for(label, participant_id, people, names)
            pid.append(participant)
            placed_by.append((label, participant, how))
        _report_speakers(report, doc_id, participant_id, placed_by, flags)
        kept = kept.assign(is_interviewer=flags.to_numpy(), participant_id=pid)
        kept["speaker"] = [
            "Interviewer"
            if flagged
            else (p if isinstance(p, str) else self.pseudonymiser.apply(label).text)
            for label, flagged, p in zip(labels, flags, pid, strict=False)
        ]
        windows = segment_turns(kept, window_words=self.window_words)
        windows["segment_id"] = [
            segment_id(doc_id, t, w, n)
            for t, w, n in zip(
                windows["turn"], windows["window"], windows["n_windows"], strict=True
            )
        ]
        windows["doc_id"] = doc_id
        windows["source"] = "interview"
        windows["event_id"] = pd.NA
        windows["role"] = [
            "interviewer" if f else self.roles.get(p, pd.NA) if isinstance(p, str) else pd.NA
            for f, p in zip(windows["is_interviewer"], windows["participant_id"], strict=False)
        ]
        windows["site"] = [
            self.sites.get(p, pd.NA)
            if isinstance(p, str)
            else self.sites.get(participant_id, pd.NA)
            for p in windows["participant_id"]
        ]
        report.documents.append(
            {
                "doc_id": doc_id,
                "source": "interview",
                "file": file,
                "format": transcript.format,
                "encoding": transcript.encoding,
                "units_read": int(len(turns)),
                "units_kept": int(len(kept)),
                "segments": int(len(windows)),
                "interviewer_turns": int(flags.sum()),
                "header_chars": len(getattr(transcript, "preamble", "") or ""),
                "english_words": english,
            }
        )
        if english is not None and english < MIN_ENGLISH_SHARE:
            report.notes.append(
                f"{doc_id}: only {english:.0%} of its words are common English words (about "
                "40% in English speech): it may be in another language, which the English "
                "embedding model does not represent well, so its topics and code suggestions "
                "are unreliable."
            )
        return windows[SEGMENT_COLUMNS]


#: The most common English words: in English speech about 40% of all words are one of them.
ENGLISH_WORDS = frozenset(
    """the and to of a i you it that is in was we they for but so not with have he she on be my
    me what this are at do just there like yeah know if or about all when had them their can
    would will no yes think don't it's i'm because our then very get got really people one""".split()
)
#: Below this share of common English words a transcript is flagged as perhaps not English.
MIN_ENGLISH_SHARE = 0.15


def english_share(text: str) -> float | None:
    """The share of ``text``'s words that are common English words; None under 50 words.

    >>> english_share("so I think that the waiting list is the problem " * 5)
    0.7
    >>> english_share("je pense que la liste d'attente est le vrai problème " * 5)
    0.0
    """
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.casefold())
    if len(words) < 50:
        return None
    return round(sum(word in ENGLISH_WORDS for word in words) / len(words), 3)


def _for_interviewer(pseudonymiser, key, declared: tuple[str, ...]):
    """The pseudonymiser for one transcript: the study's, plus the interviewers' names when the
    interview log labels researchers by name (outputs show roles, not researchers' names)."""
    from analysis.pseudonymise import Pseudonymiser

    known = set() if key is None else set(key["real_name"].str.casefold())
    names = [
        label
        for label in declared
        if not is_interviewer(label) and not any(c in label for c in "*?")
        and label.casefold() not in known
    ]  # fmt: skip
    if not names:
        return pseudonymiser
    entry = pd.DataFrame(
        [{"real_name": name, "pseudonym": "Interviewer", "kind": "staff"} for name in names]
    )
    combined = entry if key is None else pd.concat([key, entry], ignore_index=True)
    return Pseudonymiser(combined, detectors=pseudonymiser.detectors)


#: Speaker labels that name the interviewee by role: taken as the log's participant.
_INTERVIEWEE = re.compile(
    r"(?:interviewee|respondent|participant|patient|client|resp|ie|r|a|p)(?:[\s\-_#.]*\d+)?",
    re.IGNORECASE,
)


def _participant_for(label: str, interviewee, people: pd.DataFrame, name_to_pid: dict):
    """Which participant a speaker label stands for, and how that was decided: a key name, an id
    in the label, a role word for the interviewee, or (``"unplaced"``) none of these, so the
    interviewee named in the interview log."""
    folded = label.casefold()
    if folded in name_to_pid:
        return name_to_pid[folded], "key"
    match = re.match(r"^([A-Za-z]{1,4}\d{1,4})\b", label)
    if match and match.group(1).upper() in people.index:
        return match.group(1).upper(), "id"
    if label in people.index:
        return label, "id"
    if _INTERVIEWEE.fullmatch(" ".join(folded.split())):
        return interviewee, "role"
    return interviewee, "unplaced"


def _report_speakers(report, doc_id, interviewee, placed_by, flags) -> None:
    """List in the report every speaker label no rule placed (taken as the log's interviewee),
    with its number of turns; note a transcript with no interviewer turns at all."""
    unplaced = Counter(label for label, _, how in placed_by if how == "unplaced" and label)
    for label, turns in sorted(unplaced.items()):
        report.speakers.append(
            {"doc_id": doc_id, "label": label, "turns": turns, "taken_as": interviewee}
        )
    if any(label for label, _, _ in placed_by) and not flags.any():
        report.notes.append(
            f"{doc_id}: no speaker label is an interviewer's, so every turn is analysed as "
            "the participant's words; name the interviewer's label in interviews.csv "
            "(`interviewer`) if it has one."
        )
