"""Tests for analysis.agreement: published worked examples, independent implementations,
invariants, and the codings-table functions.

Published values are asserted to the precision printed in the source, with the call that produced
them beside them (``#>`` lines are R output).
"""

from __future__ import annotations

import re

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from analysis.agreement import (
    agreement_estimate,
    agreement_table,
    agreement_weights,
    benchmark_scale,
    brennan_prediger,
    cohen_kappa,
    conger_kappa,
    disagreements,
    distribution_estimate,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    ratings_from_distribution,
    ratings_from_table,
    scott_pi,
    table_estimate,
)
from analysis.errors import InputError

nan = np.nan

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 coders x 12
# units, values 1-5, NaN where the paper prints '.'. The same data are irr's example for
# kripp.alpha; irrCAC's cac.raw4raters is them as units x raters, but for the last unit (see
# RAW4RATERS).
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
)

# Fleiss (1971): 30 patients, 6 psychiatrists each, 5 diagnoses; raw ratings as R irr's
# `diagnoses` data, copied from statsmodels/stats/tests/test_inter_rater.py (`diagnoses`).
DIAGNOSES = np.array(
    [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ]
)

# Wikipedia "Fleiss' kappa" worked example: 10 units, 14 raters, 5 categories (statsmodels'
# tests, `table1`).
WIKIPEDIA_FLEISS = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)

# Gwet (2014), irrCAC's cont3x3abstractors: 100 pregnancies classified by two abstractors
# (rows: abstractor 1, columns: abstractor 2).
ABSTRACTORS = {
    ("Ectopic", "Ectopic"): 13,
    ("AIU", "AIU"): 20,
    ("AIU", "NIU"): 7,
    ("NIU", "AIU"): 4,
    ("NIU", "NIU"): 56,
}

# R irr's `anxiety` data, raters 2 and 3 (statsmodels' tests, `anxiety`).
ANXIETY_RATER2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
ANXIETY_RATER3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]


def _abstractor_ratings() -> tuple[np.ndarray, np.ndarray]:
    first = np.repeat([pair[0] for pair in ABSTRACTORS], list(ABSTRACTORS.values()))
    second = np.repeat([pair[1] for pair in ABSTRACTORS], list(ABSTRACTORS.values()))
    return first, second


# --------------------------------------------------------------------------------------------
# Published worked examples
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    [
        # Krippendorff (2011), section C; irr: kripp.alpha(nmm, "nominal") -> 0.743
        ("nominal", 0.743),
        ("ordinal", 0.815),  # > kripp.alpha(nmm, "ordinal")  -> 0.815
        ("interval", 0.849),  # > kripp.alpha(nmm, "interval") -> 0.849
        ("ratio", 0.797),  # > kripp.alpha(nmm, "ratio")    -> 0.797
    ],
)
def test_krippendorff_alpha_reproduces_krippendorff_2011(level, published):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == published


def test_fleiss_kappa_reproduces_fleiss_1971_diagnoses():
    counts = np.stack([(DIAGNOSES == category).sum(axis=1) for category in range(1, 6)], axis=1)
    # > kappam.fleiss(diagnoses)  -> Kappa = 0.4302445 (statsmodels' test_fleiss_kappa_irr)
    assert fleiss_kappa(counts) == pytest.approx(0.4302445, abs=5e-8)
    assert round(fleiss_kappa(counts), 3) == 0.430


def test_fleiss_kappa_reproduces_wikipedia_worked_example():
    # Wikipedia "Fleiss' kappa": P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210
    assert round(fleiss_kappa(WIKIPEDIA_FLEISS), 3) == 0.210


def test_fleiss_kappa_accepts_a_dataframe():
    table = pd.DataFrame(WIKIPEDIA_FLEISS, columns=list("abcde"))
    assert fleiss_kappa(table) == fleiss_kappa(WIKIPEDIA_FLEISS)


def test_two_coder_coefficients_reproduce_irrcac_abstractors():
    first, second = _abstractor_ratings()
    both = np.vstack([first, second])
    # > kappa2.table(cont3x3abstractors)    -> Cohen's Kappa        0.7964094
    assert cohen_kappa(first, second) == pytest.approx(0.7964094, abs=5e-8)
    # > gwet.ac1.table(cont3x3abstractors)  -> Gwet's AC1           0.8493305
    assert gwet_ac1(both) == pytest.approx(0.8493305, abs=5e-8)
    # > bp2.table(cont3x3abstractors)       -> Brennan-Prediger     0.835
    assert brennan_prediger(both) == pytest.approx(0.835, abs=5e-8)
    # > krippen2.table(cont3x3abstractors)  -> Krippendorff's Alpha 0.7972585
    assert krippendorff_alpha(both) == pytest.approx(0.7972585, abs=5e-8)
    # > pa2.table(cont3x3abstractors)       -> Percent Agreement    0.89
    assert percent_agreement(first, second) == pytest.approx(0.89)


@pytest.mark.parametrize(
    ("weights", "published"),
    [
        (None, -0.006289308),  # > kappa2(anxiety[,2:3])             -> -0.006289308
        ("linear", 0.1459075),  # > kappa2(anxiety[,2:3], "equal")   ->  0.1459075
        ("quadratic", 0.2520325),  # > kappa2(anxiety[,2:3], "squared") -> 0.2520325
    ],
)
def test_cohen_kappa_reproduces_irr_kappa2_on_anxiety(weights, published):
    # R values from statsmodels' test_cohens_kappa_irr
    kappa = cohen_kappa(ANXIETY_RATER2, ANXIETY_RATER3, weights=weights)
    assert kappa == pytest.approx(published, abs=5e-8)


def test_gwet_ac1_reproduces_irrcac_raw4raters():
    # > gwet.ac1.raw(cac.raw4raters)$est -> pa 0.8181818, pe 0.1903212, coeff.val 0.7754
    assert round(gwet_ac1(KRIPPENDORFF_2011), 4) == 0.7754


def test_brennan_prediger_reproduces_irrcac_raw4raters():
    # > bp.coeff.raw(cac.raw4raters)$est -> pa 0.8181818, pe 0.2, coeff.val 0.7727
    assert round(brennan_prediger(KRIPPENDORFF_2011), 4) == 0.7727


def test_gwet_ac1_takes_unused_categories_from_categories():
    # q = 6 instead of 5 lowers chance agreement, so AC1 rises
    with_unused = gwet_ac1(KRIPPENDORFF_2011, categories=[1, 2, 3, 4, 5, 6])
    assert with_unused > gwet_ac1(KRIPPENDORFF_2011)
    assert brennan_prediger(KRIPPENDORFF_2011, q=6) == pytest.approx((9 / 11 - 1 / 6) / (1 - 1 / 6))


# --------------------------------------------------------------------------------------------
# Independent implementations on random data
# --------------------------------------------------------------------------------------------


def _random_ratings(rng, n_coders, n_units, n_values, missing):
    data = rng.integers(1, n_values + 1, size=(n_coders, n_units)).astype(float)
    data[rng.random(data.shape) < missing] = nan
    return data


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@pytest.mark.parametrize("trial", range(5))
def test_krippendorff_alpha_matches_krippendorff_package(level, trial):
    rng = np.random.default_rng(trial)
    data = _random_ratings(rng, n_coders=rng.integers(2, 6), n_units=40, n_values=5, missing=0.2)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("data", "level", "expected"),
    [
        ([[6.9e-9, 6.9e-9, 6.1e-9], [6.9e-9, 6.9e-9, 6.9e-9]], "interval", 0.0),
        ([[1000005.8, 1000006.15], [1000005.8, 1000006.15]], "ratio", 1.0),
        ([[2.0, 2.0, nan], [2.0, 2.0, 2.0]], "interval", nan),  # one value: 0/0
    ],
)
def test_krippendorff_alpha_is_defined_on_any_scale_and_undefined_only_for_one_value(
    data, level, expected
):
    assert krippendorff_alpha(data, level) == pytest.approx(expected, nan_ok=True)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    exponent=st.integers(-9, 9),
    level=st.sampled_from(["interval", "ratio"]),
)
def test_krippendorff_alpha_does_not_depend_on_the_unit_of_measurement(seed, exponent, level):
    rng = np.random.default_rng(seed)
    data = _random_ratings(rng, n_coders=3, n_units=15, n_values=5, missing=0.2)
    reference = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert krippendorff_alpha(data * 10.0**exponent, level) == pytest.approx(
        reference, abs=1e-9, nan_ok=True
    )
    if level == "interval":  # and not on where the scale starts
        shifted = data * 10.0**exponent + 10.0 ** (exponent + 3)
        assert krippendorff_alpha(shifted, level) == pytest.approx(reference, abs=1e-6, nan_ok=True)


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
@pytest.mark.parametrize("trial", range(5))
def test_cohen_kappa_matches_sklearn(weights, trial):
    rng = np.random.default_rng(100 + trial)
    first = rng.integers(0, 4, size=60)
    second = np.where(rng.random(60) < 0.6, first, rng.integers(0, 4, size=60))
    expected = cohen_kappa_score(first, second, weights=weights)
    assert cohen_kappa(first, second, weights=weights) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("trial", range(5))
def test_fleiss_kappa_matches_statsmodels(trial):
    rng = np.random.default_rng(200 + trial)
    ratings = rng.integers(0, 4, size=(50, 5))
    counts, _ = aggregate_raters(ratings)
    assert fleiss_kappa(counts) == pytest.approx(sm_fleiss_kappa(counts), abs=1e-12)


def test_percent_agreement_matches_sklearn_accuracy_and_drops_missing_pairs():
    assert percent_agreement([1, 2, 3, None], [1, 2, 4, 4]) == pytest.approx(2 / 3)
    assert percent_agreement(pd.Series(["a", "b"]), pd.Series(["a", "a"])) == 0.5


# --------------------------------------------------------------------------------------------
# Invariants
# --------------------------------------------------------------------------------------------

ratings = st.integers(min_value=2, max_value=5).flatmap(
    lambda n_coders: arrays(
        float,
        (n_coders, 12),
        elements=st.sampled_from([1.0, 2.0, 3.0, nan]),
    )
)


def _pairable(data):
    return ((~np.isnan(data)).sum(axis=0) >= 2).any()


