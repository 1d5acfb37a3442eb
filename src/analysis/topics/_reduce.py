"""A dimension reducer for BERTopic whose output moves only as much as its input does.

UMAP, BERTopic's default, lays points out by stochastic gradient descent whose sampling
schedule depends on floating-point comparisons of the neighbour weights, so a change in the
seventh decimal of one embedding (another thread count, another SIMD path, another embedding
batch) sends the optimisation down another path, and the topics change with it. A diffusion
map reaches a comparable layout by linear algebra alone: the same neighbour graph, its leading
eigenvectors, no sampling.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator

from analysis.topics._neighbours import (
    evenly_spaced,
    kernel_weights,
    nearest,
    neighbour_graph,
    unit_rows,
)

#: Above this many distinct rows the graph is built on this many evenly spaced landmarks and the
#: other rows are placed by their nearest landmarks (Nyström extension): exact neighbours among
#: all rows would cost n^2 distances.
MAX_EXACT_ROWS = 10_000
#: Diffusion coordinates weighted below this share of the first are left out.
TRUNCATION = 1e-3
#: ``eigsh`` is used above this many rows, a dense eigensolver below it.
_DENSE_BELOW = 1_500


class DiffusionMap(BaseEstimator):
    """Diffusion-map coordinates of embeddings: deterministic, continuous, no seed.

    A drop-in for BERTopic's ``umap_model`` (``fit``, ``transform``, ``fit_transform``,
    ``embedding_``); a scikit-learn estimator (``get_params``, ``clone``).

    Parameters
    ----------
    n_neighbors : int, default 15
        Neighbours per point in the graph (UMAP's default).
    n_components : int, default 100
        The most eigenvectors computed (besides the trivial one); those whose weight
        :math:`\\lambda^t` falls below a thousandth of the first's are left out.
    diffusion_time : float, default 20
        Each eigenvector is weighted by its eigenvalue to this power: small-scale, noisy
        directions fade, broad ones stay. Coordinates are then scaled to unit length.
    max_exact_rows : int, default 10,000
        Rows above which the graph is built on landmarks (see Notes).

    Attributes
    ----------
    embedding_ : ndarray of shape (n_samples, n_components)
        The coordinates of the fitted rows.
    eigenvalues_ : ndarray
        The eigenvalues of the normalised graph, largest first (the trivial 1 left out).
    n_landmarks_ : int
        Rows the graph was built on (all rows unless there were more than ``max_exact_rows``).

    Notes
    -----
    The graph is UMAP's (fuzzy union of each point's k nearest neighbours by cosine) with one
    change: the k-th neighbour's weight falls to zero as it meets the (k+1)-th
    (:func:`~analysis.topics._neighbours.kernel_weights`), so that two neighbours trading places
    at the boundary change nothing. The coordinates are the
    right eigenvectors :math:`\\psi_i` of the random-walk matrix :math:`P = D^{-1}W` with the
    largest eigenvalues :math:`\\lambda_i < 1`, as :math:`\\lambda_i^t \\psi_i` (Coifman and Lafon
    2006), the trivial eigenvector projected out (so a disconnected graph keeps its components
    apart without choosing among them), then scaled to unit length. Every step is a continuous
    function of the input, so embeddings that differ by float noise give coordinates that
    differ by about as much. Rows beyond the landmarks get :math:`\\sum_j p(x, j)\\psi_i(j) /
    \\lambda_i` over their nearest landmarks (Nyström extension).

    References
    ----------
    Coifman, R. R. and Lafon, S. (2006). Diffusion maps. *Applied and Computational Harmonic
    Analysis* 21(1), 5-30. doi:10.1016/j.acha.2006.04.006

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(c, 0.1, (30, 8)) for c in (-1, 1)])
    >>> y = DiffusionMap(n_components=4).fit_transform(x)
    >>> y.shape
    (60, 4)
    >>> bool(np.allclose(y, DiffusionMap(n_components=4).fit_transform(x + 1e-9)))
    True
    """

    def __init__(
        self,
        n_neighbors: int = 15,
        n_components: int = 100,
        diffusion_time: float = 20,
        max_exact_rows: int = MAX_EXACT_ROWS,
        min_components: int = 10,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.diffusion_time = diffusion_time
        self.max_exact_rows = max_exact_rows
        self.min_components = min_components

    def fit(self, X, y=None) -> DiffusionMap:
        unit = unit_rows(X)
        n = len(unit)
        if n < 4:
            raise ValueError(f"a diffusion map needs at least 4 rows, got {n}")
        landmarks = evenly_spaced(n, int(self.max_exact_rows))
        reference = unit[landmarks]
        graph = neighbour_graph(reference, int(self.n_neighbors))
        degree = np.asarray(graph.sum(axis=1)).ravel()
        psi, eigenvalues = _leading_eigenvectors(graph, degree, int(self.n_components))
        # Coifman and Lafon's truncation: directions whose weight has fallen below a thousandth
        # of the first's carry nothing but the solver's noise (near-equal eigenvalues at the
        # cut-off rotate into each other).
        weight = np.clip(eigenvalues, 0.0, None) ** float(self.diffusion_time)
        kept = max(int(self.min_components), int((weight >= TRUNCATION * weight[0]).sum()))
        kept = min(kept, len(eigenvalues))
        psi, eigenvalues = psi[:, :kept], eigenvalues[:kept]
        self._reference = reference
        self._psi = psi
        self.eigenvalues_ = eigenvalues
        self.n_landmarks_ = len(landmarks)
        coordinates = np.empty((n, psi.shape[1]))
        coordinates[landmarks] = psi
        rest = np.setdiff1d(np.arange(n), landmarks, assume_unique=True)
        if len(rest):
            coordinates[rest] = self._extend(unit[rest])
        self.embedding_ = self._scale(coordinates)
        self._fitted_rows = unit
        return self

    def transform(self, X) -> np.ndarray:
        unit = unit_rows(X)
        if getattr(self, "_fitted_rows", None) is not None and np.array_equal(
            unit, self._fitted_rows
        ):
            return self.embedding_
        return self._scale(self._extend(unit))

    def fit_transform(self, X, y=None) -> np.ndarray:
        return self.fit(X).embedding_

    def _extend(self, unit: np.ndarray) -> np.ndarray:
        """Nyström extension: coordinates of rows off the graph from their nearest landmarks."""
        k = int(min(self.n_neighbors, len(self._reference) - 1))
        indices, distances = nearest(unit, self._reference, k + 1)
        weights = kernel_weights(distances, k)
        weights /= weights.sum(axis=1, keepdims=True)
        lam = np.where(self.eigenvalues_ > 1e-12, self.eigenvalues_, 1.0)
        return np.einsum("ij,ijc->ic", weights, self._psi[indices[:, :k]]) / lam

    def _scale(self, psi: np.ndarray) -> np.ndarray:
        weights = np.clip(self.eigenvalues_, 0.0, None) ** float(self.diffusion_time)
        return unit_rows(psi * weights)


def _leading_eigenvectors(graph: sp.csr_matrix, degree: np.ndarray, n_components: int):
    """The ``n_components`` leading non-trivial right eigenvectors of ``D^-1 W``, and their
    eigenvalues, largest first.

    Computed on the symmetric ``D^-1/2 W D^-1/2`` with its trivial eigenvector (``D^1/2 1``,
    eigenvalue 1 for any graph) projected out. The start vector is fixed, not seeded: the
    solver converges to the same eigenvectors from any start, and a fixed one keeps the result
    free of the study's seed.
    """
    n = graph.shape[0]
    inv_sqrt = 1.0 / np.sqrt(degree)
    scale = sp.diags(inv_sqrt)
    normalised = sp.csr_matrix(scale @ graph @ scale)
    trivial = np.sqrt(degree)
    trivial /= np.linalg.norm(trivial)
    k = int(max(1, min(n_components, n - 2)))
    if n < _DENSE_BELOW:
        from scipy.linalg import eigh

        dense = normalised.toarray()
        dense -= np.outer(trivial, trivial)
        values, vectors = eigh(dense, subset_by_index=[n - k, n - 1])
    else:
        from scipy.sparse.linalg import LinearOperator, eigsh

        def matvec(v):
            v = np.asarray(v).reshape(n, -1)
            return normalised @ v - np.outer(trivial, trivial @ v)

        operator = LinearOperator((n, n), matvec=matvec, matmat=matvec, dtype=np.float64)
        start = np.random.default_rng(0).standard_normal(n)
        values, vectors = eigsh(operator, k=k, which="LA", v0=start, tol=1e-10)
    order = np.argsort(-values, kind="stable")
    values, vectors = values[order], vectors[:, order]
    return inv_sqrt[:, None] * vectors, values
