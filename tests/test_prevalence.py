"""Prevalence across groups with cluster bootstrap and cluster permutation, and p-value adjustment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.errors import InputError
from analysis.prevalence import (
    adjust_pvalues,
    dependence_units,
    largest_differences,
    prevalence,
    prevalence_difference,
)


def hand_table() -> pd.DataFrame:
    """Two interviews and two events; topic per segment."""
    return pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(10)],
            "doc_id": ["i1", "i1", "i1", "i1", "i2", "i2", "e1", "e1", "e2", "e2"],
            "source": ["interview"] * 6 + ["event"] * 4,
            "role": ["link worker"] * 4 + ["patient"] * 2 + [None] * 4,
            "topic": [0, 0, 1, 2, 1, 1, 2, 2, 2, 0],
        }
    )


def clustered_labels(
    seed: int,
    *,
    n_docs: int = 30,
    segments_per_doc: int = 10,
    prevalence_a: float = 0.5,
    prevalence_b: float = 0.5,
    spread: float = 0.2,
) -> pd.DataFrame:
    """Documents whose own share of topic 1 varies around their group's (beta, sd ``spread``), so
    segments of one document are alike: the situation that makes segments not independent."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        source, mean = ("interview", prevalence_a) if d < n_docs // 2 else ("event", prevalence_b)
        concentration = mean * (1 - mean) / spread**2 - 1
        share = rng.beta(mean * concentration, (1 - mean) * concentration)
        for s in range(segments_per_doc):
            rows.append(
                {
                    "segment_id": f"d{d}-s{s}",
                    "doc_id": f"d{d}",
                    "source": source,
                    "topic": int(rng.random() < share),
                }
            )
    return pd.DataFrame(rows)


# --- prevalence -----------------------------------------------------------------------------------


def test_prevalence_counts_each_groups_segments_exactly():
    table = prevalence(hand_table(), n_boot=50, seed=0).set_index(["source", "topic"])
    # interview: 6 segments, topic 0 in 2, topic 1 in 3, topic 2 in 1; event: 4 segments, 1/0/3.
    expected = {
        ("interview", 0): (6, 2, 2 / 6),
        ("interview", 1): (6, 3, 3 / 6),
        ("interview", 2): (6, 1, 1 / 6),
        ("event", 0): (4, 1, 1 / 4),
        ("event", 1): (4, 0, 0.0),
        ("event", 2): (4, 3, 3 / 4),
    }
    for key, (n_segments, n_with_item, share) in expected.items():
        row = table.loc[key]
        assert (row["n_segments"], row["n_with_item"]) == (n_segments, n_with_item)
        assert row["prevalence"] == pytest.approx(share, abs=1e-15)
        assert row["n_clusters"] == 2
    assert table.loc[("event", 1), ["ci_low", "ci_high"]].tolist() == [0.0, 0.0]


def test_prevalence_groups_by_several_columns_and_leaves_out_segments_without_a_group_value():
    table = prevalence(hand_table(), group=["source", "role"], n_boot=20, seed=0)
    assert set(map(tuple, table[["source", "role"]].drop_duplicates().to_numpy())) == {
        ("interview", "link worker"),
        ("interview", "patient"),
    }
    patient_topic_1 = table[(table["role"] == "patient") & (table["topic"] == 1)].iloc[0]
    assert (patient_topic_1["n_segments"], patient_topic_1["prevalence"]) == (2, 1.0)


def test_codes_in_long_presence_format_count_segments_with_the_code_over_all_segments():
    segments = hand_table().drop(columns="topic")
    # Two codes on s0, one duplicated by a second coder; s1-s3 and all events coded with nothing.
    codings = pd.DataFrame(
        {
            "segment_id": ["s0", "s0", "s0", "s4", "s5", "s6"],
            "code_id": ["HOLD", "DISC", "HOLD", "HOLD", "DISC", "HOLD"],
        }
    )
    table = prevalence(codings, item="code_id", segments=segments, n_boot=20, seed=0).set_index(
        ["source", "code_id"]
    )
    assert table.loc[("interview", "HOLD"), "n_with_item"] == 2  # s0 once, s4
    assert table.loc[("interview", "HOLD"), "prevalence"] == pytest.approx(2 / 6)
    assert table.loc[("interview", "DISC"), "prevalence"] == pytest.approx(2 / 6)
    assert table.loc[("event", "HOLD"), "prevalence"] == pytest.approx(1 / 4)
    assert table.loc[("event", "DISC"), "prevalence"] == 0.0


