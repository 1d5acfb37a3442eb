"""`analysis export-qdpx` and `analysis import-qdpx` on the ingested demo study."""

import pandas as pd
import pytest

from analysis.cli import main
from analysis.refiqda import read_qdpx, validate_qdpx


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    assert main(["--set", f"paths.processed={out}", "ingest", "--quiet"]) == 0
    return out


def test_export_then_import_gives_back_every_human_coding(processed, tmp_path, capsys):
    settings = ["--set", f"paths.processed={processed}"]
    project = tmp_path / "study.qdpx"
    assert main([*settings, "export-qdpx", str(project)]) == 0
    assert validate_qdpx(project) == []
    assert "valid against the REFI-QDA Project schema" in capsys.readouterr().out

    mapped = tmp_path / "mapped.csv"
    assert main([*settings, "import-qdpx", str(project), "--out", str(mapped)]) == 0
    printed = capsys.readouterr().out
    assert "0 not mapped" in printed
    original = pd.read_parquet(processed / "demo" / "codings.parquet")
    imported = pd.read_csv(mapped)
    key = ["segment_id", "code_id", "coder"]
    assert set(map(tuple, imported[key].to_numpy())) == set(map(tuple, original[key].to_numpy()))


def test_export_carries_participants_as_cases_with_their_attributes(processed, tmp_path):
    project = tmp_path / "study.qdpx"
    assert main(["--set", f"paths.processed={processed}", "export-qdpx", str(project)]) == 0
    cases = read_qdpx(project).cases.set_index("case")
    participants = pd.read_parquet(processed / "demo" / "participants.parquet")
    participants = participants.set_index("participant_id")
    assert set(cases.index) == set(participants.index)
    assert (cases.loc[participants.index, "role"] == participants["role"]).all()


def test_import_of_a_damaged_file_is_one_line_and_exit_2(processed, tmp_path, capsys):
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"not a zip at all")
    status = main(["--set", f"paths.processed={processed}", "import-qdpx", str(broken)])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "broken.qdpx" in err
