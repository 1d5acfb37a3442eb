"""Inputs the benchmark sections share: the large demo study, its cached embeddings, OCTIS BBC News.

Everything expensive is cached under ``benchmarks/.cache/`` (ignored by git, kept by ``make
clean``), keyed by what made it, so a second ``make bench`` measures the stages, not the set-up.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
EMBEDDINGS = CACHE / "embeddings.sqlite"
OCTIS = ROOT.parent / "shared" / "bench" / "octis_bbc_news"
MTS = ROOT.parent / "shared" / "bench" / "mts_dialog_dev"
#: Interviews in the large study: about 40 participant segments each, so 100,000 segments fit.
BIG_INTERVIEWS = 2600
SEED = 20231115


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def big_study(n_interviews: int = BIG_INTERVIEWS, seed: int = SEED) -> Path:
    """The processed folder of a large generated demo study (generated and ingested once).

    Returns the folder ``analysis ingest`` would write (segments, codings, coverage, ...). A
    ``timings.json`` beside it records how long generating and ingesting took.
    """
    from analysis.demo.generate import generate_study
    from analysis.ingest import ingest_study, write_ingest

    folder = CACHE / f"study-{n_interviews}-{seed}"
    processed = folder / "processed"
    if (folder / "timings.json").is_file():
        return processed
    log(f"generating a demo study of {n_interviews} interviews in {folder} (once; cached)")
    start = time.perf_counter()
    generate_study(
        folder / "raw",
        seed=seed,
        n_interviews=n_interviews,
        formats=("txt",),
        truth_dir=folder / "truth",
        progress=False,
    )
    generated = time.perf_counter() - start
    log(f"  generated in {generated:.0f} s; ingesting (read, pseudonymise, segment)")
    start = time.perf_counter()
    result = ingest_study(folder / "raw", progress=True)
    ingested = time.perf_counter() - start
    write_ingest(result, processed)
    written = time.perf_counter() - start - ingested
    participant = result.segments[~result.segments["is_interviewer"].astype(bool)]
    timings = {
        "n_interviews": n_interviews,
        "seed": seed,
        "generate_s": round(generated, 1),
        "ingest_s": round(ingested, 1),
        "write_s": round(written, 1),
        "segments": len(result.segments),
        "participant_segments": len(participant),
        "codings": len(result.codings),
        "coded_documents": int(result.coverage["doc_id"].nunique()) if len(result.coverage) else 0,
    }
    (folder / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", "utf-8")
    log(f"  ingested in {ingested:.0f} s: {timings}")
    return processed


def study_timings(processed: Path) -> dict:
    return json.loads((processed.parent / "timings.json").read_text("utf-8"))


def participant_segments(processed: Path) -> pd.DataFrame:
    segments = pd.read_parquet(processed / "segments.parquet")
    return segments[~segments["is_interviewer"].astype(bool)].reset_index(drop=True)


def pick_documents(segments: pd.DataFrame, n: int, seed: int = SEED) -> list[str]:
    """Whole documents, in a seeded random order, until they hold at least ``n`` segments."""
    sizes = segments.groupby("doc_id").size()
    order = np.random.default_rng(seed).permutation(sizes.index.to_numpy())
    cumulative = sizes.loc[order].cumsum().to_numpy()
    last = int(np.searchsorted(cumulative, n)) + 1
    return sorted(order[:last].tolist())


def sample_segments(processed: Path, n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` participant segments of whole documents (the last one cut short), by segment_id."""
    segments = participant_segments(processed)
    docs = pick_documents(segments, n, seed)
    picked = segments[segments["doc_id"].isin(docs)].sort_values("segment_id")
    if len(picked) < n:
        raise ValueError(f"the study has only {len(picked)} participant segments, not {n}")
    return picked.head(n).reset_index(drop=True)


def shared_embedder(progress: bool = False):
    """The benchmarks' embedder: packaged MiniLM, cached in ``benchmarks/.cache``."""
    from analysis.embed import Embedder

    return Embedder(cache=EMBEDDINGS, progress=progress)


