"""Which segments prevalence counts, and grouped how: the pipeline's groupings (source, role,
site), the topic labels of the assigned participant segments, and the substantive segments."""

from __future__ import annotations

import pandas as pd

from analysis.segments import interviewer_rows

__all__ = ["GROUPS", "by_group", "substantive_segments", "topic_labels"]

#: The groupings prevalence and differences are reported by.
GROUPS = ("source", "role", "site")


def by_group(compute) -> pd.DataFrame:
    """Prevalence by source, role and site stacked in one long table: ``compute(group)`` gives
    one grouping's table; its group column becomes ``group`` and ``group_by`` names it."""
    return pd.concat(
        [compute(g).rename(columns={g: "group"}).assign(group_by=g) for g in GROUPS],
        ignore_index=True,
    )


def topic_labels(assignments: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Assigned participant segments with their group and cluster columns, for prevalence."""
    assigned = assignments.dropna(subset=["topic"])[["segment_id", "topic"]]
    columns = ["segment_id", "doc_id", *GROUPS]
    return assigned.merge(segments[columns], on="segment_id").astype({"topic": "int64"})


def substantive_segments(segments: pd.DataFrame, assignments: pd.DataFrame, topics: pd.DataFrame):
    """The participant segments prevalence counts: fitted (not interviewer turns, not empty,
    not without substance) and not in a chatter topic; and a count of the rest by reason."""
    participant = segments[~interviewer_rows(segments)]
    table = participant[["segment_id"]].merge(assignments, on="segment_id", how="left")
    chatter = (
        set(topics.loc[topics["chatter"].astype(bool), "topic"]) if "chatter" in topics else set()
    )
    reason = table["excluded"].astype("string")
    reason = reason.mask(reason.isna() & table["topic"].isin(chatter), "in a chatter topic")
    kept = table.loc[reason.isna(), "segment_id"]
    left_out = reason.dropna().value_counts().sort_index()
    return participant[participant["segment_id"].isin(kept)], {
        str(k): int(v) for k, v in left_out.items()
    }
