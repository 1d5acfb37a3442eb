"""Prevalence of each item within groups, with a percentile interval from a cluster bootstrap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.prevalence._prepare import _check_boot, _cluster_counts, _group_columns, _prepare


def prevalence(
    labels: pd.DataFrame,
    *,
    item: str = "topic",
    group: str | Sequence[str] = "source",
    cluster: str | None = "doc_id",
    segments: pd.DataFrame | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int,
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
    seed : int
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
