"""The pipeline end to end on the demo study: ingest -> topics -> evaluation -> compare.

Slow (about two minutes on two cores): it fits every topic model for real. The assertions are
the planted structure of the demo study (data/raw/demo/truth) coming back out.
"""

import json

import pandas as pd
import pytest

from analysis.config import PROJ_ROOT, load_config
from analysis.demo.plan import EMERGENT_THEMES
from analysis.evaluate import load_theme_truth
from analysis.pipeline import run_compare, run_topic_evaluation, run_topics

pytestmark = pytest.mark.slow

TRUTH = PROJ_ROOT / "data" / "raw" / "demo" / "truth"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    from analysis.ingest import ingest_study, write_ingest

    processed = tmp_path_factory.mktemp("processed")
    config = load_config(overrides={"paths.processed": str(processed)})
    write_ingest(ingest_study(config.raw_dir, progress=False), config.processed_dir)
    return config


@pytest.fixture(scope="module")
def topics(config):
    run_topics(config, progress=False)
    return config.processed_dir / "topics"


@pytest.fixture(scope="module")
def compare(config, topics):
    run_compare(config, progress=False)
    return config.processed_dir / "compare"


def test_topics_run_twice_to_identical_tables(config, topics, tmp_path):
    first = {
        name: (topics / name).read_bytes()
        for name in ("assignments.parquet", "topics.csv", "prevalence.csv", "differences.csv")
    }
    run_topics(config, progress=False)
    for name, data in first.items():
        assert (topics / name).read_bytes() == data, name


def test_our_topics_recover_the_planted_themes_better_than_defaults_and_baselines(config):
    summary, _ = run_topic_evaluation(config, truth=TRUTH, progress=False)
    ari = summary.set_index("model")["ari"]
    nmi = summary.set_index("model")["nmi"]
    assert ari["ours"] > 1.15 * ari["bertopic_defaults"]
    assert ari["ours"] > 1.5 * max(ari["lda"], ari["nmf"])
    assert nmi["ours"] > max(nmi["bertopic_defaults"], nmi["lda"], nmi["nmf"])
    assert summary.set_index("model")["stability_ari"]["ours"] > 0.7


def test_prevalence_shows_holding_topics_more_common_at_events(config, topics):
    segments = pd.read_parquet(config.processed_dir / "segments.parquet")
    truth = load_theme_truth(TRUTH, segments)
    assignments = pd.read_parquet(topics / "assignments.parquet").set_index("segment_id")
    themed = assignments.loc[assignments.index.intersection(truth.index), "topic"].dropna()
    majority = (
        truth.reindex(themed.index)
        .groupby(themed.astype(int))
        .agg(lambda s: s.value_counts().index[0])
    )
    differences = pd.read_csv(topics / "differences.csv").set_index("topic")
    holding = [
        t for t, theme in majority.items() if theme.startswith("HOLD") and t in differences.index
    ]
    emergent = [
        t for t, theme in majority.items() if theme in EMERGENT_THEMES and t in differences.index
    ]
    # interview minus event: holding is discussed more at events, emergent themes in interviews
    assert differences.loc[holding, "difference"].mean() < 0
    assert differences.loc[emergent, "difference"].mean() > 0
    clear = differences[(differences["ci_high"] < 0) | (differences["ci_low"] > 0)]
    assert len(clear) >= 3  # intervals that exclude no difference


def test_agreement_recovers_the_planted_per_code_agreement(compare):
    table = pd.read_csv(compare / "agreement.csv").set_index("code_id")
    planted = pd.read_csv(TRUTH / "agreement.csv").set_index("code_id")
    for code_id, row in planted.iterrows():
        assert table.loc[code_id, "cohen_kappa"] == pytest.approx(row["realised_kappa"], abs=5e-4)
        assert table.loc[code_id, "cohen_kappa_lo"] <= row["planted_kappa"] + 0.15
    assert (table["unit_of_agreement"] == "segment presence/absence").all()
    characters = pd.read_csv(compare / "agreement_characters.csv")
    assert (characters["unit_of_agreement"] == "character presence/absence").all()


