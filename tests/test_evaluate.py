"""Topic-model evaluation: NPMI as gensim computes it, diversity, stability and recovery."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from gensim.corpora import Dictionary
from gensim.models.coherencemodel import CoherenceModel
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.evaluate import (
    npmi_coherence,
    npmi_per_topic,
    recovery,
    stability,
    topic_diversity,
)

BBC_CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "bench" / "octis_bbc_news" / "corpus.tsv"
)


def gensim_npmi(topics, texts, top_n, window_size):
    """The reference: gensim's own c_npmi, called as OCTIS calls it (one process)."""
    model = CoherenceModel(
        topics=topics,
        texts=texts,
        dictionary=Dictionary(texts),
        coherence="c_npmi",
        topn=top_n,
        window_size=window_size,
        processes=1,
    )
    return model.get_coherence_per_topic()


def random_corpus(seed, *, n_docs=40, vocabulary_size=25, max_length=30):
    """Skewed word frequencies and lengths from 0 up, so documents shorter than the window, empty
    documents and words repeated inside one window all occur."""
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{i}" for i in range(vocabulary_size)]
    weights = rng.dirichlet(np.full(vocabulary_size, 0.5))
    return [
        list(rng.choice(vocabulary, size=int(rng.integers(0, max_length)), p=weights))
        for _ in range(n_docs)
    ]


# --- NPMI: hand-worked values -------------------------------------------------------------------


def test_npmi_matches_hand_computed_probabilities_with_short_and_empty_documents():
    documents = [
        "nurse clinic home visit",  # 4 tokens, window 3: [nurse clinic home], [clinic home visit]
        "nurse clinic",  # shorter than the window: one window, the whole document
        "home",  # one window
        "",  # empty: still one (empty) window, as gensim counts it
    ]
    # N = 2 + 1 + 1 + 1 = 5 windows.
    # N(nurse) = 2 (d1 window 1, d2); N(clinic) = 3 (d1 both, d2); N(home) = 3 (d1 both, d3).
    # N(nurse, clinic) = 2; N(nurse, home) = 1; N(clinic, home) = 2.
    nurse_clinic = math.log((2 / 5) / ((2 / 5) * (3 / 5))) / -math.log(2 / 5)  # 0.557493
    nurse_home = math.log((1 / 5) / ((2 / 5) * (3 / 5))) / -math.log(1 / 5)  # -0.113283
    clinic_home = math.log((2 / 5) / ((3 / 5) * (3 / 5))) / -math.log(2 / 5)  # 0.114986
    expected = (nurse_clinic + nurse_home + clinic_home) / 3  # 0.186399

    (value,) = npmi_per_topic([["nurse", "clinic", "home"]], documents, window_size=3)

    assert value == pytest.approx(expected, abs=1e-9)
    assert value == pytest.approx(0.186399, abs=1e-6)
    texts = [document.split() for document in documents]
    # > CoherenceModel(topics=[["nurse", "clinic", "home"]], texts=texts, dictionary=Dictionary(texts),
    # >                coherence="c_npmi", topn=3, window_size=3).get_coherence()  -> 0.186399
    assert value == pytest.approx(
        gensim_npmi([["nurse", "clinic", "home"]], texts, 3, 3)[0], abs=1e-12
    )


def test_npmi_reproduces_gensims_incremental_window_that_forgets_repeated_words():
    # Window 3 over "a b a c": windows [a b a] and [b a c]. gensim slides its set of words by
    # removing the token that left ("a") and adding the new one ("c"), so it loses the second "a":
    # N = 2, N(a) = 1, N(c) = 1, N(a, c) = 0 (true windows would give N(a) = 2, N(a, c) = 1, NPMI 0).
    # NPMI = log(eps / (1/2 * 1/2)) / -log(eps) = -1 + log 4 / log 1e12 = -0.949829
    expected = math.log(1e-12 / 0.25) / -math.log(1e-12)

    (value,) = npmi_per_topic([["a", "c"]], [["a", "b", "a", "c"]], window_size=3)

    assert value == pytest.approx(expected, abs=1e-12)
    assert value == pytest.approx(-0.949829, abs=1e-6)
    # > CoherenceModel(topics=[["a", "c"]], texts=[["a","b","a","c"]], ..., window_size=3) -> -0.949829
    assert value == pytest.approx(
        gensim_npmi([["a", "c"]], [["a", "b", "a", "c"]], 2, 3)[0], abs=1e-12
    )


