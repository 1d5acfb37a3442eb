"""Input checks shared by the agreement functions.

Every check raises :class:`analysis.errors.InputError` with a message in scikit-learn's template
("The 'ci' parameter of agreement_table must be ... Got ... instead."), never ``assert``.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.io import require_columns


def plain(value: object) -> object:
    """numpy scalars as Python ones, so messages read 4 rather than np.int64(4)."""
    return value.item() if isinstance(value, np.generic) else value


def param_error(name: str, func: str, expectation: str, value: object) -> InputError:
    """The scikit-learn style message for a parameter outside its allowed values."""
    return InputError(
        f"The {name!r} parameter of {func} must be {expectation}. Got {plain(value)!r} instead."
    )


def check_choice(value: object, name: str, func: str, choices: Sequence[object]) -> None:
    if value not in choices:
        listed = "{" + ", ".join(repr(c) for c in choices) + "}"
        raise param_error(name, func, f"a str among {listed}", value)


def check_open_unit_interval(value: object, name: str, func: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0.0 < float(value) < 1.0
    ):
        raise param_error(name, func, "a float in the range (0, 1)", value)
    return float(value)


def check_non_negative_int(value: object, name: str, func: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise param_error(name, func, "an int in the range [0, inf)", value)
    return int(value)


def check_seed(value: object, func: str) -> np.random.Generator:
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise param_error("seed", func, "a non-negative int or a numpy Generator", value)
    return np.random.default_rng(int(value))


def check_columns(table: object, required: Sequence[str], name: str) -> pd.DataFrame:
    """``table`` must be a DataFrame holding ``required`` columns."""
    return require_columns(table, required, name)


def ratings_matrix(data: object, func: str) -> np.ndarray:
    """Coders × units as an object array; rejects anything that is not 2-D or has < 2 coders."""
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
    if categories is None:
        uniques = list(pd.unique(pd.Series(observed, dtype=object)))
        try:
            uniques = sorted(uniques)
        except TypeError:
            pass
    else:
        uniques = list(categories)
        if len(set(uniques)) != len(uniques):
            raise param_error("categories", func, "a sequence without repeated values", categories)
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
