"""`make all` on a study unlike the demo: another field, no key, events, codings or codebook,
speaker labels as transcription services write them, one transcript in French.

The study is written by :func:`_studies.write_generated_physio_study` into a temporary folder
with a parameters file of its own (``make PARAMS=...``), as a team would keep theirs.
"""

from __future__ import annotations

import json
import re
import subprocess

import pandas as pd
import pytest
import yaml

from analysis.config import PROJ_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    from _studies import write_generated_physio_study

    root = tmp_path_factory.mktemp("physio")
    write_generated_physio_study(root / "raw" / "physio")
    params, output = _make_all(root, {"ingest": {"pseudonymise": "detectors_only"}})
    return root, params, output


def _make_all(root, settings: dict):
    """``make all`` on the study ``root/raw/physio`` with a parameters file of its own."""
    params = root / "params.yaml"
    settings = {
        "study": "physio",
        "paths": {"raw": "raw", "processed": "processed", "reports": "reports"},
        "compare": {"n_boot": 200, "n_perm": 200},
        **settings,
    }
    params.write_text(yaml.safe_dump(settings), encoding="utf-8")
    run = subprocess.run(
        ["make", "--no-print-directory", f"PARAMS={params}", "all"],
        cwd=PROJ_ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    return params, run.stdout


def test_make_all_runs_through_and_says_what_it_could_not_make(study):
    root, _, _ = study
    readme = (root / "reports" / "physio" / "README.md").read_text(encoding="utf-8")
    skipped = readme.split("## Not made for this study", 1)[1]
    for section in (
        "Agreement between coders",
        "Knowledge-exchange events",
        "Blog post about the latest event",
        "Codes by wave",  # one wave, no codings: a note, not an error
        "Codes across waves",
        "Topics by wave",
        "Topics across waves",
    ):
        assert section in skipped
    for made in ("topic_overview", "corpus_description", "topic_evaluation", "ingest_notes"):
        assert f"| {made} |" in readme.split("## Not made for this study", 1)[0]
    # Nothing a stage or notebook did not make this run: no agreement, no events.
    assert sorted(p.name for p in (root / "processed" / "physio" / "compare").iterdir()) == [
        ".compare.outputs",
        "summary.json",
    ]
    assert not (root / "processed" / "physio" / "topics" / "differences.csv").exists()


def test_a_study_without_events_gets_a_post_about_its_interviews(study):
    root, _, _ = study
    reports = root / "reports" / "physio"
    post = (reports / "blog" / "post.md").read_text(encoding="utf-8")
    segments = pd.read_parquet(root / "processed" / "physio" / "segments.parquet")
    spoken = segments[(segments["source"] == "interview") & ~segments["is_interviewer"]]
    n_people = spoken["participant_id"].nunique()
    assert post.startswith("# What we have heard so far in the physio study")
    assert f"We have interviewed {n_people} people so far" in post
    topics = pd.read_csv(reports / "tables" / "post_topics.csv")
    prevalence = pd.read_csv(root / "processed" / "physio" / "topics" / "prevalence.csv")
    findings = prevalence[
        (prevalence["group_by"] == "source") & (prevalence["group"] == "interview")
        & prevalence["finding"]
    ]  # fmt: skip
    # the most common findings, in order, with their share; chatter never among them
    top = findings.sort_values("prevalence", ascending=False, kind="stable").head(len(topics))
    assert topics["Topic"].tolist() == top["label"].tolist()
    assert not topics["Topic"].str.startswith("(chatter)").any()
    shares = topics["Share of what participants said (%)"].str.split(" ").str[0].astype(int)
    assert shares.tolist() == (100 * top["prevalence"]).round().astype(int).tolist()
    for target in re.findall(r"\]\((\.\./[^)]+)\)", post):
        assert (reports / "blog" / target).resolve().is_file(), target


def test_the_command_and_the_reports_say_names_were_not_replaced(study):
    root, _, output = study
    assert "NAMES WERE NOT REPLACED" in output
    notes = pd.read_csv(root / "reports" / "physio" / "tables" / "ingest_notes.csv")["Note"]
    assert notes.str.contains("NAMES WERE NOT REPLACED").any()
    assert notes.str.contains("FR01_w1").any()  # the French transcript is flagged
    report = json.loads((root / "processed" / "physio" / "ingest_report.json").read_text())
    assert report["names_replaced"] is False


def test_interview_pleasantries_are_chatter_and_the_themes_are_topics(study):
    root, _, _ = study
    topics = pd.read_csv(root / "processed" / "physio" / "topics" / "topics.csv")
    findings = topics[topics["finding"].astype(bool)]
    words = " ".join(findings["words"])
    for theme in ("waiting", "exercise", "fall", "equipment", "carers"):
        assert theme in words
    assert not findings["label"].str.contains("happy|study", regex=True).any()


def test_a_second_make_all_does_nothing(study):
    _, params, _ = study
    again = subprocess.run(
        ["make", "--no-print-directory", f"PARAMS={params}", "all"],
        cwd=PROJ_ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert again.returncode == 0 and "analysis " not in again.stdout, again.stdout[-2000:]


@pytest.fixture(scope="module")
def tabled_study(tmp_path_factory):
    """The physiotherapy study with a key, workshops of its own layout, a coded survey (one
    coder) and one codebook version, run by ``make all`` with a parameters file of its own."""
    from _studies import write_physio_study_with_tables

    root = tmp_path_factory.mktemp("physio_tables")
    write_physio_study_with_tables(root / "raw" / "physio")
    _make_all(root, {})
    return root


def test_a_coded_survey_and_workshops_of_another_layout_run_through_make_all(tabled_study):
    processed = tabled_study / "processed" / "physio"
    survey = pd.read_parquet(processed / "tables" / "survey.parquet")
    assert len(survey) == 18 and survey["segment_id"].iloc[0] == "survey-0001"
    assert "Neighbour A" in survey["text"].iloc[0]  # the key's name replaced in the table too
    assert not survey["text"].str.contains("Maggie").any()
    segments = pd.read_parquet(processed / "segments.parquet")
    assert (segments["source"] == "survey").sum() == 18
    assert set(segments.loc[segments["source"] == "event", "doc_id"]) == {
        "W1-flipcharts",
        "W1-ratings",
        "W2-flipcharts",
        "W2-ratings",
    }
    codings = pd.read_parquet(processed / "codings.parquet")
    assert set(codings["coder"]) == {"AB"} and len(codings) == 36
    assert {"FAMILY", "WAIT", "EQUIP", "EXER"} <= set(codings["code_id"])
    # the codes of the row with no answer are set aside and accounted for
    report = json.loads((processed / "ingest_report.json").read_text())
    assert report["totals"]["codings"]["set_aside"] == 1
    assert report["totals"]["codings"]["unaccounted"] == 0
    assert report["totals"]["table rows"] == {
        "read": 19,
        "kept": 18,
        "set_aside": 1,
        "unaccounted": 0,
    }
    # the survey's intervals resample its 18 respondents, not its one file
    prevalence = pd.read_csv(processed / "compare" / "code_prevalence.csv")
    survey_codes = prevalence[
        (prevalence["group_by"] == "source") & (prevalence["group"] == "survey")
    ]
    assert (survey_codes["n_clusters"] == 18).all()
    assert (survey_codes["ci_low"] < survey_codes["prevalence"]).all()
    assert (survey_codes["prevalence"] < survey_codes["ci_high"]).all()
    compare_summary = json.loads((processed / "compare" / "summary.json").read_text())
    assert 0 <= compare_summary["assisted_mean_kappa"] <= 1  # held-out respondents, not NaN
    vocabulary = json.loads((processed / "events" / "vocabulary.json").read_text())
    assert vocabulary["ratings"]["agreement"]["values"] == ["disagree", "neutral", "agree"]

    readme = (tabled_study / "reports" / "physio" / "README.md").read_text(encoding="utf-8")
    made, skipped = readme.split("## Not made for this study", 1)
    # one coder: no agreement; workshops without the demo's tables: no holding or discretion
    for section in (
        "Agreement between coders",
        "Holding",
        "Discretion",
        "Blog post: the holding and discretion exercises",
    ):
        assert section in skipped, section
    # the workshops' own tables: a scale as figure and table, quotes, and a post about them
    reports = tabled_study / "reports" / "physio"
    ratings = pd.read_csv(reports / "tables" / "event_ratings_agreement.csv")
    assert ratings.columns.tolist() == [
        "Agreement",
        "disagree",
        "neutral",
        "agree",
        "Rows",
        "Comments",
    ]
    assert (reports / "figures" / "event_ratings_agreement.png").is_file()
    assert (reports / "tables" / "event_flipcharts_quotes.csv").is_file()
    post = (reports / "blog" / "post.md").read_text(encoding="utf-8")
    assert post.startswith("# What we heard in Stoke")
    assert "## Flipcharts" in post and "## Ratings" in post
    assert "../figures/event_ratings_agreement.png" in post
    assert "| codes_topics" in made or "codes_vs_topics" in made


@pytest.fixture(scope="module")
def project_study(tmp_path_factory):
    """A study folder holding only two coders' projects of the same interviews, one exported
    by NVivo and one by MAXQDA, run by ``make all``."""
    from _qdpx import write_qdpx_study

    root = tmp_path_factory.mktemp("qdpx")
    write_qdpx_study(root / "raw" / "physio", ("nvivo", "maxqda"))
    params, output = _make_all(root, {"ingest": {"pseudonymise": "detectors_only"}})
    return root, params, output


def test_a_study_folder_holding_only_a_project_runs_through_make_all(project_study):
    root, _, _ = project_study
    processed = root / "processed" / "physio"
    participants = pd.read_parquet(processed / "participants.parquet")
    assert len(participants) == 24
    assert set(participants["role"]) == {"physiotherapist", "patient", "carer"}
    report = json.loads((processed / "ingest_report.json").read_text(encoding="utf-8"))
    assert all(v["unaccounted"] == 0 for v in report["totals"].values() if isinstance(v, dict))
    agreement = pd.read_csv(processed / "compare" / "agreement.csv").set_index("code_id")
    themes = ["Carers", "Equipment", "Exercise", "Falls", "Waiting"]
    assert sorted(agreement.index.drop("(all codes, pooled)")) == themes  # not the category
    assert (agreement.loc[themes, "n_coders"] == 2).all()
    # The second coder misses one answer in five: agreement well above chance, not perfect.
    assert (agreement.loc[themes, "cohen_kappa"].between(0.3, 0.99)).all()
    by_characters = pd.read_csv(processed / "compare" / "agreement_characters.csv")
    assert (by_characters.set_index("code_id").loc[themes, "n_coders"] == 2).all()
    readme = (root / "reports" / "physio" / "README.md").read_text(encoding="utf-8")
    made = readme.split("## Not made for this study", 1)[0]
    for output in ("topic_overview", "agreement_forest", "codes_topics_heatmap", "post"):
        assert f"| {output} |" in made, output
    post = (root / "reports" / "physio" / "blog" / "post.md").read_text(encoding="utf-8")
    commonest = post.split("The codes applied most often are ", 1)[1].split("\n", 1)[0]
    assert "*Themes*" not in commonest  # a category is no code applied
    assert sum(f"*{theme}*" in commonest for theme in themes) == 3