def embed_cached(texts: list[str], *, chunk: int = 4096, progress: bool = True) -> np.ndarray:
    """Embeddings of ``texts`` from the shared cache, embedding (in chunks, so an interrupted
    run keeps what it did) whatever is missing. Returns float32 rows in order."""
    embedder = shared_embedder(progress=False)
    unique = list(dict.fromkeys(texts))
    from analysis.embed import EmbeddingCache

    cache = EmbeddingCache(EMBEDDINGS)
    found = cache.get(embedder.model_id, unique)
    missing = [t for t in unique if t not in found]
    del found
    if missing:
        log(f"embedding {len(missing)} new texts into the shared cache ({EMBEDDINGS.name})")
        start = time.perf_counter()
        for begin in range(0, len(missing), chunk):
            embedder.embed(missing[begin : begin + chunk])
            if progress:
                done = min(begin + chunk, len(missing))
                rate = done / (time.perf_counter() - start)
                log(f"  {done}/{len(missing)} embedded ({rate:.0f} texts/s)")
    return embedder.embed(texts)


def octis_corpus() -> pd.DataFrame | None:
    """OCTIS's BBC News (``text, partition, label``), or None when it is not there."""
    path = OCTIS / "corpus.tsv"
    if not path.is_file():
        return None
    return pd.read_csv(
        path, sep="\t", header=None, names=["text", "partition", "label"], quoting=3,
        keep_default_na=False,
    )  # fmt: skip


def bbc_segments() -> tuple[pd.DataFrame, pd.Series] | None:
    """OCTIS BBC News as a segments table (one article a segment) and its five labels."""
    corpus = octis_corpus()
    if corpus is None:
        return None
    ids = [f"bbc{i:04d}" for i in corpus.index]
    segments = pd.DataFrame({"segment_id": ids, "doc_id": ids, "source": "article",
                             "text": corpus["text"].astype(str), "is_interviewer": False})  # fmt: skip
    return segments, pd.Series(corpus["label"].to_numpy(), index=ids, name="label")


def mts_conversations() -> pd.DataFrame | None:
    """MTS-Dialog's conversations (``ID, section_header, dialogue``, one row each), or None."""
    files = sorted(MTS.glob("MTS-Dialog-*.csv"))
    if not files:
        return None
    tables = [pd.read_csv(f, keep_default_na=False).assign(file=f.stem) for f in files]
    table = pd.concat(tables, ignore_index=True)
    table["conversation"] = [f"mts{i:04d}" for i in range(len(table))]
    return table


def mts_segments() -> tuple[pd.DataFrame, pd.Series] | None:
    """MTS-Dialog: each conversation one segment, labelled with its clinical-note section."""
    table = mts_conversations()
    if table is None:
        return None
    ids = table["conversation"].tolist()
    segments = pd.DataFrame({"segment_id": ids, "doc_id": ids, "source": "conversation",
                             "text": table["dialogue"].astype(str), "is_interviewer": False})  # fmt: skip
    return segments, pd.Series(table["section_header"].to_numpy(), index=ids, name="label")


def mts_turn_segments() -> tuple[pd.DataFrame, pd.Series] | None:
    """MTS-Dialog read as transcripts: every speaker turn a segment, the doctor as interviewer,
    each patient turn labelled with its conversation's section.

    The conversations are written to ``benchmarks/.cache/mts_turns/`` as ``Speaker: text``
    files and read with :func:`analysis.transcripts.read_document`, as a study's transcripts
    are.
    """
    from analysis.transcripts import read_document

    table = mts_conversations()
    if table is None:
        return None
    folder = CACHE / "mts_turns"
    folder.mkdir(parents=True, exist_ok=True)
    rows, labels = [], {}
    for conversation, label, dialogue in zip(
        table["conversation"], table["section_header"], table["dialogue"], strict=True
    ):
        path = folder / f"{conversation}.txt"
        if not path.is_file():
            path.write_text(str(dialogue).strip() + "\n", encoding="utf-8")
        turns = read_document(path).turns
        for turn in turns.itertuples():
            segment = f"{conversation}-t{turn.turn:03d}"
            doctor = str(turn.speaker).strip().lower().startswith(("doctor", "guest_clinician"))
            rows.append({"segment_id": segment, "doc_id": conversation, "source": "consultation",
                         "speaker": turn.speaker, "text": turn.text, "is_interviewer": doctor})  # fmt: skip
            if not doctor:
                labels[segment] = label
    return pd.DataFrame(rows), pd.Series(labels, name="label").sort_index()
