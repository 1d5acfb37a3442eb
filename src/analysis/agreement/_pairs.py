"""Agreement of two coders: percent agreement, Cohen's (1960, 1968) kappa and Scott's (1955) pi,
weighted or not, from the two coders' joint proportions :math:`p_{jk}`.

Independent implementations (scikit-learn) are used only in the tests, to cross-check these.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.agreement._validate import encode_nominal, missing_mask
from analysis.agreement._weights import WEIGHTS, agreement_weights, weights_for
from analysis.errors import InputError
from analysis.validation import check_option

__all__ = ["cohen_kappa", "percent_agreement", "scott_pi"]

# Chance agreement this close to 1 means every rating fell in one category: the chance-corrected
# ratio is 0/0, reported as NaN rather than as a number dominated by rounding error.
UNDEFINED_TOL = 1e-12


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
    if 1.0 - p_e < UNDEFINED_TOL:
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
