"""LDA and NMF baselines with the same interface as BERTopic (scikit-learn)."""

from __future__ import annotations

import numpy as np

from analysis.errors import InputError
from analysis.topics._stopwords import SpokenAnalyzer, stop_words

#: Topics a baseline fits when ``nr_topics`` is not a number.
DEFAULT_N_TOPICS = 15


def baseline_min_df(n_fit: int) -> int:
    """Words in a single segment say nothing about co-occurrence once a corpus is sizeable."""
    return 2 if n_fit >= 100 else 1


def build_baseline(method: str, *, n_fit: int, nr_topics, seed: int, ngram_range):
    """A scikit-learn pipeline (vectoriser, then LDA or NMF) and the settings that built it."""
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.pipeline import Pipeline

    n_topics = nr_topics if isinstance(nr_topics, int) else DEFAULT_N_TOPICS
    n_topics = int(min(n_topics, n_fit - 1))
    vector_kwargs = {
        "analyzer": SpokenAnalyzer(stop_words(), tuple(ngram_range)),
        "min_df": baseline_min_df(n_fit),
        "max_df": 0.95,
    }
    if method == "lda":
        # LDA models word counts; NMF works best on tf-idf weights.
        vectoriser = CountVectorizer(**vector_kwargs)
        estimator = LatentDirichletAllocation(
            n_components=n_topics, learning_method="batch", max_iter=50, random_state=int(seed)
        )
    else:
        vectoriser = TfidfVectorizer(**vector_kwargs)
        estimator = NMF(n_components=n_topics, init="nndsvda", max_iter=500, random_state=int(seed))
    settings = {
        "vectorizer": {
            "kind": "count" if method == "lda" else "tf-idf",
            "ngram_range": list(ngram_range),
            "min_df": vector_kwargs["min_df"],
            "max_df": vector_kwargs["max_df"],
            "stop_words": "english + spoken English + transcript noise",
            "phrases": "adjacent words within a clause only",
        },
        method: {k: v for k, v in estimator.get_params().items() if np.isscalar(v) or v is None},
    }
    pipeline = Pipeline([("vectorizer", vectoriser), ("model", estimator)])
    return pipeline, n_topics, settings


def fit_baseline(pipeline, texts: list[str]):
    """Fit the pipeline; each segment's topic is the largest share of its topic mixture.

    Returns
    -------
    topics : ndarray of int
        ``-1`` for a segment with none of the vocabulary's words (all stop words, say).
    probabilities : ndarray of float
        The topic's share of the segment's (row-normalised) topic mixture.
    """
    try:
        pipeline.fit(texts)
    except ValueError as error:
        if "vocabulary" in str(error):
            raise InputError(
                "no words are left once stop words are removed",
                location="fit_topics",
                expected="segments with content words",
            ) from None
        raise
    return transform_baseline(pipeline, texts)


def transform_baseline(pipeline, texts: list[str]):
    """Topic and share for each text under a fitted pipeline (see :func:`fit_baseline`)."""
    if len(texts) == 0:
        return np.zeros(0, np.int64), np.zeros(0)
    mixture = np.asarray(pipeline.transform(texts), dtype=float)
    counts = np.asarray(pipeline.named_steps["vectorizer"].transform(texts).sum(axis=1)).ravel()
    totals = mixture.sum(axis=1)
    safe = np.where(totals > 0, totals, 1.0)
    shares = mixture / safe[:, None]
    topics = shares.argmax(axis=1).astype(np.int64)
    probabilities = shares[np.arange(len(topics)), topics]
    empty = (counts == 0) | (totals <= 0)
    topics[empty] = -1
    probabilities[empty] = np.nan
    return topics, probabilities


def baseline_topic_words(pipeline, top_n_words: int) -> list[list[str]]:
    """Each topic's ``top_n_words`` words by component weight, heaviest first."""
    vocabulary = pipeline.named_steps["vectorizer"].get_feature_names_out()
    components = pipeline.named_steps["model"].components_
    # A stable sort keeps ties in vocabulary order, so equal weights give the same words.
    order = np.argsort(-components, axis=1, kind="stable")[:, :top_n_words]
    return [[str(vocabulary[i]) for i in row] for row in order]
