"""The measured work of each benchmark section; each function runs in its own process.

Every function takes plain JSON-able arguments and returns a dict of plain values.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import shutil
import subprocess
import time
from pathlib import Path

import _data
import numpy as np
import pandas as pd
from _data import ROOT, log
from _worker import peak_mb, rss_mb

# --- embedding ----------------------------------------------------------------------------------


def demo_texts(n: int, seed: int) -> list[str]:
    """Participant-length texts of the committed demo study: every turn, sampled down to ``n``."""
    from analysis.transcripts import read_document

    texts = []
    for path in sorted((ROOT / "data" / "raw" / "demo" / "interviews").iterdir()):
        texts.extend(read_document(path).turns["text"].tolist())
    texts = list(dict.fromkeys(t for t in texts if t.strip()))
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(texts), size=min(n, len(texts)), replace=False)
    return [texts[i] for i in sorted(picked)]


def embedding(n: int, seed: int) -> dict:
    """Our cached stage (cold, then warm) against sentence-transformers' ``encode`` directly."""
    import tempfile

    from analysis.embed import Embedder, load_model

    texts = demo_texts(n, seed)
    model = load_model(None)
    model.encode(texts[:8], batch_size=64)  # warm the model up for both contenders
    log(f"embedding: {len(texts)} distinct demo turns, directly with sentence-transformers")
    start = time.perf_counter()
    model.encode(texts, batch_size=64, show_progress_bar=False, convert_to_numpy=True)
    direct = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        embedder = Embedder(cache=Path(tmp) / "cache.sqlite", progress=False)
        embedder._model = model  # the same loaded weights: compare the stage, not the load
        log("embedding: our stage, cold cache")
        start = time.perf_counter()
        embedder.embed(texts)
        cold = time.perf_counter() - start
        log("embedding: our stage again, warm cache")
        start = time.perf_counter()
        embedder.embed(texts)
        warm = time.perf_counter() - start
        fresh = Embedder(cache=Path(tmp) / "cache.sqlite", progress=False)
        start = time.perf_counter()
        fresh.embed(texts)  # a new process's view: hash the model files, read the cache
        warm_fresh = time.perf_counter() - start
        start = time.perf_counter()
        Embedder(cache=None).model_id  # noqa: B018 (the cache key's model hash, once a process)
        model_hash = time.perf_counter() - start
    return {
        "texts": len(texts),
        "mean_words": round(float(np.mean([len(t.split()) for t in texts])), 1),
        "direct_s": round(direct, 3),
        "cold_s": round(cold, 3),
        "warm_s": round(warm, 4),
        "warm_new_embedder_s": round(warm_fresh, 3),
        "model_hash_s": round(model_hash, 3),
        "direct_per_s": round(len(texts) / direct, 1),
        "cold_per_s": round(len(texts) / cold, 1),
        "warm_per_s": round(len(texts) / warm, 1),
        "cold_vs_direct": round(direct / cold, 3),
        "warm_speedup": round(cold / warm, 1),
        "warm_new_embedder_speedup": round(cold / warm_fresh, 1),
    }


# --- the large study, its subsets and their embeddings -----------------------------------------


def subset_documents(n: int, n_interviews: int, seed: int) -> tuple[Path, list[str]]:
    processed = _data.big_study(n_interviews, seed)
    return processed, _data.pick_documents(_data.participant_segments(processed), n, seed)


def prepare(sizes: list[int], n_interviews: int, seed: int) -> dict:
    """Generate and ingest the large study (once) and fill the embedding cache for every size."""
    processed = _data.big_study(n_interviews, seed)
    timings = _data.study_timings(processed)
    segments = _data.participant_segments(processed)
    docs = _data.pick_documents(segments, max(sizes), seed)
    texts = segments[segments["doc_id"].isin(docs)]["text"].astype(str).tolist()
    start = time.perf_counter()
    _data.embed_cached(texts)
    return {
        "study": timings,
        "texts_for_largest": len(texts),
        "distinct_texts_for_largest": len(set(texts)),
        "embed_or_load_s": round(time.perf_counter() - start, 1),
    }


def _subset(n: int, n_interviews: int, seed: int):
    processed, docs = subset_documents(n, n_interviews, seed)
    segments = _data.participant_segments(processed)
    segments = segments[segments["doc_id"].isin(docs)].sort_values("segment_id")
    return processed, docs, segments.reset_index(drop=True)


