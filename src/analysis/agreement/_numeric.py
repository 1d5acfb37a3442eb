r"""Reliability of numeric and ordinal ratings: the intraclass correlations, Kendall's W, mean
correlations, Robinson's A and Finn's coefficient of R's ``irr`` package (Gamer, Lemon, Fellows
and Singh); ``_marginal.py`` holds the rest of ``irr``.

Every function takes complete ratings (each coder rated each unit), coders in rows unless
``coders="columns"`` says otherwise, as the rest of :mod:`analysis.agreement`; a missing
rating is refused rather than its unit dropped without a word (``irr`` drops it). Each returns
a :class:`ReliabilityTest`, the coefficient with its test and, where the method has one, its
interval.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.agreement._validate import missing_mask, ratings_matrix
from analysis.errors import InputError
from analysis.validation import check_option, check_scalar

ICC_MODELS = ("oneway", "twoway")
ICC_TYPES = ("consistency", "agreement")
ICC_UNITS = ("single", "average")


@dataclass(frozen=True)
class ReliabilityTest:
    """A reliability coefficient with its significance test and, where there is one, its
    interval, as R's ``irr`` prints them.

    ``float(result)`` is the coefficient.

    Attributes
    ----------
    coefficient : str
        Its name as ``irr`` and the literature write it (``"ICC(A,1)"``, ``"W"``, ...).
    estimate : float
    statistic : float
        The test statistic (F, chi-squared or z; see ``test``); NaN where there is none.
    test : str
        ``"F"``, ``"chi2"``, ``"z"`` or ``""`` (no test).
    df1, df2 : float
        Degrees of freedom of the test (NaN where they do not apply; ``df2`` of an ICC(A) is
        Satterthwaite's and need not be whole).
    p_value : float
        The test's p-value (one-sided for F and chi-squared, two-sided for z, as ``irr``).
    ci_low, ci_high : float
        The ``confidence`` interval, NaN where the method has none.
    n_units, n_coders : int
    confidence : float
    """

    coefficient: str
    estimate: float
    statistic: float = float("nan")
    test: str = ""
    df1: float = float("nan")
    df2: float = float("nan")
    p_value: float = float("nan")
    ci_low: float = float("nan")
    ci_high: float = float("nan")
    n_units: int = 0
    n_coders: int = 0
    confidence: float = float("nan")

    def __float__(self) -> float:
        return float(self.estimate)


def complete_ratings(
    data: object, func: str, coders: str | None, numeric: bool = True
) -> np.ndarray:
    """Units × coders, every rating present; numbers (float) unless ``numeric`` is False."""
    matrix = ratings_matrix(data, func, coders)
    missing = missing_mask(matrix)
    if missing.any():
        coder, unit = (int(i) for i in np.argwhere(missing)[0])
        raise InputError(
            f"{func} needs every coder's rating of every unit; coder {coder} has none for "
            f"unit {unit} ({int(missing.any(axis=0).sum())} units are incomplete)",
            expected="complete ratings: leave out incomplete units, or use "
            "krippendorff_alpha or agreement_estimate, which take missing ratings",
        )
    if matrix.shape[1] < 2:
        raise InputError(
            f"{func} needs at least 2 units, got {matrix.shape[1]}",
            expected="ratings of two or more units",
        )
    return matrix.T if not numeric else as_numbers(matrix.T, func)


def as_numbers(labels: np.ndarray, func: str) -> np.ndarray:
    """Complete ratings (from :func:`complete_ratings` with ``numeric=False``) as floats."""
    try:
        if any(isinstance(v, bool | np.bool_ | str) for v in labels.ravel()):
            raise ValueError
        return labels.astype(float)
    except (TypeError, ValueError):
        raise InputError(
            f"{func} needs numeric ratings",
            expected="numbers (a score, a rank or a point on a scale) in every cell",
        ) from None


def _mean_squares(x: np.ndarray) -> dict[str, float]:
    """The ANOVA mean squares of a units × coders table (McGraw and Wong, 1996, table 2)."""
    n, k = x.shape
    grand = x.mean()
    ss_total = float(((x - grand) ** 2).sum())
    ss_rows = k * float(((x.mean(axis=1) - grand) ** 2).sum())
    ss_columns = n * float(((x.mean(axis=0) - grand) ** 2).sum())
    ss_error = ss_total - ss_rows - ss_columns
    return {
        "rows": ss_rows / (n - 1),
        "within": (ss_total - ss_rows) / (n * (k - 1)),
        "columns": ss_columns / (k - 1),
        "error": ss_error / ((n - 1) * (k - 1)),
    }


def icc(
    data: object,
    model: str = "twoway",
    type: str = "agreement",
    unit: str = "single",
    *,
    coders: str | None = None,
    r0: float = 0.0,
    confidence: float = 0.95,
) -> ReliabilityTest:
    r"""The intraclass correlation coefficient, with its F test against ``r0`` and interval
    (McGraw and Wong, 1996; Shrout and Fleiss, 1979), as R's ``irr::icc``.

    From the ANOVA of the :math:`n` units × :math:`k` coders (mean squares :math:`MS_R` of
    units, :math:`MS_W` within units, :math:`MS_C` of coders, :math:`MS_E` residual):

    - one-way (each unit rated by different coders), single: :math:`\frac{MS_R - MS_W}{MS_R +
      (k-1) MS_W}` (Shrout-Fleiss ICC(1,1)); average of k: :math:`\frac{MS_R - MS_W}{MS_R}`;
    - two-way consistency (ICC(C,1), Shrout-Fleiss ICC(3,1)): :math:`\frac{MS_R - MS_E}{MS_R +
      (k-1) MS_E}`; average: :math:`\frac{MS_R - MS_E}{MS_R}`;
    - two-way absolute agreement (ICC(A,1), Shrout-Fleiss ICC(2,1)): :math:`\frac{MS_R -
      MS_E}{MS_R + (k-1) MS_E + \frac{k}{n}(MS_C - MS_E)}`; average: :math:`\frac{MS_R -
      MS_E}{MS_R + (MS_C - MS_E)/n}`, its F test and interval with Satterthwaite's degrees of
      freedom (McGraw and Wong, 1996, table 7 and 8).

    Parameters
    ----------
    data : array-like or DataFrame
        Complete numeric ratings, coders in rows (``coders="columns"`` for units × coders).
    model : {"twoway", "oneway"}, default "twoway"
        ``"twoway"`` when the same coders rated every unit (random or fixed coders give the
        same numbers); ``"oneway"`` when each unit had its own coders.
    type : {"agreement", "consistency"}, default "agreement"
        Absolute agreement (a coder who scores everything one point higher disagrees) or
        consistency (they agree). Ignored with ``model="oneway"``.
    unit : {"single", "average"}, default "single"
        The reliability of one coder's rating, or of the mean of the k coders'.
    coders : {"rows", "columns"}, optional
    r0 : float, default 0
        The ICC under the null hypothesis, in [0, 1).
    confidence : float, default 0.95

    Returns
    -------
    ReliabilityTest
        ``coefficient`` as ``irr`` names it (``"ICC(1)"``, ``"ICC(C,1)"``, ``"ICC(A,k)"`` with
        k the number of coders...); the F test's one-sided p-value.

    Raises
    ------
    InputError
        For missing or non-numeric ratings, fewer than 2 units or coders, or an option outside
        its choices.

    Notes
    -----
    The absolute-agreement test and intervals follow McGraw and Wong (1996, tables 7-8), as
    SPSS's RELIABILITY does: the test's denominator and its Satterthwaite degrees of freedom
    :math:`v` come from ``r0`` (so at ``r0 = 0`` it is the exact :math:`F(n - 1, (n-1)(k-1))`
    test of :math:`MS_R / MS_E`), and both intervals take :math:`v` from the ICC(A,1)
    estimate. R's ``irr::icc`` takes the test's :math:`v` from the estimate instead, and for
    ICC(A,k) the interval's from ICC(A,k): on ``irr``'s ``anxiety`` data its formulas give p = 0.0543
    where the exact test gives 0.0562, and on Shrout and Fleiss's data it gives ICC(A,4)'s
    lower bound as 0.039 where McGraw and Wong's gives 0.071. Every other form, estimate
    and interval is ``irr``'s.

    References
    ----------
    .. [1] McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some intraclass
       correlation coefficients. *Psychological Methods*, 1(1), 30-46.
       https://doi.org/10.1037/1082-989X.1.1.30
    .. [2] Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing
       rater reliability. *Psychological Bulletin*, 86(2), 420-428.
       https://doi.org/10.1037/0033-2909.86.2.420

    Examples
    --------
    Shrout and Fleiss's (1979, table 2) six targets rated by four judges; their table 4
    prints ICC(1,1) = .17, ICC(2,1) = .29 and ICC(3,1) = .71:

    >>> judges = [[9, 6, 8, 7, 10, 6], [2, 1, 4, 1, 5, 2], [5, 3, 6, 2, 6, 4], [8, 2, 8, 6, 9, 7]]
    >>> [round(icc(judges, m, t).estimate, 2) for m, t in
    ...  [("oneway", "agreement"), ("twoway", "agreement"), ("twoway", "consistency")]]
    [0.17, 0.29, 0.71]
    """
    func = "icc"
    check_option(model, "model", func, ICC_MODELS)
    check_option(type, "type", func, ICC_TYPES)
    check_option(unit, "unit", func, ICC_UNITS)
    r0 = check_scalar(r0, "r0", func, kind=float, low=0.0, high=1.0, include_high=False)
    alpha = 1.0 - _confidence(confidence, func)
    x = complete_ratings(data, func, coders)
    n, k = x.shape
    ms = {key: np.float64(value) for key, value in _mean_squares(x).items()}
    msr, msw, msc, mse = ms["rows"], ms["within"], ms["columns"], ms["error"]
    with np.errstate(divide="ignore", invalid="ignore"):  # coders who never differ: F is inf
        return _icc(msr, msw, msc, mse, n, k, model, type, unit, r0, alpha)


def _icc(msr, msw, msc, mse, n, k, model, type, unit, r0, alpha) -> ReliabilityTest:
    single = unit == "single"
    if model == "oneway" or type == "consistency":
        noise = msw if model == "oneway" else mse
        df2 = n * (k - 1) if model == "oneway" else (n - 1) * (k - 1)
        ratio = msr / noise
        if single:
            name = "ICC(1)" if model == "oneway" else "ICC(C,1)"
            estimate = (msr - noise) / (msr + (k - 1) * noise)
            statistic = ratio * (1 - r0) / (1 + (k - 1) * r0)
        else:
            name = f"ICC({k})" if model == "oneway" else f"ICC(C,{k})"
            estimate = (msr - noise) / msr
            statistic = ratio * (1 - r0)
        f_low = ratio / stats.f.ppf(1 - alpha / 2, n - 1, df2)
        f_high = ratio * stats.f.ppf(1 - alpha / 2, df2, n - 1)
        if single:
            low, high = ((f - 1) / (f + k - 1) for f in (f_low, f_high))
        else:
            low, high = 1 - 1 / f_low, 1 - 1 / f_high
    else:  # two-way absolute agreement (McGraw and Wong, 1996, tables 7 and 8)
        name = "ICC(A,1)" if single else f"ICC(A,{k})"
        icc_a1 = (msr - mse) / (msr + (k - 1) * mse + k / n * (msc - mse))
        estimate = icc_a1 if single else (msr - mse) / (msr + (msc - mse) / n)
        scale = k if single else 1
        a0 = scale * r0 / (n * (1 - r0))
        b0 = 1 + scale * r0 * (n - 1) / (n * (1 - r0))
        statistic = msr / (a0 * msc + b0 * mse)
        df2 = _satterthwaite(a0, b0, msc, mse, n, k)
        a = k * icc_a1 / (n * (1 - icc_a1))  # both intervals take v from ICC(A,1)
        b = 1 + k * icc_a1 * (n - 1) / (n * (1 - icc_a1))
        v = _satterthwaite(a, b, msc, mse, n, k)
        f_low = stats.f.ppf(1 - alpha / 2, n - 1, v)
        f_high = stats.f.ppf(1 - alpha / 2, v, n - 1)
        if single:
            spread = k * msc + (k * n - k - n) * mse
            low = n * (msr - f_low * mse) / (f_low * spread + n * msr)
            high = n * (f_high * msr - mse) / (spread + n * f_high * msr)
        else:
            low = n * (msr - f_low * mse) / (f_low * (msc - mse) + n * msr)
            high = n * (f_high * msr - mse) / (msc - mse + n * f_high * msr)
    if estimate == 1.0:  # no error variance: the interval is the point
        low = high = 1.0
    return ReliabilityTest(
        coefficient=name,
        estimate=float(estimate),
        statistic=float(statistic),
        test="F",
        df1=float(n - 1),
        df2=float(df2),
        p_value=float(stats.f.sf(statistic, n - 1, df2)),
        ci_low=float(low),
        ci_high=float(high),
        n_units=n,
        n_coders=k,
        confidence=1.0 - alpha,
    )


def _satterthwaite(a: float, b: float, msc: float, mse: float, n: int, k: int) -> float:
    """The degrees of freedom of :math:`a MS_C + b MS_E` (Satterthwaite, 1946)."""
    return (a * msc + b * mse) ** 2 / (
        (a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1))
    )


def _confidence(confidence: object, func: str) -> float:
    return check_scalar(confidence, "confidence", func, kind=float, low=0.0, high=1.0,
                        include_low=False, include_high=False)  # fmt: skip


def kendall_w(data: object, *, coders: str | None = None, ties: bool = True) -> ReliabilityTest:
    r"""Kendall's coefficient of concordance W, with its chi-squared test (Kendall and Babington
    Smith, 1939), as R's ``irr::kendall``.

    Each coder's ratings are ranked over the :math:`n` units (ties get mean ranks); with
    :math:`R_i` unit :math:`i`'s rank sum over the :math:`m` coders and :math:`S = \sum_i (R_i -
    \bar R)^2`, :math:`W = 12 S / (m^2 (n^3 - n) - m T)`, where :math:`T = \sum (t^3 - t)` over
    each coder's groups of :math:`t` tied units (0 with ``ties=False``). The test statistic
    :math:`m (n - 1) W` is chi-squared with :math:`n - 1` degrees of freedom; it is Friedman's
    statistic, so W is :func:`scipy.stats.friedmanchisquare` divided by :math:`m(n-1)`.

    Parameters
    ----------
    data : array-like or DataFrame
        Complete numeric or ordinal ratings (ranks or scores), coders in rows.
    coders : {"rows", "columns"}, optional
    ties : bool, default True
        Correct for ties (``irr``'s ``correct=TRUE``; ``irr`` does not by default).

    Returns
    -------
    ReliabilityTest
        ``coefficient`` "Wt" with the correction, "W" without.

    References
    ----------
    .. [1] Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings. *The
       Annals of Mathematical Statistics*, 10(3), 275-287.
       https://doi.org/10.1214/aoms/1177732186

    Examples
    --------
    Three coders who rank four units alike agree completely:

    >>> round(kendall_w([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]).estimate, 6)
    1.0
    """
    func = "kendall_w"
    if not isinstance(ties, bool):
        raise InputError(f"{func}: ties must be True or False, got {ties!r}", expected="a bool")
    x = complete_ratings(data, func, coders)
    n, m = x.shape
    ranks = np.column_stack([stats.rankdata(x[:, j]) for j in range(m)])
    sums = ranks.sum(axis=1)
    s = float(((sums - sums.mean()) ** 2).sum())
    tied = 0.0
    if ties:
        for j in range(m):
            _, counts = np.unique(x[:, j], return_counts=True)
            tied += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * tied
    if denominator <= 0:  # every coder gave every unit the same rating
        w = float("nan")
    else:
        w = 12.0 * s / denominator
    statistic = m * (n - 1) * w
    return ReliabilityTest(
        coefficient="Wt" if ties else "W",
        estimate=w,
        statistic=statistic,
        test="chi2",
        df1=float(n - 1),
        p_value=float(stats.chi2.sf(statistic, n - 1)),
        n_units=n,
        n_coders=m,
    )


CORRELATIONS = ("pearson", "spearman")


def mean_correlation(
    data: object,
    method: str = "pearson",
    *,
    coders: str | None = None,
    fisher: bool = True,
) -> ReliabilityTest:
    r"""The mean of the coders' pairwise correlations (Pearson's r or Spearman's rho), as R's
    ``irr::meancor`` and ``irr::meanrho``.

    With ``fisher`` (the default) the pairs' correlations are averaged on Fisher's z scale,
    :math:`\bar z = \operatorname{mean}\, \operatorname{artanh}(r)`, and the mean is
    :math:`\tanh \bar z`, tested with :math:`z = \tanh(\bar z) \sqrt{n - 3}` (two-sided) as
    ``irr`` does; pairs correlated perfectly (:math:`|r| = 1`, infinite z) are left out of the
    mean, as ``irr`` leaves them, and a warning says how many. Without it, the plain mean and
    no test.

    Parameters
    ----------
    data : array-like or DataFrame
        Complete numeric ratings, coders in rows.
    method : {"pearson", "spearman"}, default "pearson"
    coders : {"rows", "columns"}, optional
    fisher : bool, default True

    Returns
    -------
    ReliabilityTest
        ``coefficient`` "R" or "Rho".

    References
    ----------
    .. [1] Fisher, R. A. (1915). Frequency distribution of the values of the correlation
       coefficient in samples from an indefinitely large population. *Biometrika*, 10(4),
       507-521. https://doi.org/10.2307/2331838
    """

    func = "mean_correlation"
    check_option(method, "method", func, CORRELATIONS)
    x = complete_ratings(data, func, coders)
    n, m = x.shape
    if n < 4 and fisher:
        raise InputError(
            f"{func} with fisher=True needs at least 4 units (its test divides by n - 3), got {n}",
            expected="ratings of four or more units, or fisher=False",
        )
    pairs = list(combinations(range(m), 2))
    values = x if method == "pearson" else np.column_stack([stats.rankdata(c) for c in x.T])
    if (values.std(axis=0) == 0).any():
        raise InputError(
            f"{func}: a coder gave every unit the same rating, so a correlation is undefined",
            expected="ratings that vary over the units for every coder",
        )
    r = np.array([np.corrcoef(values[:, i], values[:, j])[0, 1] for i, j in pairs])
    name = "R" if method == "pearson" else "Rho"
    if not fisher:
        return ReliabilityTest(name, float(r.mean()), n_units=n, n_coders=m)
    finite = np.abs(r) < 1.0
    if not finite.all():
        warnings.warn(
            f"{func}: {int((~finite).sum())} of {len(r)} pairs correlate perfectly and were "
            "left out of the mean on Fisher's scale",
            UserWarning,
            stacklevel=2,
        )
    if not finite.any():
        return ReliabilityTest(name, float(np.sign(r).mean()), n_units=n, n_coders=m)
    estimate = math.tanh(float(np.arctanh(r[finite]).mean()))
    statistic = estimate * math.sqrt(n - 3)
    return ReliabilityTest(
        name,
        estimate,
        statistic=statistic,
        test="z",
        p_value=float(2 * stats.norm.sf(abs(statistic))),
        n_units=n,
        n_coders=m,
    )


def robinson_a(data: object, *, coders: str | None = None) -> ReliabilityTest:
    r"""Robinson's (1957) A: the share of the variation between units in their variation net
    of the coders' means, :math:`A = SS_R / (SS_R + SS_E)`, as R's ``irr::robinson``. It is
    :math:`((k - 1)\,\mathrm{ICC(C,1)} + 1)/k` for :math:`k` coders.

    References
    ----------
    .. [1] Robinson, W. S. (1957). The statistical measurement of agreement. *American
       Sociological Review*, 22(1), 17-25. https://doi.org/10.2307/2088760

    Examples
    --------
    >>> round(robinson_a([[1, 2, 3, 4], [2, 3, 4, 5]]).estimate, 6)  # shifted by one: consistent
    1.0
    """
    x = complete_ratings(data, "robinson_a", coders)
    n, k = x.shape
    ms = _mean_squares(x)
    ss_rows, ss_error = ms["rows"] * (n - 1), ms["error"] * (n - 1) * (k - 1)
    return ReliabilityTest("A", float(ss_rows / (ss_rows + ss_error)), n_units=n, n_coders=k)


def finn_coefficient(
    data: object, levels: int, model: str = "oneway", *, coders: str | None = None
) -> ReliabilityTest:
    r"""Finn's (1970) coefficient: one minus the coders' observed variance over the variance
    of ratings given at random on a scale of ``levels`` points, :math:`(s^2 - 1)/12`, with
    its F test, as R's ``irr::finn``. ``model="oneway"`` takes the variance within units,
    ``"twoway"`` the residual after the coders' means. Useful where unit variance is small
    and the ICC therefore low although coders agree.

    Parameters
    ----------
    data : array-like or DataFrame
        Complete ratings on a scale of ``levels`` equally spaced points, coders in rows.
    levels : int
        The number of points of the scale (at least 2).
    model : {"oneway", "twoway"}, default "oneway"
    coders : {"rows", "columns"}, optional

    References
    ----------
    .. [1] Finn, R. H. (1970). A note on estimating the reliability of categorical data.
       *Educational and Psychological Measurement*, 30(1), 71-76.
       https://doi.org/10.1177/001316447003000106
    """
    func = "finn_coefficient"
    levels = check_scalar(levels, "levels", func, low=2)
    check_option(model, "model", func, ICC_MODELS)
    x = complete_ratings(data, func, coders)
    n, k = x.shape
    ms = _mean_squares(x)
    observed = ms["within"] if model == "oneway" else ms["error"]
    expected = (levels**2 - 1) / 12.0
    statistic = expected / observed if observed > 0 else float("inf")
    df2 = n * (k - 1)  # irr uses n(k - 1) for both models
    return ReliabilityTest(
        "Finn",
        float(1.0 - observed / expected),
        statistic=float(statistic),
        test="F",
        df1=float("inf"),
        df2=float(df2),
        p_value=float(stats.chi2.cdf(df2 / statistic, df2)),  # F(inf, d) is d / chi2(d)
        n_units=n,
        n_coders=k,
    )


def iota(
    variables: object,
    *,
    nominal: bool = False,
    standardize: bool = False,
    coders: str | None = None,
) -> ReliabilityTest:
    r"""Janson and Olsson's (2001) iota: agreement over several variables rated at once (a
    coder's weight and height estimates of the same photographs, say), as R's ``irr::iota``.

    For each variable :math:`v` (a units × coders table), with :math:`SS_T`, :math:`SS_W`
    (within units) and :math:`SS_C` (between coders' means) its sums of squares,

    .. math::

        \iota = 1 - \frac{k \sum_v SS_{W,v}}{\sum_v \left[(k - 1) SS_{T,v} + SS_{C,v}\right]}

    Nominal variables are first replaced by one indicator per category, each scaled by
    :math:`1/\sqrt{2}`; for one nominal variable iota is Conger's (1980) kappa.

    Parameters
    ----------
    variables : array-like or sequence of array-like
        One ratings table (coders in rows unless ``coders`` says otherwise), or a list of them,
        one per variable, every one of the same units by the same coders, complete.
    nominal : bool, default False
        The ratings are category labels (as ``scaledata = "nominal"``); else numbers.
    standardize : bool, default False
        Put each numeric variable on a z scale first, so that variables measured in different
        units weigh alike.
    coders : {"rows", "columns"}, optional

    Returns
    -------
    ReliabilityTest

    Raises
    ------
    InputError
        For missing or (without ``nominal``) non-numeric ratings, or variables of different
        shapes.

    References
    ----------
    .. [1] Janson, H., & Olsson, U. (2001). A measure of agreement for interval or nominal
       multivariate observations. *Educational and Psychological Measurement*, 61(2),
       277-289. https://doi.org/10.1177/00131640121971239

    Examples
    --------
    Janson and Olsson's (2001, table 1) five photographs, weight and height estimated by three
    coders (``irr``'s example):

    >>> weight = [[71, 73, 86, 59, 71], [74, 80, 101, 62, 83], [76, 80, 93, 66, 77]]
    >>> height = [[166, 160, 187, 161, 172], [171, 170, 174, 163, 182],
    ...           [171, 165, 185, 162, 181]]
    >>> round(iota([weight, height]).estimate, 3)
    0.755
    """
    func = "iota"
    if not isinstance(nominal, bool) or not isinstance(standardize, bool):
        raise InputError(f"{func}: nominal and standardize must be True or False",
                         expected="bools")  # fmt: skip
    many = isinstance(variables, list | tuple) and all(
        isinstance(v, pd.DataFrame) or np.ndim(v) == 2 for v in variables
    )
    tables = [
        complete_ratings(v, func, coders, numeric=not nominal)
        for v in (variables if many else [variables])
    ]
    if len({t.shape for t in tables}) > 1:
        raise InputError(
            f"{func}: the variables' tables differ in shape "
            f"({', '.join(f'{n} × {k}' for n, k in (t.shape for t in tables))})",
            expected="every variable rated on the same units by the same coders",
        )
    n, k = tables[0].shape
    if nominal:
        indicators = []
        for table in tables:
            labels = np.vectorize(repr, otypes=[object])(table)
            for category in sorted(set(labels.ravel())):
                indicators.append((labels == category).astype(float) / math.sqrt(2.0))
        tables = indicators
    elif standardize:
        tables = [(t - t.mean()) / t.std(ddof=1) for t in tables]
    observed = expected = 0.0
    for x in tables:
        ms = _mean_squares(x)
        ss_total = float(((x - x.mean()) ** 2).sum())
        observed += ms["within"] * n * (k - 1)
        expected += (k - 1) * ss_total + ms["columns"] * (k - 1)
    estimate = 1.0 - k * observed / expected if expected > 0 else float("nan")
    return ReliabilityTest("iota", float(estimate), n_units=n, n_coders=k)