def test_codes_vs_topics_offers_every_planted_emergent_theme(config, compare):
    segments = pd.read_parquet(config.processed_dir / "segments.parquet")
    truth = load_theme_truth(TRUTH, segments)
    assignments = pd.read_parquet(config.processed_dir / "topics" / "assignments.parquet")
    emergent = pd.read_csv(compare / "emergent.csv")
    found = set()
    for topic in emergent["topic"]:
        members = assignments.loc[assignments["topic"] == topic, "segment_id"]
        themes = truth.reindex(members).dropna()
        if len(themes):
            found.add(themes.value_counts().index[0])
    assert set(EMERGENT_THEMES) <= found


@pytest.mark.parametrize("seed", range(5))
def test_topics_across_waves_recover_the_planted_growth_and_fading(config, topics, seed):
    from analysis.waves import topic_waves

    segments = pd.read_parquet(config.processed_dir / "segments.parquet")
    interviews = pd.read_parquet(config.processed_dir / "interviews.parquet")
    assignments = pd.read_parquet(topics / "assignments.parquet")
    result = topic_waves(segments, interviews, pd.read_parquet(topics / "topics.parquet"),
                         assignments, seed=seed)  # fmt: skip
    truth = load_theme_truth(TRUTH, segments)
    fitted = assignments.set_index("segment_id")["topic"].dropna().astype(int)
    themes = truth.reindex(fitted.index)
    # A topic's planted theme: the most common one, where most of its segments have one at all
    # (the openings of second interviews, "what has changed", were written for no theme).
    majority = {
        topic: (members.value_counts().index[0] if members.notna().mean() >= 0.5 else None)
        for topic, members in themes.groupby(fitted)
    }
    change = result.change.set_index("item")
    planted = pd.read_csv(TRUTH / "wave_change.csv")
    assert result.n_pairs == planted["n_pairs"].iloc[0]
    for theme, direction in zip(planted["theme"], planted["direction"], strict=True):
        mine = change[[majority.get(topic) == theme for topic in change.index]]
        assert (mine["direction"] == direction).any(), (theme, mine)
        called = mine[mine["direction"] == direction]
        assert ((called["ci_low"] > 0) if direction == "grows" else (called["ci_high"] < 0)).all()
    called = change[change["direction"] != "no clear change"]
    found = {majority.get(topic) for topic in called.index} - {None}
    assert found <= set(planted["theme"]), called  # nothing else changes, talk of change aside


def test_version_comparison_finds_the_planted_changes(compare):
    changes = pd.read_csv(compare / "codebook_versions.csv")
    planted = pd.read_csv(TRUTH / "codebook_changes.csv", dtype=str).fillna("")
    found = changes[changes["change"] != "unchanged"]
    found = found[["change", "old_ids", "new_ids"]].astype("string").fillna("")
    assert set(zip(found["change"], found["old_ids"], found["new_ids"], strict=True)) == set(
        zip(planted["change"], planted["v1"], planted["v2"], strict=True)
    )


def test_assisted_coding_is_evaluated_and_kept_apart_from_human_codes(config, compare):
    evaluation = pd.read_csv(compare / "assisted_evaluation.csv")
    assert evaluation["kappa"].mean() > 0.3
    suggestions = pd.read_parquet(compare / "suggestions.parquet")
    human = pd.read_parquet(config.processed_dir / "codings.parquet")
    assert suggestions["suggested"].all()
    assert not set(suggestions["segment_id"]) & set(human["segment_id"])
    summary = json.loads((compare / "summary.json").read_text())
    assert summary["assisted_mean_kappa"] == pytest.approx(evaluation["kappa"].mean())
    assert summary["assisted_human_kappa"] == pytest.approx(evaluation["human_kappa"].mean())


