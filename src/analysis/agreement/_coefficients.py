"""Agreement coefficients, each implemented from its published formula.

Notation follows the papers: Cohen (1960, 1968) for :math:`p_o, p_e`; Fleiss (1971) for
:math:`n_{ij}, P_i, \\bar P, p_j`; Krippendorff (2011) for the coincidences :math:`o_{ck}`, the
marginals :math:`n_c` and the metric differences :math:`\\delta^2_{ck}`; Gwet (2008, 2014) for
:math:`r_{ik}, r_i, \\pi_k, p_a, p_e`.

Independent implementations (scikit-learn, statsmodels, the ``krippendorff`` package) are used only
in the tests, to cross-check these on random data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.agreement._validate import (
    encode_nominal,
    missing_mask,
    numeric_matrix,
    ratings_matrix,
)
from analysis.agreement._weights import WEIGHTS, agreement_weights, weights_for
from analysis.errors import InputError
from analysis.validation import check_option, check_scalar

__all__ = [
    "brennan_prediger",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
]

LEVELS = ("nominal", "ordinal", "interval", "ratio")

# Chance agreement this close to 1 means every rating fell in one category: the chance-corrected
# ratio is 0/0, reported as NaN rather than as a number dominated by rounding error.
_UNDEFINED_TOL = 1e-12


def _two_coders(a: object, b: object, func: str) -> np.ndarray:
    """Stack two coders' ratings as a 2 × units object array, keeping only units both rated.

    Two Series are paired by their index (the units), as pandas pairs them, not by position: a
    unit only one coder rated counts as missing for the other. A Series beside a plain sequence
    is paired by position only when its index is the default 0..n-1.
    """
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        for name, series in (("a", a), ("b", b)):
            if not series.index.is_unique:
                raise InputError(
                    f"{func}: {name} repeats a unit in its index "
                    f"({series.index[series.index.duplicated()][0]!r})",
                    expected="one rating per unit and coder, indexed by unit",
                )
        a, b = a.astype(object).align(b.astype(object), join="outer")
    else:
        for name, series in (("a", a), ("b", b)):
            if isinstance(series, pd.Series) and not series.index.equals(
                pd.RangeIndex(len(series))
            ):
                raise InputError(
                    f"{func}: {name} is a Series indexed by unit and the other coder's ratings "
                    "are not, so they cannot be paired by unit",
                    expected="both as Series indexed by unit, or both as plain sequences",
                )
    first = np.asarray(a.to_numpy(dtype=object) if isinstance(a, pd.Series) else a, dtype=object)
    second = np.asarray(b.to_numpy(dtype=object) if isinstance(b, pd.Series) else b, dtype=object)
    if first.ndim != 1 or second.ndim != 1:
        raise InputError(
            f"{func} needs two 1-D sequences of ratings (one per coder)",
            expected="a and b as lists, arrays or Series of equal length",
        )
    if first.shape != second.shape:
        raise InputError(
            f"{func} needs ratings of the same units from both coders: "
            f"got {first.size} and {second.size} ratings",
            expected="a and b of equal length, with NaN where a coder did not rate a unit",
        )
    pair = np.vstack([first, second])
    both = ~missing_mask(pair).any(axis=0)
    if not both.any():
        raise InputError(
            f"{func} found no unit rated by both coders",
            expected="at least one unit with a rating from each coder",
        )
    return pair[:, both]


def percent_agreement(a: object, b: object) -> float:
    """Share of units on which two coders gave the same rating.

    .. math::

        p_o = \\frac{1}{N} \\sum_{i=1}^{N} [a_i = b_i]

    over the :math:`N` units rated by both coders (a NaN in either drops the unit).

    Parameters
    ----------
    a, b : sequence
        Ratings of the same units by two coders; NaN/None where a coder did not rate a unit.

    Returns
    -------
    float
        A proportion in [0, 1] (multiply by 100 for the percentage NVivo and MAXQDA print).
        It is 1 when the coders agree on every unit, including when everyone used one category.

    Raises
    ------
    InputError
        If ``a`` and ``b`` differ in length or no unit was rated by both coders.

    Notes
    -----
    Percent agreement ignores agreement expected by chance, so a rare code that neither coder
    applies to most segments scores high however poorly the coders agree on where it applies.
    Report it beside a chance-corrected coefficient (O'Connor & Joffe, 2020).

    References
    ----------
    .. [1] O'Connor, C., & Joffe, H. (2020). Intercoder reliability in qualitative research:
       debates and practical guidelines. *International Journal of Qualitative Methods*, 19.
       https://doi.org/10.1177/1609406919899220

    Examples
    --------
    >>> percent_agreement(["holding", "discretion", None, "holding"],
    ...                   ["holding", "holding", "holding", "holding"])
    0.6666666666666666
    """
    pair = _two_coders(a, b, "percent_agreement")
    codes, _ = encode_nominal(pair, None, "percent_agreement")
    return float(np.mean(codes[0] == codes[1]))


def cohen_kappa(
    a: object,
    b: object,
    *,
    weights: str | None = None,
    categories: Sequence[object] | None = None,
) -> float:
    """Cohen's kappa for two coders, optionally weighted for ordered categories.

    Unweighted (Cohen, 1960), from the proportions :math:`p_{jk}` of units coder A put in
    category :math:`j` and coder B in :math:`k`, with marginals :math:`p_{j\\cdot}, p_{\\cdot k}`:

    .. math::

        \\kappa = \\frac{p_o - p_e}{1 - p_e}, \\qquad
        p_o = \\sum_j p_{jj}, \\qquad p_e = \\sum_j p_{j\\cdot}\\, p_{\\cdot j}

    Weighted (Cohen, 1968; Gwet, 2014, ch. 3), with agreement weights :math:`w_{jk}` (1 for
    the same category, less for a near miss; :func:`agreement_weights` on the positions
    :math:`1, \\dots, q` of the :math:`q` ordered categories, or a matrix):

    .. math::

        \\kappa_w = \\frac{\\sum_{jk} w_{jk} p_{jk} - \\sum_{jk} w_{jk} p_{j\\cdot} p_{\\cdot k}}
                         {1 - \\sum_{jk} w_{jk} p_{j\\cdot} p_{\\cdot k}}

    With linear or quadratic weights this is Cohen's disagreement form with
    :math:`v_{jk} = |j-k|` or :math:`(j-k)^2`.

    Parameters
    ----------
    a, b : sequence
        Ratings of the same units by two coders; NaN/None where a coder did not rate a unit
        (such units are dropped).
    weights : None, str or array-like, default None
        None (or ``"identity"``) for nominal categories; for ordered ones a name of
        :data:`WEIGHTS` (``"linear"``, ``"quadratic"``, ``"ordinal"``, ``"radical"``,
        ``"ratio"``, ``"circular"``, ``"bipolar"``), computed on the categories' positions, or
        a q × q matrix of agreement weights in the order of ``categories``.
    categories : sequence, optional
        Every possible category, in scale order. Needed for weighted kappa when the categories
        do not sort naturally, or to keep scale points nobody used in the weights. Default: the
        observed values, sorted.

    Returns
    -------
    float
        Kappa; 1.0 for perfect agreement. NaN when it is undefined: both coders put every unit in
        the same single category, so chance agreement :math:`p_e = 1` and the ratio is 0/0.
        :func:`percent_agreement` is 1 and :func:`gwet_ac1` / :func:`brennan_prediger` are defined
        in that case.

    Raises
    ------
    InputError
        If ``a`` and ``b`` differ in length, no unit was rated by both, ``weights`` is unknown, or
        a value is not among ``categories``.

    Notes
    -----
    Kappa depends on the coders' marginal distributions: with a rare code, high percent agreement
    can come with a low kappa (the "kappa paradox", Feinstein & Cicchetti, 1990). The weights
    here are positions in ``categories``, as in scikit-learn's ``cohen_kappa_score``.

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
       Psychological Measurement*, 20(1), 37-46. https://doi.org/10.1177/001316446002000104
    .. [2] Cohen, J. (1968). Weighted kappa: nominal scale agreement with provision for scaled
       disagreement or partial credit. *Psychological Bulletin*, 70(4), 213-220.
       https://doi.org/10.1037/h0026256
    .. [3] Feinstein, A. R., & Cicchetti, D. V. (1990). High agreement but low kappa: I. The
       problems of two paradoxes. *Journal of Clinical Epidemiology*, 43(6), 543-549.
       https://doi.org/10.1016/0895-4356(90)90158-L
    .. [4] Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced
       Analytics. ISBN 978-0970806284.

    Examples
    --------
    Gwet's (2014) 100 pregnancies classified by two abstractors (R package irrCAC,
    ``cont3x3abstractors``; ``kappa2.table`` gives 0.7964094):

    >>> import numpy as np
    >>> table = {("Ectopic", "Ectopic"): 13, ("AIU", "AIU"): 20, ("AIU", "NIU"): 7,
    ...          ("NIU", "AIU"): 4, ("NIU", "NIU"): 56}
    >>> a = np.repeat([pair[0] for pair in table], list(table.values()))
    >>> b = np.repeat([pair[1] for pair in table], list(table.values()))
    >>> round(cohen_kappa(a, b), 4)
    0.7964
    """
    observed, w = _two_coder_table(a, b, weights, categories, "cohen_kappa")
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    return _chance_corrected(observed, expected, w)


def scott_pi(
    a: object,
    b: object,
    *,
    weights: str | object | None = None,
    categories: Sequence[object] | None = None,
) -> float:
    r"""Scott's (1955) pi for two coders: kappa with chance agreement from the two coders'
    pooled category shares :math:`\pi_k = (p_{k\cdot} + p_{\cdot k}) / 2`, so
    :math:`p_e = \sum_{jk} w_{jk} \pi_j \pi_k` (Gwet, 2014, ch. 2-3); weighted as
    :func:`cohen_kappa`. It is Fleiss' kappa for two coders.

    Parameters
    ----------
    a, b, weights, categories
        As :func:`cohen_kappa`.

    Returns
    -------
    float
        Pi; NaN when every rating is in one category (0/0).

    References
    ----------
    .. [1] Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale
       coding. *Public Opinion Quarterly*, 19(3), 321-325. https://doi.org/10.1086/266577

    Examples
    --------
    irrCAC's ``cont3x3abstractors``: ``scott2.table(cont3x3abstractors)`` gives 0.7962397:

    >>> import numpy as np
    >>> table = {("Ectopic", "Ectopic"): 13, ("AIU", "AIU"): 20, ("AIU", "NIU"): 7,
    ...          ("NIU", "AIU"): 4, ("NIU", "NIU"): 56}
    >>> a = np.repeat([pair[0] for pair in table], list(table.values()))
    >>> b = np.repeat([pair[1] for pair in table], list(table.values()))
    >>> round(scott_pi(a, b), 7)
    0.7962397
    """
    observed, w = _two_coder_table(a, b, weights, categories, "scott_pi")
    pooled = (observed.sum(axis=1) + observed.sum(axis=0)) / 2.0
    return _chance_corrected(observed, np.outer(pooled, pooled), w)


def _chance_corrected(observed: np.ndarray, expected: np.ndarray, w: np.ndarray) -> float:
    """:math:`(p_o - p_e)/(1 - p_e)` with agreement weights; NaN when chance agreement is 1."""
    if np.array_equal(w, np.eye(len(w))):
        p_o, p_e = float(np.trace(observed)), float(np.trace(expected))
    else:
        p_o, p_e = float((w * observed).sum()), float((w * expected).sum())
    if 1.0 - p_e < _UNDEFINED_TOL:
        return float("nan")
    return float((p_o - p_e) / (1.0 - p_e))


def _two_coder_table(a, b, weights, categories, func) -> tuple[np.ndarray, np.ndarray]:
    """Two coders' joint proportions :math:`p_{jk}` and the q × q agreement weights."""
    if isinstance(weights, str) or weights is None:
        what = f"None, a str among {WEIGHTS} or a q × q matrix"
        check_option(weights, "weights", func, (None, *WEIGHTS), what=what)
    pair = _two_coders(a, b, func)
    ordered = not (weights is None or (isinstance(weights, str) and weights == "identity"))
    if ordered and categories is None:
        labels = pd.Series(pair.ravel(), dtype=object).dropna()
        if len(labels) and labels.map(lambda v: isinstance(v, str)).all():
            if pd.to_numeric(labels, errors="coerce").notna().all():
                raise InputError(
                    f"weighted {func} got numbers written as text (e.g. "
                    f"{labels.iloc[0]!r}), which sort as text ('10' before '2')",
                    expected="the ratings as numbers, or categories=[...] in scale order",
                )
        try:
            categories = sorted(pd.unique(pd.Series(pair.ravel(), dtype=object)))
        except TypeError:
            raise InputError(
                f"weighted {func} needs ordered categories, and these values do not sort",
                expected="categories=[...] listing the scale points in order",
            ) from None
    codes, uniques = encode_nominal(pair, categories, func)
    q = len(uniques)
    observed = np.zeros((q, q))
    np.add.at(observed, (codes[0], codes[1]), 1.0)
    observed /= observed.sum()
    if not ordered:
        return observed, np.eye(q)
    if isinstance(weights, str):  # on the categories' positions, as scikit-learn's
        return observed, agreement_weights(list(range(1, q + 1)), weights)
    return observed, weights_for(uniques, weights, categories, func)


