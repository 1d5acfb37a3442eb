"""Prevalence of topics and codes across data sources and participant groups, with cluster bootstrap.

Segments from one interview (or one event, or one participant) are not independent: a topic that
one talkative link worker returns to again and again fills many segments of one document. Treating
segments as independent then makes intervals too narrow and differences look surer than they are.
Everything here therefore resamples or permutes whole *clusters* (``doc_id`` by default):

- :func:`prevalence`: share of a group's segments with each item, with a percentile interval from a
  cluster bootstrap stratified by group;
- :func:`prevalence_difference`: difference in prevalence between two groups, its cluster-bootstrap
  interval and a permutation p-value that moves whole clusters between the groups;
- :func:`adjust_pvalues`: Holm or Benjamini-Hochberg adjustment over items;
- :func:`largest_differences`: the items that differ most.

An *item* is a topic or a code. ``labels`` has one row per (segment, item) present, which covers
both topic assignments (one row per segment, ``item="topic"``) and codings (one row per code
applied to a segment, ``item="code_id"``; deduplicate coders first, or pass one coder's rows).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import InputError

__all__ = [
    "adjust_pvalues",
    "largest_differences",
    "prevalence",
    "prevalence_difference",
]


def prevalence(
    labels: pd.DataFrame,
    *,
    item: str = "topic",
    group: str | Sequence[str] = "source",
    cluster: str | None = "doc_id",
    segments: pd.DataFrame | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    r"""Share of each group's segments that carry each item, with a cluster-bootstrap interval.

    Parameters
    ----------
    labels : DataFrame
        One row per (segment, item) present: columns ``segment_id``, ``item``, the ``group``
        column(s) and ``cluster``. A topic assignments table (one row per segment) joined to the
        segments table is already in this form; so are codings (one row per code applied) joined
        to segments. A row whose ``item`` is missing (NaN) stands for a segment with no item, so it
        counts in the denominator only.
    item : str, default "topic"
        The column naming the item (``"topic"``, ``"code_id"``).
    group : str or sequence of str, default "source"
        Column(s) whose values define the groups compared: ``"source"`` (interview/event),
        ``"role"``, ``"site"``, or several, such as ``["source", "role"]``.
    cluster : str or None, default "doc_id"
        Column of the unit resampled as a whole: ``"doc_id"`` (one interview or event output) or
        ``"participant_id"``. None resamples single segments (a naive bootstrap, shown only to
        compare; its intervals are too narrow when items cluster within documents).
    segments : DataFrame, optional
        All segments analysed (``segment_id``, the group column(s) and ``cluster``), the
        denominator. Needed when ``labels`` lists only segments with an item, as codings do: a
        segment nobody coded is still a segment of its group. When given, ``labels`` needs only
        ``segment_id`` and ``item``; its group and cluster come from ``segments``.
    n_boot : int, default 1000
        Bootstrap replicates.
    ci : float, default 0.95
        Interval coverage, in (0, 1).
    seed : int, default 0
        Seed of the bootstrap; the same seed gives the same table.

    Returns
    -------
    DataFrame
        One row per (group value, item), every item in every group (zero where absent), sorted by
        group then item: the group column(s), ``item``, ``n_clusters``, ``n_segments`` (segments in
        the group), ``n_with_item`` (segments in the group carrying the item), ``prevalence``,
        ``ci_low``, ``ci_high``.

    Raises
    ------
    InputError
        Missing columns, a segment with two groups or two clusters, a missing cluster, or
        parameters out of range.

    Notes
    -----
    For group :math:`g` with clusters :math:`c = 1, \dots, m_g`, where cluster :math:`c` has
    :math:`n_c` segments in the group and :math:`x_{cj}` of them carry item :math:`j`:

    .. math::

        \hat p_{gj} = \frac{\sum_{c} x_{cj}}{\sum_{c} n_c}

    Each bootstrap replicate draws :math:`m_g` clusters with replacement from the group's clusters
    (stratified: each group keeps its number of clusters), with :math:`w_c` the number of times
    cluster :math:`c` is drawn, and computes
    :math:`\hat p^{*}_{gj} = \sum_c w_c x_{cj} / \sum_c w_c n_c`. The interval is the
    :math:`(1 - \text{ci})/2` and :math:`(1 + \text{ci})/2` quantiles of the :math:`B` replicates
    (percentile interval; Davison & Hinkley 1997, section 3.8, strategy of resampling whole
    clusters; Field & Welsh 2007). With few clusters (fewer than about 20 per group) the interval
    is too narrow; with one cluster it collapses to the estimate.

    A cluster that spans groups (an interview with segments from two roles, when grouping by role)
    is cut in two: within each group, its segments of that group form the cluster. Segments with a
    missing group value belong to no group and are left out.

    References
    ----------
    .. [1] Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*.
       Cambridge University Press. https://doi.org/10.1017/CBO9780511802843
    .. [2] Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data. *Journal of the Royal
       Statistical Society: Series B*, 69(3), 369-390.
       https://doi.org/10.1111/j.1467-9868.2007.00593.x

    Examples
    --------
    Two interviews (three and two segments) and one event (two segments):

    >>> labels = pd.DataFrame({
    ...     "segment_id": ["i1-1", "i1-2", "i1-3", "i2-1", "i2-2", "e1-1", "e1-2"],
    ...     "doc_id": ["i1", "i1", "i1", "i2", "i2", "e1", "e1"],
    ...     "source": ["interview"] * 5 + ["event"] * 2,
    ...     "topic": [0, 0, 1, 1, 1, 0, 1],
    ... })
    >>> table = prevalence(labels, n_boot=200, seed=1)
    >>> table[["source", "topic", "n_segments", "n_with_item", "prevalence"]]
          source  topic  n_segments  n_with_item  prevalence
    0      event      0           2            1         0.5
    1      event      1           2            1         0.5
    2  interview      0           5            2         0.4
    3  interview      1           5            3         0.6
    """
    group_columns = _group_columns(group)
    _check_boot(n_boot, ci, "prevalence")
    seg, present, items = _prepare(labels, item, group_columns, cluster, segments, "prevalence")

    group_keys = seg[group_columns].drop_duplicates().sort_values(group_columns)
    rngs = np.random.default_rng(seed).spawn(len(group_keys))
    rows = []
    for rng, key in zip(rngs, group_keys.itertuples(index=False), strict=True):
        in_group = (seg[group_columns] == pd.Series(key, index=group_columns)).all(axis=1)
        sizes, counts = _cluster_counts(seg[in_group], present, items)
        estimate = counts.sum(axis=0) / sizes.sum()
        replicates = _bootstrap(sizes, counts, n_boot, rng)
        low, high = np.quantile(replicates, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
        for j, name in enumerate(items):
            rows.append(
                {
                    **dict(zip(group_columns, key, strict=True)),
                    "item": name,
                    "n_clusters": len(sizes),
                    "n_segments": int(sizes.sum()),
                    "n_with_item": int(counts[:, j].sum()),
                    "prevalence": estimate[j],
                    "ci_low": low[j],
                    "ci_high": high[j],
                }
            )
    table = pd.DataFrame(
        rows,
        columns=[
            *group_columns,
            "item",
            "n_clusters",
            "n_segments",
            "n_with_item",
            "prevalence",
            "ci_low",
            "ci_high",
        ],
    )
    return table.rename(columns={"item": item})


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
    seed: int = 0,
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
    seed : int, default 0
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
    _check_count(n_perm, "n_perm", "prevalence_difference")
    if adjust not in (None, "holm", "fdr_bh"):
        raise InputError(
            "The 'adjust' parameter of prevalence_difference must be 'holm', 'fdr_bh' or None. "
            f"Got {adjust!r} instead."
        )
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


def adjust_pvalues(p: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    r"""Adjust p-values for testing many items: Holm (family-wise error) or Benjamini-Hochberg (FDR).

    Parameters
    ----------
    p : sequence of float
        Unadjusted p-values. NaN entries stay NaN and do not count as tests.
    method : {"holm", "fdr_bh"}, default "holm"
        ``"holm"`` controls the chance of any false positive; ``"fdr_bh"`` the expected share of
        false positives among the items called different (less strict, for screening many codes).

    Returns
    -------
    ndarray
        Adjusted p-values in the input order, capped at 1.

    Notes
    -----
    With the :math:`m` p-values sorted, :math:`p_{(1)} \le \dots \le p_{(m)}`:

    .. math::

        \tilde p^{\text{Holm}}_{(i)} = \min\Bigl(1, \max_{k \le i} (m - k + 1)\, p_{(k)}\Bigr),
        \qquad
        \tilde p^{\text{BH}}_{(i)} = \min\Bigl(1, \min_{k \ge i} \frac{m}{k}\, p_{(k)}\Bigr)

    Equal to ``statsmodels.stats.multitest.multipletests(p, method="holm" | "fdr_bh")[1]``.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test procedure.
       *Scandinavian Journal of Statistics*, 6(2), 65-70. https://www.jstor.org/stable/4615733
    .. [2] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical
       and powerful approach to multiple testing. *Journal of the Royal Statistical Society:
       Series B*, 57(1), 289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    Sorted: 0.005, 0.01, 0.03, 0.04. Holm multiplies by 4, 3, 2, 1 and keeps the running maximum
    (0.02, 0.03, 0.06, 0.06); BH multiplies by 4/1, 4/2, 4/3, 4/4 and keeps the running minimum from
    the top (0.02, 0.02, 0.04, 0.04).

    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "holm").round(6).tolist()
    [0.03, 0.06, 0.06, 0.02]
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "fdr_bh").round(6).tolist()
    [0.02, 0.04, 0.04, 0.02]
    """
    if method not in ("holm", "fdr_bh"):
        raise InputError(
            f"The 'method' parameter of adjust_pvalues must be 'holm' or 'fdr_bh'. "
            f"Got {method!r} instead."
        )
    values = np.asarray(p, dtype=float)
    if values.ndim != 1:
        raise InputError("adjust_pvalues: p must be one-dimensional", expected="a list of p-values")
    observed = ~np.isnan(values)
    if ((values[observed] < 0) | (values[observed] > 1)).any():
        raise InputError("adjust_pvalues: p-values must lie in [0, 1]")
    adjusted = np.full(values.shape, np.nan)
    tested = values[observed]
    m = len(tested)
    if m == 0:
        return adjusted
    order = np.argsort(tested, kind="stable")
    ranked = tested[order]
    rank = np.arange(1, m + 1)
    if method == "holm":
        stepped = np.maximum.accumulate((m - rank + 1) * ranked)
    else:
        stepped = np.minimum.accumulate((m / rank * ranked)[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(stepped, 1.0)
    adjusted[observed] = result
    return adjusted


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
    _check_count(n, "n", "largest_differences")
    magnitude = table[column].abs().to_numpy(dtype=float)
    order = np.argsort(np.where(np.isnan(magnitude), np.inf, -magnitude), kind="stable")
    return table.iloc[order[:n]]


# --- internals --------------------------------------------------------------------------------


def _prepare(
    labels: pd.DataFrame,
    item: str,
    group_columns: list[str],
    cluster: str | None,
    segments: pd.DataFrame | None,
    func: str,
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """One row per segment (group columns and ``_cluster``), the (segment, item) pairs, the items."""
    if not isinstance(labels, pd.DataFrame):
        raise InputError(f"{func}: labels must be a DataFrame, got {type(labels).__name__}")
    unit_columns = [*group_columns, *([cluster] if cluster is not None else [])]
    if segments is None:
        _require(labels, ["segment_id", item, *unit_columns], "labels", func)
        seg = labels[["segment_id", *unit_columns]].drop_duplicates()
    else:
        _require(labels, ["segment_id", item], "labels", func)
        _require(segments, ["segment_id", *unit_columns], "segments", func)
        seg = segments[["segment_id", *unit_columns]].drop_duplicates()
        unknown = set(labels["segment_id"]) - set(seg["segment_id"])
        if unknown:
            raise InputError(
                f"{func}: labels name segment(s) not in segments, e.g. {sorted(map(str, unknown))[0]!r}",
                expected="every labelled segment_id in the segments table",
            )
    if seg["segment_id"].duplicated().any():
        duplicated = seg.loc[seg["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise InputError(
            f"{func}: segment {duplicated!r} has more than one value of {unit_columns}",
            expected="one group and one cluster per segment",
        )
    if cluster is None:
        seg = seg.assign(_cluster=seg["segment_id"])
    else:
        if seg[cluster].isna().any():
            missing = seg.loc[seg[cluster].isna(), "segment_id"].iloc[0]
            raise InputError(
                f"{func}: segment {missing!r} has no {cluster}",
                expected=f"a {cluster} for every segment (or cluster='doc_id')",
            )
        seg = seg.assign(_cluster=seg[cluster])
    # Segments without a group value belong to no group compared.
    seg = seg.dropna(subset=group_columns)

    present = labels.loc[labels[item].notna(), ["segment_id", item]].drop_duplicates()
    present = present[present["segment_id"].isin(seg["segment_id"])]
    items = np.sort(present[item].unique())
    return seg, present, items


def _cluster_counts(
    seg: pd.DataFrame, present: pd.DataFrame, items: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Segments per cluster and segments per (cluster, item), for one group's segments."""
    clusters, cluster_of_segment = np.unique(seg["_cluster"].astype(str), return_inverse=True)
    sizes = np.bincount(cluster_of_segment, minlength=len(clusters)).astype(float)
    cluster_index = pd.Series(cluster_of_segment, index=seg["segment_id"].to_numpy())
    hits = present[present["segment_id"].isin(cluster_index.index)]
    rows = cluster_index.loc[hits["segment_id"].to_numpy()].to_numpy()
    cols = np.searchsorted(items, hits.iloc[:, 1].to_numpy())
    counts = np.zeros((len(clusters), len(items)))
    np.add.at(counts, (rows, cols), 1.0)
    return sizes, counts


