"""The demo study's events and codebooks: the files follow the study-layout contract and carry
the planted structure of analysis.demo.plan."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from analysis.demo import plan
from analysis.demo.codebook import CODEBOOK_V1, CODEBOOK_V2, write_codebooks
from analysis.demo.events import (
    ASPECTS,
    POSITIONS,
    STAKEHOLDERS,
    VALENCES,
    write_events,
)

SEED = 20231115
EVENT_IDS = ("E1", "E2", "E3")
COLUMNS = {
    "notes": ["group", "concept", "stakeholder", "valence", "note"],
    "discretion": ["group", "aspect", "position", "comment"],
    "feedback": ["respondent", "comment"],
}
SHEET_OF = {"notes": "Group notes", "discretion": "Discretion exercise", "feedback": "Feedback"}


def _ids(codebook):
    return {code["code_id"] for code in codebook}


def _by_id(codebook):
    return {code["code_id"]: code for code in codebook}


def _read_event_tables(study_dir: Path, event_id: str) -> dict[str, pd.DataFrame]:
    """Read one event's three tables straight from the files, as a researcher would."""
    events_dir = study_dir / "events"
    workbook_path = events_dir / f"{event_id}.xlsx"
    tables = {}
    if workbook_path.exists():
        workbook = load_workbook(workbook_path, read_only=True)
        for table, sheet in SHEET_OF.items():
            rows = list(workbook[sheet].iter_rows(values_only=True))
            tables[table] = pd.DataFrame(rows[1:], columns=list(rows[0]))
        workbook.close()
    else:
        for table in SHEET_OF:
            tables[table] = pd.read_csv(events_dir / f"{event_id}_{table}.csv")
    return tables


@pytest.fixture(scope="module")
def demo_events(tmp_path_factory):
    study_dir = tmp_path_factory.mktemp("study")
    truth, codings = write_events(study_dir, np.random.default_rng(SEED))
    tables = {event_id: _read_event_tables(study_dir, event_id) for event_id in EVENT_IDS}
    return study_dir, truth, codings, tables


def _all_files(folder: Path) -> list[Path]:
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())


# Codebooks ----------------------------------------------------------------------------------


def test_codebook_v1_holds_exactly_the_plan_codes_under_their_parents():
    codes = _by_id(CODEBOOK_V1)
    assert set(codes) == {"HOLD", "DISC", *plan.CODES_V1}
    assert codes["HOLD"]["parent"] is None and codes["DISC"]["parent"] is None
    for code_id in plan.CODES_V1:
        assert codes[code_id]["parent"] == code_id.split("-")[0]


def test_codebook_v2_differs_from_v1_exactly_as_the_plan_says():
    removed = {code_id for change in plan.CODEBOOK_CHANGES for code_id in change["v1"]}
    added = {code_id for change in plan.CODEBOOK_CHANGES for code_id in change["v2"]}
    assert _ids(CODEBOOK_V1) - _ids(CODEBOOK_V2) == removed
    assert _ids(CODEBOOK_V2) - _ids(CODEBOOK_V1) == added
    v1, v2 = _by_id(CODEBOOK_V1), _by_id(CODEBOOK_V2)
    for code_id in _ids(CODEBOOK_V1) & _ids(CODEBOOK_V2):
        assert v1[code_id] == v2[code_id], f"{code_id} changed but the plan keeps it"
    for change in plan.CODEBOOK_CHANGES:
        if change["change"] == "renamed":
            (old,), (new,) = change["v1"], change["v2"]
            assert v2[new]["name"] != v1[old]["name"]
            assert v2[new]["definition"] != v1[old]["definition"]
            assert v2[new]["parent"] == v1[old]["parent"]


def test_every_code_has_a_substantive_definition_include_exclude_and_example():
    for code in [*CODEBOOK_V1, *CODEBOOK_V2]:
        assert list(code) == [
            "code_id",
            "name",
            "parent",
            "definition",
            "include",
            "exclude",
            "example",
        ]
        for field in ("name", "definition", "include", "exclude", "example"):
            assert isinstance(code[field], str) and code[field].strip(), (code["code_id"], field)
        sentences = re.findall(r"[.!?](?:\s|$)", code["definition"])
        assert 2 <= len(sentences) <= 4, code["code_id"]