def fleiss_kappa(counts: object) -> float:
    """Fleiss' kappa for a fixed number of coders per unit.

    From the units × categories table of counts :math:`n_{ij}` (how many of the :math:`n`
    coders put unit :math:`i` in category :math:`j`), :math:`N` units:

    .. math::

        P_i = \\frac{1}{n(n-1)} \\sum_j n_{ij}(n_{ij} - 1), \\qquad
        \\bar P = \\frac{1}{N} \\sum_i P_i, \\qquad
        p_j = \\frac{1}{N n} \\sum_i n_{ij}, \\qquad
        \\bar P_e = \\sum_j p_j^2

    .. math::

        \\kappa = \\frac{\\bar P - \\bar P_e}{1 - \\bar P_e}

    Parameters
    ----------
    counts : array-like or DataFrame, shape (n_units, n_categories)
        Non-negative whole counts; every row must add up to the same number of coders
        :math:`n \\ge 2` (use :func:`krippendorff_alpha` or :func:`gwet_ac1` when coders
        rated different numbers of units).

    Returns
    -------
    float
        Kappa; 1.0 for perfect agreement. NaN when every rating fell in one category
        (:math:`\\bar P_e = 1`, so the ratio is 0/0).

    Raises
    ------
    InputError
        If ``counts`` is not a 2-D table of non-negative whole numbers, rows differ in their
        totals, or fewer than 2 coders rated each unit.

    Notes
    -----
    The coders need not be the same people for every unit. With two coders Fleiss' kappa is
    Scott's (1955) pi. It assumes every unit was rated by all :math:`n` coders.

    References
    ----------
    .. [1] Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
       *Psychological Bulletin*, 76(5), 378-382. https://doi.org/10.1037/h0031619
    .. [2] Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale
       coding. *Public Opinion Quarterly*, 19(3), 321-325. https://doi.org/10.1086/266577

    Examples
    --------
    The worked example of Wikipedia's "Fleiss' kappa" article (10 units, 14 raters, 5
    categories; kappa 0.210; also ``table1`` in statsmodels' tests):

    >>> counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
    ...           [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
    ...           [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    >>> round(fleiss_kappa(counts), 3)
    0.21
    """
    table = counts.to_numpy() if isinstance(counts, pd.DataFrame) else counts
    try:
        n_ij = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            "fleiss_kappa needs numeric counts",
            expected="a units × categories table of whole numbers",
        ) from None
    if n_ij.ndim != 2 or n_ij.size == 0:
        raise InputError(
            f"fleiss_kappa needs a non-empty 2-D units × categories table, got shape {n_ij.shape}",
            expected="one row per unit, one column per category",
        )
    if not np.isfinite(n_ij).all() or (n_ij < 0).any() or (n_ij != np.round(n_ij)).any():
        raise InputError(
            "fleiss_kappa needs non-negative whole counts",
            expected="n_ij = how many coders put unit i in category j",
        )
    per_unit = n_ij.sum(axis=1)
    n = per_unit[0]
    if (per_unit != n).any():
        raise InputError(
            "fleiss_kappa needs the same number of coders for every unit; "
            f"row totals range from {per_unit.min():g} to {per_unit.max():g}",
            expected="equal row totals; use krippendorff_alpha or gwet_ac1 for missing ratings",
        )
    if n < 2:
        raise InputError(
            f"fleiss_kappa needs at least 2 coders per unit, got {n:g}",
            expected="row totals of 2 or more",
        )
    n_units = n_ij.shape[0]
    p_i = (n_ij * (n_ij - 1)).sum(axis=1) / (n * (n - 1))
    p_bar = p_i.mean()
    p_j = n_ij.sum(axis=0) / (n_units * n)
    p_e = float((p_j**2).sum())
    if 1.0 - p_e < _UNDEFINED_TOL:
        return float("nan")
    return float((p_bar - p_e) / (1.0 - p_e))


