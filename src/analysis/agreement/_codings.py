"""From the long codings table to one coders × units presence matrix per code.

A unit's value for a coder is 1 if the coder applied the code to it, 0 if the coder looked at the
unit and did not, and NaN if the coder never looked at it (outside the coder's coverage).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.agreement._validate import check_columns
from analysis.errors import InputError
from analysis.validation import parameter_error, plain

CODING_COLUMNS = ("segment_id", "code_id", "coder")


def ordered(values: Sequence[object]) -> list[object]:
    """Distinct values, sorted when they can be, else in order of first appearance."""
    uniques = list(pd.unique(pd.Series(list(values), dtype=object)))
    try:
        return sorted(uniques)
    except TypeError:
        return uniques


def _show(values: Sequence[object], limit: int = 5) -> str:
    shown = ", ".join(repr(plain(v)) for v in list(values)[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


@dataclass(frozen=True)
class Presence:
    """Presence/absence of every code on every unit, for every coder."""

    unit_ids: pd.Index
    coders: list[object]
    code_ids: list[object]
    covered: np.ndarray  # coders × units, bool: the coder looked at the unit
    values: dict[object, np.ndarray]  # code_id → coders × units of 1.0 / 0.0 / NaN
    units_table: pd.DataFrame | None


def resolve_units(
    codings: pd.DataFrame, units: object, func: str
) -> tuple[pd.Index, pd.DataFrame | None, pd.DataFrame | None]:
    """The unit ids, the (segment_id, coder) coverage if given, and ``units`` if it is a table."""
    if units is None:
        warnings.warn(
            f"{func}: units not given, so only segments that some coder coded are counted; "
            "segments nobody coded (agreed absence of every code) are left out. "
            "Pass units=segments to count them.",
            UserWarning,
            stacklevel=3,
        )
        return pd.Index(pd.unique(codings["segment_id"]), name="segment_id"), None, None
    if isinstance(units, pd.DataFrame):
        check_columns(units, ["segment_id"], "units")
        coverage = None
        if "coder" in units.columns:
            check_columns(units, ["segment_id", "coder"], "units")
            coverage = units[["segment_id", "coder"]].drop_duplicates()
        unit_ids = pd.Index(pd.unique(units["segment_id"]), name="segment_id")
        return unit_ids, coverage, units
    if isinstance(units, str) or not hasattr(units, "__iter__"):
        raise InputError(
            f"{func} could not read units of type {type(units).__name__}",
            expected="a list of segment_ids, or a table with segment_id (and optionally coder)",
        )
    unit_ids = pd.Index(pd.unique(pd.Series(list(units), dtype=object)), name="segment_id")
    if unit_ids.hasnans:
        raise InputError(f"{func}: units contains a missing segment_id")
    return unit_ids, None, None


def resolve_coders(
    codings: pd.DataFrame,
    coverage: pd.DataFrame | None,
    coders: Sequence[object] | None,
    func: str,
) -> list[object]:
    known = set(codings["coder"]) | (set() if coverage is None else set(coverage["coder"]))
    if coders is None:
        chosen = ordered(list(known))
    else:
        if isinstance(coders, str) or not hasattr(coders, "__iter__"):
            raise parameter_error(coders, "coders", func, "a list of coder names", type_error=True)
        chosen = list(pd.unique(pd.Series(list(coders), dtype=object)))
        unknown = [c for c in chosen if c not in known]
        # Without a coverage, every coder looked at every unit: one who applied no code is a
        # coder who found none, not a coder to leave out.
        if unknown and coverage is None:
            warnings.warn(
                f"{func}: coder(s) {_show(unknown)} applied no code; every unit counts as one "
                "they looked at and found no code in",
                UserWarning,
                stacklevel=3,
            )
        elif unknown:
            raise InputError(
                f"{func}: coder(s) {_show(unknown)} applied no code and are not in the units "
                "coverage",
                expected=f"coders among {_show(ordered(list(known)), 10)}; to include a coder who "
                "applied no code, list the units they looked at in units (segment_id, coder)",
            )
    if len(chosen) < 2:
        raise InputError(
            f"{func} needs at least 2 coders, found {len(chosen)}"
            + (f": {_show(chosen)}" if chosen else ""),
            expected="codings from two or more coders in the 'coder' column",
        )
    return chosen


def check_complete(table: pd.DataFrame, columns: Sequence[str], name: str, func: str) -> None:
    """Refuse a row with a missing value in ``columns`` (it would become a coder or code "nan")."""
    for column in columns:
        missing = table[column].isna().to_numpy()
        if missing.any():
            raise InputError(
                f"{func}: {name} row {plain(table.index[int(np.flatnonzero(missing)[0])])!r} has "
                f"no {column}",
                expected=f"a {column} on every row of {name}",
            )


def presence(
    codings: pd.DataFrame,
    units: object,
    coders: Sequence[object] | None,
    func: str,
) -> Presence:
    """Check the codings against units and coverage, and build the per-code presence matrices."""
    check_columns(codings, CODING_COLUMNS, "codings")
    check_complete(codings, CODING_COLUMNS, "codings", func)
    unit_ids, coverage, units_table = resolve_units(codings, units, func)
    chosen = resolve_coders(codings, coverage, coders, func)
    coder_pos = {coder: i for i, coder in enumerate(chosen)}
    kept = codings[codings["coder"].isin(chosen)].drop_duplicates(list(CODING_COLUMNS))
    unit_pos = kept["segment_id"].map(pd.Series(np.arange(unit_ids.size), index=unit_ids))
    if unit_pos.isna().any():
        stray = ordered(kept.loc[unit_pos.isna(), "segment_id"].tolist())
        raise InputError(
            f"{func}: codings refer to segment(s) {_show(stray)} that are not in units",
            expected="every coded segment_id listed in units",
        )
    unit_index = unit_pos.to_numpy(dtype=np.int64)
    coder_index = kept["coder"].map(coder_pos).to_numpy(dtype=np.int64)
    covered = np.ones((len(chosen), unit_ids.size), dtype=bool)
    if coverage is not None:
        covered[:] = False
        seen = coverage[coverage["coder"].isin(chosen)]
        covered[
            seen["coder"].map(coder_pos).to_numpy(dtype=np.int64),
            seen["segment_id"]
            .map(pd.Series(np.arange(unit_ids.size), index=unit_ids))
            .to_numpy(dtype=np.int64),
        ] = True
        outside = ~covered[coder_index, unit_index]
        if outside.any():
            first = kept[outside].iloc[0]
            raise InputError(
                f"{func}: coder {plain(first['coder'])!r} coded segment "
                f"{plain(first['segment_id'])!r}, "
                "which is not in that coder's coverage in units",
                expected="a (segment_id, coder) row in units for every coded segment",
            )
    code_ids = ordered(kept["code_id"].tolist())
    blank = np.where(covered, 0.0, np.nan)
    values = {}
    code_column = kept["code_id"].to_numpy(dtype=object)
    for code in code_ids:
        matrix = blank.copy()
        rows = code_column == code
        matrix[coder_index[rows], unit_index[rows]] = 1.0
        values[code] = matrix
    return Presence(unit_ids, chosen, code_ids, covered, values, units_table)
