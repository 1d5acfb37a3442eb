"""Codebook versions: kept, edited, renamed, merged, split, added and removed codes are told apart."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.codebook import read_codebook
from analysis.compare._versions import CHANGE_COLUMNS, compare_codebooks
from analysis.embed import Embedder
from analysis.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
CODEBOOKS = ROOT / "data" / "raw" / "demo" / "codebook"
TRUTH = ROOT / "data" / "raw" / "demo" / "truth" / "codebook_changes.csv"


@pytest.fixture(scope="module")
def embedder(tmp_path_factory):
    return Embedder(cache=tmp_path_factory.mktemp("embeddings") / "cache.sqlite", progress=False)


@pytest.fixture(scope="module")
def demo_books():
    return read_codebook(CODEBOOKS / "codebook_v1.yaml"), read_codebook(
        CODEBOOKS / "codebook_v2.yaml"
    )


@pytest.fixture(scope="module")
def demo_changes(demo_books, embedder):
    return compare_codebooks(*demo_books, embedder=embedder)


def book(*codes):
    return pd.DataFrame(
        [
            dict(zip(("code_id", "name", "definition", "include", "example"), c, strict=True))
            for c in codes
        ]
    ).assign(parent=None, exclude="")


HOLDING = (
    "HOLD",
    "Holding",
    "Support that is prolonged and open-ended, with no agreed end point.",
    "Cases kept open for months; people who keep coming back.",
    "I've seen her every week since last spring.",
)
TRAINING = (
    "TRAIN",
    "Training",
    "Which courses link workers must take and which they choose themselves.",
    "Mandatory training; self-chosen courses; funding for development.",
    "I picked the debt advice course myself.",
)
SAFETY = (
    "SAFE",
    "Lone working",
    "Rules about safety on home visits: lone-working policy and going out in pairs.",
    "Risk assessments; paired visits; feeling unsafe in someone's home.",
    "On a first home visit we always go out in twos.",
)


def test_demo_versions_yield_exactly_the_planted_changes(demo_changes, demo_books):
    truth = pd.read_csv(TRUTH, keep_default_na=False)
    planted = {(row.change, row.v1, row.v2) for row in truth.itertuples()}
    changed = demo_changes[demo_changes["change"] != "unchanged"]
    found = {(row.change, row.old_ids, row.new_ids) for row in changed.itertuples()}
    assert found == planted
    kept = set(demo_books[0]["code_id"]) & set(demo_books[1]["code_id"])
    unchanged = demo_changes[demo_changes["change"] == "unchanged"]
    assert set(unchanged["old_ids"]) == kept
    assert (unchanged["old_ids"] == unchanged["new_ids"]).all()


def test_demo_table_has_the_contract_columns_and_explains_each_change(demo_changes):
    assert tuple(demo_changes.columns) == CHANGE_COLUMNS
    assert demo_changes["explanation"].str.len().gt(10).all()
    merged = demo_changes.set_index("change").loc["merged"]
    assert "HOLD-NOGOAL" in merged["explanation"] and "HOLD-OPEN" in merged["explanation"]
    # The links found are clearly above the threshold chosen from the codebooks themselves.
    threshold = demo_changes.attrs["definition_threshold"]
    linked = demo_changes[demo_changes["change"].isin(["renamed", "merged", "split"])]
    assert (linked["definition_similarity"] >= threshold + 0.05).all()
    assert 0.4 < threshold < 0.6


def test_a_strict_definition_threshold_leaves_unmatched_codes_removed_and_added(
    demo_books, embedder
):
    table = compare_codebooks(*demo_books, embedder=embedder, definition_threshold=0.99)
    counts = table["change"].value_counts()
    assert counts["removed"] == 4 and counts["added"] == 5 and counts["unchanged"] == 7
    assert table.attrs["definition_threshold"] == 0.99


def test_demo_overlap_is_complete_when_v2_codings_follow_the_planted_changes(demo_books, embedder):
    rng = np.random.default_rng(0)
    segments = [f"s{i:03d}" for i in range(300)]
    codes_v1 = demo_books[0]["code_id"].tolist()
    codings_old = pd.DataFrame(
        {"segment_id": segments, "code_id": rng.choice(codes_v1, size=len(segments)), "coder": "R1"}
    )
    new_id = {
        "HOLD-CONTAIN": "HOLD-EMOTION",
        "HOLD-NOGOAL": "HOLD-OPEN",
        "HOLD-NOREFER": "HOLD-OPEN",
    }
    codings_new = codings_old.assign(code_id=codings_old["code_id"].replace(new_id))
    place = codings_new["code_id"] == "DISC-PLACE"
    codings_new.loc[place, "code_id"] = np.where(
        np.arange(place.sum()) % 3 == 0, "DISC-PAIRS", "DISC-SETTING"
    )
    table = compare_codebooks(
        *demo_books, embedder=embedder, codings_old=codings_old, codings_new=codings_new
    )
    by_change = table.set_index("old_ids")
    for old_ids in ["HOLD-PROLONG", "HOLD-CONTAIN", "HOLD-NOGOAL;HOLD-NOREFER", "DISC-PLACE"]:
        assert by_change.loc[old_ids, "segment_overlap"] == pytest.approx(1.0)
    assert np.isnan(by_change.loc["", "segment_overlap"])  # CASELOAD, added: nothing to compare
    assert "coded-segment overlap 1.00" in by_change.loc["DISC-PLACE", "explanation"]


def test_a_kept_id_with_a_reworded_definition_is_edited(embedder):
    reworded = (
        "HOLD",
        "Holding",
        "Long, open-ended support that has no set end, so the person stays on the list.",
        "Cases kept open for months; people who keep coming back.",
        "I've seen her every week since last spring.",
    )
    table = compare_codebooks(book(HOLDING, TRAINING), book(reworded, TRAINING), embedder=embedder)
    assert table["change"].tolist() == ["edited", "unchanged"]
    assert "definition changed" in table.loc[0, "explanation"]
    assert 0.5 < table.loc[0, "definition_similarity"] < 1.0


def test_a_kept_id_with_only_a_new_name_is_renamed(embedder):
    new_name = ("TRAIN", "Choice of training", *TRAINING[2:])
    table = compare_codebooks(book(HOLDING, TRAINING), book(HOLDING, new_name), embedder=embedder)
    assert table["change"].tolist() == ["unchanged", "renamed"]
    assert table.loc[1, "old_ids"] == table.loc[1, "new_ids"] == "TRAIN"
    assert "'Training' to 'Choice of training'" in table.loc[1, "explanation"]


def test_swapped_definitions_under_kept_ids_are_edits_that_point_to_the_other_code(embedder):
    swapped_hold = ("HOLD", "Training", *TRAINING[2:])
    swapped_train = ("TRAIN", "Holding", *HOLDING[2:])
    table = compare_codebooks(
        book(HOLDING, TRAINING), book(swapped_hold, swapped_train), embedder=embedder
    )
    assert table["change"].tolist() == ["edited", "edited"]
    assert "reads more like TRAIN" in table.loc[0, "explanation"]
    assert "reads more like HOLD" in table.loc[1, "explanation"]


def test_a_new_id_for_the_same_code_is_renamed(embedder):
    new_id = ("HOLD-LONG", *HOLDING[1:])
    table = compare_codebooks(book(HOLDING, TRAINING), book(new_id, TRAINING), embedder=embedder)
    row = table[table["change"] == "renamed"].iloc[0]
    assert (row["old_ids"], row["new_ids"]) == ("HOLD", "HOLD-LONG")
    assert row["name_similarity"] == pytest.approx(1.0, abs=1e-6)
    assert len(table) == 2


def test_an_unrelated_new_code_is_added_and_a_dropped_code_removed(embedder):
    table = compare_codebooks(book(HOLDING, TRAINING), book(HOLDING, SAFETY), embedder=embedder)
    assert table["change"].tolist() == ["unchanged", "removed", "added"]
    assert table["old_ids"].tolist() == ["HOLD", "TRAIN", ""]
    assert table["new_ids"].tolist() == ["HOLD", "", "SAFE"]


def test_shared_coded_segments_link_codes_whose_wording_differs(embedder):
    renamed = ("SAFE", *SAFETY[1:])
    codings_old = pd.DataFrame({"segment_id": ["a", "b", "c", "d"], "code_id": "TRAIN"})
    codings_new = pd.DataFrame({"segment_id": ["a", "b", "c", "e"], "code_id": "SAFE"})
    without = compare_codebooks(book(TRAINING), book(renamed), embedder=embedder)
    assert sorted(without["change"]) == ["added", "removed"]
    table = compare_codebooks(
        book(TRAINING),
        book(renamed),
        embedder=embedder,
        codings_old=codings_old,
        codings_new=codings_new,
    )
    assert table["change"].tolist() == ["renamed"]
    assert table.loc[0, "segment_overlap"] == pytest.approx(3 / 5)


def test_overlap_counts_only_the_given_segments(embedder):
    codings_old = pd.DataFrame({"segment_id": ["a", "b", "c"], "code_id": "HOLD"})
    codings_new = pd.DataFrame({"segment_id": ["a", "b", "d"], "code_id": "HOLD"})
    table = compare_codebooks(
        book(HOLDING),
        book(HOLDING),
        embedder=embedder,
        codings_old=codings_old,
        codings_new=codings_new,
        segments=pd.DataFrame({"segment_id": ["a", "b"]}),
    )
    assert table.loc[0, "segment_overlap"] == 1.0


@pytest.mark.parametrize(
    ("setting", "value"),
    [("definition_threshold", 1.5), ("definition_threshold", "high"), ("name_threshold", "0.9")],
)
def test_a_threshold_out_of_range_is_an_input_error(embedder, setting, value):
    with pytest.raises(InputError, match=setting):
        compare_codebooks(book(HOLDING), book(HOLDING), embedder=embedder, **{setting: value})


def test_a_codebook_without_names_is_an_input_error(embedder):
    with pytest.raises(InputError, match="old codebook has no column 'name'"):
        compare_codebooks(pd.DataFrame({"code_id": ["HOLD"]}), book(HOLDING), embedder=embedder)