def _delta_squared(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """Krippendorff's (2011) metric differences between the sorted distinct values."""
    if level == "nominal":
        return 1.0 - np.eye(values.size)
    c, k = values[:, None], values[None, :]
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total == 0, 0.0, ((c - k) / total) ** 2)
    cumulative = np.cumsum(n_c)
    index = np.arange(values.size)
    low = np.minimum(index[:, None], index[None, :])
    high = np.maximum(index[:, None], index[None, :])
    # sum_{g=low}^{high} n_g - (n_low + n_high)/2
    return (cumulative[high] - cumulative[low] + (n_c[low] - n_c[high]) / 2.0) ** 2


def krippendorff_alpha(data: object, level: str = "nominal", *, coders: str | None = None) -> float:
    """Krippendorff's alpha for any number of coders, missing ratings and four levels.

    Computed from the coincidence matrix (Krippendorff, 2011). For each unit :math:`u` with
    :math:`m_u \\ge 2` values (units with fewer are dropped: they cannot be paired), every
    ordered pair of values from different coders adds :math:`1/(m_u - 1)` to the coincidence
    :math:`o_{ck}`:

    .. math::

        o_{ck} = \\sum_u \\frac{\\text{number of } c\\text{-}k \\text{ pairs in unit } u}{m_u - 1},
        \\qquad n_c = \\sum_k o_{ck}, \\qquad n = \\sum_c n_c

    .. math::

        \\alpha = 1 - \\frac{D_o}{D_e}
               = 1 - (n - 1)\\,
                 \\frac{\\sum_c \\sum_k o_{ck}\\, \\delta^2_{ck}}
                       {\\sum_c \\sum_k n_c\\, n_k\\, \\delta^2_{ck}}

    with the metric differences

    - nominal: :math:`\\delta^2_{ck} = 0` if :math:`c = k`, else 1;
    - ordinal: :math:`\\delta^2_{ck} = \\left(\\sum_{g=c}^{k} n_g - \\frac{n_c + n_k}{2}\\right)^2`
      over the values ranked :math:`c \\le g \\le k`;
    - interval: :math:`\\delta^2_{ck} = (c - k)^2`;
    - ratio: :math:`\\delta^2_{ck} = \\left(\\frac{c - k}{c + k}\\right)^2`.

    Parameters
    ----------
    data : array-like or DataFrame, shape (n_coders, n_units)
        One row per coder, one column per unit; NaN/None where a coder did not rate a unit.
        Nominal values may be labels; other levels need numbers (ratio: non-negative).
    level : {"nominal", "ordinal", "interval", "ratio"}, default "nominal"
        The level of measurement, which sets :math:`\\delta^2`.
    coders : {"rows", "columns"}, optional
        Where the coders are: ``"rows"`` (coders × units, as the krippendorff package's
        ``reliability_data``) or ``"columns"`` (units × coders: irrCAC's layout, and a
        DataFrame with a column per coder). Default: rows; a table with more rows than columns
        is refused unless ``coders`` says which, since it reads as easily the other way.

    Returns
    -------
    float
        Alpha, at most 1; 1.0 for perfect agreement, about 0 for chance agreement, negative for
        systematic disagreement. NaN when it is undefined: all pairable values are the same, so
        the expected disagreement :math:`D_e` is 0 and the ratio is 0/0.

    Raises
    ------
    InputError
        If there are fewer than 2 coders (rows), no unit has 2 or more values, ``level`` is
        unknown, or the values do not fit the level.

    Notes
    -----
    Alpha corrects for small samples (the :math:`n - 1`) and, unlike kappa, does not depend on
    which coder rated which unit, so coders may differ across units.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
       for Communication Departmental Papers 43, University of Pennsylvania.
       https://repository.upenn.edu/asc_papers/43
    .. [2] Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
       measure for coding data. *Communication Methods and Measures*, 1(1), 77-89.
       https://doi.org/10.1080/19312450709336664

    Examples
    --------
    The reliability data of Krippendorff (2011, section C): 4 coders, 12 units, NaN = missing.

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> [round(krippendorff_alpha(data, level), 3)
    ...  for level in ("nominal", "ordinal", "interval", "ratio")]
    [0.743, 0.815, 0.849, 0.797]
    """
    what = "a str among {'nominal', 'ordinal', 'interval', 'ratio'}"
    check_option(level, "level", "krippendorff_alpha", LEVELS, what=what)
    matrix = ratings_matrix(data, "krippendorff_alpha", coders)
    if level == "nominal":
        codes, categories = encode_nominal(matrix, None, "krippendorff_alpha")
        values = np.arange(len(categories), dtype=float)
    else:
        numbers = numeric_matrix(matrix, "krippendorff_alpha", level)
        if level == "ratio" and (numbers[~np.isnan(numbers)] < 0).any():
            raise InputError(
                "krippendorff_alpha with level='ratio' needs non-negative values",
                expected="values on a scale with a true zero, or level='interval'",
            )
        values = np.unique(numbers[~np.isnan(numbers)])
        codes = np.where(np.isnan(numbers), -1, np.searchsorted(values, numbers))
    n_units = matrix.shape[1]
    unit_counts = np.zeros((n_units, values.size))
    rated = codes >= 0
    np.add.at(unit_counts, (np.nonzero(rated)[1], codes[rated]), 1.0)
    m_u = unit_counts.sum(axis=1)
    pairable = m_u >= 2
    if not pairable.any():
        raise InputError(
            "krippendorff_alpha found no unit with values from 2 or more coders",
            expected="coders whose ratings overlap on at least one unit",
        )
    unit_counts, m_u = unit_counts[pairable], m_u[pairable]
    scaled = unit_counts / (m_u - 1.0)[:, None]
    o_ck = scaled.T @ unit_counts - np.diag(scaled.sum(axis=0))
    n_c = o_ck.sum(axis=1)
    n = n_c.sum()
    if np.count_nonzero(n_c) < 2:
        # One value among the pairable ratings: no disagreement is possible, and alpha is 0/0.
        # (A test on the size of D_e would depend on the scale: values of 1e-9 give a tiny but
        # well-defined D_e, and alpha is the same at any scale.)
        return float("nan")
    delta2 = _delta_squared(values, n_c, level)
    expected = float(n_c @ delta2 @ n_c)
    return float(1.0 - (n - 1.0) * (o_ck * delta2).sum() / expected)


