"""Codebook against topics, code co-occurrence and code prevalence across sources."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.compare import (
    CodesTopics,
    code_differences,
    code_prevalence,
    codes_vs_topics,
    cooccurrence,
    cooccurrence_matrix,
)
from analysis.config import PROJ_ROOT
from analysis.demo.plan import CODES_V1, EMERGENT_THEMES
from analysis.errors import InputError

DEMO = PROJ_ROOT / "data" / "raw" / "demo"
TRUTH = PROJ_ROOT / "data" / "raw" / "demo" / "truth"


# --- a hand-made study ------------------------------------------------------------------------
#
# Document d1, coded by R1 and R2: an interviewer turn s0 and participant turns s1..s8.
# Document d2, coded by nobody: s9, s10.
#
#   segment  topic  R1   R2   any      all  R2 only
#   s0       -      -    -    (interviewer: never a unit)
#   s1       0      A    A    A        A    A
#   s2       0      A         A
#   s3       0      A         A
#   s4       0           B    B                 B
#   s5       1      B         B
#   s6       1           B    B                 B
#   s7       2                -
#   s8       2                -
#   s9, s10  2      (document d2, outside coverage)


def hand_segments() -> pd.DataFrame:
    ids = [f"s{i}" for i in range(11)]
    return pd.DataFrame(
        {
            "segment_id": ids,
            "doc_id": ["d1"] * 9 + ["d2"] * 2,
            "source": "interview",
            "speaker": ["Interviewer"] + ["P1"] * 8 + ["P2"] * 2,
            "participant_id": [None] + ["P1"] * 8 + ["P2"] * 2,
            "role": ["interviewer"] + ["link_worker"] * 8 + ["patient"] * 2,
            "turn": range(1, 12),
            "text": [f"text {i}" for i in range(11)],
            "is_interviewer": [True] + [False] * 10,
        }
    )


def hand_codings() -> pd.DataFrame:
    rows = [
        ("s1", "A", "R1"),
        ("s2", "A", "R1"),
        ("s3", "A", "R1"),
        ("s1", "A", "R2"),
        ("s5", "B", "R1"),
        ("s4", "B", "R2"),
        ("s6", "B", "R2"),
    ]
    return pd.DataFrame(rows, columns=["segment_id", "code_id", "coder"])


def hand_assignments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(11)],
            "topic": pd.array([pd.NA, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2], dtype="Int64"),
            "probability": [np.nan, 0.9, 0.8, 0.7, 0.6, 0.9, 0.8, 0.9, 0.5, 0.95, 0.4],
        }
    )


def hand_topics() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "topic": [0, 1, 2],
            "size": [4, 2, 4],
            "label": ["alpha", "beta", "gamma"],
            "words": ["a; b", "c; d", "e; f"],
        }
    )


COVERAGE = pd.DataFrame({"doc_id": ["d1", "d1"], "coder": ["R1", "R2"]})


def hand_result(**kwargs) -> CodesTopics:
    return codes_vs_topics(
        hand_codings(),
        hand_assignments(),
        hand_topics(),
        segments=hand_segments(),
        coverage=COVERAGE,
        **kwargs,
    )


def score(table: pd.DataFrame, code: str, topic: int) -> pd.Series:
    return table.set_index(["code_id", "topic"]).loc[(code, topic)]


def test_units_are_the_non_interviewer_segments_of_coded_documents():
    result = hand_result()
    assert result.n_units == 8
    assert result.units["segment_id"].tolist() == [f"s{i}" for i in range(1, 9)]
    assert result.overall.loc[0, "n_units"] == 8


def test_contingency_counts_units_per_code_and_topic_with_uncoded_row():
    wide = hand_result().crosstab()
    # A: s1-s3 in topic 0. B: s4 in topic 0, s5 and s6 in topic 1. Uncoded: s7, s8 in topic 2.
    assert wide.loc["A"].tolist() == [3, 0, 0]
    assert wide.loc["B"].tolist() == [1, 2, 0]
    assert wide.loc["(uncoded)"].tolist() == [0, 0, 2]
    assert wide.index[-1] == "(uncoded)"


def test_precision_recall_and_f1_match_hand_computation():
    scores = hand_result().scores
    # A-0: 3 of topic 0's 4 units, all 3 of A's: P 3/4, R 1, F1 = 2*3/(3+4) = 6/7.
    a0 = score(scores, "A", 0)
    assert (a0["n_code"], a0["n_topic"], a0["n_both"]) == (3, 4, 3)
    assert a0["precision"] == pytest.approx(3 / 4)
    assert a0["recall"] == pytest.approx(1.0)
    assert a0["f1"] == pytest.approx(6 / 7)
    # B-0: P 1/4, R 1/3, F1 = 2/7. B-1: P 2/2, R 2/3, F1 = 4/5.
    assert score(scores, "B", 0)["f1"] == pytest.approx(2 / 7)
    b1 = score(scores, "B", 1)
    assert (b1["precision"], b1["recall"], b1["f1"]) == pytest.approx((1.0, 2 / 3, 0.8))
    assert score(scores, "A", 2)["f1"] == 0.0


def test_best_topic_and_matching_pair_each_code_with_its_topic():
    result = hand_result()
    assert result.best[["code_id", "topic"]].values.tolist() == [["A", 0], ["B", 1]]
    assert result.matching[["code_id", "topic"]].values.tolist() == [["A", 0], ["B", 1]]
    assert result.matching["label"].tolist() == ["alpha", "beta"]
    assert result.uncaptured.empty


def test_hungarian_matching_gives_up_a_best_topic_for_a_larger_total_f1():
    # Topic 0: u0..u9, topic 1: v0..v9. A on u0..u7 and v0..v5 (14), B on u0..u7 (8).
    # F1(A,0) = 16/24 = .667, F1(A,1) = 12/24 = .5, F1(B,0) = 16/18 = .889, F1(B,1) = 0.
    # Both codes' best topic is 0; one-to-one, A-1 + B-0 = 1.389 beats A-0 + B-1 = .667.
    ids = [f"u{i}" for i in range(10)] + [f"v{i}" for i in range(10)]
    segments = pd.DataFrame({"segment_id": ids, "doc_id": "d1"})
    assignments = pd.DataFrame({"segment_id": ids, "topic": [0] * 10 + [1] * 10})
    coded_a = [f"u{i}" for i in range(8)] + [f"v{i}" for i in range(6)]
    coded_b = [f"u{i}" for i in range(8)]
    codings = pd.DataFrame(
        {
            "segment_id": coded_a + coded_b,
            "code_id": ["A"] * len(coded_a) + ["B"] * len(coded_b),
            "coder": "R1",
        }
    )
    topics = pd.DataFrame({"topic": [0, 1], "label": ["t0", "t1"], "words": ["x", "y"]})
    result = codes_vs_topics(codings, assignments, topics, segments=segments)
    assert result.best[["code_id", "topic"]].values.tolist() == [["A", 0], ["B", 0]]
    assert result.matching[["code_id", "topic"]].values.tolist() == [["A", 1], ["B", 0]]
    assert result.matching["f1"].tolist() == pytest.approx([0.5, 16 / 18])


def test_overall_nmi_and_ari_equal_scikit_learns_on_primary_codes():
    result = hand_result()
    primary = ["A", "A", "A", "B", "B", "B", "(uncoded)", "(uncoded)"]
    topics = [0, 0, 0, 0, 1, 1, 2, 2]
    assert result.units["primary_code"].tolist() == primary
    overall = result.overall.loc[0]
    assert overall["nmi"] == pytest.approx(normalized_mutual_info_score(primary, topics))
    assert overall["ari"] == pytest.approx(adjusted_rand_score(primary, topics))
    assert (overall["n_coded"], overall["n_multi_coded"], overall["n_topics"]) == (6, 0, 3)


def test_primary_code_prefers_more_coders_then_the_more_frequent_code():
    segments = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4"], "doc_id": "d1"})
    codings = pd.DataFrame(
        [
            ("s1", "A", "R1"),
            ("s1", "B", "R1"),
            ("s1", "B", "R2"),  # B: two coders beat A's one, though A is more frequent
            ("s2", "A", "R1"),
            ("s2", "C", "R2"),  # one coder each: A (3 units) beats C (1 unit)
            ("s3", "A", "R1"),
        ],
        columns=["segment_id", "code_id", "coder"],
    )
    assignments = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4"], "topic": [0, 0, 0, 0]})
    topics = pd.DataFrame({"topic": [0], "label": ["t"], "words": ["w"]})
    result = codes_vs_topics(codings, assignments, topics, segments=segments)
    assert result.units["primary_code"].tolist() == ["B", "A", "A", "(uncoded)"]
    assert result.units["codes"].tolist() == ["A; B", "A; C", "A", ""]
    assert result.overall.loc[0, "n_multi_coded"] == 2


def test_rule_all_keeps_only_codes_both_coders_applied_and_reports_uncaptured():
    result = hand_result(rule="all")
    # Both coders applied only A on s1; nobody-agreed B has no unit and no topic.
    assert result.crosstab().loc["A"].tolist() == [1, 0, 0]
    assert result.crosstab().loc["B"].tolist() == [0, 0, 0]
    assert result.uncaptured["code_id"].tolist() == ["B"]
    assert pd.isna(result.uncaptured.loc[0, "topic"])
    # A on s1 of topic 0's four units: F1 = 2/(1+4) = 0.4, still above min_f1 = 0.3.
    assert result.best.set_index("code_id").loc["A", "f1"] == pytest.approx(0.4)


def test_rule_naming_a_coder_uses_only_that_coders_codings():
    result = hand_result(rule="R2")
    assert result.crosstab().loc["A"].tolist() == [1, 0, 0]
    assert result.crosstab().loc["B"].tolist() == [1, 1, 0]
    assert result.settings["coders"] == ["R2"]


def test_without_coverage_documents_nobody_coded_are_left_out_and_with_it_counted():
    without = codes_vs_topics(
        hand_codings(), hand_assignments(), hand_topics(), segments=hand_segments()
    )
    assert without.n_units == 8
    coverage = pd.concat([COVERAGE, pd.DataFrame({"doc_id": ["d2"], "coder": ["R1"]})])
    wider = codes_vs_topics(
        hand_codings(),
        hand_assignments(),
        hand_topics(),
        segments=hand_segments(),
        coverage=coverage,
    )
    assert wider.n_units == 10
    assert wider.crosstab().loc["(uncoded)"].tolist() == [0, 0, 4]


def test_min_f1_decides_which_codes_count_as_uncaptured():
    # Best F1: A 6/7 = .857, B 4/5 = .8.
    assert hand_result(min_f1=0.85).uncaptured["code_id"].tolist() == ["B"]
    assert hand_result(min_f1=0.9).uncaptured["code_id"].tolist() == ["A", "B"]


def emergent_study() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Three topics of ten units; topic 2 is planted emergent: one of its units is coded."""
    ids = [f"t{topic}-{i:02d}" for topic in range(3) for i in range(10)]
    segments = pd.DataFrame(
        {
            "segment_id": [*ids, "x-int", "y-01"],
            "doc_id": ["d1"] * 31 + ["d2"],
            "source": "interview",
            "speaker": ["P1"] * 30 + ["Interviewer", "P2"],
            "participant_id": ["P1"] * 30 + [None, "P2"],
            "role": ["link_worker"] * 30 + ["interviewer", "patient"],
            "text": [f"about {s}" for s in ids] + ["a question", "outside the coded documents"],
            "is_interviewer": [False] * 30 + [True, False],
        }
    )
    probability = [0.5] * 20 + [0.3, 0.9, 0.2, 0.8, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1]
    assignments = pd.DataFrame(
        {
            "segment_id": [*ids, "x-int", "y-01"],
            "topic": [0] * 10 + [1] * 10 + [2] * 10 + [2, 2],
            # the interviewer's turn is most typical but never quoted; y-01 (uncoded document)
            # is quoted; t2-01 (0.9) is coded, so not quoted.
            "probability": [*probability, 0.99, 0.85],
        }
    )
    codings = pd.DataFrame(
        {
            "segment_id": ids[:20] + ["t2-01"],
            "code_id": ["A"] * 10 + ["B"] * 10 + ["A"],
            "coder": "R1",
        }
    )
    topics = pd.DataFrame(
        {
            "topic": [-1, 0, 1, 2],
            "size": [0, 10, 10, 12],
            "label": ["Outliers", "a", "b", "caseload, burnout"],
            "words": ["", "a", "b", "caseload; burnout; stress"],
        }
    )
    return segments, codings, assignments, topics


