"""Transcript readers: every layout researchers receive, offsets, errors and round trips."""

from __future__ import annotations

import random
import unicodedata
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.transcripts import (
    read_document,
    read_transcript,
    write_docx,
    write_srt,
    write_txt,
    write_vtt,
)


def assert_offsets_hold(turns: pd.DataFrame) -> None:
    document = turns.attrs["document"]
    for row in turns.itertuples():
        assert document[row.char_start : row.char_end] == row.text


def read_text(tmp_path: Path, content: str, name: str = "t.txt", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    transcript = read_document(path)
    assert_offsets_hold(transcript.turns)
    return transcript


def speakers_and_texts(turns: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(turns["speaker"], turns["text"], strict=True))


# --- speaker-labelled text -------------------------------------------------------------------


def test_name_colon_text_lines_are_turns(tmp_path):
    transcript = read_text(tmp_path, "Interviewer: Hello Margaret.\nMargaret: Hello.\n")
    assert speakers_and_texts(transcript.turns) == [
        ("Interviewer", "Hello Margaret."),
        ("Margaret", "Hello."),
    ]
    assert transcript.turns["turn"].tolist() == [1, 2]
    assert transcript.format == "txt"
    assert transcript.encoding == "utf-8"
    assert transcript.turns.attrs["document"] == transcript.text


def test_all_caps_and_parenthesised_labels_are_speakers(tmp_path):
    content = "INTERVIEWER: Why?\nP03 (link worker): Because.\nINT: And?\nR1: Yes.\n"
    turns = read_text(tmp_path, content).turns
    assert turns["speaker"].tolist() == ["INTERVIEWER", "P03 (link worker)", "INT", "R1"]


def test_full_names_with_titles_are_speakers(tmp_path):
    content = "Dr Amir Shah: Morning.\nDr. Jo Smith: Morning to you.\nDr Amir Shah: Shall we?\n"
    turns = read_text(tmp_path, content).turns
    assert turns["speaker"].tolist() == ["Dr Amir Shah", "Dr. Jo Smith", "Dr Amir Shah"]


@pytest.mark.parametrize(
    "stamp", ["[00:01:02]", "00:01:02", "(00:01:02)", "[1:02:03]", "[01:02]", "00:01:02.500"]
)
def test_timestamps_before_the_label_are_read_as_hh_mm_ss(tmp_path, stamp):
    turns = read_text(tmp_path, f"{stamp} Interviewer: Hello.\n").turns
    expected = "01:02:03" if stamp == "[1:02:03]" else "00:01:02"
    assert turns["timestamp"].tolist() == [expected]
    assert turns["text"].tolist() == ["Hello."]


def test_timestamp_on_its_own_line_belongs_to_the_next_turn(tmp_path):
    content = "00:00:01\nInterviewer: Hello.\n\n[00:00:04]\n\nP03: Hi there.\n"
    turns = read_text(tmp_path, content).turns
    assert speakers_and_texts(turns) == [("Interviewer", "Hello."), ("P03", "Hi there.")]
    assert turns["timestamp"].tolist() == ["00:00:01", "00:00:04"]


def test_timestamp_after_the_label_is_read(tmp_path):
    turns = read_text(tmp_path, "Interviewer [00:05:00]: Hello.\n").turns
    assert turns.loc[0, ["speaker", "timestamp", "text"]].tolist() == [
        "Interviewer",
        "00:05:00",
        "Hello.",
    ]


def test_turns_without_timestamps_have_missing_timestamp(tmp_path):
    turns = read_text(tmp_path, "Interviewer: Hello.\n").turns
    assert turns["timestamp"].isna().all()


def test_multi_line_turn_keeps_its_inner_newlines_and_blank_lines_are_ignored(tmp_path):
    content = "\n\nInterviewer: First line\nsecond line\n\n\nP03: Reply\n\n   \n"
    turns = read_text(tmp_path, content).turns
    assert speakers_and_texts(turns) == [
        ("Interviewer", "First line\nsecond line"),
        ("P03", "Reply"),
    ]


def test_label_alone_on_its_line_takes_the_text_below(tmp_path):
    turns = read_text(tmp_path, "Interviewer:\nHow are you?\nP03:\nFine.\n").turns
    assert speakers_and_texts(turns) == [("Interviewer", "How are you?"), ("P03", "Fine.")]


def test_colon_sentence_on_a_continuation_line_does_not_start_a_turn(tmp_path):
    content = (
        "Interviewer: What happened?\n"
        "Margaret: I told them\n"
        "So what I said was: no\n"
        "Well: that was that.\n"
        "Yes. And then: we left.\n"
        "1: the first thing\n"
        "Interviewer: Right.\n"
        "Margaret: Yes.\n"
    )
    turns = read_text(tmp_path, content).turns
    assert turns["speaker"].tolist() == ["Interviewer", "Margaret", "Interviewer", "Margaret"]
    assert turns.loc[1, "text"] == (
        "I told them\nSo what I said was: no\nWell: that was that.\nYes. And then: we left.\n"
        "1: the first thing"
    )


def test_lower_case_role_labels_are_speakers(tmp_path):
    content = (
        "interviewer: how long have you been in post?\ninterviewee: two years.\n"
        "interviewer 2: and before that?\ninterviewee: the council.\n"
    )
    turns = read_text(tmp_path, content).turns
    assert turns["speaker"].tolist() == [
        "interviewer", "interviewee", "interviewer 2", "interviewee"
    ]  # fmt: skip
    assert turns.loc[1, "text"] == "two years."


def test_lower_case_names_are_speakers_when_the_file_writes_every_label_so(tmp_path):
    content = "sam: so how was it?\njo: busy. she said: come back\nsam: and you did?\njo: yes\n"
    turns = read_text(tmp_path, content).turns
    assert turns["speaker"].tolist() == ["sam", "jo", "sam", "jo"]


def test_lower_case_prose_inside_a_capitalised_transcript_stays_text(tmp_path):
    content = (
        "Interviewer: What did she say?\nMargaret: Well\nshe said: come back\n"
        "Interviewer: And?\nMargaret: I went.\nshe said: good\n"
    )
    turns = read_text(tmp_path, content).turns
    assert turns["speaker"].tolist() == ["Interviewer", "Margaret", "Interviewer", "Margaret"]
    assert turns.loc[3, "text"] == "I went.\nshe said: good"


def test_once_seen_plain_label_continues_a_turn_when_speakers_are_established(tmp_path):
    content = (
        "Interviewer: And then?\nMargaret: We went out.\n"
        "Thursday: the day centre.\nInterviewer: Good.\nMargaret: Yes.\n"
    )
    turns = read_text(tmp_path, content).turns
    assert turns.loc[1, "text"] == "We went out.\nThursday: the day centre."


def test_once_seen_speaker_after_a_blank_line_starts_a_turn_in_blank_separated_files(tmp_path):
    content = "Interviewer: Hi.\n\nMargaret: Hello.\n\nJohn: Hi, I'm her son.\n\nMargaret: Yes.\n"
    turns = read_text(tmp_path, content).turns
    assert turns["speaker"].tolist() == ["Interviewer", "Margaret", "John", "Margaret"]


def test_colons_inside_a_turn_stay_in_the_text(tmp_path):
    turns = read_text(tmp_path, "P03: We met at 10:30: see http://x.org for more\n").turns
    assert speakers_and_texts(turns) == [("P03", "We met at 10:30: see http://x.org for more")]


def test_header_before_the_first_label_is_the_preamble_not_a_turn(tmp_path):
    content = "Interview with P03, 12 March 2022\nDate: 12/03/2022\n\nInterviewer: Hello.\n"
    transcript = read_text(tmp_path, content)
    assert transcript.preamble == "Interview with P03, 12 March 2022\nDate: 12/03/2022"
    assert transcript.text.startswith("Interview with P03")
    assert speakers_and_texts(transcript.turns) == [("Interviewer", "Hello.")]


def test_markdown_bold_labels_are_read(tmp_path):
    content = "# Interview\n\n**Interviewer:** Hello.\n\n**P03**: Hi.\n"
    transcript = read_text(tmp_path, content, name="t.md")
    assert speakers_and_texts(transcript.turns) == [("Interviewer", "Hello."), ("P03", "Hi.")]
    assert transcript.preamble == "# Interview"


# --- encodings and normalisation --------------------------------------------------------------


def test_utf8_bom_is_dropped_and_recorded(tmp_path):
    transcript = read_text(tmp_path, "\ufeffInterviewer: Café?\n")
    assert transcript.encoding == "utf-8-sig"
    assert transcript.text == "Interviewer: Café?\n"
    assert transcript.turns.loc[0, "char_start"] == len("Interviewer: ")


def test_windows_1252_smart_quotes_are_kept_as_characters(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"Interviewer: \x93Holding\x94 \x96 isn\x92t it?\r\nP03: Yes.\r\n")
    transcript = read_document(path)
    assert transcript.encoding == "windows-1252"
    assert transcript.turns.loc[0, "text"] == "\u201cHolding\u201d \u2013 isn\u2019t it?"
    assert "\r" not in transcript.text
    assert_offsets_hold(transcript.turns)


def test_text_is_nfc_normalised_so_offsets_count_composed_characters(tmp_path):
    transcript = read_text(tmp_path, "Zoe\u0308: Cafe\u0301 then.\n")
    assert transcript.turns.loc[0, "speaker"] == "Zo\u00eb"
    assert transcript.turns.loc[0, "text"] == "Caf\u00e9 then."
    assert transcript.text == unicodedata.normalize("NFC", transcript.text)


def test_crlf_and_cr_line_endings_become_newlines(tmp_path):
    transcript = read_text(tmp_path, "A1: one\r\ntwo\rB2: three\r\n")
    assert speakers_and_texts(transcript.turns) == [("A1", "one\ntwo"), ("B2", "three")]


def test_utf16_with_bom_is_read(tmp_path):
    transcript = read_text(tmp_path, "Interviewer: Hello.\n", encoding="utf-16")
    assert transcript.encoding == "utf-16"
    assert transcript.turns.loc[0, "text"] == "Hello."


# --- .docx ------------------------------------------------------------------------------------


def test_docx_bold_labels_with_colon_inside_or_after_the_bold_run(tmp_path):
    document = docx.Document()
    document.add_paragraph("Interview with P03")
    paragraph = document.add_paragraph()
    paragraph.add_run("Interviewer:").bold = True
    paragraph.add_run(" How did it start?")
    paragraph = document.add_paragraph()
    paragraph.add_run("[00:01:02] ")
    paragraph.add_run("P03 (link worker)").bold = True
    paragraph.add_run(": With a referral: from the GP.")
    document.add_paragraph("It went on from there.")
    path = tmp_path / "t.docx"
    document.save(path)
    transcript = read_document(path)
    assert transcript.format == "docx"
    assert transcript.preamble == "Interview with P03"
    assert speakers_and_texts(transcript.turns) == [
        ("Interviewer", "How did it start?"),
        ("P03 (link worker)", "With a referral: from the GP.\nIt went on from there."),
    ]
    assert transcript.turns["timestamp"].tolist()[1] == "00:01:02"
    assert_offsets_hold(transcript.turns)


def test_docx_plain_speaker_paragraphs_are_read_like_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("INT: Hello.")
    document.add_paragraph("R1: Hi.")
    path = tmp_path / "t.docx"
    document.save(path)
    turns = read_transcript(path)
    assert speakers_and_texts(turns) == [("INT", "Hello."), ("R1", "Hi.")]
    assert turns.attrs["document"] == "INT: Hello.\nR1: Hi."


@pytest.mark.parametrize("header", [True, False])
def test_docx_time_speaker_text_table_is_read_row_by_row(tmp_path, header):
    document = docx.Document()
    rows = [("00:00:01", "Interviewer", "Hello."), ("00:00:05", "Margaret", "Hi:\nthere.")]
    table = document.add_table(rows=0, cols=3)
    for values in ([("Time", "Speaker", "Text")] if header else []) + rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    path = tmp_path / "t.docx"
    document.save(path)
    transcript = read_document(path)
    assert speakers_and_texts(transcript.turns) == [
        ("Interviewer", "Hello."),
        ("Margaret", "Hi:\nthere."),
    ]
    assert transcript.turns["timestamp"].tolist() == ["00:00:01", "00:00:05"]
    assert "Interviewer\tHello." in transcript.text
    assert_offsets_hold(transcript.turns)


def test_docx_speaker_text_table_continues_a_speaker_when_the_cell_is_empty(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for values in [("Speaker", "Text"), ("INT", "Hello."), ("P03", "One."), ("", "Two.")]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    path = tmp_path / "t.docx"
    document.save(path)
    turns = read_transcript(path)
    assert speakers_and_texts(turns) == [("INT", "Hello."), ("P03", "One."), ("P03", "Two.")]
    assert_offsets_hold(turns)


def test_docx_whole_bold_paragraph_is_read_from_its_text(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run("Interviewer: How was it?").bold = True
    document.add_paragraph("P03: Fine.")
    path = tmp_path / "t.docx"
    document.save(path)
    assert speakers_and_texts(read_transcript(path)) == [
        ("Interviewer", "How was it?"),
        ("P03", "Fine."),
    ]


def test_docx_table_header_ends_the_turn_before_and_is_not_preamble(tmp_path):
    document = docx.Document()
    document.add_paragraph("INT: Before the table.")
    table = document.add_table(rows=0, cols=2)
    for values in [("Speaker", "Text"), ("INT", "Hello."), ("P03", "Hi.")]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    path = tmp_path / "t.docx"
    document.save(path)
    transcript = read_document(path)
    assert transcript.turns["text"].tolist() == ["Before the table.", "Hello.", "Hi."]
    table_only = docx.Document()
    table_only.element.body.insert(0, table._tbl)
    table_only.save(path)
    assert read_document(path).preamble == ""


# --- captions ---------------------------------------------------------------------------------

TEAMS_VTT = """WEBVTT

NOTE transcript exported
from Teams

3f6a-1
00:00:01.000 --> 00:00:03.500
<v Amir Shah>Hello, thanks</v>

3f6a-2
00:00:03.500 --> 00:00:05.000
<v Amir Shah>for joining &amp; all.</v>

3f6a-3
00:01:02.250 --> 00:01:05.000 align:start
<v Margaret>It was a
<i>long</i> year: really.</v>

00:01:06.000 --> 00:01:08.000
<v Amir Shah>I see.</v>
"""


def test_vtt_voice_tags_merge_consecutive_cues_of_one_speaker(tmp_path):
    transcript = read_text(tmp_path, TEAMS_VTT, name="t.vtt")
    assert transcript.format == "vtt"
    assert speakers_and_texts(transcript.turns) == [
        ("Amir Shah", "Hello, thanks for joining & all."),
        ("Margaret", "It was a long year: really."),
        ("Amir Shah", "I see."),
    ]
    assert transcript.turns["timestamp"].tolist() == ["00:00:01", "00:01:02", "00:01:06"]
    assert transcript.text.split("\n")[0] == "Amir Shah: Hello, thanks for joining & all."


def test_zoom_vtt_name_prefixes_are_speakers(tmp_path):
    content = (
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nInterviewer: Hi there: welcome.\n\n"
        "2\n00:00:02.000 --> 00:00:04.000\njo smith: Thanks.\n\n"
        "3\n00:00:04.000 --> 00:00:06.000\njo smith: Glad to be here.\n\n"
        "4\n00:00:06.000 --> 00:00:07.000\nand also this.\n"
    )
    turns = read_text(tmp_path, content, name="t.vtt").turns
    assert speakers_and_texts(turns) == [
        ("Interviewer", "Hi there: welcome."),
        ("jo smith", "Thanks. Glad to be here. and also this."),
    ]


def test_vtt_cue_with_two_voices_is_split_and_a_bare_name_cue_names_the_next_speaker(tmp_path):
    content = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nunlabelled start\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v.loud Amir>one</v> <v Jo>two &lt;3</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\nAmir:\n\n"
        "00:00:04.000 --> 00:00:05.000\nthree\n"
    )
    transcript = read_text(tmp_path, content, name="t.vtt")
    assert transcript.preamble == "unlabelled start"
    assert speakers_and_texts(transcript.turns) == [
        ("Amir", "one"),
        ("Jo", "two <3"),
        ("Amir", "three"),
    ]


def test_srt_numbering_and_comma_times_are_read(tmp_path):
    content = (
        "1\r\n00:00:01,000 --> 00:00:02,000\r\nINT: Hello.\r\n\r\n"
        "2\r\n00:00:02,000 --> 00:00:04,000\r\nP03: Hi,\r\n<i>two lines.</i>\r\n"
    )
    transcript = read_text(tmp_path, content, name="t.srt")
    assert transcript.format == "srt"
    assert speakers_and_texts(transcript.turns) == [("INT", "Hello."), ("P03", "Hi, two lines.")]
    assert transcript.turns["timestamp"].tolist() == ["00:00:01", "00:00:02"]


# --- errors -----------------------------------------------------------------------------------


def error_for(tmp_path: Path, name: str, data: bytes) -> InputError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    return caught.value


def test_unsupported_extension_names_the_accepted_ones(tmp_path):
    error = error_for(tmp_path, "t.pdf", b"%PDF")
    assert ".txt .md .docx .vtt .srt" in str(error)


@pytest.mark.parametrize("name", ["t.txt", "t.vtt", "t.srt"])
def test_empty_file_is_an_input_error(tmp_path, name):
    assert "empty" in str(error_for(tmp_path, name, b" \n\n"))


def test_text_without_speaker_labels_says_what_was_expected(tmp_path):
    error = error_for(tmp_path, "t.txt", b"Just some notes about the interview.\n")
    assert "Interviewer:" in error.expected


def test_undecodable_bytes_name_the_line(tmp_path):
    error = error_for(tmp_path, "t.txt", b"Interviewer: ok\nP03: \x81\x8d bad\n")
    assert error.location.startswith("line 2")


def test_binary_file_with_a_text_extension_is_refused(tmp_path):
    assert "NUL" in str(error_for(tmp_path, "t.txt", b"Interviewer: a\x00b\n"))


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04 truncated zip", b""])
def test_corrupt_docx_is_an_input_error(tmp_path, data):
    assert "Word document" in str(error_for(tmp_path, "t.docx", data))


def test_docx_without_text_is_an_input_error(tmp_path):
    path = tmp_path / "t.docx"
    docx.Document().save(path)
    with pytest.raises(InputError, match="no text"):
        read_document(path)


def test_docx_with_a_broken_document_part_is_an_input_error(tmp_path):
    path = tmp_path / "good.docx"
    write_docx(pd.DataFrame({"speaker": ["A1"], "text": ["x"]}), path)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp_path / "t.docx", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(InputError, match="Word document"):
        read_document(tmp_path / "t.docx")


def test_vtt_without_header_names_line_1(tmp_path):
    error = error_for(tmp_path, "t.vtt", b"00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n")
    assert error.location == "line 1"


def test_vtt_with_a_bad_timing_line_names_that_line(tmp_path):
    content = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n\n7\n00:00:03 -> 4\n<v B>y</v>\n"
    )
    error = error_for(tmp_path, "t.vtt", content)
    assert error.location == "line 7"


def test_captions_without_speakers_are_an_input_error(tmp_path):
    content = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nno speaker here\n"
    assert "speaker" in str(error_for(tmp_path, "t.vtt", content))


def test_missing_file_is_an_input_error(tmp_path):
    for name in ("gone.txt", "gone.docx"):
        with pytest.raises(InputError, match="not found"):
            read_document(tmp_path / name)


# --- writers and round trips ------------------------------------------------------------------

SPEAKERS = ["Interviewer", "INT", "P03 (link worker)", "Dr Amir Shah", "Margaret", "R1", "Zoë"]
# Continuation lines must not look like a label or a timestamp: they start with a lower-case
# letter that begins no name particle ("van", "de"...) or with an opening quote.
FIRST_CHARS = "cfghjkmnpqrsuwxzéßøñçü\"'“‘«"
TAIL = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), include_characters=": "
    ),
    max_size=25,
)
LINE = st.builds(lambda first, rest: first + rest, st.sampled_from(FIRST_CHARS), TAIL)