def _bootstrap(
    sizes: np.ndarray, counts: np.ndarray, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Prevalence of each item in ``n_boot`` resamples of the clusters (replicates × items)."""
    m = len(sizes)
    draws = rng.integers(0, m, size=(n_boot, m))
    # Times each cluster is drawn, per replicate: weights instead of copies keeps memory at B × m.
    weights = np.bincount((draws + m * np.arange(n_boot)[:, None]).ravel(), minlength=n_boot * m)
    weights = weights.reshape(n_boot, m).astype(float)
    return (weights @ counts) / (weights @ sizes)[:, None]


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


def _group_columns(group: str | Sequence[str]) -> list[str]:
    columns = [group] if isinstance(group, str) else list(group)
    if not columns:
        raise InputError("prevalence: group names no column", expected="a column such as 'source'")
    return columns


def _require(table: pd.DataFrame, columns: list[str], name: str, func: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputError(
            f"{func}: {name} lacks column(s) {missing}",
            expected=f"columns {columns}",
        )


def _check_boot(n_boot: int, ci: float, func: str) -> None:
    _check_count(n_boot, "n_boot", func)
    if isinstance(ci, bool) or not isinstance(ci, float | int) or not 0 < ci < 1:
        raise InputError(
            f"The 'ci' parameter of {func} must be a float in the range (0, 1). Got {ci!r} instead."
        )


def _check_count(value: int, name: str, func: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise InputError(
            f"The {name!r} parameter of {func} must be an int >= 1. Got {value!r} instead."
        )
