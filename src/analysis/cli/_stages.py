"""The pipeline stages: ``ingest``, ``topics``, ``evaluate-topics``, ``compare``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _ingest_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--skip-bad-files",
        action="store_true",
        help="set bad files and rows aside (listed in the report) instead of stopping "
        "(same as --set ingest.on_error=skip)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def _ingest_run(config, args: argparse.Namespace) -> int:
    from analysis.ingest import ingest_study, write_ingest

    settings = config.ingest
    result = ingest_study(
        config.raw_dir,
        window_words=settings.window_words,
        on_error="skip" if args.skip_bad_files else settings.on_error,
        codebook=settings.codebook,
        pseudonymise=settings.pseudonymise,
        qdpx_positions=settings.qdpx_positions,
        qdpx_newlines=settings.qdpx_newlines,
        progress=not args.quiet,
    )
    out = config.processed_dir
    write_ingest(result, out, settings=config.to_dict())
    totals = result.report.totals()
    units = [name for name in ("turns", "event rows", "table rows") if name in totals]
    print(
        f"ingested study '{config.study}': {len(result.segments)} segments ("
        + ", ".join(f"{totals[name]['kept']} {name}" for name in units)
        + f"), {len(result.codings)} segment codings; set aside: "
        + ", ".join(f"{totals[name]['set_aside']} {name}" for name in units)
        + f", {totals['codings']['set_aside']} codings, {totals['files_set_aside']} files "
        f"(see {out / 'ingest_report.md'})"
    )
    for note in result.report.notes:
        print(f"  note: {note}")
    unaccounted = result.report.unaccounted()
    if unaccounted:
        print(f"analysis ingest: error: {unaccounted} items unaccounted for", file=sys.stderr)
        return 1
    return 0


def _quiet_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def _topics_run(config, args: argparse.Namespace) -> int:
    from analysis.pipeline import run_topics

    written = run_topics(config, progress=not args.quiet)
    settings = json.loads(written["settings"].read_text(encoding="utf-8"))
    print(
        f"topics: {settings['n_topics']} topics ({settings['n_topics_chosen_by']}), "
        f"{settings['outliers']} outlier segments of {settings['n_fitted']} fitted; "
        f"tables in {written['topics'].parent}"
    )
    return 0


def _evaluate_args(parser: argparse.ArgumentParser) -> None:
    _quiet_args(parser)
    parser.add_argument(
        "--truth",
        type=Path,
        default=None,
        help="ground-truth folder of planted themes (default: evaluation.truth in params.yaml)",
    )


def _evaluate_run(config, args: argparse.Namespace) -> int:
    from analysis.pipeline import run_topic_evaluation

    truth = args.truth or config.evaluation.truth
    if truth is not None:
        truth = Path(truth) if Path(truth).is_absolute() else config.root / truth
    summary, path = run_topic_evaluation(config, truth=truth, progress=not args.quiet)
    print(summary.round(3).to_string(index=False))
    print(f"written to {path}")
    return 0


def _compare_run(config, args: argparse.Namespace) -> int:
    from analysis.pipeline import run_compare

    written = run_compare(config, progress=not args.quiet)
    summary = json.loads(written["summary"].read_text(encoding="utf-8"))
    alpha = summary.get("agreement_pooled_alpha")
    kappa = summary.get("assisted_mean_kappa")
    parts = [f"compare: {len(written)} tables in {written['summary'].parent}"]
    if alpha is not None:
        parts.append(f"pooled Krippendorff's alpha {alpha:.3f}")
    if kappa is not None:
        human = summary.get("assisted_human_kappa")
        beside = "" if human is None else f" (second coder {human:.3f})"
        parts.append(f"assisted coding mean kappa on held-out documents {kappa:.3f}{beside}")
    print("; ".join(parts))
    return 0
