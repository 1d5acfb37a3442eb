"""Adjustment of p-values over items: Holm and Benjamini-Hochberg."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.errors import InputError
from analysis.validation import check_option


def adjust_pvalues(p: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    r"""Adjust p-values for testing many items: Holm (family-wise error) or Benjamini-Hochberg (FDR).

    Parameters
    ----------
    p : sequence of float
        Unadjusted p-values. NaN entries stay NaN and do not count as tests.
    method : {"holm", "fdr_bh"}, default "holm"
        ``"holm"`` controls the chance of any false positive; ``"fdr_bh"`` the expected share of
        false positives among the items called different (less strict, for screening many codes).

    Returns
    -------
    ndarray
        Adjusted p-values in the input order, capped at 1.

    Notes
    -----
    With the :math:`m` p-values sorted, :math:`p_{(1)} \le \dots \le p_{(m)}`:

    .. math::

        \tilde p^{\text{Holm}}_{(i)} = \min\Bigl(1, \max_{k \le i} (m - k + 1)\, p_{(k)}\Bigr),
        \qquad
        \tilde p^{\text{BH}}_{(i)} = \min\Bigl(1, \min_{k \ge i} \frac{m}{k}\, p_{(k)}\Bigr)

    Equal to ``statsmodels.stats.multitest.multipletests(p, method="holm" | "fdr_bh")[1]``.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test procedure.
       *Scandinavian Journal of Statistics*, 6(2), 65-70. https://www.jstor.org/stable/4615733
    .. [2] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical
       and powerful approach to multiple testing. *Journal of the Royal Statistical Society:
       Series B*, 57(1), 289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    Sorted: 0.005, 0.01, 0.03, 0.04. Holm multiplies by 4, 3, 2, 1 and keeps the running maximum
    (0.02, 0.03, 0.06, 0.06); BH multiplies by 4/1, 4/2, 4/3, 4/4 and keeps the running minimum from
    the top (0.02, 0.02, 0.04, 0.04).

    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "holm").round(6).tolist()
    [0.03, 0.06, 0.06, 0.02]
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "fdr_bh").round(6).tolist()
    [0.02, 0.04, 0.04, 0.02]
    """
    check_option(method, "method", "adjust_pvalues", ("holm", "fdr_bh"))
    values = np.asarray(p, dtype=float)
    if values.ndim != 1:
        raise InputError("adjust_pvalues: p must be one-dimensional", expected="a list of p-values")
    observed = ~np.isnan(values)
    if ((values[observed] < 0) | (values[observed] > 1)).any():
        raise InputError("adjust_pvalues: p-values must lie in [0, 1]")
    adjusted = np.full(values.shape, np.nan)
    tested = values[observed]
    m = len(tested)
    if m == 0:
        return adjusted
    order = np.argsort(tested, kind="stable")
    ranked = tested[order]
    rank = np.arange(1, m + 1)
    if method == "holm":
        stepped = np.maximum.accumulate((m - rank + 1) * ranked)
    else:
        stepped = np.minimum.accumulate((m / rank * ranked)[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(stepped, 1.0)
    adjusted[observed] = result
    return adjusted
