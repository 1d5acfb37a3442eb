"""``analysis config`` and ``analysis demo``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from analysis.errors import InputError


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