def clean_text(lines: list[str]) -> str:
    """A turn's text as the reader gives it back: NFC, stripped, lines kept."""
    return unicodedata.normalize("NFC", "\n".join(lines)).strip()


TURNS = st.lists(
    st.tuples(st.sampled_from(SPEAKERS), st.lists(LINE, min_size=1, max_size=3)),
    min_size=1,
    max_size=8,
).map(
    lambda rows: pd.DataFrame(
        [(speaker, clean_text(lines)) for speaker, lines in rows], columns=["speaker", "text"]
    )
)
PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def merged(turns: pd.DataFrame) -> list[tuple[str, str]]:
    """Captions merge consecutive turns of one speaker and collapse whitespace."""
    out: list[tuple[str, str]] = []
    for speaker, text in zip(turns["speaker"], turns["text"], strict=True):
        words = " ".join(text.split())
        if not words:
            continue
        if out and out[-1][0] == speaker:
            out[-1] = (speaker, f"{out[-1][1]} {words}")
        else:
            out.append((speaker, words))
    return out


@PROPERTY
@given(turns=TURNS, timestamps=st.booleans(), bom=st.booleans())
def test_txt_round_trip_gives_back_speakers_texts_and_order(tmp_path, turns, timestamps, bom):
    path = write_txt(turns, tmp_path / "t.txt", timestamps=timestamps, bom=bom, preamble="Head")
    transcript = read_document(path)
    assert speakers_and_texts(transcript.turns) == speakers_and_texts(turns)
    assert transcript.preamble == "Head"
    assert_offsets_hold(transcript.turns)