def _topic_phases(profile: cProfile.Profile) -> dict[str, float]:
    """Cumulative seconds of the stages of a BERTopic fit, from a cProfile run."""
    stats = pstats.Stats(profile)
    wanted = {
        "UMAP (reduce dimensions)": ("_bertopic.py", "_reduce_dimensionality"),
        "HDBSCAN (cluster)": ("_bertopic.py", "_cluster_embeddings"),
        "c-TF-IDF and representation": ("_bertopic.py", "_extract_topics"),
        "representation model (MMR)": ("_mmr.py", "extract_topics"),
        "representative documents": ("_bertopic.py", "_save_representative_docs"),
        "topic reduction (nr_topics)": ("_bertopic.py", "_reduce_topics"),
        "short segments to nearest topic": ("_fit.py", "_assign_short"),
        "loading the sentence model": ("embed.py", "load_model"),
        "model identity hash": ("embed.py", "model_identity"),
        "preparing segments": ("_inputs.py", "prepare_segments"),
        "assignments table": ("_inputs.py", "assignments_table"),
        "topics table": ("_result.py", "topics_table"),
        "package versions": ("_fit.py", "_versions"),
    }
    found = {}
    for label, (file, name) in wanted.items():
        total = sum(
            stat[3]
            for (path, _, func), stat in stats.stats.items()
            if func == name and path.endswith(file)
        )
        if total:
            found[label] = round(total, 2)
    return found


def fit(contender: str, n: int, n_interviews: int, seed: int, profile: bool = False) -> dict:
    """One topic-stage fit on the ``n``-segment subset with cached embeddings.

    ``ours``: :func:`analysis.topics.fit_topics` (the pipeline's defaults, embeddings given);
    ``plain``: ``BERTopic().fit_transform(texts, embeddings)``, every default;
    ``plain_seeded``: :func:`analysis.topics.plain_bertopic` (defaults, UMAP seeded).
    """
    from analysis.embed import EmbeddingCache

    _, docs, segments = _subset(n, n_interviews, seed)
    texts = segments["text"].astype(str).tolist()
    embedder = _data.shared_embedder()
    cache = EmbeddingCache(_data.EMBEDDINGS)
    found = cache.get(embedder.model_id, list(dict.fromkeys(texts)))
    if len(found) < len(set(texts)):
        raise RuntimeError("embeddings missing from the cache: run the prepare task first")
    embeddings = np.vstack([found[t] for t in texts])
    del found
    before = rss_mb()
    log(f"topics: {contender} on {len(texts):,} segments ({len(docs)} documents)")
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    out: dict = {}
    if contender == "ours":
        from analysis.topics import fit_topics

        result = fit_topics(segments, seed=seed, embeddings=embeddings, embedder=embedder,
                            progress=False)  # fmt: skip
        out.update(
            n_topics=result.n_topics,
            n_fitted=result.settings["n_fitted"],
            outliers=result.outliers,
            min_topic_size=result.settings["min_topic_size"],
        )
    elif contender == "plain":
        from bertopic import BERTopic

        topics, _ = BERTopic().fit_transform(texts, embeddings)
        topics = np.asarray(topics)
        out.update(n_topics=len(set(topics.tolist()) - {-1}), n_fitted=len(texts),
                   outliers=int((topics == -1).sum()))  # fmt: skip
    elif contender == "plain_seeded":
        from analysis.topics import plain_bertopic

        topics, _ = plain_bertopic(texts, embeddings, seed)
        out.update(n_topics=len(set(topics.tolist()) - {-1}), n_fitted=len(texts),
                   outliers=int((topics == -1).sum()))  # fmt: skip
    else:
        raise ValueError(f"unknown contender {contender!r}")
    seconds = time.perf_counter() - start
    if profiler:
        profiler.disable()
        out["phases_s"] = _topic_phases(profiler)
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime")
        out["top_tottime"] = [
            {"function": f"{Path(path).name}:{line}:{func}", "tottime_s": round(st[2], 2),
             "cumtime_s": round(st[3], 2)}
            for (path, line, func), st in sorted(
                stats.stats.items(), key=lambda item: -item[1][2]
            )[:12]
        ]  # fmt: skip
    peak = peak_mb()
    if contender == "ours" and not profile:
        # The compare section scores codes against these topics (codes_vs_topics).
        folder = _subset_folder(n, n_interviews, seed) / "topics"
        folder.mkdir(parents=True, exist_ok=True)
        result.assignments.to_parquet(folder / "assignments.parquet")
        result.topics.to_parquet(folder / "topics.parquet")
    log(f"topics: {contender} on {len(texts):,} segments took {seconds:.1f} s")
    return {
        "contender": contender,
        "size": n,
        "segments": len(texts),
        "distinct_texts": len(set(texts)),
        "seconds": round(seconds, 2),
        "rss_before_mb": before,
        "peak_after_fit_mb": peak,
        **out,
    }


