"""REFI-QDA exchange: ``export-qdpx`` and ``import-qdpx``."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.errors import InputError


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
        help="where to write the mapped codings (default: data/processed/<study>/imported/<name>.csv)",
    )
    parser.add_argument(
        "--positions",
        choices=("auto", "unicode", "utf16"),
        default="auto",
        help="how the project counts characters; auto: UTF-16 when NVivo wrote it",
    )
    parser.add_argument(
        "--newlines",
        choices=("auto", "two", "one"),
        default="auto",
        help="how the project counts a Windows line end (CR LF): two positions (NVivo, "
        "QualCoder) or one (ATLAS.ti, MAXQDA); auto: one when ATLAS.ti or MAXQDA wrote it",
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
        newlines=args.newlines,
        on_error="skip" if args.skip_bad else "stop",
    )
    out = args.out or config.processed_dir / "imported" / f"{args.project.stem}.csv"
    write_csv(codings, out)
    write_csv(codebook, out.with_name(out.stem + "_codebook.csv"))
    for line in report.lines():
        print(line)
    print(f"wrote {len(codings)} segment codings to {out}")
    return 0
