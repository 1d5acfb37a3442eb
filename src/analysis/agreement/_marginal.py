r"""Agreement of labels beyond the chance-corrected coefficients, and tests of two coders'
marginals: the rest of R's ``irr`` (agreement within a tolerance, Light's and per-category
Fleiss' kappa, Maxwell's RE, the Stuart-Maxwell and Bhapkar tests, rater bias).

Each returns a :class:`~analysis.agreement.ReliabilityTest`, as the numeric statistics do.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.agreement._counts import count_table
from analysis.agreement._numeric import ReliabilityTest, as_numbers, complete_ratings
from analysis.agreement._pairs import cohen_kappa
from analysis.errors import InputError
from analysis.validation import check_option, check_scalar


def tolerance_agreement(
    data: object, tolerance: float = 0, *, coders: str | None = None
) -> ReliabilityTest:
    """The share of units on which every coder's rating lies within ``tolerance`` of every
    other's (R's ``irr::agree``, as a proportion rather than a percentage). With labels, or
    ``tolerance=0``, the share on which all coders gave the same rating.

    Examples
    --------
    >>> tolerance_agreement([[1, 2, 4], [2, 2, 1]], tolerance=1).estimate
    0.6666666666666666
    """
    func = "tolerance_agreement"
    tolerance = check_scalar(tolerance, "tolerance", func, kind=float, low=0.0)
    labels = complete_ratings(data, func, coders, numeric=False)
    try:
        numbers = as_numbers(labels, func)
    except InputError:
        numbers = None
    if numbers is None:
        if tolerance > 0:
            raise InputError(
                f"{func}: a tolerance needs numeric ratings",
                expected="numbers, or tolerance=0 for labels",
            )
        same = np.array([len(set(map(repr, row))) == 1 for row in labels])
    else:
        same = numbers.max(axis=1) - numbers.min(axis=1) <= tolerance
    n, k = labels.shape
    return ReliabilityTest(f"agreement within {tolerance:g}", float(same.mean()),
                           n_units=n, n_coders=k)  # fmt: skip


def light_kappa(data: object, *, coders: str | None = None) -> ReliabilityTest:
    """Light's (1971) kappa: the mean of Cohen's kappa over every pair of coders, as R's
    ``irr::kappam.light``'s coefficient (its z test is not given here: irr's variance treats
    the pairs as independent; use :func:`agreement_estimate` with ``"conger_kappa"`` for an
    analytic interval of a multi-coder kappa).

    References
    ----------
    .. [1] Light, R. J. (1971). Measures of response agreement for qualitative data: some
       generalizations and alternatives. *Psychological Bulletin*, 76(5), 365-377.
       https://doi.org/10.1037/h0031643
    """
    labels = complete_ratings(data, "light_kappa", coders, numeric=False)
    n, k = labels.shape
    kappas = [cohen_kappa(labels[:, i], labels[:, j]) for i, j in combinations(range(k), 2)]
    return ReliabilityTest("Light's kappa", float(np.mean(kappas)), n_units=n, n_coders=k)


def fleiss_category_kappas(counts: object) -> pd.DataFrame:
    r"""Fleiss' (1971) kappa of each category against the rest, with its z test, as R's
    ``irr::kappam.fleiss(detail = TRUE)``.

    From the units × categories counts :math:`x_{ij}` of :math:`n` units each rated by
    :math:`m` coders, :math:`p_j = \sum_i x_{ij} / (nm)` and

    .. math::

        \kappa_j = 1 - \frac{\sum_i x_{ij} (m - x_{ij})}{n m (m - 1) p_j (1 - p_j)},
        \qquad \mathrm{se}_0 = \sqrt{2 / (n m (m - 1))}

    (the standard error under no agreement beyond chance; two-sided p). Fleiss' overall kappa
    is the mean of the :math:`\kappa_j` weighted by :math:`p_j (1 - p_j)`.

    Parameters
    ----------
    counts : DataFrame or array-like
        Units × categories, each row summing to the same number of coders; a DataFrame's
        columns name the categories.

    Returns
    -------
    DataFrame
        Indexed by category: ``kappa, z, p_value, share`` (:math:`p_j`). A category no coder
        used has NaN kappa.

    References
    ----------
    .. [1] Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
       *Psychological Bulletin*, 76(5), 378-382. https://doi.org/10.1037/h0031619
    """
    func = "fleiss_category_kappas"
    x, _, columns = count_table(counts, func, "one row per unit, one column per category")
    per_unit = x.sum(axis=1)
    if x.shape[0] < 1 or per_unit.min() != per_unit.max() or per_unit[0] < 2:
        raise InputError(
            f"{func} needs every unit rated by the same number (2 or more) of coders; the rows "
            f"sum to {sorted(set(per_unit.tolist()))}",
            expected="rows that each sum to the number of coders",
        )
    n, m = x.shape[0], int(per_unit[0])
    share = x.sum(axis=0) / (n * m)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = 1.0 - (x * (m - x)).sum(axis=0) / (n * m * (m - 1) * share * (1 - share))
    kappa = np.where((share > 0) & (share < 1), kappa, np.nan)
    z = kappa / math.sqrt(2.0 / (n * m * (m - 1)))
    labels = columns if columns is not None else list(range(x.shape[1]))
    return pd.DataFrame(
        {"kappa": kappa, "z": z, "p_value": 2 * stats.norm.sf(np.abs(z)), "share": share},
        index=pd.Index(labels, name="category"),
    )


MARGINAL_TESTS = ("stuart_maxwell", "bhapkar")


def marginal_homogeneity(table: object, method: str = "stuart_maxwell") -> ReliabilityTest:
    r"""Whether two coders used the categories equally often: the Stuart-Maxwell or Bhapkar
    test of marginal homogeneity of their q × q contingency table (R's
    ``irr::stuart.maxwell.mh`` and ``irr::bhapkar``).

    With :math:`d` the first :math:`q - 1` differences between row and column totals and
    :math:`S` their covariance, :math:`\chi^2 = d^\top S^{-1} d` with :math:`q - 1` degrees of
    freedom (Stuart, 1955; Maxwell, 1970); Bhapkar's (1966) uses the unrestricted covariance
    :math:`S - d d^\top / n` and is :math:`\chi^2_{SM} / (1 - \chi^2_{SM}/n)`. Every category
    counts, as in statsmodels' ``SquareTable.homogeneity``; ``irr::stuart.maxwell.mh`` first
    leaves out categories whose two totals are equal, which changes the statistic.

    Parameters
    ----------
    table : DataFrame or array-like
        The contingency table (:func:`ratings_from_table`'s layout).
    method : {"stuart_maxwell", "bhapkar"}, default "stuart_maxwell"

    References
    ----------
    .. [1] Stuart, A. (1955). A test for homogeneity of the marginal distributions in a
       two-way classification. *Biometrika*, 42(3/4), 412-416.
       https://doi.org/10.1093/biomet/42.3-4.412
    .. [2] Bhapkar, V. P. (1966). A note on the equivalence of two test criteria for
       hypotheses in categorical data. *Journal of the American Statistical Association*,
       61(313), 228-235. https://doi.org/10.1080/01621459.1966.10502021
    """
    func = "marginal_homogeneity"
    check_option(method, "method", func, MARGINAL_TESTS)
    x, _, _ = count_table(table, func, "a q × q table of counts")
    if x.shape[0] != x.shape[1] or x.shape[0] < 2:
        raise InputError(
            f"{func} needs a square table of at least 2 × 2, got shape {x.shape}",
            expected="rows the first coder's categories, columns the second's",
        )
    x = x.astype(float)
    n = float(x.sum())
    rows, columns = x.sum(axis=1), x.sum(axis=0)
    d = (rows - columns)[:-1]
    cov = -(x + x.T)[:-1, :-1]
    np.fill_diagonal(cov, (rows + columns - 2 * np.diag(x))[:-1])
    if method == "bhapkar":
        cov = cov - np.outer(d, d) / n
    try:
        statistic = float(d @ np.linalg.solve(cov, d))
    except np.linalg.LinAlgError:
        raise InputError(
            f"{func}: the table's off-diagonal counts are too sparse to estimate the "
            "covariance of the marginal differences (a category no unit moved out of or into)",
            expected="a table in which every category has disagreements, or fewer categories",
        ) from None
    df = len(d)
    name = "Stuart-Maxwell chi2" if method == "stuart_maxwell" else "Bhapkar chi2"
    return ReliabilityTest(
        name,
        statistic,
        statistic=statistic,
        test="chi2",
        df1=float(df),
        p_value=float(stats.chi2.sf(statistic, df)) if df > 0 else 1.0,
        n_units=int(n),
        n_coders=2,
    )


def rater_bias(table: object) -> ReliabilityTest:
    r"""Whether one coder places units systematically higher on an ordered scale than the
    other (R's ``irr::rater.bias``): of the units on which the two disagree, the share
    :math:`b / (b + c)` above the diagonal of their contingency table (rows the first coder's
    categories in scale order), with McNemar's :math:`\chi^2 = (b - c)^2 / (b + c)`, one
    degree of freedom.

    Examples
    --------
    >>> result = rater_bias([[10, 6, 2], [1, 8, 3], [0, 1, 9]])
    >>> round(result.estimate, 3), round(result.statistic, 3)
    (0.846, 6.231)
    """
    x, _, _ = count_table(table, "rater_bias", "a q × q table of counts")
    if x.shape[0] != x.shape[1] or x.shape[0] < 2:
        raise InputError(
            f"rater_bias needs a square table of at least 2 × 2, got shape {x.shape}",
            expected="rows the first coder's categories, columns the second's, in scale order",
        )
    above, below = float(np.triu(x, 1).sum()), float(np.tril(x, -1).sum())
    if above + below == 0:
        raise InputError(
            "rater_bias: the coders never disagree, so there is no direction to test",
            expected="a table with counts off its diagonal",
        )
    statistic = (above - below) ** 2 / (above + below)
    return ReliabilityTest(
        "rater bias",
        above / (above + below),
        statistic=statistic,
        test="chi2",
        df1=1.0,
        p_value=float(stats.chi2.sf(statistic, 1)),
        n_units=int(x.sum()),
        n_coders=2,
    )


def maxwell_re(first: object, second: object) -> ReliabilityTest:
    """Maxwell's (1977) random error coefficient of two coders' binary ratings,
    :math:`2 p_o - 1` (R's ``irr::maxwell``): Brennan-Prediger's coefficient for two
    categories.

    References
    ----------
    .. [1] Maxwell, A. E. (1977). Coefficients of agreement between observers and their
       interpretation. *British Journal of Psychiatry*, 130(1), 79-83.
       https://doi.org/10.1192/bjp.130.1.79

    Examples
    --------
    >>> maxwell_re([1, 1, 0, 0], [1, 0, 0, 0]).estimate
    0.5
    """
    labels = complete_ratings([list(first), list(second)], "maxwell_re", "rows", numeric=False)
    used = {repr(v) for v in labels.ravel()}
    if len(used) > 2:
        raise InputError(
            f"maxwell_re needs binary ratings, got {len(used)} categories",
            expected="two categories (yes/no, present/absent)",
        )
    agree = float(np.mean([repr(a) == repr(b) for a, b in labels]))
    return ReliabilityTest("RE", 2 * agree - 1, n_units=len(labels), n_coders=2)
