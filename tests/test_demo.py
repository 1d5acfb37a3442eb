"""The synthetic demo study: reproducible, within spec, and true to its planted ground truth."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.demo import _interview_talk, _interview_text
from analysis.demo.generate import DEFAULT_SEED, generate_study
from analysis.demo.interviews import write_interviews
from analysis.demo.plan import (
    CODES_V1,
    EMERGENT_THEMES,
    FEEDBACK_THEME,
    NO_THEME,
    PLANTED_KAPPA,
    ROLES,
    THEMES,
)
from analysis.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "raw" / "demo"
TRUTH = ROOT / "data" / "raw" / "demo" / "truth"
LABEL = re.compile(r"^(?:\[?\d\d:\d\d:\d\d\]?\s+)?([^:\n]{1,60}):\s")


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def read_txt(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def document_text(path: Path) -> str:
    """All the words of a transcript in any of the demo's formats (labels included)."""
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return read_txt(path)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    result = generate_study(base / "demo", truth_dir=base / "demo" / "truth", progress=False)
    return base, result


@pytest.fixture(scope="module")
def turns():
    return pd.read_csv(TRUTH / "interview_turns.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def interviews():
    return pd.read_csv(DEMO / "interviews.csv")


def test_default_seed_reproduces_the_committed_demo_byte_for_byte(regenerated):
    base, _ = regenerated
    assert files_under(base / "demo") == files_under(DEMO)  # the truth/ folder included


def test_the_truth_marks_unthemed_text_as_the_evaluation_reads_it():
    from analysis.evaluate import UNTHEMED

    assert (NO_THEME, FEEDBACK_THEME) == UNTHEMED


def test_generation_did_not_skip_codebook_or_events(regenerated):
    _, result = regenerated
    assert result.skipped == ()
    assert (DEMO / "events" / "events.csv").is_file()
    assert (DEMO / "codebook" / "codebook_v1.yaml").is_file()


def test_same_seed_same_turns_and_different_seed_different_text(tmp_path):
    def texts(seed, folder):
        study = write_interviews(tmp_path / folder, np.random.default_rng(seed), n_interviews=12)
        return study.turns["text"].to_list()

    assert texts(1, "a") == texts(1, "b")
    assert texts(1, "a") != texts(2, "c")


def test_study_is_within_spec(turns, interviews):
    participants = pd.read_csv(DEMO / "participants.csv")
    assert len(interviews) >= 30
    assert 1500 <= len(turns) <= 3000
    assert participants["site"].nunique() >= 4
    assert set(participants["role"]) == set(ROLES)
    assert (participants["waves"] == "1+2").sum() >= 3
    suffixes = {Path(f).suffix for f in interviews["file"]}
    assert suffixes == {".txt", ".docx", ".vtt"}
    assert set(interviews["file"]) == {p.name for p in (DEMO / "interviews").iterdir()}


def test_every_theme_but_event_feedback_is_planted_in_interviews_often_enough(turns):
    said = turns.loc[~turns["is_interviewer"], "theme"].value_counts()
    for theme in (*CODES_V1, *EMERGENT_THEMES):
        assert said.get(theme, 0) >= 40, theme
    assert said.get(NO_THEME, 0) > 0
    assert FEEDBACK_THEME not in said
    assert set(turns["theme"]) <= set(THEMES)
    assert (turns.loc[turns["is_interviewer"], "theme"] == NO_THEME).all()


def test_interviewer_and_interviewee_alternate_in_every_transcript(turns):
    for _, doc in turns.groupby("doc_id"):
        doc = doc.sort_values("turn")
        flags = doc["is_interviewer"].to_numpy()
        repeated = flags[1:] == flags[:-1]
        # Only an interviewee's long turn restarted under the same label (with the same theme)
        # gives two turns in a row by one speaker.
        assert not (repeated & flags[1:]).any()
        themes = doc["theme"].to_numpy()
        assert (themes[1:][repeated] == themes[:-1][repeated]).all()
        assert list(doc["turn"]) == list(range(1, len(doc) + 1))


def test_truth_turn_counts_match_a_simple_count_of_speaker_labels_in_txt_files(turns, interviews):
    expected = turns.groupby("doc_id").size()
    checked = 0
    for row in interviews[interviews["file"].str.endswith(".txt")].itertuples():
        labels = [m.group(1) for line in read_txt(DEMO / "interviews" / row.file).splitlines()
                  if (m := LABEL.match(line))]  # fmt: skip
        # Every labelled line opens a turn, a repeated label included (as readers count).
        assert len(labels) == expected[row.doc_id], row.file
        assert labels[0] == row.interviewer
        checked += 1
    assert checked >= 20


def test_truth_offsets_point_at_each_turn_text_in_utf8_txt_files(turns, interviews):
    files = interviews.set_index("doc_id")["file"]
    located = turns[turns["char_start"] != ""]
    assert located["doc_id"].nunique() >= 12
    for row in located.itertuples():
        text = read_txt(DEMO / "interviews" / files[row.doc_id])
        span = text[int(row.char_start) : int(row.char_end)]
        assert len(span.split()) == row.n_words
        line_start = text.rfind("\n", 0, int(row.char_start)) + 1
        assert text[line_start : int(row.char_start)].endswith(f"{row.speaker}: ")


def test_interview_codings_lie_inside_interviewee_turns_of_coded_documents(turns, interviews):
    codings = pd.read_csv(DEMO / "codings" / "interview_codings.csv")
    coded = pd.read_csv(TRUTH / "coded_documents.csv")
    assert set(codings["doc_id"]) <= set(coded["doc_id"])
    assert coded["doc_id"].nunique() == round(len(interviews) / 2)  # half the transcripts
    # both interviews of participants interviewed twice (where both are codable .txt files)
    waves = interviews[interviews["doc_id"].isin(coded["doc_id"])].groupby("participant_id")
    assert (waves["wave"].nunique() == 2).sum() >= 3
    assert set(codings["code_id"]) <= set(CODES_V1)
    spans = turns[~turns["is_interviewer"] & (turns["char_start"] != "")]
    for row in codings.itertuples():
        doc = spans[spans["doc_id"] == row.doc_id]
        inside = (doc["char_start"].astype(int) <= row.char_start) & (
            doc["char_end"].astype(int) >= row.char_end
        )
        assert inside.sum() == 1, row


def test_realised_kappa_is_near_planted_and_keeps_the_ordering():
    agreement = pd.read_csv(TRUTH / "agreement.csv").set_index("code_id")
    assert set(agreement.index) == set(CODES_V1)
    gap = (agreement["realised_kappa"] - agreement["planted_kappa"]).abs()
    assert (gap <= 0.2).all(), gap
    high = [c for c, k in PLANTED_KAPPA.items() if k >= 0.75]
    low = [c for c, k in PLANTED_KAPPA.items() if k <= 0.5]
    assert agreement.loc[high, "realised_kappa"].min() > agreement.loc[low, "realised_kappa"].max()


def test_planted_nhs_numbers_pass_the_modulus_11_check_and_match_the_counts(interviews):
    planted = pd.read_csv(TRUTH / "pii_planted.csv")
    assert set(planted["kind"]) == {
        "email", "phone_mobile", "phone_landline", "nhs_number", "postcode", "date_of_birth",
    }  # fmt: skip
    found = 0
    for file in interviews["file"]:
        for number in re.findall(
            r"\b\d{3}\s+\d{3}\s+\d{4}\b", document_text(DEMO / "interviews" / file)
        ):
            digits = [int(d) for d in re.sub(r"\s", "", number)]
            remainder = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
            assert (11 - remainder) % 11 == digits[9], number
            found += 1
    assert found == planted.loc[planted["kind"] == "nhs_number", "n"].sum()


def test_every_participant_is_addressed_by_the_first_name_the_key_lists(interviews):
    key = pd.read_csv(DEMO / "key.csv", keep_default_na=False)
    participants = key[(key["kind"] == "participant") & ~key["real_name"].str.contains(" ")]
    first_names = dict(zip(participants["participant_id"], participants["real_name"], strict=True))
    for row in interviews.itertuples():
        assert first_names[row.participant_id] in document_text(DEMO / "interviews" / row.file)
    assert key["real_name"].is_unique


def test_names_in_the_key_are_never_ordinary_words_of_the_transcripts():
    bank = " ".join(
        line
        for voices in _interview_text.THEME_TEXT.values()
        for lines in voices.values()
        for line in lines
    ) + " ".join(str(v) for v in vars(_interview_talk).values() if isinstance(v, tuple | dict))
    words = set(re.findall(r"[A-Za-z]+", bank.lower()))
    key = pd.read_csv(DEMO / "key.csv")
    first_names = {name.lower() for name in key["real_name"] if " " not in name}
    assert not first_names & words


def test_vtt_captions_split_turns_into_several_cues_of_one_speaker(turns, interviews):
    vtt = interviews[interviews["file"].str.endswith(".vtt")]
    assert len(vtt) >= 2
    for row in vtt.itertuples():
        text = (DEMO / "interviews" / row.file).read_text(encoding="utf-8")
        voices = re.findall(r"<v ([^>]+)>", text)
        merged = [v for i, v in enumerate(voices) if i == 0 or voices[i - 1] != v]
        assert len(voices) > len(merged) == (turns["doc_id"] == row.doc_id).sum()


def test_bold_speaker_docx_has_one_paragraph_per_turn(turns, interviews):
    import docx

    checked = 0
    for row in interviews[interviews["file"].str.endswith(".docx")].itertuples():
        document = docx.Document(str(DEMO / "interviews" / row.file))
        if document.tables:
            rows = document.tables[0].rows
            assert len(rows) - 1 == (turns["doc_id"] == row.doc_id).sum()  # minus the header
            continue
        paragraphs = [p for p in document.paragraphs if p.text]
        assert len(paragraphs) == (turns["doc_id"] == row.doc_id).sum()
        assert all(p.runs[0].bold and p.runs[0].text.endswith(":") for p in paragraphs)
        checked += 1
    assert checked >= 1


def test_write_interviews_rejects_too_few_interviews_and_unknown_formats(tmp_path):
    with pytest.raises(InputError, match="n_interviews"):
        write_interviews(tmp_path, np.random.default_rng(0), n_interviews=3)
    with pytest.raises(InputError, match="formats"):
        write_interviews(tmp_path, np.random.default_rng(0), formats=("pdf",))


def test_generate_study_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not written by generate_study"):
        generate_study(tmp_path, progress=False)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_a_benchmark_sized_study_has_over_100000_turns_and_is_fast(tmp_path):
    started = time.perf_counter()
    result = generate_study(
        tmp_path / "bench", seed=DEFAULT_SEED, n_interviews=2000, formats=("txt",), progress=False
    )
    assert time.perf_counter() - started < 120
    assert len(result.turns) > 100_000
    assert len(list((tmp_path / "bench" / "interviews").iterdir())) == 2000