@settings(max_examples=40, deadline=None)
@given(data=ratings, seed=st.integers(0, 2**16))
def test_permuting_coders_or_units_leaves_coefficients_unchanged(data, seed):
    if not _pairable(data):
        return
    rng = np.random.default_rng(seed)
    shuffled = data[rng.permutation(data.shape[0])][:, rng.permutation(data.shape[1])]
    for function in (krippendorff_alpha, gwet_ac1, brennan_prediger):
        np.testing.assert_allclose(function(shuffled), function(data), atol=1e-12)
    for level in ("ordinal", "interval", "ratio"):
        np.testing.assert_allclose(
            krippendorff_alpha(shuffled, level), krippendorff_alpha(data, level), atol=1e-12
        )


@settings(max_examples=40, deadline=None)
@given(
    first=arrays(int, 15, elements=st.integers(0, 3)),
    second=arrays(int, 15, elements=st.integers(0, 3)),
    seed=st.integers(0, 2**16),
)
def test_permuting_units_or_swapping_coders_leaves_kappa_unchanged(first, second, seed):
    order = np.random.default_rng(seed).permutation(first.size)
    for weights in (None, "linear", "quadratic"):
        kappa = cohen_kappa(first, second, weights=weights)
        np.testing.assert_allclose(
            cohen_kappa(second[order], first[order], weights=weights), kappa, atol=1e-12
        )
    counts = np.stack([(np.vstack([first, second]).T == k).sum(axis=1) for k in range(4)], 1)
    np.testing.assert_allclose(fleiss_kappa(counts[order]), fleiss_kappa(counts), atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    unit_values=arrays(float, 10, elements=st.sampled_from([1.0, 2.0, 3.0, 4.0])),
    n_coders=st.integers(2, 5),
)
def test_perfect_agreement_gives_one(unit_values, n_coders):
    data = np.tile(unit_values, (n_coders, 1))
    assert percent_agreement(data[0], data[1]) == 1.0
    assert gwet_ac1(data) == pytest.approx(1.0)
    assert brennan_prediger(data) == pytest.approx(1.0)
    if np.unique(unit_values).size > 1:
        assert cohen_kappa(data[0], data[1]) == pytest.approx(1.0)
        assert cohen_kappa(data[0], data[1], weights="quadratic") == pytest.approx(1.0)
        for level in ("nominal", "ordinal", "interval", "ratio"):
            assert krippendorff_alpha(data, level) == pytest.approx(1.0)
        counts = np.stack([(data.T == k).sum(axis=1) for k in (1.0, 2.0, 3.0, 4.0)], axis=1)
        assert fleiss_kappa(counts) == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(data=ratings)
def test_alpha_is_at_most_one_and_ac1_and_bp_lie_in_minus_one_to_one(data):
    if not _pairable(data):
        return
    for level in ("nominal", "ordinal", "interval", "ratio"):
        alpha = krippendorff_alpha(data, level)
        assert np.isnan(alpha) or alpha <= 1.0 + 1e-12
    assert -1.0 - 1e-12 <= gwet_ac1(data) <= 1.0 + 1e-12
    assert -1.0 - 1e-12 <= brennan_prediger(data) <= 1.0 + 1e-12


# --------------------------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------------------------


def test_one_category_used_by_everyone_makes_kappa_and_alpha_nan_but_others_defined():
    data = np.ones((3, 8))
    assert np.isnan(cohen_kappa(data[0], data[1]))
    assert np.isnan(cohen_kappa(data[0], data[1], weights="linear"))
    assert np.isnan(krippendorff_alpha(data))
    assert np.isnan(krippendorff_alpha(data, "interval"))
    assert np.isnan(fleiss_kappa([[3, 0]] * 8))
    assert percent_agreement(data[0], data[1]) == 1.0
    assert gwet_ac1(data) == 1.0
    assert brennan_prediger(data) == 1.0
    assert brennan_prediger(data, q=2) == 1.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: krippendorff_alpha([[1, 2, 3]]),
        lambda: gwet_ac1([[1, 2, 3]]),
        lambda: brennan_prediger([[1, 2, 3]]),
        lambda: fleiss_kappa([[1, 0], [0, 1]]),
    ],
)
def test_a_single_coder_is_an_input_error(call):
    with pytest.raises(InputError, match="at least 2 coders"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: cohen_kappa([1, nan, 2], [nan, 1, nan]),
        lambda: percent_agreement([1, nan], [nan, 1]),
        lambda: krippendorff_alpha([[1, nan, 2], [nan, 1, nan]]),
        lambda: gwet_ac1([[1, nan], [nan, 1]]),
        lambda: brennan_prediger([[1, nan], [nan, 1]]),
    ],
)
def test_no_overlapping_units_is_an_input_error(call):
    with pytest.raises(InputError, match="no unit"):
        call()


def test_fleiss_kappa_rejects_unequal_numbers_of_coders():
    with pytest.raises(InputError, match="same number of coders"):
        fleiss_kappa([[2, 1], [1, 1]])


def test_bad_parameters_are_reported_in_one_template():
    with pytest.raises(InputError, match=re.escape("The 'level' parameter of krippendorff_alpha")):
        krippendorff_alpha(KRIPPENDORFF_2011, level="cardinal")
    with pytest.raises(InputError, match=re.escape("The 'weights' parameter of cohen_kappa")):
        cohen_kappa([1, 2], [1, 2], weights="cubic")
    with pytest.raises(InputError, match=re.escape("The 'q' parameter of brennan_prediger")):
        brennan_prediger(KRIPPENDORFF_2011, q=3)


def test_nominal_alpha_accepts_labels_but_interval_needs_numbers():
    labels = [["holding", "discretion", None], ["holding", "holding", "discretion"]]
    assert krippendorff_alpha(labels) == pytest.approx(krippendorff_alpha([[0, 1, nan], [0, 0, 1]]))
    with pytest.raises(InputError, match="numeric"):
        krippendorff_alpha(labels, "interval")


def test_weighted_kappa_uses_the_given_category_order():
    # a rater who confuses 'low' with 'high' disagrees more than one who confuses low/medium
    scale = ["low", "medium", "high"]
    near = cohen_kappa(
        ["low", "medium", "high"], ["medium", "medium", "high"], weights="linear", categories=scale
    )
    far = cohen_kappa(
        ["low", "medium", "high"], ["high", "medium", "high"], weights="linear", categories=scale
    )
    assert near > far


# --------------------------------------------------------------------------------------------
# agreement_table
# --------------------------------------------------------------------------------------------


def _codings(rows):
    return pd.DataFrame(rows, columns=["segment_id", "code_id", "coder"])


# Two coders, six segments. holding: A on 1, 2, 3; B on 1, 2, 4 -> p_o = 4/6, p_e = 1/2,
# kappa = 1/3. discretion: both on 5 -> kappa 1. Segment 6: nobody coded it.
HAND = _codings(
    [
        (1, "holding", "A"),
        (2, "holding", "A"),
        (3, "holding", "A"),
        (5, "discretion", "A"),
        (1, "holding", "B"),
        (2, "holding", "B"),
        (4, "holding", "B"),
        (5, "discretion", "B"),
    ]
)
HAND_UNITS = [1, 2, 3, 4, 5, 6]


def test_agreement_table_gives_hand_computed_kappa_per_code():
    table = agreement_table(HAND, units=HAND_UNITS, n_boot=0, seed=0).set_index("code_id")
    assert table.loc["holding", "cohen_kappa"] == pytest.approx(1 / 3)
    assert table.loc["holding", "percent_agreement"] == pytest.approx(4 / 6)
    assert table.loc["discretion", "cohen_kappa"] == pytest.approx(1.0)
    # pooled over 12 code x segment decisions: p_o = 10/12, p_e = (1/3)^2 + (2/3)^2
    assert table.loc["(all codes, pooled)", "cohen_kappa"] == pytest.approx(
        (10 / 12 - 5 / 9) / (1 - 5 / 9)
    )
    assert table.loc["holding", "prevalence"] == pytest.approx(0.5)
    assert table.loc["holding", "prevalence_A"] == pytest.approx(0.5)
    assert set(table["unit_of_agreement"]) == {"segment presence/absence"}
    assert list(table.index) == ["discretion", "holding", "(all codes, pooled)"]


def test_agreement_table_columns_include_every_coefficient_with_bounds():
    table = agreement_table(HAND, units=HAND_UNITS, n_boot=10, seed=0)
    for name in (
        "percent_agreement",
        "cohen_kappa",
        "fleiss_kappa",
        "krippendorff_alpha",
        "gwet_ac1",
        "brennan_prediger",
    ):
        assert {name, f"{name}_lo", f"{name}_hi"} <= set(table.columns)
    assert {"code_id", "n_units", "n_coders", "prevalence", "unit_of_agreement"} <= set(
        table.columns
    )


def _random_codings(rng, n_units=40, coders=("A", "B", "C"), codes=("h", "d", "r"), p=0.3):
    rows = [
        (unit, code, coder)
        for unit in range(n_units)
        for code in codes
        for coder in coders
        if rng.random() < p
    ]
    return _codings(rows)


