"""Write the whole synthetic demo study, and the ground truth it was planted with.

:func:`generate_study` is the one entry point: interviews (:mod:`analysis.demo.interviews`),
codebooks (:mod:`analysis.demo.codebook`), knowledge-exchange events
(:mod:`analysis.demo.events`), two coders' codings with planted agreement, a README for the
study folder and, when asked, the ground-truth tables tests and benchmarks check the pipeline
against. The same seed writes the same bytes.

Examples
--------
The committed demo study and its truth::

    generate_study("data/raw/demo", truth_dir="data/raw/demo/truth")

A benchmark-sized study (about 120,000 turns), not committed::

    generate_study("/tmp/bench", n_interviews=2000, formats=("txt",))
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.demo import _readme
from analysis.demo.interviews import FORMATS, InterviewStudy, write_interviews
from analysis.demo.plan import (
    CODEBOOK_CHANGES,
    CODERS,
    CODES_V1,
    PLANTED_KAPPA,
    THEMES,
    WAVE_CHANGE,
    second_coder,
)
from analysis.errors import InputError

__all__ = ["DEFAULT_SEED", "GeneratedStudy", "agreement_truth", "code_interviews", "generate_study"]

DEFAULT_SEED = 20231115
#: How often the first coder misses a turn written for a code.
R1_MISS_RATE = 0.05
#: Share of coded ranges that cover one sentence rather than the whole turn.
SENTENCE_RANGE_SHARE = 0.25
#: What generate_study may replace in a folder it wrote before.
_STUDY_ENTRIES = (
    "README.md", "participants.csv", "interviews.csv", "key.csv",
    "interviews", "events", "codebook", "codings", "study.yaml",
)  # fmt: skip
_TRUTH_ENTRIES = (
    "README.md", "interview_turns.csv", "event_rows.csv", "agreement.csv",
    "codebook_changes.csv", "prevalence_by_source.csv", "pii_planted.csv",
    "coded_documents.csv", "wave_change.csv",
)  # fmt: skip


@dataclass(frozen=True)
class GeneratedStudy:
    """What :func:`generate_study` wrote.

    Attributes
    ----------
    study_dir : Path
    participants, interviews : DataFrame
        As in the study folder's CSV files.
    turns : DataFrame
        Interview ground truth, one row per speaker turn (``interview_turns.csv``).
    event_rows : DataFrame or None
        Event ground truth from :func:`analysis.demo.events.write_events`; None if skipped.
    agreement : DataFrame
        Planted and realised kappa per code (``agreement.csv``).
    skipped : tuple of str
        Parts that could not be written because their module is missing.
    """

    study_dir: Path
    participants: pd.DataFrame
    interviews: pd.DataFrame
    turns: pd.DataFrame
    event_rows: pd.DataFrame | None
    agreement: pd.DataFrame
    skipped: tuple[str, ...]


def _clear(folder: Path, entries: tuple[str, ...], what: str) -> None:
    """Empty a folder this generator wrote before; refuse to touch any other."""
    if not folder.exists() or not any(folder.iterdir()):
        return
    readme = folder / "README.md"
    if not readme.is_file() or _readme.MARKER not in readme.read_text(encoding="utf-8"):
        raise InputError(
            f"{what} folder is not empty and was not written by generate_study",
            path=folder,
            expected="an empty folder or one generate_study wrote (its README.md says so)",
        )
    for name in entries:
        target = folder / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def code_interviews(
    study: InterviewStudy, rng: np.random.Generator, n_documents: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Two coders code the interviewee turns of ``n_documents`` transcripts.

    Both interviews of up to ``n_documents // 3`` participants interviewed twice are among the
    documents (so codes can be followed across waves); the rest are drawn from the other
    transcripts. Coder R1 applies code ``c`` to every turn written for ``c`` except a few misses
    (:data:`R1_MISS_RATE`); coder R2's decision per code comes from
    :func:`analysis.demo.plan.second_coder` at the code's planted kappa. Each positive decision
    becomes a character range over the turn's text, or over one sentence of it.

    Returns
    -------
    codings : DataFrame
        ``doc_id, char_start, char_end, code_id, coder`` (``interview_codings.csv``).
    decisions : DataFrame
        ``unit, code_id, R1, R2``: each coder's presence/absence per unit (turn) and code.
    coded_documents : DataFrame
        ``doc_id, coder``.
    """
    codable = study.documents.loc[study.documents["codable"], "doc_id"].to_list()
    if len(codable) < n_documents:
        raise InputError(
            f"only {len(codable)} transcripts can carry exact character ranges",
            location="generate_study",
            expected=f"at least {n_documents} UTF-8 .txt transcripts (use more interviews)",
        )
    log = study.interviews.set_index("doc_id").loc[codable]
    n_codable = log.groupby("participant_id")["wave"].nunique()
    twice = sorted(n_codable.index[n_codable == 2])
    pairs = rng.choice(twice, size=min(len(twice), n_documents // 3), replace=False)
    chosen = [str(d) for d in log.index[log["participant_id"].isin(pairs)]]
    others = [d for d in codable if d not in set(chosen)]
    chosen += [str(d) for d in rng.choice(others, size=n_documents - len(chosen), replace=False)]
    chosen = sorted(chosen)
    units = study.turns[study.turns["doc_id"].isin(chosen) & ~study.turns["is_interviewer"]]
    units = units.reset_index(drop=True)
    r1 = {c: (units["theme"].to_numpy() == c) & (rng.random(len(units)) >= R1_MISS_RATE)
          for c in CODES_V1}  # fmt: skip
    r2 = {c: second_coder(r1[c], PLANTED_KAPPA[c], rng) for c in CODES_V1}
    rows = []
    for code in CODES_V1:
        for coder, decided in zip(CODERS, (r1[code], r2[code]), strict=True):
            for i in np.flatnonzero(decided):
                unit = units.iloc[int(i)]
                start, end = int(unit["char_start"]), int(unit["char_end"])
                sentences = [s for s in unit["sentences"] if s[1] - s[0] >= 30]
                if len(unit["sentences"]) > 1 and sentences and rng.random() < SENTENCE_RANGE_SHARE:
                    start, end = sentences[int(rng.integers(len(sentences)))]
                rows.append(dict(doc_id=unit["doc_id"], char_start=start, char_end=end,
                                 code_id=code, coder=coder))  # fmt: skip
    codings = pd.DataFrame(rows, columns=["doc_id", "char_start", "char_end", "code_id", "coder"])
    codings = codings.sort_values(["doc_id", "char_start", "code_id", "coder"], ignore_index=True)
    unit_ids = units["doc_id"] + "#" + units["turn"].astype(str)
    decisions = pd.concat(
        [
            pd.DataFrame({"unit": unit_ids, "code_id": c, "R1": r1[c], "R2": r2[c]})
            for c in CODES_V1
        ],
        ignore_index=True,
    )
    coded = pd.DataFrame([(d, c) for d in chosen for c in CODERS], columns=["doc_id", "coder"])
    return codings, decisions, coded


def _event_decisions(event_rows: pd.DataFrame, event_codings: pd.DataFrame) -> pd.DataFrame:
    """Each coder's decision per event unit (group notes and discretion rows) and code."""
    units = set(event_rows.loc[event_rows["table"].isin(["notes", "discretion"]), "segment_id"])
    units |= set(event_codings["segment_id"])
    frames = []
    for code in CODES_V1:
        applied = event_codings[event_codings["code_id"] == code]
        by_coder = {c: set(applied.loc[applied["coder"] == c, "segment_id"]) for c in CODERS}
        ordered = sorted(units)
        frames.append(pd.DataFrame({"unit": ordered, "code_id": code,
                                    **{c: [u in by_coder[c] for u in ordered] for c in CODERS}}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def agreement_truth(decisions: pd.DataFrame) -> pd.DataFrame:
    """Planted against realised Cohen's kappa per code over all coded units."""
    from sklearn.metrics import cohen_kappa_score

    rows = []
    for code in CODES_V1:
        d = decisions[decisions["code_id"] == code]
        first, second = d["R1"].to_numpy(bool), d["R2"].to_numpy(bool)
        both_constant = first.all() == first.any() and (first == second).all()
        kappa = np.nan if both_constant else cohen_kappa_score(first, second)
        rows.append(dict(code_id=code, planted_kappa=PLANTED_KAPPA[code],
                         realised_kappa=round(float(kappa), 4), n_units=len(d),
                         n_R1=int(first.sum()), n_R2=int(second.sum())))  # fmt: skip
    return pd.DataFrame(rows)


def _prevalence(turns: pd.DataFrame, event_rows: pd.DataFrame | None) -> pd.DataFrame:
    said = turns.loc[~turns["is_interviewer"], "theme"]
    interview = said.value_counts().reindex(THEMES, fill_value=0)
    event = event_rows["theme"].value_counts() if event_rows is not None else pd.Series()
    event = event.reindex(THEMES, fill_value=0)
    table = pd.DataFrame({"theme": THEMES, "n_interview": interview.to_numpy(),
                          "n_event": event.to_numpy()})  # fmt: skip
    table.insert(2, "share_interview", (table["n_interview"] / max(1, len(said))).round(4))
    table["share_event"] = (table["n_event"] / max(1, int(event.sum()))).round(4)
    return table


def _wave_truth(study: InterviewStudy) -> pd.DataFrame:
    """The planted wave change and how often each theme was written at each wave by the
    participants interviewed in both."""
    log = study.interviews
    twice = log.groupby("participant_id")["wave"].nunique()
    docs = log.loc[log["participant_id"].isin(twice.index[twice == 2]), ["doc_id", "wave"]]
    said = study.turns[~study.turns["is_interviewer"]].merge(docs, on="doc_id")
    counts = said.groupby(["theme", "wave"]).size().unstack("wave", fill_value=0)
    rows = [
        dict(theme=theme, factor_wave1=factors[0], factor_wave2=factors[1],
             direction="grows" if factors[1] > factors[0] else "fades",
             n_pairs=int((twice == 2).sum()), n_turns_wave1=int(counts.get(1, {}).get(theme, 0)),
             n_turns_wave2=int(counts.get(2, {}).get(theme, 0)))
        for theme, factors in WAVE_CHANGE.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


def _write_truth(truth_dir: Path, parts: dict[str, pd.DataFrame]) -> None:
    _clear(truth_dir, _TRUTH_ENTRIES, "The truth")
    truth_dir.mkdir(parents=True, exist_ok=True)
    for name, table in parts.items():
        table.to_csv(truth_dir / f"{name}.csv", index=False)
    (truth_dir / "README.md").write_text(_readme.truth_readme(), encoding="utf-8")


def generate_study(
    out_dir: str | Path,
    *,
    seed: int = DEFAULT_SEED,
    n_interviews: int = 36,
    truth_dir: str | Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    progress: bool = True,
) -> GeneratedStudy:
    """Write the synthetic demo study (and optionally its ground truth) from one seed.

    Parameters
    ----------
    out_dir : str or Path
        The study folder, e.g. ``data/raw/demo``. Must be empty or written by this function
        before (its files are then replaced).
    seed : int, default 20231115
        Seeds every random step; the same seed writes the same bytes.
    n_interviews : int, default 36
        Number of interview transcripts; events scale with it (``n_interviews / 36``).
    truth_dir : str or Path, optional
        Where to write the ground truth (``data/raw/demo/truth`` for the committed demo).
    formats : tuple of str, default ("txt", "docx", "vtt")
        Transcript formats; ``("txt",)`` is fastest for large benchmark studies.
    progress : bool, default True
        Show a progress bar while writing interviews.

    Returns
    -------
    GeneratedStudy
    """
    study_dir = Path(out_dir)
    _clear(study_dir, _STUDY_ENTRIES, "The study")
    rng_interviews, rng_events, rng_codings = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)
    )
    study = write_interviews(study_dir, rng_interviews, n_interviews, tuple(formats), progress)
    skipped = []
    try:
        from analysis.demo.codebook import write_codebooks
    except ModuleNotFoundError as error:
        if error.name != "analysis.demo.codebook":
            raise
        skipped.append("codebook")
    else:
        write_codebooks(study_dir)
    event_rows = None
    try:
        from analysis.demo.events import write_events
    except ModuleNotFoundError as error:
        if error.name != "analysis.demo.events":
            raise
        skipped.append("events")
    else:
        event_rows, event_codings = write_events(study_dir, rng_events, scale=n_interviews / 36)
        event_rows = event_rows.sort_values("segment_id", ignore_index=True)

    n_coded = max(1, round(n_interviews / 2))
    codings, decisions, coded = code_interviews(study, rng_codings, n_coded)
    (study_dir / "codings").mkdir(exist_ok=True)
    codings.to_csv(study_dir / "codings" / "interview_codings.csv", index=False)
    if event_rows is not None:
        decisions = pd.concat([decisions, _event_decisions(event_rows, event_codings)])
    agreement = agreement_truth(decisions)
    turns = study.turns[
        ["doc_id", "turn", "speaker", "participant_id", "role", "is_interviewer", "theme",
         "n_words", "char_start", "char_end"]
    ]  # fmt: skip
    (study_dir / "README.md").write_text(
        _readme.study_readme(study, n_coded=n_coded, skipped=tuple(skipped)), encoding="utf-8"
    )
    if truth_dir is not None:
        parts = {
            "interview_turns": turns,
            "agreement": agreement,
            "codebook_changes": pd.DataFrame(
                [(c["change"], ";".join(c["v1"]), ";".join(c["v2"])) for c in CODEBOOK_CHANGES],
                columns=["change", "v1", "v2"],
            ),
            "prevalence_by_source": _prevalence(study.turns, event_rows),
            "pii_planted": study.pii,
            "coded_documents": coded,
            "wave_change": _wave_truth(study),
        }
        if event_rows is not None:
            parts["event_rows"] = event_rows
        _write_truth(Path(truth_dir), parts)
    return GeneratedStudy(
        study_dir=study_dir,
        participants=study.participants,
        interviews=study.interviews,
        turns=turns,
        event_rows=event_rows,
        agreement=agreement,
        skipped=tuple(skipped),
    )
