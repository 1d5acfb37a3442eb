"""Interview transcripts of a study: the log, the readers, pseudonymisation and segments."""

from __future__ import annotations

import re

import pandas as pd
from tqdm.auto import tqdm

from analysis.errors import InputError
from analysis.ingest._common import (
    INTERVIEWER_LABELS,
    SEGMENT_COLUMNS,
    TRANSCRIPT_SUFFIXES,
)
from analysis.io import read_csv_table


def _interviewer_labels(manifest_label) -> set[str]:
    labels = set(INTERVIEWER_LABELS)
    if isinstance(manifest_label, str):
        labels.add(manifest_label.strip().casefold())
    return labels


def read_interviews(
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
    roles = people["role"].to_dict()
    sites = people["site"].to_dict()
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
        doc_maps[row.doc_id] = result  # carries raw offsets to pseudonymised ones (map_span)
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