@pytest.mark.parametrize("n_coders", [2, 3])
def test_agreement_table_equals_the_coefficient_functions_on_presence_data(n_coders):
    rng = np.random.default_rng(n_coders)
    coders = ["A", "B", "C"][:n_coders]
    codings = _random_codings(rng, coders=coders)
    units = range(45)
    # coder A did not look at units 40-44 (coverage)
    coverage = pd.DataFrame(
        [(u, c) for u in units for c in coders if not (c == "A" and u >= 40)],
        columns=["segment_id", "coder"],
    )
    table = agreement_table(codings, units=coverage, n_boot=0, seed=0).set_index("code_id")
    for code in ("h", "d", "r"):
        present = np.full((n_coders, 45), 0.0)
        present[0, 40:] = nan
        for unit, coder in codings.loc[codings["code_id"] == code, ["segment_id", "coder"]].values:
            present[coders.index(coder), unit] = 1.0
        row = table.loc[code]
        assert row["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(present))
        assert row["gwet_ac1"] == pytest.approx(gwet_ac1(present, categories=[0.0, 1.0]))
        assert row["brennan_prediger"] == pytest.approx(brennan_prediger(present, q=2))
        complete = present[:, :40]
        counts = np.stack([(complete == 0).sum(0), (complete == 1).sum(0)], axis=1)
        assert row["fleiss_kappa"] == pytest.approx(fleiss_kappa(counts))
        if n_coders == 2:
            assert row["cohen_kappa"] == pytest.approx(cohen_kappa(present[0], present[1]))
            assert row["percent_agreement"] == pytest.approx(
                percent_agreement(present[0], present[1])
            )
        else:
            assert np.isnan(row["cohen_kappa"])
            assert "exactly 2 coders" in row["note"]
        assert row["n_units"] == 45 if n_coders == 3 else 40


def test_bootstrap_interval_contains_the_estimate_and_repeats_with_the_same_seed():
    codings = _random_codings(np.random.default_rng(5), coders=("A", "B"), p=0.4)
    first = agreement_table(codings, units=range(40), n_boot=300, seed=11)
    again = agreement_table(codings, units=range(40), n_boot=300, seed=11)
    other = agreement_table(codings, units=range(40), n_boot=300, seed=12)
    pd.testing.assert_frame_equal(first, again)
    assert not first["krippendorff_alpha_lo"].equals(other["krippendorff_alpha_lo"])
    for name in ("cohen_kappa", "krippendorff_alpha", "gwet_ac1", "percent_agreement"):
        assert (first[f"{name}_lo"] <= first[name]).all()
        assert (first[name] <= first[f"{name}_hi"]).all()
    assert "300 resamples of 40 segments" in first.loc[0, "bootstrap"]


def test_cluster_bootstrap_resamples_clusters_not_segments():
    codings = _random_codings(np.random.default_rng(6), coders=("A", "B"), p=0.4)
    # one cluster holding every segment: every resample is the original data
    one_document = agreement_table(
        codings, units=range(40), n_boot=50, cluster=dict.fromkeys(range(40), "int01"), seed=0
    )
    np.testing.assert_allclose(one_document["cohen_kappa_lo"], one_document["cohen_kappa"])
    np.testing.assert_allclose(one_document["cohen_kappa_hi"], one_document["cohen_kappa"])
    assert "1 clusters of segments" in one_document.loc[0, "bootstrap"]
    # a column of the segments table names the cluster
    segments = pd.DataFrame({"segment_id": range(40), "doc_id": np.repeat(range(8), 5)})
    by_document = agreement_table(codings, units=segments, n_boot=50, cluster="doc_id", seed=0)
    assert "50 resamples of 8 clusters of segments" in by_document.loc[0, "bootstrap"]
    unclustered = agreement_table(codings, units=segments, n_boot=50, seed=0)
    pd.testing.assert_series_equal(by_document["cohen_kappa"], unclustered["cohen_kappa"])
    assert not np.allclose(by_document["cohen_kappa_lo"], unclustered["cohen_kappa_lo"])


def test_renaming_coders_and_shuffling_codings_rows_leaves_the_table_unchanged():
    codings = _random_codings(np.random.default_rng(8), coders=("A", "B", "C"))
    renamed = codings.assign(coder=codings["coder"].map({"A": "C", "B": "A", "C": "B"}))
    shuffled = renamed.sample(frac=1.0, random_state=np.random.default_rng(9))
    columns = ["code_id", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"]
    pd.testing.assert_frame_equal(
        agreement_table(codings, units=range(40), n_boot=0, seed=0)[columns],
        agreement_table(shuffled, units=range(40), n_boot=0, seed=0)[columns],
    )


def test_segments_nobody_coded_count_as_agreed_absence():
    with_uncoded = agreement_table(HAND, units=HAND_UNITS + [7, 8], n_boot=0, seed=0)
    without = agreement_table(HAND, units=HAND_UNITS, n_boot=0, seed=0)
    assert (with_uncoded["n_units"] == 8).all()
    holding = with_uncoded.set_index("code_id").loc["holding"]
    assert holding["percent_agreement"] == pytest.approx(6 / 8)
    assert holding["percent_agreement"] > without.loc[1, "percent_agreement"]
    assert holding["cohen_kappa"] > without.loc[1, "cohen_kappa"]


def test_units_missing_warns_that_uncoded_segments_are_lost():
    with pytest.warns(UserWarning, match="units not given"):
        table = agreement_table(HAND, n_boot=0, seed=0)
    assert (table["n_units"] == 5).all()


def test_coverage_makes_unseen_segments_missing_not_absent():
    # B never looked at segment 3, so A's 'holding' there is not a disagreement
    coverage = pd.DataFrame(
        [(u, c) for u in HAND_UNITS for c in "AB" if (u, c) != (3, "B")],
        columns=["segment_id", "coder"],
    )
    table = agreement_table(HAND, units=coverage, n_boot=0, seed=0).set_index("code_id")
    holding = table.loc["holding"]
    assert holding["n_units"] == 5
    assert holding["percent_agreement"] == pytest.approx(4 / 5)
    a = [1, 1, 1, 0, 0, 0]
    b = [1, 1, nan, 1, 0, 0]
    assert holding["cohen_kappa"] == pytest.approx(cohen_kappa(a, b))
    assert holding["prevalence_B"] == pytest.approx(3 / 5)


def test_code_applied_everywhere_by_everyone_gives_nan_kappa_with_a_note():
    codings = _codings([(u, "all", c) for u in range(4) for c in "AB"] + [(0, "x", "A")])
    table = agreement_table(codings, units=range(4), n_boot=20, seed=0).set_index("code_id")
    row = table.loc["all"]
    assert np.isnan(row["cohen_kappa"]) and np.isnan(row["krippendorff_alpha"])
    assert np.isnan(row["fleiss_kappa"])
    assert row["percent_agreement"] == 1.0 and row["gwet_ac1"] == 1.0
    assert row["brennan_prediger"] == 1.0
    assert "every unit by every coder" in row["note"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"ci": 1.5},
            "The 'ci' parameter of agreement_table must be a float in the range (0, 1). "
            "Got 1.5 instead.",
        ),
        ({"ci": 0}, "The 'ci' parameter of agreement_table must be a float in the range (0, 1)"),
        ({"n_boot": -1}, "The 'n_boot' parameter of agreement_table must be an int"),
        ({"unit": "word"}, "The 'unit' parameter of agreement_table must be a str among"),
        ({"seed": "x"}, "The 'seed' parameter of agreement_table"),
        ({"cluster": "doc_id"}, "cluster='doc_id' names no column of units"),
        ({"cluster": {1: "d"}}, "no cluster for segment_id(s)"),
    ],
)
def test_agreement_table_reports_bad_parameters(kwargs, message):
    with pytest.raises(InputError, match=re.escape(message)):
        agreement_table(HAND, units=HAND_UNITS, **{"seed": 0, **kwargs})


def test_agreement_table_without_a_coder_column_names_it():
    with pytest.raises(InputError, match="codings has no column 'coder'"):
        agreement_table(HAND.rename(columns={"coder": "user"}), units=HAND_UNITS, seed=0)


def test_agreement_table_with_a_single_coder_is_an_input_error():
    with pytest.raises(InputError, match="needs at least 2 coders"):
        agreement_table(HAND[HAND["coder"] == "A"], units=HAND_UNITS, seed=0)


def test_codings_outside_units_or_coverage_are_input_errors():
    with pytest.raises(InputError, match=re.escape("segment(s) 4, 5 that are not in units")):
        agreement_table(HAND, units=[1, 2, 3], seed=0)
    coverage = pd.DataFrame(
        [(u, c) for u in HAND_UNITS for c in "AB" if (u, c) != (4, "B")],
        columns=["segment_id", "coder"],
    )
    with pytest.raises(InputError, match="coder 'B' coded segment 4, which is not in"):
        agreement_table(HAND, units=coverage, seed=0)


# --------------------------------------------------------------------------------------------
# agreement_table, unit="character"
# --------------------------------------------------------------------------------------------


def _ranges(rows):
    return pd.DataFrame(rows, columns=["doc_id", "char_start", "char_end", "code_id", "coder"])


def test_character_kappa_counts_each_character_as_a_unit():
    # doc1 (10 chars): A codes [0, 5), B codes [2, 7): both 3, A only 2, B only 2, neither 3
    # -> p_o = 0.6, p_e = 0.5, kappa = 0.2. doc2 (10 chars) uncoded: 10 more agreed absences.
    codings = _ranges([("doc1", 0, 5, "holding", "A"), ("doc1", 2, 7, "holding", "B")])
    one = agreement_table(codings, unit="character", documents={"doc1": 10}, n_boot=0, seed=0)
    holding = one.set_index("code_id").loc["holding"]
    assert holding["cohen_kappa"] == pytest.approx(0.2)
    assert holding["percent_agreement"] == pytest.approx(0.6)
    assert holding["n_units"] == 10
    assert holding["unit_of_agreement"] == "character presence/absence"
    two = agreement_table(
        codings, unit="character", documents={"doc1": 10, "doc2": 10}, n_boot=0, seed=0
    )
    a = np.r_[np.ones(5), np.zeros(15)]
    b = np.r_[np.zeros(2), np.ones(5), np.zeros(13)]
    assert two.loc[0, "cohen_kappa"] == pytest.approx(cohen_kappa(a, b))
    assert two.loc[0, "percent_agreement"] == pytest.approx(0.8)


def test_character_ranges_that_overlap_within_a_coder_count_once():
    codings = _ranges(
        [
            ("d", 0, 4, "x", "A"),
            ("d", 2, 6, "x", "A"),
            ("d", 0, 6, "x", "B"),
        ]
    )
    table = agreement_table(codings, unit="character", documents={"d": 8}, n_boot=0, seed=0)
    assert table.loc[0, "cohen_kappa"] == pytest.approx(1.0)
    assert table.loc[0, "prevalence_A"] == pytest.approx(6 / 8)


