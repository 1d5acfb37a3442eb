"""The ingest stage on the demo study and on deliberately damaged copies of it."""

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import PROJ_ROOT
from analysis.errors import InputError
from analysis.ingest import ingest_study, write_ingest
from analysis.pseudonymise import read_key

DEMO = PROJ_ROOT / "data" / "raw" / "demo"
TRUTH = PROJ_ROOT / "data" / "raw" / "demo" / "truth"


@pytest.fixture(scope="module")
def demo():
    return ingest_study(DEMO, progress=False)


@pytest.fixture(scope="module")
def written(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    write_ingest(demo, out)
    return out


@pytest.fixture
def study(tmp_path):
    """A private copy of the demo study to damage."""
    copy = tmp_path / "study"
    shutil.copytree(DEMO, copy)
    return copy


def test_every_turn_event_row_and_coding_is_accounted_for(demo):
    totals = demo.report.totals()
    assert demo.report.unaccounted() == 0
    truth = pd.read_csv(TRUTH / "interview_turns.csv")
    events = pd.read_csv(TRUTH / "event_rows.csv")
    assert totals["turns"]["read"] == len(truth)
    assert totals["event rows"]["read"] == len(events)
    assert totals["codings"]["set_aside"] == 0


def test_segments_follow_the_table_contract_and_point_into_their_documents(demo):
    segments = demo.segments
    assert segments["segment_id"].is_unique
    assert set(segments["source"]) == {"interview", "event"}
    for row in segments.itertuples(index=False):
        assert demo.documents[row.doc_id][row.char_start : row.char_end] == row.text


def test_turns_match_the_planted_truth_turn_for_turn(demo):
    truth = pd.read_csv(TRUTH / "interview_turns.csv")
    interviews = demo.segments[demo.segments["source"] == "interview"]
    turns = interviews.groupby(["doc_id", "turn"])["is_interviewer"].first()
    expected = truth.set_index(["doc_id", "turn"])["is_interviewer"]
    pd.testing.assert_series_equal(turns.sort_index(), expected.sort_index(), check_names=False)
    roles = interviews.groupby(["doc_id", "turn"])["role"].first().sort_index()
    assert (roles.to_numpy() == truth.set_index(["doc_id", "turn"]).sort_index()["role"]).all()


def test_interviewer_turns_are_kept_and_flagged(demo):
    interviews = demo.segments[demo.segments["source"] == "interview"]
    flagged = interviews[interviews["is_interviewer"]]
    assert len(flagged) > 500
    assert (flagged["speaker"] == "Interviewer").all()
    assert flagged["participant_id"].isna().all()


def test_no_name_from_the_key_survives_anywhere_in_the_outputs(written):
    key = read_key(DEMO / "key.csv")
    names = [n.casefold() for n in key["real_name"]]
    # Researchers labelled by name in transcripts appear as "Interviewer" only.
    interviewers = pd.read_csv(DEMO / "interviews.csv")["interviewer"].dropna().unique()
    generic = {"interviewer", "int", "i"}
    named = [n.casefold() for n in interviewers if n.casefold() not in generic]
    assert named  # the demo labels some interviewers by name
    names += named
    texts = []
    for path in written.rglob("*"):
        if path.suffix == ".parquet":
            table = pd.read_parquet(path)
            texts.append(table.astype(str).to_csv(index=False))
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    blob = "\n".join(texts).casefold()

    survivors = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", blob)]
    assert survivors == []


def test_planted_personal_data_is_replaced_and_counted_by_type(demo):
    planted = pd.read_csv(TRUTH / "pii_planted.csv")
    counts = pd.DataFrame(demo.report.pseudonymisation)
    detectors = counts[
        counts["kind"].isin(["email", "phone", "nhs_number", "postcode", "date_of_birth"])
    ]
    planted = planted.assign(kind=planted["kind"].str.replace(r"^phone_.*", "phone", regex=True))
    expected = planted.groupby(["doc_id", "kind"])["n"].sum()
    found = detectors.groupby(["doc_id", "kind"])["n"].sum()
    for (doc_id, kind), n in expected.items():
        assert found.get((doc_id, kind), 0) >= n, (doc_id, kind)


def test_coded_ranges_map_onto_the_turns_the_coders_coded(demo):
    agreement = pd.read_csv(TRUTH / "agreement.csv").set_index("code_id")
    codings = demo.codings
    for coder in ("R1", "R2"):
        per_code = codings[codings["coder"] == coder].groupby("code_id").size()
        for code_id, n in agreement[f"n_{coder}"].items():
            assert per_code.get(code_id, 0) == n, (coder, code_id)


def test_coverage_lists_the_documents_each_coder_coded(demo):
    truth = pd.read_csv(TRUTH / "coded_documents.csv")
    interview = demo.coverage[~demo.coverage["doc_id"].str.startswith("E")]
    assert set(map(tuple, interview.to_numpy())) == set(map(tuple, truth.to_numpy()))


def test_the_same_inputs_give_byte_identical_tables(demo, written, tmp_path):
    again = ingest_study(DEMO, progress=False)
    write_ingest(again, tmp_path)
    for name in ("segments.parquet", "codings.parquet", "segments.csv", "ingest_report.json"):
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes(), name


# ---- damaged copies -------------------------------------------------------------------------


def add_line(path: Path, line: str) -> int:
    """Append a CSV line; return its line number."""
    text = path.read_text(encoding="utf-8-sig")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_unknown_code_names_file_and_line_or_is_set_aside(study):
    line = add_line(study / "codings" / "event_codings.csv", "E1-notes-001,HOLD-XYZ,R1")
    with pytest.raises(InputError) as caught:
        ingest_study(study, progress=False)
    message = str(caught.value)
    assert "event_codings.csv" in message and f"line {line}" in message and "HOLD-XYZ" in message
    result = ingest_study(study, on_error="skip", progress=False)
    assert result.report.unaccounted() == 0
    aside = result.report.set_aside_table()
    assert ((aside["item"] == "coding") & (aside["location"] == f"line {line}")).sum() == 1


def test_participant_missing_from_participants_csv_is_named(study):
    path = study / "participants.csv"
    table = pd.read_csv(path, dtype=str)
    dropped = table["participant_id"].iloc[0]
    table.iloc[1:].to_csv(path, index=False)
    with pytest.raises(InputError, match=f"participant '{dropped}' is not in participants.csv"):
        ingest_study(study, progress=False)


def test_duplicate_participant_ids_name_both_lines(study):
    path = study / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"appears twice \(first on line 2\)"):
        ingest_study(study, progress=False)


