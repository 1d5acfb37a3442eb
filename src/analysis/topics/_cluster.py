"""A clusterer for BERTopic that finds the same topics from inputs that differ by float noise.

Ward's hierarchical clustering is deterministic and merges by comparing sums of squares, so
coordinates that differ in the seventh decimal merge in the same order unless two merge costs
tie to that precision. Cutting the tree at a number of topics that grows with the corpus gives
topics of a readable number; groups too small to be a topic are outliers.
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.base import BaseEstimator

from analysis.topics._neighbours import evenly_spaced, unit_rows

#: Above this many rows, Ward's tree is built on this many evenly spaced landmarks (its
#: memory grows with the square of the rows) and the other rows join the nearest topic centre.
MAX_TREE_ROWS = 10_000


def default_n_topics(n_segments: int) -> int:
    """Topics for a corpus of ``n_segments`` fitted segments: the square root of half of them,
    at least 2.

    On labelled corpora (the demo study, OCTIS BBC News, MTS-Dialog's conversations and a small
    planted corpus) this gave topics as close to the human labels as plain BERTopic's or closer,
    by NMI and by ARI, where any fixed number of topics won on some corpora and lost on others.
    It grows more slowly than HDBSCAN's count, so large corpora keep a readable number of
    topics (71 at 10,000 segments, 224 at 100,000, against several hundred from BERTopic's
    defaults).

    >>> default_n_topics(90), default_n_topics(1000), default_n_topics(10_000)
    (7, 22, 71)
    """
    return max(2, int(round(math.sqrt(max(n_segments, 1) / 2))))


class WardTopics(BaseEstimator):
    """Ward's hierarchical clustering cut at a number of topics; a drop-in for BERTopic's
    ``hdbscan_model`` (``fit``, ``labels_``, ``probabilities_``); a scikit-learn estimator.

    Parameters
    ----------
    n_clusters : int, optional
        Topics to cut the tree into (before small ones become outliers); None uses
        :func:`default_n_topics` of the number of rows.
    min_cluster_size : int, default 10
        Groups with fewer rows are not topics: their rows become outliers (``-1``).
    max_tree_rows : int, default 10,000
        Rows above which the tree is built on landmarks.

    Attributes
    ----------
    labels_ : ndarray of int
        Each row's topic, numbered by size (0 the largest; ties by first row), ``-1`` for
        outliers.
    probabilities_ : ndarray of float
        Cosine similarity of each row to its topic's centre, clipped to [0, 1]; 0 for outliers.
    n_clusters_ : int
        The number of groups the tree was cut into.
    linkage_ : ndarray
        Ward's tree over the rows it was built on, in SciPy's linkage format.

    Notes
    -----
    Rows are scaled to unit length first (the diffusion map's coordinates already are), so Ward
    merges by angle. Topic numbers follow
    topic size, then the position of a topic's first row, so they do not depend on how the
    tree happened to be numbered.
    """

    def __init__(
        self,
        n_clusters: int | None = None,
        min_cluster_size: int = 10,
        max_tree_rows: int = MAX_TREE_ROWS,
    ) -> None:
        self.n_clusters = n_clusters
        self.min_cluster_size = min_cluster_size
        self.max_tree_rows = max_tree_rows

    def fit(self, X, y=None) -> WardTopics:
        from scipy.cluster.hierarchy import fcluster, linkage

        unit = unit_rows(X)
        n_rows = len(unit)
        wanted = self.n_clusters if self.n_clusters is not None else default_n_topics(n_rows)
        tree_rows = evenly_spaced(n_rows, int(self.max_tree_rows))
        k = int(max(1, min(wanted, len(tree_rows))))
        if len(tree_rows) >= 2:
            self.linkage_ = linkage(unit[tree_rows], method="ward")
            groups = fcluster(self.linkage_, k, criterion="maxclust") - 1
        else:
            self.linkage_ = np.zeros((0, 4))
            groups = np.zeros(len(tree_rows), dtype=np.int64)
        self.n_clusters_ = int(groups.max() + 1)
        centres = unit_rows(np.vstack([unit[tree_rows][groups == g].mean(axis=0)
                                       for g in range(self.n_clusters_)]))  # fmt: skip
        labels = np.empty(n_rows, dtype=np.int64)
        labels[tree_rows] = groups
        rest = np.setdiff1d(np.arange(n_rows), tree_rows, assume_unique=True)
        if len(rest):
            labels[rest] = np.argmax(unit[rest] @ centres.T, axis=1)
        self.labels_, self.probabilities_ = _number_by_size(
            labels, unit, int(self.min_cluster_size)
        )
        return self

    def fit_predict(self, X, y=None) -> np.ndarray:
        return self.fit(X).labels_


def _number_by_size(labels: np.ndarray, unit: np.ndarray, min_size: int):
    """Topics numbered by size (largest first, ties by first row); small groups become -1."""
    groups, first, counts = np.unique(labels, return_index=True, return_counts=True)
    keep = counts >= min_size
    order = sorted(np.flatnonzero(keep), key=lambda i: (-counts[i], first[i]))
    mapping = np.full(len(groups), -1, dtype=np.int64)
    mapping[order] = np.arange(len(order))
    numbered = mapping[np.searchsorted(groups, labels)]
    probabilities = np.zeros(len(labels))
    for topic in range(len(order)):
        members = numbered == topic
        centre = unit_rows(unit[members].mean(axis=0, keepdims=True))[0]
        probabilities[members] = np.clip(unit[members] @ centre, 0.0, 1.0)
    return numbered, probabilities
