"""A study's codes and stable topics across waves, from the tables the stages wrote."""

from __future__ import annotations

import pandas as pd

from analysis.prevalence import substantive_segments
from analysis.waves._change import WaveChange, study_waves, wave_change


def code_waves(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    codings: pd.DataFrame,
    coverage: pd.DataFrame | None,
    *,
    seed: int,
    codes: list | None = None,
    **options,
) -> WaveChange | None:
    """Codes across waves, counted on the documents someone coded (any coder's codings; without
    a coverage table, every interview counts as looked at).

    ``codes`` orders the items (e.g. a framework matrix's columns); ``options`` go to
    :func:`wave_change`. None when the study has fewer than two waves or no codings.
    """
    if len(study_waves(interviews)) < 2 or codings is None or len(codings) == 0:
        return None
    looked = None if coverage is None or "doc_id" not in coverage else coverage["doc_id"]
    return wave_change(
        segments, interviews, codings, item="code_id", items=codes, documents=looked,
        seed=seed, **options,
    )  # fmt: skip


def topic_waves(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    topics: pd.DataFrame,
    assignments: pd.DataFrame,
    *,
    seed: int,
    **options,
) -> WaveChange | None:
    """The topics reported as findings (stable, not chatter) across waves, counted on the
    substantive segments (:func:`analysis.prevalence.substantive_segments`) of every interview.

    ``options`` go to :func:`wave_change`. None when the study has fewer than two waves.
    """
    if len(study_waves(interviews)) < 2:
        return None
    flag = "finding" if "finding" in topics.columns else "stable"
    findings = topics.loc[topics[flag].astype(bool), "topic"].tolist()
    counted, _ = substantive_segments(segments, assignments, topics)
    return wave_change(
        counted, interviews, assignments[assignments["topic"].isin(findings)], item="topic",
        items=findings, seed=seed, **options,
    )  # fmt: skip
