"""The ``analysis topics`` and ``analysis evaluate-topics`` stages: files in, files out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from analysis.io import replace_outputs, write_csv, write_json, write_parquet
from analysis.pipeline._load import load_processed
from analysis.prevalence import by_group, substantive_segments, topic_labels

__all__ = ["run_topic_evaluation", "run_topics"]


def run_topics(config, *, progress: bool = True) -> dict[str, Path]:
    """Fit the configured topic model to the processed segments and write its tables.

    Writes ``<processed>/topics/``: ``topics.csv`` and ``.parquet`` (with each topic's
    stability under resampling, whether it is chatter, and whether it is a finding),
    ``assignments.parquet``, ``stability.csv``, ``quotes.csv`` (representative quotes, pseudonym
    and role only), ``prevalence.csv`` (prevalence of each non-chatter topic by source, role and
    site with cluster-bootstrap intervals, among the substantive segments), ``differences.csv``
    (interviews vs events: difference, interval, cluster permutation p, Holm-adjusted, with
    ``stable`` and ``finding``), ``counted.json`` (how many participant segments prevalence
    counts and why the others were left out), ``settings.json`` and the saved model in
    ``model/``.
    """
    from analysis.embed import Embedder
    from analysis.prevalence import (
        dependence_units,
        largest_differences,
        prevalence,
        prevalence_difference,
    )
    from analysis.topics import (
        fit_topics_from_config,
        mark_findings,
        representative_quotes,
        topic_stability,
    )

    processed = load_processed(config.processed_dir)
    segments = processed.segments
    embedder = Embedder.from_config(config, progress=progress)
    result = fit_topics_from_config(segments, config, embedder, progress=progress)
    stability = None
    if result.method == "bertopic" and config.topics.stability_resamples > 0:
        stability = topic_stability(
            result, segments, seed=config.seed, n_resamples=config.topics.stability_resamples,
            progress=progress,
        )  # fmt: skip
    result.topics = mark_findings(result.topics, stability)
    out = config.processed_dir / "topics"
    shutil.rmtree(out / "model", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    result.save(out / "model")

    counted, left_out = substantive_segments(segments, result.assignments, result.topics)
    counted = counted.assign(cluster=dependence_units(counted))
    # Counted segments are outside chatter topics already; outliers are in no topic.
    labels = topic_labels(result.assignments, segments)
    labels = labels[(labels["topic"] != -1) & labels["segment_id"].isin(counted["segment_id"])]
    table = by_group(
        lambda group: prevalence(
            labels,
            item="topic",
            group=group,
            cluster="cluster",
            segments=counted,
            seed=config.seed,
        )  # fmt: skip
    )
    marks = result.topics[["topic", "label", "stable", "finding"]]
    table = table.merge(marks, on="topic", how="left")
    sources = set(counted["source"])
    written = {
        "topics": write_csv(result.topics, out / "topics.csv"),
        "assignments": write_parquet(result.assignments, out / "assignments.parquet"),
        "quotes": write_csv(representative_quotes(result, segments, n=3), out / "quotes.csv"),
        "prevalence": write_csv(table, out / "prevalence.csv"),
        "counted": write_json(
            {
                "counted": int(len(counted)),
                "left_out": left_out,
                "note": "prevalence counts fitted participant segments outside chatter topics",
            },
            out / "counted.json",
        ),
    }
    if stability is not None:
        written["stability"] = write_csv(stability, out / "stability.csv")
    written["topics_table"] = write_parquet(result.topics, out / "topics.parquet")
    if {"interview", "event"} <= sources:
        differences = prevalence_difference(
            labels, item="topic", group="source", a="interview", b="event", cluster="cluster",
            segments=counted, seed=config.seed,
        )  # fmt: skip
        differences = differences.merge(marks, on="topic")
        written["differences"] = write_csv(
            largest_differences(differences, n=len(differences)), out / "differences.csv"
        )
    written["settings"] = write_json(
        {**result.settings, "study": config.study, "seed": config.seed},
        out / "settings.json",
    )
    replace_outputs(out, "topics", written.values())
    return written


def run_topic_evaluation(config, *, truth: str | Path | None = None, progress: bool = True):
    """Score our topic settings against BERTopic's defaults, LDA and NMF; write the table.

    Writes ``<processed>/topics/evaluation.csv`` (one row per model) and ``evaluation_runs.parquet``
    (every run's assignments). With ``truth`` (a ground-truth folder such as
    ``data/raw/demo/truth``) the table also gives recovery of the planted themes.
    """
    from analysis.embed import Embedder
    from analysis.topics import compare_topic_models, fit_settings

    processed = load_processed(config.processed_dir)
    segments = processed.segments
    planted = None
    note = "no ground truth given"
    if truth is not None:
        from analysis.evaluate import load_theme_truth

        planted = load_theme_truth(truth, segments)
        # Name the truth folder relative to the project, so the table is the same on any machine.
        shown = Path(truth)
        if shown.is_absolute() and shown.is_relative_to(config.root):
            shown = shown.relative_to(config.root)
        note = (
            f"recovery scored on {len(planted)} themed segments from {shown.as_posix()}"
            if len(planted)
            else f"the ground truth in {shown.as_posix()} does not describe this study's segments"
        )
    summary, runs = compare_topic_models(
        segments,
        embedder=Embedder.from_config(config, progress=progress),
        seed=config.seed,
        n_seeds=config.evaluation.n_seeds,
        truth=planted,
        settings=fit_settings(config),
        progress=progress,
    )
    out = config.processed_dir / "topics"
    out.mkdir(parents=True, exist_ok=True)
    summary.insert(len(summary.columns), "note", note)
    path = write_csv(summary.round(4), out / "evaluation.csv")
    runs_path = write_parquet(runs, out / "evaluation_runs.parquet")
    (out / "evaluation.json").write_text(
        json.dumps({"note": note, "seed": config.seed}, indent=2) + "\n", encoding="utf-8"
    )
    replace_outputs(out, "evaluation", [path, runs_path, out / "evaluation.json"])
    return summary, path