def test_words_that_always_co_occur_have_npmi_near_one():
    documents = [["holding", "support", "x"], ["holding", "support"], ["other", "words", "here"]]
    (value,) = npmi_per_topic([["holding", "support"]], documents, window_size=3)
    assert value == pytest.approx(1.0, abs=1e-9)


# --- NPMI: agreement with gensim ----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("window_size", [1, 2, 5, 10])
def test_npmi_per_topic_equals_gensim_c_npmi_on_random_corpora(seed, window_size):
    documents = random_corpus(seed)
    rng = np.random.default_rng(100 + seed)
    known = sorted(Dictionary(documents).token2id)
    topics = [list(rng.choice(known, size=6, replace=False)) for _ in range(5)]

    ours = npmi_per_topic(topics, documents, top_n=6, window_size=window_size)

    np.testing.assert_allclose(
        ours, gensim_npmi(topics, documents, 6, window_size), atol=1e-12, rtol=0
    )


@settings(max_examples=60, deadline=None)
@given(
    documents=st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=15), min_size=1, max_size=12
    ),
    window_size=st.integers(1, 8),
)
def test_npmi_equals_gensim_for_any_small_corpus(documents, window_size):
    present = sorted({token for document in documents for token in document})
    if len(present) < 2:
        return
    topics = [present, present[::-1]]
    ours = npmi_per_topic(topics, documents, top_n=5, window_size=window_size)
    np.testing.assert_allclose(
        ours, gensim_npmi(topics, documents, 5, window_size), atol=1e-12, rtol=0
    )


@pytest.mark.skipif(not BBC_CORPUS.exists(), reason=f"benchmark corpus not at {BBC_CORPUS}")
def test_npmi_coherence_equals_gensim_on_the_octis_bbc_news_corpus():
    documents = [
        line.split("\t")[0] for line in BBC_CORPUS.read_text(encoding="utf-8").splitlines()
    ]
    topics = [
        ["game", "play", "win", "player", "england", "team", "match", "side", "good", "time"],
        [
            "government",
            "labour",
            "election",
            "party",
            "blair",
            "minister",
            "tory",
            "plan",
            "people",
            "brown",
        ],
        ["film", "award", "good", "star", "actor", "show", "year", "music", "band", "win"],
        [
            "phone",
            "mobile",
            "technology",
            "people",
            "service",
            "user",
            "digital",
            "music",
            "game",
            "broadband",
        ],
    ]
    texts = [document.split() for document in documents]
    # > np.mean(gensim_npmi(topics, texts, 10, 10))  -> 0.1264161
    expected = float(np.mean(gensim_npmi(topics, texts, 10, 10)))

    assert npmi_coherence(topics, documents) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.1264161, abs=1e-6)


def test_topic_words_missing_from_the_corpus_are_dropped_and_the_next_words_move_up_as_in_gensim():
    documents = random_corpus(3, n_docs=60)
    known = sorted(Dictionary(documents).token2id)
    rng = np.random.default_rng(7)
    first = list(rng.choice(known, size=11, replace=False))
    second = list(rng.choice(known, size=10, replace=False))
    # Unknown words at the front and in the middle: gensim skips them before taking the top 10.
    topics = [
        ["unseen", *first[:4], "absent", *first[4:]],
        [*second[:3], "nowhere", "unseen", *second[3:]],
    ]

    ours = npmi_per_topic(topics, documents, top_n=10)

    np.testing.assert_allclose(ours, gensim_npmi(topics, documents, 10, 10), atol=1e-12, rtol=0)
    assert ours == npmi_per_topic([first, second], documents, top_n=10)


