"""Agreement coefficients of any number of coders, each implemented from its published formula
(two coders' percent agreement, Cohen's kappa and Scott's pi are in ``_pairs.py``).

Notation follows the papers: Fleiss (1971) for
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

from analysis.agreement._pairs import UNDEFINED_TOL
from analysis.agreement._validate import (
    encode_nominal,
    numeric_matrix,
    ratings_matrix,
)
from analysis.errors import InputError
from analysis.validation import check_option, check_scalar

__all__ = ["brennan_prediger", "fleiss_kappa", "gwet_ac1", "krippendorff_alpha"]

LEVELS = ("nominal", "ordinal", "interval", "ratio")


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
    if 1.0 - p_e < UNDEFINED_TOL:
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