# --- analysis compare -----------------------------------------------------------------------------


def _subset_folder(n: int, n_interviews: int, seed: int) -> Path:
    return _data.CACHE / f"study-{n_interviews}-{seed}" / f"subset-{n}"


def _build_processed(n: int, n_interviews: int, seed: int) -> tuple[Path, dict]:
    """A processed folder holding only the subset's documents, as ``analysis ingest`` lays out."""
    processed, docs = subset_documents(n, n_interviews, seed)
    folder = _subset_folder(n, n_interviews, seed)
    out = folder / "processed"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    keep = set(docs)
    segments = pd.read_parquet(processed / "segments.parquet")
    segments = segments[segments["doc_id"].isin(keep)]
    segments.to_parquet(out / "segments.parquet")
    ids = set(segments["segment_id"])
    counts = {"segments": len(segments), "documents": len(keep)}
    for name in ("codings", "coverage", "coded_ranges", "participants"):
        table = pd.read_parquet(processed / f"{name}.parquet")
        if "segment_id" in table.columns:
            table = table[table["segment_id"].isin(ids)]
        elif "doc_id" in table.columns:
            table = table[table["doc_id"].isin(keep)]
        table.to_parquet(out / f"{name}.parquet")
        counts[name] = len(table)
    counts["coded_documents"] = int(pd.read_parquet(out / "coverage.parquet")["doc_id"].nunique())
    shutil.copy(processed / "codebook.parquet", out / "codebook.parquet")
    shutil.copytree(processed / "codebooks", out / "codebooks")
    (out / "documents").mkdir()
    for doc in docs:
        source = processed / "documents" / f"{doc}.txt"
        if source.is_file():
            (out / "documents" / f"{doc}.txt").symlink_to(source)
    (out / "embeddings").mkdir()
    (out / "embeddings" / "cache.sqlite").symlink_to(_data.EMBEDDINGS)
    return out, counts


def compare(n: int, n_interviews: int, seed: int) -> dict:
    """``analysis compare`` (:func:`analysis.pipeline.run_compare`) on the ``n``-segment subset."""
    from analysis.config import load_config
    from analysis.pipeline import run_compare

    out, counts = _build_processed(n, n_interviews, seed)
    topics = _subset_folder(n, n_interviews, seed) / "topics"
    topics_note = "topics from the topics section's fit of this subset"
    if not (topics / "assignments.parquet").is_file():
        from analysis.topics import fit_topics

        log(f"compare: fitting topics for the {n:,} subset first (not timed)")
        _, _, segments = _subset(n, n_interviews, seed)
        embeddings = _data.embed_cached(segments["text"].astype(str).tolist())
        result = fit_topics(segments, seed=seed, embeddings=embeddings,
                            embedder=_data.shared_embedder(), progress=False)  # fmt: skip
        topics.mkdir(parents=True, exist_ok=True)
        result.assignments.to_parquet(topics / "assignments.parquet")
        result.topics.to_parquet(topics / "topics.parquet")
        topics_note = "topics fitted here (the topics section did not run for this size)"
    shutil.copytree(topics, out / "topics")
    # `out` is the subset's own study folder: paths.processed is its parent.
    config = load_config(
        ROOT / "params.yaml", overrides={"paths.processed": str(out.parent), "study": out.name}
    )
    before = rss_mb()
    participant = pd.read_parquet(out / "segments.parquet")["is_interviewer"].astype(bool)
    log(f"compare: run_compare on {int((~participant).sum()):,} participant segments "
        f"({counts['documents']} documents, {counts['codings']:,} codings)")  # fmt: skip
    start = time.perf_counter()
    written = run_compare(config, progress=False)
    seconds = time.perf_counter() - start
    summary = json.loads(written["summary"].read_text(encoding="utf-8"))
    log(f"compare: {n:,} took {seconds:.1f} s")
    return {
        "size": n,
        "participant_segments": int((~participant).sum()),
        **counts,
        "seconds": round(seconds, 2),
        "tables_written": len(written),
        "rss_before_mb": before,
        "topics": topics_note,
        "pooled_alpha": summary.get("agreement_pooled_alpha"),
        "n_boot": config.compare.n_boot,
        "n_perm": config.compare.n_perm,
    }


