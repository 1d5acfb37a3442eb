"""The ``analysis`` command: one sub-command per pipeline stage.

Each stage reads ``params.yaml`` (or ``--params``), applies ``--study``/``--seed``/``--set``
overrides, and reads and writes files at the edges; the work itself is done by the package's
functions, which notebooks call too. Bad input ends the command with one line naming the file,
the place and what was expected, and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError

__all__ = ["main"]

EPILOG = """\
pipeline (what `make all` runs, in order):
  analysis ingest           data/raw/<study> -> data/processed (segments, codings, report)
  analysis topics           segments -> data/processed/topics (topics, assignments, prevalence)
  analysis evaluate-topics  segments -> data/processed/topics/evaluation.csv
  analysis compare          codings, topics -> data/processed/compare (agreement, ...)

Settings come from params.yaml; `analysis config` prints them as this run sees them.
"""


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    description: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[object, argparse.Namespace], int]


def _config_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--get", metavar="KEY", help="print one setting, e.g. --get study")
    parser.add_argument("--json", action="store_true", help="print all settings as JSON")


def _config_run(config, args: argparse.Namespace) -> int:
    settings = config.to_dict()
    if args.get:
        node = settings
        for part in args.get.split("."):
            if not isinstance(node, dict) or part not in node:
                raise InputError(
                    f"no setting '{args.get}'", location="--get", expected="a key of params.yaml"
                )
            node = node[part]
        print(node if not isinstance(node, dict) else json.dumps(node, indent=2))
        return 0
    if args.json:
        print(json.dumps(settings, indent=2, default=str))
        return 0
    import yaml

    print(f"# settings read from {config.source}")
    print(yaml.safe_dump(settings, sort_keys=False).rstrip())
    print(f"# study folder: {config.raw_dir}")
    return 0


def _demo_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write the study to (created)"
    )
    parser.add_argument(
        "--interviews", type=int, default=36, help="number of interviews (default 36)"
    )
    parser.add_argument(
        "--formats",
        default="txt,docx,vtt",
        help="transcript formats to write, comma-separated (default txt,docx,vtt)",
    )
    parser.add_argument(
        "--truth", type=Path, default=None, help="also write the ground truth to this folder"
    )


def _demo_run(config, args: argparse.Namespace) -> int:
    from analysis.demo.generate import generate_study

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    generate_study(
        args.out,
        seed=config.seed,
        n_interviews=args.interviews,
        truth_dir=args.truth,
        formats=formats,
    )
    print(f"wrote a synthetic study to {args.out}")
    return 0


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
        progress=not args.quiet,
    )
    out = config.processed_dir
    write_ingest(result, out, settings=config.to_dict())
    totals = result.report.totals()
    print(
        f"ingested study '{config.study}': {len(result.segments)} segments "
        f"({totals['turns']['kept']} turns, {totals['event rows']['kept']} event rows), "
        f"{len(result.codings)} segment codings; set aside: "
        f"{totals['turns']['set_aside']} turns, {totals['event rows']['set_aside']} event rows, "
        f"{totals['codings']['set_aside']} codings, {totals['files_set_aside']} files "
        f"(see {out / 'ingest_report.md'})"
    )
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
        parts.append(f"assisted coding mean kappa vs held-out coder {kappa:.3f}")
    print("; ".join(parts))
    return 0


def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="the .qdpx file to write")
    parser.add_argument(
        "--positions",
        choices=("unicode", "utf16"),
        default="unicode",
        help="how selections count characters: unicode (QualCoder, MAXQDA, ATLAS.ti) or "
        "utf16 (NVivo); default unicode",
    )
    parser.add_argument("--no-topics", action="store_true", help="leave out the topics branch")
    parser.add_argument(
        "--no-suggestions", action="store_true", help="leave out assisted-coding suggestions"
    )


def _export_run(config, args: argparse.Namespace) -> int:
    from analysis.pipeline import load_processed
    from analysis.refiqda import validate_qdpx, write_qdpx

    processed = load_processed(config.processed_dir)
    if processed.codebook is None:
        raise InputError(
            "the study has no codebook to export",
            path=config.processed_dir,
            expected="codebook/ in the study folder, ingested with `analysis ingest`",
        )
    topics_dir = config.processed_dir / "topics"
    suggestions_path = config.processed_dir / "compare" / "suggestions.parquet"
    with_topics = not args.no_topics and (topics_dir / "assignments.parquet").is_file()
    with_suggestions = not args.no_suggestions and suggestions_path.is_file()
    import pandas as pd

    path = write_qdpx(
        args.out,
        documents=processed.documents(),
        segments=processed.segments,
        codebook=processed.codebook,
        codings=processed.codings,
        participants=processed.participants,
        topics=pd.read_parquet(topics_dir / "topics.parquet") if with_topics else None,
        assignments=pd.read_parquet(topics_dir / "assignments.parquet") if with_topics else None,
        suggestions=pd.read_parquet(suggestions_path) if with_suggestions else None,
        project_name=f"{config.study} (analysis export)",
        positions=args.positions,
    )
    problems = validate_qdpx(path)
    if problems:
        raise InputError(
            f"the exported project is not valid REFI-QDA: {problems[0]}",
            path=path,
            expected="a valid project (please report this as a bug)",
        )
    print(
        f"wrote {path}: {processed.segments['doc_id'].nunique()} sources, "
        f"{len(processed.codings)} codings"
        + (", topics" if with_topics else "")
        + (", assisted suggestions" if with_suggestions else "")
        + "; valid against the REFI-QDA Project schema"
    )
    return 0


def _import_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the .qdpx file exported by a CAQDAS program")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the mapped codings (default: data/processed/imported/<name>.csv)",
    )
    parser.add_argument(
        "--positions",
        choices=("auto", "unicode", "utf16"),
        default="auto",
        help="how the project counts characters; auto: UTF-16 when NVivo wrote it",
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="set bad selections aside instead of stopping"
    )


def _import_run(config, args: argparse.Namespace) -> int:
    from analysis.io import write_csv
    from analysis.pipeline import load_processed
    from analysis.refiqda import import_project

    processed = load_processed(config.processed_dir)
    codings, codebook, report = import_project(
        args.project,
        processed.segments,
        processed.documents(),
        positions=args.positions,
        on_error="skip" if args.skip_bad else "stop",
    )
    out = args.out or config.processed_dir / "imported" / f"{args.project.stem}.csv"
    write_csv(codings, out)
    write_csv(codebook, out.with_name(out.stem + "_codebook.csv"))
    for line in report.lines():
        print(line)
    print(f"wrote {len(codings)} segment codings to {out}")
    return 0


COMMANDS = [
    Command(
        "config",
        "show the settings this run would use",
        "Print the settings read from params.yaml after --study/--seed/--set overrides.",
        _config_args,
        _config_run,
    ),
    Command(
        "ingest",
        "read, pseudonymise and segment the study into data/processed",
        "Read the study folder named in params.yaml (participants, interview log, key, "
        "transcripts, event workbooks, codebooks, codings), replace every name in the key and "
        "detected personal data, split turns into segments, map codings onto segments, and "
        "write the tables and an ingest report that accounts for every turn, event row and "
        "coding to data/processed.",
        _ingest_args,
        _ingest_run,
    ),
    Command(
        "topics",
        "fit the topic model and write topics, assignments, quotes and prevalence",
        "Fit the topic model set in params.yaml (BERTopic tuned for transcribed speech by "
        "default; LDA or NMF as baselines; codebook-guided or zero-shot on request) to the "
        "participants' segments, on cached offline embeddings. Writes the topics with labels "
        "and words, every segment's assignment, representative quotes (pseudonym and role), "
        "topic prevalence by source, role and site with cluster-bootstrap intervals, the "
        "interview-vs-event differences with permutation tests, and the saved model to "
        "data/processed/topics.",
        _quiet_args,
        _topics_run,
    ),
    Command(
        "evaluate-topics",
        "score our topic settings against BERTopic defaults, LDA and NMF",
        "Fit our settings, BERTopic's defaults (seeded), LDA and NMF to the same segments with "
        "several seeds, and write a table of topics found, outliers, NPMI coherence, topic "
        "diversity, stability across seeds (ARI) and, given a ground truth of planted themes, "
        "their recovery (ARI, NMI) to data/processed/topics/evaluation.csv.",
        _evaluate_args,
        _evaluate_run,
    ),
    Command(
        "compare",
        "compare the codebook with coders, topics, sources and groups, and its next version",
        "Agreement between coders per code and pooled (percent agreement, Cohen's and Fleiss' "
        "kappa, Krippendorff's alpha, Gwet's AC1, Brennan-Prediger, with cluster-bootstrap "
        "intervals; by segment and by character), the disagreement list for reconciliation, "
        "codes against topics (contingency, precision/recall/F1, one-to-one matching, "
        "uncaptured codes, emergent topics), code prevalence across sources, roles and sites "
        "with permutation tests, code co-occurrence, what changed between codebook versions, "
        "and assisted-coding suggestions evaluated against a held-out human coder. Writes "
        "data/processed/compare.",
        _quiet_args,
        _compare_run,
    ),
    Command(
        "export-qdpx",
        "write the study as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder",
        "Write the pseudonymised documents, codebook, coders' codings and participants (as "
        "cases with their attributes) to a .qdpx project, with the topics and assisted-coding "
        "suggestions as separate code branches, so the team can review them in their CAQDAS "
        "program. The file is checked against the REFI-QDA Project schema.",
        _export_args,
        _export_run,
    ),
    Command(
        "import-qdpx",
        "map a CAQDAS project's coded selections onto the study's segments",
        "Read a .qdpx project exported by NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette, match "
        "its sources to the study's documents, map every coded selection onto segments (a "
        "segment is coded when a selection covers at least half of it, or half the selection "
        "lies in it) and write the codings and the project's codebook; every selection that "
        "does not map is listed with its reason.",
        _import_args,
        _import_run,
    ),
    Command(
        "demo",
        "write a synthetic study (the demo, or a larger one for benchmarks)",
        "Generate a fictional study of link-worker interviews, knowledge-exchange events, "
        "codebooks and two coders' codings, with planted themes and agreement. With the default "
        "seed and 36 interviews it reproduces data/raw/demo byte for byte.",
        _demo_args,
        _demo_run,
    ),
]


def _settings_parser(suppress: bool) -> argparse.ArgumentParser:
    def default(value):
        return argparse.SUPPRESS if suppress else value

    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("settings (override params.yaml)")
    group.add_argument("--params", type=Path, default=default(None), help="parameters file")
    group.add_argument("--study", default=default(None), help="study folder under data/raw")
    group.add_argument("--seed", type=int, default=default(None), help="seed for every random step")
    group.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=default([]),
        metavar="KEY=VALUE",
        help="override any setting, e.g. --set embedding.batch_size=32 (repeatable)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    # Settings may come before or after the command; the sub-commands' copies default to
    # SUPPRESS so they don't overwrite what was given before the command.
    common = _settings_parser(suppress=False)
    common_sub = _settings_parser(suppress=True)
    parser = argparse.ArgumentParser(
        prog="analysis",
        description="Mixed-methods qualitative analysis: ingest transcripts and event outputs, "
        "model topics, compare codebooks, reproducibly.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    from analysis import __version__

    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for command in COMMANDS:
        child = sub.add_parser(
            command.name,
            help=command.summary,
            description=textwrap.fill(command.description, 88),
            parents=[common_sub],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_arguments(child)
        child.set_defaults(_command=command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``analysis`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_command", None):
        parser.print_help()
        return 0
    try:
        from analysis.config import load_config, parse_override

        overrides = dict(parse_override(text) for text in args.overrides)
        if args.study is not None:
            overrides["study"] = args.study
        if args.seed is not None:
            overrides["seed"] = args.seed
        config = load_config(args.params, overrides=overrides)
        return args._command.run(config, args)
    except InputError as error:
        print(f"analysis {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
