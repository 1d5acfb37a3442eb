"""Codes and topics across waves: planted change recovered, tests checked against statsmodels
and scipy, and studies without a second wave told so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.errors import InputError
from analysis.figures import wave_change_forest
from analysis.waves import (
    BY_WAVE_COLUMNS,
    CHANGE_COLUMNS,
    TRAJECTORY_COLUMNS,
    code_waves,
    paired_participants,
    study_waves,
    topic_waves,
    wave_change,
    wave_change_table,
    wave_prevalence_table,
    wave_trajectories,
    wave_trajectories_table,
)

#: Per wave, the chance that a participant's segment carries each item.
RATES = {"grows": (0.02, 0.20), "fades": (0.20, 0.02), "steady": (0.10, 0.10), "rare": (0.03, 0.03)}


def longitudinal_study(seed: int, n_twice: int = 14, n_once: int = 6, size: int = 30):
    """Participants interviewed at waves 1 and 2 (``n_twice``) or once, each interview with an
    interviewer turn and ``size`` own segments; each segment carries items at :data:`RATES`."""
    rng = np.random.default_rng(seed)
    segments, labels, interviews = [], [], []
    people = [(f"P{i:02d}", (1, 2)) for i in range(n_twice)]
    people += [(f"Q{i:02d}", (1 + i % 2,)) for i in range(n_once)]
    for pid, waves in people:
        for wave in waves:
            doc = f"{pid}_w{wave}"
            interviews.append({"doc_id": doc, "participant_id": pid, "wave": wave})
            segments.append({"segment_id": f"{doc}-0", "doc_id": doc, "participant_id": None,
                             "is_interviewer": True, "turn": 0, "text": "What has changed?"})  # fmt: skip
            for k in range(1, size + 1):
                sid = f"{doc}-{k}"
                words = " ".join(["word"] * int(rng.integers(3, 30)))
                segments.append({"segment_id": sid, "doc_id": doc, "participant_id": pid,
                                 "is_interviewer": False, "turn": k, "text": f"{sid} {words}"})  # fmt: skip
                for item, rates in RATES.items():
                    if rng.random() < rates[wave - 1]:
                        labels.append({"segment_id": sid, "code_id": item, "coder": "A"})
    return pd.DataFrame(segments), pd.DataFrame(interviews), pd.DataFrame(labels)


@pytest.mark.parametrize("seed", range(5))
def test_planted_growth_and_fading_come_back_for_every_seed(seed):
    segments, interviews, labels = longitudinal_study(seed)
    result = wave_change(segments, interviews, labels, seed=seed)
    change = result.change.set_index("item")
    assert list(result.change.columns) == list(CHANGE_COLUMNS)
    assert change.loc["grows", "direction"] == "grows"
    assert change.loc["fades", "direction"] == "fades"
    assert change.loc["grows", "ci_low"] > 0 and change.loc["fades", "ci_high"] < 0
    assert set(change.loc[["steady", "rare"], "direction"]) == {"no clear change"}
    assert (change["n_pairs"] == 14).all() and result.n_pairs == 14
    assert result.waves == (1, 2)


def test_mcnemar_is_statsmodels_exact_test_and_the_flip_test_is_scipys():
    from statsmodels.stats.contingency_tables import mcnemar

    segments, interviews, labels = longitudinal_study(3, n_twice=11, size=12)
    result = wave_change(segments, interviews, labels, seed=0)
    for item, row in result.change.set_index("item").iterrows():
        pairs = result.pairs[result.pairs["item"] == item]
        first, second = pairs["n_first"] > 0, pairs["n_second"] > 0
        table = pd.crosstab(first, second).reindex(index=[True, False], columns=[True, False],
                                                   fill_value=0)  # fmt: skip
        assert row["p_mcnemar"] == pytest.approx(mcnemar(table.to_numpy(), exact=True).pvalue)
        d = (pairs["share_second"] - pairs["share_first"]).to_numpy()
        exact = stats.permutation_test(
            (d,), np.mean, permutation_type="samples", n_resamples=np.inf, alternative="two-sided"
        )
        assert row["p_permutation"] == pytest.approx(exact.pvalue), item
        assert row["difference"] == pytest.approx(d.mean())
        assert row["ci_low"] <= row["difference"] <= row["ci_high"]


def test_holm_adjusts_over_the_items():
    from statsmodels.stats.multitest import multipletests

    segments, interviews, labels = longitudinal_study(1)
    change = wave_change(segments, interviews, labels, seed=0).change
    expected = multipletests(change["p_permutation"], method="holm")[1]
    np.testing.assert_allclose(change["p_holm"], expected)
    expected = multipletests(change["p_mcnemar"], method="holm")[1]
    np.testing.assert_allclose(change["p_mcnemar_holm"], expected)


def test_many_pairs_are_sign_flipped_by_sampling_with_the_observed_arrangement_counted():
    segments, interviews, labels = longitudinal_study(2, n_twice=20, size=10)
    change = wave_change(segments, interviews, labels, seed=0, n_resamples=500).change
    assert (change["p_permutation"] >= 1 / 501).all()
    exact = wave_change(segments, interviews, labels, seed=0, n_resamples=500).change
    pd.testing.assert_frame_equal(change, exact)  # sampled flips are seeded


def test_by_wave_counts_every_participant_interviewed_at_that_wave():
    segments, interviews, labels = longitudinal_study(0)
    by_wave = wave_change(segments, interviews, labels, seed=0).by_wave
    assert list(by_wave.columns) == list(BY_WAVE_COLUMNS)
    row = by_wave.set_index(["item", "wave"]).loc[("grows", 2)]
    own = segments[~segments["is_interviewer"]]
    at_two = own[own["doc_id"].str.endswith("_w2")]
    assert row["n_participants"] == at_two["participant_id"].nunique() == 17
    assert row["n_segments"] == len(at_two)
    carried = labels[
        (labels["code_id"] == "grows") & labels["segment_id"].isin(at_two["segment_id"])
    ]
    assert row["n_with_item"] == len(carried)
    assert row["prevalence"] == pytest.approx(len(carried) / len(at_two))
    holders = at_two[at_two["segment_id"].isin(carried["segment_id"])]["participant_id"].nunique()
    assert row["n_present"] == holders
    assert row["ci_low"] <= row["prevalence"] <= row["ci_high"]


def test_the_same_study_in_another_row_order_gives_identical_tables():
    segments, interviews, labels = longitudinal_study(4)
    first = wave_change(segments, interviews, labels, seed=7)
    shuffled = wave_change(
        segments.sample(frac=1, random_state=1),
        interviews.sample(frac=1, random_state=2),
        labels.sample(frac=1, random_state=3),
        seed=7,
    )
    pd.testing.assert_frame_equal(first.change, shuffled.change)
    pd.testing.assert_frame_equal(first.by_wave, shuffled.by_wave)


def test_two_coders_count_once_and_uncoded_documents_are_set_aside():
    segments, interviews, labels = longitudinal_study(0)
    twice = pd.concat([labels, labels.assign(coder="B")])
    coded = interviews["doc_id"][interviews["participant_id"] != "P00"]
    one = wave_change(segments, interviews, labels, seed=0, documents=coded)
    both = wave_change(segments, interviews, twice, seed=0, documents=coded)
    pd.testing.assert_frame_equal(one.change, both.change)
    assert one.n_pairs == 13  # P00's documents were not coded
    reasons = one.set_aside.set_index("what")["n"]
    assert reasons["segments of documents not looked at"] == 60
    assert reasons["interviewer turns"] == len(interviews)


def test_items_asked_for_but_never_applied_get_zero_rows():
    segments, interviews, labels = longitudinal_study(0)
    result = wave_change(segments, interviews, labels, seed=0, items=["grows", "never"])
    never = result.change.set_index("item").loc["never"]
    assert never[["first_only", "second_only", "both"]].tolist() == [0, 0, 0]
    assert never["p_permutation"] == 1.0 and never["direction"] == "no clear change"
    assert (result.by_wave.loc[result.by_wave["item"] == "never", "n_with_item"] == 0).all()


def test_waves_are_ordered_as_numbers_or_as_text():
    assert study_waves(pd.DataFrame({"wave": ["10", "2", "1"]})) == ["1", "2", "10"]
    assert study_waves(pd.DataFrame({"wave": ["T2", "T1"]})) == ["T1", "T2"]
    assert study_waves(None) == []
    interviews = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "participant_id": ["P1", "P1", "P2"],
            "wave": ["T1", "T2", "T1"],
        }
    )
    assert paired_participants(interviews) == ["P1"]


def test_an_interview_without_a_wave_is_set_aside_and_the_waves_stay_whole_numbers():
    segments, interviews, labels = longitudinal_study(0)
    gap = pd.DataFrame({"doc_id": ["X_w0"], "participant_id": ["X"], "wave": [None]})
    extra = pd.DataFrame({"segment_id": ["X_w0-1"], "doc_id": ["X_w0"], "participant_id": ["X"],
                          "is_interviewer": [False], "turn": [1], "text": ["no wave"]})  # fmt: skip
    result = wave_change(pd.concat([segments, extra]), pd.concat([interviews, gap]), labels,
                         seed=0)  # fmt: skip
    assert result.waves == (1, 2) and isinstance(result.waves[0], int)
    pd.testing.assert_frame_equal(
        result.change, wave_change(segments, interviews, labels, seed=0).change
    )
    assert result.set_aside.set_index("what").loc["segments without a wave", "n"] == 1


def test_a_study_with_one_wave_is_refused_and_one_without_pairs_gets_empty_change():
    segments, interviews, labels = longitudinal_study(0)
    with pytest.raises(InputError, match="1 wave"):
        wave_change(segments, interviews.assign(wave=1), labels, seed=0)
    with pytest.raises(InputError, match=r"no interviews at wave\(s\) \[3\]"):
        wave_change(segments, interviews, labels, seed=0, waves=(1, 3))
    with pytest.raises(InputError, match="interviews has no column 'wave'"):
        wave_change(segments, interviews.drop(columns="wave"), labels, seed=0)
    once = interviews.drop_duplicates("participant_id")
    result = wave_change(segments, once, labels, seed=0)
    assert result.n_pairs == 0 and result.change.empty and len(result.by_wave)
    assert code_waves(segments, interviews.assign(wave=1), labels, interviews, seed=0) is None
    everything = code_waves(segments, interviews, labels, None, seed=0)
    pd.testing.assert_frame_equal(everything.change, wave_change(segments, interviews, labels,
                                                                 seed=0).change)  # fmt: skip
    assert code_waves(segments, interviews, labels.iloc[:0], interviews, seed=0) is None


def test_trajectories_quote_each_wave_from_the_participants_own_segments():
    segments, interviews, labels = longitudinal_study(0)
    people = pd.DataFrame({"participant_id": [f"P{i:02d}" for i in range(14)], "role": "lw"})
    result = wave_change(segments, interviews, labels, seed=0)
    table = wave_trajectories(result, segments, people)
    assert list(table.columns) == ["participant_id", "role", *TRAJECTORY_COLUMNS[1:]]
    assert "neither" not in set(table["trajectory"])
    texts = segments.set_index("segment_id")["text"]
    for row in table.itertuples():
        for wave, quote, source, n in ((1, row.quote_first, row.source_first, row.n_first),
                                       (2, row.quote_second, row.source_second, row.n_second)):  # fmt: skip
            if n == 0:
                assert quote == "" and source == ""
                continue
            segment_id = quote.split(" ")[0]
            assert segment_id.startswith(f"{row.participant_id}_w{wave}-")
            assert texts[segment_id] == quote
            assert source == f"{row.participant_id}_w{wave}, turn {segment_id.split('-')[1]}"
            carried = labels[(labels["segment_id"] == segment_id) & (labels["code_id"] == row.item)]
            assert len(carried) == 1
    grows = table[table["item"] == "grows"]["trajectory"].tolist()
    assert grows == sorted(grows, key=["second only", "first only", "both"].index)
    readable = wave_trajectories_table(table, {"grows": "Grows"}, items=["grows"])
    assert set(readable["Item"]) == {"Grows"}
    assert readable["Wave 2"].str.endswith(")").all()


def test_change_table_and_figure_for_readers():
    segments, interviews, labels = longitudinal_study(0)
    change = wave_change(segments, interviews, labels, seed=0).change
    table = wave_change_table(change, {"grows": "Growing"})
    assert table.set_index("Code").loc["grows", "Name"] == "Growing"
    assert table.columns[-1] == "Direction"
    by_wave = wave_change(segments, interviews, labels, seed=0).by_wave
    prevalence = wave_prevalence_table(by_wave, {"grows": "Growing"}).set_index("Code")
    assert prevalence.loc["grows", "Wave 2: participants"] == "17 of 17"
    row = by_wave.set_index(["item", "wave"]).loc[("grows", 1)]
    assert prevalence.loc["grows", "Wave 1: segments (%, 95% CI)"] == (
        f"{100 * row['prevalence']:.1f} ({100 * row['ci_low']:.1f} to {100 * row['ci_high']:.1f})"
    )
    fig = wave_change_forest(change, groups={"grows": "Change", "fades": "Change"})
    labels_drawn = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels_drawn[:2] == ["fades", "grows"] and len(labels_drawn) == 4
    fig = wave_change_forest(change, max_items=2)
    assert len(fig.axes[0].get_yticklabels()) == 2
    assert "2 items with less evidence not shown" in fig.axes[0].get_xlabel()
    with pytest.raises(InputError, match="no column 'p_holm'"):
        wave_change_forest(change.drop(columns="p_holm"))


def test_topic_waves_report_the_stable_topics_of_substantive_segments():
    segments, interviews, labels = longitudinal_study(0)
    assignments = labels.drop_duplicates("segment_id").rename(columns={"code_id": "topic"})
    assignments = segments[["segment_id"]].merge(assignments[["segment_id", "topic"]], how="left")
    assignments["topic"] = assignments["topic"].map({"grows": 0, "fades": 1, "steady": 2,
                                                     "rare": 3})  # fmt: skip
    assignments["excluded"] = pd.NA
    topics = pd.DataFrame({"topic": [0, 1, 2, 3], "finding": [True, True, False, True],
                           "chatter": [False, False, False, True]})  # fmt: skip
    result = topic_waves(segments, interviews, topics, assignments, seed=0)
    assert result.change["item"].tolist() == [0, 1, 3]
    reasons = result.set_aside.set_index("what")["n"]
    assert "interviewer turns" not in reasons  # substantive segments are participants' own
    counted = result.labelled["segment_id"]
    assert not assignments.loc[assignments["topic"] == 3, "segment_id"].isin(counted).any()