def test_rows_with_a_missing_item_count_as_segments_without_any_item():
    labels = pd.DataFrame(
        {
            "segment_id": ["a", "b", "b", "c"],
            "doc_id": ["d1", "d1", "d1", "d2"],
            "source": "interview",
            "code_id": ["HOLD", "HOLD", "DISC", None],
        }
    )
    table = prevalence(labels, item="code_id", n_boot=20, seed=0).set_index("code_id")
    assert table.loc["HOLD", "n_segments"] == 3
    assert table.loc["HOLD", "prevalence"] == pytest.approx(2 / 3)
    assert table.loc["DISC", "prevalence"] == pytest.approx(1 / 3)


def test_interval_contains_the_estimate_and_the_same_seed_gives_the_same_table():
    labels = clustered_labels(0)
    first = prevalence(labels, n_boot=300, seed=5)
    assert (first["ci_low"] <= first["prevalence"]).all()
    assert (first["prevalence"] <= first["ci_high"]).all()
    pd.testing.assert_frame_equal(first, prevalence(labels, n_boot=300, seed=5))
    other = prevalence(labels, n_boot=300, seed=6)
    assert not np.allclose(first["ci_low"], other["ci_low"])


def test_cluster_bootstrap_standard_error_matches_the_closed_form_for_equal_clusters():
    # With m clusters of equal size and cluster shares y_c, the cluster-bootstrap mean of the y_c
    # has variance sum((y_c - ybar)^2) / m^2 exactly; the 95% percentile interval should then be
    # about ybar +/- 1.96 sd.
    labels = clustered_labels(1, n_docs=60, segments_per_doc=10)
    interview = labels[labels["source"] == "interview"]
    shares = interview.groupby("doc_id")["topic"].mean().to_numpy()
    sd = np.sqrt(((shares - shares.mean()) ** 2).sum()) / len(shares)

    row = (
        prevalence(labels, n_boot=8000, seed=2)
        .query("source == 'interview' and topic == 1")
        .iloc[0]
    )

    assert row["prevalence"] == pytest.approx(shares.mean(), abs=1e-12)
    assert (row["ci_high"] - row["ci_low"]) / 2 == pytest.approx(1.96 * sd, rel=0.08)


def test_cluster_bootstrap_interval_is_wider_than_a_naive_segment_bootstrap_when_items_cluster():
    labels = clustered_labels(2, n_docs=40, segments_per_doc=15, spread=0.35)
    by_document = prevalence(labels, n_boot=1000, seed=0).query("topic == 1")
    by_segment = prevalence(labels, cluster=None, n_boot=1000, seed=0).query("topic == 1")
    width_document = (by_document["ci_high"] - by_document["ci_low"]).to_numpy()
    width_segment = (by_segment["ci_high"] - by_segment["ci_low"]).to_numpy()
    np.testing.assert_allclose(by_document["prevalence"], by_segment["prevalence"])
    assert (width_document > 1.8 * width_segment).all()


# --- prevalence_difference ------------------------------------------------------------------------


def test_difference_is_a_minus_b_with_interval_around_it():
    table = prevalence_difference(hand_table(), n_boot=200, n_perm=200, seed=0).set_index("topic")
    assert table["difference"].to_dict() == pytest.approx(
        {0: 2 / 6 - 1 / 4, 1: 3 / 6 - 0, 2: 1 / 6 - 3 / 4}
    )
    assert (table["n_segments_a"] == 6).all() and (table["n_segments_b"] == 4).all()
    assert (table["ci_low"] <= table["difference"]).all()
    assert (table["difference"] <= table["ci_high"]).all()