def rating_counts(
    data: object, categories: Sequence[object] | None, func: str, coders: str | None = None
) -> tuple[np.ndarray, list[object]]:
    """:math:`r_{ik}`, how many coders put unit :math:`i` in category :math:`k`, and the
    categories in column order."""
    matrix = ratings_matrix(data, func, coders)
    codes, uniques = encode_nominal(matrix, categories, func)
    r_ik = np.zeros((matrix.shape[1], len(uniques)))
    rated = codes >= 0
    np.add.at(r_ik, (np.nonzero(rated)[1], codes[rated]), 1.0)
    return r_ik, uniques


def _gwet_percent_agreement(r_ik: np.ndarray, func: str) -> float:
    r_i = r_ik.sum(axis=1)
    pairable = r_i >= 2
    if not pairable.any():
        raise InputError(
            f"{func} found no unit rated by 2 or more coders",
            expected="coders whose ratings overlap on at least one unit",
        )
    agreeing = (r_ik[pairable] * (r_ik[pairable] - 1)).sum(axis=1)
    return float(np.mean(agreeing / (r_i[pairable] * (r_i[pairable] - 1))))


def gwet_ac1(
    data: object,
    *,
    categories: Sequence[object] | None = None,
    coders: str | None = None,
) -> float:
    """Gwet's AC1 for any number of coders, with missing ratings.

    From the coders × units ratings, let :math:`r_{ik}` be the number of coders who put unit
    :math:`i` in category :math:`k`, :math:`r_i = \\sum_k r_{ik}`, :math:`q` the number of
    categories, :math:`n'` the number of units with :math:`r_i \\ge 2` and :math:`n` the number
    with :math:`r_i \\ge 1` (Gwet, 2008; Gwet, 2014, ch. 3):

    .. math::

        p_a = \\frac{1}{n'} \\sum_{i:\\, r_i \\ge 2} \\sum_k
              \\frac{r_{ik}(r_{ik} - 1)}{r_i (r_i - 1)}, \\qquad
        \\pi_k = \\frac{1}{n} \\sum_{i:\\, r_i \\ge 1} \\frac{r_{ik}}{r_i}

    .. math::

        p_e = \\frac{1}{q - 1} \\sum_k \\pi_k (1 - \\pi_k), \\qquad
        \\mathrm{AC}_1 = \\frac{p_a - p_e}{1 - p_e}

    Parameters
    ----------
    data : array-like or DataFrame, shape (n_coders, n_units)
        Raw ratings, one row per coder, one column per unit, NaN/None for missing (the same
        layout as :func:`krippendorff_alpha`). AC1 depends on the ratings only through the
        counts :math:`r_{ik}`, so a units × categories count table (whose rows may add up to
        different numbers of coders) holds the same information; expand it to this layout to
        use it here.
    categories : sequence, optional
        All possible categories. Categories nobody used change :math:`q` and so the result;
        list them here, as in irrCAC's ``categ.labels``. Default: the categories observed.
    coders : {"rows", "columns"}, optional
        Where the coders are: ``"rows"`` (coders × units, as the krippendorff package's
        ``reliability_data``) or ``"columns"`` (units × coders: irrCAC's layout, and a
        DataFrame with a column per coder). Default: rows; a table with more rows than columns
        is refused unless ``coders`` says which, since it reads as easily the other way.

    Returns
    -------
    float
        AC1 in [-1, 1]; 1.0 for perfect agreement. Defined when everyone used a single category:
        then :math:`p_e = 0` and AC1 = :math:`p_a` = 1.

    Raises
    ------
    InputError
        If there are fewer than 2 coders, no unit was rated by 2 or more, or a value is not among
        ``categories``.

    Notes
    -----
    AC1's chance agreement shrinks as the categories' prevalence moves away from even, so it
    stays high where kappa collapses for rare codes (Gwet, 2008). Report it with, not instead of,
    kappa or alpha.

    References
    ----------
    .. [1] Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence
       of high agreement. *British Journal of Mathematical and Statistical Psychology*, 61(1),
       29-48. https://doi.org/10.1348/000711006X126600
    .. [2] Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced
       Analytics. ISBN 978-0970806284.

    Examples
    --------
    Krippendorff's (2011) 4 coders × 12 units, which is irrCAC's ``cac.raw4raters``
    (``gwet.ac1.raw(cac.raw4raters)``: pa 0.8182, pe 0.1903, AC1 0.7754):

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(gwet_ac1(data), 4)
    0.7754
    """
    r_ik, uniques = rating_counts(data, categories, "gwet_ac1", coders)
    q = len(uniques)
    p_a = _gwet_percent_agreement(r_ik, "gwet_ac1")
    r_i = r_ik.sum(axis=1)
    rated = r_i >= 1
    pi_k = (r_ik[rated] / r_i[rated, None]).mean(axis=0)
    # With one category pi_k = 1 and sum pi(1 - pi) = 0: chance agreement is 0, as in irrCAC.
    p_e = float((pi_k * (1.0 - pi_k)).sum() / (q - 1)) if q > 1 else 0.0
    return float((p_a - p_e) / (1.0 - p_e))