# --- make all -------------------------------------------------------------------------------------


def make(log_dir: str) -> dict:
    """``make clean && make all`` on the demo study, then ``make all`` with nothing changed."""
    logs = Path(log_dir)
    logs.mkdir(parents=True, exist_ok=True)
    out: dict = {}
    for name, command in (
        ("clean_and_all", "make clean && make all"),
        ("second_all", "make all"),
    ):
        log(f"make: `{command}` (output in {logs / (name + '.log')})")
        start = time.perf_counter()
        with (logs / f"{name}.log").open("w", encoding="utf-8") as handle:
            done = subprocess.run(["bash", "-c", command], cwd=ROOT, stdout=handle,
                                  stderr=subprocess.STDOUT, check=False)  # fmt: skip
        seconds = time.perf_counter() - start
        out[f"{name}_s"] = round(seconds, 1)
        out[f"{name}_exit"] = done.returncode
        log(f"make: `{command}` took {seconds:.1f} s (exit status {done.returncode})")
        if done.returncode != 0:
            break
    second = logs / "second_all.log"
    if second.is_file():
        ran = [line for line in second.read_text("utf-8").splitlines() if "analysis " in line]
        out["second_all_ran"] = ran
    out["peak_of_any_stage_mb"] = peak_mb()
    return out


# --- quality ------------------------------------------------------------------------------------


#: The labelled corpora of the quality section: (description, loader). Each loader returns the
#: segments table and the human label of each labelled segment, or None when the corpus is absent.
CORPORA = {
    "demo": "the demo study (interviews and events), planted themes of 1,055 segments",
    "mts_dialog": "MTS-Dialog, 500 doctor-patient conversations, 20 note-section labels",
    "mts_turns": "MTS-Dialog read as transcripts: patient turns, their conversation's label",
    "bbc": "OCTIS BBC News, 2,225 articles, 5 labels",
}


def _corpus(name: str):
    from analysis.config import load_config
    from analysis.evaluate import load_theme_truth
    from analysis.ingest import ingest_study

    if name == "demo":
        config = load_config(ROOT / "params.yaml")
        study = ROOT / "data" / "raw" / "demo"
        segments = ingest_study(study, window_words=config.ingest.window_words,
                                progress=False).segments  # fmt: skip
        return segments, load_theme_truth(ROOT / "data" / "raw" / "demo" / "truth", segments)
    loaders = {"mts_dialog": _data.mts_segments, "mts_turns": _data.mts_turn_segments,
               "bbc": _data.bbc_segments}  # fmt: skip
    return loaders[name]()


def quality(n_seeds: int, corpus: str = "demo") -> dict:
    """Our defaults, BERTopic's, LDA and NMF on a labelled corpus, scored against its labels."""
    from analysis.config import load_config
    from analysis.topics import compare_topic_models, fit_settings

    loaded = _corpus(corpus)
    if loaded is None:
        return {"corpus": corpus, "missing": True}
    segments, truth = loaded
    config = load_config(ROOT / "params.yaml")
    settings = fit_settings(config)
    participant = segments[~segments["is_interviewer"].astype(bool)]
    _data.embed_cached(participant["text"].astype(str).tolist(), progress=False)
    log(f"quality: {corpus}: 4 models x {n_seeds} seed(s) on {len(participant):,} segments")
    start = time.perf_counter()
    summary, _ = compare_topic_models(
        segments, embedder=_data.shared_embedder(), seed=config.seed, n_seeds=n_seeds,
        truth=truth, settings=settings, progress=False,
    )  # fmt: skip
    return {
        "corpus": corpus,
        "description": CORPORA[corpus],
        "segments": len(participant),
        "labelled_segments": len(truth),
        "labels": int(truth.nunique()),
        "n_seeds": n_seeds,
        "settings": settings,
        "seconds": round(time.perf_counter() - start, 1),
        "rows": json.loads(summary.to_json(orient="records")),
    }


