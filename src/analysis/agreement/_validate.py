"""Input checks shared by the agreement functions.

Parameters are checked with :mod:`analysis.validation` (scikit-learn's message template, never
``assert``); the checks here are of the ratings themselves.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.io import require_columns
from analysis.validation import check_option, check_scalar, parameter_error


def check_seed(value: object, func: str) -> np.random.Generator:
    """A numpy Generator as given, or one seeded with a non-negative int."""
    if isinstance(value, np.random.Generator):
        return value
    seed = check_scalar(value, "seed", func, low=0, what="a non-negative int or a numpy Generator")
    return np.random.default_rng(seed)


def check_columns(table: object, required: Sequence[str], name: str) -> pd.DataFrame:
    """``table`` must be a DataFrame holding ``required`` columns."""
    return require_columns(table, required, name)


#: Where a ratings table holds its coders: the rows (coders × units) or the columns.
CODER_AXES = ("rows", "columns")


def ratings_matrix(data: object, func: str, coders: str | None = None) -> np.ndarray:
    """Coders × units as an object array; rejects anything that is not 2-D or has < 2 coders.

    ``coders`` says which axis of ``data`` holds the coders (:data:`CODER_AXES`); without it
    the rows do, and a table with more rows than columns (units × coders, the usual layout of
    irrCAC and of a DataFrame with a column per coder) is refused rather than read sideways.
    """
    if coders is not None:
        check_option(coders, "coders", func, CODER_AXES)
    values = data.to_numpy(dtype=object) if isinstance(data, pd.DataFrame) else data
    try:
        matrix = np.asarray(values, dtype=object)
    except ValueError as error:  # ragged lists
        raise InputError(
            f"{func} could not read the ratings as a table: {error}",
            expected="a coders × units array or DataFrame",
        ) from None
    if matrix.ndim != 2:
        raise InputError(
            f"{func} needs a 2-D coders × units table, got {matrix.ndim} dimension(s)",
            expected="one row per coder and one column per unit",
        )
    if coders == "columns":
        matrix = matrix.T
    elif coders is None and matrix.shape[0] > matrix.shape[1]:
        raise InputError(
            f"{func} got a table of {matrix.shape[0]} rows and {matrix.shape[1]} columns: is it "
            f"{matrix.shape[1]} coders' ratings of {matrix.shape[0]} units (one column per "
            "coder), or the other way round?",
            expected="coders='columns' for units × coders, or coders='rows' for coders × units",
        )
    if matrix.shape[0] < 2:
        raise InputError(
            f"{func} needs at least 2 coders, got {matrix.shape[0]}",
            expected="one row per coder (coders × units)",
        )
    return matrix


def missing_mask(matrix: np.ndarray) -> np.ndarray:
    return np.asarray(pd.isna(matrix), dtype=bool)


def encode_nominal(
    matrix: np.ndarray, categories: Sequence[object] | None, func: str
) -> tuple[np.ndarray, list[object]]:
    """Category indices (−1 for missing) and the category list, in ``categories`` order if given.

    Without ``categories`` the observed values are sorted when they can be, else kept in order of
    first appearance.
    """
    missing = missing_mask(matrix)
    observed = matrix[~missing]
    _check_one_kind(observed, func)
    if categories is None:
        uniques = list(pd.unique(pd.Series(observed, dtype=object)))
        try:
            uniques = sorted(uniques)
        except TypeError:
            pass
    else:
        uniques = list(categories)
        if len(set(uniques)) != len(uniques):
            raise parameter_error(
                categories, "categories", func, "a sequence without repeated values"
            )
    index = {value: i for i, value in enumerate(uniques)}
    codes = np.full(matrix.shape, -1, dtype=np.int64)
    try:
        codes[~missing] = [index[value] for value in observed]
    except KeyError as error:
        raise InputError(
            f"{func} found the value {error.args[0]!r}, which is not among the categories",
            expected=f"values from {uniques!r}",
        ) from None
    return codes, uniques


def _kind(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "True/False"
    if isinstance(value, numbers.Number):
        return "numbers"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def _check_one_kind(observed: np.ndarray, func: str) -> None:
    """Refuse ratings that mix numbers, text and True/False.

    Python counts ``1``, ``1.0`` and ``True`` as one value and ``"1"`` as another, so a column
    read as text beside one read as numbers (or a 0/1 code beside True/False) would be split or
    merged into categories without a word.
    """
    examples: dict[str, object] = {}
    for value in observed:
        examples.setdefault(_kind(value), value)
        if len(examples) > 1:
            shown = " and ".join(f"{kind} ({example!r})" for kind, example in examples.items())
            raise InputError(
                f"{func}: the ratings mix {shown}, which would be counted as categories "
                "without a word (1, 1.0 and True are one value in Python, '1' another)",
                expected="every rating written the same way: all numbers, or all labels",
            )


def numeric_matrix(matrix: np.ndarray, func: str, level: str) -> np.ndarray:
    missing = missing_mask(matrix)
    numbers_ = np.full(matrix.shape, np.nan)
    try:
        numbers_[~missing] = matrix[~missing].astype(float)
    except (TypeError, ValueError):
        raise InputError(
            f"{func} with level={level!r} needs numeric values",
            expected="numbers, with NaN for missing; use level='nominal' for labels",
        ) from None
    return numbers_
