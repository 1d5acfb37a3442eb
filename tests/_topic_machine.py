"""Fit the demo study's topics as "another machine" would: a fresh process, its own thread
count, BLAS kernel and SIMD path (set in the environment before torch and numpy load), its own
embedding batch size, no embedding cache.

Used by ``tests/test_topic_robustness.py`` in a subprocess; run it by hand to rewrite the
reference the tests compare with (after a deliberate change to the topic model)::

    .venv/bin/python tests/_topic_machine.py --write-reference

Writes ``segment_id,topic`` for every participant segment fitted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "topic_reference" / "demo_assignments.csv"
SEED = 20231115


def demo_segments():
    """The committed demo study's segments, ingested in memory."""
    from analysis.ingest import ingest_study

    return ingest_study(ROOT / "data" / "raw" / "demo", progress=False).segments


def fit_demo(segments, embedder, *, seed: int = SEED, embeddings=None):
    """The demo's topics with the pipeline's topic settings (``TopicsConfig``'s defaults)."""
    from analysis.config import Config
    from analysis.topics import fit_settings, fit_topics

    return fit_topics(
        segments, seed=seed, embedder=embedder, embeddings=embeddings, progress=False,
        **fit_settings(Config()),
    )  # fmt: skip


def fitted_table(result):
    """``segment_id, topic`` of the fitted segments, sorted by segment."""
    table = result.assignments.dropna(subset=["topic"])[["segment_id", "topic"]]
    return table.astype({"topic": "int64"}).sort_values("segment_id").reset_index(drop=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="CSV to write the assignments to")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=None, help="torch threads")
    parser.add_argument("--write-reference", action="store_true")
    options = parser.parse_args(argv)
    import torch

    from analysis.embed import Embedder

    if options.threads:
        torch.set_num_threads(options.threads)
    embedder = Embedder(cache=None, batch_size=options.batch_size, progress=False)
    table = fitted_table(fit_demo(demo_segments(), embedder))
    out = REFERENCE if options.write_reference else options.out
    if out is None:
        parser.error("give --out or --write-reference")
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(f"{len(table)} assignments written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
