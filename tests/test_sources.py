"""Tables a study declares in study.yaml: open-ended survey answers with Code 1..n columns."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest
from openpyxl import Workbook

from analysis.errors import InputError
from analysis.sources import read_source_table, read_study_file

SURVEY = """\
Respondent,Participant,Age band,Satisfaction,What helped?,Coder,Code 1,Code 2,Code 3
1,P01,18-34,Good,The link worker Jane Doe listened and found me a walking group,AB,Support->Listening,Activities,
2,,35-54,very poor,Nothing really the waiting list was too long,AB,Access->Waiting,,
3,P02,55+,fair,,AB,Activities,,
4,,55+,Excellent,Getting out of the house twice a week,AB,Activities,Support,
"""

STUDY = """\
tables:
  survey:
    file: survey/answers.csv
    text: What helped?
    speaker: Respondent
    speaker_prefix: Respondent
    participant: Participant
    columns: [Age band]
    scales:
      Satisfaction: [very poor, poor, fair, good, very good]
    codes:
      columns: [Code *]
      coder: Coder
"""


def write_survey_study(folder, survey=SURVEY, study=STUDY):
    (folder / "survey").mkdir(parents=True)
    (folder / "participants.csv").write_text(
        "participant_id,role,site\nP01,patient,North\nP02,patient,South\n", encoding="utf-8"
    )
    (folder / "key.csv").write_text(
        "real_name,pseudonym,kind\nJane Doe,Alex,participant\n", encoding="utf-8"
    )
    (folder / "survey" / "answers.csv").write_text(survey, encoding="utf-8")
    (folder / "study.yaml").write_text(study, encoding="utf-8")
    return folder


def test_study_file_declares_a_survey_table(tmp_path):
    spec = read_study_file(write_survey_study(tmp_path)).tables["survey"]
    assert spec.source == "survey"
    assert spec.scales["satisfaction"] == ("very poor", "poor", "fair", "good", "very good")
    assert spec.codes.coder == "coder" and spec.codes.columns == ("code_*",)
    assert read_study_file(tmp_path / "survey").tables == {}  # no study.yaml: nothing declared


@pytest.mark.parametrize(
    ("study", "key"),
    [
        ("tables:\n  survey:\n    text: answer\n", "key tables.survey.file"),
        ("tables:\n  survey:\n    file: a.csv\n    colums: [x]\n", "key tables.survey.colums"),
        ("tables:\n  s:\n    file: a.csv\n    scales: {x: [one]}\n", "key tables.s.scales.x"),
        ("tables:\n  s:\n    file: a.csv\n    codes: {columns: [c1]}\n", "key tables.s.codes"),
        ("survey: {}\n", "key (top level).survey"),
    ],
)
def test_study_file_errors_name_the_key(tmp_path, study, key):
    (tmp_path / "study.yaml").write_text(study, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_study_file(tmp_path)
    assert error.value.location == key
    assert error.value.path.endswith("study.yaml")


def test_rows_scales_and_codes_are_read_with_their_cells(tmp_path):
    folder = write_survey_study(tmp_path)
    spec = read_study_file(folder).tables["survey"]
    with pytest.raises(InputError) as error:
        read_source_table(folder, spec)
    assert error.value.location == "line 5, column 'Satisfaction'"
    assert "unknown satisfaction 'Excellent'" in error.value.message
    table = read_source_table(folder, spec, on_error="skip")
    assert table.rows["row"].tolist() == [1, 2]
    assert table.rows["satisfaction"].cat.categories[-1] == "very good"
    assert table.rows["satisfaction"].tolist() == ["good", "very poor"]
    kept = table.codings[table.codings["kept"]]
    assert kept[["row", "code", "parent", "coder"]].fillna("-").values.tolist() == [
        [1, "Listening", "Support", "AB"],
        [1, "Activities", "-", "AB"],
        [2, "Waiting", "Access", "AB"],
    ]
    assert kept["location"].tolist()[0] == "line 2, column 'Code 1'"
    # Codes on rows set aside are kept (as not kept) so they can be accounted for.
    assert table.codings.loc[~table.codings["kept"], "row"].tolist() == [3, 4, 4]
    reasons = dict(zip(table.skipped["row"], table.skipped["reason"], strict=True))
    assert reasons[3] == "no What helped? (its 1 code(s) set aside with it)"


def test_code_columns_order_by_number_and_a_workbook_sheet(tmp_path):
    book = Workbook()
    book.active.title = "Cover"
    sheet = book.create_sheet("Answers")
    sheet.append(["Answer", "Code 10", "Code 2", "Code 1"])
    sheet.append(["Too far to travel", "c", "b", "a"])
    (tmp_path / "survey").mkdir()
    book.save(tmp_path / "survey" / "wave1.xlsx")
    (tmp_path / "study.yaml").write_text(
        textwrap.dedent(
            """\
            tables:
              open:
                file: survey/*.xlsx
                sheet: answers
                text: Answer
                codes: {columns: [code_*], coder_name: RB}
            """
        ),
        encoding="utf-8",
    )
    table = read_source_table(tmp_path, read_study_file(tmp_path).tables["open"])
    assert table.codings["code"].tolist() == ["a", "b", "c"]
    assert table.codings["location"].tolist()[0] == "sheet 'Answers', cell D2"
    assert set(table.codings["coder"]) == {"RB"}


def test_a_wide_survey_gives_one_unit_per_answered_question(tmp_path):
    (tmp_path / "s.csv").write_text(
        "id,Region,Q1 What helped?,Q2 What got in the way?\n"
        "r1,North,Talking,\n"
        "r2,South,,Buses\n"
        "r3,South,,\n",
        encoding="utf-8",
    )
    (tmp_path / "study.yaml").write_text(
        "tables:\n  s:\n    file: s.csv\n    speaker: id\n    columns: [Region]\n"
        '    questions: ["Q1 What helped?", "Q2 What got in the way?"]\n',
        encoding="utf-8",
    )
    table = read_source_table(tmp_path, read_study_file(tmp_path).tables["s"])
    assert table.rows[["row", "question", "text"]].values.tolist() == [
        [1, "Q1 What helped?", "Talking"],
        [2, "Q2 What got in the way?", "Buses"],
    ]
    assert table.skipped["reason"].tolist() == ["no answer"]


def test_a_missing_file_names_the_study_file_key(tmp_path):
    (tmp_path / "study.yaml").write_text("tables:\n  s:\n    file: nope.csv\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_source_table(tmp_path, read_study_file(tmp_path).tables["s"])
    assert error.value.location == "key tables.s.file"


def _ingest(folder, **kwargs):
    from analysis.ingest import ingest_study

    return ingest_study(folder, progress=False, **kwargs)


def test_ingest_makes_segments_codings_and_a_codebook_from_a_survey(tmp_path):
    folder = write_survey_study(tmp_path)
    result = _ingest(folder, on_error="skip")
    survey = result.segments[result.segments["source"] == "survey"]
    assert survey["segment_id"].tolist() == ["survey-0001", "survey-0002"]
    assert survey["role"].tolist() == ["patient", "respondent"]  # P01's role from participants
    assert survey["speaker"].tolist() == ["Respondent 1", "Respondent 2"]
    assert "Jane Doe" not in " ".join(survey["text"]) and "Alex" in survey["text"].iloc[0]
    doc = result.documents["survey"]
    for row in survey.itertuples():
        assert doc[row.char_start : row.char_end] == row.text
    assert result.codings.values.tolist() == [
        ["survey-0001", "activities", "AB"],
        ["survey-0001", "support_listening", "AB"],
        ["survey-0002", "access_waiting", "AB"],
    ]
    book = result.codebook.set_index("code_id")
    assert book.loc["support_listening", "parent"] == "support"
    assert result.codebook_name == "codes_in_tables"
    totals = result.report.totals()
    assert totals["table rows"] == {"read": 4, "kept": 2, "set_aside": 2, "unaccounted": 0}
    assert totals["codings"] == {"read": 6, "kept": 3, "set_aside": 3, "unaccounted": 0}
    assert result.report.unaccounted() == 0
    assert result.tables["survey"]["segment_id"].tolist() == ["survey-0001", "survey-0002"]


def test_codes_are_checked_against_the_study_codebook(tmp_path):
    folder = write_survey_study(tmp_path, survey=SURVEY.replace("Excellent", "good"))
    (folder / "codebook").mkdir()
    (folder / "codebook" / "codebook.csv").write_text(
        "code_id,name,parent\nSUP,Support,\nLIS,Listening,SUP\nACT,Activities,\n"
        "ACC,Access,\nWAIT,Waiting,SUP\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        _ingest(folder)
    assert error.value.location == "line 3, column 'Code 1'"
    assert "written under 'Access', but the codebook puts it under 'SUP'" in error.value.message
    result = _ingest(folder, on_error="skip")
    assert sorted(result.codings["code_id"]) == ["ACT", "ACT", "LIS", "SUP"]
    assert pd.Series(result.report.set_aside_table()["item"]).eq("coding").sum() == 2