def test_empty_transcript_stops_the_run_or_is_listed(study):
    victim = sorted((study / "interviews").glob("*.txt"))[0]
    victim.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ingest_study(study, progress=False)
    assert victim.name in str(caught.value)
    result = ingest_study(study, on_error="skip", progress=False)
    files = result.report.set_aside_table()
    assert (files["item"] == "file").sum() == 1
    assert victim.name in files.loc[files["item"] == "file", "file"].iloc[0]
    assert result.report.unaccounted() == 0


def test_corrupt_docx_gives_one_clear_error(study):
    victim = sorted((study / "interviews").glob("*.docx"))[0]
    victim.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(InputError) as caught:
        ingest_study(study, progress=False)
    assert victim.name in str(caught.value)


def test_coding_range_outside_its_document_names_the_line(study):
    line = add_line(
        study / "codings" / "interview_codings.csv", "GP01_w2,10,999999,HOLD-PROLONG,R1"
    )
    with pytest.raises(InputError, match=f"line {line}.*outside document 'GP01_w2'"):
        ingest_study(study, progress=False)


def test_range_on_a_speaker_label_only_is_set_aside_with_its_reason(study):
    text = (study / "interviews" / "GP01_w2.txt").read_text(encoding="utf-8")
    label_end = text.index(":")
    line = add_line(
        study / "codings" / "interview_codings.csv", f"GP01_w2,0,{label_end},HOLD-PROLONG,R1"
    )
    result = ingest_study(study, progress=False)
    aside = result.report.set_aside_table()
    row = aside[(aside["item"] == "coding") & (aside["location"] == f"line {line}")]
    assert len(row) == 1 and "covers no segment" in row["reason"].iloc[0]
    assert result.report.unaccounted() == 0


def test_transcript_not_in_the_interview_log_is_an_error(study):
    shutil.copy(study / "interviews" / "GP01_w2.txt", study / "interviews" / "stray.txt")
    with pytest.raises(InputError, match="not listed in interviews.csv"):
        ingest_study(study, progress=False)


