"""The ``analysis`` command: one sub-command per pipeline stage.

Each stage reads ``params.yaml`` (or ``--params``), applies ``--study``/``--seed``/``--set``
overrides, and reads and writes files at the edges; the work itself is done by the package's
functions, which notebooks call too. Bad input ends the command with one line naming the file,
the place and what was expected, and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from analysis.cli._command import Command
from analysis.cli._exchange import _export_args, _export_run, _import_args, _import_run
from analysis.cli._misc import _config_args, _config_run, _demo_args, _demo_run
from analysis.cli._stages import (
    _compare_run,
    _evaluate_args,
    _evaluate_run,
    _ingest_args,
    _ingest_run,
    _quiet_args,
    _topics_run,
)
from analysis.errors import InputError

__all__ = ["COMMANDS", "Command", "build_parser", "main"]

EPILOG = """\
pipeline (what `make all` runs, in order):
  analysis ingest           data/raw/<study> -> data/processed/<study> (segments, codings, report)
  analysis topics           segments -> data/processed/<study>/topics (topics, assignments, ...)
  analysis evaluate-topics  segments -> data/processed/<study>/topics/evaluation.csv
  analysis compare          codings, topics -> data/processed/<study>/compare (agreement, ...)

Settings come from params.yaml (or the file $ANALYSIS_PARAMS or --params names); `analysis
config` prints them as this run sees them. A study without key.csv is refused unless
`--set ingest.pseudonymise=detectors_only` (or the same in params.yaml) says to run without one.
"""


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
        "read, pseudonymise and segment the study into data/processed/<study>",
        "Read the study folder named in params.yaml (participants, interview log, key, "
        "transcripts, event workbooks, codebooks, codings), replace every name in the key and "
        "detected personal data, split turns into segments, map codings onto segments, and "
        "write the tables and an ingest report that accounts for every turn, event row and "
        "coding to data/processed/<study>. Refuses a study without key.csv unless "
        "ingest.pseudonymise is detectors_only.",
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
        "data/processed/<study>/topics.",
        _quiet_args,
        _topics_run,
    ),
    Command(
        "evaluate-topics",
        "score our topic settings against BERTopic defaults, LDA and NMF",
        "Fit our settings, BERTopic's defaults (seeded), LDA and NMF to the same segments with "
        "several seeds, and write a table of topics found, outliers, NPMI coherence, topic "
        "diversity, stability across seeds (ARI) and, given a ground truth of planted themes, "
        "their recovery (ARI, NMI) to data/processed/<study>/topics/evaluation.csv.",
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
        "data/processed/<study>/compare.",
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
        "Read a .qdpx project exported by NVivo, ATLAS.ti, MAXQDA or QualCoder (Taguette "
        "exports a .qdc codebook only), match "
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