def test_character_intervals_resample_documents():
    rng = np.random.default_rng(3)
    rows = []
    for doc in range(6):
        for coder in "AB":
            start = int(rng.integers(0, 50))
            rows.append((f"d{doc}", start, start + int(rng.integers(5, 40)), "x", coder))
    documents = {f"d{doc}": 100 for doc in range(6)}
    table = agreement_table(
        _ranges(rows), unit="character", documents=documents, n_boot=100, seed=0
    )
    assert "100 resamples of 6 documents" in table.loc[0, "bootstrap"]
    assert table.loc[0, "cohen_kappa_lo"] <= table.loc[0, "cohen_kappa"]
    grouped = agreement_table(
        _ranges(rows),
        unit="character",
        documents=documents,
        n_boot=20,
        cluster={f"d{doc}": doc % 2 for doc in range(6)},
        seed=0,
    )
    assert "2 clusters of documents" in grouped.loc[0, "bootstrap"]


@pytest.mark.parametrize(
    ("rows", "documents", "message"),
    [
        ([("d", 0, 12, "x", "A"), ("d", 0, 3, "x", "B")], {"d": 10}, "does not fit"),
        ([("d", 0, 3, "x", "A"), ("e", 0, 3, "x", "B")], {"d": 10}, "not in documents"),
        ([("d", 0, 3, "x", "A"), ("d", 0, 3, "x", "B")], None, "needs the documents' lengths"),
    ],
)
def test_character_input_errors(rows, documents, message):
    with pytest.raises(InputError, match=re.escape(message)):
        agreement_table(_ranges(rows), unit="character", documents=documents, seed=0)


# --------------------------------------------------------------------------------------------
# disagreements
# --------------------------------------------------------------------------------------------

SEGMENTS = pd.DataFrame(
    {
        "segment_id": [1, 2, 3, 4, 5, 6],
        "doc_id": ["int01", "int01", "int01", "int02", "int02", "int02"],
        "turn": [1, 2, 3, 1, 2, 3],
        "text": ["one", "two", "three", "four", "five", "six"],
    }
)


def test_disagreements_lists_each_segment_and_code_the_coders_differ_on_in_document_order():
    found = disagreements(HAND, HAND_UNITS, SEGMENTS, context=1)
    assert list(zip(found["segment_id"], found["code_id"], strict=True)) == [
        (3, "holding"),
        (4, "holding"),
    ]
    first = found.iloc[0]
    assert (first["applied_by"], first["not_applied_by"]) == ("A", "B")
    assert first["text"] == "three"
    assert first["context_before"] == "two"
    assert first["context_after"] == ""  # the next segment is in another document
    second = found.iloc[1]
    assert (second["context_before"], second["context_after"]) == ("", "five")


def test_disagreements_context_takes_neighbours_in_order():
    codings = _codings([(2, "x", "A")])
    coverage = pd.DataFrame(
        [(u, c) for u in range(1, 7) for c in "AB"], columns=["segment_id", "coder"]
    )
    found = disagreements(codings, coverage, SEGMENTS, context=2)
    assert found.loc[0, "context_before"] == "one"
    assert found.loc[0, "context_after"] == "three"
    codings = _codings([(3, "x", "A"), (1, "x", "B")])
    found = disagreements(codings, coverage, SEGMENTS, context=2)
    assert found.loc[1, "context_before"] == "one\n\ntwo"


def test_disagreements_leave_out_coders_who_did_not_see_the_segment():
    coverage = pd.DataFrame(
        [(u, c) for u in HAND_UNITS for c in "AB" if (u, c) != (3, "B")],
        columns=["segment_id", "coder"],
    )
    found = disagreements(HAND, coverage)
    assert list(found["segment_id"]) == [4]
    assert list(found.columns) == [
        "segment_id",
        "code_id",
        "applied_by",
        "not_applied_by",
        "not_seen_by",
    ]


def test_disagreements_reports_segments_missing_from_the_segments_table():
    with pytest.raises(InputError, match="not in segments"):
        disagreements(HAND, HAND_UNITS, SEGMENTS[SEGMENTS["segment_id"] != 3])


# --------------------------------------------------------------------------------------------
# Inputs that used to be misread without a word
# --------------------------------------------------------------------------------------------


def test_a_units_by_coders_table_is_read_as_such_when_said_and_refused_when_not():
    # irrCAC's cac.raw4raters is 12 units x 4 raters: > gwet.ac1.raw(cac.raw4raters) -> 0.7754
    raw4raters = pd.DataFrame(KRIPPENDORFF_2011.T, columns=["R1", "R2", "R3", "R4"])
    assert round(gwet_ac1(raw4raters, coders="columns"), 4) == 0.7754
    assert round(brennan_prediger(raw4raters, coders="columns"), 4) == 0.7727
    assert krippendorff_alpha(raw4raters, "interval", coders="columns") == pytest.approx(
        krippendorff_alpha(KRIPPENDORFF_2011, "interval")
    )
    for func in (gwet_ac1, brennan_prediger, krippendorff_alpha):
        with pytest.raises(InputError, match="12 rows and 4 columns.*coders='columns'"):
            func(raw4raters)
    # said explicitly, 5 coders of 3 units read as rows
    five_coders = np.array([[1, 2, 1]] * 4 + [[1, 2, 2]])
    assert gwet_ac1(five_coders, coders="rows") == pytest.approx(
        gwet_ac1(five_coders.T, coders="columns")
    )
    with pytest.raises(InputError, match="'coders'"):
        gwet_ac1(five_coders, coders="units")


def test_two_series_are_paired_by_unit_not_by_position():
    a = pd.Series(["x", "y", "x", "y"], index=["u1", "u2", "u3", "u4"])
    b = a.iloc[::-1]  # the same ratings, listed in another order
    assert percent_agreement(a, b) == 1.0
    assert cohen_kappa(a, b) == 1.0
    # a unit only one coder rated is missing for the other
    assert percent_agreement(a, pd.Series(["x", "x"], index=["u1", "u9"])) == 1.0
    with pytest.raises(InputError, match="cannot be paired by unit"):
        percent_agreement(a, ["x", "y", "x", "y"])
    with pytest.raises(InputError, match="repeats a unit"):
        cohen_kappa(pd.Series([1, 2], index=["u1", "u1"]), pd.Series([1, 2], index=["u1", "u2"]))


def test_numbers_written_as_text_are_not_ordered_as_text_for_weighted_kappa():
    first, second = ["2", "10", "3", "2"], ["3", "10", "2", "2"]
    with pytest.raises(InputError, match="numbers written as text"):
        cohen_kappa(first, second, weights="linear")
    as_numbers = cohen_kappa([int(v) for v in first], [int(v) for v in second], weights="linear")
    in_order = cohen_kappa(first, second, weights="linear", categories=["2", "3", "10"])
    assert in_order == pytest.approx(as_numbers)
    assert cohen_kappa(first, second) == cohen_kappa([2, 10, 3, 2], [3, 10, 2, 2])  # unweighted


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ([1, 1.0, 2], [True, 1, 2], r"numbers \(1\) and True/False \(True\)"),
        (["1", "2", "2"], [1, 2, 2], r"text \('1'\) and numbers \(1\)"),
    ],
)
def test_ratings_mixing_numbers_text_and_booleans_are_refused(first, second, message):
    with pytest.raises(InputError, match=message):
        cohen_kappa(first, second)
    with pytest.raises(InputError, match=message):
        krippendorff_alpha(np.array([first, second], dtype=object))
    assert cohen_kappa([1, 1.0, 2], [1, 1, 2]) == 1.0  # 1 and 1.0 are one number


@pytest.mark.parametrize(
    ("func", "kwargs"),
    [
        (krippendorff_alpha, {"level": np.array(["interval"])}),
        (agreement_estimate, {"coefficient": np.array(["gwet_ac1"])}),
    ],
)
def test_options_given_as_arrays_are_input_errors(func, kwargs):
    data = ([[1, 2, 3], [1, 2, 2]],)
    with pytest.raises(InputError, match="parameter of"):
        func(*data, **kwargs)


def test_a_listed_coder_who_applied_no_code_is_a_coder_not_left_out():
    with pytest.warns(UserWarning, match="coder\\(s\\) 'Z' applied no code"):
        table = agreement_table(HAND, units=HAND_UNITS, coders=["A", "B", "Z"], n_boot=0, seed=0)
    assert (table["prevalence_Z"] == 0).all()  # reported as the third coder
    three = table.set_index("code_id").loc["holding"]
    units = pd.Index(HAND_UNITS)
    a = units.isin(HAND.query("coder == 'A' and code_id == 'holding'")["segment_id"])
    b = units.isin(HAND.query("coder == 'B' and code_id == 'holding'")["segment_id"])
    ratings = np.array([a, b, np.zeros(len(HAND_UNITS), bool)], dtype=float)
    assert three["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(ratings))
    # with a coverage, a coder outside it is still refused: a name the coverage does not know
    coverage = pd.DataFrame(
        [(u, c) for u in HAND_UNITS for c in "AB"], columns=["segment_id", "coder"]
    )
    with pytest.raises(InputError, match="coder\\(s\\) 'Z' applied no code"):
        agreement_table(HAND, units=coverage, coders=["A", "Z"], n_boot=0, seed=0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"coder": None}, "codings row 0 has no coder"),
        ({"code_id": float("nan")}, "codings row 0 has no code_id"),
    ],
)
def test_a_coding_without_coder_or_code_is_refused_not_called_nan(change, message):
    codings = HAND.copy()
    for column, value in change.items():
        codings[column] = codings[column].astype(object)
        codings.loc[codings.index[0], column] = value
    with pytest.raises(InputError, match=re.escape(message)):
        agreement_table(codings, units=HAND_UNITS, n_boot=0, seed=0)


@pytest.mark.parametrize("value", [3.5, float("nan"), "x"])
def test_character_offsets_must_be_whole_numbers(value):
    ranges = pd.DataFrame(
        {"doc_id": ["d1", "d1"], "char_start": [0, 2], "char_end": [5, 8],
         "code_id": ["A", "A"], "coder": ["R1", "R2"]}
    )  # fmt: skip
    ranges["char_start"] = ranges["char_start"].astype(object)
    ranges.loc[1, "char_start"] = value
    message = "codings row 1 has no char_start" if value != value else "is not a whole number"
    with pytest.raises(InputError, match=re.escape(message)):
        agreement_table(ranges, unit="character", documents={"d1": 10}, n_boot=0, seed=0)


# --------------------------------------------------------------------------------------------
# Analytic standard errors (Gwet 2008), against irrCAC
# --------------------------------------------------------------------------------------------

