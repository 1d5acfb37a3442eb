"""BERTopic set up for qualitative corpora: hundreds to a few thousand spoken-English segments."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.topics._stopwords import SpokenAnalyzer, stop_words
from analysis.validation import parameter_error

#: UMAP's defaults in BERTopic; clipped below these for small corpora.
N_NEIGHBORS = 15
N_COMPONENTS = 5
#: How diverse MaximalMarginalRelevance keeps a topic's words: at BERTopic's 0.1 near-duplicates
#: ("bus", "buses", "bus stop") crowd the list; at 0.3 a topic's best word ("debt") can be lost.
MMR_DIVERSITY = 0.2


def vectorizer(*, ngram_range=(1, 2), extra_stop_words=()):
    """The CountVectorizer BERTopic's c-TF-IDF counts words with.

    ``min_df`` stays 1: BERTopic fits the vectoriser on one document per *topic* (every segment
    of a topic joined), so a higher ``min_df`` would drop exactly the words that are specific to
    one topic.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        analyzer=SpokenAnalyzer(stop_words(extra_stop_words), tuple(ngram_range)), min_df=1
    )


def hdbscan_settings(n_fit: int, min_topic_size: int, min_samples: int | None) -> dict:
    """HDBSCAN's settings for a corpus of ``n_fit`` segments.

    The smallest topic is kept below a third of the corpus (so that a small corpus can have
    topics at all) and the largest is capped at a third (see the comment below).
    """
    min_cluster_size = int(max(2, min(min_topic_size, n_fit // 3)))
    if min_samples is None:
        # HDBSCAN's default (min_samples = min_cluster_size) smooths the density so much that
        # on a few hundred short turns "excess of mass" often keeps two or three super-clusters
        # (several themes merged); a fifth of it keeps themes apart and leaves fewer outliers.
        min_samples = max(1, min_cluster_size // 5)
    return {
        "min_cluster_size": min_cluster_size,
        "min_samples": int(min(min_samples, min_cluster_size)),
        # One distinct theme (gardening among talk of services) can make "excess of mass" keep
        # just two clusters: that theme and everything else. Capping a topic at a third of the
        # corpus makes HDBSCAN look inside such a super-cluster.
        "max_cluster_size": int(max(n_fit // 3, 2 * min_cluster_size)),
        "metric": "euclidean",
        "cluster_selection_method": "eom",
        "prediction_data": True,
    }


def umap_settings(n_fit: int, seed: int) -> dict:
    """UMAP's settings: seeded, single-threaded (UMAP is only reproducible so) and clipped."""
    return {
        "n_neighbors": int(min(N_NEIGHBORS, n_fit - 1)),
        "n_components": int(min(N_COMPONENTS, n_fit - 2)),
        "min_dist": 0.0,
        "metric": "cosine",
        "random_state": int(seed),
        "n_jobs": 1,
    }


#: ``topics.backend``: where the reducer and clusterer come from.
BACKENDS = ("stable", "umap", "cuml")
#: The smallest topic of the stable backend: Ward groups of fewer segments are outliers.
STABLE_MIN_TOPIC_SIZE = 5


def component_params(component) -> dict | None:
    """A component's constructor parameters from its ``get_params`` (scikit-learn's, cuML's, or
    one without ``deep``), or None when it has none."""
    getter = getattr(component, "get_params", None)
    if not callable(getter):
        return None
    try:
        return dict(getter(deep=False))
    except TypeError:
        return dict(getter())


def _described(component) -> dict:
    """A component's class and parameters, for ``settings`` (any duck-typed object)."""
    kind = type(component)
    out = {"class": f"{kind.__module__}.{kind.__qualname__}"}
    params = component_params(component)
    if params is not None:
        out["params"] = {k: v for k, v in params.items() if _plain(v)}
    return out


def _plain(value) -> bool:
    return value is None or isinstance(value, bool | int | float | str | list | tuple)


def components(
    *, backend: str, n_fit: int, seed: int, min_topic_size: int | None, min_samples,
    nr_topics, reducer=None, clusterer=None,
):  # fmt: skip
    """The dimension reducer and clusterer BERTopic is given, and how they were chosen.

    ``reducer`` and ``clusterer`` are used as given when not None (any UMAP-like object with
    ``fit``/``transform`` or ``fit_transform``, any HDBSCAN-like object with ``fit`` and
    ``labels_``, as BERTopic accepts); the rest come from ``backend``:

    - ``"stable"``: :class:`~analysis.topics.DiffusionMap` and
      :class:`~analysis.topics.WardTopics` (deterministic, no seed; ``nr_topics`` an int cuts
      the tree at that many topics).
    - ``"umap"``: seeded single-threaded UMAP and HDBSCAN, as earlier versions fitted.
    - ``"cuml"``: cuML's UMAP and HDBSCAN on a GPU (needs the ``cuml`` package).

    Returns
    -------
    reducer, clusterer, settings : object, object, dict
        ``settings["bertopic_nr_topics"]`` is what BERTopic's own ``nr_topics`` should be
        (None when the clusterer already produced that many topics).
    """
    if backend not in BACKENDS:
        what = "one of " + ", ".join(map(repr, BACKENDS))
        raise parameter_error(backend, "backend", "fit_topics", what, location="topics.backend")
    settings: dict = {"backend": backend if reducer is None and clusterer is None else "given"}
    bertopic_nr_topics = nr_topics
    size = min_topic_size
    if backend == "stable":
        from analysis.topics._cluster import WardTopics
        from analysis.topics._reduce import DiffusionMap

        size = STABLE_MIN_TOPIC_SIZE if min_topic_size is None else min_topic_size
        if reducer is None:
            reducer = DiffusionMap(n_neighbors=int(min(N_NEIGHBORS, max(2, n_fit - 3))))
        if clusterer is None:
            n_clusters = nr_topics if isinstance(nr_topics, int) else None
            clusterer = WardTopics(n_clusters=n_clusters, min_cluster_size=int(size))
            bertopic_nr_topics = None
    elif backend == "umap":
        from hdbscan import HDBSCAN
        from umap import UMAP

        size = min_topic_size if min_topic_size is not None else _scaled_topic_size(n_fit)
        if reducer is None:
            reducer = UMAP(**umap_settings(n_fit, seed))
        if clusterer is None:
            clusterer = HDBSCAN(**hdbscan_settings(n_fit, size, min_samples))
    else:
        try:
            from cuml.cluster import HDBSCAN
            from cuml.manifold import UMAP
        except ImportError:
            raise InputError(
                "topics.backend 'cuml' needs RAPIDS cuML, which is not installed",
                location="topics.backend",
                expected="'stable' (the default), 'umap', or an environment with cuml "
                "(see https://docs.rapids.ai/install)",
            ) from None
        size = min_topic_size if min_topic_size is not None else _scaled_topic_size(n_fit)
        if reducer is None:
            reducer = UMAP(**{k: v for k, v in umap_settings(n_fit, seed).items() if k != "n_jobs"})
        if clusterer is None:
            settings_ = hdbscan_settings(n_fit, size, min_samples)
            settings_.pop("max_cluster_size")
            clusterer = HDBSCAN(**settings_)
    settings.update(
        reducer=_described(reducer),
        clusterer=_described(clusterer),
        min_topic_size=int(size) if size is not None else None,
        bertopic_nr_topics=bertopic_nr_topics,
    )
    return reducer, clusterer, settings


def _scaled_topic_size(n_fit: int) -> int:
    """HDBSCAN's smallest topic for ``n_fit`` segments (the umap and cuml backends)."""
    return int(max(10, min(15, round(n_fit / 50)), round(n_fit / 500)))


def representation_model(representation: str, *, top_n_words: int, seed: int):
    """The representation model that fine-tunes c-TF-IDF's words (None for c-TF-IDF alone)."""
    from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance

    if representation == "keybert":
        return KeyBERTInspired(top_n_words=top_n_words, random_state=int(seed))
    if representation == "mmr":
        return MaximalMarginalRelevance(diversity=MMR_DIVERSITY, top_n_words=top_n_words)
    return None


def build_bertopic(
    *,
    reducer,
    clusterer,
    seed: int,
    min_topic_size: int,
    nr_topics,
    representation: str,
    top_n_words: int,
    ngram_range,
    embedding_model,
    seed_topic_list=None,
    zeroshot_topic_list=None,
    zeroshot_min_similarity: float = 0.5,
    verbose: bool = False,
):
    """A BERTopic model around ``reducer`` and ``clusterer``, and the settings that built it."""
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer

    model = BERTopic(
        top_n_words=top_n_words,
        nr_topics=nr_topics,
        min_topic_size=int(min_topic_size),
        seed_topic_list=seed_topic_list,
        zeroshot_topic_list=zeroshot_topic_list,
        zeroshot_min_similarity=zeroshot_min_similarity,
        embedding_model=embedding_model,
        umap_model=reducer,
        hdbscan_model=clusterer,
        vectorizer_model=vectorizer(ngram_range=ngram_range),
        # Words every topic uses ("patient", "people") are damped so topic-specific words lead.
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        representation_model=representation_model(
            representation, top_n_words=top_n_words, seed=seed
        ),
        verbose=verbose,
    )
    settings = {
        "vectorizer": {
            "ngram_range": list(ngram_range),
            "min_df": 1,
            "stop_words": "english + spoken English + transcript noise",
            "phrases": "adjacent words within a clause only",
        },
        "ctfidf": {"reduce_frequent_words": True},
        "representation": representation,
        "top_n_words": top_n_words,
    }
    if representation == "mmr":
        settings["mmr_diversity"] = MMR_DIVERSITY
    return model, settings


def fit_bertopic(model, texts: list[str], embeddings: np.ndarray, *, reduce_outliers):
    """Fit ``model`` and optionally reassign outliers.

    Returns
    -------
    topics : ndarray of int
    probabilities : ndarray of float
        HDBSCAN's membership strength of each segment in its topic (cosine similarity to the
        code's description for zero-shot topics); missing for outliers reassigned afterwards.
    info : dict
        ``n_topics_found`` (before any reduction) and ``outliers_before_reduction``.
    """
    try:
        # Guided modelling averages seed-word embeddings into the array it is given.
        topics, probabilities = model.fit_transform(texts, embeddings=embeddings.copy())
    except ValueError as error:
        if "nr_topics" in str(error) and "zero-shot" in str(error):
            raise InputError(
                str(error), location="fit_topics", expected="a larger nr_topics"
            ) from None
        raise
    topics = np.asarray(topics, dtype=np.int64)
    probabilities = np.asarray(
        probabilities if probabilities is not None else np.full(len(texts), np.nan), dtype=float
    )
    if probabilities.ndim == 2:
        probabilities = probabilities.max(axis=1)
    original = {row[0] for row in model.topic_mapper_.mappings_} - {-1}
    info = {
        "n_topics_found": len(original),
        "outliers_before_reduction": int((topics == -1).sum()),
    }
    if reduce_outliers and (topics == -1).any() and (topics != -1).any():
        new_topics = np.asarray(
            model.reduce_outliers(
                texts, topics.tolist(), strategy=reduce_outliers, embeddings=embeddings
            ),
            dtype=np.int64,
        )
        changed = new_topics != topics
        model.update_topics(
            texts,
            topics=new_topics.tolist(),
            top_n_words=model.top_n_words,
            vectorizer_model=model.vectorizer_model,
            ctfidf_model=model.ctfidf_model,
            representation_model=model.representation_model,
        )
        probabilities = np.where(changed, np.nan, probabilities)
        topics = new_topics
    return topics, probabilities, info


def topic_words(model, topic: int) -> list[str]:
    """A topic's words in the model's main representation, best first, blanks dropped."""
    words = model.get_topic(topic) or []
    return [w for w, _ in words if w]


def transform_bertopic(model, embeddings: np.ndarray):
    """Nearest topic by cosine similarity of a segment's embedding to each topic's embedding.

    This is what BERTopic itself does for a model saved with safetensors (which keeps no UMAP or
    HDBSCAN), so a result gives the same answers before and after :meth:`TopicResult.save`.
    The outlier topic's embedding (the mean of the outliers) is a candidate too, as in BERTopic.
    """
    from sklearn.metrics.pairwise import cosine_similarity

    topic_ids = np.array(sorted(model.topic_representations_), dtype=np.int64)
    topic_embeddings = np.asarray(model.topic_embeddings_)
    if len(topic_ids) != len(topic_embeddings):
        raise InputError(
            "the topic model's topic embeddings do not match its topics",
            expected="a model fitted or loaded by analysis.topics",
        )
    if len(embeddings) == 0:
        return np.zeros(0, np.int64), np.zeros(0)
    similarity = cosine_similarity(embeddings, topic_embeddings)
    best = similarity.argmax(axis=1)
    return topic_ids[best], similarity[np.arange(len(best)), best]


def zero_shot_code_ids(model, code_ids: list[str]) -> dict[int, str]:
    """Which fitted topics are zero-shot topics, and the code each stands for."""
    mapping = getattr(model, "_topic_id_to_zeroshot_topic_idx", None) or {}
    return {int(topic): code_ids[int(index)] for topic, index in mapping.items()}


def representative_segments(model) -> dict[int, list[str]]:
    """BERTopic's representative documents per topic (chosen with a fixed sample, so stable)."""
    docs = getattr(model, "representative_docs_", None) or {}
    return {int(topic): list(texts) for topic, texts in docs.items()}


def topic_sizes(topics: np.ndarray) -> pd.Series:
    return pd.Series(topics).value_counts().sort_index()