# --- assisted coding ------------------------------------------------------------------------------


def _one_coder(segments, labels):
    """A labelled corpus as one coder's codings of every segment, with a codebook of its labels."""
    import pandas as pd

    names = sorted(labels.unique())
    ids = {name: f"L{i:02d}" for i, name in enumerate(names)}
    codebook = pd.DataFrame({"code_id": list(ids.values()), "name": names, "parent": None,
                             "definition": names})  # fmt: skip
    codings = pd.DataFrame({"segment_id": labels.index, "coder": "labels",
                            "code_id": labels.map(ids).to_numpy()})  # fmt: skip
    coverage = pd.DataFrame({"doc_id": segments["doc_id"].unique(), "coder": "labels"})
    return codings, codebook, coverage


def assisted(n_seeds: int, corpus: str = "demo") -> dict:
    """The default suggester (per-code logistic regressions) beside prototypes and the
    fine-tuned sentence model (seed 0), and on the demo beside the second human coder, mean
    per-code kappa on held-out documents over seeds."""
    from analysis.compare import evaluate_suggester, fit_code_suggester, suggester_learning_curve
    from analysis.config import load_config
    from analysis.ingest import ingest_study

    config = load_config(ROOT / "params.yaml")
    if corpus == "demo":
        study = ingest_study(ROOT / "data" / "raw" / "demo",
                             window_words=config.ingest.window_words, progress=False)  # fmt: skip
        segments, codings, codebook, coverage = (
            study.segments,
            study.codings,
            study.codebook,
            study.coverage,
        )
    else:
        loaded = _corpus(corpus)
        if loaded is None:
            return {"corpus": corpus, "missing": True}
        segments, labels = loaded
        codings, codebook, coverage = _one_coder(segments, labels)
    embedder = _data.shared_embedder()
    rows, start = [], time.perf_counter()
    # Fine-tuning the sentence model takes minutes a fit on two cores: seed 0 only, to set
    # beside the first per-seed figure of the others.
    for method, seeds in (("logistic", n_seeds), ("prototype", n_seeds), ("finetuned", 1)):
        kappas, humans, began = [], [], time.perf_counter()
        for seed in range(seeds):
            fitted = fit_code_suggester(segments, codings, codebook, embedder=embedder,
                                        coverage=coverage, seed=seed, method=method)  # fmt: skip
            evaluation = evaluate_suggester(fitted)
            kappas.append(float(evaluation["kappa"].mean()))
            humans.append(float(evaluation["human_kappa"].mean()))
        human = float(np.mean(humans))
        rows.append({"method": method, "kappa": float(np.mean(kappas)),
                     "kappa_sd": float(np.std(kappas)),
                     "human_kappa": None if np.isnan(human) else human,  # one coder: none
                     "per_seed": [round(k, 3) for k in kappas],
                     "seconds_per_fit": round((time.perf_counter() - began) / seeds, 1)})  # fmt: skip
    curve = suggester_learning_curve(segments, codings, codebook, embedder=embedder,
                                     coverage=coverage, seed=0)  # fmt: skip
    return {
        "corpus": corpus,
        "description": CORPORA[corpus],
        "n_seeds": n_seeds,
        "seconds": round(time.perf_counter() - start, 1),
        "rows": rows,
        "curve": json.loads(curve.to_json(orient="records")),
    }


# --- OCTIS BBC News -----------------------------------------------------------------------------

#: Our topic stage's settings tried on BBC News, beside the pipeline's defaults ("ours").
VARIANTS = {
    "ours": {},
    "ours_unigrams": {"ngram_range": [1, 1]},
}


#: Words asked of fit_topics per topic: two-word phrases are split into their words and repeats
#: dropped, so 10 phrases can give fewer than the 10 distinct words the protocol scores.
OCTIS_WORDS = 20


