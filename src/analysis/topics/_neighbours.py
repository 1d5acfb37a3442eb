"""Nearest neighbours and their weights, computed so that a tiny change in the input changes them
only a little.

Two details make a neighbour graph depend on float noise: which point is the k-th neighbour
when two are nearly tied, and the order of copies of one text. Here the k-th neighbour's weight
falls to zero as it meets the (k+1)-th (so a swap at the boundary changes nothing), and rows
closer than :data:`SAME_TEXT` count as one, ordered by position (:func:`nearest`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

#: Rows per block when comparing every row with every other (memory: block x rows floats).
_BLOCK = 2048


def unit_rows(vectors) -> np.ndarray:
    """Rows scaled to unit length, in float64 (zero rows stay zero)."""
    x = np.asarray(vectors, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-d array of row vectors, got shape {x.shape}")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


#: Distances below this count as zero: rows this close are the same text (or texts the model
#: cannot tell apart) embedded in different batches, whose float noise must not order them.
SAME_TEXT = 1e-3


def nearest(queries: np.ndarray, reference: np.ndarray, k: int, *, exclude_self: bool = False):
    """The ``k`` nearest rows of ``reference`` to each query by cosine distance (exact).

    Both arrays hold unit rows. Returns ``(indices, distances)``, each ``(n_queries, k)``,
    sorted by distance. Distances are Euclidean between unit vectors (``sqrt(2 - 2 cos)``,
    which orders neighbours as cosine does) less :data:`SAME_TEXT`, floored at 0: rows that
    close are one text for the graph, and among them the lower index comes first, so that float
    noise between copies of a text never decides which copies are neighbours.
    """
    n_q, n_ref = len(queries), len(reference)
    k = int(min(k, n_ref - (1 if exclude_self else 0)))
    indices = np.empty((n_q, k), dtype=np.int64)
    distances = np.empty((n_q, k), dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    # Among rows at distance 0, the lower index sorts first (a key just below 0).
    index_order = -(1.0 - np.arange(n_ref) / n_ref) * 1e-9
    for start in range(0, n_q, _BLOCK):
        stop = min(start + _BLOCK, n_q)
        sims = np.asarray(queries[start:stop], dtype=np.float64) @ reference.T
        dist = np.maximum(np.sqrt(np.clip(2.0 - 2.0 * sims, 0.0, None)) - SAME_TEXT, 0.0)
        key = np.where(dist > 0, dist, index_order)
        if exclude_self:
            key[np.arange(stop - start), np.arange(start, stop)] = np.inf
        part = np.argpartition(key, k - 1, axis=1)[:, :k]
        order = np.argsort(np.take_along_axis(key, part, axis=1), axis=1, kind="stable")
        indices[start:stop] = np.take_along_axis(part, order, axis=1)
        distances[start:stop] = np.take_along_axis(dist, indices[start:stop], axis=1)
    return indices, distances


def kernel_weights(distances: np.ndarray, k: int) -> np.ndarray:
    """Weights of each row's ``k`` nearest neighbours, from its ``k + 1`` nearest distances.

    .. math::

        w_{ij} = \\exp\\left(-\\frac{d_{ij} - \\rho_i}{\\sigma_i}\\right)
                 \\cdot \\frac{d_{i(k+1)} - d_{ij}}{d_{i(k+1)} - \\rho_i}

    with :math:`\\rho_i` the distance to the nearest neighbour (UMAP's local connectivity: the
    nearest neighbour always has weight 1) and :math:`\\sigma_i` the mean of
    :math:`d_{ij} - \\rho_i` over the ``k`` neighbours. The second factor (a taper) is 0 at
    the (k+1)-th distance, so the weights are a continuous function of the distances: a
    neighbour enters or leaves the list with weight 0.
    """
    d = distances[:, :k]
    rho = distances[:, :1]
    far = distances[:, k : k + 1] if distances.shape[1] > k else distances[:, -1:]
    sigma = np.maximum((d - rho).mean(axis=1, keepdims=True), 1e-12)
    span = far - rho
    taper = np.where(span > 1e-12, np.clip((far - d) / np.maximum(span, 1e-12), 0.0, 1.0), 1.0)
    return np.exp(-(d - rho) / sigma) * taper


def neighbour_graph(unit: np.ndarray, n_neighbors: int) -> sp.csr_matrix:
    """The symmetric weighted k-nearest-neighbour graph of unit rows (fuzzy union, as UMAP)."""
    n = len(unit)
    k = int(min(n_neighbors, n - 2))
    indices, distances = nearest(unit, unit, k + 1, exclude_self=True)
    weights = kernel_weights(distances, k)
    rows = np.repeat(np.arange(n), k)
    directed = sp.csr_matrix((weights.ravel(), (rows, indices[:, :k].ravel())), shape=(n, n))
    graph = directed + directed.T - directed.multiply(directed.T)
    return sp.csr_matrix(graph)


def evenly_spaced(n: int, m: int) -> np.ndarray:
    """``m`` indices spread evenly over ``range(n)`` (all of them when ``m >= n``).

    Landmarks chosen by position, not by chance: the same rows on any machine and any seed.
    """
    if m >= n:
        return np.arange(n)
    return np.unique((np.arange(m) * n) // m)