def test_planted_emergent_topic_is_offered_with_words_and_uncoded_quotes():
    segments, codings, assignments, topics = emergent_study()
    result = codes_vs_topics(codings, assignments, topics, segments=segments, n_quotes=3)
    emergent = result.emergent
    assert emergent["topic"].tolist() == [2]
    row = emergent.iloc[0]
    assert (row["n_units"], row["n_coded"], row["share_coded"]) == (10, 1, pytest.approx(0.1))
    assert (row["label"], row["words"], row["size"]) == (
        "caseload, burnout",
        "caseload; burnout; stress",
        12,
    )
    quotes = result.emergent_quotes
    # Uncoded non-interviewer segments by probability: y-01 .85, t2-03 .8 and t2-04 .8 (tie:
    # smaller segment_id first).
    assert quotes["segment_id"].tolist() == ["y-01", "t2-03", "t2-04"]
    assert quotes["rank"].tolist() == [1, 2, 3]
    assert {"speaker", "participant_id", "role", "text"} <= set(quotes.columns)
    assert quotes.loc[0, "role"] == "patient"


def test_emergent_thresholds_and_repeat_calls_give_the_same_tables():
    segments, codings, assignments, topics = emergent_study()
    first = codes_vs_topics(codings, assignments, topics, segments=segments)
    again = codes_vs_topics(codings, assignments, topics, segments=segments)
    pd.testing.assert_frame_equal(first.emergent_quotes, again.emergent_quotes)
    pd.testing.assert_frame_equal(first.scores, again.scores)
    strict = codes_vs_topics(
        codings, assignments, topics, segments=segments, emergent_max_coded=0.1
    )
    assert strict.emergent.empty  # share coded 0.1 is not below 0.1
    small = codes_vs_topics(codings, assignments, topics, segments=segments, emergent_min_units=11)
    assert small.emergent.empty


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rule": "R9"}, "'rule' parameter"),
        ({"coders": ["R9"]}, "applied no code"),
        ({"min_f1": 1.5}, "'min_f1' parameter"),
        ({"emergent_min_units": 0}, "'emergent_min_units' parameter"),
    ],
)
def test_bad_arguments_raise_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        hand_result(**kwargs)