# irrCAC's cac.raw4raters: Krippendorff's data with the last unit rated by the third rater (the
# second in Krippendorff 2011); the same for every coefficient but Conger's.
RAW4RATERS = KRIPPENDORFF_2011.copy()
RAW4RATERS[1, 11], RAW4RATERS[2, 11] = nan, 3

# 30 units x 3 coders of 3 categories, with missing ratings (unit 29 rated by nobody).
RANDOM_30X3 = np.array(
    [
        [3, nan, 2, 1, 2, 1, 1, 2, 1, 3, 3, 2, 2, 1, 3, 3, 2, 3, nan, nan, 3, 1, nan, 1, 1, 1, 1,
         2, nan, 1],
        [3, 2, 1, 1, 2, 1, nan, 3, 2, 1, 3, 2, 3, 3, nan, 1, 3, 2, 3, 1, 3, 1, nan, 2, 3, 1, 3,
         1, nan, 1],
        [1, nan, 3, 2, 1, 1, 1, 1, 1, 3, 1, 2, 2, 2, 2, 1, 1, 1, 3, 1, nan, 2, 3, 1, 1, 1, 2, 3,
         nan, nan],
    ]
)  # fmt: skip


@pytest.mark.parametrize(
    ("data", "coefficient", "kwargs", "published"),
    [
        # irrCAC (Python 0.4.4, a port of Gwet's R package):
        # CAC(cac.raw4raters).gwet() -> 0.77544, se 0.14295, (0.46081, 1)
        (KRIPPENDORFF_2011, "gwet_ac1", {}, (0.77544, 0.14295, 0.46081, 1.0)),
        # CAC(cac.raw4raters).bp() -> 0.77273, se 0.14472, (0.45421, 1), p 0.000118780
        (KRIPPENDORFF_2011, "brennan_prediger", {}, (0.77273, 0.14472, 0.45421, 1.0)),
        # CAC(cac.raw4raters, categories=[1, ..., 6]).gwet() -> 0.78553, se 0.1387, (0.48026, 1)
        (KRIPPENDORFF_2011, "gwet_ac1", {"categories": [1, 2, 3, 4, 5, 6]},
         (0.78553, 0.1387, 0.48026, 1.0)),
        # CAC(cac.raw4raters, N=50).gwet() -> se 0.12462, (0.50116, 1)
        (KRIPPENDORFF_2011, "gwet_ac1", {"population": 50}, (0.77544, 0.12462, 0.50116, 1.0)),
        # CAC(cac.raw4raters, confidence_level=0.9).bp() -> (0.51283, 1)
        (KRIPPENDORFF_2011, "brennan_prediger", {"confidence": 0.9},
         (0.77273, 0.14472, 0.51283, 1.0)),
        # CAC(cac.raw4raters).fleiss() -> 0.76117, se 0.15302, (0.42438, 1)
        (KRIPPENDORFF_2011, "fleiss_kappa", {}, (0.76117, 0.15302, 0.42438, 1.0)),
        # CAC(RANDOM_30X3.T).fleiss() -> 0.12571, se 0.11119, (-0.10205, 0.35347)
        (RANDOM_30X3, "fleiss_kappa", {}, (0.12571, 0.11119, -0.10205, 0.35347)),
        # CAC(cac.raw4raters).krippendorff() -> 0.74342, se 0.14557, (0.41906, 1)
        (KRIPPENDORFF_2011, "krippendorff_alpha", {}, (0.74342, 0.14557, 0.41906, 1.0)),
        # CAC(RANDOM_30X3.T).krippendorff() -> 0.07449, se 0.1046, (-0.14053, 0.2895)
        (RANDOM_30X3, "krippendorff_alpha", {}, (0.07449, 0.1046, -0.14053, 0.2895)),
        # CAC(cac.raw4raters).conger() -> 0.76282, se 0.14917, (0.4345, 1)
        (RAW4RATERS, "conger_kappa", {}, (0.76282, 0.14917, 0.4345, 1.0)),
        # CAC(RANDOM_30X3.T).conger() -> 0.12591, se 0.11079, (-0.10104, 0.35285)
        (RANDOM_30X3, "conger_kappa", {}, (0.12591, 0.11079, -0.10104, 0.35285)),
        # CAC(RANDOM_30X3.T).gwet() -> 0.15894, se 0.11987, (-0.08661, 0.40449)
        (RANDOM_30X3, "gwet_ac1", {}, (0.15894, 0.11987, -0.08661, 0.40449)),
        # CAC(RANDOM_30X3.T).bp() -> 0.14815, se 0.11586, (-0.08918, 0.38548), p 0.105753
        (RANDOM_30X3, "brennan_prediger", {}, (0.14815, 0.11586, -0.08918, 0.38548)),
    ],
)  # fmt: skip
def test_agreement_estimate_reproduces_irrcac(data, coefficient, kwargs, published):
    result = agreement_estimate(data, coefficient, **kwargs)
    decimals = [len(f"{v}".split(".")[-1]) if v not in (0.0, 1.0) else 5 for v in published]
    got = (result.estimate, result.se, result.ci_low, result.ci_high)
    assert [round(g, d) for g, d in zip(got, decimals, strict=True)] == list(published)


def test_agreement_estimate_p_values_are_one_sided_as_irrcac_reports_them():
    bp = agreement_estimate(KRIPPENDORFF_2011, "brennan_prediger")
    assert bp.p_value == pytest.approx(0.00011878043481217126, rel=1e-9)
    assert agreement_estimate(RANDOM_30X3, "brennan_prediger").p_value == pytest.approx(
        0.105752529987164, rel=1e-9
    )
    assert agreement_estimate(RANDOM_30X3, "gwet_ac1").n_units == 29  # the unrated unit is out


@pytest.mark.parametrize("trial", range(5))
def test_agreement_estimate_agrees_with_the_coefficients_and_percent_agreement_with_a_proportion(
    trial,
):
    rng = np.random.default_rng(300 + trial)
    data = _random_ratings(rng, n_coders=int(rng.integers(2, 6)), n_units=40, n_values=4,
                           missing=0.2)  # fmt: skip
    assert float(agreement_estimate(data, "gwet_ac1")) == pytest.approx(gwet_ac1(data))
    assert float(agreement_estimate(data, "krippendorff_alpha")) == pytest.approx(
        krippendorff_alpha(data), abs=1e-12
    )
    assert float(agreement_estimate(data, "brennan_prediger", q=5)) == pytest.approx(
        brennan_prediger(data, q=5)
    )
    assert float(agreement_estimate(data, "conger_kappa")) == pytest.approx(conger_kappa(data))
    # two coders, every unit rated by both: the standard error of a proportion
    first = rng.integers(0, 3, size=50)
    second = np.where(rng.random(50) < 0.7, first, rng.integers(0, 3, size=50))
    pa = agreement_estimate(np.vstack([first, second]), "percent_agreement")
    assert pa.estimate == pytest.approx(percent_agreement(first, second))
    assert pa.se == pytest.approx(np.sqrt(pa.estimate * (1 - pa.estimate) / 49))
    assert pa.p_e == 0.0
    # Conger's kappa of two coders is Cohen's
    assert conger_kappa(np.vstack([first, second])) == pytest.approx(cohen_kappa(first, second))


def test_agreement_estimate_of_fleiss_kappa_is_fleiss_kappa_when_every_coder_rates_every_unit():
    counts, _ = aggregate_raters(DIAGNOSES)
    estimate = agreement_estimate(DIAGNOSES, "fleiss_kappa", coders="columns")
    assert estimate.estimate == pytest.approx(fleiss_kappa(counts), abs=1e-12)
    assert 0 < estimate.ci_low < estimate.estimate < estimate.ci_high < 1
    # two coders: Scott's pi, (p_o - p_e) / (1 - p_e) with p_e from the pooled shares
    first, second = DIAGNOSES[:, 0], DIAGNOSES[:, 1]
    categories = np.union1d(first, second)
    pooled = np.array([((first == c).mean() + (second == c).mean()) / 2 for c in categories])
    p_o, p_e = (first == second).mean(), (pooled**2).sum()
    scott = agreement_estimate(np.vstack([first, second]), "fleiss_kappa")
    assert scott.estimate == pytest.approx((p_o - p_e) / (1 - p_e))
    one_value = agreement_estimate([[1, 1, 1], [1, 1, 1]], "fleiss_kappa")
    assert np.isnan(one_value.estimate) and np.isnan(one_value.se) and one_value.p_a == 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"coefficient": "cohen_kappa"}, "'coefficient' parameter"),
        ({"confidence": 1.0}, "'confidence' parameter"),
        ({"population": 5}, "'population' parameter"),
        ({"coefficient": "brennan_prediger", "q": 1}, "'q' parameter"),
    ],
)
def test_agreement_estimate_refuses_bad_parameters(kwargs, message):
    with pytest.raises(InputError, match=message):
        agreement_estimate(KRIPPENDORFF_2011, **kwargs)
    with pytest.raises(InputError, match="at least 2 rated units"):
        agreement_estimate([[1, nan], [1, nan]])


@pytest.mark.parametrize(
    ("scale", "cumulative", "reached"),
    [
        # irrCAC: Benchmark(0.77544, 0.14295).landis_koch() / .altman() / .fleiss()
        ("landis_koch", [0.39674, 0.88336, 0.99542, 0.99997, 1.0, 1.0], "Moderate"),
        ("altman", [0.39674, 0.88336, 0.99542, 0.99997, 1.0], "Moderate"),
        ("fleiss", [0.54414, 0.99542, 1.0], "Intermediate to good"),
    ],
)
def test_benchmark_scale_reproduces_irrcac_membership_probabilities(scale, cumulative, reached):
    table = benchmark_scale(0.77544, 0.14295, scale=scale)
    assert table["cumulative"].round(5).tolist() == cumulative
    assert table.loc[table["reached"], "interpretation"].tolist() == [reached]
    assert table["probability"].sum() == pytest.approx(1.0)
    # from an estimate: the same, with its own standard error
    ac1 = agreement_estimate(KRIPPENDORFF_2011, "gwet_ac1")
    again = benchmark_scale(ac1, scale=scale)
    assert again["cumulative"].tolist() == pytest.approx(cumulative, abs=1e-3)


