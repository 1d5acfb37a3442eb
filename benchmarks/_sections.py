"""The benchmark sections: each runs its tasks in subprocesses and returns a result dict.

A result has ``status`` ("ok", "skipped" or "failed"), ``why`` when not ok, the measured
``rows``, and ``targets``: ``{"target", "value", "met"}`` dicts.
"""

from __future__ import annotations

import math
import time

import _data
from _data import log
from _runner import TaskFailed, run_task

#: The BERTopic paper's means on OCTIS BBC News (Grootendorst 2022, table 1): NPMI, diversity.
PUBLISHED = {
    "BERTopic with all-MiniLM-L6-v2": (0.170, 0.802),
    "BERTopic with all-mpnet-base-v2": (0.167, 0.794),
    "Top2Vec (Doc2Vec)": (0.171, 0.792),
    "CTM (MPNET)": (0.094, 0.819),
    "LDA": (0.014, 0.577),
    "NMF": (0.012, 0.549),
}
OCTIS_MODELS = {
    "bertopic_minilm": "BERTopic with all-MiniLM-L6-v2",
    "ours": "our topic stage (pipeline defaults, nr_topics=k)",
    "ours_unigrams": "our topic stage, single words only",
    "lda": "LDA",
    "nmf": "NMF",
}


def target(name: str, value, met: bool | None) -> dict:
    return {"target": name, "value": value, "met": met}


def study_size(options) -> int:
    """Interviews in the generated study: --study-interviews, else enough for the largest size
    (about 39 participant segments each), at least 2,600 (100,000 segments) once a size passes
    1,000, so that every size samples the same study and shares its cached embeddings."""
    if options.study_interviews:
        return options.study_interviews
    needed = 100 * math.ceil(max(options.sizes) / 39 / 100)
    return needed if max(options.sizes) <= 1000 else max(needed, 2600)


def embedding(options) -> dict:
    result = run_task("embedding", {"n": options.embed_texts, "seed": options.seed})
    return {
        "status": "ok",
        "rows": [result],
        "targets": [
            target("cold throughput >= 0.95x sentence-transformers directly",
                   result["cold_vs_direct"], result["cold_vs_direct"] >= 0.95),
            target("warm re-run >= 10x faster than cold", result["warm_speedup"],
                   result["warm_speedup"] >= 10),
        ],
    }  # fmt: skip


def _prepare(options) -> dict:
    log(f"preparing the large study ({study_size(options)} interviews) and its embeddings")
    return run_task(
        "prepare",
        {"sizes": options.sizes, "n_interviews": study_size(options), "seed": options.seed},
    )


def _growth(rows: list[dict], key: str) -> dict[str, float]:
    """Exponent b in time ~ n^b between consecutive sizes (1 is linear)."""
    out = {}
    for a, b in zip(rows[:-1], rows[1:], strict=True):
        if a[key] and b[key] and b["segments"] != a["segments"]:
            exponent = math.log(b[key] / a[key]) / math.log(b["segments"] / a["segments"])
            out[f"{a['size']}->{b['size']}"] = round(exponent, 2)
    return out


def topics(options) -> dict:
    prepared = _prepare(options)
    n_interviews = study_size(options)
    contenders = ("ours", "plain", "plain_seeded")
    rows = []
    for size in options.sizes:
        by = {}
        for contender in contenders:
            by[contender] = run_task(
                "fit", {"contender": contender, "n": size, "n_interviews": n_interviews,
                        "seed": options.seed}, timeout=options.task_timeout,
            )  # fmt: skip
        ours, plain, seeded = by["ours"], by["plain"], by["plain_seeded"]
        rows.append({
            "size": size,
            "segments": ours["segments"],
            "distinct_texts": ours["distinct_texts"],
            "n_fitted_ours": ours["n_fitted"],
            "ours_s": ours["seconds"],
            "plain_s": plain["seconds"],
            "plain_seeded_s": seeded["seconds"],
            "ratio_vs_plain": round(ours["seconds"] / plain["seconds"], 3),
            "ratio_vs_plain_seeded": round(ours["seconds"] / seeded["seconds"], 3),
            "ours_peak_mb": ours["tree_peak_rss_mb"],
            "ours_rss_before_mb": ours["rss_before_mb"],
            "plain_peak_mb": plain["tree_peak_rss_mb"],
            "plain_rss_before_mb": plain["rss_before_mb"],
            "plain_seeded_peak_mb": seeded["tree_peak_rss_mb"],
            "ours_topics": ours["n_topics"],
            "plain_topics": plain["n_topics"],
            "ours_outliers": ours["outliers"],
            "plain_outliers": plain["outliers"],
            "ours_min_topic_size": ours["min_topic_size"],
        })  # fmt: skip
        log(f"topics at {size:,}: ours {ours['seconds']:.1f} s, plain BERTopic "
            f"{plain['seconds']:.1f} s (ratio {rows[-1]['ratio_vs_plain']}), seeded plain "
            f"{seeded['seconds']:.1f} s; peak {ours['tree_peak_rss_mb']:.0f} MiB")  # fmt: skip
    targets = [
        target(f"cold run <= 1.2x plain BERTopic at {r['size']:,}", r["ratio_vs_plain"],
               r["ratio_vs_plain"] <= 1.2)
        for r in rows
    ]  # fmt: skip
    largest = rows[-1]
    if largest["size"] >= 100_000:
        targets.append(target("100,000 segments within 4 GiB (peak RSS, MiB)",
                              largest["ours_peak_mb"], largest["ours_peak_mb"] <= 4096))  # fmt: skip
    else:
        targets.append(target("100,000 segments within 4 GiB", "not measured (size not run)",
                              None))  # fmt: skip
    out = {
        "status": "ok",
        "prepare": prepared,
        "rows": rows,
        "growth_exponent": {c: _growth(rows, f"{c}_s") for c in ("ours", "plain", "plain_seeded")},
        "targets": targets,
    }
    if options.profile and any(t["met"] is False for t in targets[:-1]):
        size = max(s for s in options.sizes if s <= 10_000) if min(options.sizes) <= 10_000 else (
            min(options.sizes))  # fmt: skip
        log(f"topics: a ratio target is missed; profiling both at {size:,} segments")
        out["profile"] = {
            c: run_task("fit", {"contender": c, "n": size, "n_interviews": n_interviews,
                                "seed": options.seed, "profile": True},
                        timeout=options.task_timeout)
            for c in ("ours", "plain")
        }  # fmt: skip
    return out


