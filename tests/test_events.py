"""Knowledge-exchange events: workbooks and CSV files as organisers type them up."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from analysis.demo.events import POSITIONS, STUDY_YAML, event_layout
from analysis.errors import InputError
from analysis.events import EventTables, event_documents, event_segments
from analysis.events import read_events as read_declared_events

#: The demo's layout (its study.yaml), which the fixtures below follow.
LAYOUT = event_layout()


def read_events(folder, **kwargs):
    """Read events laid out as the demo's are."""
    return read_declared_events(folder, LAYOUT, **kwargs)


NOTES = [
    ["group", "concept", "stakeholder", "valence", "note"],
    ["1", "holding", "patients", "positive", "Someone stays with them through the bad patch."],
    ["1", "Holding", "LWs", "neg", "Caseloads fill up and never empty."],
    [None, None, None, None, None],
    ["2", "holding ", "GPs", "+", "Fewer repeat appointments for the practice."],
]
DISCRETION = [
    ["group", "aspect", "position", "comment"],
    ["1", "length of support", "Much More", "Twelve weeks is arbitrary."],
    ["2", "Where patients are seen", "as now", None],
    ["2", "training", "less", "We need supervision more than courses."],
]
FEEDBACK = [
    ["respondent", "comment"],
    ["1", "Really useful to hear from commissioners."],
    ["2", "  More time for the exercise please.  "],
]
SHEETS = {"Group notes": NOTES, "Discretion exercise": DISCRETION, "Feedback": FEEDBACK}


def write_events_csv(folder, rows=(("KE01", "2024-03-12", "Leeds", "North", "24"),)):
    lines = ["event_id,date,place,region,attendees"] + [",".join(row) for row in rows]
    (folder / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_workbook(path, sheets=None):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in (sheets or SHEETS).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, rows, encoding="utf-8"):
    text = "\r\n".join(
        ",".join("" if cell is None else f'"{cell}"' for cell in row) for row in rows
    )
    path.write_bytes((text + "\r\n").encode(encoding))
    return path


def write_csv_triplet(folder, event_id, encoding="utf-8", notes=NOTES):
    write_csv(folder / f"{event_id}_notes.csv", notes, encoding)
    write_csv(folder / f"{event_id}_discretion.csv", DISCRETION, encoding)
    write_csv(folder / f"{event_id}_feedback.csv", FEEDBACK, encoding)


@pytest.fixture
def study(tmp_path):
    """An events folder with one workbook event (KE01) and one CSV event (KE02)."""
    write_events_csv(
        tmp_path,
        [("KE01", "2024-03-12", "Leeds", "North", "24"), ("KE02", "05/06/2024", "Hull", "", "")],
    )
    write_workbook(tmp_path / "KE01.xlsx")
    write_csv_triplet(tmp_path, "KE02")
    return tmp_path


def test_reads_events_and_their_tables_from_workbooks_and_csv_files(study):
    tables = read_events(study)
    assert isinstance(tables, EventTables)
    assert tables.events["event_id"].tolist() == ["KE01", "KE02"]
    assert tables.events["date"].tolist() == [
        pd.Timestamp("2024-03-12"),
        pd.Timestamp("2024-06-05"),
    ]
    assert tables.events["attendees"].tolist() == [24, pd.NA]
    assert list(tables.notes.columns) == [
        "event_id",
        "row",
        "group",
        "concept",
        "stakeholder",
        "valence",
        "text",
    ]
    assert list(tables.discretion.columns) == [
        "event_id",
        "row",
        "group",
        "aspect",
        "position",
        "text",
    ]
    assert list(tables.feedback.columns) == ["event_id", "row", "respondent", "text"]
    # the same rows typed into a workbook or into CSV files read the same
    by_event = {
        event_id: frame.drop(columns="event_id")
        for event_id, frame in tables.notes.groupby("event_id")
    }
    pd.testing.assert_frame_equal(
        by_event["KE01"].reset_index(drop=True), by_event["KE02"].reset_index(drop=True)
    )