def brennan_prediger(
    data: object,
    *,
    q: int | None = None,
    categories: Sequence[object] | None = None,
    coders: str | None = None,
) -> float:
    """Brennan and Prediger's free-marginal kappa for any number of coders, with missing ratings.

    Chance agreement is that of coders choosing uniformly among :math:`q` categories
    (Bennett, Alpert & Goldstein, 1954; Brennan & Prediger, 1981), with :math:`p_a` as in
    :func:`gwet_ac1` (for two coders, the share of units on which they agree):

    .. math::

        \\kappa_{BP} = \\frac{p_a - 1/q}{1 - 1/q}

    Parameters
    ----------
    data : array-like or DataFrame, shape (n_coders, n_units)
        Raw ratings, one row per coder, one column per unit, NaN/None for missing.
    q : int, optional
        The number of possible categories. For a code's presence/absence, ``q=2``.
    categories : sequence, optional
        All possible categories (then ``q = len(categories)``). Default: with neither ``q`` nor
        ``categories``, ``q`` is the number of categories observed.
    coders : {"rows", "columns"}, optional
        Where the coders are: ``"rows"`` (coders × units, as the krippendorff package's
        ``reliability_data``) or ``"columns"`` (units × coders: irrCAC's layout, and a
        DataFrame with a column per coder). Default: rows; a table with more rows than columns
        is refused unless ``coders`` says which, since it reads as easily the other way.

    Returns
    -------
    float
        The coefficient in [-1/(q-1), 1]; 1.0 for perfect agreement. Defined when everyone used
        a single category: agreement is then perfect and the value is 1 whatever ``q``.

    Raises
    ------
    InputError
        If there are fewer than 2 coders, no unit was rated by 2 or more, ``q`` is below 2 or
        below the number of categories observed, or a value is not among ``categories``.

    Notes
    -----
    MAXQDA reports this coefficient ("kappa_n", after Brennan & Prediger) next to Cohen's kappa
    in its intercoder agreement; it depends on ``q``, so state ``q`` when you report it.

    References
    ----------
    .. [1] Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: some uses, misuses, and
       alternatives. *Educational and Psychological Measurement*, 41(3), 687-699.
       https://doi.org/10.1177/001316448104100307
    .. [2] Bennett, E. M., Alpert, R., & Goldstein, A. C. (1954). Communications through
       limited-response questioning. *Public Opinion Quarterly*, 18(3), 303-308.
       https://doi.org/10.1086/266520
    .. [3] Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced
       Analytics. ISBN 978-0970806284.

    Examples
    --------
    Krippendorff's (2011) data, irrCAC's ``cac.raw4raters``
    (``bp.coeff.raw(cac.raw4raters)``: pa 0.8182, pe 0.2, coefficient 0.7727):

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(brennan_prediger(data), 4)
    0.7727
    """
    r_ik, uniques = rating_counts(data, categories, "brennan_prediger", coders)
    observed_q = len(uniques)
    q = brennan_prediger_q(r_ik, observed_q, q, "brennan_prediger")
    p_a = _gwet_percent_agreement(r_ik, "brennan_prediger")
    if q < 2:
        return 1.0
    return float((p_a - 1.0 / q) / (1.0 - 1.0 / q))


def brennan_prediger_q(r_ik: np.ndarray, observed_q: int, q: object, func: str) -> int:
    """The number of categories Brennan-Prediger's chance agreement 1/q counts: ``q`` if given
    (at least the categories used, and 2), else those observed or listed."""
    if q is None:
        return observed_q
    least = max(2, int((r_ik.sum(axis=0) > 0).sum()))
    return int(
        check_scalar(q, "q", func, low=least, what=f"an int >= {least} (the categories used)")
    )
