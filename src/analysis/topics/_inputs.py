"""Checking and preparing the segments table for topic modelling."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.segments import interviewer_rows
from analysis.validation import check_type

#: Fewer participant segments than this cannot support a topic model: a neighbour graph and a
#: clustering need enough points to mean anything.
MIN_FIT_SEGMENTS = 20

#: The ``excluded`` reasons recorded in the assignments table.
INTERVIEWER = "interviewer turn"
EMPTY = "empty text"
SHORT = "no substance"


def content_words(texts) -> np.ndarray:
    """The number of content words in each text: its words less English and spoken-English stop
    words, fillers, transcript annotations and pseudonym placeholders (:func:`stop_words`).

    Back-channels and courtesies have none ("Yeah, that's fine.", "Mm-hm."); a short event note
    keeps its substance ("Less alone w/ worries between visits": "worries", "visits").

    >>> content_words(["Yeah, no, that's fine.", "Less alone w/ worries between visits"]).tolist()
    [0, 2]
    """
    from analysis.topics._stopwords import SpokenAnalyzer, stop_words

    analyse = SpokenAnalyzer(stop_words(), (1, 1))
    return np.array([len(analyse(t)) for t in texts], dtype=np.int64)


@dataclass
class PreparedSegments:
    """Segments sorted by ``segment_id``, with the rows a topic model is fitted on marked.

    Attributes
    ----------
    table : DataFrame
        The input segments sorted by ``segment_id`` (index reset), with an ``excluded`` column:
        missing for segments used in fitting, else the reason they were left out.
    order : ndarray of int
        ``table`` row ``i`` is input row ``order[i]`` (to reorder caller-supplied embeddings).
    """

    table: pd.DataFrame
    order: np.ndarray

    @property
    def fit_mask(self) -> np.ndarray:
        return self.table["excluded"].isna().to_numpy()

    @property
    def fit_table(self) -> pd.DataFrame:
        return self.table[self.fit_mask].reset_index(drop=True)

    @property
    def fit_texts(self) -> list[str]:
        return self.fit_table["text"].astype(str).tolist()


def prepare_segments(
    segments: pd.DataFrame, *, caller: str = "fit_topics", min_content_words: int = 0
) -> PreparedSegments:
    """Check the segments table, sort it by ``segment_id`` and mark the rows not to fit.

    Sorting makes the fitted model independent of the order rows arrive in (UMAP and HDBSCAN,
    where used, are order-sensitive even with a fixed seed). Interviewer turns, empty segments and segments
    with fewer than ``min_content_words`` content words (:func:`content_words`) are marked in
    ``excluded``.

    Raises
    ------
    InputError
        If ``segment_id`` or ``text`` is missing, or a ``segment_id`` is missing or repeated.
    """
    check_type(
        segments,
        "segments",
        caller,
        pd.DataFrame,
        "a DataFrame",
        expected="the segments table (segment_id, text, ...)",
    )
    missing = [c for c in ("segment_id", "text") if c not in segments.columns]
    if missing:
        raise InputError(
            f"the segments table has no column {', '.join(repr(c) for c in missing)}",
            location=caller,
            expected="the segments table's columns segment_id and text",
        )
    ids = segments["segment_id"]
    if ids.isna().any():
        raise InputError(
            f"{int(ids.isna().sum())} segment(s) have no segment_id",
            location=caller,
            expected="a segment_id on every row",
        )
    repeated = ids[ids.duplicated()].astype(str).unique()
    if len(repeated):
        raise InputError(
            f"segment_id {repeated[0]!r} appears more than once"
            + (f" (and {len(repeated) - 1} more)" if len(repeated) > 1 else ""),
            location=caller,
            expected="one row per segment_id",
        )
    order = np.argsort(ids.astype(str).to_numpy(), kind="stable")
    table = segments.iloc[order].reset_index(drop=True).copy()
    text = table["text"].astype("string").fillna("")
    table["text"] = text.astype(object)
    interviewer = interviewer_rows(table)
    excluded = pd.Series(pd.NA, index=table.index, dtype="string")
    if min_content_words:
        # Back-channels and courtesies ("Yeah, definitely.") carry no theme of their own: they
        # are neither fitted nor assigned, so they cannot form, inflate or head a topic.
        excluded[content_words(text.tolist()) < min_content_words] = SHORT
    excluded[text.str.strip() == ""] = EMPTY
    excluded[interviewer.to_numpy()] = INTERVIEWER
    table["excluded"] = excluded
    return PreparedSegments(table=table, order=order)


def check_enough(prepared: PreparedSegments, *, caller: str = "fit_topics") -> None:
    """Refuse corpora too small for a topic model, in the researcher's words."""
    n_fit = int(prepared.fit_mask.sum())
    if n_fit < MIN_FIT_SEGMENTS:
        n_left = len(prepared.table) - n_fit
        raise InputError(
            f"only {n_fit} segment(s) can be topic-modelled ({n_left} interviewer turn(s), "
            f"empty segment(s) or segment(s) without substance left out); a topic model needs "
            f"at least "
            f"{MIN_FIT_SEGMENTS}",
            location=caller,
            expected=f"at least {MIN_FIT_SEGMENTS} participant segments with text "
            "(add more interviews or event data, or code this corpus by hand)",
        )


def align_embeddings(
    embeddings, prepared: PreparedSegments, *, caller: str = "fit_topics"
) -> np.ndarray:
    """Caller-supplied embeddings (one row per input segment) in sorted order."""
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(prepared.table):
        raise InputError(
            f"The 'embeddings' parameter of {caller} must have one row per segment "
            f"({len(prepared.table)}). Got shape {vectors.shape} instead.",
            expected="the embeddings of every segment, in the segments table's row order",
        )
    return vectors[prepared.order]


def assignments_table(
    prepared: PreparedSegments, topics: np.ndarray, probabilities: np.ndarray
) -> pd.DataFrame:
    """The assignments table: every segment, fitted or not, in ``segment_id`` order."""
    table = prepared.table
    topic = pd.array([pd.NA] * len(table), dtype="Int64")
    probability = pd.array([pd.NA] * len(table), dtype="Float64")
    mask = prepared.fit_mask
    topic[mask] = np.asarray(topics, dtype=np.int64)
    probability[mask] = np.asarray(probabilities, dtype=np.float64)
    return pd.DataFrame(
        {
            "segment_id": table["segment_id"].to_numpy(),
            "topic": topic,
            "probability": probability,
            "excluded": table["excluded"].to_numpy(),
        }
    )
