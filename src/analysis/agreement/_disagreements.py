"""``disagreements``: the segments and codes coders differ on, with the text to discuss them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.agreement._codings import presence
from analysis.agreement._validate import check_columns
from analysis.errors import InputError
from analysis.validation import check_scalar, plain

__all__ = ["disagreements"]

SEGMENT_COLUMNS = ("segment_id", "doc_id", "turn", "text")
_FUNC = "disagreements"


def _join(names: Sequence[object]) -> str:
    return ", ".join(str(name) for name in names)


def disagreements(
    codings: pd.DataFrame,
    units: object,
    segments: pd.DataFrame | None = None,
    context: int = 1,
    *,
    coders: Sequence[object] | None = None,
) -> pd.DataFrame:
    """Every segment and code on which the coders differ, in document order, for a consensus meeting.

    Parameters
    ----------
    codings : DataFrame
        The long codings table ``segment_id, code_id, coder``.
    units : list or DataFrame
        The segments that were coded, as in :func:`agreement_table` (a table with
        ``segment_id, coder`` is per-coder coverage; a coder who did not look at a segment is
        listed under ``not_seen_by``, not as disagreeing). None: the segments in ``codings``.
    segments : DataFrame, optional
        The segments table with ``segment_id, doc_id, turn, text``, to show each segment's text
        and its neighbours.
    context : int, default 1
        How many segments before and after (same document, by ``turn``) to show.
    coders : list, optional
        The coders to compare. Default: all in ``codings``.

    Returns
    -------
    DataFrame
        One row per (segment, code) where some coders who looked at the segment applied the code
        and others did not: ``segment_id, code_id, applied_by, not_applied_by, not_seen_by``
        (coder names joined by ", "); with ``segments`` also ``doc_id, turn, text,
        context_before, context_after`` (neighbouring texts joined by a blank line). Sorted by
        ``doc_id`` and ``turn`` when ``segments`` is given, else by the order of ``units``;
        then by ``code_id``.

    Raises
    ------
    InputError
        As :func:`agreement_table`; also if ``segments`` lacks a column or a disagreed segment.

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({"segment_id": [1, 2, 2], "code_id": ["holding"] * 3,
    ...                         "coder": ["A", "A", "B"]})
    >>> segments = pd.DataFrame({"segment_id": [1, 2], "doc_id": ["int01", "int01"],
    ...                          "turn": [1, 2], "text": ["I stay with them.", "As long as it takes."]})
    >>> found = disagreements(codings, [1, 2], segments)
    >>> found[["segment_id", "code_id", "applied_by", "not_applied_by", "context_after"]]
       segment_id  code_id applied_by not_applied_by         context_after
    0           1  holding          A              B  As long as it takes.
    """
    context = check_scalar(context, "context", _FUNC, low=0)
    data = presence(codings, units, coders, _FUNC)
    coder_names = np.array(data.coders, dtype=object)
    rows = []
    for code in data.code_ids:
        matrix = data.values[code]
        applied = matrix == 1.0
        not_applied = matrix == 0.0
        differ = np.flatnonzero(applied.any(axis=0) & not_applied.any(axis=0))
        for u in differ:
            rows.append(
                {
                    "segment_id": data.unit_ids[u],
                    "code_id": code,
                    "applied_by": _join(coder_names[applied[:, u]]),
                    "not_applied_by": _join(coder_names[not_applied[:, u]]),
                    "not_seen_by": _join(coder_names[np.isnan(matrix[:, u])]),
                    "_order": u,
                }
            )
    columns = ["segment_id", "code_id", "applied_by", "not_applied_by", "not_seen_by"]
    found = pd.DataFrame(rows, columns=[*columns, "_order"])
    if segments is None:
        found = found.sort_values(["_order", "code_id"], kind="stable")
        return found[columns].reset_index(drop=True)
    check_columns(segments, SEGMENT_COLUMNS, "segments")
    ordered_segments = segments.sort_values(["doc_id", "turn"], kind="stable").reset_index(
        drop=True
    )
    position = pd.Series(ordered_segments.index, index=ordered_segments["segment_id"])
    if position.index.duplicated().any():
        raise InputError("segments has repeated segment_id values", expected="unique segment_id")
    where = found["segment_id"].map(position)
    if where.isna().any():
        stray = [plain(v) for v in found.loc[where.isna(), "segment_id"].unique()[:5]]
        raise InputError(
            f"disagreements: segment(s) {stray!r} are not in segments",
            expected="every coded segment_id in the segments table",
        )
    docs = ordered_segments["doc_id"].to_numpy(dtype=object)
    texts = ordered_segments["text"].astype(str).to_numpy(dtype=object)

    def around(i: int, step: int) -> str:
        picked = []
        for j in range(i + step, i + step * (context + 1), step):
            if 0 <= j < len(texts) and docs[j] == docs[i]:
                picked.append(texts[j])
        return "\n\n".join(picked[::step])

    index = where.to_numpy(dtype=np.int64)
    found = found.assign(
        doc_id=docs[index] if len(index) else [],
        turn=ordered_segments["turn"].to_numpy()[index] if len(index) else [],
        text=texts[index] if len(index) else [],
        context_before=[around(i, -1) for i in index],
        context_after=[around(i, 1) for i in index],
        _order=index,
    )
    found = found.sort_values(["_order", "code_id"], kind="stable")
    columns += ["doc_id", "turn", "text", "context_before", "context_after"]
    return found[columns].reset_index(drop=True)