def compare(options) -> dict:
    _prepare(options)
    n_interviews = study_size(options)
    rows = [
        run_task("compare", {"n": size, "n_interviews": n_interviews, "seed": options.seed},
                 timeout=options.task_timeout)
        for size in options.sizes
    ]  # fmt: skip
    for row in rows:
        row["peak_mb"] = row.pop("tree_peak_rss_mb")
    growth = _growth([{**r, "segments": r["participant_segments"]} for r in rows], "seconds")
    return {"status": "ok", "rows": rows, "growth_exponent": growth, "targets": []}


def make(options) -> dict:
    import subprocess

    stale = subprocess.run(["make", "-q", ".venv/.installed"], cwd=_data.ROOT,
                           capture_output=True, check=False)  # fmt: skip
    if stale.returncode != 0:
        return {"status": "skipped", "why": "the environment is out of date (make would run "
                "pip install, which needs the network): run `make setup` first"}  # fmt: skip
    result = run_task("make", {"log_dir": str(_data.CACHE / "make-logs")},
                      timeout=options.task_timeout)  # fmt: skip
    second = result.get("second_all_s")
    return {
        "status": "ok",
        "rows": [result],
        "targets": [
            target("`make clean && make all` succeeds", result.get("clean_and_all_exit"),
                   result.get("clean_and_all_exit") == 0),
            target("second `make all`, nothing changed, < 5 s", second,
                   second is not None and second < 5 and result.get("second_all_exit") == 0),
        ],
    }  # fmt: skip


#: The least topic diversity (share of distinct words among every topic's top 10) our default
#: must keep on every corpus.
MIN_DIVERSITY = 0.85


def quality(options) -> dict:
    """Our default beside BERTopic's defaults, LDA and NMF on every labelled corpus there is."""
    from _tasks import CORPORA

    corpora, targets, missing = [], [], []
    for corpus in CORPORA:
        result = run_task("quality", {"n_seeds": options.quality_seeds, "corpus": corpus},
                          timeout=options.task_timeout)  # fmt: skip
        if result.get("missing"):
            missing.append(corpus)
            continue
        corpora.append(result)
        rows = {r["model"]: r for r in result["rows"]}
        ours, plain = rows["ours"], rows["bertopic_defaults"]
        for measure in ("nmi", "ari", "npmi"):
            targets.append(target(
                f"{corpus}: ours {measure.upper()} >= BERTopic defaults' (mean of "
                f"{result['n_seeds']} seeds)",
                f"{ours[measure]:.3f} vs {plain[measure]:.3f}", ours[measure] >= plain[measure],
            ))  # fmt: skip
        targets.append(target(f"{corpus}: ours diversity >= {MIN_DIVERSITY}",
                              round(ours["diversity"], 3), ours["diversity"] >= MIN_DIVERSITY))  # fmt: skip
    out = {"status": "ok", "corpora": corpora, "targets": targets}
    if missing:
        out["missing"] = [
            f"{c}: not found (put MTS-Dialog's CSV files in {_data.MTS} and OCTIS BBC News in "
            f"{_data.OCTIS}; they are never downloaded)" for c in missing
        ]  # fmt: skip
    return out


#: The corpora the assisted-coding section scores: the demo (two coders) and labelled ones.
ASSISTED_CORPORA = ("demo", "mts_dialog", "bbc")


