"""Agreement weights: the partial credit a near miss earns on an ordered scale (Gwet, 2014,
ch. 3), shared by every weighted coefficient."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.agreement._validate import _kind
from analysis.errors import InputError
from analysis.validation import check_option, parameter_error

#: The named weights of :func:`agreement_weights` (Gwet, 2014, ch. 3; irrCAC's weights.gen).
WEIGHTS = ("identity", "linear", "quadratic", "ordinal", "radical", "ratio", "circular", "bipolar")


def agreement_weights(categories: Sequence[object], kind: str = "quadratic") -> np.ndarray:
    r"""Agreement weights :math:`w_{kl}` between the categories: 1 for the same, less for far.

    For numeric categories the values :math:`x_k` are used, else their positions 1..q; with
    :math:`x_{min}`, :math:`x_{max}` the extremes (Gwet, 2014, ch. 3):

    - ``identity``: 1 on the diagonal, 0 elsewhere (no partial credit);
    - ``linear``: :math:`1 - |x_k - x_l| / (x_{max} - x_{min})`;
    - ``quadratic``: :math:`1 - (x_k - x_l)^2 / (x_{max} - x_{min})^2`;
    - ``radical``: :math:`1 - \sqrt{|x_k - x_l|} / \sqrt{x_{max} - x_{min}}`;
    - ``ratio``: :math:`1 - [(x_k - x_l)/(x_k + x_l)]^2 / [(x_{max} - x_{min})/(x_{max} + x_{min})]^2`;
    - ``circular``: :math:`1 - \sin^2(\pi (x_k - x_l)/U) / \max`, :math:`U = x_{max} - x_{min} + 1`;
    - ``bipolar``: :math:`1 - b_{kl}/\max b`, :math:`b_{kl} = (x_k - x_l)^2 /
      [(x_k + x_l - 2x_{min})(2x_{max} - x_k - x_l)]` off the diagonal;
    - ``ordinal`` (positions only): :math:`1 - m_{kl}/\max m`, :math:`m_{kl} = \binom{|k - l| + 1}{2}`.

    Parameters
    ----------
    categories : sequence
        The categories in scale order (numbers, or labels whose order is the scale's).
    kind : str, default "quadratic"
        One of :data:`WEIGHTS`.

    Returns
    -------
    ndarray, shape (q, q)

    Examples
    --------
    >>> agreement_weights([1, 2, 3], "linear").tolist()
    [[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 1.0]]
    """
    check_option(kind, "kind", "agreement_weights", WEIGHTS)
    q = len(categories)
    if kind == "identity" or q < 2:
        return np.eye(q)
    numeric = all(_kind(c) == "numbers" for c in categories)
    x = (
        np.asarray(categories, dtype=float)
        if numeric and kind != "ordinal"
        else np.arange(1, q + 1.0)
    )
    low, high = float(x.min()), float(x.max())
    d = x[:, None] - x[None, :]
    total = x[:, None] + x[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "linear":
            w = 1.0 - np.abs(d) / (high - low)
        elif kind == "quadratic":
            w = 1.0 - d**2 / (high - low) ** 2
        elif kind == "radical":
            w = 1.0 - np.sqrt(np.abs(d)) / np.sqrt(high - low)
        elif kind == "ratio":
            w = 1.0 - (d / total) ** 2 / ((high - low) / (high + low)) ** 2
        elif kind == "circular":
            s = np.sin(np.pi * d / (high - low + 1.0)) ** 2
            w = 1.0 - s / s.max()
        elif kind == "bipolar":
            b = d**2 / ((total - 2 * low) * (2 * high - total))
            np.fill_diagonal(b, 0.0)
            w = 1.0 - b / b.max()
        else:  # ordinal
            steps = np.abs(np.subtract.outer(np.arange(q), np.arange(q))) + 1.0
            m = steps * (steps - 1) / 2
            w = 1.0 - m / m.max()
    np.fill_diagonal(w, 1.0)
    return w


def weights_for(uniques, weights, categories, func) -> np.ndarray:
    """The q × q weights for ``uniques``: a named kind, or a matrix checked for shape and range."""
    q = len(uniques)
    if isinstance(weights, str):
        check_option(weights, "weights", func, WEIGHTS)
        if weights == "identity":
            return np.eye(q)
        if categories is None and not all(_kind(u) == "numbers" for u in uniques):
            raise InputError(
                f"{func}: weights={weights!r} need the scale's order, and the ratings are labels",
                expected="numeric ratings, or categories=[...] in scale order",
            )
        return agreement_weights(uniques, weights)
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        raise parameter_error(
            weights, "weights", func, f"a name among {WEIGHTS} or a q × q matrix"
        ) from None
    if (
        w.shape != (q, q)
        or not np.isfinite(w).all()
        or (w < 0).any()
        or (w > 1).any()
        or not np.allclose(np.diag(w), 1.0)
    ):
        raise InputError(
            f"{func}: weights must be a {q} × {q} matrix (one row and column per category) of "
            f"values in [0, 1] with 1 on the diagonal, got shape {w.shape}",
            expected=f"a matrix for the categories {list(uniques)!r}",
        )
    return w