def test_cli_prints_one_line_and_exits_2_on_bad_input(study, tmp_path, capsys):
    add_line(study / "codings" / "event_codings.csv", "E1-notes-001,NOPE,R1")
    status = main(
        [
            "--set",
            f"paths.raw={study.parent}",
            "--set",
            f"paths.processed={tmp_path / 'out'}",
            "--study",
            study.name,
            "ingest",
            "--quiet",
        ]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "NOPE" in err and "Traceback" not in err
    assert not (tmp_path / "out" / study.name / "segments.parquet").exists()


def test_cli_writes_the_tables_and_report(tmp_path, capsys):
    assert main(["--set", f"paths.processed={tmp_path / 'out'}", "ingest", "--quiet"]) == 0
    out = tmp_path / "out" / "demo"  # each study has its own folder
    for name in ("segments.parquet", "codings.parquet", "ingest_report.md", "set_aside.csv"):
        assert (out / name).is_file()
    assert "unaccounted" in (out / "ingest_report.md").read_text()
    assert "2 segments" not in capsys.readouterr().out


# --- a study unlike the demo --------------------------------------------------------------------


def test_a_study_without_a_key_is_refused_naming_the_way_to_opt_in(tmp_path):
    from _studies import write_physio_study

    study = write_physio_study(tmp_path / "physio")
    with pytest.raises(InputError, match="no key.csv") as raised:
        ingest_study(study, progress=False)
    assert "key.csv" in str(raised.value.path)
    assert "detectors_only" in str(raised.value)


def test_cli_on_a_study_without_a_key_refuses_or_says_names_were_not_replaced(tmp_path, capsys):
    from _studies import write_physio_study

    write_physio_study(tmp_path / "raw" / "physio")
    base = ["--set", "study=physio", "--set", f"paths.raw={tmp_path / 'raw'}",
            "--set", f"paths.processed={tmp_path / 'processed'}", "ingest", "--quiet"]  # fmt: skip
    assert main(base) == 2
    assert "detectors_only" in capsys.readouterr().err
    assert main(["--set", "ingest.pseudonymise=detectors_only", *base]) == 0
    assert "NAMES WERE NOT REPLACED" in capsys.readouterr().out
    report = (tmp_path / "processed" / "physio" / "ingest_report.md").read_text(encoding="utf-8")
    assert "NAMES WERE NOT REPLACED" in report


@pytest.fixture(scope="module")
def physio(tmp_path_factory):
    from _studies import write_physio_study

    study = write_physio_study(tmp_path_factory.mktemp("studies") / "physio")
    return ingest_study(study, pseudonymise="detectors_only", progress=False)


def test_lower_case_and_numbered_interviewer_labels_are_the_interviewers(physio):
    segments = physio.segments
    flagged = segments["is_interviewer"].astype(bool)
    asked = segments[flagged].groupby("doc_id").size().to_dict()
    # Two questions in PT01 (lower case), three interviewers in PT02, the declared researcher's
    # name in PA01, a declared pattern and a declared name in PA02.
    assert asked == {"PT01_w1": 2, "PT02_w1": 3, "PA01_w1": 3, "PA02_w1": 3}
    assert not segments.loc[~flagged, "text"].str.contains(r"\?").any()
    assert set(segments.loc[flagged, "speaker"]) == {"Interviewer"}


def test_a_researchers_declared_name_never_reaches_the_outputs(physio):
    everything = " ".join([*physio.segments["text"], *physio.segments["speaker"].dropna()])
    assert "Amy Lee" not in everything and "Amy Lee" not in str(physio.report.to_dict())


def test_a_speaker_label_no_rule_places_is_listed_with_its_turns(physio):
    listed = [(s["doc_id"], s["label"], s["turns"], s["taken_as"]) for s in physio.report.speakers]
    assert listed == [("PA01_w1", "Daughter", 2, "PA01")]
    assert "Speaker labels taken as the interviewee" in physio.report.to_markdown()
    assert not physio.report.names_replaced


def test_a_refi_qda_codebook_is_a_codebook_version_like_yaml(demo, study):
    from analysis.codebook import read_codebook
    from analysis.refiqda import write_qdc

    folder = study / "codebook"
    for yaml_file in sorted(folder.glob("*.yaml")):
        write_qdc(read_codebook(yaml_file), yaml_file.with_suffix(".qdc"))
        yaml_file.unlink()
    result = ingest_study(study, progress=False)
    assert sorted(result.codebooks) == ["codebook_v1.qdc", "codebook_v2.qdc"]
    columns = ["code_id", "name", "parent", "definition", "include", "exclude", "example"]

    def tidy(book):
        return book[columns].astype(object).where(book[columns].notna(), "").reset_index(drop=True)

    pd.testing.assert_frame_equal(tidy(result.codebook), tidy(demo.codebook))
    assert result.codebook["codable"].all()
    pd.testing.assert_frame_equal(
        result.codings.sort_values(list(result.codings.columns)).reset_index(drop=True),
        demo.codings.sort_values(list(demo.codings.columns)).reset_index(drop=True),
    )
