"""Agreement of topic assignments: between runs (stability) and with known labels (recovery)."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.errors import InputError
from analysis.validation import check_option


def stability(
    assignments_list: Sequence[pd.Series | pd.DataFrame]
    | Mapping[Hashable, pd.Series | pd.DataFrame],
    *,
    aggregate: str | None = None,
    item: str = "topic",
) -> pd.DataFrame | float:
    r"""Adjusted Rand index between every pair of runs, on the segments all runs assigned.

    Parameters
    ----------
    assignments_list : sequence or mapping of (Series or DataFrame)
        One entry per run (for example one per seed); a mapping's keys name the runs, a sequence's
        runs are numbered from 0. Each entry is an assignments table with columns ``segment_id``
        and ``item``, or a Series of labels indexed by ``segment_id``. Outliers (-1) are a label
        like any other.
    aggregate : {None, "mean", "min"}, default None
        None returns the table of pairs; ``"mean"`` or ``"min"`` returns that summary of its
        ``ari`` column.
    item : str, default "topic"
        The label column of a DataFrame entry.

    Returns
    -------
    DataFrame or float
        Columns ``run_a, run_b, n_segments, ari``, one row per pair of runs; or a float.

    Raises
    ------
    InputError
        Fewer than two runs, a run assigning one segment twice, or no segment common to all runs.

    Notes
    -----
    For two partitions with contingency counts :math:`n_{ij}`, row sums :math:`a_i`, column sums
    :math:`b_j` and :math:`n` segments (Hubert & Arabie 1985):

    .. math::

        \operatorname{ARI} = \frac{\sum_{ij}\binom{n_{ij}}{2} - \sum_i\binom{a_i}{2}\sum_j
        \binom{b_j}{2} / \binom{n}{2}}{\tfrac12\left[\sum_i\binom{a_i}{2} +
        \sum_j\binom{b_j}{2}\right] - \sum_i\binom{a_i}{2}\sum_j\binom{b_j}{2} / \binom{n}{2}}

    computed by :func:`sklearn.metrics.adjusted_rand_score`. 1 means identical partitions up to
    renaming of topics; 0 is what chance agreement gives on average.

    References
    ----------
    .. [1] Hubert, L., & Arabie, P. (1985). Comparing partitions. *Journal of Classification*, 2,
       193-218. https://doi.org/10.1007/BF01908075

    Examples
    --------
    >>> run_1 = pd.Series([0, 0, 1, 1], index=["s1", "s2", "s3", "s4"])
    >>> run_2 = pd.Series([5, 5, 7, 7], index=["s1", "s2", "s3", "s4"])
    >>> stability([run_1, run_2], aggregate="mean")
    1.0
    """
    check_option(aggregate, "aggregate", "stability", (None, "mean", "min"))
    if isinstance(assignments_list, Mapping):
        runs = {name: _labels_series(a, item, "stability") for name, a in assignments_list.items()}
    else:
        runs = {i: _labels_series(a, item, "stability") for i, a in enumerate(assignments_list)}
    if len(runs) < 2:
        raise InputError(f"stability: got {len(runs)} run(s)", expected="at least two runs")
    common = None
    for labels in runs.values():
        common = labels.index if common is None else common.intersection(labels.index)
    if len(common) == 0:
        raise InputError("stability: no segment_id is assigned in every run")

    rows = []
    for (name_a, labels_a), (name_b, labels_b) in itertools.combinations(runs.items(), 2):
        ari = adjusted_rand_score(labels_a.loc[common].to_numpy(), labels_b.loc[common].to_numpy())
        rows.append({"run_a": name_a, "run_b": name_b, "n_segments": len(common), "ari": ari})
    pairs = pd.DataFrame(rows, columns=["run_a", "run_b", "n_segments", "ari"])
    if aggregate == "mean":
        return float(pairs["ari"].mean())
    if aggregate == "min":
        return float(pairs["ari"].min())
    return pairs


def recovery(
    assigned: pd.Series | Sequence[Hashable] | np.ndarray,
    truth: pd.Series | Sequence[Hashable] | np.ndarray,
    *,
    outlier: Hashable | None = -1,
) -> dict[str, float]:
    r"""How well topics recover known labels: adjusted Rand index and normalised mutual information.

    Parameters
    ----------
    assigned : Series or array-like
        Topic per segment. Two Series are aligned on their index (segment_id) and compared on the
        segments in both; otherwise both must have the same length, in the same order.
    truth : Series or array-like
        Known label per segment (for example BBC News sections, or a code).
    outlier : hashable or None, default -1
        The label ``assigned`` uses for outliers (BERTopic's -1). None: no outlier label.

    Returns
    -------
    dict
        ``n_segments``, ``ari`` and ``nmi`` on all segments (outliers form one more cluster, as in
        the BERTopic paper's evaluation); with ``outlier`` set, also ``share_outliers`` (share of
        segments assigned the outlier label) and ``ari_excluding_outliers``,
        ``nmi_excluding_outliers`` on the rest (NaN when every segment is an outlier).

    Notes
    -----
    NMI is :func:`sklearn.metrics.normalized_mutual_info_score` with the arithmetic mean of the two
    entropies as normaliser (Vinh et al. 2010):
    :math:`\operatorname{NMI}(U, V) = \frac{I(U; V)}{\tfrac12[H(U) + H(V)]}`. ARI as in
    :func:`stability`. Excluding outliers flatters a model that sets many segments aside, so read
    the two figures with ``share_outliers``.

    References
    ----------
    .. [1] Hubert, L., & Arabie, P. (1985). Comparing partitions. *Journal of Classification*, 2,
       193-218. https://doi.org/10.1007/BF01908075
    .. [2] Vinh, N. X., Epps, J., & Bailey, J. (2010). Information theoretic measures for
       clusterings comparison. *Journal of Machine Learning Research*, 11, 2837-2854.

    Examples
    --------
    >>> result = recovery([0, 0, 1, 1, -1], ["a", "a", "b", "b", "b"])
    >>> result["ari_excluding_outliers"], result["share_outliers"]
    (1.0, 0.2)
    """
    if isinstance(assigned, pd.Series) and isinstance(truth, pd.Series):
        common = assigned.index.intersection(truth.index)
        assigned_values = assigned.loc[common].to_numpy()
        truth_values = truth.loc[common].to_numpy()
    else:
        assigned_values = np.asarray(assigned, dtype=object)
        truth_values = np.asarray(truth, dtype=object)
        if assigned_values.shape != truth_values.shape or assigned_values.ndim != 1:
            raise InputError(
                f"recovery: assigned has {assigned_values.size} labels and truth "
                f"{truth_values.size}",
                expected="one label per segment in each, in the same order",
            )
    if len(assigned_values) == 0:
        raise InputError("recovery: no segments to compare")

    result: dict[str, float] = {
        "n_segments": len(assigned_values),
        "ari": float(adjusted_rand_score(truth_values, assigned_values)),
        "nmi": float(normalized_mutual_info_score(truth_values, assigned_values)),
    }
    if outlier is not None:
        kept = np.array([label != outlier for label in assigned_values], dtype=bool)
        result["share_outliers"] = float((~kept).sum() / len(kept))
        if kept.any():
            result["ari_excluding_outliers"] = float(
                adjusted_rand_score(truth_values[kept], assigned_values[kept])
            )
            result["nmi_excluding_outliers"] = float(
                normalized_mutual_info_score(truth_values[kept], assigned_values[kept])
            )
        else:
            result["ari_excluding_outliers"] = float("nan")
            result["nmi_excluding_outliers"] = float("nan")
    return result


def _labels_series(assignments: pd.Series | pd.DataFrame, item: str, func: str) -> pd.Series:
    if isinstance(assignments, pd.DataFrame):
        missing = {"segment_id", item} - set(assignments.columns)
        if missing:
            raise InputError(
                f"{func}: an assignments table lacks column(s) {sorted(missing)}",
                expected=f"columns segment_id and {item}",
            )
        labels = assignments.set_index("segment_id")[item]
    elif isinstance(assignments, pd.Series):
        labels = assignments
    else:
        raise InputError(
            f"{func}: got a {type(assignments).__name__} for a run",
            expected="an assignments DataFrame or a Series indexed by segment_id",
        )
    if labels.index.has_duplicates:
        raise InputError(
            f"{func}: a run assigns segment {labels.index[labels.index.duplicated()][0]!r} twice",
            expected="one label per segment in each run",
        )
    return labels
