"""Segmentation: sentence boundaries, windows of whole sentences, and their offsets."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.segments import segment_id, segment_turns, sentence_spans, window_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def n_words(text: str) -> int:
    return len(text.split())


# --- sentence_spans -------------------------------------------------------------------------


def test_sentences_end_at_stops_questions_and_exclamations():
    assert sentences("We met. Did it help? Yes! Good.") == [
        "We met.",
        "Did it help?",
        "Yes!",
        "Good.",
    ]


def test_ellipses_end_sentences_both_as_three_dots_and_as_one_character():
    assert sentences("I was... I don't know… Anyway.") == ["I was...", "I don't know…", "Anyway."]


def test_every_line_break_ends_a_sentence():
    assert sentences("first thought\nsecond thought\n\nthird") == [
        "first thought",
        "second thought",
        "third",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I saw Dr. Patel on Monday.",
        "Mr. and Mrs. Jones came in.",
        "Things like housing, e.g. damp, i.e. the flat.",
        "It took 2.5 weeks, about 3.75 hours a week.",
        "A letter from J. R. Smith came.",
        "We talked about debt, housing etc. and then benefits.",
        "She said -- well -- it was hard.",
        "Holding -- you know — keeping people.",
    ],
)
def test_abbreviations_decimals_initials_and_dashes_do_not_end_sentences(text):
    assert sentences(text) == [text]


def test_etc_before_a_capitalised_word_ends_the_sentence():
    assert sentences("Debt, housing etc. Then benefits.") == [
        "Debt, housing etc.",
        "Then benefits.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    assert sentences('She said "enough." Then (after a pause.) she left.') == [
        'She said "enough."',
        "Then (after a pause.)",
        "she left.",
    ]


def test_the_pronoun_i_at_the_end_of_a_sentence_is_not_an_initial():
    assert sentences("Neither did I. Then we stopped.") == ["Neither did I.", "Then we stopped."]


def test_blank_text_has_no_sentences():
    assert sentence_spans("") == []
    assert sentence_spans("  \n\t ") == []


def test_sentence_spans_are_trimmed_offsets_into_the_text():
    text = "  Hello there.   How are you?  "
    assert sentence_spans(text) == [(2, 14), (17, 29)]


# --- window_spans ---------------------------------------------------------------------------


def make_turn(sentence_lengths: list[int]) -> str:
    return " ".join(" ".join(f"w{i}" for i in range(length)) + "." for length in sentence_lengths)


def test_a_short_turn_is_one_window_even_above_the_window_size():
    text = make_turn([100, 70])  # 170 words <= 1.5 * 120
    assert window_spans(text, window_words=120) == [(0, len(text))]


def test_a_long_turn_is_cut_between_whole_sentences():
    text = make_turn([60, 50, 40, 80, 30])
    windows = [text[start:end] for start, end in window_spans(text, window_words=120)]
    assert len(windows) > 1
    assert all(window.startswith("w0 ") and window.endswith(".") for window in windows)


def test_greedy_windows_fill_up_to_the_size_and_merge_a_short_tail():
    text = make_turn([60, 50, 40, 80, 30])  # greedy gives 110 | 120 | 30; 120 + 30 <= 180
    windows = [text[start:end] for start, end in window_spans(text, window_words=120)]
    assert [n_words(window) for window in windows] == [110, 150]


def test_a_sentence_longer_than_the_window_is_a_window_of_its_own():
    text = make_turn([20, 150, 20, 20])
    windows = [text[start:end] for start, end in window_spans(text, window_words=100)]
    assert [n_words(window) for window in windows] == [20, 150, 40]


def test_a_run_on_sentence_over_twice_the_window_is_cut_at_a_late_comma():
    words = [f"w{i}" for i in range(300)]
    words[79] += ","  # the only comma in the second half of the first 100 words
    text = " ".join(words)
    windows = [text[start:end] for start, end in window_spans(text, window_words=100)]
    assert windows[0].endswith("w79,")
    # pieces of 80, 100, 100 and 20 words; the stray 20 joins the piece before it
    assert [n_words(window) for window in windows] == [80, 100, 120]
    assert " ".join(windows) == text


def test_a_run_on_sentence_without_commas_is_cut_at_the_window_size():
    text = " ".join(f"w{i}" for i in range(250))
    windows = [text[start:end] for start, end in window_spans(text, window_words=100)]
    assert [n_words(window) for window in windows] == [100, 150]


def test_blank_turns_have_no_windows():
    assert window_spans("   ") == []


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "120"])
def test_window_size_must_be_a_positive_integer(bad):
    with pytest.raises(ValueError, match="window_words"):
        window_spans("Some text.", window_words=bad)


spoken = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "well",
                "Dr.",
                "e.g.",
                "2.5",
                "--",
                "holding.",
                "really?",
                "yes!",
                "so...",
                "and…",
                "you know,",
                "J.",
                "etc.",
                "\n",
                "  ",
                "I",
                '"no."',
            ]
        ),
        st.text(alphabet="abc .,?!\n", max_size=12),
    ),
    max_size=120,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=spoken, window_words=st.integers(min_value=1, max_value=30))
def test_windows_cover_the_text_in_order_without_overlap(text, window_words):
    spans = window_spans(text, window_words=window_words)
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for i in range(start, end):
            covered[i] = True
        previous_end = end
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


@settings(max_examples=300, deadline=None)
@given(text=spoken, window_words=st.integers(min_value=1, max_value=30))
def test_window_sizes_are_bounded(text, window_words):
    spans = window_spans(text, window_words=window_words)
    if n_words(text) <= 1.5 * window_words:
        assert len(spans) <= 1
    for start, end in spans:
        assert n_words(text[start:end]) <= 2 * window_words


@settings(max_examples=300, deadline=None)
@given(text=spoken)
def test_sentences_cover_the_text_in_order_without_overlap(text):
    spans = sentence_spans(text)
    visible = re.sub(r"\s", "", text)
    assert "".join(re.sub(r"\s", "", text[start:end]) for start, end in spans) == visible
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


# --- segment_turns and segment_id -----------------------------------------------------------


def turns_of(document: str, texts: list[str]) -> pd.DataFrame:
    rows = []
    for turn, text in enumerate(texts, start=1):
        start = document.index(text)
        rows.append(
            {
                "doc_id": "LW03_w1",
                "turn": turn,
                "speaker": "LW03",
                "char_start": start,
                "char_end": start + len(text),
                "text": text,
            }
        )
    return pd.DataFrame(rows)


def test_segment_turns_keeps_short_turns_whole_and_carries_other_columns():
    document = "Interviewer: How long do you see people?\nLW03: As long as it takes, really."
    turns = turns_of(document, ["How long do you see people?", "As long as it takes, really."])
    segments = segment_turns(turns)
    assert list(segments.columns) == [
        "doc_id",
        "turn",
        "window",
        "n_windows",
        "speaker",
        "char_start",
        "char_end",
        "text",
    ]
    assert segments["window"].tolist() == [1, 1]
    assert segments["speaker"].tolist() == ["LW03", "LW03"]
    assert segments.loc[1, "char_start"] == document.index("As long")


def test_segment_turns_gives_absolute_offsets_for_each_window():
    long_turn = make_turn([8, 8, 8, 8])
    document = "INT: Go on.\nLW03: " + long_turn + "\n"
    turns = turns_of(document, ["Go on.", long_turn])
    segments = segment_turns(turns, window_words=8)
    long = segments[segments["turn"] == 2]
    assert long["window"].tolist() == [1, 2, 3, 4]
    assert (long["n_windows"] == 4).all()
    for row in segments.itertuples():
        assert document[row.char_start : row.char_end] == row.text


def test_segment_turns_keeps_an_empty_turn_as_one_empty_window():
    turns = pd.DataFrame({"turn": [1], "char_start": [10], "char_end": [12], "text": ["  "]})
    segments = segment_turns(turns)
    assert segments[["window", "char_start", "char_end", "text"]].values.tolist() == [
        [1, 10, 10, ""]
    ]


def test_segment_turns_names_missing_columns():
    with pytest.raises(ValueError, match="char_end"):
        segment_turns(pd.DataFrame({"turn": [1], "char_start": [0], "text": ["x"]}))


turn_texts = st.lists(spoken, min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(
    texts=turn_texts, gap=st.text(alphabet=" \n:AB", max_size=5), window_words=st.integers(1, 20)
)
def test_every_window_is_the_slice_of_its_turn_and_of_the_document(texts, gap, window_words):
    document, rows = "", []
    for turn, text in enumerate(texts, start=1):
        document += gap
        rows.append(
            {
                "turn": turn,
                "char_start": len(document),
                "char_end": len(document) + len(text),
                "text": text,
            }
        )
        document += text
    turns = pd.DataFrame(rows)
    segments = segment_turns(turns, window_words=window_words)
    for row in segments.itertuples():
        turn = rows[row.turn - 1]
        relative = row.char_start - turn["char_start"], row.char_end - turn["char_start"]
        assert turn["text"][relative[0] : relative[1]] == row.text
        assert document[row.char_start : row.char_end] == row.text
        assert turn["char_start"] <= row.char_start <= row.char_end <= turn["char_end"]
    assert set(segments["turn"]) == set(turns["turn"])


def test_segment_id_has_a_window_suffix_only_for_turns_cut_into_windows():
    assert segment_id("LW03_w1", 7, 1, 1) == "LW03_w1-t007"
    assert segment_id("LW03_w1", 7, 2, 3) == "LW03_w1-t007-w2"
    assert segment_id("P12_w2", 1234, 1, 1) == "P12_w2-t1234"
