"""Code co-occurrence: which codes are applied together, in one segment or a few turns apart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare._units import (
    check_segments,
    coded_codings,
    unit_codes,
)
from analysis.errors import InputError
from analysis.segments import interviewer_rows
from analysis.validation import check_option, check_scalar

COOCCURRENCE_COLUMNS = ["code_a", "code_b", "n_a", "n_b", "n_both", "n_either", "jaccard"]
_ORDER_COLUMNS = ("turn", "window", "char_start")


def cooccurrence(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    window: int = 0,
    coders: list | None = None,
    rule: str = "any",
) -> pd.DataFrame:
    r"""How often each pair of codes occurs together, within a segment or within a window of them.

    Parameters
    ----------
    codings : DataFrame
        ``segment_id, code_id, coder``.
    segments : DataFrame
        ``segment_id, doc_id`` and, to order a document's segments, any of ``turn``, ``window``,
        ``char_start`` (used in that order; ``segment_id`` breaks ties); ``is_interviewer``
        where known.
    window : int, default 0
        0 counts codes applied to the same segment; :math:`w > 0` also counts codes up to
        :math:`w` segments apart in the same document.
    coders : list, optional
        Coders whose codings count; all by default.
    rule : {"any", "all"} or a coder, default "any"
        When a segment has a code: any chosen coder applied it, all did, or the named coder did.

    Returns
    -------
    DataFrame
        One row per unordered pair of codes, the code with itself included, sorted:
        ``code_a, code_b`` (``code_a <= code_b``), ``n_a``, ``n_b`` (segments with each code),
        ``n_both``, ``n_either`` and ``jaccard``. On the diagonal ``n_both`` is the code's
        frequency and ``jaccard`` is 1.

    Notes
    -----
    Let :math:`A` and :math:`B` be the segments carrying codes :math:`a` and :math:`b`, and
    :math:`A^{+w}` the segments within :math:`w` positions of a segment of :math:`A` in the same
    document. Then

    .. math::

        n_{\text{both}} = \bigl|(A \cap B^{+w}) \cup (B \cap A^{+w})\bigr|, \qquad
        n_{\text{either}} = |A \cup B|, \qquad
        J = \frac{n_{\text{both}}}{n_{\text{either}}}

    the segments carrying one code with the other close by. With :math:`w = 0` this is
    :math:`|A \cap B|` and :math:`J` is Jaccard's (1912) coefficient
    :math:`|A \cap B| / |A \cup B|`; for any :math:`w` the count is symmetric in the two codes
    and :math:`0 \le J \le 1`. Jaccard, unlike the raw count, does not grow with how often each
    code is used, so frequent codes do not dominate the table.

    Interviewer segments are left out, both as carriers of codes and as positions: a window of
    1 reaches the participant's previous and next turns, not the interviewer's question between
    them.

    References
    ----------
    .. [1] Jaccard, P. (1912). The distribution of the flora in the alpine zone. *New
       Phytologist*, 11(2), 37-50. https://doi.org/10.1111/j.1469-8137.1912.tb05611.x

    Examples
    --------
    >>> segments = pd.DataFrame({"segment_id": ["s1", "s2", "s3"], "doc_id": "d1",
    ...                          "turn": [1, 2, 3]})
    >>> codings = pd.DataFrame({"segment_id": ["s1", "s1", "s2", "s3"],
    ...                         "code_id": ["A", "B", "A", "B"], "coder": "R1"})
    >>> cooccurrence(codings, segments)
      code_a code_b  n_a  n_b  n_both  n_either   jaccard
    0      A      A    2    2       2         2  1.000000
    1      A      B    2    2       1         3  0.333333
    2      B      B    2    2       2         2  1.000000
    """
    func = "cooccurrence"
    window = check_scalar(window, "window", func, low=0, what="an int >= 0")
    segments = check_segments(segments, func)
    kept, chosen = coded_codings(codings, segments, coders, rule, func)
    spoken = segments[~interviewer_rows(segments)]
    codes = unit_codes(kept, chosen, rule)
    codes = codes[codes["segment_id"].isin(spoken["segment_id"])]
    code_ids = sorted(pd.unique(kept["code_id"]).tolist(), key=str)

    doc_of = _positions(spoken)
    unit_ids = doc_of.index
    index_of = pd.Series(np.arange(len(unit_ids)), index=unit_ids)
    carries = np.zeros((len(code_ids), len(unit_ids)), dtype=bool)
    code_row = {code: i for i, code in enumerate(code_ids)}
    carries[
        codes["code_id"].map(code_row).to_numpy(dtype=np.int64),
        codes["segment_id"].map(index_of).to_numpy(dtype=np.int64),
    ] = True
    near = _dilate(carries, doc_of.to_numpy(), window)

    rows = []
    for i, code_a in enumerate(code_ids):
        for j in range(i, len(code_ids)):
            both = (carries[i] & near[j]) | (carries[j] & near[i])
            either = carries[i] | carries[j]
            n_both, n_either = int(both.sum()), int(either.sum())
            rows.append(
                {
                    "code_a": code_a,
                    "code_b": code_ids[j],
                    "n_a": int(carries[i].sum()),
                    "n_b": int(carries[j].sum()),
                    "n_both": n_both,
                    "n_either": n_either,
                    "jaccard": n_both / n_either if n_either else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=COOCCURRENCE_COLUMNS)


def cooccurrence_matrix(table: pd.DataFrame, value: str = "jaccard") -> pd.DataFrame:
    """The co-occurrence table wide: a symmetric codes × codes matrix of ``value``.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cooccurrence`.
    value : {"jaccard", "n_both"}, default "jaccard"
        The cell value; with ``"n_both"`` the diagonal holds each code's frequency.

    Returns
    -------
    DataFrame
        Codes as index and columns, in the table's order.

    Examples
    --------
    >>> table = pd.DataFrame({"code_a": ["A", "A", "B"], "code_b": ["A", "B", "B"],
    ...                       "n_both": [2, 1, 2], "jaccard": [1.0, 1 / 3, 1.0]})
    >>> cooccurrence_matrix(table, "n_both")
       A  B
    A  2  1
    B  1  2
    """
    check_option(value, "value", "cooccurrence_matrix", ("jaccard", "n_both"))
    missing = [c for c in ("code_a", "code_b", value) if c not in table.columns]
    if missing:
        raise InputError(
            f"cooccurrence_matrix: the table lacks column(s) {missing}",
            expected="a table from cooccurrence",
        )
    codes = list(dict.fromkeys([*table["code_a"], *table["code_b"]]))
    mirrored = table.rename(columns={"code_a": "code_b", "code_b": "code_a"})
    both = pd.concat([table, mirrored[table.columns]], ignore_index=True)
    both = both.drop_duplicates(["code_a", "code_b"])
    matrix = both.pivot(index="code_a", columns="code_b", values=value)
    return matrix.reindex(index=codes, columns=codes).rename_axis(index=None, columns=None)


def _positions(segments: pd.DataFrame) -> pd.DataFrame:
    """Each segment's document as an integer, indexed by ``segment_id`` in document order."""
    keys = ["doc_id", *[c for c in _ORDER_COLUMNS if c in segments.columns], "segment_id"]
    ordered = segments.sort_values(keys, kind="stable", na_position="last")
    doc = pd.factorize(ordered["doc_id"])[0]
    return pd.Series(doc, index=ordered["segment_id"].to_numpy())


def _dilate(carries: np.ndarray, doc: np.ndarray, window: int) -> np.ndarray:
    """Codes × segments: True where the code is on a segment at most ``window`` away, same doc."""
    if window == 0:
        return carries
    near = carries.copy()
    # Segments are in document order, so a shift by k along the row is k positions apart.
    for shift in range(1, window + 1):
        same_doc = doc[shift:] == doc[:-shift]
        near[:, shift:] |= carries[:, :-shift] & same_doc
        near[:, :-shift] |= carries[:, shift:] & same_doc
    return near
