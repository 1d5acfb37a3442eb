"""Checks of compare_codebooks' arguments, code text, and the automatic definition threshold."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.validation import check_scalar, parameter_error

_FUNC = "compare_codebooks"
# Below this many pairs of distinct codes the percentile is too noisy; use the fixed value.
_MIN_BASELINE_PAIRS = 10
_FALLBACK_DEFINITION_THRESHOLD = 0.55
_SPACE = re.compile(r"\s+")


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _SPACE.sub(" ", str(value)).strip()


def _check_codebook(codebook: object, which: str) -> pd.DataFrame:
    if not isinstance(codebook, pd.DataFrame):
        raise InputError(
            f"{_FUNC}: the {which} codebook must be a DataFrame, got {type(codebook).__name__}",
            expected="a codebook table as read_codebook returns",
        )
    missing = [column for column in ("code_id", "name") if column not in codebook.columns]
    if missing:
        raise InputError(
            f"{_FUNC}: the {which} codebook has no column {', '.join(map(repr, missing))}",
            expected="columns code_id, name, parent, definition, include, exclude, example",
        )
    codebook = codebook.reset_index(drop=True).copy()
    codebook["code_id"] = codebook["code_id"].map(_text)
    if (codebook["code_id"] == "").any():
        row = int(np.flatnonzero(codebook["code_id"] == "")[0])
        raise InputError(
            f"{_FUNC}: the {which} codebook has a code without a code_id",
            location=f"row {row}",
            expected="a code_id for every code",
        )
    repeated = codebook["code_id"][codebook["code_id"].duplicated()]
    if len(repeated):
        raise InputError(
            f"{_FUNC}: the {which} codebook repeats code_id {repeated.iloc[0]!r}",
            expected="each code_id once",
        )
    return codebook


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=float)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _definition_threshold(
    setting: float | str, old_text: np.ndarray, new_text: np.ndarray, percentile: float
) -> float:
    if isinstance(setting, str):
        if setting != "auto":
            what = "a float in the range [-1, 1] or 'auto'"
            raise parameter_error(setting, "definition_threshold", _FUNC, what)
        within = []
        for vectors in (old_text, new_text):
            upper = np.triu_indices(len(vectors), k=1)
            within.append((vectors @ vectors.T)[upper])
        baseline = np.concatenate(within)
        if len(baseline) < _MIN_BASELINE_PAIRS:
            return _FALLBACK_DEFINITION_THRESHOLD
        return float(np.percentile(baseline, percentile))
    return check_scalar(setting, "definition_threshold", _FUNC, kind=float, low=-1, high=1)
