import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.config import PROJ_ROOT, Config, load_config, parse_override
from analysis.errors import InputError


def write(tmp_path: Path, text: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_params_file_loads_and_names_a_study_folder_under_data_raw():
    # Whatever study the team has named: the shipped file names the demo, theirs their own.
    config = load_config(PROJ_ROOT / "params.yaml")
    assert config.raw_dir == PROJ_ROOT / "data" / "raw" / config.study
    assert config.processed_dir == PROJ_ROOT / "data" / "processed" / config.study
    assert isinstance(config.seed, int)


def test_the_suite_runs_on_its_own_demo_parameters_not_the_projects(demo_params, tmp_path):
    from analysis.config import find_params

    assert find_params(tmp_path) == demo_params
    config = load_config()
    assert config.study == "demo" and config.source == str(demo_params)
    assert not config.processed_dir.is_relative_to(PROJ_ROOT)
    assert not config.reports_dir.is_relative_to(PROJ_ROOT)


def test_changing_one_line_points_the_pipeline_at_another_study(tmp_path):
    config = load_config(write(tmp_path, "study: my_study\n"))
    assert config.raw_dir == tmp_path / "data" / "raw" / "my_study"
    assert config.processed_dir == tmp_path / "data" / "processed" / "my_study"
    assert config.reports_dir == tmp_path / "reports" / "my_study"


def test_unknown_key_names_the_file_and_the_key(tmp_path):
    path = write(tmp_path, "study: demo\nembedding:\n  modle: x\n")
    with pytest.raises(InputError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message and "embedding.modle" in message
    assert "embedding.model" in message  # the expectation lists the valid keys


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("seed: many\n", "seed", "whole number"),
        ("seed: true\n", "seed", "whole number"),
        ("embedding:\n  batch_size: 1.5\n", "embedding.batch_size", "whole number"),
        ("embedding:\n  device: gpu\n", "embedding.device", "'cuda'"),
        ("ingest:\n  on_error: ignore\n", "ingest.on_error", "'skip'"),
        ("embedding: fast\n", "embedding", "section"),
    ],
)
def test_wrong_types_give_a_clear_error(tmp_path, text, key, expected):
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, text))
    assert f"key {key}" in str(caught.value)
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("ingest:\n  window_words: 0\n", "ingest.window_words", "at least 1"),
        ("compare:\n  n_boot: -5\n", "compare.n_boot", "at least 1"),
        ("seed: -1\n", "seed", "from 0 to 4294967295"),
        ("compare:\n  min_f1: 7.0\n", "compare.min_f1", "from 0.0 to 1.0"),
        ("topics:\n  nr_topics: 1\n", "topics.nr_topics", "at least 2"),
        ("embedding:\n  batch_size: 0\n", "embedding.batch_size", "at least 1"),
    ],
)
def test_numbers_out_of_range_are_refused_at_load_time(tmp_path, text, key, expected):
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, text))
    assert f"key {key}" in str(caught.value) and "params.yaml" in str(caught.value)
    assert expected in str(caught.value)


def test_every_default_lies_in_its_range_and_auto_and_null_pass(tmp_path):
    config = load_config(write(tmp_path, "topics:\n  nr_topics: auto\n  min_topic_size: null\n"))
    assert config.topics.nr_topics == "auto" and config.topics.min_topic_size is None
    # Every default written out explicitly passes the checks and reads back unchanged.
    defaults = yaml.safe_dump(Config().to_dict())
    assert load_config(write(tmp_path, defaults)).to_dict() == Config().to_dict()


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(InputError, match="line 2"):
        load_config(write(tmp_path, "study: demo\nseed: [1, 2]]\nx: 1\n"))


def test_overrides_win_over_the_file_and_are_blamed_on_the_command_line(tmp_path):
    path = write(tmp_path, "seed: 1\nembedding:\n  batch_size: 8\n")
    config = load_config(path, overrides={"seed": 2, "embedding.batch_size": 16})
    assert (config.seed, config.embedding.batch_size) == (2, 16)
    with pytest.raises(InputError, match=r"command line, --set embedding\.batch_size"):
        load_config(path, overrides={"embedding.batch_size": "lots"})


def test_parse_override_types_values_as_yaml():
    assert parse_override("seed=7") == ("seed", 7)
    assert parse_override("embedding.model=null") == ("embedding.model", None)
    assert parse_override("study=my study") == ("study", "my study")
    with pytest.raises(InputError, match="KEY=VALUE"):
        parse_override("seed")


@pytest.mark.parametrize("run_from", ["its folder", "above it"])
def test_makefile_reads_the_same_study_and_paths_as_the_config(tmp_path, run_from):
    # Relative paths are relative to the parameters file's folder, for make as for the config.
    text = "study: other  # a comment\nseed: 3\npaths:\n  raw: in\n  processed: 'out/p'\n"
    path = write(tmp_path / "sub", text)
    cwd = path.parent if run_from == "its folder" else tmp_path
    output = subprocess.run(
        [sys.executable, str(PROJ_ROOT / "scripts" / "make_vars.py"), str(path.relative_to(cwd))],
        capture_output=True, text=True, check=True, cwd=cwd,
    ).stdout  # fmt: skip
    config = load_config(path)
    values = dict(line.split(" := ") for line in output.splitlines())
    assert values["STUDY"] == config.study == "other"
    assert (cwd / values["RAW_ROOT"]).resolve() == config.raw_dir.parent.resolve()
    assert (cwd / values["PROCESSED"]).resolve() == config.processed_dir.resolve()
    assert (cwd / values["REPORTS"]).resolve() == config.reports_dir.resolve()
    assert config.processed_path == "out/p/other" and config.reports_path == "reports/other"
