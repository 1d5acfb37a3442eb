"""Suggestions a researcher can act on: each with its calibrated probability and the nearest
coded example as the reason, and per code the uncoded segments most likely to carry it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare._assisted import (
    ASSISTED_CODER,
    SUGGESTION_COLUMNS,
    CodeSuggester,
    probabilities,
)
from analysis.compare._assisted_prototypes import _unit_rows
from analysis.compare._assisted_units import _require
from analysis.errors import InputError
from analysis.segments import interviewer_rows
from analysis.validation import check_scalar

#: Columns of :func:`rank_uncoded`'s table.
RANKING_COLUMNS = (
    "code_id",
    "rank",
    "segment_id",
    "probability",
    "score",
    "suggested",
    "nearest_segment_id",
    "nearest_similarity",
)


def _scored(suggester: CodeSuggester, segments: pd.DataFrame, func: str):
    """The segments no human coded, their centred vectors and their scores for every code."""
    if not isinstance(suggester, CodeSuggester):
        raise InputError(
            f"{func}: suggester must come from fit_code_suggester, got {type(suggester).__name__}"
        )
    segments = _require(segments, ["segment_id", "doc_id", "text"], "segments", func)
    keep = ~segments["doc_id"].isin(suggester.human_docs) & ~segments["segment_id"].isin(
        suggester.human_segments
    )
    keep &= ~interviewer_rows(segments)
    candidates = segments.loc[keep]
    if candidates.empty:
        return candidates, np.zeros((0, 0)), np.zeros((0, len(suggester.code_ids)))
    vectors = _unit_rows(suggester.embedder.embed(candidates["text"].astype(str).tolist()))
    vectors = _unit_rows(vectors - suggester.centre)
    scores = vectors @ suggester.coefficients.T + suggester.intercepts
    return candidates, vectors, scores


def _nearest(suggester: CodeSuggester, vectors: np.ndarray, rows, cols):
    """For each (segment row, code column): the training segment the coder applied the code to
    that is most similar to the segment (cosine after centring), and that similarity."""
    example_ids = np.asarray(suggester.example_segments, dtype=object)
    ids, similarity = [], []
    for row, col in zip(rows, cols, strict=True):
        mine = np.flatnonzero(suggester.example_codes == col)
        if not len(mine):
            ids.append(None)
            similarity.append(np.nan)
            continue
        cosines = suggester.examples[mine] @ vectors[row]
        best = int(np.argmax(cosines))
        ids.append(example_ids[mine[best]])
        # unit vectors: a segment identical to its example rounds to 1 + 1e-7; a cosine is in [-1, 1]
        similarity.append(float(np.clip(cosines[best], -1.0, 1.0)))
    return ids, similarity


def suggest_codes(suggester: CodeSuggester, segments: pd.DataFrame) -> pd.DataFrame:
    """Suggest codes for the segments no human has coded.

    Parameters
    ----------
    suggester : CodeSuggester
        From :func:`fit_code_suggester`.
    segments : DataFrame
        Segments (``segment_id, doc_id, text``; ``is_interviewer`` used when present). Those in
        documents a human coded, those any human coded, and interviewer turns are skipped.

    Returns
    -------
    DataFrame
        One row per suggested (segment, code): ``segment_id, code_id``; ``score`` (the code's
        log-odds, or cosine to its prototype after centring; at least the code's threshold);
        ``probability`` (the score calibrated on the training documents' out-of-fold scores,
        Platt's logistic: how often a segment so scored carried the code); the reason,
        ``nearest_segment_id`` and ``nearest_similarity`` (the training segment the coder
        applied the code to that is most like this one); ``coder`` (``"assisted"``) and
        ``suggested`` (True); sorted by segment (in the order given) then code (codebook
        order). A separate table: append it to human codings only as suggestions to review.

    References
    ----------
    .. [1] Platt, J. (1999). Probabilistic outputs for support vector machines and comparisons
       to regularized likelihood methods. In *Advances in Large Margin Classifiers*, 61-74.
    """
    candidates, vectors, scores = _scored(suggester, segments, "suggest_codes")
    rows, cols = np.nonzero(scores >= suggester.thresholds[None, :])
    nearest, similarity = _nearest(suggester, vectors, rows, cols)
    return _suggestion_table(
        candidates["segment_id"].to_numpy()[rows],
        np.asarray(suggester.code_ids, dtype=object)[cols],
        scores[rows, cols],
        probabilities(suggester, scores)[rows, cols] if len(rows) else [],
        nearest,
        similarity,
    )


def rank_uncoded(
    suggester: CodeSuggester, segments: pd.DataFrame, *, top: int = 20
) -> pd.DataFrame:
    """For each code, the uncoded segments most likely to carry it: what to code next.

    Parameters
    ----------
    suggester : CodeSuggester
    segments : DataFrame
        As :func:`suggest_codes`.
    top : int, default 20
        Segments listed per code (fewer when fewer are uncoded).

    Returns
    -------
    DataFrame
        :data:`RANKING_COLUMNS`: per code in codebook order, its ``top`` uncoded segments by
        calibrated probability (ties by score, then segment order), ``suggested`` when the
        score reaches the code's threshold, and the nearest coded example as the reason. A code
        that was not learnt (fewer coded examples than ``min_examples``) has no rows.
    """
    top = check_scalar(top, "top", "rank_uncoded", low=1)
    candidates, vectors, scores = _scored(suggester, segments, "rank_uncoded")
    if candidates.empty:
        return pd.DataFrame(columns=list(RANKING_COLUMNS))
    chance = probabilities(suggester, scores)
    ids = candidates["segment_id"].to_numpy()
    parts = []
    for k, code_id in enumerate(suggester.code_ids):
        if suggester.n_train[k] < suggester.min_examples:  # not learnt: nothing to rank by
            continue
        order = np.lexsort((np.arange(len(ids)), -scores[:, k], -chance[:, k]))[:top]
        nearest, similarity = _nearest(suggester, vectors, order, [k] * len(order))
        parts.append(
            pd.DataFrame(
                {
                    "code_id": code_id,
                    "rank": np.arange(1, len(order) + 1),
                    "segment_id": ids[order],
                    "probability": chance[order, k],
                    "score": scores[order, k],
                    "suggested": scores[order, k] >= suggester.thresholds[k],
                    "nearest_segment_id": nearest,
                    "nearest_similarity": similarity,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=list(RANKING_COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(RANKING_COLUMNS)]


def _suggestion_table(
    segment_ids, code_ids, scores, chance=(), nearest=(), similarity=()
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "segment_id": pd.Series(segment_ids, dtype=object),
            "code_id": pd.Series(code_ids, dtype=object),
            "score": pd.Series(scores, dtype=float),
            "probability": pd.Series(chance, dtype=float),
            "nearest_segment_id": pd.Series(nearest, dtype=object),
            "nearest_similarity": pd.Series(similarity, dtype=float),
            "coder": ASSISTED_CODER,
            "suggested": True,
        },
        columns=list(SUGGESTION_COLUMNS),
    )