def test_codings_or_assignments_naming_unknown_segments_raise_input_error():
    codings = pd.concat(
        [
            hand_codings(),
            pd.DataFrame([["zz", "A", "R1"]], columns=["segment_id", "code_id", "coder"]),
        ]
    )
    with pytest.raises(InputError, match="not in segments"):
        codes_vs_topics(codings, hand_assignments(), hand_topics(), segments=hand_segments())
    assignments = pd.concat(
        [hand_assignments(), pd.DataFrame({"segment_id": ["zz"], "topic": [0]})]
    )
    with pytest.raises(InputError, match="not in segments"):
        codes_vs_topics(hand_codings(), assignments, hand_topics(), segments=hand_segments())


# --- co-occurrence ----------------------------------------------------------------------------
#
# d1 in turn order (the interviewer's turn 2 is no position): p0 {A, B}, p1 {A}, p2 {}, p3 {B};
# d2: p0 {A}. A = {d1p0, d1p1, d2p0}, B = {d1p0, d1p3}, |A ∪ B| = 4.


def window_study() -> tuple[pd.DataFrame, pd.DataFrame]:
    segments = pd.DataFrame(
        {
            "segment_id": ["d1-1", "d1-2", "d1-3", "d1-4", "d1-5", "d2-1"],
            "doc_id": ["d1"] * 5 + ["d2"],
            "turn": [1, 2, 3, 4, 5, 1],
            "is_interviewer": [False, True, False, False, False, False],
        }
    ).iloc[[4, 0, 5, 2, 1, 3]]  # row order must not matter, turn order does
    codings = pd.DataFrame(
        [
            ("d1-1", "A", "R1"),
            ("d1-1", "B", "R2"),
            ("d1-3", "A", "R1"),
            ("d1-5", "B", "R1"),
            ("d2-1", "A", "R2"),
        ],
        columns=["segment_id", "code_id", "coder"],
    )
    return segments, codings


