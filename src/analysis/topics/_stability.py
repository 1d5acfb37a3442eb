"""How stable each topic is: does it come back when the model is refitted on resampled data?"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from analysis.errors import InputError
from analysis.topics._inputs import align_embeddings, prepare_segments
from analysis.validation import check_scalar

#: Hennig (2007): clusters with a mean Jaccard similarity below 0.6 under resampling should not
#: be trusted; at or above 0.75 they are highly stable.
STABLE_JACCARD = 0.6
#: A topic "reappears" in a resample when its best match there overlaps it by at least this.
REAPPEARS_JACCARD = 0.5
#: Each resample fits at most this many segments (large corpora are subsampled to it).
MAX_RESAMPLE_ROWS = 10_000
STABILITY_COLUMNS = ["topic", "stability", "reappears", "n_resamples", "stable"]


def topic_stability(
    result,
    segments: pd.DataFrame,
    *,
    seed: int,
    embeddings=None,
    n_resamples: int = 20,
    fraction: float = 0.8,
    progress: bool = False,
) -> pd.DataFrame:
    """Each topic's stability under resampling, as Hennig's ``clusterboot`` measures it.

    The model's dimension reducer and clusterer are refitted ``n_resamples`` times, each time to
    a random ``fraction`` of the fitted segments (drawn without replacement from ``seed``;
    stochastic components also get a new seed each time). Each topic is matched with the
    resample's topic that overlaps it most, by Jaccard similarity on the segments both runs
    fitted.

    Parameters
    ----------
    result : TopicResult
        A BERTopic result just fitted (its model still holds the reducer and clusterer).
    segments : DataFrame
        The segments table the result was fitted on.
    seed : int
        Seeds the resamples.
    embeddings : array-like, optional
        One row per segment, in the table's row order; by default the result's embedder
        embeds the fitted texts (from its cache).
    n_resamples : int, default 20
    fraction : float, default 0.8
        Share of the fitted segments in each resample (at most 10,000 segments).
    progress : bool

    Returns
    -------
    DataFrame
        ``topic, stability`` (mean best Jaccard over resamples), ``reappears`` (share of
        resamples whose best match has Jaccard of at least 0.5), ``n_resamples`` and
        ``stable`` (stability of at least 0.6). Outliers and zero-shot topics (defined by
        codes, not by the clustering) are not scored.

    Notes
    -----
    The stable backend's parts are deterministic, so refitting them on the same segments gives
    the same topics for every seed: stability here measures whether a topic is a feature of the
    data or of which segments happened to be collected. For Ward's tree the resamples are cut
    into as many groups as the full fit was, so that a topic is compared at its own grain.

    References
    ----------
    Hennig, C. (2007). Cluster-wise assessment of cluster stability. *Computational Statistics
    & Data Analysis* 52(1), 258-271. doi:10.1016/j.csda.2006.11.025
    """
    if result.method != "bertopic" or result.model is None:
        raise InputError(
            "topic stability needs a BERTopic result fitted in this session",
            location="topic_stability",
            expected="the TopicResult fit_topics returned (its model keeps the clusterer)",
        )
    check_scalar(
        fraction,
        "fraction",
        "topic_stability",
        kind=float,
        low=0,
        high=1,
        include_low=False,
        include_high=False,
    )
    n_resamples = check_scalar(
        n_resamples, "n_resamples", "topic_stability", low=1, what="a positive int"
    )
    prepared = prepare_segments(
        segments,
        caller="topic_stability",
        min_content_words=int(result.settings.get("min_content_words", 0)),
    )
    ids = prepared.fit_table["segment_id"].to_numpy()
    fitted = result.assignments.set_index("segment_id").loc[ids, "topic"]
    if fitted.isna().any():
        raise InputError(
            "the segments given are not the ones the topics were fitted on",
            location="topic_stability",
            expected="the segments table passed to fit_topics",
        )
    labels = fitted.astype(int).to_numpy()
    if embeddings is None:
        vectors = result._embedder().embed(prepared.fit_texts)
    else:
        vectors = align_embeddings(embeddings, prepared, caller="topic_stability")
        vectors = vectors[prepared.fit_mask]
    from analysis.topics._neighbours import unit_rows

    vectors = unit_rows(vectors)
    zero_shot = set(result.topics.dropna(subset=["code_id"])["topic"].astype(int))
    scored = [t for t in np.unique(labels) if t != -1 and t not in zero_shot]
    rng = np.random.default_rng(seed)
    n = len(labels)
    size = int(min(round(fraction * n), MAX_RESAMPLE_ROWS))
    best = np.zeros((n_resamples, len(scored)))
    model = result.model
    for r in tqdm(range(n_resamples), desc="topic stability", disable=not progress):
        rows = np.sort(rng.choice(n, size=size, replace=False))
        reducer, clusterer = (
            _fresh(model.umap_model, seed + r + 1),
            _fresh(model.hdbscan_model, seed + r + 1),
        )
        _keep_grain(clusterer, model.hdbscan_model)
        reduced = (
            reducer.fit_transform(vectors[rows])
            if hasattr(reducer, "fit_transform")
            else reducer.fit(vectors[rows]).transform(vectors[rows])
        )
        clusterer.fit(np.nan_to_num(np.asarray(reduced)))
        again = np.asarray(clusterer.labels_)
        original = labels[rows]
        for j, topic in enumerate(scored):
            members = original == topic
            if not members.any():
                continue
            best[r, j] = _best_jaccard(members, again)
    table = pd.DataFrame(
        {
            "topic": np.asarray(scored, dtype=np.int64),
            "stability": best.mean(axis=0),
            "reappears": (best >= REAPPEARS_JACCARD).mean(axis=0),
            "n_resamples": n_resamples,
        }
    )
    table["stable"] = table["stability"] >= STABLE_JACCARD
    return table[STABILITY_COLUMNS]


def _best_jaccard(members: np.ndarray, labels: np.ndarray) -> float:
    """The largest Jaccard similarity between ``members`` and any cluster of ``labels``."""
    candidates = np.unique(labels[members])
    candidates = candidates[candidates != -1]
    score = 0.0
    for c in candidates:
        other = labels == c
        inter = np.count_nonzero(members & other)
        score = max(score, inter / np.count_nonzero(members | other))
    return score


def _fresh(component, seed: int):
    """An unfitted copy of a component, reseeded where it takes a ``random_state``."""
    from analysis.topics._bertopic import component_params

    params = component_params(component)
    if params is None:
        return copy.deepcopy(component)
    if params.get("random_state") is not None:
        params["random_state"] = int(seed)
    return type(component)(**params)


def _keep_grain(clusterer, fitted) -> None:
    """Cut Ward's tree in a resample into as many groups as the full fit was cut into."""
    from analysis.topics._cluster import WardTopics

    if isinstance(clusterer, WardTopics) and getattr(fitted, "n_clusters_", None):
        clusterer.n_clusters = int(fitted.n_clusters_)


def mark_findings(topics: pd.DataFrame, stability: pd.DataFrame | None) -> pd.DataFrame:
    """The topics table with each topic's stability and whether it may be reported as a finding.

    Adds ``stability``, ``reappears`` and ``stable`` (missing for outliers and zero-shot topics,
    and for every topic when ``stability`` is None) and ``finding``: not the outliers, not
    chatter, and not unstable. Tables and figures of findings keep to ``finding`` topics or mark
    the others.
    """
    table = topics.drop(columns=[c for c in STABILITY_COLUMNS[1:] + ["finding"]
                                 if c in topics.columns])  # fmt: skip
    if stability is None:
        stability = pd.DataFrame(columns=STABILITY_COLUMNS)
    table = table.merge(
        stability[["topic", "stability", "reappears", "stable"]], on="topic", how="left"
    )
    table["stability"] = table["stability"].astype("Float64").round(4)
    table["reappears"] = table["reappears"].astype("Float64").round(4)
    table["stable"] = table["stable"].astype("boolean")
    chatter = table["chatter"].astype(bool) if "chatter" in table.columns else False
    table["finding"] = (table["topic"] != -1) & ~chatter & table["stable"].fillna(True).astype(bool)
    return table
