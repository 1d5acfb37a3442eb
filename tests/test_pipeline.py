"""The pipeline end to end on the demo study: ingest -> topics -> evaluation -> compare.

Slow (about two minutes on two cores): it fits every topic model for real. The assertions are
the planted structure of the demo study (tests/data/demo_truth) coming back out.
"""

import json

import pandas as pd
import pytest

from analysis.config import PROJ_ROOT, load_config
from analysis.demo.plan import EMERGENT_THEMES
from analysis.demo.truth import load_theme_truth
from analysis.pipeline import run_compare, run_topic_evaluation, run_topics

pytestmark = pytest.mark.slow

TRUTH = PROJ_ROOT / "tests" / "data" / "demo_truth"


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