def pair(table: pd.DataFrame, a: str, b: str) -> pd.Series:
    return table.set_index(["code_a", "code_b"]).loc[(a, b)]


def test_cooccurrence_within_a_segment_counts_shared_segments_and_jaccard():
    segments, codings = window_study()
    table = cooccurrence(codings, segments)
    ab = pair(table, "A", "B")
    # A ∩ B = {d1p0}: 1 of |A ∪ B| = 4.
    assert (ab["n_a"], ab["n_b"], ab["n_both"], ab["n_either"]) == (3, 2, 1, 4)
    assert ab["jaccard"] == pytest.approx(1 / 4)
    aa = pair(table, "A", "A")
    assert (aa["n_both"], aa["jaccard"]) == (3, 1.0)
    assert table[["code_a", "code_b"]].values.tolist() == [["A", "A"], ["A", "B"], ["B", "B"]]


def test_cooccurrence_window_reaches_neighbours_in_the_same_document_only():
    segments, codings = window_study()
    # w=1: A near d1p0-p2 and d2p0; B near d1p0-p3. A ∩ B+ = {d1p0, d1p1}, B ∩ A+ = {d1p0}:
    # 2. Counting the interviewer's turn as a position would leave 1; crossing from d1p3 (B)
    # to d2p0 (A) would make 3.
    one = pair(cooccurrence(codings, segments, window=1), "A", "B")
    assert (one["n_both"], one["jaccard"]) == (2, pytest.approx(2 / 4))
    # w=2: A+ covers d1p0-p3, so B's d1p3 joins: {d1p0, d1p1, d1p3} = 3.
    two = pair(cooccurrence(codings, segments, window=2), "A", "B")
    assert (two["n_both"], two["jaccard"]) == (3, pytest.approx(3 / 4))


