"""The codebook: reading YAML and CSV, checking the tree, displaying and writing it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.codebook import (
    CODEBOOK_COLUMNS,
    codebook_tree,
    leaf_codes,
    read_codebook,
    write_codebook_yaml,
)
from analysis.errors import InputError

CODEBOOK_YAML = """\
- code_id: HOLD
  name: Holding
  definition: Prolonged, open-ended support.
- code_id: HOLD-EMO
  name: Container for emotions
  parent: HOLD
  include: Link worker absorbs distress
  exclude: Signposting only
  example: "I'm the one they ring when it all goes wrong."
- code_id: DISC
  name: Discretion
  parent:
- code_id: DISC-LEN
  name: Length of support
  parent: DISC
"""


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_yaml_list_of_codes_is_read_in_file_order_with_the_contract_columns(tmp_path):
    codebook = read_codebook(write(tmp_path, "codebook_v1.yaml", CODEBOOK_YAML))
    assert list(codebook.columns) == list(CODEBOOK_COLUMNS)
    assert codebook["code_id"].tolist() == ["HOLD", "HOLD-EMO", "DISC", "DISC-LEN"]
    assert codebook["parent"].isna().tolist() == [True, False, True, False]
    assert codebook.loc[1, "example"] == "I'm the one they ring when it all goes wrong."
    assert codebook.loc[0, "include"] == ""  # missing optional values are empty text


def test_yaml_mapping_with_a_codes_list_reads_like_a_plain_list(tmp_path):
    wrapped = "version: 2\ncodes:\n" + "".join(f"  {line}\n" for line in CODEBOOK_YAML.splitlines())
    plain = read_codebook(write(tmp_path, "plain.yaml", CODEBOOK_YAML))
    pd.testing.assert_frame_equal(read_codebook(write(tmp_path, "wrapped.yml", wrapped)), plain)


def test_yaml_values_stay_text_rather_than_numbers_or_booleans(tmp_path):
    text = "- code_id: 1.10\n  name: No\n  example: [yes, 2]\n"
    codebook = read_codebook(write(tmp_path, "codes.yaml", text))
    assert codebook.loc[0, ["code_id", "name", "example"]].tolist() == ["1.10", "No", "yes\n2"]


def test_yaml_extra_keys_are_carried_after_the_contract_columns(tmp_path):
    text = "- code_id: HOLD\n  name: Holding\n  Colour: red\n"
    codebook = read_codebook(write(tmp_path, "codes.yaml", text))
    assert list(codebook.columns) == [*CODEBOOK_COLUMNS, "colour"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_codebook_reads_in_utf8_with_or_without_bom_and_windows_1252(tmp_path, encoding):
    text = (
        "Code ID,Name,Parent,Definition\r\n"
        "HOLD,Holding,,Support that isn’t time-limited – open-ended\r\n"
        "HOLD-EMO,Container for emotions,HOLD,\r\n"
    )
    codebook = read_codebook(write(tmp_path, "codebook.csv", text, encoding))
    assert codebook["code_id"].tolist() == ["HOLD", "HOLD-EMO"]
    assert codebook.loc[0, "definition"] == "Support that isn’t time-limited – open-ended"
    assert pd.isna(codebook.loc[0, "parent"]) and codebook.loc[1, "parent"] == "HOLD"
    assert codebook.loc[1, "example"] == ""


YAML_PROBLEMS = [
    ("- code_id: HOLD\n  name: Holding\n- name: Nameless id\n", "code 2", "no code_id"),
    ("- code_id: HOLD\n- code_id: DISC\n  name: D\n", "code 1 (HOLD)", "no name"),
    (
        "- {code_id: HOLD, name: H}\n- {code_id: DISC, name: D}\n- {code_id: HOLD, name: H2}\n",
        "code 3 (HOLD)",
        "already used at code 1 (HOLD)",
    ),
    (
        "- {code_id: HOLD, name: H}\n- {code_id: HOLD-X, name: X, parent: HOLDING}\n",
        "code 2 (HOLD-X)",
        "parent 'HOLDING'",
    ),
    (
        "- {code_id: A, name: A, parent: C}\n- {code_id: B, name: B, parent: A}\n"
        "- {code_id: C, name: C, parent: B}\n",
        "code 1 (A)",
        "cycle: A -> C -> B -> A",
    ),
    ("- {code_id: SELF, name: S, parent: SELF}\n", "code 1 (SELF)", "cycle"),
    ("- {code_id: HOLD X, name: H}\n", "code 1 (HOLD X)", "whitespace"),
    ("- just a string\n", "code 1", "not a mapping"),
    (
        "- {code_id: EQUIP, name: Equipment, definition: Frames, rails and bath boards.}\n",
        "code 1 (EQUIP)",
        "'rails and bath boards.' is read as a field without a value",
    ),
]


@pytest.mark.parametrize(("text", "location", "message"), YAML_PROBLEMS)
def test_yaml_codebook_problems_name_the_file_and_the_code(tmp_path, text, location, message):
    path = write(tmp_path, "codebook_v2.yaml", text)
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        read_codebook(path)
    assert caught.value.location == location
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}, {location}: ")


CSV_PROBLEMS = [
    ("code_id,name\nHOLD,Holding\n,Nameless\n", "line 3", "no code_id"),
    ("code_id,name\nHOLD,Holding\nDISC,Discretion\nHOLD,Again\n", "line 4", "already used"),
    ("code_id,name,parent\nHOLD,Holding,\nDISC-LEN,Length,DISC\n", "line 3", "parent 'DISC'"),
    ('code_id,name,definition\nHOLD,"Holding","two\nlines"\nHO LD,Bad,\n', "line 4", "whitespace"),
    ("code_id,name\nHOLD,Holding,extra\n", "line 2", "3 values but 2 columns"),
    ("id,label\nHOLD,Holding\n", "line 1", "no code_id or name column"),
]


@pytest.mark.parametrize(("text", "location", "message"), CSV_PROBLEMS)
def test_csv_codebook_problems_name_the_line(tmp_path, text, location, message):
    path = write(tmp_path, "codebook.csv", text)
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        read_codebook(path)
    assert caught.value.location == location


def test_invalid_yaml_is_an_input_error_with_its_line(tmp_path):
    with pytest.raises(InputError) as caught:
        read_codebook(write(tmp_path, "codes.yaml", "- code_id: HOLD\n  name: [unclosed\n"))
    assert caught.value.location.startswith("line ")


def test_an_unknown_file_type_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="'.xlsx'"):
        read_codebook(write(tmp_path, "codebook.xlsx", "x"))


def test_tree_lists_each_code_after_its_parent_with_its_depth(tmp_path):
    text = CODEBOOK_YAML + "- {code_id: HOLD-EMO-ANGER, name: Anger, parent: HOLD-EMO}\n"
    codebook = read_codebook(write(tmp_path, "codes.yaml", text))
    assert codebook_tree(codebook) == [
        ("HOLD", 0),
        ("HOLD-EMO", 1),
        ("HOLD-EMO-ANGER", 2),
        ("DISC", 0),
        ("DISC-LEN", 1),
    ]


def test_leaf_codes_are_the_codes_nobody_has_as_parent(tmp_path):
    codebook = read_codebook(write(tmp_path, "codes.yaml", CODEBOOK_YAML))
    assert leaf_codes(codebook) == ["HOLD-EMO", "DISC-LEN"]
    flat = pd.DataFrame({"code_id": ["A", "B"], "parent": [None, None]})
    assert leaf_codes(flat) == ["A", "B"]


def test_tree_helpers_reject_a_cycle_built_in_code():
    looped = pd.DataFrame({"code_id": ["A", "B"], "parent": ["B", "A"]})
    with pytest.raises(InputError, match="cycle"):
        codebook_tree(looped)


def test_written_yaml_reads_back_to_the_same_codebook_and_is_deterministic(tmp_path):
    text = CODEBOOK_YAML + (
        "- code_id: HOLD-END\n  name: Ending support\n  parent: HOLD\n"
        "  definition: |\n    Two lines,\n    kept as written.\n  owner: Ana\n"
    )
    codebook = read_codebook(write(tmp_path, "codes.yaml", text))
    first, second = tmp_path / "out1.yaml", tmp_path / "out2.yaml"
    write_codebook_yaml(codebook, first)
    write_codebook_yaml(codebook, second)
    assert first.read_bytes() == second.read_bytes()
    assert "definition: |" in first.read_text(encoding="utf-8")
    pd.testing.assert_frame_equal(read_codebook(first), codebook)
