"""Representative quotes per topic, traceable to their document and offsets."""

from __future__ import annotations

import pandas as pd

from analysis.errors import InputError
from analysis.validation import check_scalar

QUOTE_COLUMNS = [
    "topic", "label", "rank", "segment_id", "doc_id", "source", "speaker", "participant_id",
    "role", "char_start", "char_end", "probability", "text",
]  # fmt: skip


def representative_quotes(
    result, segments: pd.DataFrame, n: int = 3, *, include_outliers: bool = False
) -> pd.DataFrame:
    """The ``n`` most representative segments of each topic, as quotes.

    Parameters
    ----------
    result : TopicResult
    segments : DataFrame
        The segments table the result was fitted on (pseudonymised; ``segment_id``, ``doc_id``,
        ``speaker``, ``role``, ``char_start``, ``char_end``, ``text``).
    n : int
        Quotes per topic.
    include_outliers : bool
        Also quote topic ``-1``.

    Returns
    -------
    DataFrame
        ``topic, label, rank, segment_id, doc_id, source, speaker, participant_id, role,
        char_start, char_end, probability, text``; ``rank`` starts at 1. Speakers appear by
        pseudonym and role only; ``doc_id`` with the offsets points to the quote's place in the
        pseudonymised document.

    Notes
    -----
    For BERTopic the quotes are BERTopic's representative documents first (the segments
    whose c-TF-IDF is closest to the topic's, from a fixed sample, so the choice is
    reproducible), then the segments with the highest probability; for LDA and NMF, the
    segments with the largest share of the topic. Ties go to the smaller ``segment_id``.
    """
    n = check_scalar(n, "n", "representative_quotes", low=1, what="a positive int")
    if "segment_id" not in segments.columns:
        raise InputError(
            "the segments table has no column 'segment_id'",
            location="representative_quotes",
            expected="the segments table the topics were fitted on",
        )
    assigned = result.assignments.dropna(subset=["topic"])
    merged = assigned.merge(segments, on="segment_id", how="inner", suffixes=("", "_segment"))
    if len(merged) < len(assigned):
        raise InputError(
            f"{len(assigned) - len(merged)} fitted segment(s) are not in the segments table given",
            location="representative_quotes",
            expected="the segments table the topics were fitted on",
        )
    representative: dict[int, list[str]] = {}
    if result.method == "bertopic":
        from analysis.topics._bertopic import representative_segments

        representative = representative_segments(result.model)
    labels = dict(zip(result.topics["topic"], result.topics["label"], strict=True))
    rows = []
    for topic, part in merged.groupby("topic", sort=True):
        topic = int(topic)
        if topic == -1 and not include_outliers:
            continue
        part = part.assign(
            _probability=part["probability"].astype("Float64").fillna(-1.0)
        ).sort_values(["_probability", "segment_id"], ascending=[False, True], kind="stable")
        first_by_text = part.drop_duplicates("text").set_index("text")["segment_id"]
        chosen = [first_by_text[t] for t in representative.get(topic, []) if t in first_by_text]
        chosen = list(dict.fromkeys([*chosen, *part["segment_id"]]))[:n]
        by_id = part.set_index("segment_id")
        for rank, segment in enumerate(chosen, start=1):
            row = by_id.loc[segment]
            rows.append(
                {
                    "topic": topic,
                    "label": labels.get(topic, ""),
                    "rank": rank,
                    "segment_id": segment,
                    **{c: row.get(c, pd.NA) for c in QUOTE_COLUMNS[4:11]},
                    "probability": row["probability"],
                    "text": row["text"],
                }
            )
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)