def test_permutation_p_value_is_small_for_a_planted_difference():
    labels = clustered_labels(3, prevalence_a=0.8, prevalence_b=0.2, spread=0.1)
    table = prevalence_difference(labels, n_boot=200, n_perm=999, seed=0).set_index("topic")
    assert table.loc[1, "difference"] > 0.4
    # No permutation of whole documents comes close: the smallest possible p-value.
    assert table.loc[1, "p_value"] == pytest.approx(1 / 1000)
    assert table.loc[1, "ci_low"] > 0.3


def null_p_values(cluster):
    return np.array(
        [
            prevalence_difference(
                clustered_labels(seed, n_docs=20, segments_per_doc=8, spread=0.3),
                cluster=cluster,
                n_boot=1,
                n_perm=199,
                seed=seed,
            )
            .set_index("topic")
            .loc[1, "p_value"]
            for seed in range(120)
        ]
    )


def test_permutation_p_values_are_roughly_uniform_under_the_null_despite_clustering():
    p_values = null_p_values("doc_id")
    # 120 null data sets: the count below 0.05 is binomial(120, 0.05) (mean 6); 15 or more has
    # probability < 0.001.
    assert (p_values < 0.05).sum() < 15
    assert stats.kstest(p_values, "uniform").pvalue > 0.001
    # Permuting single segments ignores the clustering and rejects a true null far too often
    # (24 of 120 with these seeds).
    assert (null_p_values(None) < 0.05).sum() >= 15


def test_same_seed_same_differences_and_p_values_do_not_depend_on_n_boot():
    labels = clustered_labels(4)
    first = prevalence_difference(labels, n_boot=100, n_perm=100, seed=9)
    pd.testing.assert_frame_equal(
        first, prevalence_difference(labels, n_boot=100, n_perm=100, seed=9)
    )
    more_boot = prevalence_difference(labels, n_boot=300, n_perm=100, seed=9)
    np.testing.assert_array_equal(first["p_value"], more_boot["p_value"])


def test_p_values_are_adjusted_over_items():
    table = prevalence_difference(hand_table(), n_boot=50, n_perm=200, adjust="fdr_bh", seed=0)
    np.testing.assert_allclose(
        table["p_adjusted"], multipletests(table["p_value"], method="fdr_bh")[1]
    )
    assert "p_adjusted" not in prevalence_difference(
        hand_table(), n_boot=5, n_perm=5, adjust=None, seed=0
    )


def test_a_cluster_in_both_groups_cannot_be_permuted_and_is_rejected():
    labels = hand_table()
    labels.loc[labels["segment_id"] == "s9", "doc_id"] = "i1"
    with pytest.raises(InputError, match="'i1' has segments in both"):
        prevalence_difference(labels, n_boot=5, n_perm=5, seed=0)


def test_a_group_value_with_no_segments_is_rejected():
    with pytest.raises(InputError, match="no segments have source == 'workshop'"):
        prevalence_difference(hand_table(), b="workshop", n_boot=5, n_perm=5, seed=0)


# --- adjust_pvalues ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
@pytest.mark.parametrize("seed", range(5))
def test_adjusted_p_values_equal_statsmodels_multipletests(method, seed):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(0, 0.05, 5), rng.uniform(0, 1, 25), [0.2, 0.2, 1.0, 0.0]])
    rng.shuffle(p)
    # > multipletests(p, method=method)[1]
    np.testing.assert_allclose(
        adjust_pvalues(p, method), multipletests(p, method=method)[1], atol=1e-12, rtol=0
    )


def test_adjust_pvalues_keeps_nan_out_of_the_count():
    p = [0.01, np.nan, 0.04]
    adjusted = adjust_pvalues(p, "holm")
    assert np.isnan(adjusted[1])
    np.testing.assert_allclose(adjusted[[0, 2]], multipletests([0.01, 0.04], method="holm")[1])


def test_adjust_pvalues_rejects_unknown_methods_and_values_outside_zero_one():
    with pytest.raises(InputError, match="'method' parameter"):
        adjust_pvalues([0.1], "bonferroni")
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        adjust_pvalues([1.2])


# --- largest_differences and validation --------------------------------------------------------


