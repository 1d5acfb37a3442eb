"""Code prevalence across data sources and participant groups: wrappers over analysis.prevalence."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.compare._units import units_and_codes
from analysis.prevalence import dependence_units, prevalence, prevalence_difference
from analysis.validation import check_option, parameter_error

_CLUSTER = "_cluster"


def code_prevalence(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    group: str | Sequence[str] = "source",
    coverage: pd.DataFrame | None = None,
    coders: list | None = None,
    rule: str = "any",
    cluster: str = "document",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int,
) -> pd.DataFrame:
    """Share of each group's coded segments that carry each code, with a cluster-bootstrap interval.

    Parameters
    ----------
    codings : DataFrame
        ``segment_id, code_id, coder``.
    segments : DataFrame
        The segments table: ``segment_id, doc_id``, the ``group`` column(s), ``is_interviewer``
        where known, and ``participant_id`` for ``cluster="participant"``.
    group : str or list of str, default "source"
        ``"source"`` (interview/event), ``"role"``, ``"site"``, or several columns.
    coverage : DataFrame, optional
        ``doc_id, coder``: documents each coder coded (see :func:`codes_vs_topics`).
    coders : list, optional
        Coders whose codings count; all by default.
    rule : {"any", "all"} or a coder, default "any"
        When a segment has a code (see :func:`codes_vs_topics`).
    cluster : {"document", "participant"}, default "document"
        What is resampled whole (:func:`analysis.prevalence.dependence_units`): each document
        (an interview, or one event's table such as ``E1-notes``; in a survey, each
        respondent), or each participant (all their interviews), with segments that have no
        participant (event tables) clustered by document.
    n_boot : int, default 1000
        Bootstrap replicates.
    ci : float, default 0.95
        Interval coverage, in (0, 1).
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    DataFrame
        As :func:`analysis.prevalence.prevalence` with ``item = "code_id"``: the group
        column(s), ``code_id, n_clusters, n_segments, n_with_item, prevalence, ci_low,
        ci_high``.

    Notes
    -----
    The denominator is the units of :func:`codes_vs_topics`: non-interviewer segments of coded
    documents. Segments of one interview are not independent draws: a participant who keeps
    returning to one concern fills many segments with one code, and one event's notes share the
    conversation they came from. Resampling whole clusters (Field & Welsh 2007) keeps that
    dependence, so intervals reflect how many interviews and events there are, not how many
    segments; treating segments as independent would make them too narrow. Clustering by
    participant goes further when people were interviewed more than once.

    References
    ----------
    .. [1] Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data. *Journal of the
       Royal Statistical Society: Series B*, 69(3), 369-390.
       https://doi.org/10.1111/j.1467-9868.2007.00593.x

    Examples
    --------
    >>> segments = pd.DataFrame({"segment_id": ["i1", "i2", "e1", "e2"],
    ...                          "doc_id": ["d1", "d1", "d2", "d2"],
    ...                          "source": ["interview", "interview", "event", "event"]})
    >>> codings = pd.DataFrame({"segment_id": ["i1", "e1", "e2"], "code_id": "A", "coder": "R1"})
    >>> table = code_prevalence(codings, segments, n_boot=50, seed=0)
    >>> table[["source", "code_id", "n_segments", "n_with_item", "prevalence"]]
          source code_id  n_segments  n_with_item  prevalence
    0      event       A           2            2         1.0
    1  interview       A           2            1         0.5
    """
    func = "code_prevalence"
    groups = [group] if isinstance(group, str) else list(group)
    units, codes = _units(codings, segments, coverage, coders, rule, cluster, groups, func)
    return prevalence(
        codes[["segment_id", "code_id"]],
        item="code_id",
        group=group,
        cluster=_CLUSTER,
        segments=units,
        n_boot=n_boot,
        ci=ci,
        seed=seed,
    )


def code_differences(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    group: str = "source",
    a: object = "interview",
    b: object = "event",
    coverage: pd.DataFrame | None = None,
    coders: list | None = None,
    rule: str = "any",
    cluster: str = "document",
    n_boot: int = 1000,
    n_perm: int = 1000,
    ci: float = 0.95,
    adjust: str | None = "holm",
    seed: int,
) -> pd.DataFrame:
    r"""Difference in each code's prevalence between two groups, with interval and p-value.

    Parameters
    ----------
    codings, segments, coverage, coders, rule, cluster
        As for :func:`code_prevalence`.
    group : str, default "source"
        The column whose values ``a`` and ``b`` are compared.
    a, b : object, default "interview", "event"
        The groups; the difference is ``a`` minus ``b``.
    n_boot : int, default 1000
        Bootstrap replicates for the interval.
    n_perm : int, default 1000
        Random permutations of whole clusters for the p-value.
    ci : float, default 0.95
        Interval coverage, in (0, 1).
    adjust : {"holm", "fdr_bh", None}, default "holm"
        Adjustment over codes, in ``p_adjusted``.
    seed : int
        Seed of the bootstrap and the permutations.

    Returns
    -------
    DataFrame
        As :func:`analysis.prevalence.prevalence_difference` with ``item = "code_id"``: one row
        per code, ``code_id, n_segments_a, n_segments_b, prevalence_a, prevalence_b,
        difference, ci_low, ci_high, p_value, p_adjusted``.

    Notes
    -----
    The permutation test moves whole clusters between the groups, so its null hypothesis is that
    the documents (or participants), not the segments, are exchangeable; see
    :func:`analysis.prevalence.prevalence_difference` for the formula. With few clusters the
    smallest attainable p-value is large: with :math:`m_a` and :math:`m_b` clusters no p-value
    falls below :math:`1 / \binom{m_a + m_b}{m_a}` however many permutations are drawn.

    Examples
    --------
    >>> segments = pd.DataFrame({"segment_id": [f"s{i}" for i in range(8)],
    ...                          "doc_id": ["i1", "i1", "i2", "i2", "e1", "e1", "e2", "e2"],
    ...                          "source": ["interview"] * 4 + ["event"] * 4})
    >>> codings = pd.DataFrame({"segment_id": ["s0", "s3", "s4", "s5", "s6"], "code_id": "A",
    ...                         "coder": "R1"})
    >>> table = code_differences(codings, segments, n_boot=50, n_perm=50, seed=0)
    >>> table[["code_id", "prevalence_a", "prevalence_b", "difference"]]
      code_id  prevalence_a  prevalence_b  difference
    0       A           0.5          0.75       -0.25
    """
    func = "code_differences"
    if not isinstance(group, str):
        raise parameter_error(group, "group", func, "one column name", type_error=True)
    units, codes = _units(codings, segments, coverage, coders, rule, cluster, [group], func)
    return prevalence_difference(
        codes[["segment_id", "code_id"]],
        item="code_id",
        group=group,
        a=a,
        b=b,
        cluster=_CLUSTER,
        segments=units,
        n_boot=n_boot,
        n_perm=n_perm,
        ci=ci,
        adjust=adjust,
        seed=seed,
    )


def _units(
    codings: object,
    segments: object,
    coverage: object,
    coders: object,
    rule: object,
    cluster: object,
    groups: list[str],
    func: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The unit segments with group columns and ``_cluster``, and their codes."""
    check_option(cluster, "cluster", func, ("document", "participant"))
    extra = [*groups, *(["participant_id"] if cluster == "participant" else [])]
    units, codes, _ = units_and_codes(
        codings, segments, coverage=coverage, coders=coders, rule=rule, func=func, extra=extra
    )
    clusters = dependence_units(units, by=cluster)
    units = units[["segment_id", *groups]].assign(**{_CLUSTER: clusters.to_numpy()})
    return units, codes