def test_a_topic_with_fewer_than_two_words_in_the_corpus_scores_nan_and_the_mean_is_nan():
    documents = [["nurse", "clinic"], ["clinic", "home"]]
    topics = [["nurse", "clinic"], ["clinic", "unseen"], ["unseen", "absent"]]

    values = npmi_per_topic(topics, documents)

    assert not math.isnan(values[0])
    assert math.isnan(values[1]) and math.isnan(values[2])
    assert math.isnan(npmi_coherence(topics, documents))
    # gensim agrees on the one-word topic (NaN from the mean of no pairs) and raises on the other.
    with pytest.warns(RuntimeWarning):
        assert math.isnan(gensim_npmi([["clinic", "unseen"]], documents, 10, 10)[0])
    with pytest.raises(ValueError, match="unable to interpret topic"):
        gensim_npmi([["unseen", "absent"]], documents, 10, 10)


def test_missing_raise_names_the_topic_words_absent_from_the_corpus():
    with pytest.raises(InputError, match="'unseen'"):
        npmi_per_topic([["nurse", "unseen"]], [["nurse", "clinic"]], missing="raise")


def test_string_documents_are_split_on_whitespace_and_a_generator_is_read_once():
    tokens = random_corpus(5)
    topics = [["w0", "w1", "w2", "w3"], ["w4", "w5", "w6", "w7"]]
    from_tokens = npmi_per_topic(topics, tokens)
    from_strings = npmi_per_topic(topics, ("  ".join(doc) + "\n" for doc in tokens))
    assert from_strings == from_tokens


def test_npmi_coherence_is_the_mean_of_npmi_per_topic():
    documents = random_corpus(11, n_docs=200, vocabulary_size=9)
    topics = [["w0", "w1", "w2"], ["w3", "w4", "w5"], ["w6", "w7", "w8"]]
    assert not np.isnan(npmi_per_topic(topics, documents, top_n=3)).any()
    assert npmi_coherence(topics, documents, top_n=3) == pytest.approx(
        np.mean(npmi_per_topic(topics, documents, top_n=3)), abs=1e-15
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"top_n": 1}, "'top_n' parameter"),
        ({"window_size": 0}, "'window_size' parameter"),
        ({"missing": "ignore"}, "'missing' parameter"),
    ],
)
def test_npmi_rejects_bad_parameters_with_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        npmi_per_topic([["a", "b"]], [["a", "b"]], **kwargs)


def test_a_topic_given_as_one_string_is_rejected():
    with pytest.raises(InputError, match="topic 0 is a string"):
        npmi_per_topic(["nurse clinic"], [["nurse", "clinic"]])


# --- diversity ------------------------------------------------------------------------------------


def test_topic_diversity_counts_unique_words_over_all_top_words():
    topics = [["a", "b", "c", "d"], ["a", "b", "e", "f"], ["g", "h", "i", "a"]]
    # top 4: unique {a..i} = 9 of 12 words
    assert topic_diversity(topics, top_n=4) == pytest.approx(9 / 12, abs=1e-15)
    # top 2: {a, b, g, h} = 4 of 6
    assert topic_diversity(topics, top_n=2) == pytest.approx(4 / 6, abs=1e-15)


def test_topic_diversity_is_one_for_disjoint_topics_and_one_over_k_for_identical_topics():
    assert topic_diversity([["a", "b"], ["c", "d"], ["e", "f"]], top_n=2) == 1.0
    assert topic_diversity([["a", "b"]] * 4, top_n=2) == pytest.approx(1 / 4, abs=1e-15)


def test_topic_diversity_raises_when_a_topic_has_fewer_than_top_n_words():
    with pytest.raises(InputError, match="topic 1 has 2 words"):
        topic_diversity([["a", "b", "c"], ["d", "e"]], top_n=3)


# --- stability ------------------------------------------------------------------------------------