@PROPERTY
@given(turns=TURNS, layout=st.sampled_from(["bold", "table"]), timestamps=st.booleans())
def test_docx_round_trip_gives_back_speakers_texts_and_order(tmp_path, turns, layout, timestamps):
    path = write_docx(turns, tmp_path / "t.docx", layout, timestamps=timestamps)
    read_back = read_transcript(path)
    assert speakers_and_texts(read_back) == speakers_and_texts(turns)
    assert read_back["timestamp"].notna().all() == timestamps
    assert_offsets_hold(read_back)


@PROPERTY
@given(turns=TURNS, writer=st.sampled_from([write_vtt, write_srt]))
def test_caption_round_trip_gives_back_merged_turns(tmp_path, turns, writer):
    # SubRip has no escape for "{\": the reader drops such SubStation override tags.
    assume(writer is write_vtt or not turns["text"].str.contains("{\\", regex=False).any())
    path = writer(turns, tmp_path / ("t.vtt" if writer is write_vtt else "t.srt"))
    read_back = read_transcript(path)
    assert speakers_and_texts(read_back) == merged(turns)
    assert_offsets_hold(read_back)


def test_windows_1252_round_trip_keeps_smart_quotes(tmp_path):
    turns = pd.DataFrame({"speaker": ["Interviewer"], "text": ["“Holding” – isn’t it?"]})
    path = write_txt(turns, tmp_path / "t.txt", encoding="windows-1252")
    transcript = read_document(path)
    assert transcript.encoding == "windows-1252"
    assert speakers_and_texts(transcript.turns) == speakers_and_texts(turns)