def test_largest_differences_sorts_by_absolute_difference_with_nan_last():
    table = pd.DataFrame({"topic": [0, 1, 2, 3], "difference": [0.1, -0.5, np.nan, 0.3]})
    assert largest_differences(table, n=10)["topic"].tolist() == [1, 3, 0, 2]
    assert largest_differences(table, n=2)["topic"].tolist() == [1, 3]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ci": 1.5}, "'ci' parameter of prevalence must be a float in the range"),
        ({"n_boot": 0}, "'n_boot' parameter"),
        ({"cluster": "participant_id"}, r"lacks column\(s\) \['participant_id'\]"),
    ],
)
def test_prevalence_rejects_bad_input_with_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        prevalence(hand_table(), **{"seed": 0, **kwargs})


def test_a_segment_without_a_cluster_is_rejected():
    labels = hand_table()
    labels.loc[0, "doc_id"] = None
    with pytest.raises(InputError, match="has no doc_id"):
        prevalence(labels, n_boot=5, seed=0)


def survey_and_interviews(n_respondents: int = 30, seed: int = 0):
    """Two interviews and a wide survey of ``n_respondents`` rows, two questions each."""
    rng = np.random.default_rng(seed)
    rows = [
        {"segment_id": f"I{d}-{t}", "doc_id": f"I{d}", "source": "interview",
         "participant_id": f"P{d}", "speaker": f"P{d}", "turn": t}
        for d in (1, 2) for t in range(5)
    ]  # fmt: skip
    rows += [
        {"segment_id": f"survey-{r:04d}-q{q}", "doc_id": "survey", "source": "survey",
         "participant_id": None, "speaker": None, "turn": r}
        for r in range(1, n_respondents + 1) for q in (1, 2)
    ]  # fmt: skip
    segments = pd.DataFrame(rows)
    has = rng.random(len(segments)) < 0.4
    labels = segments.loc[has, ["segment_id"]].assign(code_id="A")
    return segments, labels


def test_dependence_units_are_documents_for_conversations_and_respondents_for_a_survey():
    segments, _ = survey_and_interviews(n_respondents=4)
    units = dependence_units(segments)
    interviews = units[segments["source"] == "interview"]
    assert set(interviews) == {"doc:I1", "doc:I2"}
    survey = units[segments["source"] == "survey"]
    assert survey.nunique() == 4  # each respondent's two answers together
    assert survey.iloc[0] == survey.iloc[1] == "doc:survey/row:1"
    named = segments.copy()
    named.loc[named["source"] == "survey", "participant_id"] = "PX"
    assert set(dependence_units(named)[segments["source"] == "survey"]) == {
        "doc:survey/respondent:PX"
    }
    by_person = dependence_units(named, by="participant")
    assert by_person.iloc[0] == "participant:P1"
    with pytest.raises(InputError, match="'by'"):
        dependence_units(segments, by="row")


def test_a_survey_interval_resamples_respondents_and_is_not_collapsed_to_its_estimate():
    segments, labels = survey_and_interviews(n_respondents=60)
    segments = segments.assign(cluster=dependence_units(segments))
    table = prevalence(labels, item="code_id", group="source", cluster="cluster",
                       segments=segments, n_boot=2000, seed=1)  # fmt: skip
    survey = table.set_index("source").loc["survey"]
    assert survey["n_clusters"] == 60 and survey["n_segments"] == 120
    assert survey["ci_low"] < survey["prevalence"] < survey["ci_high"]
    # the percentile interval is about as wide as the normal interval over respondents
    per_respondent = (
        segments[segments["source"] == "survey"]
        .assign(has=lambda t: t["segment_id"].isin(labels["segment_id"]))
        .groupby("cluster")["has"]
        .mean()
    )
    half_width = 1.96 * per_respondent.std(ddof=1) / np.sqrt(len(per_respondent))
    assert (survey["ci_high"] - survey["ci_low"]) / 2 == pytest.approx(half_width, rel=0.25)
    by_file = prevalence(labels, item="code_id", group="source", cluster="doc_id",
                         segments=segments, n_boot=200, seed=1)  # fmt: skip
    collapsed = by_file.set_index("source").loc["survey"]
    assert collapsed["n_clusters"] == 1 and collapsed["ci_low"] == collapsed["ci_high"]
