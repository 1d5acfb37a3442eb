"""``fit_topics``: one entry point for BERTopic and the LDA/NMF baselines."""

from __future__ import annotations

import numpy as np

from analysis.errors import InputError
from analysis.io import package_versions
from analysis.topics._bert_fit import FittedTopics
from analysis.topics._chatter import chatter_shares
from analysis.topics._groups import model_centres, topic_groups
from analysis.topics._inputs import (
    MIN_FIT_SEGMENTS,
    align_embeddings,
    assignments_table,
    check_enough,
    prepare_segments,
)
from analysis.topics._labels import phrase_labels
from analysis.topics._result import TopicResult, topics_table
from analysis.validation import check_option, check_scalar

METHODS = ("bertopic", "lda", "nmf")
REPRESENTATIONS = ("ctfidf", "mmr", "keybert")
OUTLIER_STRATEGIES = ("embeddings", "c-tf-idf")
_PACKAGES = (
    "analysis", "bertopic", "umap-learn", "hdbscan", "scikit-learn", "sentence-transformers",
    "torch", "numpy", "pandas",
)  # fmt: skip


def _check_arguments(
    method, seed, min_topic_size, min_samples, nr_topics, reduce_outliers, representation,
    top_n_words, zero_shot_min_similarity,
):  # fmt: skip
    func = "fit_topics"
    check_option(method, "method", func, METHODS, what="one of " + ", ".join(map(repr, METHODS)))
    check_scalar(seed, "seed", func, what="an int (from params.yaml's seed)")
    if min_topic_size is not None:
        check_scalar(min_topic_size, "min_topic_size", func, low=2, what="an int of at least 2")
    check_scalar(top_n_words, "top_n_words", func, low=1, what="an int of at least 1")
    if min_samples is not None:
        check_scalar(min_samples, "min_samples", func, low=1, what="None or a positive int")
    if nr_topics is not None and nr_topics != "auto":
        what = "None, 'auto' or an int of at least 2"
        check_scalar(nr_topics, "nr_topics", func, low=2, what=what)
    check_option(reduce_outliers, "reduce_outliers", func, (False, True, *OUTLIER_STRATEGIES))
    what = "one of " + ", ".join(map(repr, REPRESENTATIONS))
    check_option(representation, "representation", func, REPRESENTATIONS, what=what)
    check_scalar(
        zero_shot_min_similarity,
        "zero_shot_min_similarity",
        func,
        kind=float,
        low=0,
        high=1,
        include_low=False,
        include_high=False,
    )