def _octis_words(model: str, segments, texts, embeddings, k: int, seed: int) -> list[list[str]]:
    from analysis.topics import evaluation_words, fit_topics

    if model == "bertopic_minilm":
        from bertopic import BERTopic
        from umap import UMAP

        # The paper's BERTopic: every default, topics reduced with nr_topics; UMAP seeded
        # (so single-threaded) to make the three runs reproducible.
        umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                    random_state=seed)  # fmt: skip
        fitted = BERTopic(umap_model=umap, nr_topics=k)
        topics, _ = fitted.fit_transform(texts, embeddings)
        words = {int(t): [w for w, _ in fitted.get_topic(t) or []] for t in set(topics) if t != -1}
    elif model in ("lda", "nmf"):
        result = fit_topics(segments, seed=seed, method=model, nr_topics=k, min_content_words=0,
                            top_n_words=OCTIS_WORDS, progress=False)  # fmt: skip
        words = result.topic_words()
    else:
        result = fit_topics(segments, seed=seed, embeddings=embeddings, nr_topics=k,
                            embedder=_data.shared_embedder(), progress=False,
                            top_n_words=OCTIS_WORDS,
                            **{key: tuple(v) if isinstance(v, list) else v
                               for key, v in VARIANTS[model].items()})  # fmt: skip
        words = result.topic_words()
    return [w for w in evaluation_words(words, top_n=10) if w]


_OCTIS: dict = {}


def _octis_setup(texts: list[str], embeddings, segment_ids: list[str]) -> None:
    """A pool worker's inputs, and one thread each: the fits run side by side on the cores."""
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    threadpool_limits(1)
    _OCTIS.update(texts=texts, embeddings=np.asarray(embeddings, dtype=np.float32),
                  segments=pd.DataFrame({"segment_id": segment_ids, "text": texts,
                                         "is_interviewer": False}),
                  documents=[t.split() for t in texts])  # fmt: skip


def _octis_job(job: tuple[str, int, int]) -> dict:
    from analysis.evaluate import npmi_per_topic, topic_diversity

    model, k, run_seed = job
    start = time.perf_counter()
    top = _octis_words(model, _OCTIS["segments"], _OCTIS["texts"], _OCTIS["embeddings"], k,
                       run_seed)  # fmt: skip
    seconds = time.perf_counter() - start
    scored = [t for t in top if len(t) >= 2]
    documents = _OCTIS["documents"]
    npmi = float(np.nanmean(npmi_per_topic(scored, documents, top_n=10))) if scored else None
    # A topic with fewer than 10 distinct words is scored on as many as every topic has.
    shortest = min((len(t) for t in scored), default=0)
    diversity = topic_diversity(scored, top_n=min(10, shortest)) if scored else None
    return {"model": model, "nr_topics": k, "seed": run_seed, "n_topics": len(top),
            "npmi": npmi, "diversity": diversity, "seconds": round(seconds, 1),
            "words": [" ".join(t) for t in top]}  # fmt: skip


def octis(ks: list[int], runs: int, models: list[str], seed: int, max_docs: int | None,
          jobs: int = 1) -> dict:  # fmt: skip
    """The BERTopic paper's protocol on OCTIS BBC News: NPMI and diversity of the top 10 words,
    for nr_topics in ``ks`` x ``runs`` seeds; ``jobs`` fits run side by side, one thread each."""
    from concurrent.futures import ProcessPoolExecutor

    corpus = _data.octis_corpus()
    if max_docs:
        corpus = corpus.sample(n=min(max_docs, len(corpus)), random_state=seed).sort_index()
    texts = corpus["text"].astype(str).tolist()
    embeddings = _data.embed_cached(texts)
    ids = [f"bbc{i:04d}" for i in corpus.index]
    work = [(m, k, seed + r) for m in models for k in ks for r in range(runs)]
    rows = []
    log(f"octis: {len(work)} fits on {len(texts):,} documents, {jobs} at a time")
    with ProcessPoolExecutor(jobs, initializer=_octis_setup,
                             initargs=(texts, embeddings, ids)) as pool:  # fmt: skip
        for i, row in enumerate(pool.map(_octis_job, work), 1):
            rows.append(row)
            log(f"octis [{i}/{len(work)}] {row['model']} k={row['nr_topics']} "
                f"seed={row['seed']}: {row['n_topics']} topics, NPMI {row['npmi']:.3f}, "
                f"diversity {row['diversity']:.3f} ({row['seconds']:.1f} s)")  # fmt: skip
    return {"documents": len(texts), "rows": rows, "variants": VARIANTS, "jobs": jobs}


TASKS = {
    "embedding": embedding,
    "prepare": prepare,
    "fit": fit,
    "compare": compare,
    "make": make,
    "quality": quality,
    "assisted": assisted,
    "octis": octis,
}
