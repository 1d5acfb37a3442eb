"""Fitting BERTopic on prepared segments, with the codebook-informed variants."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analysis.errors import InputError
from analysis.topics._bertopic import (
    build_bertopic,
    components,
    fit_bertopic,
    topic_words,
    zero_shot_code_ids,
)
from analysis.topics._codebook import seed_words, zero_shot_topics
from analysis.topics._labels import CORE_SHARE, TOPICS_PER_TERM
from analysis.topics._labels import topic_words as segment_topic_words
from analysis.topics._neighbours import unit_rows


@dataclass
class FittedTopics:
    """What a fit hands to :func:`~analysis.topics.fit_topics`'s tables: each fitted segment's
    topic and typicality, the model and the embedder used (None for the baselines), each
    topic's words, the code each zero-shot topic stands for, and settings to record."""

    topics: np.ndarray
    probabilities: np.ndarray | None
    model: object
    embedder: object | None
    words: dict[int, list[str]]
    code_ids: dict[int, str] = field(default_factory=dict)
    code_names: dict[str, str] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)


def _default_embedder(progress: bool):
    from analysis.embed import Embedder

    return Embedder(cache=None, progress=progress)


def _check_zero_shot_leftover(
    embeddings, descriptions, embedder, threshold: float, min_cluster_size: int
) -> int:
    """Refuse a zero-shot split that leaves too few segments to cluster.

    BERTopic clusters the segments no code matched; a handful of them would crash the clusterer
    with a message about neighbours instead of one about the threshold.
    """
    from sklearn.metrics.pairwise import cosine_similarity

    best = cosine_similarity(embeddings, embedder.embed(descriptions)).max(axis=1)
    leftover = int((best < threshold).sum())
    if 0 < leftover < min_cluster_size:
        raise InputError(
            f"zero-shot matching leaves only {leftover} segment(s) unmatched to any code, too "
            f"few to cluster into further topics (at least {min_cluster_size} are needed)",
            location="fit_topics",
            expected="a higher zero_shot_min_similarity (fewer matches) or a lower one "
            "(every segment matched)",
        )
    return len(best) - leftover


def fit_with_bertopic(
    prepared, texts, *, embeddings, embedder, seed, backend, reducer, clusterer, min_topic_size,
    min_samples, nr_topics, reduce_outliers, representation, top_n_words, ngram_range, codebook,
    guided, zero_shot, zero_shot_min_similarity, progress,
) -> FittedTopics:  # fmt: skip
    """Fit BERTopic on the prepared segments' ``texts``."""
    if embedder is None:
        embedder = _default_embedder(progress)
    if embeddings is None:
        embeddings = embedder.embed(texts)
    # Unit length in double precision: the one form every later step sees, whatever batch or
    # machine computed the vectors.
    embeddings = unit_rows(embeddings)
    extra: dict = {
        "embedding": {
            "model_path": str(embedder.model_path),
            "model_id": embedder.model_id,
            "dimensions": int(embeddings.shape[1]),
        },
        "guided": bool(guided),
        "zero_shot": bool(zero_shot),
        "reduce_outliers": reduce_outliers or False,
    }
    seed_topic_list = None
    descriptions, code_ids, code_names = None, [], {}
    if guided:
        seed_topic_list, guided_codes = seed_words(codebook)
        extra["seed_topic_list"] = dict(zip(guided_codes, seed_topic_list, strict=True))
    if zero_shot:
        descriptions, code_ids, names = zero_shot_topics(codebook)
        code_names = dict(zip(code_ids, names, strict=True))
        extra["zero_shot_min_similarity"] = zero_shot_min_similarity
        extra["zero_shot_topics"] = dict(zip(code_ids, descriptions, strict=True))
    reducer, clusterer, picked = components(
        backend=backend, n_fit=len(texts), seed=seed, min_topic_size=min_topic_size,
        min_samples=min_samples, nr_topics=nr_topics, reducer=reducer, clusterer=clusterer,
    )  # fmt: skip
    extra.update(picked)
    if zero_shot:
        extra["zero_shot_matched_segments"] = _check_zero_shot_leftover(
            embeddings, descriptions, embedder, zero_shot_min_similarity,
            max(2, picked["min_topic_size"] or 2),
        )  # fmt: skip
    model, model_settings = build_bertopic(
        reducer=reducer,
        clusterer=clusterer,
        seed=seed,
        min_topic_size=picked["min_topic_size"] or 10,
        nr_topics=picked["bertopic_nr_topics"],
        representation=representation,
        top_n_words=top_n_words,
        ngram_range=ngram_range,
        embedding_model=embedder.sentence_model,
        seed_topic_list=seed_topic_list,
        zeroshot_topic_list=descriptions,
        zeroshot_min_similarity=zero_shot_min_similarity,
        verbose=progress,
    )
    extra.update(model_settings)
    topics, probabilities, info = fit_bertopic(
        model,
        texts,
        embeddings,
        reduce_outliers=reduce_outliers,
    )
    extra.update(info)
    zero_codes = zero_shot_code_ids(model, code_ids) if zero_shot else {}
    n_final = len(set(topics.tolist()) - {-1})
    found = info["n_topics_found"]
    clusterer_n = getattr(model.hdbscan_model, "n_clusters_", None)
    if picked["bertopic_nr_topics"] is None and clusterer_n is not None:
        how = (
            "given" if isinstance(nr_topics, int) else "the square root of half the fitted segments"
        )
        chosen = (
            f"Ward's tree cut into {clusterer_n} groups ({how}); {found} of at least "
            f"{extra['min_topic_size']} segments are topics, the rest outliers"
        )
    elif nr_topics is None:
        chosen = f"as the clusterer found them ({found} topics, min_topic_size="
        chosen += f"{extra['min_topic_size']})"
    elif nr_topics == "auto":
        chosen = f"nr_topics='auto': BERTopic merged similar topics, {found} -> {n_final}"
    elif found <= nr_topics:
        chosen = f"nr_topics={nr_topics}: the clusterer found only {found}, so none were merged"
    else:
        chosen = (
            f"nr_topics={nr_topics}: BERTopic merged the most similar topics, {found} -> {n_final}"
        )
    if zero_codes:
        chosen += f"; {len(zero_codes)} of them zero-shot topics matching codes"
    extra["n_topics_chosen_by"] = chosen
    if representation == "ctfidf":
        # Counted segment by segment over each topic's typical core (see segment_topic_words);
        # the model shows the same words in BERTopic's own views.
        ours = segment_topic_words(
            texts, topics, model.vectorizer_model, top_n=top_n_words, typicality=probabilities
        )
        model.topic_representations_.update(ours)
        extra["words"] = (
            f"c-TF-IDF counted per segment, frequent words damped, over the {CORE_SHARE:.0%} "
            "of each topic's segments most typical of it, weighted by the root of the share of "
            f"them using the term; each term listed for at most {TOPICS_PER_TERM} topics"
        )
    words = {int(t): topic_words(model, int(t)) for t in model.topic_representations_}
    return FittedTopics(
        topics, probabilities, model, embedder, words, zero_codes, code_names, extra
    )