def fit_topics(
    segments,
    *,
    seed: int,
    method: str = "bertopic",
    embeddings=None,
    embedder=None,
    backend: str = "stable",
    reducer=None,
    clusterer=None,
    min_topic_size: int | None = None,
    min_samples: int | None = 1,
    min_content_words: int = 2,
    nr_topics: int | str | None = None,
    reduce_outliers: bool | str = False,
    representation: str = "ctfidf",
    top_n_words: int = 10,
    ngram_range: tuple[int, int] = (1, 2),
    codebook=None,
    guided: bool = False,
    zero_shot: bool = False,
    zero_shot_min_similarity: float = 0.5,
    progress: bool = True,
) -> TopicResult:
    """Fit a topic model to the participants' segments of a study.

    Parameters
    ----------
    segments : DataFrame
        The segments table (``segment_id``, ``text``, ``is_interviewer``, ...). Rows are sorted
        by ``segment_id`` first, so their order does not change the result. Interviewer turns,
        empty segments and segments without substance are not fitted (see Returns).
    seed : int
        Seeds every random part: UMAP and KeyBERTInspired's sampling where they are used,
        LDA/NMF. The default (stable) backend has no random part, so its topics are the same
        for every seed.
    method : {"bertopic", "lda", "nmf"}
        BERTopic, or a scikit-learn baseline with the same interface.
    embeddings : array-like, optional
        Precomputed embeddings, one row per segment in the table's row order (BERTopic only).
    embedder : analysis.embed.Embedder, optional
        Embeds the segments (when ``embeddings`` is None), and the seed words, code
        descriptions and candidate words BERTopic embeds. Defaults to the packaged
        all-MiniLM-L6-v2 without a cache; pass ``Embedder.from_config(config)`` to cache.
    backend : {"stable", "umap", "cuml"}
        Where BERTopic's dimension reducer and clusterer come from: ``"stable"`` (the default)
        is a diffusion map and Ward's clustering (:class:`DiffusionMap`,
        :class:`WardTopics`): deterministic and continuous, so topics do not change with the
        machine, the thread count, the embedding batch or the seed; ``"umap"`` is seeded UMAP
        and HDBSCAN (BERTopic's own parts; results move with float noise); ``"cuml"`` is
        RAPIDS cuML's UMAP and HDBSCAN on a GPU, when installed.
    reducer, clusterer : object, optional
        Components to use instead of the backend's, as BERTopic takes them: ``reducer`` any
        UMAP-like object with ``fit_transform(X)`` (or ``fit`` and ``transform``) returning a
        2-d array, ``clusterer`` any HDBSCAN-like object with ``fit(X)`` setting ``labels_``
        (``-1`` for outliers) and optionally ``probabilities_``. cuML's, umap-learn's,
        scikit-learn's ``PCA``/``KMeans`` and hdbscan's all qualify.
    min_topic_size : int, optional
        The fewest segments a topic may have. None: 5 for the stable backend (Ward groups of
        fewer segments are outliers); for the umap and cuml backends, HDBSCAN's
        ``min_cluster_size`` scaled with the corpus (one fiftieth of the fitted segments within
        10-15, and at least one five-hundredth).
    min_samples : int, optional
        HDBSCAN's ``min_samples`` (umap and cuml backends); None means a fifth of
        ``min_cluster_size``.
    min_content_words : int, default 2
        Participant segments with fewer content words (words left after English and
        spoken-English stop words, fillers and transcript annotations are removed) are neither
        fitted nor assigned: back-channels and courtesies ("Yeah, that's fine.") carry no theme
        of their own and would otherwise pile into whichever topic is nearest. Their
        ``excluded`` reason is "no substance". 0 fits every segment with text.
    nr_topics : None, "auto" or int
        The number of topics. None (or "auto") for the stable backend: the square root of the
        fitted segments (:func:`default_n_topics`); an int cuts Ward's tree at that many. For
        the umap and cuml backends: None keeps what HDBSCAN finds, an int merges the most
        similar topics until that many remain, "auto" merges topics HDBSCAN finds similar (for
        LDA/NMF: the number of topics, default 15). ``settings["n_topics_chosen_by"]`` records
        what happened.
    reduce_outliers : bool or {"embeddings", "c-tf-idf"}
        Reassign outliers (topic ``-1``) to their nearest topic with BERTopic's
        ``reduce_outliers`` (``True`` means ``"embeddings"``), then update the topics' words.
        Reassigned segments get a missing ``probability``.
    representation : {"ctfidf", "mmr", "keybert"}
        How topic words are chosen: c-TF-IDF's order (the default, and what the NPMI
        evaluation scores), MaximalMarginalRelevance (drops near-duplicates), or
        KeyBERTInspired (words most similar to the topic's representative segments).
    top_n_words : int
        Words per topic in the ``words`` column.
    ngram_range : tuple of int
        Word n-grams counted (``(1, 2)``: words and two-word phrases).
    codebook : DataFrame, optional
        A codebook table (``code_id, name, parent, definition, include, ...``); needed by
        ``guided`` and ``zero_shot``. Only leaf codes are used.
    guided : bool
        Guided topic modelling: each leaf code's name and definition give seed words (stop words
        removed) that pull similar segments together.
    zero_shot : bool
        Zero-shot topic modelling: segments whose embedding is at least
        ``zero_shot_min_similarity`` similar to a code's ``"name: definition"`` form that code's
        topic (``label`` is the code's name, ``code_id`` the code); the rest are clustered.
    zero_shot_min_similarity : float
        The cosine similarity a segment needs to join a code's topic.
    progress : bool
        Show progress bars while embedding and BERTopic's stage log while fitting.

    Returns
    -------
    TopicResult
        ``topics``, ``assignments`` (every input segment; interviewer turns, empty segments
        and segments without substance with a missing topic and the reason in ``excluded``),
        ``settings``, ``outliers`` and ``model``.

    Raises
    ------
    InputError
        For a bad argument, a malformed segments table, or fewer than
        :data:`MIN_FIT_SEGMENTS` (20) participant segments with substance.

    Notes
    -----
    The stable backend (all recorded in ``settings``): embeddings at unit length in double
    precision; a graph of each segment's 15 nearest neighbours by cosine whose weights are a
    continuous function of the distances; its diffusion map (the leading eigenvectors, weighted
    by their eigenvalues to the power 30, truncated where that weight falls below a thousandth);
    Ward's tree on those coordinates, cut at the square root of the number of segments; groups
    under ``min_topic_size`` are outliers; c-TF-IDF over words and two-word phrases within a
    clause, without English and spoken-English stop words, damping words every topic uses. No
    step samples, so the same segments give the same topics on any machine: float noise in the
    embeddings (1e-7 between thread counts, SIMD paths or embedding batches) moves the
    coordinates by as little and changes no assignment (``tests/test_topic_robustness.py``
    checks 1e-6). Against ``BERTopic()``'s defaults with seeded UMAP, on the same embeddings,
    NMI and ARI against human labels were as high or higher on the demo study, OCTIS BBC News
    and MTS-Dialog (``make bench``, section quality).

    Examples
    --------
    >>> result = fit_topics(segments, seed=20231115)           # doctest: +SKIP
    >>> result.topics[["topic", "size", "label"]].head()       # doctest: +SKIP
    """
    _check_arguments(
        method, seed, min_topic_size, min_samples, nr_topics, reduce_outliers, representation,
        top_n_words, zero_shot_min_similarity,
    )  # fmt: skip
    if method != "bertopic" and (
        guided or zero_shot or embeddings is not None or reducer is not None
        or clusterer is not None
    ):  # fmt: skip
        raise InputError(
            "guided, zero-shot, precomputed embeddings and injected reducers or clusterers need "
            f"method 'bertopic', not {method!r}"
        )
    if (guided or zero_shot) and codebook is None:
        raise InputError(
            "guided and zero-shot topic modelling need a codebook",
            location="fit_topics",
            expected="codebook=<the table read_codebook returns>",
        )
    min_content_words = check_scalar(
        min_content_words, "min_content_words", "fit_topics", low=0, what="an int of at least 0"
    )
    prepared = prepare_segments(segments, min_content_words=min_content_words)
    check_enough(prepared)
    texts = prepared.fit_texts
    excluded = prepared.table["excluded"].value_counts()
    settings = {
        "method": method,
        "seed": int(seed),
        "nr_topics": nr_topics,
        "min_topic_size_given": min_topic_size,
        "min_samples": min_samples,
        "min_content_words": int(min_content_words),
        "top_n_words": int(top_n_words),
        "ngram_range": list(ngram_range),
        "segment_order": "sorted by segment_id before fitting",
        "n_segments": len(prepared.table),
        "n_fitted": len(texts),
        "n_excluded": int((~prepared.fit_mask).sum()),
        "n_excluded_by_reason": {str(k): int(v) for k, v in excluded.items()},
        "excluded": "interviewer turns, empty segments and segments with fewer than "
        f"{int(min_content_words)} content words: neither fitted nor assigned, topic missing",
        "min_fit_segments": MIN_FIT_SEGMENTS,
        "versions": package_versions(_PACKAGES),
    }
    if method == "bertopic":
        from analysis.topics._bert_fit import fit_with_bertopic

        fitted = fit_with_bertopic(
            prepared,
            texts,
            embeddings=None
            if embeddings is None
            else align_embeddings(embeddings, prepared)[prepared.fit_mask],
            embedder=embedder,
            seed=int(seed),
            backend=backend,
            reducer=reducer,
            clusterer=clusterer,
            min_topic_size=min_topic_size,
            min_samples=min_samples,
            nr_topics=nr_topics,
            reduce_outliers="embeddings" if reduce_outliers is True else reduce_outliers,
            representation=representation,
            top_n_words=int(top_n_words),
            ngram_range=tuple(ngram_range),
            codebook=codebook,
            guided=guided,
            zero_shot=zero_shot,
            zero_shot_min_similarity=float(zero_shot_min_similarity),
            progress=progress,
        )
        settings.update(fitted.settings)
        representation_name = representation
    else:
        from analysis.topics._baselines import baseline_topic_words, build_baseline, fit_baseline

        model, n_components, extra = build_baseline(
            method, n_fit=len(texts), nr_topics=nr_topics, seed=int(seed), ngram_range=ngram_range
        )
        topics, probabilities = fit_baseline(model, texts)
        words = dict(enumerate(baseline_topic_words(model, int(top_n_words))))
        if (topics == -1).any():
            words[-1] = []
        fitted = FittedTopics(topics, probabilities, model, None, words)
        settings.update(extra)
        settings["n_topics_found"] = n_components
        settings["n_topics_chosen_by"] = f"fixed: n_components={n_components} " + (
            "(nr_topics)" if isinstance(nr_topics, int) else "(the baselines' default)"
        )
        representation_name = f"{method} component weights"
    topics = np.asarray(fitted.topics, dtype=np.int64)
    table = topics_table(
        set(fitted.words) | set(topics.tolist()),
        fitted.words,
        topics,
        representation=representation_name,
        top_n_words=int(top_n_words),
        code_ids=fitted.code_ids,
        code_names=fitted.code_names,
        chatter=chatter_shares(topics, texts, min_content_words=int(min_content_words)),
        labels=phrase_labels(texts, topics, fitted.model.vectorizer_model)
        if method == "bertopic"
        else None,
    )
    if method == "bertopic":
        centres = model_centres(fitted.model)
        table = table.merge(topic_groups(table, centres), on="topic", how="left")
    outliers = int((topics == -1).sum())
    settings["n_topics"] = int((table["topic"] != -1).sum())
    settings["outliers"] = outliers
    return TopicResult(
        topics=table,
        assignments=assignments_table(prepared, topics, fitted.probabilities),
        settings=settings,
        outliers=outliers,
        model=fitted.model,
        embedder=fitted.embedder,
    )


