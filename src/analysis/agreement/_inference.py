"""Analytic standard errors, intervals and p-values of the chance-corrected coefficients.

Gwet's (2008; 2014, ch. 5) linearisation: each unit :math:`i` gets a value :math:`\\kappa_i^*`
whose mean over the :math:`n` rated units is the coefficient, and the coefficient's variance is
that of a mean over a sample of units drawn from a population of :math:`N` (the finite-population
correction :math:`f = n/N`, 0 for an infinite population). The formulas and the interval (Student's
t with :math:`n - 1` degrees of freedom, the upper bound capped at 1) are those of Gwet's R
package irrCAC and of AgreeStat.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.agreement._coefficients import brennan_prediger_q, rating_counts
from analysis.agreement._validate import (
    encode_nominal,
    ratings_matrix,
)
from analysis.agreement._weights import weights_for
from analysis.errors import InputError
from analysis.validation import check_option, check_scalar

#: The coefficients :func:`agreement_estimate` gives with their analytic variance.
ESTIMATED = (
    "percent_agreement",
    "gwet_ac1",
    "brennan_prediger",
    "fleiss_kappa",
    "krippendorff_alpha",
    "conger_kappa",
)


@dataclass(frozen=True)
class AgreementEstimate:
    """A coefficient with its precision, as irrCAC's ``$est`` reports it.

    ``float(estimate)`` is the coefficient itself.

    Attributes
    ----------
    coefficient : str
        Which coefficient (one of :data:`ESTIMATED`).
    estimate : float
        The coefficient.
    p_a, p_e : float
        Observed and chance agreement (``p_e`` is 0 for percent agreement).
    se : float
        Standard error (Gwet's linearised variance, with the finite-population correction).
    ci_low, ci_high : float
        The ``confidence`` interval: estimate ± t(n − 1) × se, the upper bound at most 1.
    p_value : float
        One-sided p-value of the estimate against 0 (t with n − 1 degrees of freedom), as irrCAC
        reports it; NaN when the standard error is 0.
    n_units : int
        Units rated by at least one coder (``n``).
    confidence : float
        The interval's coverage.
    population : float
        The number of units in the population the sample was drawn from (``N``; inf when
        infinite).
    """

    coefficient: str
    estimate: float
    p_a: float
    p_e: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n_units: int
    confidence: float
    population: float

    def __float__(self) -> float:
        return float(self.estimate)


def agreement_estimate(
    data: object,
    coefficient: str = "gwet_ac1",
    *,
    categories: Sequence[object] | None = None,
    q: int | None = None,
    coders: str | None = None,
    weights: str | object = "identity",
    confidence: float = 0.95,
    population: float | None = None,
) -> AgreementEstimate:
    r"""A coefficient for any number of coders with its standard error, interval and p-value.

    With :math:`r_{ik}`, :math:`r_i`, :math:`q`, :math:`\pi_k`, :math:`p_a` and :math:`p_e` as in
    :func:`gwet_ac1`, :math:`n` the units rated by at least one coder and :math:`n'` those rated
    by two or more, each unit's observed agreement is
    :math:`p_{a|i} = \sum_k r_{ik}(r_{ik} - 1) / (r_i(r_i - 1))` (0 when :math:`r_i < 2`), and
    (Gwet, 2008, eq. 28-30; Gwet, 2014, ch. 5):

    .. math::

        \kappa_i = \frac{n}{n'} \, \frac{p_{a|i} - p_e [r_i \ge 2]}{1 - p_e}, \qquad
        \kappa_i^* = \kappa_i - 2 (1 - \hat\kappa) \frac{p_{e|i} - p_e}{1 - p_e}

    .. math::

        \widehat{\mathrm{Var}}(\hat\kappa) = \frac{1 - f}{n (n - 1)}
            \sum_{i=1}^{n} (\kappa_i^* - \hat\kappa)^2

    For AC1, :math:`p_{e|i} = \frac{1}{q - 1} \sum_k \frac{r_{ik}}{r_i} (1 - \pi_k)`; for
    Fleiss' kappa (Gwet's generalisation to missing ratings, :math:`p_e = \sum_k \pi_k^2`),
    :math:`p_{e|i} = \sum_k \frac{r_{ik}}{r_i} \pi_k`; for Brennan-Prediger
    :math:`p_e = 1/q` is fixed and :math:`\kappa_i^* = \kappa_i`; for percent agreement
    :math:`p_e = 0`. Krippendorff's alpha (nominal) takes Gwet's (2014, ch. 5) form over the
    :math:`n'` units rated by two or more coders, with :math:`\bar r` their mean number of
    coders: :math:`p_a' = \frac{1}{n'}\sum_i \sum_k r_{ik}(r_{ik}-1)/(\bar r (r_i - 1))`,
    :math:`p_a = (1 - \epsilon) p_a' + \epsilon` with :math:`\epsilon = 1/\sum_i r_i`,
    :math:`\pi_k = \frac{1}{n'}\sum_i r_{ik}/\bar r`, :math:`p_e = \sum_k \pi_k^2`; its
    variance is taken around :math:`\alpha' = (p_a' - p_e)/(1 - p_e)`, and its interval and
    p-value have :math:`n' - 1` degrees of freedom.

    Parameters
    ----------
    data : array-like or DataFrame
        Raw ratings, NaN/None for missing; coders in rows unless ``coders`` says otherwise (as
        :func:`gwet_ac1`).
    coefficient : str, default "gwet_ac1"
        ``"percent_agreement"``, ``"gwet_ac1"``, ``"brennan_prediger"``, ``"fleiss_kappa"``,
        ``"conger_kappa"`` or ``"krippendorff_alpha"`` (nominal). Conger's kappa's variance
        adds each unit's effect on every coder's own category shares (Gwet, 2014, ch. 5). With
        every coder rating every unit, Fleiss' kappa equals :func:`fleiss_kappa` of the units ×
        categories counts; for two coders it is Scott's (1955) pi, whose chance agreement pools
        both coders' category shares.
    categories : sequence, optional
        All possible categories (as irrCAC's ``categ.labels``); default the ones observed.
    q : int, optional
        For Brennan-Prediger, the number of possible categories (see :func:`brennan_prediger`).
    coders : {"rows", "columns"}, optional
        Where the coders are (see :func:`krippendorff_alpha`).
    weights : str or array-like, default "identity"
        Partial credit for near misses (Gwet's weighted forms: AC2, weighted kappa and alpha):
        a name of :data:`WEIGHTS` or a q × q matrix of weights in [0, 1] with 1 on the
        diagonal, rows and columns in the order of ``categories`` (see
        :func:`agreement_weights`). Weights other than the identity need numeric ratings or
        ``categories`` in scale order.
    confidence : float, default 0.95
        The interval's coverage, in (0, 1).
    population : float, optional
        The number of units in the population (``N``); the variance is multiplied by
        :math:`1 - n/N`. Default: infinite.

    Returns
    -------
    AgreementEstimate
        Fleiss' kappa is NaN throughout when only one category was used (0/0).

    Raises
    ------
    InputError
        As :func:`gwet_ac1`; also for an unknown ``coefficient``, a ``confidence`` outside
        (0, 1), a ``population`` smaller than the number of rated units, or fewer than 2 rated
        units (there is no variance to estimate).

    References
    ----------
    .. [1] Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the
       presence of high agreement. *British Journal of Mathematical and Statistical
       Psychology*, 61(1), 29-48. https://doi.org/10.1348/000711006X126600
    .. [2] Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced
       Analytics. ISBN 978-0970806284.

    Examples
    --------
    irrCAC's ``cac.raw4raters`` (12 units × 4 raters): ``gwet.ac1.raw(cac.raw4raters)$est``
    gives AC1 0.77544, se 0.14295, interval (0.461, 1):

    >>> nan = float("nan")
    >>> raw4raters = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...               [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...               [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...               [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> ac1 = agreement_estimate(raw4raters, "gwet_ac1")
    >>> round(ac1.estimate, 5), round(ac1.se, 5), round(ac1.ci_low, 3), ac1.ci_high
    (0.77544, 0.14295, 0.461, 1.0)
    """
    func = "agreement_estimate"
    check_option(coefficient, "coefficient", func, ESTIMATED)
    check_scalar(confidence, "confidence", func, kind=float, low=0.0, high=1.0,
                 include_low=False, include_high=False)  # fmt: skip
    if coefficient == "conger_kappa":
        parts = _conger_parts(data, categories, coders, func, weights)
        if parts is None:
            return _undefined(coefficient, 1.0, 1.0, 0, confidence, math.inf)
        n = len(parts["pa_i"])
        return _linearised(coefficient, parts, n, confidence, _population(population, n, func))
    r_ik, uniques = rating_counts(data, categories, func, coders)
    return estimate_from_counts(
        r_ik,
        uniques,
        coefficient,
        q=q,
        weights=weights,
        categories=categories,
        confidence=confidence,
        population=population,
        func=func,
    )


def estimate_from_counts(
    r_ik: np.ndarray,
    uniques: list[object],
    coefficient: str,
    *,
    q: int | None,
    weights: str | object,
    categories: Sequence[object] | None,
    confidence: float,
    population: float | None,
    func: str,
) -> AgreementEstimate:
    """:func:`agreement_estimate` from :math:`r_{ik}` (units × categories counts, columns the
    categories ``uniques``), for every coefficient but Conger's kappa."""
    observed_q = len(uniques)
    w = weights_for(uniques, weights, categories, func)
    r_i = r_ik.sum(axis=1)
    r_ik, r_i = r_ik[r_i >= 1], r_i[r_i >= 1]
    n = len(r_i)
    big_n = _population(population, n, func)
    if n < 2:
        raise InputError(
            f"{func} needs at least 2 rated units to estimate a variance, got {n}",
            expected="ratings of two or more units",
        )
    pairable = r_i >= 2
    n2 = int(pairable.sum())
    if n2 == 0:
        raise InputError(
            f"{func} found no unit rated by 2 or more coders",
            expected="coders whose ratings overlap on at least one unit",
        )
    if coefficient == "krippendorff_alpha":
        return _krippendorff(r_ik[pairable], r_i[pairable], w, confidence, big_n)
    pair_counts = np.where(pairable, r_i * (r_i - 1), 1.0)
    credited = r_ik @ w.T  # r*_ik: the coders who put unit i in k or near it, by weight
    pa_i = np.where(pairable, (r_ik * (credited - 1)).sum(axis=1) / pair_counts, 0.0)
    p_a = float(pa_i[pairable].mean())
    if coefficient == "brennan_prediger":
        if q is not None and not np.array_equal(w, np.eye(len(w))):
            raise InputError(
                f"{func}: q cannot be combined with weights (the weights need every category)",
                expected="categories=[...] listing every category, in scale order",
            )
        q_used = brennan_prediger_q(r_ik, observed_q, q, func)
        p_e = float(w.sum()) / q_used**2 if q is None else 1.0 / q_used
        p_e = p_e if q_used >= 2 else 0.0
        pe_i = np.full(n, p_e)  # chance agreement fixed: no term of its own in the variance
    elif coefficient in ("gwet_ac1", "fleiss_kappa"):
        q_used = r_ik.shape[1]
        shares = r_ik / r_i[:, None]  # each unit's ratings as shares of its coders
        pi_k = shares.mean(axis=0)
        if coefficient == "gwet_ac1":
            scale = float(w.sum()) / (q_used * (q_used - 1)) if q_used > 1 else 0.0
            p_e = scale * float((pi_k * (1.0 - pi_k)).sum())
            pe_i = scale * (shares @ (1.0 - pi_k))
        else:
            p_e = float(pi_k @ w @ pi_k)
            pe_i = shares @ ((w + w.T) @ pi_k / 2.0)
            if p_e >= 1.0 - 1e-12:  # one category: kappa is 0/0
                return _undefined(coefficient, p_a, p_e, n, confidence, big_n)
    else:
        p_e = 0.0
        pe_i = np.zeros(n)
    parts = {"estimate": (p_a - p_e) / (1.0 - p_e), "p_a": p_a, "p_e": p_e, "pa_i": pa_i,
             "pe_i": pe_i, "pairable": pairable, "n2": n2}  # fmt: skip
    return _linearised(coefficient, parts, n, confidence, big_n)


def _population(population, n: int, func: str) -> float:
    """``N`` for the finite-population correction: infinite unless given, and at least ``n``."""
    if population is None:
        return math.inf
    return check_scalar(population, "population", func, kind=float, low=max(n, 1))


def _undefined(coefficient, p_a, p_e, n, confidence, population) -> AgreementEstimate:
    nan = float("nan")
    return AgreementEstimate(coefficient, nan, p_a, float(p_e), nan, nan, nan, nan, n,
                             float(confidence), float(population))  # fmt: skip


def _krippendorff(r_ik, r_i, w, confidence, population) -> AgreementEstimate:
    """Alpha over the pairable units, with Gwet's (2014, ch. 5) linearised variance."""
    n = len(r_i)
    if n < 2:
        raise InputError(
            f"agreement_estimate needs at least 2 units rated by 2 or more coders for "
            f"Krippendorff's alpha, got {n}",
            expected="ratings of two or more units by two or more coders",
        )
    mean_r = float(r_i.mean())
    epsilon = 1.0 / float(r_i.sum())
    agreeing = (r_ik * (r_ik @ w.T - 1)).sum(axis=1) / (mean_r * (r_i - 1))
    pa_prime = float(agreeing.mean())
    p_a = (1.0 - epsilon) * pa_prime + epsilon
    pi_k = (r_ik / mean_r).mean(axis=0)
    p_e = float(pi_k @ w @ pi_k)
    if p_e >= 1.0 - 1e-12:  # one value: alpha is 0/0
        return _undefined("krippendorff_alpha", p_a, p_e, n, confidence, population)
    alpha = (p_a - p_e) / (1.0 - p_e)
    alpha_prime = (pa_prime - p_e) / (1.0 - p_e)
    pa_i = agreeing - p_a * (r_i - mean_r) / mean_r
    pe_i = r_ik @ ((w + w.T) @ pi_k / 2.0) / mean_r - p_e * (r_i - mean_r) / mean_r
    alpha_i = (pa_i - p_e) / (1.0 - p_e) - 2.0 * (1.0 - alpha_prime) * (pe_i - p_e) / (1.0 - p_e)
    variance = _mean_variance(alpha_i, alpha_prime, n, population)
    return _estimate("krippendorff_alpha", alpha, p_a, p_e, variance, n, confidence, population)


def _estimate(coefficient, estimate, p_a, p_e, variance, n, confidence, population):
    """The estimate with its standard error, t interval (upper bound at most 1) and p-value."""
    se = math.sqrt(max(variance, 0.0))
    t = float(stats.t.ppf(1.0 - (1.0 - confidence) / 2.0, n - 1))
    return AgreementEstimate(
        coefficient=coefficient,
        estimate=float(estimate),
        p_a=float(p_a),
        p_e=float(p_e),
        se=se,
        ci_low=float(estimate - t * se),
        ci_high=float(min(1.0, estimate + t * se)),
        p_value=float(stats.t.sf(estimate / se, n - 1)) if se > 0 else float("nan"),
        n_units=n,
        confidence=float(confidence),
        population=float(population),
    )


def conger_kappa(
    data: object,
    *,
    categories: Sequence[object] | None = None,
    coders: str | None = None,
    weights: str | object = "identity",
) -> float:
    r"""Conger's (1980) kappa: Cohen's kappa generalised to any number of coders.

    The observed agreement :math:`p_a` is that of :func:`gwet_ac1`; the chance agreement averages
    the pairwise Cohen-type chance agreements of the :math:`r` coders, each coder's own
    distribution over the categories (:math:`p_{gk}`, the share of the units coder :math:`g`
    rated that went into category :math:`k`; Gwet, 2014, ch. 2):

    .. math::

        p_e = \sum_k \left( \bar p_k^2 - \frac{s_k^2}{r} \right), \qquad
        \bar p_k = \frac{1}{r} \sum_g p_{gk}, \qquad
        s_k^2 = \frac{1}{r - 1} \sum_g (p_{gk} - \bar p_k)^2

    With two coders and no missing ratings it is Cohen's kappa. Its standard error is
    :func:`agreement_estimate`'s ``"conger_kappa"``.

    Parameters
    ----------
    data : array-like or DataFrame
        Raw ratings, NaN/None for missing; coders in rows unless ``coders`` says otherwise.
    categories : sequence, optional
        All possible categories; default the ones observed.
    coders : {"rows", "columns"}, optional
        Where the coders are (see :func:`krippendorff_alpha`).
    weights : str or array-like, default "identity"
        Partial credit, as for :func:`agreement_estimate` (weighted: :math:`p_e` sums
        :math:`w_{kl}(\bar p_k \bar p_l - s_{kl}/r)` with :math:`s_{kl}` the covariance over
        coders of :math:`p_{gk}` and :math:`p_{gl}`).

    Returns
    -------
    float
        NaN when chance agreement is 1 (every coder used one and the same category).

    References
    ----------
    .. [1] Conger, A. J. (1980). Integration and generalization of kappas for multiple raters.
       *Psychological Bulletin*, 88(2), 322-328. https://doi.org/10.1037/0033-2909.88.2.322

    Examples
    --------
    irrCAC's ``cac.raw4raters`` (its last unit rated by the third rater only; Krippendorff's
    2011 copy of the data has the second rater there, which changes Conger's kappa, whose
    chance agreement depends on who rated what):

    >>> nan = float("nan")
    >>> raw4raters = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...               [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, nan],
    ...               [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
    ...               [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(conger_kappa(raw4raters), 5)  # irrCAC: conger.kappa.raw(cac.raw4raters)
    0.76282
    """
    parts = _conger_parts(data, categories, coders, "conger_kappa", weights)
    return float("nan") if parts is None else float(parts["estimate"])


def _conger_parts(data, categories, coders, func, weights="identity") -> dict | None:
    """Conger's kappa and each unit's terms of its linearised variance (Gwet, 2014, ch. 5)."""
    matrix = ratings_matrix(data, func, coders)
    codes, uniques = encode_nominal(matrix, categories, func)
    w = weights_for(uniques, weights, categories, func)
    rated = codes >= 0
    codes, rated = codes[:, rated.any(axis=0)], rated[:, rated.any(axis=0)]
    r, n = codes.shape
    q = len(uniques)
    n_g = rated.sum(axis=1).astype(float)
    if (n_g == 0).any():
        raise InputError(
            f"{func}: coder {int(np.flatnonzero(n_g == 0)[0]) + 1} rated no unit",
            expected="ratings from every coder (drop a coder who rated nothing)",
        )
    delta = np.zeros((n, r, q))  # unit i, coder g, category k: g put i in k
    units, coders_ = np.nonzero(rated.T)
    delta[units, coders_, codes.T[units, coders_]] = 1.0
    r_ik = delta.sum(axis=1)
    r_i = r_ik.sum(axis=1)
    pairable = r_i >= 2
    n2 = int(pairable.sum())
    if n2 == 0 or n < 2:
        raise InputError(
            f"{func} needs 2 or more units, one of them rated by 2 or more coders",
            expected="coders whose ratings overlap on at least one unit",
        )
    pair_counts = np.where(pairable, r_i * (r_i - 1), 1.0)
    pa_i = np.where(pairable, (r_ik * (r_ik @ w.T - 1)).sum(axis=1) / pair_counts, 0.0)
    p_a = float(pa_i[pairable].mean())
    p_gk = delta.sum(axis=0) / n_g[:, None]  # coders × categories
    p_bar = p_gk.mean(axis=0)
    s2 = (p_gk.T @ p_gk - r * np.outer(p_bar, p_bar)) / (r - 1)  # covariances over coders
    p_e = float((w * (np.outer(p_bar, p_bar) - s2 / r)).sum())
    if p_e >= 1.0 - 1e-12:
        return None
    estimate = (p_a - p_e) / (1.0 - p_e)
    # Each unit's share of the chance agreement: how its ratings move each coder's p_gk.
    eps = rated.T.astype(float)  # units × coders
    moved = (n / n_g)[None, :, None] * (delta - (eps - n_g / n)[:, :, None] * p_gk[None, :, :])
    lam = ((moved @ w.T) * (r * p_bar - p_gk)[None, :, :]).sum(axis=2)
    pe_i = lam.sum(axis=1) / (r * (r - 1))
    return {"estimate": estimate, "p_a": p_a, "p_e": p_e, "pa_i": pa_i, "pe_i": pe_i,
            "pairable": pairable, "n2": n2}  # fmt: skip


def _linearised(coefficient, parts, n, confidence, population) -> AgreementEstimate:
    """Gwet's linearised variance from each unit's observed and chance agreement."""
    estimate, p_e = parts["estimate"], parts["p_e"]
    kappa_i = (n / parts["n2"]) * (parts["pa_i"] - p_e * parts["pairable"]) / (1.0 - p_e)
    # p_e estimated from the same units: its own variation enters (0 when p_e is fixed).
    kappa_i = kappa_i - 2.0 * (1.0 - estimate) * (parts["pe_i"] - p_e) / (1.0 - p_e)
    return _estimate(coefficient, estimate, parts["p_a"], p_e,
                     _mean_variance(kappa_i, estimate, n, population), n, confidence,
                     population)  # fmt: skip


def _mean_variance(values, centre: float, n: int, population: float) -> float:
    """The variance of a mean of ``n`` unit values, with the finite-population correction."""
    return (1.0 - n / population) / (n * (n - 1)) * float(((values - centre) ** 2).sum())


#: Benchmark scales: (lower, upper, interpretation), best first.
BENCHMARK_SCALES = {
    # Landis, J. R., & Koch, G. G. (1977). Biometrics, 33(1), 159-174. doi:10.2307/2529310
    "landis_koch": (
        (0.8, 1.0, "Almost perfect"),
        (0.6, 0.8, "Substantial"),
        (0.4, 0.6, "Moderate"),
        (0.2, 0.4, "Fair"),
        (0.0, 0.2, "Slight"),
        (-1.0, 0.0, "Poor"),
    ),
    # Altman, D. G. (1991). Practical Statistics for Medical Research. Chapman & Hall.
    "altman": (
        (0.8, 1.0, "Very good"),
        (0.6, 0.8, "Good"),
        (0.4, 0.6, "Moderate"),
        (0.2, 0.4, "Fair"),
        (-1.0, 0.2, "Poor"),
    ),
    # Fleiss, J. L. (1981). Statistical Methods for Rates and Proportions (2nd ed.). Wiley.
    "fleiss": (
        (0.75, 1.0, "Excellent"),
        (0.4, 0.75, "Intermediate to good"),
        (-1.0, 0.4, "Poor"),
    ),
}


def benchmark_scale(
    estimate: AgreementEstimate | float,
    se: float | None = None,
    *,
    scale: str = "landis_koch",
    threshold: float = 0.95,
):
    r"""Where a coefficient lies on a benchmark scale, with Gwet's membership probabilities.

    Reading an estimate of 0.62 as "substantial" ignores its error: with a standard error of
    0.15 it may well lie in the band below. Gwet (2014, ch. 6) gives each band the probability
    that the coefficient lies in it, from a normal distribution around the estimate truncated
    to :math:`[-1, 1]`,

    .. math::

        P(l < \kappa \le u) = \frac{\Phi((\hat\kappa - l)/s) - \Phi((\hat\kappa - u)/s)}
                                   {\Phi((\hat\kappa + 1)/s) - \Phi((\hat\kappa - 1)/s)},

    adds them up from the best band down, and reads the coefficient as the first band where
    the cumulative probability reaches ``threshold``.

    Parameters
    ----------
    estimate : AgreementEstimate or float
        The coefficient (with its standard error, from :func:`agreement_estimate`), or its value.
    se : float, optional
        The standard error, when ``estimate`` is a number.
    scale : {"landis_koch", "altman", "fleiss"}, default "landis_koch"
        Landis & Koch (1977), Altman (1991) or Fleiss (1981).
    threshold : float, default 0.95
        The cumulative probability a band must reach, in (0, 1).

    Returns
    -------
    DataFrame
        One row per band, best first: ``lower, upper, interpretation, probability,
        cumulative`` and ``reached`` (True for the band the coefficient is read as).

    Examples
    --------
    irrCAC's ``landis.koch.bf(0.77544, 0.14295)`` (AC1 of ``cac.raw4raters``): cumulative
    0.39674, 0.88336, 0.99542, ..., so "Moderate", not the "Substantial" of the estimate alone:

    >>> table = benchmark_scale(0.77544, 0.14295)
    >>> table["cumulative"].round(5).tolist()[:3], table.loc[table["reached"], "interpretation"].item()
    ([0.39674, 0.88336, 0.99542], 'Moderate')
    """

    func = "benchmark_scale"
    check_option(scale, "scale", func, tuple(BENCHMARK_SCALES))
    check_scalar(threshold, "threshold", func, kind=float, low=0.0, high=1.0,
                 include_low=False, include_high=False)  # fmt: skip
    if isinstance(estimate, AgreementEstimate):
        value, se = estimate.estimate, estimate.se if se is None else se
    else:
        value = check_scalar(estimate, "estimate", func, kind=float, low=-1.0, high=1.0)
    if se is None:
        raise InputError(
            f"{func} needs the coefficient's standard error",
            expected="an AgreementEstimate, or se=...",
        )
    se = check_scalar(se, "se", func, kind=float, low=0.0, include_low=False)
    normal = stats.norm.cdf
    mass = normal((value + 1.0) / se) - normal((value - 1.0) / se)
    bands = BENCHMARK_SCALES[scale]
    probability = [
        (normal((value - lower) / se) - normal((value - upper) / se)) / mass
        for lower, upper, _ in bands
    ]
    table = pd.DataFrame(
        {
            "lower": [b[0] for b in bands],
            "upper": [b[1] for b in bands],
            "interpretation": [b[2] for b in bands],
            "probability": probability,
        }
    )
    table["cumulative"] = table["probability"].cumsum()
    reached = np.flatnonzero(table["cumulative"].to_numpy() >= threshold - 1e-12)
    table["reached"] = False
    table.loc[int(reached[0]) if len(reached) else len(table) - 1, "reached"] = True
    return table
