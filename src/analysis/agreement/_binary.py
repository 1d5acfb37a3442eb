"""Every coefficient for presence/absence data from per-unit sums, so bootstraps are matrix products.

For a code's presence (1) or absence (0), each coefficient in :mod:`._pairs` and
:mod:`._coefficients` depends on the data only through sums over units of a few per-unit quantities
(:math:`m_u` values, :math:`n_{1u}` presences, and for two coders the 2 × 2 pattern). A bootstrap replicate that draws unit
:math:`u` :math:`w_u` times therefore has sums :math:`\\sum_u w_u f_u`, and all replicates are
``weights @ features``. Clustered resampling sums the features within each cluster first.
The tests check these against the general functions.
"""

from __future__ import annotations

import numpy as np

COEFFICIENTS = (
    "percent_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "brennan_prediger",
)

(
    _PAIRABLE,  # m_u >= 2
    _AGREEING,  # pairwise agreement within the unit, for pairable units
    _M,  # values in pairable units (Krippendorff's n)
    _N1,  # presences in pairable units (Krippendorff's n_1)
    _O10,  # n_1u n_0u / (m_u - 1): the presence-absence coincidences
    _RATED,  # m_u >= 1
    _PI1,  # n_1u / m_u over rated units (Gwet's pi_1)
    _COMPLETE,  # every coder rated the unit (Fleiss and Cohen use these units only)
    _P_I,  # Fleiss' P_i over complete units
    _COMPLETE_N1,  # presences in complete units
    _A1B1,  # two coders: both applied the code
    _A1B0,  # only the first coder applied it
    _A0B1,  # only the second coder applied it
    _PRESENT,  # presences in rated units (for prevalence)
    _VALUES,  # values in rated units (for prevalence)
) = range(15)
N_FEATURES = 15

_TOL = 1e-12


def unit_features(present: np.ndarray) -> np.ndarray:
    """Per-unit features of a coders × units matrix of 1.0 / 0.0 / NaN, as units × N_FEATURES."""
    n_coders, n_units = present.shape
    rated_mask = ~np.isnan(present)
    m = rated_mask.sum(axis=0).astype(float)
    n1 = np.where(rated_mask, present, 0.0).sum(axis=0)
    n0 = m - n1
    pairable = m >= 2
    rated = m >= 1
    complete = m == n_coders
    features = np.zeros((n_units, N_FEATURES))
    with np.errstate(divide="ignore", invalid="ignore"):
        agreeing = (n1 * (n1 - 1) + n0 * (n0 - 1)) / (m * (m - 1))
        features[:, _AGREEING] = np.where(pairable, agreeing, 0.0)
        features[:, _O10] = np.where(pairable, n1 * n0 / (m - 1), 0.0)
        features[:, _PI1] = np.where(rated, n1 / m, 0.0)
        features[:, _P_I] = np.where(complete & pairable, agreeing, 0.0)
    features[:, _PAIRABLE] = pairable
    features[:, _M] = np.where(pairable, m, 0.0)
    features[:, _N1] = np.where(pairable, n1, 0.0)
    features[:, _RATED] = rated
    features[:, _COMPLETE] = complete
    features[:, _COMPLETE_N1] = np.where(complete, n1, 0.0)
    features[:, _PRESENT] = n1
    features[:, _VALUES] = m
    if n_coders == 2:
        first, second = present[0] == 1.0, present[1] == 1.0
        absent_first, absent_second = present[0] == 0.0, present[1] == 0.0
        features[:, _A1B1] = first & second
        features[:, _A1B0] = first & absent_second
        features[:, _A0B1] = absent_first & second
    return features


def pattern_features(present: np.ndarray) -> np.ndarray:
    """Summed features of a coders × units 0/1 matrix with no missing values (e.g. characters).

    Counts each coder pattern once instead of computing features unit by unit.
    """
    n_coders = present.shape[0]
    if n_coders > 12:
        return unit_features(present.astype(float)).sum(axis=0)
    bits = 1 << np.arange(n_coders)
    pattern = bits @ present.astype(np.int64)
    counts = np.bincount(pattern, minlength=1 << n_coders).astype(float)
    patterns = ((np.arange(1 << n_coders)[None, :] & bits[:, None]) > 0).astype(float)
    return counts @ unit_features(patterns)