def test_codebook_parents_exist_in_the_same_version():
    for codebook in (CODEBOOK_V1, CODEBOOK_V2):
        ids = _ids(codebook)
        assert all(code["parent"] is None or code["parent"] in ids for code in codebook)


def test_written_codebooks_read_back_as_the_constants_and_are_reproducible(tmp_path):
    write_codebooks(tmp_path / "a")
    write_codebooks(tmp_path / "b")
    for version, codebook in ((1, CODEBOOK_V1), (2, CODEBOOK_V2)):
        path = tmp_path / "a" / "codebook" / f"codebook_v{version}.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Synthetic demo codebook")
        assert yaml.safe_load(text) == codebook
        assert filecmp.cmp(path, tmp_path / "b" / "codebook" / path.name, shallow=False)


# Event files --------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_event_files_and_another_seed_does_not(tmp_path):
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        write_events(tmp_path / name, np.random.default_rng(seed))
    files = _all_files(tmp_path / "a")
    assert files == _all_files(tmp_path / "b") == _all_files(tmp_path / "c")
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", files, shallow=False)
    assert not mismatch and not errors
    _, mismatch, _ = filecmp.cmpfiles(tmp_path / "a", tmp_path / "c", files, shallow=False)
    assert {"events/E1.xlsx", "events/E2_notes.csv", "events/E3.xlsx"} <= {str(p) for p in mismatch}


def test_event_files_are_laid_out_as_the_study_layout_says(demo_events):
    study_dir, *_ = demo_events
    assert [str(path) for path in _all_files(study_dir)] == [
        "codings/event_codings.csv",
        "events/E1.xlsx",
        "events/E2_discretion.csv",
        "events/E2_feedback.csv",
        "events/E2_notes.csv",
        "events/E3.xlsx",
        "events/events.csv",
        "study.yaml",
    ]
    events = pd.read_csv(study_dir / "events" / "events.csv")
    assert list(events.columns) == ["event_id", "date", "place", "region", "attendees"]
    assert events["event_id"].tolist() == list(EVENT_IDS)
    assert events["place"].tolist() == ["Bristol", "Manchester", "Sheffield"]


def test_workbooks_have_the_contract_sheets_with_headers_in_row_one(demo_events):
    study_dir, *_ = demo_events
    for event_id in ("E1", "E3"):
        workbook = load_workbook(study_dir / "events" / f"{event_id}.xlsx", read_only=True)
        assert workbook.sheetnames == list(SHEET_OF.values())
        for table, sheet in SHEET_OF.items():
            header = next(workbook[sheet].iter_rows(max_row=1, values_only=True))
            assert list(header) == COLUMNS[table]
        assert workbook.properties.creator == "demo study generator"
        workbook.close()
    for table, columns in COLUMNS.items():
        assert list(pd.read_csv(study_dir / "events" / f"E2_{table}.csv").columns) == columns


def test_every_event_has_holding_notes_for_each_stakeholder_and_valence(demo_events):
    *_, tables = demo_events
    for event_id, event in tables.items():
        notes = event["notes"]
        assert set(notes["concept"]) <= {"holding", "discretion"}
        assert set(notes["stakeholder"]) <= set(STAKEHOLDERS)
        assert set(notes["valence"]) <= set(VALENCES)
        holding = notes[notes["concept"] == "holding"]
        cells = set(zip(holding["stakeholder"], holding["valence"], strict=True))
        assert cells == {(s, v) for s in STAKEHOLDERS for v in VALENCES}, event_id
        assert 40 <= len(notes) <= 100, event_id
        assert notes["note"].str.strip().str.len().gt(0).all()


def test_discretion_exercise_places_every_aspect_for_each_group_on_the_scale(demo_events):
    *_, tables = demo_events
    for event_id, event in tables.items():
        exercise = event["discretion"]
        assert set(exercise["position"]) <= set(POSITIONS), event_id
        assert set(exercise["group"]) == set(event["notes"]["group"]), event_id
        for group, rows in exercise.groupby("group"):
            assert sorted(rows["aspect"]) == sorted(ASPECTS), (event_id, group)
        # Groups disagree: the planted views span the scale rather than one consensus.
        assert exercise["position"].nunique() >= 3, event_id