def test_every_paper_number_is_read_back_from_the_table_it_names(config, compare, tmp_path):
    import re

    from analysis.paper import paper_numbers, recompute, results_sections, write_numbers
    from analysis.tables import escape_latex

    numbers = paper_numbers(config.processed_dir)
    names = [n.name for n in numbers]
    assert len(names) == len(set(names)) and all(re.fullmatch(r"[A-Za-z]+", n) for n in names)
    for number in numbers:  # each value is what its source says, read afresh
        assert recompute(number, config.processed_dir) == pytest.approx(number.value), number
    by_name = {n.name: n for n in numbers}
    agreement = pd.read_csv(compare / "agreement.csv").set_index("code_id")
    pooled = agreement.loc["(all codes, pooled)"]
    assert by_name["alphaPooled"].text == f"{pooled['krippendorff_alpha']:.2f}"
    assert by_name["nCoders"].value == 2
    segments = pd.read_parquet(config.processed_dir / "segments.parquet")
    interviews = segments[segments["source"] == "interview"]
    assert by_name["nInterviews"].value == interviews["doc_id"].nunique()
    people = interviews[~interviews["is_interviewer"]]
    assert by_name["nLinkWorker"].value == people.loc[people["role"] == "link_worker",
                                                      "participant_id"].nunique()  # fmt: skip
    differences = pd.read_csv(compare.parent / "topics" / "differences.csv")
    reportable = differences[differences["finding"]]
    largest = reportable.loc[reportable["difference"].abs().idxmax()]
    assert by_name["differenceFirstLabel"].value == largest["label"]

    tex, data = write_numbers(numbers, tmp_path)
    commands = dict(re.findall(r"\\newcommand\{\\(\w+)\}\{(.*)\}", tex.read_text("utf-8")))
    assert commands == {n.name: escape_latex(n.text) for n in numbers}
    assert [d["name"] for d in json.loads(data.read_text("utf-8"))] == names
    # every figure in the draft's prose is one of the numbers, printed as the numbers print it
    figure = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?(?: points)?%?")
    prose = " ".join(p for _, paragraphs, _, _ in results_sections(numbers) for p in paragraphs)
    printed = {f for n in numbers for f in figure.findall(n.text)}
    words = {"95%", "0.05"}  # "95% CI", "p < 0.05": words of the sentences, not numbers
    assert set(figure.findall(prose)) - words <= printed
    latex = results_sections(numbers, latex=True)
    assert all("\\" in p for _, paragraphs, _, _ in latex for p in paragraphs)


def test_recoding_one_segment_changes_only_the_numbers_it_should(config, compare, tmp_path):
    import shutil

    from analysis.paper import paper_numbers

    before = {n.name: n.text for n in paper_numbers(config.processed_dir)}
    recoded = load_config(overrides={"paths.processed": str(tmp_path)})
    shutil.copytree(config.processed_dir, recoded.processed_dir)
    codings = pd.read_parquet(recoded.processed_dir / "codings.parquet")
    # the second coder takes back one HOLD-PROLONG: agreement moves, nothing else should
    dropped = codings[(codings["coder"] == "R2") & (codings["code_id"] == "HOLD-PROLONG")].index[0]
    codings.drop(index=dropped).to_parquet(recoded.processed_dir / "codings.parquet")
    run_compare(recoded, progress=False)
    after = {n.name: n.text for n in paper_numbers(recoded.processed_dir)}
    assert after.keys() == before.keys()
    changed = {name for name in before if before[name] != after[name]}
    assert changed & {"kappaHoldProlong", "kappaPooled", "alphaPooled"}
    agreement = {"kappaPooled", "alphaPooled", "kappaLowest", "kappaHighest", "nCodedUnits"}
    allowed = {n for n in before if n.startswith(("kappa", "alpha"))} | agreement
    allowed |= {"assistedHumanKappa"}  # the second coder is the assisted-coding yardstick
    assert changed <= allowed, changed - allowed