def test_cooccurrence_matrix_is_symmetric_with_code_frequency_on_the_diagonal():
    segments, codings = window_study()
    table = cooccurrence(codings, segments)
    counts = cooccurrence_matrix(table, "n_both")
    assert counts.values.tolist() == [[3, 1], [1, 2]]
    jaccard = cooccurrence_matrix(table)
    assert jaccard.loc["B", "A"] == jaccard.loc["A", "B"] == pytest.approx(0.25)
    with pytest.raises(InputError, match="'value' parameter"):
        cooccurrence_matrix(table, "lift")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 11), st.sampled_from(["A", "B", "C"])), min_size=1, max_size=30
    )
)
def test_cooccurrence_is_set_jaccard_at_window_zero_and_grows_with_the_window(applied):
    segments = pd.DataFrame(
        {"segment_id": [f"s{i:02d}" for i in range(12)], "doc_id": ["d1"] * 6 + ["d2"] * 6}
    )
    codings = pd.DataFrame(
        {
            "segment_id": [f"s{i:02d}" for i, _ in applied],
            "code_id": [code for _, code in applied],
            "coder": "R1",
        }
    )
    sets = codings.groupby("code_id")["segment_id"].agg(set)
    previous = None
    for window in (0, 1, 3):
        table = cooccurrence(codings, segments, window=window)
        assert ((table["jaccard"] >= 0) & (table["jaccard"] <= 1)).all()
        if window == 0:
            for row in table.itertuples():
                a, b = sets[row.code_a], sets[row.code_b]
                assert row.jaccard == pytest.approx(len(a & b) / len(a | b))
        else:
            assert (table["n_both"].to_numpy() >= previous).all()
        previous = table["n_both"].to_numpy()


# --- prevalence across sources ----------------------------------------------------------------


def test_code_prevalence_counts_units_of_coded_documents_clustered_by_document():
    table = code_prevalence(
        hand_codings(), hand_segments(), group="role", coverage=COVERAGE, n_boot=50, seed=1
    )
    # Units: s1..s8 (link worker, d1); d2's patient is outside coverage, the interviewer is out.
    assert table["role"].unique().tolist() == ["link_worker"]
    rows = table.set_index("code_id")
    assert rows.loc["A", "n_segments"] == 8
    assert rows.loc["A", "prevalence"] == pytest.approx(3 / 8)
    assert rows.loc["B", "prevalence"] == pytest.approx(3 / 8)
    assert rows.loc["A", "n_clusters"] == 1


def test_participant_clusters_join_a_participants_interviews_and_keep_events_by_document():
    segments = pd.DataFrame(
        {
            "segment_id": ["a1", "a2", "b1", "c1", "e1", "e2", "f1"],
            "doc_id": ["P1_w1", "P1_w1", "P1_w2", "P2_w1", "E1-notes", "E1-notes", "E2-notes"],
            "source": ["interview"] * 4 + ["event"] * 3,
            "participant_id": ["P1", "P1", "P1", "P2", None, None, None],
        }
    )
    codings = pd.DataFrame(
        {"segment_id": ["a1", "b1", "c1", "e1", "f1"], "code_id": "A", "coder": "R1"}
    )
    by_document = code_prevalence(codings, segments, n_boot=20, seed=0).set_index("source")
    by_person = code_prevalence(codings, segments, n_boot=20, cluster="participant", seed=0)
    by_person = by_person.set_index("source")
    assert by_document.loc["interview", "n_clusters"] == 3
    assert by_person.loc["interview", "n_clusters"] == 2
    assert by_person.loc["event", "n_clusters"] == 2
    with pytest.raises(InputError, match="'cluster' parameter"):
        code_prevalence(codings, segments, cluster="segment", seed=0)