def test_benchmark_scale_reads_a_precise_estimate_in_its_own_band_and_refuses_bad_input():
    table = benchmark_scale(0.9, 0.01)
    assert table.loc[table["reached"], "interpretation"].item() == "Almost perfect"
    with pytest.raises(InputError, match="standard error"):
        benchmark_scale(0.5)
    with pytest.raises(InputError, match="'scale'"):
        benchmark_scale(0.5, 0.1, scale="cicchetti")


def test_agreement_table_gives_analytic_intervals_around_its_own_estimates():
    rng = np.random.default_rng(7)
    units = list(range(60))
    rows = [
        (u, code, coder)
        for u in units
        for code, rate in (("A", 0.3), ("B", 0.5))
        for coder in ("R1", "R2", "R3")
        if rng.random() < rate
    ]
    table = agreement_table(_codings(rows), units=units, n_boot=200, seed=0).set_index("code_id")
    assert table["analytic"].iloc[0].startswith("Gwet's linearised variance")
    for code in ("A", "B"):
        row = table.loc[code]
        matrix = np.array(
            [[(u, code, c) in set(rows) for u in units] for c in ("R1", "R2", "R3")], float
        )
        for name, coefficient in [
            ("gwet_ac1", "gwet_ac1"), ("krippendorff_alpha", "krippendorff_alpha"),
            ("fleiss_kappa", "fleiss_kappa"), ("brennan_prediger", "brennan_prediger"),
        ]:  # fmt: skip
            estimate = agreement_estimate(matrix, coefficient, categories=[0.0, 1.0])
            assert estimate.estimate == pytest.approx(row[name])  # the table's own point
            assert row[f"{name}_se"] == pytest.approx(estimate.se)
            assert row[f"{name}_lo_analytic"] < row[name] < row[f"{name}_hi_analytic"]
        assert np.isnan(row["cohen_kappa_se"])  # three coders: no Cohen's kappa
    assert np.isnan(table.loc["(all codes, pooled)", "gwet_ac1_se"])
    two = agreement_table(
        _codings([r for r in rows if r[2] != "R3"]), units=units, n_boot=0, seed=0
    )
    kappa = two.set_index("code_id").loc["A"]
    assert (
        kappa["cohen_kappa_lo_analytic"] < kappa["cohen_kappa"] < kappa["cohen_kappa_hi_analytic"]
    )


# irrCAC (Python 0.4.4): CAC(ratings, weights=w).<coefficient>()["est"] -> coefficient_value, se,
# confidence_interval, for every named weighting and coefficient, on cac.raw4raters and on
# RANDOM_30X3 (as units x raters).
WEIGHTED_IRRCAC = [
    (RAW4RATERS, "quadratic", "gwet_ac1", (0.914, 0.10396, 0.68518, 1.0)),
    (RAW4RATERS, "quadratic", "brennan_prediger", (0.90152, 0.11089, 0.65744, 1.0)),
    (RAW4RATERS, "quadratic", "fleiss_kappa", (0.86494, 0.14603, 0.54352, 1.0)),
    (RAW4RATERS, "quadratic", "krippendorff_alpha", (0.84911, 0.12913, 0.56139, 1.0)),
    (RAW4RATERS, "quadratic", "conger_kappa", (0.85771, 0.14367, 0.54149, 1.0)),
    (RAW4RATERS, "linear", "gwet_ac1", (0.85874, 0.11733, 0.6005, 1.0)),
    (RAW4RATERS, "linear", "brennan_prediger", (0.84848, 0.12336, 0.57698, 1.0)),
    (RAW4RATERS, "linear", "fleiss_kappa", (0.81794, 0.1485, 0.49109, 1.0)),
    (RAW4RATERS, "linear", "krippendorff_alpha", (0.80038, 0.13548, 0.49852, 1.0)),
    (RAW4RATERS, "linear", "conger_kappa", (0.81378, 0.14509, 0.49445, 1.0)),
    (RAW4RATERS, "ordinal", "gwet_ac1", (0.89894, 0.1069, 0.66365, 1.0)),
    (RAW4RATERS, "ordinal", "brennan_prediger", (0.88636, 0.11391, 0.63566, 1.0)),
    (RAW4RATERS, "ordinal", "fleiss_kappa", (0.85021, 0.14704, 0.52658, 1.0)),
    (RAW4RATERS, "ordinal", "krippendorff_alpha", (0.83364, 0.13107, 0.54159, 1.0)),
    (RAW4RATERS, "ordinal", "conger_kappa", (0.84366, 0.1441, 0.5265, 1.0)),
    (RAW4RATERS, "radical", "gwet_ac1", (0.81981, 0.12836, 0.5373, 1.0)),
    (RAW4RATERS, "radical", "brennan_prediger", (0.81263, 0.13278, 0.52038, 1.0)),
    (RAW4RATERS, "radical", "fleiss_kappa", (0.78992, 0.15004, 0.4597, 1.0)),
    (RAW4RATERS, "radical", "krippendorff_alpha", (0.77198, 0.13961, 0.46091, 1.0)),
    (RAW4RATERS, "radical", "conger_kappa", (0.78834, 0.14637, 0.46619, 1.0)),
    (RAW4RATERS, "ratio", "gwet_ac1", (0.85737, 0.12207, 0.58869, 1.0)),
    (RAW4RATERS, "ratio", "brennan_prediger", (0.84024, 0.13221, 0.54925, 1.0)),
    (RAW4RATERS, "ratio", "fleiss_kappa", (0.82134, 0.15239, 0.48594, 1.0)),
    (RAW4RATERS, "ratio", "krippendorff_alpha", (0.7974, 0.14048, 0.48439, 1.0)),
    (RAW4RATERS, "ratio", "conger_kappa", (0.81197, 0.1486, 0.4849, 1.0)),
    (RAW4RATERS, "circular", "gwet_ac1", (0.8302, 0.13265, 0.53823, 1.0)),
    (RAW4RATERS, "circular", "brennan_prediger", (0.82355, 0.13696, 0.52211, 1.0)),
    (RAW4RATERS, "circular", "fleiss_kappa", (0.8072, 0.14894, 0.47938, 1.0)),
    (RAW4RATERS, "circular", "krippendorff_alpha", (0.78998, 0.14101, 0.47579, 1.0)),
    (RAW4RATERS, "circular", "conger_kappa", (0.80535, 0.14748, 0.48075, 1.0)),
    (RAW4RATERS, "bipolar", "gwet_ac1", (0.90037, 0.10582, 0.66747, 1.0)),
    (RAW4RATERS, "bipolar", "brennan_prediger", (0.88815, 0.11246, 0.64063, 1.0)),
    (RAW4RATERS, "bipolar", "fleiss_kappa", (0.85307, 0.14463, 0.53474, 1.0)),
    (RAW4RATERS, "bipolar", "krippendorff_alpha", (0.83499, 0.12813, 0.54949, 1.0)),
    (RAW4RATERS, "bipolar", "conger_kappa", (0.84487, 0.14214, 0.53203, 1.0)),
    (RANDOM_30X3, "quadratic", "gwet_ac1", (0.1457, 0.16031, -0.18269, 0.47409)),
    (RANDOM_30X3, "quadratic", "brennan_prediger", (0.10185, 0.15101, -0.20749, 0.41119)),
    (RANDOM_30X3, "quadratic", "fleiss_kappa", (0.17287, 0.13962, -0.11312, 0.45886)),
    (RANDOM_30X3, "quadratic", "krippendorff_alpha", (0.11289, 0.12035, -0.1345, 0.36028)),
    (RANDOM_30X3, "quadratic", "conger_kappa", (0.17015, 0.12686, -0.08971, 0.43002)),
    (RANDOM_30X3, "linear", "gwet_ac1", (0.1522, 0.13362, -0.12151, 0.4259)),
    (RANDOM_30X3, "linear", "brennan_prediger", (0.125, 0.125, -0.13105, 0.38105)),
    (RANDOM_30X3, "linear", "fleiss_kappa", (0.15057, 0.12021, -0.09568, 0.39681)),
    (RANDOM_30X3, "linear", "krippendorff_alpha", (0.09471, 0.10692, -0.12508, 0.3145)),
    (RANDOM_30X3, "linear", "conger_kappa", (0.14919, 0.1141, -0.08453, 0.38291)),
    (RANDOM_30X3, "ordinal", "gwet_ac1", (0.14827, 0.14856, -0.15603, 0.45257)),
    (RANDOM_30X3, "ordinal", "brennan_prediger", (0.11111, 0.13905, -0.17373, 0.39595)),
    (RANDOM_30X3, "ordinal", "fleiss_kappa", (0.16423, 0.13113, -0.10438, 0.43284)),
    (RANDOM_30X3, "ordinal", "krippendorff_alpha", (0.10584, 0.11408, -0.12864, 0.34033)),
    (RANDOM_30X3, "ordinal", "conger_kappa", (0.16202, 0.12097, -0.08578, 0.40983)),
    (RANDOM_30X3, "radical", "gwet_ac1", (0.15564, 0.12444, -0.09926, 0.41053)),
    (RANDOM_30X3, "radical", "brennan_prediger", (0.13691, 0.11777, -0.10433, 0.37816)),
    (RANDOM_30X3, "radical", "fleiss_kappa", (0.13812, 0.1137, -0.09478, 0.37101)),
    (RANDOM_30X3, "radical", "krippendorff_alpha", (0.08458, 0.10392, -0.12903, 0.29818)),
    (RANDOM_30X3, "radical", "conger_kappa", (0.13752, 0.11085, -0.08956, 0.36459)),
    (RANDOM_30X3, "ratio", "gwet_ac1", (0.12384, 0.1501, -0.18362, 0.43129)),
    (RANDOM_30X3, "ratio", "brennan_prediger", (0.08326, 0.14252, -0.20868, 0.37519)),
    (RANDOM_30X3, "ratio", "fleiss_kappa", (0.16554, 0.13321, -0.10733, 0.43842)),
    (RANDOM_30X3, "ratio", "krippendorff_alpha", (0.11031, 0.1166, -0.12937, 0.34999)),
    (RANDOM_30X3, "ratio", "conger_kappa", (0.16843, 0.12381, -0.08518, 0.42204)),
    (RANDOM_30X3, "circular", "gwet_ac1", (0.15894, 0.11987, -0.08661, 0.40449)),
    (RANDOM_30X3, "circular", "brennan_prediger", (0.14815, 0.11586, -0.08918, 0.38548)),
    (RANDOM_30X3, "circular", "fleiss_kappa", (0.12571, 0.11119, -0.10205, 0.35347)),
    (RANDOM_30X3, "circular", "krippendorff_alpha", (0.07449, 0.1046, -0.14053, 0.2895)),
    (RANDOM_30X3, "circular", "conger_kappa", (0.12591, 0.11079, -0.10104, 0.35285)),
    (RANDOM_30X3, "bipolar", "gwet_ac1", (0.14827, 0.14856, -0.15603, 0.45257)),
    (RANDOM_30X3, "bipolar", "brennan_prediger", (0.11111, 0.13905, -0.17373, 0.39595)),
    (RANDOM_30X3, "bipolar", "fleiss_kappa", (0.16423, 0.13113, -0.10438, 0.43284)),
    (RANDOM_30X3, "bipolar", "krippendorff_alpha", (0.10584, 0.11408, -0.12864, 0.34033)),
    (RANDOM_30X3, "bipolar", "conger_kappa", (0.16202, 0.12097, -0.08578, 0.40983)),
]  # fmt: skip