def test_writer_refuses_text_the_encoding_cannot_hold(tmp_path):
    turns = pd.DataFrame({"speaker": ["A1"], "text": ["emoji 🙂"]})
    with pytest.raises(InputError, match="windows-1252"):
        write_txt(turns, tmp_path / "t.txt", encoding="windows-1252")


# --- damage -----------------------------------------------------------------------------------

DAMAGE = st.tuples(
    st.sampled_from(["truncate", "flip", "insert"]),
    st.integers(min_value=0, max_value=2**32),
    st.binary(min_size=1, max_size=16),
)


def damaged(data: bytes, damage: tuple[str, int, bytes]) -> bytes:
    kind, seed, garbage = damage
    rng = random.Random(seed)
    where = rng.randrange(len(data) + 1)
    if kind == "truncate":
        return data[:where]
    if kind == "insert":
        return data[:where] + garbage + data[where:]
    flipped = bytearray(data)
    for _ in range(1 + len(garbage) // 4):
        index = rng.randrange(len(flipped))
        flipped[index] ^= 1 << rng.randrange(8)
    return bytes(flipped)


def sample_files(tmp_path: Path) -> dict[str, bytes]:
    turns = pd.DataFrame(
        {"speaker": ["Interviewer", "P03 (link worker)"], "text": ["Hello: “you”.", "Hi.\nYes."]}
    )
    writers = {
        "t.txt": lambda p: write_txt(turns, p, timestamps=True),
        "t.md": lambda p: write_txt(turns, p, encoding="windows-1252"),
        "bold.docx": lambda p: write_docx(turns, p, "bold"),
        "table.docx": lambda p: write_docx(turns, p, "table", timestamps=True),
        "t.vtt": lambda p: write_vtt(turns, p),
        "t.srt": lambda p: write_srt(turns, p),
    }
    return {name: write(tmp_path / name).read_bytes() for name, write in writers.items()}


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return sample_files(tmp_path_factory.mktemp("samples"))


@PROPERTY
@given(
    name=st.sampled_from(["t.txt", "t.md", "bold.docx", "table.docx", "t.vtt", "t.srt"]),
    damage=DAMAGE,
)
def test_damaged_files_give_input_error_or_a_valid_table(tmp_path, samples, name, damage):
    path = tmp_path / name
    path.write_bytes(damaged(samples[name], damage))
    try:
        turns = read_transcript(path)
    except InputError:
        return
    assert len(turns) > 0
    assert_offsets_hold(turns)
