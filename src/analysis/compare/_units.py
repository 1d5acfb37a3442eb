"""Shared groundwork: check the tables, pick the coders and the units, and say which codes each has.

A *unit* is a segment a comparison counts: a non-interviewer segment of a document that the chosen
coder(s) coded. A unit *has* a code according to ``rule``: ``"any"`` chosen coder applied it,
``"all"`` of them did, or the one named coder did.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.errors import InputError
from analysis.io import require_columns as require
from analysis.segments import interviewer_rows
from analysis.validation import parameter_error

CODING_COLUMNS = ["segment_id", "code_id", "coder"]
UNCODED = "(uncoded)"


def check_segments(segments: object, func: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    """The segments table, checked: unique ``segment_id``, a ``doc_id`` for each."""
    table = require(segments, ["segment_id", "doc_id", *extra], "segments", func)
    if table["segment_id"].duplicated().any():
        first = table.loc[table["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise InputError(
            f"{func}: segment_id {first!r} appears twice in segments",
            expected="one row per segment",
        )
    if table["doc_id"].isna().any():
        first = table.loc[table["doc_id"].isna(), "segment_id"].iloc[0]
        raise InputError(
            f"{func}: segment {first!r} has no doc_id", expected="a doc_id per segment"
        )
    return table


def choose_coders(codings: pd.DataFrame, coders: object, rule: object, func: str) -> list:
    """The coders whose codings count, checked against ``rule``."""
    known = sorted(pd.unique(codings["coder"].dropna()).tolist(), key=str)
    if coders is None:
        chosen = known
    else:
        if isinstance(coders, str) or not hasattr(coders, "__iter__"):
            raise parameter_error(coders, "coders", func, "a list of coder names", type_error=True)
        chosen = list(dict.fromkeys(coders))
        unknown = [coder for coder in chosen if coder not in known]
        if unknown:
            raise InputError(
                f"{func}: coder(s) {unknown} applied no code",
                expected=f"coders among {known}",
            )
    if rule in ("any", "all"):
        if not chosen:
            raise InputError(f"{func}: the codings table is empty", expected="codings to compare")
        return chosen
    if rule in chosen:
        return [rule]
    raise parameter_error(rule, "rule", func, f"'any', 'all' or one of the coders {chosen}")


def coded_codings(
    codings: object, segments: pd.DataFrame, coders: object, rule: object, func: str
) -> tuple[pd.DataFrame, list]:
    """The chosen coders' codings, deduplicated and checked against the segments table."""
    codings = require(codings, CODING_COLUMNS, "codings", func)
    chosen = choose_coders(codings, coders, rule, func)
    kept = codings.loc[codings["coder"].isin(chosen), CODING_COLUMNS].drop_duplicates()
    stray = ~kept["segment_id"].isin(segments["segment_id"])
    if stray.any():
        raise InputError(
            f"{func}: codings refer to segment {kept.loc[stray, 'segment_id'].iloc[0]!r}, "
            "which is not in segments",
            expected="every coded segment_id in the segments table",
        )
    if kept["code_id"].isna().any():
        raise InputError(f"{func}: a coding has no code_id", expected="a code_id on every coding")
    return kept, chosen


def coded_documents(
    kept: pd.DataFrame,
    segments: pd.DataFrame,
    coverage: object,
    chosen: list,
    rule: object,
    func: str,
) -> set:
    """Documents the chosen coders coded: by any of them (``rule="any"``), by all, or by the one.

    Without ``coverage``, a coder coded a document when they applied at least one code in it.
    """
    if coverage is None:
        doc_of = segments.set_index("segment_id")["doc_id"]
        seen = pd.DataFrame(
            {"doc_id": kept["segment_id"].map(doc_of).to_numpy(), "coder": kept["coder"]}
        )
    else:
        seen = require(coverage, ["doc_id", "coder"], "coverage", func)
        seen = seen.loc[seen["coder"].isin(chosen), ["doc_id", "coder"]]
    coders_per_doc = seen.drop_duplicates().groupby("doc_id")["coder"].nunique()
    needed = len(chosen) if rule == "all" else 1
    return set(coders_per_doc.index[coders_per_doc >= needed])


def unit_codes(kept: pd.DataFrame, chosen: list, rule: object) -> pd.DataFrame:
    """(segment_id, code_id, n_coders) for every code a segment has under ``rule``."""
    counts = (
        kept.groupby(["segment_id", "code_id"], sort=True)["coder"].nunique().rename("n_coders")
    )
    needed = len(chosen) if rule == "all" else 1
    return counts[counts >= needed].reset_index()


def units_and_codes(
    codings: object,
    segments: object,
    *,
    coverage: object,
    coders: object,
    rule: object,
    func: str,
    extra: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The unit segments (rows of ``segments``) and their codes (``segment_id, code_id, n_coders``).

    Units are the non-interviewer segments of documents the chosen coders coded; codings outside
    them (an interviewer's turn, a document the rule leaves out) do not count.
    """
    segments = check_segments(segments, func, extra)
    kept, chosen = coded_codings(codings, segments, coders, rule, func)
    documents = coded_documents(kept, segments, coverage, chosen, rule, func)
    units = segments[segments["doc_id"].isin(documents) & ~interviewer_rows(segments)]
    codes = unit_codes(kept, chosen, rule)
    codes = codes[codes["segment_id"].isin(units["segment_id"])].reset_index(drop=True)
    return units, codes, chosen