def test_feedback_has_a_realistic_number_of_comments_per_event(demo_events):
    *_, tables = demo_events
    for event in tables.values():
        assert 12 <= len(event["feedback"]) <= 25
        assert event["feedback"]["respondent"].is_unique


def test_truth_segment_ids_are_unique_and_match_the_rows_written(demo_events):
    _, truth, _, tables = demo_events
    assert list(truth.columns) == ["segment_id", "event_id", "table", "row", "theme"]
    assert truth["segment_id"].is_unique
    expected = [
        f"{event_id}-{table}-{row:03d}"
        for event_id in EVENT_IDS
        for table in COLUMNS
        for row in range(1, len(tables[event_id][table]) + 1)
    ]
    assert truth["segment_id"].tolist() == expected
    assert set(truth["theme"]) <= set(plan.THEMES)
    assert (truth.loc[truth["table"] == "feedback", "theme"] == plan.FEEDBACK_THEME).all()
    discretion = truth[truth["table"] == "discretion"]
    assert discretion["theme"].str.startswith("DISC-").all()


def test_event_codings_use_only_v1_codes_and_the_two_coders(demo_events):
    study_dir, truth, codings, _ = demo_events
    assert list(codings.columns) == ["segment_id", "code_id", "coder"]
    assert set(codings["code_id"]) <= set(plan.CODES_V1)
    assert set(codings["coder"]) == set(plan.CODERS)
    coded = set(truth.loc[truth["table"] != "feedback", "segment_id"])
    assert set(codings["segment_id"]) <= coded
    assert not codings.duplicated().any()
    written = pd.read_csv(study_dir / "codings" / "event_codings.csv")
    pd.testing.assert_frame_equal(written, codings)


def test_first_coder_applies_the_planted_theme_and_misses_few(demo_events):
    _, truth, codings, _ = demo_events
    theme_of = truth.set_index("segment_id")["theme"]
    first = codings[codings["coder"] == plan.CODERS[0]]
    assert (first["code_id"].to_numpy() == theme_of[first["segment_id"]].to_numpy()).all()
    codable = truth["theme"].isin(plan.CODES_V1).sum()
    assert 0.85 * codable <= len(first) <= codable


def test_holding_and_discretion_themes_dominate_events(demo_events):
    _, truth, _, _ = demo_events
    coded = truth[truth["table"] != "feedback"]
    deductive = coded["theme"].str.match(r"(HOLD|DISC)-")
    assert deductive.mean() >= 0.75
    assert set(coded["theme"]) - set(plan.CODES_V1) <= set(plan.EMERGENT_THEMES)
    rare = {"recording_systems", "housing_debt", "loneliness_isolation"}
    assert coded["theme"].isin(rare).mean() <= 0.02


def test_notes_rarely_repeat_verbatim_across_events(demo_events):
    *_, tables = demo_events
    texts = {
        event_id: set(event["notes"]["note"].str.strip().str.lower())
        for event_id, event in tables.items()
    }
    for a, b in (("E1", "E2"), ("E1", "E3"), ("E2", "E3")):
        shared = texts[a] & texts[b]
        assert len(shared) <= 0.15 * min(len(texts[a]), len(texts[b])), (a, b, shared)


def test_scale_multiplies_groups_and_feedback(tmp_path):
    small, _ = write_events(tmp_path / "small", np.random.default_rng(3))
    large, _ = write_events(tmp_path / "large", np.random.default_rng(3), scale=3)
    for table in ("notes", "discretion", "feedback"):
        ratio = (large["table"] == table).sum() / (small["table"] == table).sum()
        assert 2 <= ratio <= 4, table
    assert large["segment_id"].is_unique


@pytest.mark.parametrize("scale", [0, -1.0, float("nan"), "2"])
def test_write_events_rejects_a_scale_that_is_not_a_positive_number(tmp_path, scale):
    with pytest.raises(ValueError, match="'scale' parameter of write_events"):
        write_events(tmp_path, np.random.default_rng(0), scale=scale)
