"""``fit_topics``: one entry point for BERTopic and the LDA/NMF baselines."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.io import package_versions
from analysis.topics._inputs import (
    MIN_FIT_SEGMENTS,
    SHORT,
    align_embeddings,
    assignments_table,
    check_enough,
    prepare_segments,
)
from analysis.topics._result import TopicResult, topics_table

METHODS = ("bertopic", "lda", "nmf")
REPRESENTATIONS = ("keybert", "mmr", "ctfidf")
OUTLIER_STRATEGIES = ("embeddings", "c-tf-idf")
_PACKAGES = (
    "analysis", "bertopic", "umap-learn", "hdbscan", "scikit-learn", "sentence-transformers",
    "torch", "numpy", "pandas",
)  # fmt: skip


def _bad(name: str, what: str, value) -> InputError:
    return InputError(
        f"The '{name}' parameter of fit_topics must be {what}. Got {value!r} instead."
    )


def _check_arguments(
    method, seed, min_topic_size, min_samples, nr_topics, reduce_outliers, representation,
    top_n_words, zero_shot_min_similarity,
):  # fmt: skip
    if method not in METHODS:
        raise _bad("method", "one of " + ", ".join(repr(m) for m in METHODS), method)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise _bad("seed", "an int (from params.yaml's seed)", seed)
    for name, value, low in (
        *((("min_topic_size", min_topic_size, 2),) if min_topic_size is not None else ()),
        ("top_n_words", top_n_words, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise _bad(name, f"an int of at least {low}", value)
    if min_samples is not None and (
        isinstance(min_samples, bool)
        or not isinstance(min_samples, numbers.Integral)
        or min_samples < 1
    ):
        raise _bad("min_samples", "None or a positive int", min_samples)
    if nr_topics is not None and nr_topics != "auto":
        if (
            isinstance(nr_topics, bool)
            or not isinstance(nr_topics, numbers.Integral)
            or nr_topics < 2
        ):
            raise _bad("nr_topics", "None, 'auto' or an int of at least 2", nr_topics)
    if reduce_outliers not in (False, True, *OUTLIER_STRATEGIES):
        raise _bad("reduce_outliers", "False, True, 'embeddings' or 'c-tf-idf'", reduce_outliers)
    if representation not in REPRESENTATIONS:
        raise _bad("representation", "one of 'keybert', 'mmr', 'ctfidf'", representation)
    if (
        not isinstance(zero_shot_min_similarity, numbers.Real)
        or not 0 < zero_shot_min_similarity < 1
    ):
        raise _bad(
            "zero_shot_min_similarity", "a float in the range (0, 1)", zero_shot_min_similarity
        )


def fit_topics(
    segments,
    *,
    seed: int,
    method: str = "bertopic",
    embeddings=None,
    embedder=None,
    min_topic_size: int | None = None,
    min_samples: int | None = 1,
    min_words: int = 8,
    nr_topics: int | str | None = None,
    reduce_outliers: bool | str = False,
    representation: str = "mmr",
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
        by ``segment_id`` first, so their order does not change the result. Interviewer turns
        and empty segments are not fitted (see Returns).
    seed : int
        Seeds UMAP, KeyBERTInspired's sampling and LDA/NMF; the same seed and inputs give the
        same tables.
    method : {"bertopic", "lda", "nmf"}
        BERTopic, or a scikit-learn baseline with the same interface.
    embeddings : array-like, optional
        Precomputed embeddings, one row per segment in the table's row order (BERTopic only).
    embedder : analysis.embed.Embedder, optional
        Embeds the segments (when ``embeddings`` is None), and the seed words, code
        descriptions and candidate words BERTopic embeds. Defaults to the packaged
        all-MiniLM-L6-v2 without a cache; pass ``Embedder.from_config(config)`` to cache.
    min_topic_size : int, optional
        HDBSCAN's ``min_cluster_size``; kept below a third of the fitted segments. None scales
        it with the corpus: one fiftieth of the fitted segments, at least 10 and at most 15 (10
        up to 500 fitted segments, 15 from 750), and for large corpora at least one five-hundredth
        (20 at 10,000 segments, 200 at 100,000), so the number of topics stays readable and
        fitting time does not grow with hundreds of tiny topics.
    min_samples : int, optional
        HDBSCAN's ``min_samples`` (how conservative clustering is); None means a fifth of
        ``min_cluster_size``. The default 1 leaves the fewest segments as outliers.
    min_words : int
        Participant segments with fewer words are not fitted (back-channels and one-liners
        carry no theme of their own and crowd the model with small-talk topics); once the model
        is fitted they are assigned to the nearest topic (``assigned_by`` is "similarity"). 0
        fits every segment.
    nr_topics : None, "auto" or int
        None: as many topics as HDBSCAN finds; an int: merge the most similar topics until that
        many remain (for LDA/NMF: the number of topics, default 15); "auto": merge topics
        HDBSCAN finds similar. ``settings["n_topics_chosen_by"]`` records what happened.
    reduce_outliers : bool or {"embeddings", "c-tf-idf"}
        Reassign outliers (topic ``-1``) to their nearest topic with BERTopic's
        ``reduce_outliers`` (``True`` means ``"embeddings"``), then update the topics' words.
        Reassigned segments get a missing ``probability``.
    representation : {"mmr", "keybert", "ctfidf"}
        How topic words are chosen from c-TF-IDF's top words: MaximalMarginalRelevance keeps
        the ones most like the topic while dropping near-duplicates (the default: the most
        readable on spoken corpora), KeyBERTInspired keeps those most similar to the topic's
        representative segments, "ctfidf" takes c-TF-IDF's order as it is.
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
        ``topics``, ``assignments`` (every input segment; interviewer turns and empty segments
        with a missing topic and the reason in ``excluded``), ``settings``, ``outliers`` and
        ``model``.

    Raises
    ------
    InputError
        For a bad argument, a malformed segments table, or fewer than
        :data:`MIN_FIT_SEGMENTS` (20) participant segments with text.

    Notes
    -----
    BERTopic's parts, set for a few hundred to a few thousand short spoken segments (all
    recorded in ``settings``): UMAP with ``n_neighbors=15`` and ``n_components=5`` (fewer for
    tiny corpora), ``min_dist=0``, cosine metric, ``random_state=seed`` and one thread (UMAP is
    reproducible only so); HDBSCAN with ``min_samples`` a fifth of ``min_cluster_size`` and no
    topic above a third of the corpus (without both, excess-of-mass selection often returns one
    distinct theme and one super-cluster of everything else); c-TF-IDF over words and two-word
    phrases within a clause, without English and spoken-English stop words, damping words every
    topic uses. On the demo study (1,415 participant segments of interviews and events, 1,055
    written for one of 15 planted themes) these settings gave ARI 0.37-0.42 and NMI 0.60-0.62,
    against 0.32-0.34 and 0.59-0.60 for ``BERTopic()``'s defaults with the same seeded UMAP,
    and 0.12-0.15 / 0.35-0.36 (LDA) and 0.21-0.24 / 0.38-0.42 (NMF) with as many topics
    (``analysis evaluate-topics``; the range is over runs whose embedding caches were filled
    differently, see the README's note on determinism).

    Examples
    --------
    >>> result = fit_topics(segments, seed=20231115)           # doctest: +SKIP
    >>> result.topics[["topic", "size", "label"]].head()       # doctest: +SKIP
    """
    _check_arguments(
        method, seed, min_topic_size, min_samples, nr_topics, reduce_outliers, representation,
        top_n_words, zero_shot_min_similarity,
    )  # fmt: skip
    if method != "bertopic" and (guided or zero_shot or embeddings is not None):
        raise InputError(
            f"guided, zero-shot and precomputed embeddings need method 'bertopic', not {method!r}"
        )
    if (guided or zero_shot) and codebook is None:
        raise InputError(
            "guided and zero-shot topic modelling need a codebook",
            location="fit_topics",
            expected="codebook=<the table read_codebook returns>",
        )
    if isinstance(min_words, bool) or not isinstance(min_words, numbers.Integral) or min_words < 0:
        raise _bad("min_words", "an int of at least 0", min_words)
    prepared = prepare_segments(segments, min_words=int(min_words))
    check_enough(prepared)
    texts = prepared.fit_texts
    topic_size_chosen_by = "given"
    if min_topic_size is None:
        n_fit = len(texts)
        min_topic_size = max(10, min(15, round(n_fit / 50)), round(n_fit / 500))
        topic_size_chosen_by = (
            "scaled with the corpus: n_fitted / 50 within 10-15, and at least n_fitted / 500"
        )
    settings = {
        "method": method,
        "seed": int(seed),
        "nr_topics": nr_topics,
        "min_topic_size": int(min_topic_size),
        "min_topic_size_chosen_by": topic_size_chosen_by,
        "min_samples": min_samples,
        "min_words": int(min_words),
        "top_n_words": int(top_n_words),
        "ngram_range": list(ngram_range),
        "segment_order": "sorted by segment_id before fitting",
        "n_segments": len(prepared.table),
        "n_fitted": len(texts),
        "n_excluded": int((~prepared.fit_mask).sum()),
        "excluded": "interviewer turns and empty segments: not fitted, topic missing; "
        "segments under min_words words: not fitted, assigned to the nearest topic",
        "min_fit_segments": MIN_FIT_SEGMENTS,
        "versions": package_versions(_PACKAGES),
    }
    if method == "bertopic":
        from analysis.topics._bert_fit import fit_with_bertopic

        topics, probabilities, model, embedder, words, code_ids, code_names, extra = (
            fit_with_bertopic(
                prepared,
                texts,
                embeddings=None
                if embeddings is None
                else align_embeddings(embeddings, prepared)[prepared.fit_mask],
                embedder=embedder,
                seed=int(seed),
                min_topic_size=int(min_topic_size),
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
        )
        settings.update(extra)
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
        embedder, code_ids, code_names = None, {}, {}
        settings.update(extra)
        settings["n_topics_found"] = n_components
        settings["n_topics_chosen_by"] = f"fixed: n_components={n_components} " + (
            "(nr_topics)" if isinstance(nr_topics, int) else "(the baselines' default)"
        )
        representation_name = f"{method} component weights"
    topics = np.asarray(topics, dtype=np.int64)
    table = topics_table(
        set(words) | set(topics.tolist()),
        words,
        topics,
        representation=representation_name,
        top_n_words=int(top_n_words),
        code_ids=code_ids,
        code_names=code_names,
    )
    outliers = int((topics == -1).sum())
    settings["n_topics"] = int((table["topic"] != -1).sum())
    settings["outliers"] = outliers
    result = TopicResult(
        topics=table,
        assignments=assignments_table(prepared, topics, probabilities),
        settings=settings,
        outliers=outliers,
        model=model,
        embedder=embedder,
    )
    short = prepared.table["excluded"] == SHORT
    if short.any():
        _assign_short(result, prepared.table[short.fillna(False).to_numpy()], embeddings, prepared)
    return result


def _assign_short(result: TopicResult, short, embeddings, prepared) -> None:
    """Give the short segments left out of fitting the topic they are nearest to."""
    vectors = None
    if embeddings is not None:
        vectors = align_embeddings(embeddings, prepared)[short.index.to_numpy()]
    rows = short.drop(columns="excluded").assign(is_interviewer=False)
    assigned = result.transform(rows, embeddings=vectors).set_index("segment_id")
    table = result.assignments.set_index("segment_id")
    table.loc[assigned.index, "topic"] = assigned["topic"]
    table.loc[assigned.index, "probability"] = assigned["probability"]
    table.loc[assigned.index, "excluded"] = pd.NA
    table["assigned_by"] = pd.array(
        ["fit" if pd.isna(e) else pd.NA for e in table["excluded"]], dtype="string"
    )
    table.loc[assigned.index, "assigned_by"] = "similarity"
    result.assignments = table.reset_index()


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
        method=settings.method,
        embedder=embedder,
        min_topic_size=settings.min_topic_size,
        min_samples=settings.min_samples,
        min_words=settings.min_words,
        nr_topics=settings.nr_topics,
        reduce_outliers=settings.reduce_outliers,
        representation=settings.representation,
        top_n_words=settings.top_n_words,
        codebook=codebook,
        guided=settings.guided,
        zero_shot=settings.zero_shot,
        zero_shot_min_similarity=settings.zero_shot_min_similarity,
        progress=progress,
    )


def _config_codebook(config):
    """The study's codebook: ``ingest.codebook`` in ``<raw>/codebook/``, or the first there."""
    from analysis.codebook import read_codebook

    folder = config.raw_dir / "codebook"
    files = (
        sorted(p for p in folder.glob("*") if p.suffix.lower() in {".yaml", ".yml", ".csv"})
        if folder.is_dir()
        else []
    )
    wanted = config.ingest.codebook
    chosen = [p for p in files if p.name == wanted] if wanted else files[:1]
    if not chosen:
        raise InputError(
            "guided or zero-shot topics need the study's codebook, and none was found",
            path=folder,
            location="topics.guided / topics.zero_shot",
            expected="a codebook file (.yaml or .csv) in the study's codebook/ folder",
        )
    return read_codebook(chosen[0])