@pytest.mark.parametrize(("data", "weights", "coefficient", "published"), WEIGHTED_IRRCAC)
def test_weighted_coefficients_and_their_errors_reproduce_irrcac(
    data, weights, coefficient, published
):
    result = agreement_estimate(data, coefficient, weights=weights)
    got = (result.estimate, result.se, result.ci_low, result.ci_high)
    assert got == pytest.approx(published, abs=1.5e-5)


def test_agreement_weights_are_one_on_the_diagonal_and_custom_matrices_are_checked():
    for kind in ("linear", "quadratic", "ordinal", "radical", "ratio", "circular", "bipolar"):
        w = agreement_weights([1, 2, 3, 4, 5], kind)
        assert np.allclose(np.diag(w), 1) and (w >= 0).all() and (w <= 1).all()
        assert np.allclose(w, w.T)
    quadratic = agreement_weights([1, 2, 3, 4, 5], "quadratic")
    assert agreement_estimate(RAW4RATERS, "gwet_ac1", weights=quadratic).estimate == pytest.approx(
        agreement_estimate(RAW4RATERS, "gwet_ac1", weights="quadratic").estimate
    )
    with pytest.raises(InputError, match="5 × 5 matrix"):
        agreement_estimate(RAW4RATERS, "gwet_ac1", weights=np.eye(3))
    with pytest.raises(InputError, match="scale's order"):
        agreement_estimate([["a", "b", "c"], ["a", "c", "c"]], weights="linear")
    labelled = agreement_estimate(
        [["lo", "mid", "hi"], ["lo", "hi", "hi"]], weights="linear", categories=["lo", "mid", "hi"]
    )
    numbered = agreement_estimate([[1, 2, 3], [1, 3, 3]], weights="linear")
    assert labelled.estimate == pytest.approx(numbered.estimate)
    # Conger's kappa weighted as its estimate's coefficient
    assert conger_kappa(RAW4RATERS, weights="quadratic") == pytest.approx(0.85771, abs=1e-5)


# --------------------------------------------------------------------------------------------
# Contingency tables: irrCAC's *.table functions (Gwet, 2014, ch. 2-3). The values are those
# irrCAC's Python port asserts in test/unit/irrCAC/table/ (R: kappa2.table, scott2.table,
# gwet.ac1.table, krippen2.table with weights = <name>.weights(1:q)), to three decimals.
CONT4X4_KINDS = ["Schizophrenia", "Bipolar Disorder", "Depression", "Other"]
CONT4X4_DIAGNOSIS = pd.DataFrame(
    [[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]],
    index=CONT4X4_KINDS,
    columns=CONT4X4_KINDS,
)
PREGNANCIES = ["Ectopic", "AIU", "NIU"]
ABSTRACTOR_TABLE = pd.DataFrame(
    [[13, 0, 0], [0, 20, 7], [0, 4, 56]], index=PREGNANCIES, columns=PREGNANCIES
)
# (table, coefficient, weights): (estimate, se or None, ci_low, ci_high)
IRRCAC_TABLES = {
    ("diagnosis", "cohen_kappa", "identity"): (0.432, 0.046, 0.341, 0.522),
    ("diagnosis", "cohen_kappa", "bipolar"): (0.387, 0.061, 0.267, 0.507),
    ("diagnosis", "cohen_kappa", "circular"): (0.446, 0.049, 0.350, 0.542),
    ("diagnosis", "cohen_kappa", "linear"): (0.407, 0.053, 0.302, 0.512),
    ("diagnosis", "cohen_kappa", "ordinal"): (0.390, 0.062, 0.269, 0.512),
    ("diagnosis", "cohen_kappa", "quadratic"): (0.383, 0.066, 0.254, 0.513),
    ("diagnosis", "cohen_kappa", "radical"): (0.419, 0.048, 0.324, 0.515),
    ("diagnosis", "cohen_kappa", "ratio"): (0.413, 0.063, 0.288, 0.538),
    ("diagnosis", "scott_pi", "identity"): (0.430, 0.046, 0.339, 0.521),
    ("diagnosis", "scott_pi", "linear"): (0.406, 0.054, 0.300, 0.511),
    ("diagnosis", "scott_pi", "quadratic"): (0.382, 0.066, 0.252, 0.512),
    ("diagnosis", "scott_pi", "ratio"): (0.412, 0.063, 0.287, 0.538),
    ("diagnosis", "gwet_ac1", "identity"): (0.456, 0.043, 0.371, 0.542),
    ("diagnosis", "gwet_ac1", "bipolar"): (0.315, 0.068, 0.181, 0.450),
    ("diagnosis", "gwet_ac1", "linear"): (0.377, 0.056, 0.267, 0.488),
    ("diagnosis", "gwet_ac1", "quadratic"): (0.299, 0.075, 0.150, 0.447),
    ("diagnosis", "gwet_ac1", "ratio"): (0.359, 0.070, 0.221, 0.496),
    ("abstractors", "cohen_kappa", "identity"): (0.796, None, 0.680, 0.913),
    ("abstractors", "cohen_kappa", "quadratic"): (0.892, None, 0.822, 0.962),
    ("abstractors", "scott_pi", "identity"): (0.796, 0.059, 0.679, 0.913),
    ("abstractors", "scott_pi", "radical"): (0.819, 0.054, 0.712, 0.925),
    ("abstractors", "gwet_ac1", "identity"): (0.849, None, 0.764, 0.935),
    ("abstractors", "gwet_ac1", "ordinal"): (0.925, None, 0.881, 0.969),
    ("abstractors", "krippendorff_alpha", "identity"): (0.797, None, 0.680, 0.914),
    ("abstractors", "krippendorff_alpha", "linear"): (0.844, None, 0.748, 0.939),
    ("abstractors", "krippendorff_alpha", "quadratic"): (0.893, None, 0.822, 0.963),
    ("abstractors", "krippendorff_alpha", "ratio"): (0.927, None, 0.877, 0.977),
    ("abstractors", "krippendorff_alpha", "bipolar"): (0.873, None, 0.792, 0.953),
}


@pytest.mark.parametrize(("case", "published"), list(IRRCAC_TABLES.items()), ids=str)
def test_table_estimate_reproduces_irrcacs_contingency_table_results(case, published):
    name, coefficient, weights = case
    table = CONT4X4_DIAGNOSIS if name == "diagnosis" else ABSTRACTOR_TABLE
    result = table_estimate(table, coefficient, weights=weights)
    estimate, se, low, high = published
    assert round(result.estimate, 3) == pytest.approx(estimate)
    if se is not None:
        assert round(result.se, 3) == pytest.approx(se)
    assert (round(result.ci_low, 3), round(result.ci_high, 3)) == pytest.approx((low, high))
    assert result.coefficient == coefficient


def test_a_table_and_its_ratings_give_one_coefficient_and_the_raw_variance_times_n_1_over_n():
    ratings = ratings_from_table(CONT4X4_DIAGNOSIS)
    raw = agreement_estimate(ratings, "conger_kappa", categories=CONT4X4_KINDS)
    table = table_estimate(CONT4X4_DIAGNOSIS, "cohen_kappa")
    assert table.estimate == pytest.approx(cohen_kappa(*ratings), abs=1e-12)
    assert table.estimate == pytest.approx(raw.estimate, abs=1e-12)
    assert table.se**2 == pytest.approx(raw.se**2 * 222 / 223, rel=1e-12)
    # the columns may come in another order: they are put in the rows' order
    shuffled = CONT4X4_DIAGNOSIS[CONT4X4_KINDS[::-1]]
    assert table_estimate(shuffled, "cohen_kappa").estimate == pytest.approx(table.estimate)
    # an array with its categories reads as the DataFrame does
    as_array = table_estimate(CONT4X4_DIAGNOSIS.to_numpy(), "gwet_ac1", categories=CONT4X4_KINDS)
    assert as_array.estimate == pytest.approx(
        table_estimate(CONT4X4_DIAGNOSIS, "gwet_ac1").estimate
    )


def test_a_tables_weighted_brennan_prediger_counts_every_category_of_the_table():
    # weighted BP from a table was refused ("q cannot be combined with weights")
    kinds = list(ABSTRACTOR_TABLE.index)
    ratings = ratings_from_table(ABSTRACTOR_TABLE)
    for weights in ("identity", "quadratic"):
        table = table_estimate(ABSTRACTOR_TABLE, "brennan_prediger", weights=weights)
        raw = agreement_estimate(ratings, "brennan_prediger", categories=kinds, weights=weights)
        w = agreement_weights(kinds, weights)
        assert table.p_e == pytest.approx(w.sum() / len(kinds) ** 2)
        assert table.estimate == pytest.approx(raw.estimate, abs=1e-12)
        assert table.se**2 == pytest.approx(raw.se**2 * 99 / 100, rel=1e-12)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame([[1, 2]], index=["a"], columns=["a", "b"]), "name different categories"),
        (np.array([[1, 2, 3], [4, 5, 6]]), "square"),
        (np.array([[1, -2], [3, 4]]), "non-negative whole number"),
        (np.array([[1, 2.5], [3, 4]]), "non-negative whole number"),
        (pd.DataFrame([[1, "x"], [3, 4]], index=["a", "b"], columns=["a", "b"]), "whole number"),
    ],
)
def test_a_table_that_is_not_a_contingency_table_is_an_input_error(table, message):
    with pytest.raises(InputError, match=message):
        ratings_from_table(table)
    with pytest.raises(InputError):
        table_estimate(table)


