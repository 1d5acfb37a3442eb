"""``make bench``: speed, memory and quality side by side with plain BERTopic, LDA and NMF.

Prints the Markdown report and writes it, with every figure as JSON, to reports/benchmarks/
(``benchmarks.md``, ``benchmarks.json``). Timings are ratios measured in one run (the machines
are noisy), with the absolute figures beside them; each measured task runs in its own process,
so its peak memory is its own. Sections:

- embedding: throughput of the cached embedding stage (cold cache, then warm) against calling
  sentence-transformers directly on the same texts.
- topics: ``fit_topics`` against ``BERTopic().fit_transform`` on the same segments of a large
  generated study, both given the same cached embeddings; time, peak memory, growth with size.
- compare: ``analysis compare`` (``run_compare``) on the same subsets.
- make: ``make clean && make all`` on the demo study, then ``make all`` with nothing changed.
  It removes data/processed and the generated reports, so ``--quick`` leaves it out unless named.
- quality: planted-theme recovery, NPMI, diversity and stability on the demo study for our
  defaults, BERTopic's defaults, LDA and NMF.
- assisted: the default code suggester against a held-out coder, beside prototypes and (on
  the demo) the second human coder, with its learning curve.
- octis: the BERTopic paper's protocol on OCTIS BBC News beside the published figures.

Expensive inputs (the large study, embeddings) are cached in benchmarks/.cache/.

Examples
--------
    python benchmarks/run.py                                  # everything (make bench)
    python benchmarks/run.py --quick                          # a few minutes' smoke run
    python benchmarks/run.py --sections topics --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _data
from _report import markdown
from _sections import SECTIONS, run_section

ROOT = _data.ROOT
QUICK_LEAVES_OUT = ("make",)


def _ints(text: str) -> list[int]:
    try:
        values = sorted({int(v.replace("_", "")) for v in text.split(",") if v.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated integers, got {text!r}"
        ) from None
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError(f"expected positive integers, got {text!r}")
    return values


def _sections(text: str) -> list[str]:
    names = [v.strip() for v in text.split(",") if v.strip()]
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sections",
        type=_sections,
        default=None,
        help=f"comma-separated, from {','.join(SECTIONS)} (default: all; "
        "--quick leaves out make unless it is named)",
    )
    parser.add_argument(
        "--sizes",
        type=_ints,
        default=None,
        help="segment counts for topics and compare (default 1000,10000,100000; --quick: 1000)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a few minutes: small sizes, one seed, one nr_topics on OCTIS",
    )
    parser.add_argument(
        "--embed-texts",
        type=int,
        default=None,
        help="texts for the embedding section (default 1000; --quick: 200)",
    )
    parser.add_argument(
        "--quality-seeds",
        type=int,
        default=None,
        help="seeds per model in the quality section (default 3; --quick: 1)",
    )
    parser.add_argument(
        "--octis-ks",
        type=_ints,
        default=None,
        help="nr_topics values on OCTIS (default 10,20,30,40,50; --quick: 10)",
    )
    parser.add_argument(
        "--octis-runs",
        type=int,
        default=None,
        help="runs per nr_topics on OCTIS (default 3; --quick: 1)",
    )
    parser.add_argument(
        "--octis-docs",
        type=int,
        default=None,
        help="use a seeded sample of this many OCTIS documents (default all; --quick: 500)",
    )
    parser.add_argument(
        "--octis-variants",
        type=lambda t: [v for v in t.split(",") if v],
        default=None,
        help="our settings tried on OCTIS (default ours,ours_unigrams; --quick: ours)",
    )
    parser.add_argument(
        "--octis-jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="OCTIS fits run side by side, one thread each (default: the cores)",
    )
    parser.add_argument(
        "--octis-dir",
        type=Path,
        default=_data.OCTIS,
        help="folder holding OCTIS's BBC_News corpus.tsv (default "
        "../shared/bench/octis_bbc_news beside the repository)",
    )
    parser.add_argument(
        "--no-profile",
        dest="profile",
        action="store_false",
        help="do not profile the topic stage when a speed target is missed",
    )
    parser.add_argument(
        "--task-timeout",
        type=float,
        default=3600,
        help="seconds any one measured task may run (default 3600)",
    )
    parser.add_argument(
        "--study-interviews",
        type=int,
        default=None,
        help="interviews in the generated study the sizes are drawn from (default: 2600, "
        "enough for 100,000 segments; 100 for sizes up to 1,000)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the sections not run now from the report already in --out",
    )
    parser.add_argument("--seed", type=int, default=_data.SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "benchmarks")
    return parser


def resolve(options: argparse.Namespace) -> argparse.Namespace:
    """Fill the defaults that depend on ``--quick``."""
    quick = options.quick
    defaults = {
        "sizes": [1000] if quick else [1000, 10_000, 100_000],
        "embed_texts": 200 if quick else 1000,
        "quality_seeds": 1 if quick else 3,
        "octis_ks": [10] if quick else [10, 20, 30, 40, 50],
        "octis_runs": 1 if quick else 3,
        "octis_docs": 500 if quick else None,
        "octis_variants": ["ours"] if quick else ["ours", "ours_unigrams"],
    }
    for key, value in defaults.items():
        if getattr(options, key) is None:
            setattr(options, key, value)
    return options


def main(argv: list[str] | None = None) -> int:
    options = resolve(build_parser().parse_args(argv))
    chosen = options.sections or [
        s for s in SECTIONS if not (options.quick and s in QUICK_LEAVES_OUT)
    ]
    results = {
        "meta": {
            "command": "python benchmarks/run.py " + shlex.join(argv or sys.argv[1:]),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, "
            f"Python {platform.python_version()}",
            "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(options).items()},
        },
        "sections": {},
    }
    earlier = {}
    if options.merge and (options.out / "benchmarks.json").is_file():
        earlier = json.loads((options.out / "benchmarks.json").read_text("utf-8"))["sections"]
    start = time.perf_counter()
    partial = _data.CACHE / "partial.json"
    partial.parent.mkdir(parents=True, exist_ok=True)
    for name in SECTIONS:
        if name not in chosen and earlier.get(name, {}).get("status") == "ok":
            results["sections"][name] = earlier[name]
            continue
        if name not in chosen:
            why = "not selected (--sections)" if options.sections else (
                "left out of --quick: it removes data/processed and the generated reports; "
                "run `make bench` or name it in --sections")  # fmt: skip
            results["sections"][name] = {"status": "skipped", "why": why}
            continue
        results["sections"][name] = run_section(name, options)
        results["sections"][name]["measured_by"] = results["meta"]["command"]
        results["sections"][name]["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
        # Kept outside reports/, which the make section's `make clean` removes.
        partial.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    results["meta"]["total_s"] = round(time.perf_counter() - start, 1)
    text = markdown(results)
    print(text)
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "benchmarks.md").write_text(text, encoding="utf-8")
    (options.out / "benchmarks.json").write_text(
        json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"written to {options.out / 'benchmarks.md'} and benchmarks.json")
    failed = [n for n, s in results["sections"].items() if s["status"] == "failed"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
