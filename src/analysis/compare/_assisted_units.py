"""Assisted coding's inputs: checks, the units a coder coded, the document split and folds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.codebook import with_parents
from analysis.io import require_columns as _require
from analysis.segments import interviewer_rows


def _coverage(coverage, codings, segments, func) -> pd.DataFrame:
    if coverage is None:
        docs = segments.set_index("segment_id")["doc_id"]
        coded = codings.assign(doc_id=codings["segment_id"].map(docs))
        return coded.dropna(subset=["doc_id"])[["doc_id", "coder"]].drop_duplicates()
    return _require(coverage, ["doc_id", "coder"], "coverage", func)


def _units(segments: pd.DataFrame, docs: list[str]) -> pd.DataFrame:
    units = segments[segments["doc_id"].isin(docs)]
    units = units[~interviewer_rows(units)]
    return units.reset_index(drop=True)


def _split_documents(
    units: pd.DataFrame, holdout: float, rng: np.random.Generator, key: str = "doc_id"
):
    """Training and held-out documents (or other clusters, ``key``), drawn within each source
    (sorted first: reproducible)."""
    by_doc = units.drop_duplicates(key)
    sources = by_doc["source"] if "source" in by_doc.columns else pd.Series("", by_doc.index)
    train, test = [], []
    for source in sorted(sources.fillna("").astype(str).unique()):
        docs = sorted(by_doc.loc[sources.fillna("").astype(str) == source, key].tolist())
        order = rng.permutation(len(docs))
        n_test = int(round(holdout * len(docs)))
        if holdout > 0 and len(docs) > 1:
            n_test = min(max(n_test, 1), len(docs) - 1)
        test.extend(docs[i] for i in order[:n_test])
        train.extend(docs[i] for i in order[n_test:])
    return sorted(train), sorted(test)


def _folds(doc_ids: np.ndarray, n_folds: int, rng: np.random.Generator) -> np.ndarray:
    docs = sorted(set(doc_ids.tolist()))
    n = min(n_folds, len(docs))
    if n < 2:
        return np.zeros(len(doc_ids), dtype=int)
    fold_of = {doc: k % n for k, doc in zip(range(len(docs)), rng.permutation(docs), strict=True)}
    return np.array([fold_of[doc] for doc in doc_ids], dtype=int)


def _presence(codings: pd.DataFrame, segment_ids: pd.Series, code_ids: list[str]) -> np.ndarray:
    """Units × codes, True where a coding applies the code to the unit."""
    row = {segment_id: i for i, segment_id in enumerate(segment_ids)}
    col = {code_id: k for k, code_id in enumerate(code_ids)}
    present = np.zeros((len(row), len(col)), dtype=bool)
    for segment_id, code_id in zip(codings["segment_id"], codings["code_id"], strict=True):
        if segment_id in row and code_id in col:
            present[row[segment_id], col[code_id]] = True
    return present


def _leaf_rows(codebook: pd.DataFrame, code_ids: list[str]):
    by_id = codebook.assign(code_id=codebook["code_id"].astype(str)).set_index("code_id")
    for code_id in code_ids:
        yield code_id, by_id.loc[code_id].to_dict() | {"code_id": code_id}


def _themes(codebook: pd.DataFrame, code_ids: list[str]) -> tuple[list[str], np.ndarray]:
    """The parent codes above the leaves (codebook order) and themes × leaves membership."""
    leaves = pd.DataFrame({"segment_id": code_ids, "code_id": code_ids, "coder": ""})
    reached = with_parents(leaves, codebook)
    reached = reached[reached["code_id"] != reached["segment_id"]]
    order = codebook["code_id"].astype(str).tolist()
    theme_ids = [c for c in order if c in set(reached["code_id"])]
    # themes as rows, the leaves under each as its "codes"
    pairs = pd.DataFrame({"segment_id": reached["code_id"], "code_id": reached["segment_id"]})
    return theme_ids, _presence(pairs, pd.Series(theme_ids), code_ids)