def test_stability_is_one_for_runs_that_differ_only_in_topic_numbers():
    segments = [f"s{i}" for i in range(6)]
    run_a = pd.Series([0, 0, 1, 1, 2, -1], index=segments)
    run_b = pd.Series([3, 3, 0, 0, 1, 7], index=segments)
    pairs = stability({"seed 1": run_a, "seed 2": run_b})
    assert list(pairs.columns) == ["run_a", "run_b", "n_segments", "ari"]
    assert pairs.loc[0, ["run_a", "run_b"]].tolist() == ["seed 1", "seed 2"]
    assert pairs.loc[0, "ari"] == pytest.approx(1.0)


def test_stability_compares_only_segments_every_run_assigned_and_summarises_pairs():
    run_a = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4", "s5"], "topic": [0, 0, 1, 1, 5]})
    run_b = pd.DataFrame({"segment_id": ["s4", "s3", "s2", "s1"], "topic": [1, 1, 0, 0]})
    run_c = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4"], "topic": [0, 1, 0, 1]})

    pairs = stability([run_a, run_b, run_c])

    # s5 is only in run_a. On s1-s4, a and b are {s1,s2}{s3,s4}; c is {s1,s3}{s2,s4}.
    # ARI(a, c): all n_ij = 1, so sum C(n_ij,2) = 0; sum C(a_i,2) = sum C(b_j,2) = 2; C(4,2) = 6;
    # (0 - 2*2/6) / (2 - 2*2/6) = -0.5.
    assert pairs["n_segments"].tolist() == [4, 4, 4]
    assert pairs["ari"].tolist() == pytest.approx([1.0, -0.5, -0.5], abs=1e-12)
    assert stability([run_a, run_b, run_c], aggregate="min") == pytest.approx(-0.5)
    assert stability([run_a, run_b, run_c], aggregate="mean") == pytest.approx(0.0, abs=1e-12)


def test_stability_needs_two_runs_and_one_label_per_segment():
    run = pd.Series([0, 1], index=["s1", "s2"])
    with pytest.raises(InputError, match="at least two runs"):
        stability([run])
    with pytest.raises(InputError, match="twice"):
        stability([run, pd.Series([0, 1], index=["s1", "s1"])])


# --- recovery -------------------------------------------------------------------------------------


def test_recovery_is_one_for_identical_partitions_and_invariant_to_renaming_labels():
    truth = ["business", "sport", "sport", "tech", "tech", "tech"]
    assert recovery([0, 1, 1, 2, 2, 2], truth)["ari"] == pytest.approx(1.0)
    assert recovery([0, 1, 1, 2, 2, 2], truth)["nmi"] == pytest.approx(1.0)

    rng = np.random.default_rng(0)
    assigned = rng.integers(0, 4, size=200)
    labels = rng.integers(0, 3, size=200)
    renamed = np.array([9, 4, 7, 1])[assigned]
    original, permuted = recovery(assigned, labels), recovery(renamed, labels)
    assert permuted["ari"] == pytest.approx(original["ari"], abs=1e-12)
    assert permuted["nmi"] == pytest.approx(original["nmi"], abs=1e-12)


def test_recovery_reports_outliers_share_and_scores_without_them():
    result = recovery([0, 0, 1, -1, 1, -1], ["a", "a", "b", "a", "b", "b"])
    assert result["n_segments"] == 6
    assert result["share_outliers"] == pytest.approx(2 / 6)
    assert result["ari_excluding_outliers"] == pytest.approx(1.0)
    assert result["nmi_excluding_outliers"] == pytest.approx(1.0)
    assert result["ari"] < 1.0
    assert "share_outliers" not in recovery([0, 1], ["a", "b"], outlier=None)


def test_recovery_aligns_two_series_on_segment_id():
    assigned = pd.Series([1, 1, 2, 2], index=["s4", "s3", "s2", "s1"])
    truth = pd.Series(["x", "x", "y", "y", "z"], index=["s1", "s2", "s3", "s4", "s5"])
    result = recovery(assigned, truth)
    assert result["n_segments"] == 4
    assert result["ari"] == pytest.approx(1.0)


def test_recovery_rejects_labels_of_different_lengths():
    with pytest.raises(InputError, match="same order"):
        recovery([0, 1, 1], ["a", "b"])
