"""The ``analysis topics`` and ``analysis evaluate-topics`` stages: files in, files out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from analysis.io import write_csv, write_json, write_parquet
from analysis.pipeline._load import load_processed

__all__ = ["by_group", "run_topic_evaluation", "run_topics", "topic_labels"]

GROUPS = ("source", "role", "site")


def by_group(compute) -> pd.DataFrame:
    """Prevalence by source, role and site stacked in one long table: ``compute(group)`` gives
    one grouping's table; its group column becomes ``group`` and ``group_by`` names it."""
    return pd.concat(
        [compute(g).rename(columns={g: "group"}).assign(group_by=g) for g in GROUPS],
        ignore_index=True,
    )


def topic_labels(assignments: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Assigned participant segments with their group and cluster columns, for prevalence."""
    assigned = assignments.dropna(subset=["topic"])[["segment_id", "topic"]]
    columns = ["segment_id", "doc_id", *GROUPS]
    return assigned.merge(segments[columns], on="segment_id").astype({"topic": "int64"})


def run_topics(config, *, progress: bool = True) -> dict[str, Path]:
    """Fit the configured topic model to the processed segments and write its tables.

    Writes ``<processed>/topics/``: ``topics.csv`` and ``.parquet``, ``assignments.parquet``,
    ``quotes.csv`` (representative quotes, pseudonym and role only), ``prevalence.csv`` (topic
    prevalence by source, role and site with cluster-bootstrap intervals), ``differences.csv``
    (interviews vs events: difference, interval, cluster permutation p, Holm-adjusted),
    ``settings.json`` and the saved model in ``model/``.
    """
    from analysis.embed import Embedder
    from analysis.prevalence import largest_differences, prevalence, prevalence_difference
    from analysis.topics import fit_topics_from_config, representative_quotes

    processed = load_processed(config.processed_dir)
    segments = processed.segments
    embedder = Embedder.from_config(config, progress=progress)
    result = fit_topics_from_config(segments, config, embedder, progress=progress)
    out = config.processed_dir / "topics"
    shutil.rmtree(out / "model", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    result.save(out / "model")

    labels = topic_labels(result.assignments, segments)
    labels = labels[labels["topic"] != -1]
    participant = segments[~segments["is_interviewer"].astype(bool)]
    table = by_group(
        lambda group: prevalence(
            labels,
            item="topic",
            group=group,
            cluster="doc_id",
            segments=participant,
            seed=config.seed,
        )  # fmt: skip
    )
    table = table.merge(result.topics[["topic", "label"]], on="topic", how="left")
    sources = set(participant["source"])
    written = {
        "topics": write_csv(result.topics, out / "topics.csv"),
        "assignments": write_parquet(result.assignments, out / "assignments.parquet"),
        "quotes": write_csv(representative_quotes(result, segments, n=3), out / "quotes.csv"),
        "prevalence": write_csv(table, out / "prevalence.csv"),
    }
    write_parquet(result.topics, out / "topics.parquet")
    if {"interview", "event"} <= sources:
        differences = prevalence_difference(
            labels, item="topic", group="source", a="interview", b="event", cluster="doc_id",
            segments=participant, seed=config.seed,
        )  # fmt: skip
        differences = differences.merge(result.topics[["topic", "label"]], on="topic")
        written["differences"] = write_csv(
            largest_differences(differences, n=len(differences)), out / "differences.csv"
        )
    written["settings"] = write_json(
        {**result.settings, "study": config.study, "seed": config.seed},
        out / "settings.json",
    )
    return written


def run_topic_evaluation(config, *, truth: str | Path | None = None, progress: bool = True):
    """Score our topic settings against BERTopic's defaults, LDA and NMF; write the table.

    Writes ``<processed>/topics/evaluation.csv`` (one row per model) and ``evaluation_runs.parquet``
    (every run's assignments). With ``truth`` (a ground-truth folder such as
    ``tests/data/demo_truth``) the table also gives recovery of the planted themes.
    """
    from analysis.embed import Embedder
    from analysis.topics import compare_topic_models

    processed = load_processed(config.processed_dir)
    segments = processed.segments
    planted = None
    note = "no ground truth given"
    if truth is not None:
        from analysis.demo.truth import load_theme_truth

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
    settings = {
        key: value
        for key, value in vars(config.topics).items()
        if key in ("min_topic_size", "min_samples", "min_words", "representation", "top_n_words")
    }
    summary, runs = compare_topic_models(
        segments,
        embedder=Embedder.from_config(config, progress=progress),
        seed=config.seed,
        n_seeds=config.evaluation.n_seeds,
        truth=planted,
        settings=settings,
        progress=progress,
    )
    out = config.processed_dir / "topics"
    out.mkdir(parents=True, exist_ok=True)
    summary.insert(len(summary.columns), "note", note)
    path = write_csv(summary.round(4), out / "evaluation.csv")
    write_parquet(runs, out / "evaluation_runs.parquet")
    (out / "evaluation.json").write_text(
        json.dumps({"note": note, "seed": config.seed}, indent=2) + "\n", encoding="utf-8"
    )
    return summary, path