def test_code_differences_same_seed_gives_the_same_table():
    segments, codings = hand_segments(), hand_codings()
    segments.loc[segments["doc_id"] == "d2", "source"] = "event"
    coverage = pd.concat([COVERAGE, pd.DataFrame({"doc_id": ["d2"], "coder": ["R1"]})])
    first = code_differences(codings, segments, coverage=coverage, n_boot=50, n_perm=50, seed=4)
    again = code_differences(codings, segments, coverage=coverage, n_boot=50, n_perm=50, seed=4)
    pd.testing.assert_frame_equal(first, again)
    assert first["prevalence_b"].tolist() == [0.0, 0.0]


# --- the demo study, with its planted themes standing in for topics ---------------------------


@pytest.fixture(scope="module")
def demo():
    from analysis.ingest import ingest_study

    return ingest_study(DEMO, progress=False)


@pytest.fixture(scope="module")
def truth_topics(demo):
    """Assignments and topics built from the planted themes: one topic per theme."""
    segments = demo.segments
    turns = pd.read_csv(TRUTH / "interview_turns.csv")
    rows = pd.read_csv(TRUTH / "event_rows.csv").set_index("segment_id")["theme"]
    theme = segments[["segment_id", "doc_id", "turn"]].merge(
        turns[["doc_id", "turn", "theme"]], on=["doc_id", "turn"], how="left"
    )["theme"]
    theme = theme.fillna(segments["segment_id"].map(rows)).to_numpy()
    names = sorted(set(theme))
    topic_of = {name: i for i, name in enumerate(names)}
    assignments = pd.DataFrame(
        {
            "segment_id": segments["segment_id"].to_numpy(),
            "topic": pd.array([topic_of[t] for t in theme], dtype="Int64"),
            "probability": 1.0,
        }
    )
    assignments.loc[segments["is_interviewer"].to_numpy(), "topic"] = pd.NA
    topics = pd.DataFrame({"topic": range(len(names)), "label": names, "words": names})
    return assignments, topics


def test_demo_matches_every_code_to_its_planted_themes_topic(demo, truth_topics):
    assignments, topics = truth_topics
    result = codes_vs_topics(
        demo.codings, assignments, topics, segments=demo.segments, coverage=demo.coverage
    )
    matched = result.matching.set_index("code_id")
    assert sorted(matched.index) == sorted(CODES_V1)
    assert (matched["label"] == matched.index).all()
    assert (matched["f1"] > 0.7).all()
    assert result.uncaptured.empty
    # the units: every participant segment of a coded document (interviewee turns of the coded
    # transcripts, coded event rows)
    own = demo.segments[~demo.segments["is_interviewer"].astype(bool)]
    assert result.n_units == own["doc_id"].isin(set(demo.coverage["doc_id"])).sum()
    assert result.overall.loc[0, "nmi"] > 0.6


def test_demo_lists_the_planted_emergent_themes_as_emergent_topics(demo, truth_topics):
    assignments, topics = truth_topics
    result = codes_vs_topics(
        demo.codings, assignments, topics, segments=demo.segments, coverage=demo.coverage
    )
    emergent = set(result.emergent["label"])
    assert set(EMERGENT_THEMES) <= emergent
    assert not emergent & set(CODES_V1)
    quoted = result.emergent_quotes.merge(result.emergent[["topic", "label"]], on="topic")
    assert set(EMERGENT_THEMES) <= set(quoted["label"])


def test_demo_holding_codes_are_more_prevalent_in_events(demo):
    table = code_differences(
        demo.codings,
        demo.segments,
        coverage=demo.coverage,
        n_boot=200,
        n_perm=2000,
        seed=7,
    ).set_index("code_id")
    holding = [code for code in CODES_V1 if code.startswith("HOLD")]
    assert (table.loc[holding, "difference"] < 0).all()
    assert table.loc[holding, "p_adjusted"].min() < 0.05
    # Holding as a whole (any of its four codes): 0.22 of interview units against 0.66 of
    # event units on the demo; clear after Holm over the two parent codes.
    parents = demo.codings.assign(code_id=demo.codings["code_id"].str.split("-").str[0])
    pooled = code_differences(
        parents, demo.segments, coverage=demo.coverage, n_boot=200, n_perm=2000, seed=7
    ).set_index("code_id")
    assert pooled.loc["HOLD", "difference"] < -0.3
    assert pooled.loc["HOLD", "p_adjusted"] < 0.05