def coefficients(sums: np.ndarray, n_coders: int) -> dict[str, np.ndarray]:
    """Every coefficient from feature sums of shape (..., N_FEATURES)."""
    s = np.asarray(sums, dtype=float)
    nan = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        p_a = s[..., _AGREEING] / s[..., _PAIRABLE]

        n, n_1 = s[..., _M], s[..., _N1]
        expected = n_1 * (n - n_1)
        alpha = np.where(expected > 0, 1.0 - (n - 1.0) * s[..., _O10] / expected, nan)

        pi_1 = s[..., _PI1] / s[..., _RATED]
        p_e_gwet = 2.0 * pi_1 * (1.0 - pi_1)
        ac1 = (p_a - p_e_gwet) / (1.0 - p_e_gwet)

        bp = (p_a - 0.5) / 0.5

        n_complete = s[..., _COMPLETE]
        p_bar = s[..., _P_I] / n_complete
        p_1 = s[..., _COMPLETE_N1] / (n_complete * n_coders)
        p_e_fleiss = p_1**2 + (1.0 - p_1) ** 2
        fleiss = np.where(
            (n_complete > 0) & (1.0 - p_e_fleiss > _TOL),
            (p_bar - p_e_fleiss) / (1.0 - p_e_fleiss),
            nan,
        )

        if n_coders == 2:
            both, first_only, second_only = s[..., _A1B1], s[..., _A1B0], s[..., _A0B1]
            neither = n_complete - both - first_only - second_only
            p_o = (both + neither) / n_complete
            first_rate = (both + first_only) / n_complete
            second_rate = (both + second_only) / n_complete
            p_e = first_rate * second_rate + (1.0 - first_rate) * (1.0 - second_rate)
            cohen = np.where((n_complete > 0) & (1.0 - p_e > _TOL), (p_o - p_e) / (1.0 - p_e), nan)
        else:
            cohen = np.full(np.shape(p_a), nan)
    return {
        "percent_agreement": p_a,
        "cohen_kappa": cohen,
        "fleiss_kappa": fleiss,
        "krippendorff_alpha": alpha,
        "gwet_ac1": ac1,
        "brennan_prediger": bp,
    }


def counts(sums: np.ndarray) -> dict[str, np.ndarray]:
    """Pairable units, complete units and pooled prevalence from feature sums."""
    s = np.asarray(sums, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        prevalence = s[..., _PRESENT] / s[..., _VALUES]
    return {
        "n_units": s[..., _PAIRABLE],
        "n_complete": s[..., _COMPLETE],
        "prevalence": prevalence,
    }


def bootstrap(
    cluster_features: np.ndarray,
    n_coders: int,
    n_boot: int,
    rng: np.random.Generator,
    max_cells: int = 4_000_000,
) -> np.ndarray:
    """Replicates of every coefficient, shape (n_boot, n_rows, len(COEFFICIENTS)).

    ``cluster_features`` is clusters × n_rows × N_FEATURES (a cluster is a unit when units are
    resampled independently). Each replicate draws as many clusters as there are, with
    replacement; the draw counts come in chunks so memory stays bounded.
    """
    n_clusters, n_rows, _ = cluster_features.shape
    flat = cluster_features.reshape(n_clusters, -1)
    chunk = max(1, min(n_boot, max_cells // max(n_clusters, 1)))
    uniform = np.full(n_clusters, 1.0 / n_clusters)
    replicates = np.empty((n_boot, n_rows, len(COEFFICIENTS)))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        draws = rng.multinomial(n_clusters, uniform, size=size).astype(float)
        sums = (draws @ flat).reshape(size, n_rows, N_FEATURES)
        values = coefficients(sums, n_coders)
        replicates[start : start + size] = np.stack([values[c] for c in COEFFICIENTS], axis=-1)
    return replicates
