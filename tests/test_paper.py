"""The paper's numbers: names, formats, the LaTeX a manuscript inputs, and `make paper`.

The numbers of the demo study, read back from their tables, are checked in test_pipeline.py
(it has the pipeline's outputs at hand)."""

import json
import shutil

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.paper import (
    macro_name,
    numbers_tex,
    paper_numbers,
    paper_tex,
    recompute,
    results_sections,
    write_results,
)
from analysis.paper._build import build_pdf, latex_engine
from analysis.paper._numbers import interval_text, p_text, points_text, signed_text


@pytest.fixture
def processed(tmp_path):
    """A processed folder of a study with interviews, two coders and nothing else."""
    segments = pd.DataFrame(
        {
            "segment_id": [f"d{d}-{t}" for d in range(3) for t in range(3)],
            "doc_id": [f"d{d}" for d in range(3) for _ in range(3)],
            "source": "interview",
            "participant_id": [p for p in ("p1", "p2", "p2") for _ in range(3)],
            "role": [r for r in ("nurse", "patient_carer", "patient_carer") for _ in range(3)],
            "is_interviewer": [t == 0 for _ in range(3) for t in range(3)],
            "event_id": None,
        }
    )
    segments.to_parquet(tmp_path / "segments.parquet")
    (tmp_path / "compare").mkdir()
    pd.DataFrame(
        {
            "code_id": ["A", "B", "(all codes, pooled)"],
            "unit_of_agreement": "segment presence/absence",
            "n_units": [6, 6, 12],
            "n_coders": 2,
            "cohen_kappa": [0.5, 0.875, 0.7],
            "cohen_kappa_lo": [0.1, 0.6, 0.4],
            "cohen_kappa_hi": [0.8, 1.0, 0.9],
            "krippendorff_alpha": [0.49, 0.87, 0.69],
            "krippendorff_alpha_lo": [0.1, 0.6, 0.4],
            "krippendorff_alpha_hi": [0.8, 1.0, 0.9],
        }
    ).to_csv(tmp_path / "compare" / "agreement.csv", index=False)
    return tmp_path


def test_a_study_gets_the_numbers_it_has_and_each_is_read_back(processed):
    numbers = paper_numbers(processed)
    by_name = {n.name: n for n in numbers}
    assert by_name["nInterviews"].text == "3" and by_name["nInterviewees"].value == 2
    assert by_name["nPatientCarer"].value == 1 and by_name["nNurse"].value == 1
    assert by_name["nParticipantTurns"].value == 6  # interviewer turns left out
    assert by_name["kappaB"].text == "0.88" and by_name["kappaLowest"].value == 0.5
    assert "nTopics" not in by_name and "nEvents" not in by_name  # the study has neither
    assert all(recompute(n, processed) == n.value for n in numbers)
    titles = [title for title, *_ in results_sections(numbers)]
    assert titles == ["Corpus", "Agreement between coders"]
    corpus = results_sections(numbers)[0][1][0]
    assert "(by role: nurse 1, patient carer 1)" in corpus and "6 participant turns" in corpus


def test_numbers_tex_escapes_and_names_its_source(processed):
    numbers = paper_numbers(processed)
    tex = numbers_tex(numbers)
    assert "\\newcommand{\\nInterviews}{3}" in tex
    assert "% interviews: segments.parquet [source = interview] doc_id (nunique)" in tex
    assert tex.count("\\newcommand") == len(numbers)
    manuscript = paper_tex(numbers, available=["agreement"])
    assert "\\input{numbers.tex}" in manuscript and "\\kappaPooled{}" in manuscript
    assert (
        "\\input{../tables/agreement.tex}" in manuscript
        and "Table~\\ref{tab:agreement}" in manuscript
    )
    assert "corpus_composition" not in manuscript  # not in the report: not referred to


def test_the_results_draft_refers_to_tables_and_figures_by_number(processed, tmp_path):
    md, docx = write_results(paper_numbers(processed), tmp_path / "paper",
                             available=["corpus_description", "agreement", "agreement_forest"])  # fmt: skip
    text = md.read_text(encoding="utf-8")
    assert "(Table 1)" in text and "(Table 2; Figure 1)" in text
    assert "*Left out, because the study's tables do not have what they need: Topics, " in text
    first = docx.read_bytes()
    write_results(paper_numbers(processed), tmp_path / "paper",
                  available=["corpus_description", "agreement", "agreement_forest"])  # fmt: skip
    assert docx.read_bytes() == first


def test_formats_as_a_paper_prints_them():
    assert interval_text(0.6642, 0.6253, 0.7088) == "0.66 (95% CI 0.63 to 0.71)"
    assert points_text(-0.10098) == "-10.1 points" and points_text(0.062) == "+6.2 points"
    assert signed_text(0.0421) == "+4.2"
    assert p_text(0.0004) == "p < 0.001" and p_text(0.0211) == "p = 0.021"
    assert macro_name("codes", "renamed") == "codesRenamed"
    with pytest.raises(InputError, match="no letters"):
        macro_name("-", "")


def test_no_segments_table_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no segments table"):
        paper_numbers(tmp_path)


def test_make_paper_without_latex_says_so(tmp_path, monkeypatch, capsys):
    (tmp_path / "paper.tex").write_text("\\documentclass{article}", encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert build_pdf(tmp_path) is None
    assert "no LaTeX engine found" in capsys.readouterr().out


@pytest.mark.skipif(latex_engine() is None, reason="no LaTeX engine installed")
def test_the_manuscript_compiles(processed, tmp_path):
    from analysis.paper import write_numbers

    folder = tmp_path / "reports" / "paper"
    write_numbers(paper_numbers(processed), folder)
    (folder / "paper.tex").write_text(paper_tex(paper_numbers(processed)), encoding="utf-8")
    assert build_pdf(folder).is_file()


def test_numbers_json_lists_value_text_and_source(processed, tmp_path):
    from analysis.paper import write_numbers

    _, data = write_numbers(paper_numbers(processed), tmp_path)
    first = json.loads(data.read_text(encoding="utf-8"))[0]
    assert set(first) == {"name", "value", "text", "description", "source"}
    assert first["source"]["file"] == "segments.parquet"
