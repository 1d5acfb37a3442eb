"""Reliability of numeric ratings and marginal tests (R's irr beyond the kappas), checked against
published worked examples and independent implementations."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.contingency_tables import SquareTable, mcnemar

from analysis.agreement import (
    brennan_prediger,
    conger_kappa,
    finn_coefficient,
    fleiss_category_kappas,
    fleiss_kappa,
    icc,
    iota,
    kendall_w,
    light_kappa,
    marginal_homogeneity,
    maxwell_re,
    mean_correlation,
    rater_bias,
    robinson_a,
    tolerance_agreement,
)
from analysis.errors import InputError

# Shrout and Fleiss (1979), table 2: six targets (rows) rated by four judges (columns).
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
)
# irr's `anxiety`: 20 subjects rated by 3 raters on a 6-point scale.
ANXIETY = np.array(
    [[3, 3, 2], [3, 6, 1], [3, 4, 4], [4, 6, 4], [5, 2, 3], [5, 4, 2], [2, 2, 1], [3, 4, 6],
     [5, 3, 1], [2, 3, 1], [2, 2, 1], [6, 3, 2], [1, 3, 3], [5, 3, 3], [2, 2, 1], [2, 2, 1],
     [1, 1, 3], [2, 3, 3], [4, 3, 2], [3, 4, 2]]
)  # fmt: skip
FORMS = {  # Shrout-Fleiss name: (model, type, unit)
    "ICC(1,1)": ("oneway", "agreement", "single"),
    "ICC(2,1)": ("twoway", "agreement", "single"),
    "ICC(3,1)": ("twoway", "consistency", "single"),
    "ICC(1,k)": ("oneway", "agreement", "average"),
    "ICC(2,k)": ("twoway", "agreement", "average"),
    "ICC(3,k)": ("twoway", "consistency", "average"),
}


@pytest.mark.parametrize(
    ("form", "printed"),
    [("ICC(1,1)", 0.17), ("ICC(2,1)", 0.29), ("ICC(3,1)", 0.71),
     ("ICC(1,k)", 0.44), ("ICC(2,k)", 0.62), ("ICC(3,k)", 0.91)],
)  # fmt: skip
def test_icc_reproduces_shrout_and_fleiss_table_4(form, printed):
    result = icc(SHROUT_FLEISS, *FORMS[form], coders="columns")
    assert round(result.estimate, 2) == printed
    assert (result.n_units, result.n_coders) == (6, 4)


# pingouin 0.7.0 (an independent implementation), run offline outside the suite:
# pg.intraclass_corr(long, targets="index", raters="variable", ratings="value") on each table
# in long form; columns ICC, F, df1, df2, pval, CI95 (printed to 2 decimals). pingouin bounds
# ICC(2,k) by Spearman-Brown from ICC(2,1)'s bounds, not by McGraw and Wong's formula, so that
# interval is left out.
PINGOUIN = {
    ("anxiety", "ICC(1,1)"): (0.1750223814, 1.6364622897, 19, 40, 0.0939307271, (-0.08, 0.48)),
    ("anxiety", "ICC(2,1)"): (0.1979982594, 1.8267716535, 19, 38, 0.0562012735, (-0.04, 0.49)),
    ("anxiety", "ICC(3,1)"): (0.2160493827, 1.8267716535, 19, 38, 0.0562012735, (-0.05, 0.52)),
    ("anxiety", "ICC(1,k)"): (0.3889257294, 1.6364622897, 19, 40, 0.0939307271, (-0.27, 0.74)),
    ("anxiety", "ICC(2,k)"): (0.4254987531, 1.8267716535, 19, 38, 0.0562012735, None),
    ("anxiety", "ICC(3,k)"): (0.4525862069, 1.8267716535, 19, 38, 0.0562012735, (-0.15, 0.77)),
    ("shrout", "ICC(1,1)"): (0.1657417684, 1.7946784922, 5, 18, 0.1647688083, (-0.13, 0.72)),
    ("shrout", "ICC(2,1)"): (0.2897637795, 11.0272479564, 5, 15, 0.0001345665, (0.02, 0.76)),
    ("shrout", "ICC(3,1)"): (0.7148407148, 11.0272479564, 5, 15, 0.0001345665, (0.34, 0.95)),
    ("shrout", "ICC(1,k)"): (0.4427971337, 1.7946784922, 5, 18, 0.1647688083, (-0.88, 0.91)),
    ("shrout", "ICC(2,k)"): (0.6200505476, 11.0272479564, 5, 15, 0.0001345665, None),
    ("shrout", "ICC(3,k)"): (0.9093155424, 11.0272479564, 5, 15, 0.0001345665, (0.68, 0.99)),
}


@pytest.mark.parametrize(("case", "expected"), list(PINGOUIN.items()), ids=str)
def test_icc_agrees_with_pingouin(case, expected):
    name, form = case
    data = ANXIETY if name == "anxiety" else SHROUT_FLEISS
    result = icc(data, *FORMS[form], coders="columns")
    estimate, f, df1, df2, p, interval = expected
    assert result.estimate == pytest.approx(estimate, abs=1e-9)
    assert result.statistic == pytest.approx(f, abs=1e-9)
    assert (result.df1, result.df2) == pytest.approx((df1, df2))
    assert result.p_value == pytest.approx(p, abs=1e-9)
    if interval is not None:
        assert (round(result.ci_low, 2), round(result.ci_high, 2)) == pytest.approx(interval)


def test_icc_agreement_intervals_follow_mcgraw_and_wong():
    # irr's icc(anxiety, "twoway", "agreement") interval: -0.039 < ICC < 0.494 (its formula
    # for a single rating is McGraw and Wong's, v from the estimate)
    single = icc(ANXIETY, coders="columns")
    assert (round(single.ci_low, 3), round(single.ci_high, 3)) == (-0.039, 0.494)
    # ICC(A,k)'s interval takes v from ICC(A,1), so its bounds are the single bounds' k-fold
    # Spearman-Brown to within the F quantiles' difference; they bracket the estimate
    average = icc(SHROUT_FLEISS, "twoway", "agreement", "average", coders="columns")
    assert average.ci_low < average.estimate < average.ci_high
    assert average.coefficient == "ICC(A,4)"
    # a null of r0 > 0 is harder to reject
    assert icc(ANXIETY, coders="columns", r0=0.1).p_value > single.p_value


def test_icc_is_one_for_identical_coders_and_consistency_ignores_a_shift():
    base = np.array([1.0, 4, 2, 5, 3, 6])
    same = icc([base, base, base])
    assert same.estimate == pytest.approx(1.0)
    shifted = [base, base + 2.0]
    assert icc(shifted, "twoway", "consistency").estimate == pytest.approx(1.0)
    assert icc(shifted, "twoway", "agreement").estimate < 0.9


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_kendall_w_is_friedmans_statistic_over_m_n_minus_1(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 12)), int(rng.integers(2, 6))
    ratings = rng.integers(1, 5, size=(m, n)).astype(float)  # ties likely
    ratings[:, 0] += 0.5  # never all tied
    result = kendall_w(ratings, coders="rows")
    friedman = stats.friedmanchisquare(*ratings.T)  # units as the treatments, coders as blocks
    assert result.estimate == pytest.approx(friedman.statistic / (m * (n - 1)), rel=1e-10)
    assert result.p_value == pytest.approx(friedman.pvalue, rel=1e-8)
    assert result.df1 == n - 1


def test_kendall_w_without_ties_needs_no_correction():
    # pingouin 0.7.0: pg.friedman(long, dv="value", within="index", subject="variable") on the
    # Shrout-Fleiss judges gives W = 0.887037037, Q = 17.7407407407, p = 0.0032895092
    corrected = kendall_w(SHROUT_FLEISS, coders="columns")
    assert corrected.estimate == pytest.approx(0.887037037, abs=1e-9)
    assert corrected.statistic == pytest.approx(17.7407407407, abs=1e-9)
    assert corrected.p_value == pytest.approx(0.0032895092, abs=1e-9)
    untied = np.array([[1, 2, 3, 4, 5], [2, 1, 3, 5, 4], [1, 3, 2, 4, 5]])
    assert kendall_w(untied).estimate == pytest.approx(kendall_w(untied, ties=False).estimate)
    assert kendall_w(untied, ties=False).coefficient == "W"


def test_mean_correlation_averages_pairs_on_fishers_scale():
    x = ANXIETY.T
    for method, corr in (("pearson", stats.pearsonr), ("spearman", stats.spearmanr)):
        rs = [corr(x[i], x[j])[0] for i, j in combinations(range(3), 2)]
        result = mean_correlation(x, method)
        assert result.estimate == pytest.approx(np.tanh(np.mean(np.arctanh(rs))), rel=1e-12)
        assert result.statistic == pytest.approx(result.estimate * np.sqrt(20 - 3))
        assert mean_correlation(x, method, fisher=False).estimate == pytest.approx(np.mean(rs))
    with pytest.warns(UserWarning, match="1 of 3 pairs correlate perfectly"):
        mean_correlation([[1, 2, 3, 4], [1, 2, 3, 4], [2, 1, 4, 3]])


def test_robinson_a_and_icc_c1_are_one_rule():
    for data in (ANXIETY, SHROUT_FLEISS):
        k = data.shape[1]
        consistency = icc(data, "twoway", "consistency", coders="columns").estimate
        expected = ((k - 1) * consistency + 1) / k
        assert robinson_a(data, coders="columns").estimate == pytest.approx(expected)


def test_finn_coefficient_compares_observed_with_random_variance():
    data = ANXIETY
    within = np.mean(np.var(data, axis=1, ddof=1))
    result = finn_coefficient(data, 6, coders="columns")
    assert result.estimate == pytest.approx(1 - within / (35 / 12))
    # F(inf, d): the survival function at the limit of F(dfn, d) as dfn grows
    assert result.p_value == pytest.approx(stats.f.sf(result.statistic, 1e9, 40), rel=1e-5)
    assert finn_coefficient([[2, 2, 3], [2, 2, 3]], 5).estimate == pytest.approx(1.0)


# irr's `diagnoses` (Fleiss, 1971): 30 patients, 6 psychiatrists, 5 diagnoses, as counts.
DIAGNOSES = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
]  # fmt: skip


def test_fleiss_category_kappas_reproduce_fleiss_1971():
    """Fleiss (1971, p. 381) prints kappa .430 overall and .245, .245, .520, .471, .566 for
    depression, personality disorder, schizophrenia, neurosis and other."""
    names = ["Depression", "Personality disorder", "Schizophrenia", "Neurosis", "Other"]
    table = fleiss_category_kappas(pd.DataFrame(DIAGNOSES, columns=names))
    assert table["kappa"].round(3).to_list() == [0.245, 0.245, 0.520, 0.471, 0.566]
    overall = fleiss_kappa(np.array(DIAGNOSES))
    assert round(overall, 3) == 0.430
    weights = table["share"] * (1 - table["share"])
    assert (table["kappa"] * weights).sum() / weights.sum() == pytest.approx(overall)
    assert (table["p_value"] < 1e-6).all()
    with pytest.raises(InputError, match="same number"):
        fleiss_category_kappas([[2, 1], [1, 1]])


# Stuart (1955): unaided distance vision of 7,477 women, right eye (rows) × left eye.
VISION = np.array(
    [[1520, 266, 124, 66], [234, 1512, 432, 78], [117, 362, 1772, 205], [36, 82, 179, 492]]
)


def test_marginal_homogeneity_reproduces_stuart_1955_and_statsmodels():
    stuart = marginal_homogeneity(VISION)
    assert round(stuart.statistic, 2) == 11.96  # Stuart (1955)
    assert stuart.df1 == 3
    for method in ("stuart_maxwell", "bhapkar"):
        reference = SquareTable(VISION, shift_zeros=False).homogeneity(method=method)
        result = marginal_homogeneity(VISION, method)
        assert result.statistic == pytest.approx(reference.statistic, rel=1e-10)
        assert result.p_value == pytest.approx(reference.pvalue, rel=1e-8)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_marginal_homogeneity_agrees_with_statsmodels_on_random_tables(seed):
    rng = np.random.default_rng(seed)
    q = int(rng.integers(2, 6))
    table = rng.integers(1, 30, size=(q, q))
    table[0, 1] += 7  # marginals differ in the first category at least
    for method in ("stuart_maxwell", "bhapkar"):
        result = marginal_homogeneity(table, method)
        reference = SquareTable(table, shift_zeros=False).homogeneity(method=method)
        assert result.statistic == pytest.approx(reference.statistic, rel=1e-8)
        assert result.p_value == pytest.approx(reference.pvalue, rel=1e-6, abs=1e-12)


def test_rater_bias_is_mcnemars_test_of_the_off_diagonal_counts():
    table = np.array([[20, 9], [3, 18]])
    result = rater_bias(table)
    reference = mcnemar(table, exact=False, correction=False)
    assert result.statistic == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert result.estimate == pytest.approx(9 / 12)
    with pytest.raises(InputError, match="never disagree"):
        rater_bias(np.diag([3, 4]))


def test_maxwell_re_is_brennan_prediger_for_two_categories():
    rng = np.random.default_rng(3)
    first, second = rng.integers(0, 2, 40), rng.integers(0, 2, 40)
    expected = brennan_prediger([first, second])
    assert maxwell_re(first, second).estimate == pytest.approx(expected)
    with pytest.raises(InputError, match="binary"):
        maxwell_re([0, 1, 2], [0, 1, 1])


def test_light_kappa_is_the_mean_of_pairwise_cohen_kappas():
    rng = np.random.default_rng(5)
    ratings = rng.integers(0, 3, size=(4, 30))
    pairs = [cohen_kappa_score(ratings[i], ratings[j]) for i, j in combinations(range(4), 2)]
    assert light_kappa(ratings).estimate == pytest.approx(np.mean(pairs), abs=1e-12)


def test_tolerance_agreement_counts_units_within_the_tolerance():
    ratings = [[1, 2, 4, 3], [2, 2, 1, 3], [1, 3, 4, 3]]
    assert tolerance_agreement(ratings).estimate == pytest.approx(1 / 4)
    assert tolerance_agreement(ratings, 1).estimate == pytest.approx(3 / 4)
    assert tolerance_agreement([["a", "b"], ["a", "c"]]).estimate == pytest.approx(1 / 2)
    with pytest.raises(InputError, match="tolerance needs numeric"):
        tolerance_agreement([["a", "b"], ["a", "c"]], 1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: icc([[1, 2, np.nan], [1, 2, 3]]), "coder 0 has none for unit 2"),
        (lambda: icc([["a", "b", "c"], ["a", "b", "c"]]), "numeric ratings"),
        (lambda: icc([[1, 2], [3, 4]], r0=1.0), "r0"),
        (lambda: icc([[1, 2], [3, 4]], model="threeway"), "model"),
        (lambda: icc(ANXIETY), "coders='columns'"),
        (lambda: kendall_w([[1, 2], [2, 1]], ties="yes"), "ties"),
        (lambda: mean_correlation([[1, 2, 3], [2, 3, 1]]), "at least 4 units"),
        (lambda: mean_correlation([[1, 1, 1, 1], [1, 2, 3, 4]]), "same rating"),
        (lambda: finn_coefficient([[1, 2], [2, 1]], 1), "levels"),
        (lambda: marginal_homogeneity([[1, 2, 3]]), "square"),
    ],
)
def test_bad_input_is_one_clear_input_error(call, message):
    with pytest.raises(InputError, match=message):
        call()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_iota_of_one_nominal_variable_is_congers_kappa(seed):
    """irr's documentation: iota(list(diagnoses)) gives kappam.fleiss(diagnoses, exact=TRUE)."""
    rng = np.random.default_rng(seed)
    ratings = rng.integers(0, int(rng.integers(2, 5)), size=(int(rng.integers(2, 6)), 25))
    if len(np.unique(ratings)) < 2:
        ratings[0, 0] = ratings[0, 0] + 1
    assert iota(ratings, nominal=True).estimate == pytest.approx(conger_kappa(ratings), abs=1e-12)


def test_iota_over_several_variables():
    weight = np.array([[71, 73, 86, 59, 71], [74, 80, 101, 62, 83], [76, 80, 93, 66, 77]])
    height = np.array([[166, 160, 187, 161, 172], [171, 170, 174, 163, 182],
                       [171, 165, 185, 162, 181]])  # fmt: skip
    both = iota([weight, height]).estimate
    # a constant added to every rating, or a change of unit when standardised, changes nothing
    assert iota([weight + 10, height]).estimate == pytest.approx(both)
    scaled = iota([weight * 2.2, height / 2.54], standardize=True).estimate
    assert scaled == pytest.approx(iota([weight, height], standardize=True).estimate)
    assert iota([weight, weight]).estimate == pytest.approx(iota(weight).estimate)
    with pytest.raises(InputError, match="differ in shape"):
        iota([weight, height[:, :4]])
