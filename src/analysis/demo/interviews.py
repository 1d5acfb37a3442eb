"""The demo study's interviews: participants, pseudonymisation key and transcript files.

:func:`write_interviews` plans a two-wave study (participants at four or more sites, some
interviewed twice), composes every interview turn by turn for one planted theme each
(:mod:`analysis.demo._compose`), writes the transcripts in varied formats
(:mod:`analysis.demo._transcripts`) and returns the tables the study folder and its ground
truth are made of. Everything is drawn from the generator passed in, so the same seed gives
the same files byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.demo import _people as people
from analysis.demo._compose import Context, compose_interview
from analysis.demo._interview_plan import (
    FORMATS,
    interview_date,
    labels_for,
    pii_plan_for,
    plan_documents,
    plan_names,
    plan_participants,
    plan_sites,
    txt_style,
)
from analysis.demo._transcripts import render_txt, render_vtt, smarten, write_docx
from analysis.demo.plan import CODES_V1, EMERGENT_THEMES
from analysis.errors import InputError

__all__ = ["FORMATS", "InterviewStudy", "write_interviews"]


@dataclass(frozen=True)
class InterviewStudy:
    """What :func:`write_interviews` wrote, as tables.

    Attributes
    ----------
    participants, interviews, key : DataFrame
        The study folder's ``participants.csv``, ``interviews.csv`` and ``key.csv``.
    turns : DataFrame
        One row per speaker turn as a reader numbers them: ``doc_id, turn, speaker,
        participant_id, role, is_interviewer, theme, n_words, text, char_start, char_end,
        sentences``; offsets are set only where the document is ``codable``.
    documents : DataFrame
        ``doc_id, file, format, layout, encoding, codable`` for every transcript; ``codable``
        marks UTF-8 ``.txt`` files with plain line ends and no byte-order mark, whose
        character offsets nobody can read differently.
    pii : DataFrame
        ``doc_id, kind, n``: how many items of each kind of personal data were planted.
    """

    participants: pd.DataFrame
    interviews: pd.DataFrame
    key: pd.DataFrame
    turns: pd.DataFrame
    documents: pd.DataFrame
    pii: pd.DataFrame


def _balance(theme_turns: dict[str, int]) -> dict[str, float]:
    """Weight factors that favour the themes written least so far (between 0.2 and 6)."""
    mean = sum(theme_turns.values()) / len(theme_turns)
    return {t: min(6.0, max(0.2, ((mean + 5) / (n + 5)) ** 3)) for t, n in theme_turns.items()}


def write_interviews(
    study_dir: str | Path,
    rng: np.random.Generator,
    n_interviews: int = 36,
    formats: tuple[str, ...] = FORMATS,
    progress: bool = False,
) -> InterviewStudy:
    """Write ``participants.csv``, ``interviews.csv``, ``key.csv`` and ``interviews/``.

    Parameters
    ----------
    study_dir : str or Path
        The study folder (created if missing).
    rng : numpy.random.Generator
        The only source of randomness: the same seed writes the same bytes.
    n_interviews : int, default 36
        How many interview transcripts; a third of them are second interviews of participants
        interviewed in both waves.
    formats : tuple of str, default ("txt", "docx", "vtt")
        Transcript formats to use; most files are ``.txt`` when it is among them.
    progress : bool, default False
        Show a tqdm progress bar over the interviews.

    Returns
    -------
    InterviewStudy
    """
    if not isinstance(n_interviews, int | np.integer) or n_interviews < 10:
        raise InputError(
            f"The 'n_interviews' parameter of write_interviews must be an int of at least 10. "
            f"Got {n_interviews!r} instead."
        )
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        raise InputError(
            f"The 'formats' parameter of write_interviews must name some of {FORMATS}. "
            f"Got {tuple(formats)!r} instead."
        )
    from tqdm.auto import tqdm

    study_dir = Path(study_dir)
    (study_dir / "interviews").mkdir(parents=True, exist_ok=True)
    sites = plan_sites(round(n_interviews * 0.78), rng)
    participants = plan_participants(n_interviews, sites, rng)
    real, worlds, key = plan_names(participants, sites, rng)
    schedule = [
        (row.participant_id, wave)
        for row in participants.itertuples()
        for wave in ((1, 2) if row.waves == "1+2" else (int(row.waves),))
    ]
    roles = dict(zip(participants["participant_id"], participants["role"], strict=True))
    index = {pid: i + 1 for i, pid in enumerate(participants["participant_id"])}
    site_of = dict(zip(participants["participant_id"], participants["site"], strict=True))
    sites_by_name = sites.set_index("site")
    docs = plan_documents(schedule, tuple(formats), rng)
    pii_plan = pii_plan_for(schedule, roles, rng)
    children = rng.spawn(len(schedule))

    log, documents, turn_rows, pii_rows = [], [], [], []
    theme_turns = dict.fromkeys((*CODES_V1, *EMERGENT_THEMES), 0)
    # Interviews are composed in a shuffled order so that theme balancing (see _balance) sees
    # every role throughout, not link workers first and patients last.
    order = rng.permutation(len(schedule))
    for i in tqdm((int(i) for i in order), total=len(schedule), desc="interviews",
                  disable=not progress):  # fmt: skip
        (pid, wave), doc, child = schedule[i], docs[i], children[i]
        role, site = roles[pid], sites_by_name.loc[site_of[pid]]
        doc_id = f"{pid}_w{wave}"
        first, last = real[pid]
        world = dict(worlds["worlds"][site.name])
        world["patient"] = worlds["patients"].get(pid, world["lw"])
        world["lw"] = (world["lw"][index[pid] % len(world["lw"])],)  # a patient's own
        context = Context(role, first, world)
        context.pii_values.update(
            nhs=people.nhs_number(child),
            mobile=people.mobile(child),
            landline=people.landline(site["area_code"], child),
            postcode=people.postcode(site["districts"], child),
            email=people.email(first, last, child),
            dob_long=people.date_of_birth(child, spoken=True),
            dob_short=people.date_of_birth(child, spoken=False),
        )
        date = interview_date(wave, child)
        fmt = doc["format"]
        remote = fmt == "vtt" or bool(child.random() < (0.3 if wave == 1 else 0.6))
        researcher = people.pick(child, people.RESEARCHERS)
        labels = labels_for(fmt, pid, index[pid], role, real[pid], researcher, child)
        turns = compose_interview(
            context, wave, remote=remote, emphasis=site["emphasis"],
            pii=pii_plan.get(i), balance=_balance(theme_turns), rng=child,
        )  # fmt: skip
        for turn in turns:
            if not turn.is_interviewer and turn.theme in theme_turns:
                theme_turns[turn.theme] += 1
        spans, codable, curly = None, False, False
        if fmt == "txt":
            file = f"{doc_id}.txt" if child.random() < 0.7 else f"{pid} wave {wave} transcript.txt"
            style = txt_style(doc, labels, child)
            data, spans = render_txt(turns, style, child)
            (study_dir / "interviews" / file).write_bytes(data)
            codable = style.encoding == "utf-8" and not style.relabel
            curly = style.curly
        elif fmt == "docx":
            file = f"{pid} wave {wave} transcript.docx"
            write_docx(turns, study_dir / "interviews" / file, interviewer=labels[0],
                       interviewee=labels[1], layout=doc["layout"], date=date, rng=child)  # fmt: skip
        else:
            file = f"{doc_id}_teams.vtt"
            data = render_vtt(turns, interviewer=labels[0], interviewee=labels[1], rng=child)
            (study_dir / "interviews" / file).write_bytes(data)
        log.append(dict(doc_id=doc_id, file=file, participant_id=pid, wave=wave,
                        date=date.isoformat(), interviewer=labels[0],
                        mode="video call" if remote else "in person"))  # fmt: skip
        documents.append(dict(doc_id=doc_id, file=file, format=fmt, layout=doc.get("layout", ""),
                              encoding=doc.get("encoding", ""), codable=codable))  # fmt: skip
        number = 0
        for k, turn in enumerate(turns):
            sentences = [smarten(s) if curly else s for s in turn.sentences]
            chunks = spans[k].chunks if spans is not None else (0,)
            # A turn written as two labelled lines is two turns to a reader: split the truth.
            for c, first in enumerate(chunks):
                last = chunks[c + 1] if c + 1 < len(chunks) else len(sentences)
                number += 1
                span = spans[k] if spans is not None and codable else None
                text = " ".join(sentences[first:last])
                turn_rows.append(
                    dict(doc_id=doc_id, turn=number,
                         speaker=labels[0] if turn.is_interviewer else labels[1],
                         participant_id="" if turn.is_interviewer else pid,
                         role="interviewer" if turn.is_interviewer else role,
                         is_interviewer=turn.is_interviewer, theme=turn.theme,
                         n_words=len(text.split()), text=text,
                         char_start=span.start if span else None,
                         char_end=span.end if span else None,
                         sentences=span.sentences if span else ())
                )  # fmt: skip
            for kind in turn.pii:
                pii_rows.append(dict(doc_id=doc_id, kind=kind))

    interviews = pd.DataFrame(log).sort_values("doc_id", ignore_index=True)
    key_table = (
        pd.DataFrame(key, columns=["real_name", "pseudonym", "kind", "participant_id"])
        .drop_duplicates("real_name", ignore_index=True)  # a larger study repeats first names
        .fillna({"participant_id": ""})
    )
    participants.to_csv(study_dir / "participants.csv", index=False)
    interviews.to_csv(study_dir / "interviews.csv", index=False)
    key_table.to_csv(study_dir / "key.csv", index=False)
    turns_table = pd.DataFrame(turn_rows)
    turns_table[["char_start", "char_end"]] = turns_table[["char_start", "char_end"]].astype(
        "Int64"
    )
    pii = (
        pd.DataFrame(pii_rows, columns=["doc_id", "kind"])
        .value_counts()
        .rename("n")
        .reset_index()
        .sort_values(["doc_id", "kind"], ignore_index=True)
    )
    return InterviewStudy(
        participants=participants,
        interviews=interviews,
        key=key_table,
        turns=turns_table.sort_values(["doc_id", "turn"], ignore_index=True),
        documents=pd.DataFrame(documents).sort_values("doc_id", ignore_index=True),
        pii=pii,
    )