def fit_settings(config) -> dict:
    """The keyword arguments of :func:`fit_topics` that ``params.yaml``'s ``topics`` section
    sets (all but the codebook-informed ones, which need the study's codebook)."""
    topics = config.topics
    return {
        "method": topics.method,
        "backend": topics.backend,
        "nr_topics": topics.nr_topics,
        "min_topic_size": topics.min_topic_size,
        "min_samples": topics.min_samples,
        "min_content_words": topics.min_content_words,
        "reduce_outliers": topics.reduce_outliers,
        "representation": topics.representation,
        "top_n_words": topics.top_n_words,
    }


def fit_topics_from_config(segments, config, embedder=None, *, progress: bool = True):
    """:func:`fit_topics` as ``params.yaml``'s ``topics`` section and ``seed`` say.

    Parameters
    ----------
    segments : DataFrame
    config : analysis.config.Config
    embedder : analysis.embed.Embedder, optional
        Defaults to ``Embedder.from_config(config)`` (the configured model, cached on disk).
    progress : bool

    Returns
    -------
    TopicResult
    """
    from analysis.embed import Embedder

    settings = config.topics
    if embedder is None and settings.method == "bertopic":
        embedder = Embedder.from_config(config, progress=progress)
    codebook = None
    if settings.guided or settings.zero_shot:
        codebook = _config_codebook(config)
    return fit_topics(
        segments,
        seed=config.seed,
        embedder=embedder,
        codebook=codebook,
        guided=settings.guided,
        zero_shot=settings.zero_shot,
        zero_shot_min_similarity=settings.zero_shot_min_similarity,
        progress=progress,
        **fit_settings(config),
    )


def _config_codebook(config):
    """The study's codebook as ingest chose it (``codebook.parquet``: the version the codings
    use, from the codebook folder or the study's CAQDAS project), not re-read from raw files."""
    import pandas as pd

    path = config.processed_dir / "codebook.parquet"
    if not path.is_file():
        raise InputError(
            "guided or zero-shot topics need the study's codebook, and ingest found none",
            path=path,
            location="topics.guided / topics.zero_shot",
            expected="a codebook in the study's codebook/ folder or its .qdpx project, "
            "then `analysis ingest`",
        )
    return pd.read_parquet(path)
