"""Tests for analysis.pseudonymise: names from the key, identifier detectors, offsets, checks."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.pseudonymise import (
    Pseudonymised,
    Pseudonymiser,
    Replacement,
    check_no_names,
    counts_table,
    nhs_number_is_valid,
    read_key,
)

KEY_ROWS = [
    ("Margaret Hill", "LW03", "participant"),
    ("Margaret", "LW03", "participant"),
    ("Ann", "PT07", "patient_mentioned"),
    ("O'Neill", "Dr Patel (pseudonym)", "staff"),
    ("Anne-Marie Smith", "GP02", "staff"),
    ("Zoë", "PT09", "participant"),
    ("Sheffield", "[City]", "place"),
    ("Broomhall Surgery", "Practice A", "organisation"),
]


def make_key(rows=KEY_ROWS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["real_name", "pseudonym", "kind"])


@pytest.fixture(scope="module")
def pseudonymiser() -> Pseudonymiser:
    return Pseudonymiser(make_key()).compile()


def names_only() -> Pseudonymiser:
    return Pseudonymiser(make_key(), detectors=())


def write_key(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "key.csv"
    path.write_bytes(text.encode(encoding))
    return path


# --- names ----------------------------------------------------------------------------------


def test_full_name_is_replaced_by_its_pseudonym(pseudonymiser):
    assert pseudonymiser.apply("I spoke to Margaret Hill.").text == "I spoke to LW03."


def test_first_name_row_replaces_the_first_name_alone(pseudonymiser):
    assert pseudonymiser.apply("Margaret rang me").text == "LW03 rang me"


def test_longest_name_wins_over_a_shorter_name_at_the_same_place(pseudonymiser):
    result = pseudonymiser.apply("Margaret Hill and Margaret")
    assert result.text == "LW03 and LW03"
    assert [r.end - r.start for r in result.replacements] == [13, 8]


def test_possessive_keeps_its_s_after_the_pseudonym(pseudonymiser):
    assert pseudonymiser.apply("Margaret's GP and Ann’s mum").text == "LW03's GP and PT07’s mum"


def test_names_match_ignoring_case_and_keep_the_pseudonym_as_written(pseudonymiser):
    assert pseudonymiser.apply("MARGARET HILL, margaret hill").text == "LW03, LW03"
    assert pseudonymiser.apply("sheffield").text == "[City]"


def test_name_followed_by_punctuation_is_replaced(pseudonymiser):
    assert (
        pseudonymiser.apply("(Ann), Ann; Ann! Ann? Ann.").text == "(PT07), PT07; PT07! PT07? PT07."
    )


def test_name_is_not_replaced_inside_other_words(pseudonymiser):
    text = "Annual planning, Anne, Annie, Joanna, banner, Ann-Marie"
    assert pseudonymiser.apply(text).text == text


def test_apostrophe_names_match_straight_and_curly_apostrophes(pseudonymiser):
    assert pseudonymiser.apply("O'Neill, O’Neill").text == (
        "Dr Patel (pseudonym), Dr Patel (pseudonym)"
    )


def test_surname_inside_an_apostrophe_name_is_not_a_match():
    key = make_key([("Neill", "PT20", "participant")])
    text = "Mr O'Neill"
    assert Pseudonymiser(key).apply(text).text == text


def test_hyphenated_name_matches_with_hyphen_or_space(pseudonymiser):
    assert pseudonymiser.apply("Anne-Marie Smith and Anne Marie Smith").text == "GP02 and GP02"


def test_accented_name_matches_composed_decomposed_and_unaccented_spellings(pseudonymiser):
    decomposed = unicodedata.normalize("NFD", "Zoë")
    result = pseudonymiser.apply(f"Zoë, {decomposed}, Zoe, ZOË")
    assert result.text == "PT09, PT09, PT09, PT09"
    # The decomposed spelling's combining accent is replaced with its letter.
    assert result.replacements[1].end - result.replacements[1].start == len(decomposed)


def test_full_stops_in_names_are_optional():
    key = make_key(
        [("St. Mary's Hospital", "Hospital A", "place"), ("J.R. Hartley", "PT30", "other")]
    )
    result = Pseudonymiser(key).apply(
        "St Mary’s Hospital, St. Mary's hospital, JR Hartley, J.R. Hartley"
    )
    assert result.text == "Hospital A, Hospital A, PT30, PT30"


def test_multiword_name_is_found_across_a_line_break(pseudonymiser):
    assert pseudonymiser.apply("said Margaret\nHill").text == "said LW03"


def test_count_kind_of_a_name_is_the_keys_kind(pseudonymiser):
    result = pseudonymiser.apply("Margaret, Ann and Broomhall Surgery in Sheffield")
    assert result.counts == {
        "organisation": 1,
        "participant": 1,
        "patient_mentioned": 1,
        "place": 1,
    }


def test_names_that_combine_with_neighbouring_text_into_a_real_name_are_replaced_too():
    # "Ann Smith" -> "Jo Smith", itself a real name in the key: a second pass replaces it.
    key = make_key([("Ann", "Jo", "participant"), ("Jo Smith", "PT01", "participant")])
    result = Pseudonymiser(key).apply("Ann Smith came")
    assert result.text == "PT01 came"
    assert result.replacements == (Replacement(0, 9, 0, 4, "participant"),)
    assert check_no_names([result.text], key) == []


def test_output_does_not_depend_on_the_order_of_key_rows():
    text = "Margaret Hill met Ann and Zoë in Sheffield"
    shuffled = make_key(list(reversed(KEY_ROWS)))
    assert Pseudonymiser(make_key()).apply(text) == Pseudonymiser(shuffled).apply(text)


# --- detectors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "margaret.hill@nhs.net",
        "a.b+tag@example.co.uk",
        "o'neill@example.org",
    ],
)
def test_email_addresses_are_replaced(text):
    assert Pseudonymiser().apply(f"Write to {text}.").text == "Write to [EMAIL]."


def test_email_wins_over_a_name_inside_it(pseudonymiser):
    assert pseudonymiser.apply("margaret.hill@nhs.net").text == "[EMAIL]"


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700 900 123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "(0114) 496 0123",
        "0114 496 0123",
        "0114-496-0123",
        "020 7946 0018",
        "0207 946 0018",
        "(020) 7946 0018",
        "029 2018 0123",
        "01632 960123",
        "0300 123 4567",
        "0800 123 4567",
        "0800 123456",
    ],
)
def test_uk_phone_numbers_are_replaced(number):
    assert Pseudonymiser().apply(f"ring {number} today").text == "ring [PHONE] today"


@pytest.mark.parametrize(
    "text",
    [
        "in 2019 and 2023",
        "it cost £12,500 or 1,250.00",
        "between 1958 and 2001",
        "0123456788 is a reference",  # ten digits starting 01 without spaces, bad NHS check
        "12345678901",
        "07700 900123 4",  # longer than a phone number
        "at 10:30 on 12/06/2023",
    ],
)
def test_ordinary_numbers_are_not_phone_numbers(text):
    assert Pseudonymiser(detectors=("phone",)).apply(text).text == text


def test_nhs_number_checksum_accepts_the_worked_example_and_rejects_a_changed_digit():
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
    assert nhs_number_is_valid("943 476 5919")
    assert not nhs_number_is_valid("943 476 5918")


def test_nhs_number_whose_check_digit_would_be_10_is_invalid():
    # 1*10 + 0*9 + ... + 0*3 + 1*2 = 12; 12 mod 11 = 1; 11 - 1 = 10: no valid check digit.
    assert not any(nhs_number_is_valid(f"100 000 001{d}") for d in "0123456789")


def test_nhs_number_with_remainder_zero_has_check_digit_zero():
    # 2*10 + 1*2 = 22; 22 mod 11 = 0; 11 - 0 = 11, which becomes 0.
    assert nhs_number_is_valid("200 000 0010")
    assert not nhs_number_is_valid("200 000 0011")


@pytest.mark.parametrize("number", ["943 476 5919", "943-476-5919", "9434765919"])
def test_valid_nhs_numbers_are_replaced(number):
    result = Pseudonymiser().apply(f"NHS number {number}.")
    assert result.text == "NHS number [NHS NUMBER]."
    assert result.counts == {"nhs_number": 1}


def test_numbers_wrapped_across_a_line_break_are_replaced():
    # transcripts wrap long lines: a number read out at the end of one runs on to the next
    text = "reading out a referral -- NHS number 943\n476 5919, and ring 07700\n900123 after."
    result = Pseudonymiser().apply(text)
    assert (
        result.text == "reading out a referral -- NHS number [NHS NUMBER], and ring [PHONE] after."
    )
    assert result.counts == {"nhs_number": 1, "phone": 1}
    kept = "we saw 943\n476 5918 people"  # the check digit fails: not an NHS number
    assert Pseudonymiser(detectors=("nhs_number",)).apply(kept).text == kept


@pytest.mark.parametrize("number", ["943 476 5918", "943-476 5919", "94347659190"])
def test_invalid_or_malformed_nhs_numbers_are_kept(number):
    text = f"number {number}"
    assert Pseudonymiser(detectors=("nhs_number",)).apply(text).text == text


@pytest.mark.parametrize(
    "postcode",
    [
        "SW1A 1AA",
        "S10 2TN",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "s10 2tn",
        "S102TN",
        "W1A 0AX",
    ],
)
def test_uk_postcodes_are_replaced(postcode):
    assert Pseudonymiser().apply(f"lives at {postcode}, near").text == "lives at [POSTCODE], near"


@pytest.mark.parametrize(
    "text",
    [
        "we took the M1 4th exit",  # road and ordinal
        "the A1 2nd junction",
        "s102tn",  # lower case without the space: a username, not a postcode
        "S10 is a district",  # outward code alone
        "covid19 and mp3 and B2B",
        "Q1 2AA",  # Q never starts a postcode
        "S10 2CI",  # C and I never end one
    ],
)
def test_words_and_partial_codes_are_not_postcodes(text):
    assert Pseudonymiser(detectors=("postcode",)).apply(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB: 03/05/1958", "DOB: [DATE OF BIRTH]"),
        ("D.O.B. 3.5.58", "D.O.B. [DATE OF BIRTH]"),
        ("date of birth is 3rd May 1958", "date of birth is [DATE OF BIRTH]"),
        ("I was born on May 3, 1958.", "I was born on [DATE OF BIRTH]."),
        ("born in Leeds on 03 May 58", "born in Leeds on [DATE OF BIRTH]"),
        ("my birthday is the 3rd of May", "my birthday is the [DATE OF BIRTH]"),
        ("DOB 1958-05-03", "DOB [DATE OF BIRTH]"),
    ],
)
def test_dates_after_a_date_of_birth_context_are_replaced(text, expected):
    assert Pseudonymiser().apply(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "interviewed on 03/05/2023",
        "the meeting on 3rd May 2019",
        "born in 1958",  # a year alone
        "DOB unknown. We met on 12 June 2023",  # the context ends with its sentence
        "she was born and raised there, and on 12 June 2023 we met",  # too far after "born"
    ],
)
def test_dates_without_a_date_of_birth_context_stay(text):
    assert Pseudonymiser(detectors=("date_of_birth",)).apply(text).text == text


def test_only_the_date_right_after_the_context_is_a_date_of_birth():
    result = Pseudonymiser().apply("DOB 03/05/1958, interviewed 12/06/2023")
    assert result.text == "DOB [DATE OF BIRTH], interviewed 12/06/2023"


def test_only_the_chosen_detectors_run():
    text = "me@example.org 07700 900123"
    assert Pseudonymiser(detectors=("email",)).apply(text).text == "[EMAIL] 07700 900123"


def test_unknown_detector_is_refused_with_the_parameter_named():
    with pytest.raises(ValueError, match="'detectors' parameter of Pseudonymiser.*'mobile'"):
        Pseudonymiser(detectors=("email", "mobile")).apply("x")


# --- results, offsets, counts ---------------------------------------------------------------


def test_replacements_record_offsets_in_both_texts(pseudonymiser):
    result = pseudonymiser.apply("Hi Margaret Hill, ring 07700 900123")
    assert result.text == "Hi LW03, ring [PHONE]"
    assert result.replacements == (
        Replacement(3, 16, 3, 7, "participant"),
        Replacement(23, 35, 14, 21, "phone"),
    )


def test_map_span_shifts_untouched_spans_and_snaps_boundaries_outward(pseudonymiser):
    original = "Hi Margaret Hill, ring 07700 900123 now"
    result = pseudonymiser.apply(original)
    # "ring" after the name moves left by 13 - 4 = 9 characters.
    start, end = result.map_span(18, 22)
    assert result.text[start:end] == "ring"
    # A span starting inside the name covers the whole pseudonym.
    assert result.map_span(6, 16) == (3, 7)
    # A span ending inside the phone number covers the whole token.
    start, end = result.map_span(18, 26)
    assert result.text[start:end] == "ring [PHONE]"
    # Spans touching a replacement from outside do not take it in.
    assert result.map_span(0, 3) == (0, 3)
    start, end = result.map_span(16, 17)
    assert result.text[start:end] == ","


def test_map_span_of_the_whole_text_is_the_whole_new_text(pseudonymiser):
    original = "Margaret Hill, Sheffield S10 2TN"
    result = pseudonymiser.apply(original)
    assert result.map_span(0, len(original)) == (0, len(result.text))
    assert result.original_length == len(original)


def test_map_span_outside_the_text_is_an_input_error(pseudonymiser):
    result = pseudonymiser.apply("Margaret")
    with pytest.raises(InputError, match="span 2-9"):
        result.map_span(2, 9)
    with pytest.raises(InputError):
        result.map_span(5, 3)


def test_counts_table_has_counts_per_document_and_kind_and_never_values(pseudonymiser):
    results = {
        "LW03_w1": pseudonymiser.apply("Margaret Hill, margaret, me@example.org"),
        "PT07_w1": pseudonymiser.apply("nothing to see"),
        "GP02_w1": pseudonymiser.apply("Ann in Sheffield"),
    }
    table = counts_table(results)
    assert list(table.columns) == ["doc_id", "kind", "n"]
    assert table.to_dict("records") == [
        {"doc_id": "LW03_w1", "kind": "email", "n": 1},
        {"doc_id": "LW03_w1", "kind": "participant", "n": 2},
        {"doc_id": "GP02_w1", "kind": "patient_mentioned", "n": 1},
        {"doc_id": "GP02_w1", "kind": "place", "n": 1},
    ]
    cells = " ".join(map(str, table.to_numpy().ravel()))
    assert "Margaret" not in cells and "example" not in cells


def test_counts_table_of_no_documents_is_empty_with_the_columns():
    table = counts_table({})
    assert list(table.columns) == ["doc_id", "kind", "n"] and table.empty


def test_result_is_deterministic_and_hashable(pseudonymiser):
    text = "Margaret Hill, DOB 3/5/58, 07700 900123"
    first, second = pseudonymiser.apply(text), Pseudonymiser(make_key()).apply(text)
    assert first == second
    assert isinstance(first, Pseudonymised) and hash(first) == hash(second)


# --- check_no_names -------------------------------------------------------------------------


def test_check_no_names_reports_index_and_kind_but_not_the_name():
    key = make_key()
    found = check_no_names(["LW03 said so", "then MARGARET hill said", None, "Ann and Ann"], key)
    assert found == [(1, "participant"), (3, "patient_mentioned"), (3, "patient_mentioned")]
    assert all("argaret" not in str(item) for item in found)


def test_check_no_names_is_empty_after_pseudonymising(pseudonymiser):
    texts = ["Margaret Hill's GP, Dr O'Neill", "Zoë and Ann in Sheffield"]
    assert check_no_names([pseudonymiser.apply(t).text for t in texts], pseudonymiser) == []


# --- read_key -------------------------------------------------------------------------------


def test_read_key_reads_columns_and_adds_an_empty_participant_id(tmp_path):
    path = write_key(tmp_path, "real_name,pseudonym,kind\nMargaret Hill,LW03,Participant\n")
    key = read_key(path)
    assert list(key.columns) == ["real_name", "pseudonym", "kind", "participant_id"]
    assert key.iloc[0].to_dict() == {
        "real_name": "Margaret Hill",
        "pseudonym": "LW03",
        "kind": "participant",
        "participant_id": "",
    }


def test_read_key_keeps_extra_columns_and_drops_unnamed_ones(tmp_path):
    path = write_key(
        tmp_path,
        "Real_Name , pseudonym,kind,participant_id,note,\n\n  Ann ,PT07,staff,,GP receptionist,\n",
    )
    key = read_key(path)
    assert list(key.columns) == ["real_name", "pseudonym", "kind", "participant_id", "note"]
    assert key.iloc[0]["real_name"] == "Ann" and key.iloc[0]["note"] == "GP receptionist"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_read_key_accepts_utf8_with_or_without_bom_and_windows_1252(tmp_path, encoding):
    path = write_key(
        tmp_path,
        "real_name,pseudonym,kind\r\nZoë,PT09,participant\r\nSiobhán,PT10,staff\r\n",
        encoding,
    )
    assert read_key(path)["real_name"].tolist() == ["Zoë", "Siobhán"]


@pytest.mark.parametrize(
    ("content", "location", "message"),
    [
        ("real_name,pseudonym\nAnn,PT07\n", "line 1", "missing column kind"),
        (
            "real_name,pseudonym,kind\nAnn,PT07,participant\n,PT08,staff\n",
            "line 3",
            "empty real_name",
        ),
        ("real_name,pseudonym,kind\n\nAnn,,participant\n", "line 3", "empty pseudonym"),
        ("real_name,pseudonym,kind\nAnn,PT07,friend\n", "line 2", "unknown kind 'friend'"),
        (
            "real_name,pseudonym,kind\nAnn,PT07,participant\nJo,PT08,staff\nANN,PT09,staff\n",
            "line 4",
            "listed on line 2 with a different pseudonym",
        ),
        (
            "real_name,pseudonym,kind\nAnn,Jo,participant\nJo,PT08,staff\n",
            "line 2",
            "pseudonym is the real name listed on line 3",
        ),
        (
            "real_name,pseudonym,kind\nMargaret Hill,Mary Hill,participant\nHill,PT08,staff\n",
            "line 2",
            "pseudonym contains the real name listed on line 3",
        ),
        (
            "real_name,pseudonym,kind\nAnne-Marie,PT07,participant\nanne marie,PT08,staff\n",
            "line 3",
            "listed on line 2 with a different pseudonym",
        ),
        ('real_name,pseudonym,kind\n"Ann\nSmith",PT07,participant\nJo,,staff\n', "line 4", "empty"),
        (
            "real_name,pseudonym,kind\nHill, Margaret,PT07,participant\n",
            "line 2",
            "4 values but 3 columns",
        ),
    ],
)
def test_read_key_errors_name_the_file_and_line(tmp_path, content, location, message):
    path = write_key(tmp_path, content)
    with pytest.raises(InputError) as caught:
        read_key(path)
    error = caught.value
    assert error.path == str(path)
    assert error.location == location
    assert message in error.message
    # Messages may reach logs: they point to lines, never echo a real name.
    assert "Ann" not in str(error) and "Margaret" not in str(error)


def test_read_key_accepts_a_name_listed_twice_with_the_same_pseudonym(tmp_path):
    path = write_key(
        tmp_path, "real_name,pseudonym,kind\nAnn,PT07,participant\nann,PT07,participant\n"
    )
    assert len(read_key(path)) == 2


def test_read_key_refuses_bytes_that_are_neither_utf8_nor_windows_1252(tmp_path):
    path = tmp_path / "key.csv"
    path.write_bytes(b"real_name,pseudonym,kind\n\x81\xff,PT07,participant\n")
    with pytest.raises(InputError, match="UTF-8"):
        read_key(path)


def test_key_table_given_directly_is_checked_with_row_numbers():
    key = make_key([("Ann", "PT07", "participant"), ("Jo", "", "staff")])
    with pytest.raises(InputError) as caught:
        Pseudonymiser(key).apply("x")
    assert caught.value.location == "key row 2"


def test_from_csv_builds_a_working_pseudonymiser(tmp_path):
    path = write_key(
        tmp_path, "real_name,pseudonym,kind,participant_id\nAnn,PT07,participant,PT07\n"
    )
    assert Pseudonymiser.from_csv(path).apply("Ann's DOB is 3/5/58").text == (
        "PT07's DOB is [DATE OF BIRTH]"
    )


# --- properties -----------------------------------------------------------------------------

PROPERTY_KEY = make_key(
    [
        *KEY_ROWS,
        ("Rajesh Kumar", "Dr Patel (pseudonym)", "staff"),
        ("Northern General", "Hospital A", "place"),
    ]
)
PROPERTY_PSEUDONYMISER = Pseudonymiser(PROPERTY_KEY).compile()
REAL_NAMES = PROPERTY_KEY["real_name"].tolist()

filler = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzAEIOUMSX0123456789 .,;:!?'’-@()/[]\néü"),
    max_size=30,
)
spelled_name = st.tuples(
    st.sampled_from(REAL_NAMES), st.sampled_from([str, str.upper, str.lower, str.title])
).map(lambda pair: pair[1](pair[0]))


@st.composite
def texts_with_names(draw):
    pieces = draw(st.lists(st.tuples(filler, spelled_name), max_size=6))
    tail = draw(filler)
    text, name_spans = "", []
    for before, name in pieces:
        text += before + " "
        name_spans.append((len(text), len(text) + len(name)))
        text += name + " "
    return text + tail, name_spans


def pseudonymise_for_property(text: str) -> Pseudonymised:
    return PROPERTY_PSEUDONYMISER.apply(text)


def untouched_positions(result: Pseudonymised, length: int) -> list[int]:
    replaced = set()
    for replacement in result.replacements:
        replaced.update(range(replacement.start, replacement.end))
    return [i for i in range(length) if i not in replaced]


@settings(max_examples=60, deadline=None)
@given(texts_with_names())
def test_property_no_real_name_survives_and_other_text_is_kept_in_order(case):
    text, name_spans = case
    result = pseudonymise_for_property(text)
    assert check_no_names([result.text], PROPERTY_PSEUDONYMISER) == []
    # Every inserted name lies inside some replacement (wholly: merging never splits one).
    for start, end in name_spans:
        assert any(r.start <= start and end <= r.end for r in result.replacements)
    # Outside the replacements the original survives unchanged and in order.
    kept = "".join(text[i] for i in untouched_positions(result, len(text)))
    pieces, position = [], 0
    for replacement in result.replacements:
        pieces.append(result.text[position : replacement.new_start])
        position = replacement.new_end
    pieces.append(result.text[position:])
    assert "".join(pieces) == kept


@settings(max_examples=60, deadline=None)
@given(texts_with_names())
def test_property_map_span_is_monotone_and_keeps_untouched_characters(case):
    text, _ = case
    result = pseudonymise_for_property(text)
    starts = [result.map_span(p, p)[0] for p in range(len(text) + 1)]
    ends = [result.map_span(p, p)[1] for p in range(len(text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(s <= e for s, e in zip(starts, ends, strict=True))
    assert result.map_span(0, len(text)) == (0, len(result.text))
    for i in untouched_positions(result, len(text)):
        new_start, new_end = result.map_span(i, i + 1)
        assert new_end == new_start + 1
        assert result.text[new_start] == text[i]


@settings(max_examples=60, deadline=None)
@given(texts_with_names())
def test_property_applying_twice_changes_nothing_more(case):
    text, _ = case
    once = pseudonymise_for_property(text)
    twice = pseudonymise_for_property(once.text)
    assert twice.text == once.text
    assert twice.replacements == ()