def test_labels_are_normalised_to_the_canonical_vocabulary(study):
    tables = read_events(study)
    notes = tables.notes[tables.notes["event_id"] == "KE01"]
    assert notes["stakeholder"].tolist() == ["patients", "link workers", "GP practices"]
    assert notes["valence"].tolist() == ["positive", "negative", "positive"]
    assert notes["concept"].tolist() == ["holding", "holding", "holding"]
    discretion = tables.discretion[tables.discretion["event_id"] == "KE01"]
    assert discretion["aspect"].tolist() == [
        "length of support",
        "where patients are seen",
        "training",
    ]
    assert tables.feedback.loc[1, "text"] == "More time for the exercise please."


def test_position_is_an_ordered_categorical_on_the_discretion_scale(study):
    position = read_events(study).discretion["position"]
    assert isinstance(position.dtype, pd.CategoricalDtype) and position.cat.ordered
    assert list(position.cat.categories) == list(POSITIONS)
    assert position.iloc[0] == "much more" and position.iloc[0] > position.iloc[2]


def test_rows_are_numbered_as_in_the_sheet_and_empty_rows_are_accounted_for(study):
    tables = read_events(study)
    assert tables.notes.loc[tables.notes["event_id"] == "KE01", "row"].tolist() == [1, 2, 4]
    empty = tables.skipped[tables.skipped["reason"] == "empty row"]
    assert empty[["event_id", "table", "row"]].values.tolist() == [
        ["KE01", "notes", 3],
        ["KE02", "notes", 3],
    ]


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("pts", "patients"),
        ("Patient", "patients"),
        ("LW", "link workers"),
        ("link_workers", "link workers"),
        ("GP", "GP practices"),
        ("gp-practices", "GP practices"),
        ("VCSE", "voluntary sector"),
        ("  Voluntary   sector ", "voluntary sector"),
        ("ICB", "commissioners"),
        ("COMMISSIONERS", "commissioners"),
    ],
)
def test_stakeholder_aliases_map_to_the_canonical_stakeholder(tmp_path, variant, canonical):
    write_events_csv(tmp_path)
    write_csv_triplet(tmp_path, "KE01", notes=[NOTES[0], ["1", "holding", variant, "-", "x"]])
    notes = read_events(tmp_path).notes
    assert notes[["stakeholder", "valence"]].values.tolist() == [[canonical, "negative"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_tables_read_in_utf8_with_or_without_bom_and_windows_1252(tmp_path, encoding):
    write_events_csv(tmp_path)
    notes = [NOTES[0], ["1", "holding", "patients", "positive", "They’re held – not rushed"]]
    write_csv_triplet(tmp_path, "KE01", encoding=encoding, notes=notes)
    assert read_events(tmp_path).notes["text"].tolist() == ["They’re held – not rushed"]


def test_template_rows_without_free_text_are_skipped_with_a_reason(tmp_path):
    write_events_csv(tmp_path)
    notes = [NOTES[0], ["1", "holding", "patients", "positive", None], NOTES[1]]
    write_csv_triplet(tmp_path, "KE01", notes=notes)
    tables = read_events(tmp_path)
    assert tables.notes["row"].tolist() == [2]
    skipped = tables.skipped.set_index(["table", "row"])
    assert skipped.loc[("notes", 1), "reason"] == "no note"


def test_a_discretion_position_without_a_comment_is_kept_but_is_no_segment(study):
    tables = read_events(study)
    kept = tables.discretion[
        (tables.discretion["event_id"] == "KE01") & (tables.discretion["row"] == 2)
    ]
    assert kept["position"].tolist() == ["as now"] and kept["text"].isna().all()
    assert "KE01-discretion-002" not in set(event_segments(tables)["segment_id"])


def test_merged_group_cells_label_every_row_of_the_merge(tmp_path):
    write_events_csv(tmp_path)
    path = write_workbook(tmp_path / "KE01.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Group notes"]
    sheet["A3"] = None
    sheet.merge_cells("A2:A3")
    workbook.save(path)
    assert read_events(tmp_path).notes["group"].tolist() == ["1", "1", "2"]


# --- problems name the file and the cell ----------------------------------------------------


def problem(tmp_path, **kwargs):
    with pytest.raises(InputError) as caught:
        read_events(tmp_path, **kwargs)
    return caught.value


def workbook_with(tmp_path, sheet, cell, value):
    write_events_csv(tmp_path)
    path = write_workbook(tmp_path / "KE01.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook[sheet][cell] = value
    workbook.save(path)
    return path


def test_an_unknown_valence_names_the_cell_and_the_accepted_values(tmp_path):
    path = workbook_with(tmp_path, "Group notes", "D3", "maybe")
    error = problem(tmp_path)
    assert error.path == str(path)
    assert error.location == "sheet 'Group notes', cell D3"
    assert "unknown valence 'maybe'" in error.message
    assert "positive, negative" in error.expected and "neg" in error.expected


def test_an_unknown_aspect_names_the_cell(tmp_path):
    workbook_with(tmp_path, "Discretion exercise", "B4", "budgets")
    error = problem(tmp_path)
    assert error.location == "sheet 'Discretion exercise', cell B4"
    assert "length of support" in error.expected


def test_an_unknown_position_names_the_cell_and_the_scale(tmp_path):
    workbook_with(tmp_path, "Discretion exercise", "C2", "loads more")
    error = problem(tmp_path)
    assert error.location == "sheet 'Discretion exercise', cell C2"
    assert "much less, less, as now, more, much more" in error.expected


def test_a_row_with_text_but_no_stakeholder_names_the_empty_cell(tmp_path):
    workbook_with(tmp_path, "Group notes", "C5", None)
    error = problem(tmp_path)
    assert error.location == "sheet 'Group notes', cell C5"
    assert "stakeholder is missing" in error.message


def test_csv_problems_name_the_line_and_column(tmp_path):
    write_events_csv(tmp_path)
    notes = [NOTES[0], NOTES[1], ["2", "holding", "patients", "maybe", "Unsure."]]
    write_csv_triplet(tmp_path, "KE01", notes=notes)
    error = problem(tmp_path)
    assert error.path == str(tmp_path / "KE01_notes.csv")
    assert error.location == "line 3, column 'valence'"


def test_csv_line_numbers_follow_quoted_values_over_several_lines(tmp_path):
    write_events_csv(tmp_path)
    notes = [
        NOTES[0],
        ["1", "holding", "patients", "positive", "two\nlines"],
        ["2", "x", "aliens", "+", "y"],
    ]
    write_csv_triplet(tmp_path, "KE01", notes=notes)
    assert problem(tmp_path).location == "line 4, column 'stakeholder'"


def test_on_error_skip_sets_bad_rows_aside_with_their_reason_and_text(tmp_path):
    workbook_with(tmp_path, "Group notes", "D3", "maybe")
    tables = read_events(tmp_path, on_error="skip")
    assert tables.notes["row"].tolist() == [1, 4]
    set_aside = tables.skipped[tables.skipped["reason"].str.contains("maybe")]
    assert set_aside[["table", "row"]].values.tolist() == [["notes", 2]]
    assert set_aside["reason"].iloc[0].startswith("sheet 'Group notes', cell D3: ")
    assert set_aside["text"].iloc[0] == "Caseloads fill up and never empty."


def test_every_data_row_is_either_in_a_table_or_in_skipped(tmp_path):
    workbook_with(tmp_path, "Group notes", "B2", None)
    tables = read_events(tmp_path, on_error="skip")
    for table, rows in (("notes", NOTES), ("discretion", DISCRETION), ("feedback", FEEDBACK)):
        kept = set(getattr(tables, table)["row"])
        skipped = set(tables.skipped.loc[tables.skipped["table"] == table, "row"])
        assert kept | skipped == set(range(1, len(rows))) and not kept & skipped


def test_a_missing_sheet_names_the_sheets_found(tmp_path):
    write_events_csv(tmp_path)
    write_workbook(tmp_path / "KE01.xlsx", {"Group notes": NOTES, "Sheet1": FEEDBACK})
    error = problem(tmp_path)
    assert "no sheet 'Discretion exercise'" in error.message
    assert "'Group notes', 'Sheet1'" in error.message


def test_sheet_names_and_headers_match_ignoring_case(tmp_path):
    write_events_csv(tmp_path)
    notes = [["Group", "Concept", "Stakeholder", "Valence", "Note"], *NOTES[1:]]
    write_workbook(
        tmp_path / "KE01.xlsx",
        {"group notes": notes, "DISCRETION EXERCISE ": DISCRETION, "feedback": FEEDBACK},
    )
    assert len(read_events(tmp_path).notes) == 3


def test_a_missing_column_names_the_header_row(tmp_path):
    write_events_csv(tmp_path)
    write_workbook(
        tmp_path / "KE01.xlsx",
        {**SHEETS, "Feedback": [["respondent", "remarks"], ["1", "Good."]]},
    )
    error = problem(tmp_path)
    assert error.location == "sheet 'Feedback', row 1"
    assert "no comment column" in error.message


def test_a_corrupt_workbook_is_an_input_error_not_a_zip_traceback(tmp_path):
    write_events_csv(tmp_path)
    (tmp_path / "KE01.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    error = problem(tmp_path)
    assert error.path == str(tmp_path / "KE01.xlsx")
    assert "cannot open the workbook" in error.message


def test_an_event_without_files_is_an_input_error_naming_its_line(tmp_path):
    write_events_csv(tmp_path, [("KE01", "", "", "", ""), ("KE02", "", "", "", "")])
    write_workbook(tmp_path / "KE01.xlsx")
    error = problem(tmp_path)
    assert error.location == "line 3"
    assert "no workbook or CSV files for event 'KE02'" in error.message


def test_a_workbook_for_an_unlisted_event_is_an_input_error(tmp_path):
    write_events_csv(tmp_path)
    write_workbook(tmp_path / "KE01.xlsx")
    write_workbook(tmp_path / "KE09.xlsx")
    error = problem(tmp_path)
    assert error.path == str(tmp_path / "KE09.xlsx")
    assert "'KE09', which events.csv does not list" in error.message


def test_an_incomplete_csv_triplet_names_the_missing_files(tmp_path):
    write_events_csv(tmp_path)
    write_csv_triplet(tmp_path, "KE01")
    (tmp_path / "KE01_feedback.csv").unlink()
    assert "KE01_feedback.csv" in problem(tmp_path).message


def test_excel_lock_files_and_other_files_are_ignored(study):
    (study / "~$KE01.xlsx").write_bytes(b"lock")
    (study / "attendance.csv").write_text("name\n", encoding="utf-8")
    assert len(read_events(study).events) == 2


@pytest.mark.parametrize(
    ("row", "location", "message"),
    [
        (("KE01", "2024-03-12", "", "", ""), "line 3, column 'event_id'", "already listed"),
        (("KE 2", "", "", "", ""), "line 3, column 'event_id'", "cannot name files"),
        (("KE02", "next Tuesday", "", "", ""), "line 3, column 'date'", "cannot read the date"),
        (("KE02", "", "", "", "about 30"), "line 3, column 'attendees'", "not a count"),
    ],
)
def test_events_csv_problems_name_the_line_and_column(tmp_path, row, location, message):
    write_events_csv(tmp_path, [("KE01", "", "", "", ""), row])
    error = problem(tmp_path)
    assert error.location == location and message in error.message


# --- segments -------------------------------------------------------------------------------


def test_event_segments_have_ids_offsets_and_attributes(study):
    tables = read_events(study)
    segments = event_segments(tables)
    ke01 = segments[segments["event_id"] == "KE01"]
    assert ke01["segment_id"].tolist() == [
        "KE01-notes-001",
        "KE01-notes-002",
        "KE01-notes-004",
        "KE01-discretion-001",
        "KE01-discretion-003",
        "KE01-feedback-001",
        "KE01-feedback-002",
    ]
    first = ke01.iloc[0]
    assert (first["doc_id"], first["source"], first["turn"], first["role"]) == (
        "KE01-notes",
        "event",
        1,
        "attendee",
    )
    assert first["speaker"] == "Group 1" and pd.isna(first["participant_id"])
    assert first["stakeholder"] == "patients" and pd.isna(first["aspect"])
    assert ke01.iloc[3]["position"] == "much more"
    assert ke01.iloc[5]["speaker"] == "Respondent 1"


def test_segment_offsets_point_into_the_event_documents(study):
    tables = read_events(study)
    documents = event_documents(tables)
    segments = event_segments(tables)
    assert set(documents) == set(segments["doc_id"])
    for row in segments.itertuples():
        assert documents[row.doc_id][row.char_start : row.char_end] == row.text
    notes = documents["KE01-notes"]
    assert notes == "\n".join(NOTES[r][4] for r in (1, 2, 4))


def test_segments_of_a_free_text_cell_with_line_breaks_stay_traceable(tmp_path):
    workbook_with(tmp_path, "Feedback", "B2", "Line one\r\nline two")
    tables = read_events(tmp_path)
    documents = event_documents(tables)
    for row in event_segments(tables).itertuples():
        assert documents[row.doc_id][row.char_start : row.char_end] == row.text
    assert tables.feedback.loc[0, "text"] == "Line one\nline two"


def test_an_empty_events_folder_listing_gives_empty_tables(tmp_path):
    (tmp_path / "events.csv").write_text("event_id,date,place,region,attendees\n", encoding="utf-8")
    tables = read_events(tmp_path)
    assert tables.notes.empty and tables.skipped.empty
    assert event_segments(tables).empty and event_documents(tables) == {}


def test_on_error_must_be_stop_or_skip_as_for_ingest(study):
    with pytest.raises(InputError, match=re.escape("'stop' or 'skip'")):
        read_events(study, on_error="ignore")


# --- layouts other than the demo's: declared in study.yaml ---


@pytest.fixture
def other_study(tmp_path):
    """A study whose workshops have two tables of their own, declared in its study.yaml."""
    from _studies import PHYSIO_STUDY_YAML, write_workshops

    (tmp_path / "study.yaml").write_text(PHYSIO_STUDY_YAML, encoding="utf-8")
    write_workshops(tmp_path / "events")
    return tmp_path


def test_the_study_yaml_next_to_the_events_folder_is_the_default_layout(other_study):
    tables = read_declared_events(other_study / "events")
    assert list(tables.tables) == ["flipcharts", "ratings"]
    flipcharts = tables.flipcharts
    assert flipcharts.columns.tolist()[:5] == ["event_id", "row", "table_no", "theme", "text"]
    assert flipcharts["theme"].tolist() == ["access", "recovery", "access"] * 2
    assert flipcharts["row"].tolist() == [1, 2, 4] * 2
    agreement = tables.ratings["agreement"]
    assert agreement.cat.ordered and agreement.cat.categories.tolist() == [
        "disagree",
        "neutral",
        "agree",
    ]
    assert agreement.tolist() == ["agree", "neutral"] * 2
    assert tables.vocabulary()["ratings"]["agreement"] == {
        "values": ["disagree", "neutral", "agree"],
        "ordered": True,
    }
    assert tables.skipped["reason"].tolist() == ["empty row"] * 2


def test_segments_follow_the_declared_speaker_prefix_and_role(other_study):
    tables = read_declared_events(other_study / "events")
    segments = event_segments(tables)
    first = segments[segments["segment_id"] == "W1-flipcharts-001"].iloc[0]
    assert (first["speaker"], first["role"], first["table"]) == (
        "Table 1",
        "stakeholder",
        "flipcharts",
    )
    # a rating marked without a reason is kept in its table but has no text to be a segment
    assert segments["segment_id"].str.startswith("W1-ratings").sum() == 1
    documents = event_documents(tables)
    for row in segments.itertuples():
        assert documents[row.doc_id][row.char_start : row.char_end] == row.text


def test_a_value_not_declared_names_the_cell_and_the_declared_values(other_study):
    from _studies import WORKSHOP_FLIPCHARTS, write_csv_rows

    rows = [*WORKSHOP_FLIPCHARTS, ["5", "transport", "No buses after six."]]
    write_csv_rows(other_study / "events" / "W2_flipcharts.csv", rows)
    with pytest.raises(InputError) as caught:
        read_declared_events(other_study / "events")
    error = caught.value
    assert "unknown theme 'transport'" in error.message
    assert error.location == "line 6, column 'Theme'"
    assert "one of access, recovery" in error.expected and "getting in" in error.expected


def test_csv_files_must_be_named_by_the_declared_tables(other_study):
    (other_study / "events" / "W2_ratings.csv").unlink()
    with pytest.raises(InputError, match="lacks W2_ratings.csv"):
        read_declared_events(other_study / "events")


def test_an_events_folder_without_a_declared_layout_is_refused_naming_study_yaml(study):
    with pytest.raises(InputError) as caught:
        read_declared_events(study)
    assert caught.value.path.endswith("study.yaml")
    assert "declares no events" in caught.value.message


def test_the_demo_study_yaml_is_the_layout_the_demo_is_read_by(tmp_path):
    (tmp_path / "study.yaml").write_text(STUDY_YAML, encoding="utf-8")
    from analysis.sources import read_study_file

    assert read_study_file(tmp_path).events == LAYOUT
