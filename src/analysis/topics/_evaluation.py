"""Our topic stage side by side with BERTopic's defaults and the LDA/NMF baselines."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from analysis.evaluate import npmi_per_topic, recovery, stability, topic_diversity
from analysis.topics._fit import fit_topics
from analysis.topics._inputs import prepare_segments
from analysis.topics._stopwords import SpokenAnalyzer, stop_words

__all__ = ["compare_topic_models", "evaluation_words", "plain_bertopic"]

MODELS = ("ours", "bertopic_defaults", "lda", "nmf")


def evaluation_words(
    topic_words: dict[int, list[str]], top_n: int = 10, vocabulary=None
) -> list[list[str]]:
    """Each topic's top ``top_n`` single words: phrases are split, repeats dropped.

    NPMI and diversity are defined over words, as in the BERTopic paper's evaluation; a phrase
    such as "debt advice" counts as its words, in order. With ``vocabulary`` (the words of the
    reference corpus), words outside it (stop words, for a model that keeps them) are passed
    over, so that every model is scored on its top ``top_n`` content words, as on a corpus
    preprocessed before fitting.

    >>> evaluation_words({0: ["the", "debt advice", "and", "debt", "bills"]}, 3, {"debt", "advice", "bills"})
    [['debt', 'advice', 'bills']]
    """
    out = []
    for _, words in sorted(topic_words.items()):
        unigrams = list(dict.fromkeys(part for word in words for part in word.split()))
        if vocabulary is not None:
            unigrams = [w for w in unigrams if w in vocabulary]
        out.append(unigrams[:top_n])
    return out


#: Words asked of every model in the evaluation, so that ten content words remain after stop
#: words are passed over: BERTopic's default vectoriser keeps stop words, and on conversation
#: its top 30 can hold as few as three content words, which would score it on three words
#: against ten for the others.
EVALUATION_WORDS = 100


def plain_bertopic(texts: list[str], embeddings: np.ndarray, seed: int, top_n_words: int = 10):
    """``BERTopic()`` with its default parts, except UMAP seeded (and so single-threaded).

    Returns the topic of each text and the fitted model's top ``top_n_words`` words per topic.
    """
    from bertopic import BERTopic
    from umap import UMAP

    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(umap_model=umap, top_n_words=top_n_words)
    topics, _ = model.fit_transform(texts, embeddings)
    words = {int(t): [w for w, _ in model.get_topic(t) or []] for t in set(topics) if int(t) != -1}
    return np.asarray(topics), words


def compare_topic_models(
    segments: pd.DataFrame,
    *,
    embedder,
    seed: int,
    n_seeds: int = 3,
    truth: pd.Series | None = None,
    settings: dict | None = None,
    progress: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit our settings, BERTopic's defaults, LDA and NMF to the same segments, and score them.

    Parameters
    ----------
    segments : DataFrame
        The segments table.
    embedder : analysis.embed.Embedder
        Embeds (and caches) the segments; all BERTopic variants share the embeddings.
    seed : int
        The first seed; stability refits with ``seed + 1``, ..., ``seed + n_seeds - 1``.
    n_seeds : int
        Fits per model: every score is the mean over them (our default backend has no random
        part, so its runs agree; BERTopic's defaults, LDA and NMF vary with the seed).
    truth : Series, optional
        Planted theme per ``segment_id`` (:func:`analysis.evaluate.load_theme_truth`); adds
        recovery (ARI, NMI) over the themed segments, outliers and unassigned counted as their
        own group.
    settings : dict, optional
        Keyword arguments for our :func:`fit_topics` (:func:`fit_settings` of the config).
        Every model is fitted to the same segments: those ``min_content_words`` admits.

    Returns
    -------
    summary : DataFrame
        One row per model: ``model, n_topics, n_assigned`` (segments given a topic),
        ``outlier_share, npmi, diversity`` (means over the seeds), ``stability_ari`` (mean
        pairwise ARI across seeds), ``seconds`` (first fit) and, when truth is given, ``ari,
        nmi`` (means over the seeds) with their standard deviations ``ari_sd, nmi_sd``.
    runs : DataFrame
        ``model, seed, segment_id, topic``: every run's assignments.

    Notes
    -----
    NPMI is computed as the BERTopic paper's evaluation does (gensim's ``c_npmi``, boolean
    sliding windows of 10) over the fitted segments' content words (the spoken-English analyser,
    single words, speaker labels left out), as on a preprocessed benchmark corpus: a topic word
    that is not in it (a stop word) drops out, as gensim does, and topics left with fewer than
    two words are not scored; the mean is over scored topics. Every model's words are its top
    10 content words: each is asked for 100 and words outside the corpus's content words (stop
    words, which BERTopic's default vectoriser keeps) are passed over, so no model is scored on
    fewer words than another because it kept stop words. Diversity is the share of unique words among all topics' top 10.
    LDA and NMF get as many topics as our model found with the first seed.
    """
    settings = {k: v for k, v in (settings or {}).items() if k != "method"}
    min_content_words = int(settings.get("min_content_words", 2))
    prepared = prepare_segments(segments, min_content_words=min_content_words)
    fit_rows = prepared.table[prepared.fit_mask]
    # The reference corpus is the segments' content words, as a preprocessed benchmark corpus
    # is; a model's top words that are stop words are not in it and drop out (as in gensim).
    analyse = SpokenAnalyzer(stop_words(), (1, 1))
    documents = [analyse(text) for text in fit_rows["text"]]
    vocabulary = {word for document in documents for word in document}
    fit_vectors = embedder.embed(fit_rows["text"].tolist())

    rows, runs = [], []
    seeds = [seed + k for k in range(n_seeds)]
    jobs = [(model, s) for model in MODELS for s in seeds]
    n_ours = None
    by_run: dict[str, dict[int, dict]] = {m: {} for m in MODELS}
    for model, run_seed in tqdm(jobs, desc="topic models", disable=not progress):
        start = time.perf_counter()
        if model == "ours":
            result = fit_topics(
                segments, seed=run_seed, embedder=embedder, progress=False,
                **{**settings, "top_n_words": EVALUATION_WORDS},
            )  # fmt: skip
            assigned = result.assignments.dropna(subset=["topic"]).set_index("segment_id")["topic"]
            words = result.topic_words()
            n_ours = n_ours or result.n_topics
        elif model == "bertopic_defaults":
            topics, words = plain_bertopic(
                fit_rows["text"].tolist(), fit_vectors, run_seed, top_n_words=EVALUATION_WORDS
            )
            assigned = pd.Series(topics, index=fit_rows["segment_id"].to_numpy())
        else:
            result = fit_topics(
                segments,
                seed=run_seed,
                method=model,
                nr_topics=max(int(n_ours or 15), 2),
                min_content_words=min_content_words,
                top_n_words=EVALUATION_WORDS,
                progress=False,
            )
            assigned = result.assignments.dropna(subset=["topic"]).set_index("segment_id")["topic"]
            words = result.topic_words()
        seconds = time.perf_counter() - start
        assigned = assigned.astype(int)
        runs.append(
            pd.DataFrame(
                {
                    "model": model,
                    "seed": run_seed,
                    "segment_id": assigned.index,
                    "topic": assigned.to_numpy(),
                }
            )
        )
        by_run[model][run_seed] = {"assigned": assigned, "words": words, "seconds": seconds}
    for model in MODELS:
        model_runs = by_run[model]
        scores = [
            _scores(run["assigned"], run["words"], documents, truth, vocabulary)
            for run in model_runs.values()
        ]
        frame = pd.DataFrame(scores)
        row = {
            "model": model,
            "n_topics": float(frame["n_topics"].mean()),
            "n_assigned": int(len(model_runs[seed]["assigned"])),
            "outlier_share": float(frame["outlier_share"].mean()),
            "npmi": float(frame["npmi"].mean()),
            "diversity": float(frame["diversity"].mean()),
            "stability_ari": stability(
                [r["assigned"] for r in model_runs.values()], aggregate="mean"
            )
            if n_seeds > 1
            else float("nan"),
            "seconds": round(model_runs[seed]["seconds"], 1),
        }
        if truth is not None and len(truth):
            for measure in ("ari", "nmi"):
                row[measure] = float(frame[measure].mean())
                row[f"{measure}_sd"] = float(frame[measure].std(ddof=0))
            row["n_truth"] = int(len(truth))
        rows.append(row)
    return pd.DataFrame(rows), pd.concat(runs, ignore_index=True)


def _scores(assigned: pd.Series, words: dict, documents, truth, vocabulary) -> dict:
    """One run's scores: topics, outliers, NPMI and diversity of the top 10 words, recovery."""
    top = [t for t in evaluation_words(words, vocabulary=vocabulary) if len(t) >= 2]
    out = {
        "n_topics": len(words),
        "outlier_share": float((assigned == -1).mean()),
        "npmi": float(np.nanmean(npmi_per_topic(top, documents, top_n=10))) if top else np.nan,
        "diversity": topic_diversity(top, top_n=min(10, min(len(t) for t in top)))
        if top
        else np.nan,
    }
    if truth is not None and len(truth):
        scored = assigned.reindex(truth.index).fillna(-1).astype(int)
        found = recovery(scored, truth, outlier=None)
        out["ari"], out["nmi"] = found["ari"], found["nmi"]
    return out
