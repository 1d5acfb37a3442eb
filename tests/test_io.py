"""Reading the files people type: one decoding, true line numbers, one row-width rule."""

from __future__ import annotations

import pytest

from analysis.codebook import read_codebook
from analysis.errors import InputError
from analysis.ingest import ingest_study
from analysis.io import decode_bytes, read_csv_table
from analysis.pseudonymise import read_key

DECOMPOSED = "Zoe\u0308 Brown"  # "e" and a combining diaeresis, as macOS writes file names
PRECOMPOSED = "Zo\u00eb Brown"


def test_a_quoted_line_break_does_not_shift_later_line_numbers(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_text(
        'participant_id,role,site,note\nP1,gp,A,"two\nlines"\n\nP2,gp,B,x\nP1,gp,C,y\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        read_csv_table(path, required=["participant_id"], id_column="participant_id")
    assert error.value.location == "line 6"
    assert "first on line 2" in str(error.value)


def test_source_lines_are_where_each_row_starts(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,note\n1,"a\nb\nc"\n2,d\n', encoding="utf-8")
    table = read_csv_table(path, required=["id"])
    assert list(table["source_line"]) == [2, 5]
    assert table.loc[0, "note"] == "a\nb\nc"


@pytest.mark.parametrize(
    ("name", "text", "read"),
    [
        (
            "participants.csv",
            "participant_id,role\nP1,gp,extra\n",
            lambda p: read_csv_table(p, required=[]),
        ),
        ("codebook.csv", "code_id,name\nA,B,extra\n", read_codebook),
        ("key.csv", "real_name,pseudonym,kind\nAnn,P1,participant,x\n", read_key),
    ],
)
def test_a_row_with_more_values_than_columns_is_one_message_everywhere(tmp_path, name, text, read):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="3 values but 2 columns|4 values but 3 columns") as error:
        read(path)
    assert error.value.location == "line 2"
    assert "quote values that contain commas" in error.value.expected


def test_every_reader_decodes_alike_and_normalises_to_nfc(tmp_path):
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        if encoding == "cp1252":
            data = PRECOMPOSED.encode(encoding)
        else:
            data = DECOMPOSED.encode(encoding)
        text, _ = decode_bytes(data, "x.csv")
        assert text == PRECOMPOSED, encoding
    path = tmp_path / "t.csv"
    path.write_bytes(f"name\n{DECOMPOSED}\n".encode())
    assert read_csv_table(path, required=["name"]).loc[0, "name"] == PRECOMPOSED


def test_a_decomposed_name_in_the_interview_log_matches_the_transcript(tmp_path):
    study = tmp_path / "study"
    (study / "interviews").mkdir(parents=True)
    (study / "participants.csv").write_text("participant_id,role,site\nP1,gp,A\n", "utf-8")
    (study / "interviews.csv").write_bytes(
        f"doc_id,file,participant_id,interviewer\nP1_w1,p1.txt,P1,{DECOMPOSED}\n".encode()
    )
    (study / "interviews" / "p1.txt").write_text(
        f"{PRECOMPOSED}: How is the work?\nP1: Busy, the lists are long.\n"
        f"{PRECOMPOSED}: And the team?\nP1: Small but kind.\n",
        encoding="utf-8",
    )
    result = ingest_study(study, progress=False, pseudonymise="detectors_only")
    flags = result.segments.set_index("turn")["is_interviewer"]
    assert list(flags) == [True, False, True, False]
    texts = [*result.segments["text"], *result.segments["speaker"], *result.documents.values()]
    assert not any("Zo" in text for text in texts)  # the researcher's name is not in outputs