# irrCAC's distrib.6raters: 15 psychiatric patients, 6 psychiatrists, 5 diagnoses.
DISTRIB_6RATERS = pd.DataFrame(
    [[0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
     [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
     [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]],
    columns=["Depression", "Personality Disorder", "Schizophrenia", "Neurosis", "Other"],
)  # fmt: skip

# (coefficient, weights): (coeff, stderr, conf.int, p.value, pa, pe) as irrCAC prints them.
# Unweighted: irrCAC's README, e.g. `fleiss.kappa.dist(distrib.6raters)`. Quadratic: the
# weighting vignette, `q <- ncol(distrib.6raters); fleiss.kappa.dist(distrib.6raters,
# weights = quadratic.weights(1:q))`, whose p-values (irrCAC 1.0 of 2019) are two-sided.
# Krippendorff's alpha: the estimate, pa and pe only; irrCAC's krippen.alpha.dist reports a
# standard error of another linearisation than its krippen.alpha.raw (see the docstring).
IRRCAC_DISTRIBUTIONS = {
    ("gwet_ac1", "identity"): (0.4448007, 0.08418757, (0.264, 0.625), 5.779637e-05,
                               0.5511111, 0.1914815),
    ("fleiss_kappa", "identity"): (0.4139265, 0.08119291, (0.24, 0.588), 8.113618e-05,
                                   0.5511111, 0.2340741),
    ("brennan_prediger", "identity"): (0.4388889, 0.08312142, (0.261, 0.617), 5.814998e-05,
                                       0.5511111, 0.2),
    ("krippendorff_alpha", "identity"): (0.4204384, None, None, None, 0.5560988, 0.2340741),
    ("gwet_ac1", "quadratic"): (0.4837438, 0.1058227, (0.257, 0.711), 0.0004356618 / 2,
                                0.8544444, 0.7180556),
    ("fleiss_kappa", "quadratic"): (0.2511909, 0.1457381, (-0.061, 0.564), 0.1067865 / 2,
                                    0.8544444, 0.8056173),
    ("brennan_prediger", "quadratic"): (0.4177778, 0.1067493, (0.189, 0.647),
                                        0.001559352 / 2, 0.8544444, 0.75),
    ("krippendorff_alpha", "quadratic"): (0.259511, None, None, None, 0.8560617, 0.8056173),
}  # fmt: skip


@pytest.mark.parametrize(("case", "printed"), list(IRRCAC_DISTRIBUTIONS.items()), ids=str)
def test_distribution_estimate_reproduces_irrcacs_dist_functions(case, printed):
    coefficient, weights = case
    result = distribution_estimate(DISTRIB_6RATERS, coefficient, weights=weights)
    estimate, se, interval, p_value, p_a, p_e = printed
    assert result.estimate == pytest.approx(estimate, abs=5e-7)
    assert (result.p_a, result.p_e) == pytest.approx((p_a, p_e), abs=5e-7)
    assert result.n_units == 15
    if se is not None:
        assert result.se == pytest.approx(se, rel=1e-6)
        assert (round(result.ci_low, 3), round(result.ci_high, 3)) == pytest.approx(interval)
        assert result.p_value == pytest.approx(p_value, rel=1e-6)


def test_distribution_estimate_of_coders_in_groups_of_columns():
    # irrCAC's README: `gwet.ac1.dist(cac.dist4cat[,2:4])$coeff` is 0.3518903 (the first
    # column names each unit's group and is left out).
    dist4cat = pd.DataFrame(
        [[3, 0, 1], [2, 1, 1], [2, 1, 1], [2, 0, 2], [3, 1, 0], [3, 1, 0], [0, 4, 0], [0, 3, 1],
         [0, 0, 4], [3, 1, 0], [0, 4, 0], [0, 3, 1], [0, 2, 2], [0, 0, 4], [3, 1, 0]],
        columns=["a", "b", "c"],
    )  # fmt: skip
    assert distribution_estimate(dist4cat, "gwet_ac1").estimate == pytest.approx(
        0.3518903, abs=5e-8
    )
    with_group = dist4cat.assign(Group=["A"] * 9 + ["B"] * 6)
    with pytest.raises(InputError, match=r"'A' in row 0, column 'Group'.*not a count"):
        distribution_estimate(with_group)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from(["identity", "quadratic", "ordinal"]),
    st.sampled_from(["percent_agreement", "gwet_ac1", "brennan_prediger", "fleiss_kappa",
                     "krippendorff_alpha"]),
)  # fmt: skip
def test_a_distribution_and_its_ratings_give_one_estimate(seed, weights, coefficient):
    """The same data as counts or as ratings (coders per unit varying, a category unused by
    all but listed) give the same estimate, variance and interval."""
    rng = np.random.default_rng(seed)
    n_units, q = int(rng.integers(3, 12)), int(rng.integers(2, 5))
    counts = np.zeros((n_units, q), dtype=int)
    for unit in range(n_units):
        n_coders = int(rng.integers(2, 6))
        np.add.at(counts[unit], rng.integers(0, q - 1, size=n_coders), 1)  # last column unused
    scale = [10, 20, 30, 40][:q]
    from_counts = distribution_estimate(counts, coefficient, categories=scale, weights=weights)
    ratings = ratings_from_distribution(counts, scale)
    assert ratings.shape == (counts.sum(axis=1).max(), n_units)
    from_ratings = agreement_estimate(
        ratings, coefficient, categories=scale, coders="rows", weights=weights
    )
    for field in ("estimate", "p_a", "p_e", "se", "ci_low", "ci_high"):
        assert getattr(from_counts, field) == pytest.approx(
            getattr(from_ratings, field), abs=1e-12, nan_ok=True
        ), field


def test_ratings_from_distribution_agree_with_krippendorffs_value_counts():
    """An independent implementation that takes the distribution itself: krippendorff's
    ``value_counts`` (units × values), at the nominal and ordinal levels."""
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 3, size=(20, 4))
    counts[counts.sum(axis=1) < 2, 0] += 2
    ratings = ratings_from_distribution(counts, [1, 2, 3, 4])
    for level in ("nominal", "ordinal", "interval"):
        expected = krippendorff.alpha(value_counts=counts, level_of_measurement=level)
        assert krippendorff_alpha(ratings, level=level) == pytest.approx(expected, abs=1e-12)
    # and Fleiss' kappa of the counts, every unit rated by as many coders (statsmodels)
    six = DISTRIB_6RATERS.to_numpy()
    assert distribution_estimate(six, "fleiss_kappa").estimate == pytest.approx(
        sm_fleiss_kappa(six), abs=1e-12
    )


@pytest.mark.parametrize(
    ("counts", "kwargs", "message"),
    [
        ([[1, -1], [2, 0]], {}, r"-1 in row 0, column 1.*not a count"),
        ([[1, 0.5], [2, 0]], {}, "not a count"),
        ([[1, 1], [2, 0]], {"coefficient": "conger_kappa"}, "coefficient"),
        ([[1, 1], [2, 0]], {"categories": ["a"]}, "categories"),
        ([[1, 1], [2, 0]], {"categories": ["a", "a"]}, "one category twice"),
        ([1, 2, 3], {}, "2-D"),
    ],
)
def test_a_distribution_that_cannot_be_read_is_an_input_error(counts, kwargs, message):
    with pytest.raises(InputError, match=message):
        distribution_estimate(counts, **kwargs)


@pytest.mark.parametrize("weights", ["identity", "linear", "quadratic", "ordinal", "radical",
                                     "ratio", "circular", "bipolar"])  # fmt: skip
def test_cohen_kappa_takes_every_weighting_as_irrcac(weights):
    # kappa2.table(cont4x4diagnosis, weights=...) (IRRCAC_TABLES): the coefficient itself
    first, second = ratings_from_table(CONT4X4_DIAGNOSIS)
    kappa = cohen_kappa(first, second, weights=weights, categories=CONT4X4_KINDS)
    assert round(kappa, 3) == IRRCAC_TABLES[("diagnosis", "cohen_kappa", weights)][0]
    # a matrix gives what its name gives
    matrix = agreement_weights([1, 2, 3, 4], weights)
    by_matrix = cohen_kappa(first, second, weights=matrix, categories=CONT4X4_KINDS)
    assert by_matrix == pytest.approx(kappa, abs=1e-12)


def test_cohen_kappa_refuses_a_weight_matrix_that_is_not_one():
    with pytest.raises(InputError, match="3 × 3 matrix"):
        cohen_kappa([1, 2, 3], [1, 2, 2], weights=np.array([[0, 1], [1, 0]]))
    with pytest.raises(InputError, match=re.escape("The 'weights' parameter of scott_pi")):
        scott_pi([1, 2, 3], [1, 2, 2], weights="cubic")


def test_scott_pi_reproduces_irrcac_and_is_fleiss_kappa_for_two_coders():
    first, second = ratings_from_table(ABSTRACTOR_TABLE)
    kinds = list(ABSTRACTOR_TABLE.index)
    for weights in ("identity", "radical"):
        expected = IRRCAC_TABLES[("abstractors", "scott_pi", weights)][0]
        assert round(scott_pi(first, second, weights=weights, categories=kinds), 3) == expected
    rng = np.random.default_rng(11)
    a, b = rng.integers(0, 4, 50), rng.integers(0, 4, 50)
    fleiss = agreement_estimate([a, b], "fleiss_kappa", weights="quadratic")
    assert scott_pi(a, b, weights="quadratic") == pytest.approx(fleiss.estimate, abs=1e-12)
    assert np.isnan(scott_pi([1, 1, 1], [1, 1, 1]))
