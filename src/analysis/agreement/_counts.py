r"""Agreement from counts instead of ratings: two coders' contingency table, and the
distribution of coders by unit and category.

Both are the same data as raw ratings, summarised: a q × q table counts the units each pair of
categories was given by the two coders (irrCAC's ``*.table`` functions, SPSS's CROSSTABS); a
units × categories table counts, for each unit, how many coders put it in each category
(irrCAC's ``*.dist`` functions, Fleiss's 1971 layout). The coefficients and their variances are
:func:`~analysis.agreement.agreement_estimate`'s, so a study gets the same answer whichever form
its data came in (see :func:`table_estimate` for the one difference irrCAC makes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.agreement._inference import (
    AgreementEstimate,
    _estimate,
    agreement_estimate,
    estimate_from_counts,
)
from analysis.errors import InputError
from analysis.validation import check_option, parameter_error

#: The coefficients of two coders' contingency table (:func:`table_estimate`), each with the
#: :func:`agreement_estimate` coefficient it equals on the table's ratings.
TABLE_COEFFICIENTS = {
    "cohen_kappa": "conger_kappa",
    "scott_pi": "fleiss_kappa",
    "gwet_ac1": "gwet_ac1",
    "brennan_prediger": "brennan_prediger",
    "krippendorff_alpha": "krippendorff_alpha",
    "percent_agreement": "percent_agreement",
}

#: The coefficients of a distribution of coders (:func:`distribution_estimate`): those that
#: depend only on how many coders chose each category, not on who chose it.
DISTRIBUTION_COEFFICIENTS = (
    "percent_agreement",
    "gwet_ac1",
    "brennan_prediger",
    "fleiss_kappa",
    "krippendorff_alpha",
)


def count_table(table: object, func: str, what: str) -> tuple[np.ndarray, list | None, list | None]:
    """A 2-D table of non-negative whole counts, with a DataFrame's row and column labels; the
    error names the first cell that is not a count."""
    if isinstance(table, pd.DataFrame):
        rows, columns = list(table.index), list(table.columns)
        values = table.to_numpy(dtype=object)
    else:
        rows = columns = None
        values = np.asarray(table, dtype=object)
    if values.ndim != 2:
        raise InputError(
            f"{func} needs a 2-D table of counts, got {values.ndim} dimension(s)",
            expected=what,
        )
    for (i, j), value in np.ndenumerate(values):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if (
            isinstance(value, bool)
            or not np.isfinite(number)
            or number < 0
            or number != round(number)
        ):
            row = rows[i] if rows is not None else i
            column = columns[j] if columns is not None else j
            raise InputError(
                f"{func}: the table holds {value!r} in row {row!r}, column {column!r}, which is "
                "not a count (a non-negative whole number)",
                expected="counts (0, 1, 2, ...) in every cell; leave label columns out",
            )
    return values.astype(float).astype(int), rows, columns


def _labels(given: list | None, categories: Sequence[object] | None, size: int, func: str) -> list:
    if given is not None:
        return given
    if categories is None:
        return list(range(size))
    labels = list(categories)
    if len(labels) != size:
        raise parameter_error(categories, "categories", func, f"a sequence of {size} categories")
    return labels


def ratings_from_table(table: object, categories: Sequence[object] | None = None) -> np.ndarray:
    """Two coders' ratings from their contingency table, for any coefficient of this module.

    Parameters
    ----------
    table : DataFrame or array-like
        A q × q table of counts: rows the first coder's categories, columns the second's (the
        cross-tabulation irrCAC's ``*.table`` functions and SPSS's CROSSTABS take). A DataFrame's
        index and columns name the categories and must hold the same ones (in any order; the
        columns are put in the index's order).
    categories : sequence, optional
        The categories of an array's rows and columns, in order; default ``0 .. q - 1``.

    Returns
    -------
    numpy.ndarray
        A 2 × n object array (coders × units), one column per unit counted in the table, to
        pass to :func:`agreement_estimate`, :func:`gwet_ac1` and the others (with
        ``categories=`` in the table's order where weights need the scale order).

    Raises
    ------
    InputError
        For a table that is not square, whose rows and columns name different categories, or
        whose counts are not non-negative whole numbers.

    Examples
    --------
    Gwet (2014), irrCAC's ``cont3x3abstractors`` (``kappa2.table`` gives 0.7964):

    >>> import pandas as pd
    >>> kinds = ["Ectopic", "AIU", "NIU"]
    >>> table = pd.DataFrame([[13, 0, 0], [0, 20, 7], [0, 4, 56]], index=kinds, columns=kinds)
    >>> ratings = ratings_from_table(table)
    >>> ratings.shape
    (2, 100)
    >>> from analysis.agreement import cohen_kappa
    >>> round(cohen_kappa(*ratings), 4)
    0.7964
    """
    return _table_ratings(table, categories, "ratings_from_table")[0]


def _table_ratings(table, categories, func: str) -> tuple[np.ndarray, list]:
    """:func:`ratings_from_table`'s ratings and the table's categories in order (read once)."""
    if isinstance(table, pd.DataFrame):
        rows, columns = list(table.index), list(table.columns)
        if len(set(rows)) != len(rows) or set(rows) != set(columns):
            raise InputError(
                f"{func}: the table's rows ({', '.join(map(str, rows))}) and columns "
                f"({', '.join(map(str, columns))}) name different categories",
                expected="one row and one column per category, the same categories in both",
            )
        table = table.loc[rows, rows]
    counts, labels, _ = count_table(table, func, "rows the first coder's categories")
    if counts.shape[0] != counts.shape[1]:
        raise InputError(
            f"{func} needs a square q × q table of counts, got shape {counts.shape}",
            expected="rows the first coder's categories, columns the second's",
        )
    labels = _labels(labels, categories, counts.shape[0], func)
    first, second = [], []
    for i, row in enumerate(labels):
        for j, column in enumerate(labels):
            first += [row] * counts[i, j]
            second += [column] * counts[i, j]
    return np.array([first, second], dtype=object), list(labels)


def table_estimate(
    table: object,
    coefficient: str = "cohen_kappa",
    *,
    categories: Sequence[object] | None = None,
    weights: str | object = "identity",
    confidence: float = 0.95,
    population: float | None = None,
) -> AgreementEstimate:
    r"""A coefficient of two coders' contingency table, with its standard error, interval and
    p-value, as irrCAC's ``*.table`` functions give them (Gwet, 2014, ch. 2-3).

    The table is read by :func:`ratings_from_table` and the coefficient is
    :func:`agreement_estimate`'s on those ratings (Cohen's kappa is Conger's for two coders,
    Scott's pi is Fleiss'); only the variance differs. Gwet's contingency-table formulas
    average the squared linearised terms over :math:`n` units where the raw-data ones divide by
    :math:`n - 1`, so here

    .. math::

        \widehat{\mathrm{Var}}_{\text{table}} = \frac{n - 1}{n}\,\widehat{\mathrm{Var}}_{\text{raw}}

    and the interval and p-value keep :math:`n - 1` degrees of freedom. (irrCAC's table and
    raw functions differ by this factor on the same data; the two are asymptotically equal.)

    Parameters
    ----------
    table : DataFrame or array-like
        A q × q table of counts, rows the first coder's categories and columns the second's
        (see :func:`ratings_from_table`).
    coefficient : str, default "cohen_kappa"
        One of :data:`TABLE_COEFFICIENTS`: ``"cohen_kappa"``, ``"scott_pi"``, ``"gwet_ac1"``
        (AC2 with weights), ``"brennan_prediger"``, ``"krippendorff_alpha"`` or
        ``"percent_agreement"``.
    categories : sequence, optional
        An array's categories in order (a DataFrame's index names them); weights follow this
        order, so give an ordinal scale's categories in scale order.
    weights, confidence, population
        As :func:`agreement_estimate`; Brennan-Prediger counts the table's q categories.

    Returns
    -------
    AgreementEstimate
        With ``coefficient`` the name asked for.

    Raises
    ------
    InputError
        As :func:`ratings_from_table` and :func:`agreement_estimate`, and for an unknown
        ``coefficient``.

    References
    ----------
    .. [1] Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced
       Analytics. ISBN 978-0970806284.

    Examples
    --------
    irrCAC's ``cont4x4diagnosis`` (223 patients, clinical × research diagnosis):
    ``kappa2.table(cont4x4diagnosis)`` gives 0.432, se 0.046, (0.341, 0.522):

    >>> import pandas as pd
    >>> kinds = ["Schizophrenia", "Bipolar Disorder", "Depression", "Other"]
    >>> table = pd.DataFrame([[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]],
    ...                      index=kinds, columns=kinds)
    >>> kappa = table_estimate(table, "cohen_kappa")
    >>> [round(v, 3) for v in (kappa.estimate, kappa.se, kappa.ci_low, kappa.ci_high)]
    [0.432, 0.046, 0.341, 0.522]
    """
    func = "table_estimate"
    check_option(coefficient, "coefficient", func, tuple(TABLE_COEFFICIENTS))
    ratings, labels = _table_ratings(table, categories, func)
    raw = agreement_estimate(
        ratings,
        TABLE_COEFFICIENTS[coefficient],
        categories=labels,  # every category of the table, so Brennan-Prediger counts them all
        weights=weights,
        confidence=confidence,
        population=population,
    )
    n = raw.n_units
    if not np.isfinite(raw.se):
        return replace(raw, coefficient=coefficient)
    variance = raw.se**2 * (n - 1) / n
    return _estimate(
        coefficient, raw.estimate, raw.p_a, raw.p_e, variance, n, confidence, raw.population
    )


def _distribution(counts: object, categories, func: str) -> tuple[np.ndarray, list]:
    what = "one row per unit, one column per category, each cell the number of coders"
    r_ik, _, columns = count_table(counts, func, what)
    labels = _labels(columns, categories, r_ik.shape[1], func)
    if len(set(map(repr, labels))) != len(labels):
        raise InputError(
            f"{func}: the categories {labels!r} name one category twice",
            expected="one column per category",
        )
    return r_ik.astype(float), labels


def ratings_from_distribution(
    counts: object, categories: Sequence[object] | None = None
) -> np.ndarray:
    """Ratings from the distribution of coders by unit and category, for any coefficient that
    does not need to know which coder gave which rating.

    Parameters
    ----------
    counts : DataFrame or array-like
        Units × categories: each cell the number of coders who put the unit in the category
        (irrCAC's ``*.dist`` layout). A DataFrame's columns name the categories; leave columns
        that are not categories (a unit id, a group) out. Units may have different numbers of
        coders; a unit no coder rated counts for nothing.
    categories : sequence, optional
        An array's categories in column order; default ``0 .. q - 1``.

    Returns
    -------
    numpy.ndarray
        An r × n object array (coders × units, r the most coders any unit had), NaN where a unit
        had fewer coders. The coders' order within a unit is arbitrary, so use it with
        coefficients that depend only on the counts (percent agreement, AC1, Brennan-Prediger,
        Fleiss' kappa, Krippendorff's alpha at any level), never with Cohen's or Conger's kappa.

    Raises
    ------
    InputError
        For a cell that is not a non-negative whole number (naming its row and column), or a
        category named twice.

    Examples
    --------
    >>> ratings = ratings_from_distribution([[2, 0, 1], [0, 3, 0], [1, 1, 0]], ["a", "b", "c"])
    >>> ratings.tolist()
    [['a', 'b', 'a'], ['a', 'b', 'b'], ['c', 'b', nan]]
    >>> from analysis.agreement import krippendorff_alpha
    >>> round(krippendorff_alpha(ratings), 4)
    0.2632
    """
    r_ik, labels = _distribution(counts, categories, "ratings_from_distribution")
    n_coders = int(r_ik.sum(axis=1).max()) if r_ik.size else 0
    ratings = np.full((n_coders, r_ik.shape[0]), np.nan, dtype=object)
    for unit, row in enumerate(r_ik.astype(int)):
        given = [label for label, count in zip(labels, row, strict=True) for _ in range(count)]
        ratings[: len(given), unit] = given
    return ratings


def distribution_estimate(
    counts: object,
    coefficient: str = "gwet_ac1",
    *,
    categories: Sequence[object] | None = None,
    weights: str | object = "identity",
    confidence: float = 0.95,
    population: float | None = None,
) -> AgreementEstimate:
    r"""A coefficient of the distribution of coders by unit and category, with its standard
    error, interval and p-value, as irrCAC's ``*.dist`` functions give them.

    The counts :math:`r_{ik}` are exactly what :func:`agreement_estimate` computes from raw
    ratings, so the coefficient and its variance are that function's (Gwet, 2008; 2014, ch. 5):
    the same data give the same answer in either form. For percent agreement, AC1/AC2,
    Brennan-Prediger and Fleiss' kappa this is also what irrCAC's ``*.dist`` functions print.
    For Krippendorff's alpha the estimate, :math:`p_a` and :math:`p_e` are irrCAC's, but the
    standard error is that of irrCAC's raw-data function (``krippen.alpha.raw``): irrCAC's
    ``krippen.alpha.dist`` linearises differently (it takes :math:`1 - \alpha` where the
    raw-data function and the other coefficients take :math:`2(1 - \alpha')`) and so reports
    a different error for the same ratings (0.0824 where the raw-data function gives 0.0812 on
    ``distrib.6raters``, whose units all have six coders, so alpha's error is Fleiss' kappa's).

    Parameters
    ----------
    counts : DataFrame or array-like
        Units × categories counts (see :func:`ratings_from_distribution`); the columns are the
        categories, in scale order where weights are used.
    coefficient : str, default "gwet_ac1"
        One of :data:`DISTRIBUTION_COEFFICIENTS`. Cohen's and Conger's kappa need to know who
        rated what, which a distribution does not say.
    categories : sequence, optional
        An array's categories in column order (a DataFrame's columns name them). Numeric
        categories are used as values by the weights (:func:`agreement_weights`), labels by
        their position, as irrCAC's default ``categ = 1:q``.
    weights, confidence, population
        As :func:`agreement_estimate`; Brennan-Prediger counts every column as a possible
        category, used or not.

    Returns
    -------
    AgreementEstimate

    Raises
    ------
    InputError
        As :func:`ratings_from_distribution` and :func:`agreement_estimate`, and for a
        coefficient that needs the coders' identities.

    References
    ----------
    .. [1] Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
       *Psychological Bulletin*, 76(5), 378-382. https://doi.org/10.1037/h0031619
    .. [2] Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the
       presence of high agreement. *British Journal of Mathematical and Statistical
       Psychology*, 61(1), 29-48. https://doi.org/10.1348/000711006X126600

    Examples
    --------
    irrCAC's ``distrib.6raters`` (15 patients, 6 psychiatrists, 5 diagnoses):
    ``fleiss.kappa.dist(distrib.6raters)`` prints 0.4139265, se 0.08119291, (0.24, 0.588):

    >>> six = [[0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6],
    ...        [0, 3, 0, 3, 0], [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0],
    ...        [2, 0, 0, 4, 0], [0, 0, 0, 0, 6], [1, 0, 0, 5, 0], [1, 1, 0, 4, 0],
    ...        [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]]
    >>> kappa = distribution_estimate(six, "fleiss_kappa")
    >>> round(kappa.estimate, 7), round(kappa.se, 8), round(kappa.ci_low, 3)
    (0.4139265, 0.08119291, 0.24)
    """
    func = "distribution_estimate"
    check_option(coefficient, "coefficient", func, DISTRIBUTION_COEFFICIENTS)
    r_ik, labels = _distribution(counts, categories, func)
    return estimate_from_counts(
        r_ik,
        labels,
        coefficient,
        q=None,  # every column is a possible category
        weights=weights,
        categories=labels,
        confidence=confidence,
        population=population,
        func=func,
    )
