"""Emergent topics: inductive topics the codebook leaves uncoded, offered as candidate codes."""

from __future__ import annotations

import pandas as pd

from analysis.segments import interviewer_rows

EMERGENT_COLUMNS = [
    "topic", "label", "words", "size", "n_units", "n_coded", "share_coded", "stability", "stable",
]  # fmt: skip
QUOTE_COLUMNS = [
    "topic", "rank", "segment_id", "doc_id", "source", "speaker", "participant_id", "role",
    "probability", "text",
]  # fmt: skip


def emergent_topics(
    units: pd.DataFrame, topics: pd.DataFrame, max_coded: float, min_units: int
) -> pd.DataFrame:
    """Topics (outliers and chatter aside) with at least ``min_units`` units, under
    ``max_coded`` of them coded.

    Sorted by units, most first, then topic. ``size`` is the topic's size in the topics table
    (all fitted segments), ``n_units`` its units in the coded documents; ``stability`` and
    ``stable`` come from the topics table when it has them (missing otherwise), so that an
    unstable candidate is marked as one.
    """
    per_topic = units.groupby("topic").agg(
        n_units=("segment_id", "size"), n_coded=("n_codes", lambda n: int((n > 0).sum()))
    )
    per_topic["share_coded"] = per_topic["n_coded"] / per_topic["n_units"]
    chosen = per_topic[
        (per_topic.index != -1)
        & (per_topic["n_units"] >= min_units)
        & (per_topic["share_coded"] < max_coded)
    ].reset_index()
    described = topics.assign(topic=topics["topic"].astype("int64"))
    for column in ("size", "stability", "stable"):
        if column not in described.columns:
            described = described.assign(**{column: pd.NA})
    if "chatter" in described.columns:
        chatter = set(described.loc[described["chatter"].astype(bool), "topic"])
        chosen = chosen[~chosen["topic"].isin(chatter)]
    table = chosen.merge(
        described[["topic", "label", "words", "size", "stability", "stable"]], on="topic",
        how="left",
    )  # fmt: skip
    table = table.sort_values(["n_units", "topic"], ascending=[False, True], kind="stable")
    return table[EMERGENT_COLUMNS].reset_index(drop=True)


def emergent_quotes(
    topic_ids: list[int],
    assigned: pd.DataFrame,
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    coders: list,
    n_quotes: int,
) -> pd.DataFrame:
    """The ``n_quotes`` most probable uncoded, non-interviewer segments of each topic.

    Drawn from every document, coded or not, since an emergent theme is often clearest where no
    coder has been. Ties in probability go to the smaller ``segment_id``, so the choice is
    deterministic; a missing probability ranks last.
    """
    if not topic_ids or n_quotes == 0:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    coded = set(codings.loc[codings["coder"].isin(coders), "segment_id"])
    speakers = segments[~interviewer_rows(segments) & ~segments["segment_id"].isin(coded)]
    pool = assigned[assigned["topic"].isin(topic_ids)].merge(speakers, on="segment_id")
    pool = pool.assign(_probability=pool["probability"].fillna(-1.0), _key=pool["segment_id"])
    pool = pool.sort_values(
        ["topic", "_probability", "_key"], ascending=[True, False, True], kind="stable"
    )
    quotes = pool.groupby("topic", sort=False).head(n_quotes).copy()
    quotes["rank"] = quotes.groupby("topic").cumcount() + 1
    for column in QUOTE_COLUMNS:
        if column not in quotes.columns:
            quotes[column] = pd.NA
    order = {topic: i for i, topic in enumerate(topic_ids)}
    quotes = quotes.assign(_order=quotes["topic"].map(order))
    quotes = quotes.sort_values(["_order", "rank"], kind="stable")
    return quotes[QUOTE_COLUMNS].reset_index(drop=True)
