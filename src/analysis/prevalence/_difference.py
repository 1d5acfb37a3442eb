"""Difference in prevalence between two groups: cluster-bootstrap interval, permutation p-value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.prevalence._adjust import adjust_pvalues
from analysis.prevalence._bootstrap import _bootstrap
from analysis.prevalence._prepare import _check_boot, _cluster_counts, _prepare
from analysis.validation import check_option, check_scalar


def prevalence_difference(
    labels: pd.DataFrame,
    *,
    item: str = "topic",
    group: str = "source",
    a: object = "interview",
    b: object = "event",
    cluster: str | None = "doc_id",
    segments: pd.DataFrame | None = None,
    n_boot: int = 1000,
    n_perm: int = 1000,
    ci: float = 0.95,
    adjust: str | None = "holm",
    seed: int,
) -> pd.DataFrame:
    r"""Difference in each item's prevalence between two groups, with interval and p-value.

    Parameters
    ----------
    labels : DataFrame
        As for :func:`prevalence`.
    item : str, default "topic"
        The column naming the item.
    group : str, default "source"
        The column whose values ``a`` and ``b`` are compared.
    a, b : object, default "interview", "event"
        The two group values; the difference is ``a`` minus ``b``.
    cluster : str or None, default "doc_id"
        Unit resampled and permuted as a whole. Each cluster must lie in one of the two groups
        (a document is either an interview or an event).
    segments : DataFrame, optional
        All segments, the denominator (see :func:`prevalence`).
    n_boot : int, default 1000
        Bootstrap replicates for the interval.
    n_perm : int, default 1000
        Random permutations for the p-value.
    ci : float, default 0.95
        Interval coverage, in (0, 1).
    adjust : {"holm", "fdr_bh", None}, default "holm"
        Adjustment of the p-values over items, in column ``p_adjusted`` (see
        :func:`adjust_pvalues`); None leaves the column out.
    seed : int
        Seed of both the bootstrap and the permutations.

    Returns
    -------
    DataFrame
        One row per item: ``item``, ``n_segments_a``, ``n_segments_b``, ``prevalence_a``,
        ``prevalence_b``, ``difference``, ``ci_low``, ``ci_high``, ``p_value`` and
        ``p_adjusted``.

    Raises
    ------
    InputError
        If ``a`` or ``b`` has no segments, a cluster lies in both groups, or as for
        :func:`prevalence`.

    Notes
    -----
    The difference is :math:`\hat d_j = \hat p_{aj} - \hat p_{bj}` (see :func:`prevalence`). Its
    interval resamples clusters with replacement within ``a`` and within ``b`` independently and
    takes percentiles of :math:`\hat d^{*}_j`.

    The permutation test takes the null hypothesis that group labels are exchangeable between
    clusters: each permutation reassigns the :math:`m_a + m_b` clusters at random to groups of
    sizes :math:`m_a` and :math:`m_b`, keeping every cluster's segments together, and recomputes
    :math:`d^{(r)}_j`. The two-sided p-value counts the observed arrangement as one of the
    permutations (Phipson & Smyth 2010), so it is never 0:

    .. math::

        p_j = \frac{1 + \#\{r : |d^{(r)}_j| \ge |\hat d_j|\}}{1 + R}

    References
    ----------
    .. [1] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero:
       calculating exact p-values when permutations are randomly drawn. *Statistical Applications
       in Genetics and Molecular Biology*, 9(1), 39. https://doi.org/10.2202/1544-6115.1585
    .. [2] Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*.
       Cambridge University Press. https://doi.org/10.1017/CBO9780511802843

    Examples
    --------
    >>> labels = pd.DataFrame({
    ...     "segment_id": [f"s{i}" for i in range(8)],
    ...     "doc_id": ["i1", "i1", "i2", "i2", "e1", "e1", "e2", "e2"],
    ...     "source": ["interview"] * 4 + ["event"] * 4,
    ...     "topic": [0, 0, 0, 1, 1, 1, 1, 0],
    ... })
    >>> table = prevalence_difference(labels, n_boot=100, n_perm=100, seed=3)
    >>> table[["topic", "prevalence_a", "prevalence_b", "difference"]]
       topic  prevalence_a  prevalence_b  difference
    0      0          0.75          0.25         0.5
    1      1          0.25          0.75        -0.5
    """
    if not isinstance(group, str):
        raise InputError(
            "prevalence_difference: group must name one column",
            expected="a column such as 'source', 'role' or 'site'",
        )
    _check_boot(n_boot, ci, "prevalence_difference")
    check_scalar(n_perm, "n_perm", "prevalence_difference", low=1, what="an int >= 1")
    check_option(adjust, "adjust", "prevalence_difference", ("holm", "fdr_bh", None))
    seg, present, items = _prepare(
        labels, item, [group], cluster, segments, "prevalence_difference"
    )
    in_a, in_b = seg[group] == a, seg[group] == b
    for value, mask in ((a, in_a), (b, in_b)):
        if not mask.any():
            raise InputError(
                f"prevalence_difference: no segments have {group} == {value!r}",
                expected=f"one of {sorted(seg[group].astype(str).unique())}",
            )
    shared = set(seg.loc[in_a, "_cluster"]) & set(seg.loc[in_b, "_cluster"])
    if shared:
        raise InputError(
            f"prevalence_difference: cluster {sorted(map(str, shared))[0]!r} has segments in both "
            f"{a!r} and {b!r}, so whole clusters cannot be permuted between them",
            expected=f"each {cluster or 'segment'} in one group only (cluster by a finer unit)",
        )

    sizes_a, counts_a = _cluster_counts(seg[in_a], present, items)
    sizes_b, counts_b = _cluster_counts(seg[in_b], present, items)
    prevalence_a = counts_a.sum(axis=0) / sizes_a.sum()
    prevalence_b = counts_b.sum(axis=0) / sizes_b.sum()
    difference = prevalence_a - prevalence_b

    # Independent streams, so the p-values do not change when n_boot does.
    boot_a_rng, boot_b_rng, perm_rng = np.random.default_rng(seed).spawn(3)
    replicates = _bootstrap(sizes_a, counts_a, n_boot, boot_a_rng) - _bootstrap(
        sizes_b, counts_b, n_boot, boot_b_rng
    )
    low, high = np.quantile(replicates, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
    p_value = _permutation_pvalues(
        sizes_a, counts_a, sizes_b, counts_b, difference, n_perm, perm_rng
    )

    table = pd.DataFrame(
        {
            item: items,
            "n_segments_a": int(sizes_a.sum()),
            "n_segments_b": int(sizes_b.sum()),
            "prevalence_a": prevalence_a,
            "prevalence_b": prevalence_b,
            "difference": difference,
            "ci_low": low,
            "ci_high": high,
            "p_value": p_value,
        }
    )
    if adjust is not None:
        table["p_adjusted"] = adjust_pvalues(p_value, method=adjust)
    return table


def largest_differences(
    table: pd.DataFrame, n: int = 10, *, column: str = "difference"
) -> pd.DataFrame:
    """The ``n`` rows with the largest absolute difference, largest first.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`prevalence_difference` (or any table with ``column``).
    n : int, default 10
        Rows to keep.
    column : str, default "difference"
        The column ranked by absolute value; NaN ranks last.

    Returns
    -------
    DataFrame
        The top rows, original index kept.

    Examples
    --------
    >>> table = pd.DataFrame({"topic": [0, 1, 2], "difference": [0.1, -0.4, 0.2]})
    >>> largest_differences(table, n=2)["topic"].tolist()
    [1, 2]
    """
    if column not in table.columns:
        raise InputError(
            f"largest_differences: the table has no column {column!r}",
            expected="a table from prevalence_difference",
        )
    check_scalar(n, "n", "largest_differences", low=1, what="an int >= 1")
    magnitude = table[column].abs().to_numpy(dtype=float)
    order = np.argsort(np.where(np.isnan(magnitude), np.inf, -magnitude), kind="stable")
    return table.iloc[order[:n]]


def _permutation_pvalues(
    sizes_a: np.ndarray,
    counts_a: np.ndarray,
    sizes_b: np.ndarray,
    counts_b: np.ndarray,
    observed: np.ndarray,
    n_perm: int,
    rng: np.random.Generator,
) -> np.ndarray:
    sizes = np.concatenate([sizes_a, sizes_b])
    counts = np.vstack([counts_a, counts_b])
    in_a = np.zeros(len(sizes), dtype=float)
    in_a[: len(sizes_a)] = 1.0
    permuted = rng.permuted(np.tile(in_a, (n_perm, 1)), axis=1)
    items_a, segments_a = permuted @ counts, permuted @ sizes
    items_b, segments_b = counts.sum(axis=0) - items_a, sizes.sum() - segments_a
    differences = items_a / segments_a[:, None] - items_b / segments_b[:, None]
    # Differences equal to the observed one up to rounding count as at least as extreme.
    threshold = np.abs(observed) * (1 - 1e-10) - 1e-14
    extreme = (np.abs(differences) >= threshold).sum(axis=0)
    return (1 + extreme) / (1 + n_perm)
