"""Tables that describe the corpus and the coders' agreement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.labels import pretty
from analysis.segments import interviewer_rows
from analysis.tables._common import check
from analysis.validation import check_scalar

POOLED = "(all codes, pooled)"
COEFFICIENT_NAMES = {
    "percent_agreement": "Percent agreement",
    "cohen_kappa": "Cohen's \u03ba",
    "fleiss_kappa": "Fleiss' \u03ba",
    "krippendorff_alpha": "Krippendorff's \u03b1",
    "gwet_ac1": "Gwet's AC1",
    "brennan_prediger": "Brennan-Prediger \u03ba",
}
_SOURCES = ("interview", "event")


def corpus_description(
    segments: pd.DataFrame,
    participants: pd.DataFrame | None = None,
    *,
    include_interviewer: bool = True,
) -> pd.DataFrame:
    """What the corpus holds, by data source and role, with a total row.

    Parameters
    ----------
    segments : DataFrame
        The segments table: ``source``, ``role``, ``doc_id``, ``text``; ``turn``,
        ``participant_id``, ``site`` and ``is_interviewer`` used when present.
    participants : DataFrame, optional
        ``participant_id``, ``site``: where each participant is (overrides the segments'
        ``site``).
    include_interviewer : bool, default True
        Keep the interviewers' row (their turns are in the corpus, flagged by
        ``is_interviewer``, or by the role "interviewer" where that column is absent).

    Returns
    -------
    DataFrame
        One row per (source, role), interviews first and roles by number of segments, then
        "Total": ``Source``, ``Role``, ``Participants`` (distinct participants with segments;
        missing where segments carry no participant, as for event attendees), one column per
        site with the participants there, ``Documents``, ``Turns`` (distinct speaker turns),
        ``Segments``, ``Words``.

    Raises
    ------
    InputError
        If a column is missing.

    Examples
    --------
    >>> segments = pd.DataFrame({
    ...     "source": ["interview"] * 3 + ["event"],
    ...     "role": ["link_worker", "link_worker", "patient", "attendee"],
    ...     "doc_id": ["LW01", "LW01", "PT01", "E1-notes"],
    ...     "participant_id": ["LW01", "LW01", "PT01", None],
    ...     "site": ["Site A", "Site A", "Site B", None],
    ...     "text": ["one two", "three", "four five six", "seven"],
    ... })
    >>> corpus_description(segments)[["Role", "Participants", "Site A", "Segments", "Words"]]
              Role  Participants  Site A  Segments  Words
    0  Link worker             1       1         2      3
    1      Patient             1       0         1      3
    2     Attendee          <NA>    <NA>         1      1
    3        Total             2       1         4      7
    """
    func = "corpus_description"
    seg = check(segments, ["source", "role", "doc_id", "text"], "segments", func)
    if not include_interviewer:
        flagged = interviewer_rows(seg)
        seg = seg[~flagged]
    seg = seg.assign(
        source=seg["source"].astype(object),
        role=seg["role"].astype(object).where(seg["role"].notna(), "(no role)"),
        _words=seg["text"].fillna("").astype(str).str.split().str.len(),
        _turn=(
            seg["doc_id"].astype(str) + "\x00" + seg["turn"].astype(str)
            if "turn" in seg.columns
            else pd.Series(np.arange(len(seg)), index=seg.index).astype(str)
        ),
    )
    has_ids = "participant_id" in seg.columns
    if has_ids:
        seg["_pid"] = seg["participant_id"].astype(object).where(seg["participant_id"].notna())
        if participants is not None:
            check(participants, ["participant_id", "site"], "participants", func)
            site_of = participants.drop_duplicates("participant_id").set_index("participant_id")
            seg["_site"] = seg["_pid"].map(site_of["site"])
        elif "site" in seg.columns:
            seg["_site"] = seg["site"]
        else:
            seg["_site"] = None
    sites = sorted(map(str, seg["_site"].dropna().unique())) if has_ids else []

    def summarise(part: pd.DataFrame) -> dict[str, Any]:
        row: dict[str, Any] = {}
        ids = part.dropna(subset=["_pid"]) if has_ids else part.iloc[:0]
        people = ids.drop_duplicates("_pid")
        row["Participants"] = len(people) if len(people) else pd.NA
        for site in sites:
            row[site] = int((people["_site"].astype(str) == site).sum()) if len(people) else pd.NA
        row["Documents"] = part["doc_id"].nunique()
        row["Turns"] = part["_turn"].nunique()
        row["Segments"] = len(part)
        row["Words"] = int(part["_words"].sum())
        return row

    groups = []
    for (source, role), part in seg.groupby(["source", "role"], sort=False):
        is_interviewer = role == "interviewer"
        rank = (_SOURCES.index(source) if source in _SOURCES else len(_SOURCES), is_interviewer)
        groups.append((rank, -len(part), str(role), source, role, part))
    groups.sort(key=lambda g: g[:3])
    rows = [
        {"Source": pretty(source), "Role": pretty(role), **summarise(part)}
        for *_, source, role, part in groups
    ]
    rows.append({"Source": "", "Role": "Total", **summarise(seg)})
    table = pd.DataFrame(rows)
    counts = ["Participants", *sites, "Documents", "Turns", "Segments", "Words"]
    return table.astype(dict.fromkeys(counts, "Int64"))


def _estimate(value: float, low: float, high: float, digits: int) -> str:
    def number(x: float) -> str:
        text = f"{x:.{digits}f}"
        return text.lstrip("-") if float(text) == 0 else text  # no "-0.00"

    if pd.isna(value):
        return "n/a"
    if pd.isna(low) or pd.isna(high):
        return number(value)
    return f"{number(value)} ({number(low)}\u2013{number(high)})"


def agreement_summary(
    agreement_table: pd.DataFrame,
    *,
    coefficients: Sequence[str] = (
        "percent_agreement",
        "cohen_kappa",
        "krippendorff_alpha",
        "gwet_ac1",
    ),
    digits: int = 2,
    labels: Mapping[Any, str] | None = None,
) -> pd.DataFrame:
    """Inter-coder agreement for a paper: each coefficient as "0.81 (0.74–0.87)".

    Parameters
    ----------
    agreement_table : DataFrame
        The output of :func:`analysis.agreement.agreement_table`.
    coefficients : sequence of str
        The coefficients to show, each with ``<name>_lo`` and ``<name>_hi`` columns.
    digits : int, default 2
        Decimal places.
    labels : mapping, optional
        Code names by ``code_id``, shown instead of the ids.

    Returns
    -------
    DataFrame
        One row per code, the pooled row last as "All codes (pooled)": ``Code``, ``Units``
        (when ``n_units`` is present), one text column per coefficient (estimate and interval;
        "n/a" where undefined) and ``Note`` when any row has one.

    Raises
    ------
    InputError
        If a coefficient or its bounds are missing, or ``digits`` is not a non-negative int.

    Examples
    --------
    >>> table = pd.DataFrame({"code_id": ["HOLD", "(all codes, pooled)"],
    ...                       "krippendorff_alpha": [0.8123, 0.7],
    ...                       "krippendorff_alpha_lo": [0.7431, 0.61],
    ...                       "krippendorff_alpha_hi": [0.8702, 0.78]})
    >>> agreement_summary(table, coefficients=["krippendorff_alpha"]).iloc[:, 1].tolist()
    ['0.81 (0.74–0.87)', '0.70 (0.61–0.78)']
    """
    func = "agreement_summary"
    required = ["code_id"]
    for name in coefficients:
        required += [name, f"{name}_lo", f"{name}_hi"]
    table = check(agreement_table, required, "agreement_table", func)
    check_scalar(digits, "digits", func, low=0)
    labels = dict(labels or {})
    pooled = table["code_id"] == POOLED
    table = pd.concat([table[~pooled], table[pooled]], ignore_index=True)
    out = pd.DataFrame(
        {
            "Code": [
                "All codes (pooled)" if c == POOLED else labels.get(c, str(c))
                for c in table["code_id"]
            ]
        }
    )
    if "n_units" in table.columns:
        out["Units"] = table["n_units"].astype("Int64")
    for name in coefficients:
        out[COEFFICIENT_NAMES.get(name, name)] = [
            _estimate(v, lo, hi, digits)
            for v, lo, hi in zip(table[name], table[f"{name}_lo"], table[f"{name}_hi"], strict=True)
        ]
    if "note" in table.columns and table["note"].fillna("").astype(str).str.strip().ne("").any():
        out["Note"] = table["note"].fillna("").astype(str)
    return out