def assisted(options) -> dict:
    """The default code suggester beside prototypes and, on the demo, the second coder."""
    corpora, targets = [], []
    for corpus in ASSISTED_CORPORA:
        result = run_task("assisted", {"n_seeds": options.quality_seeds, "corpus": corpus},
                          timeout=options.task_timeout)  # fmt: skip
        if result.get("missing"):
            continue
        corpora.append(result)
        rows = {r["method"]: r for r in result["rows"]}
        ours, proto = rows["logistic"], rows["prototype"]
        targets.append(target(
            f"{corpus}: default kappa >= prototypes' (mean of {result['n_seeds']} seeds)",
            f"{ours['kappa']:.3f} vs {proto['kappa']:.3f}", ours["kappa"] >= proto["kappa"],
        ))  # fmt: skip
        if ours["human_kappa"] is not None:
            targets.append(target(
                f"{corpus}: default kappa >= the second human coder's on the same units",
                f"{ours['kappa']:.3f} vs {ours['human_kappa']:.3f}",
                ours["kappa"] >= ours["human_kappa"],
            ))  # fmt: skip
    return {"status": "ok", "corpora": corpora, "targets": targets}


def octis(options) -> dict:
    if not (options.octis_dir / "corpus.tsv").is_file():
        return {
            "status": "skipped",
            "why": f"OCTIS BBC News not found: put OCTIS's preprocessed_datasets/BBC_News files "
            f"(corpus.tsv, vocabulary.txt, labels.txt) in {options.octis_dir} (the folder "
            "../shared/bench/octis_bbc_news beside the repository); it is never downloaded",
        }
    _data.OCTIS = options.octis_dir
    models = ["bertopic_minilm", *options.octis_variants, "lda", "nmf"]
    result = run_task(
        "octis",
        {"ks": options.octis_ks, "runs": options.octis_runs, "models": models,
         "seed": options.seed, "max_docs": options.octis_docs, "jobs": options.octis_jobs},
        timeout=options.task_timeout,
    )  # fmt: skip
    summary = []
    for model in models:
        runs = [r for r in result["rows"] if r["model"] == model]
        npmi = [r["npmi"] for r in runs if r["npmi"] is not None]
        diversity = [r["diversity"] for r in runs if r["diversity"] is not None]
        published = PUBLISHED.get(OCTIS_MODELS[model]) if model != "ours" else None
        summary.append({
            "model": model,
            "description": OCTIS_MODELS[model],
            "runs": len(runs),
            "npmi": round(sum(npmi) / len(npmi), 3) if npmi else None,
            "diversity": round(sum(diversity) / len(diversity), 3) if diversity else None,
            "published_npmi": published[0] if published else None,
            "published_diversity": published[1] if published else None,
            "mean_topics": round(sum(r["n_topics"] for r in runs) / len(runs), 1),
            "mean_seconds": round(sum(r["seconds"] for r in runs) / len(runs), 1),
        })  # fmt: skip
    reference = PUBLISHED["BERTopic with all-MiniLM-L6-v2"]
    measured = next((r for r in summary if r["model"] == "bertopic_minilm"), None)
    targets = []
    for row in summary:
        if not row["model"].startswith("ours") or row["npmi"] is None:
            continue
        if measured and measured["npmi"] is not None:
            targets.append(target(
                f"{row['model']}: NPMI >= BERTopic-MiniLM's here ({measured['npmi']})",
                row["npmi"], row["npmi"] >= measured["npmi"]))  # fmt: skip
        targets.append(target(f"{row['model']}: NPMI >= published BERTopic-MiniLM "
                              f"{reference[0]}", row["npmi"], row["npmi"] >= reference[0]))  # fmt: skip
        targets.append(target(f"{row['model']}: diversity >= {MIN_DIVERSITY}", row["diversity"],
                              row["diversity"] >= MIN_DIVERSITY))  # fmt: skip
    return {
        "status": "ok",
        "documents": result["documents"],
        "protocol": {"nr_topics": options.octis_ks, "runs": options.octis_runs,
                     "jobs": result["jobs"],
                     "top_words": 10, "npmi": "gensim c_npmi (window 10) over corpus.tsv, "
                     "whitespace tokens", "variants": result["variants"]},
        "summary": summary,
        "rows": result["rows"],
        "peak_mb": result["tree_peak_rss_mb"],
        "wall_s": result["wall_s"],
        "targets": targets,
    }  # fmt: skip


SECTIONS = {
    "embedding": embedding,
    "topics": topics,
    "compare": compare,
    "make": make,
    "quality": quality,
    "assisted": assisted,
    "octis": octis,
}


def run_section(name: str, options) -> dict:
    start = time.perf_counter()
    log(f"=== section {name} ===")
    try:
        result = SECTIONS[name](options)
    except TaskFailed as error:
        result = {"status": "failed", "why": str(error)}
    result["section_wall_s"] = round(time.perf_counter() - start, 1)
    log(f"=== section {name}: {result['status']} in {result['section_wall_s']:.0f} s ===")
    return result
