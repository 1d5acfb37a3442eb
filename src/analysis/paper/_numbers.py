"""Every number a manuscript quotes, computed from the processed tables, each with where it comes
from: the file, the rows and the column, so it can be recomputed (:func:`recompute`) and checked.

The Turing Way's reproducible-paper example writes its quoted numbers from code; here they go to
``numbers.tex`` (one ``\\newcommand`` each) and ``numbers.json`` (value, text and source).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError

#: What :func:`recompute` can do with the selected rows' column.
AGGREGATES = ("value", "count", "nunique", "min", "max")
POOLED = "(all codes, pooled)"
_DIGITS = "Zero One Two Three Four Five Six Seven Eight Nine".split()
_RANKS = ("First", "Second", "Third", "Fourth", "Fifth")


@dataclass(frozen=True)
class Number:
    """One quoted figure.

    Attributes
    ----------
    name : str
        The LaTeX macro's name (letters only): ``\\nInterviews``.
    value : object
        The figure as computed (a count, an estimate, a label).
    text : str
        As a paper prints it: ``"1,131"``, ``"0.66"``, ``"15.2%"``, ``"p = 0.021"``.
    description : str
        What it is, for a reader of ``numbers.json``.
    source : dict
        ``file`` (relative to the processed folder), ``where`` (column: value pairs selecting the
        rows), ``column`` and ``aggregate`` (one of :data:`AGGREGATES`).
    """

    name: str
    value: object
    text: str
    description: str
    source: dict = field(default_factory=dict)


def macro_name(*parts: object) -> str:
    """A LaTeX macro name from words and ids: ``macro_name("kappa", "HOLD-PROLONG")`` is
    ``"kappaHoldProlong"``; digits are spelt out (``L01`` -> ``lZeroOne``).

    >>> macro_name("kappa", "HOLD-PROLONG"), macro_name("n", "link_worker"), macro_name("L01")
    ('kappaHoldProlong', 'nLinkWorker', 'lZeroOne')
    """
    words = []
    for part in parts:
        text = re.sub(r"\d", lambda m: f" {_DIGITS[int(m.group())]} ", str(part))
        words += [w for w in re.split(r"[^A-Za-z]+", text) if w]
    if not words:
        raise InputError("macro_name: no letters to name a macro by", expected="a word or id")
    first, rest = words[0], words[1:]
    return first[:1].lower() + first[1:] + "".join(w[:1].upper() + w[1:].lower() for w in rest)


def count_text(n: int) -> str:
    """``1131`` -> ``"1,131"``."""
    return f"{int(n):,}"


def estimate_text(x: float, digits: int = 2) -> str:
    """An estimate to ``digits`` decimals (``"n/a"`` when undefined)."""
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def interval_text(x: float, low: float, high: float, digits: int = 2) -> str:
    """``"0.66 (95% CI 0.60 to 0.72)"``."""
    return f"{estimate_text(x, digits)} (95% CI {estimate_text(low, digits)} to " \
           f"{estimate_text(high, digits)})"  # fmt: skip


def points_text(x: float) -> str:
    """A difference of proportions in percentage points: ``-0.101`` -> ``"-10.1 points"``."""
    return f"{signed_text(x)} points"


def signed_text(x: float) -> str:
    """A difference of proportions in points, signed, for an interval: ``0.042`` -> ``"+4.2"``."""
    return "n/a" if x is None or not np.isfinite(x) else f"{100 * x:+.1f}"


def p_text(p: float) -> str:
    """``"p < 0.001"`` or ``"p = 0.021"``."""
    if p is None or not np.isfinite(p):
        return "p n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _read(folder: Path, file: str):
    path = folder / file
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)


def _select(table: pd.DataFrame, where: dict) -> pd.DataFrame:
    """Rows whose ``column`` equals ``value`` (compared as text), or, for a value written
    ``"< 0.05"`` or ``"> 0"``, is a number below (above) it."""
    keep = np.ones(len(table), dtype=bool)
    for column, value in where.items():
        text = str(value)
        if text[:1] in "<>" and len(text) > 1:
            bound = float(text[1:])
            numbers = pd.to_numeric(table[column], errors="coerce")
            keep &= (
                (numbers < bound if text[0] == "<" else numbers > bound).fillna(False).to_numpy()
            )
        else:
            keep &= (table[column].astype(str) == text).to_numpy()
    return table[keep]


def recompute(number: Number, folder: str | Path) -> object:
    """The value ``number.source`` says the number is, read afresh from ``folder``."""
    return _evaluate(number.name, number.source, _read(Path(folder), number.source["file"]))


def _evaluate(name: str, source: dict, data) -> object:
    """What ``source`` selects and aggregates in ``data`` (its file, already read)."""
    if isinstance(data, dict):
        return data[source["column"]]
    rows = _select(data, source.get("where", {}))
    aggregate = source.get("aggregate", "value")
    if aggregate == "count":
        return len(rows)
    column = rows[source["column"]]
    if aggregate == "nunique":
        return int(column.nunique())
    if aggregate in ("min", "max"):
        return getattr(column, aggregate)()
    if len(rows) != 1:
        raise InputError(
            f"recompute: {name} selects {len(rows)} rows of {source['file']}",
            expected="a source that selects exactly one row",
        )
    return column.iloc[0]


class _Numbers:
    """Collects numbers, each computed through its source (so value and source cannot drift)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.items, self._tables = folder, [], {}

    def table(self, file: str):
        if file not in self._tables:
            self._tables[file] = _read(self.folder, file)
        return self._tables[file]

    def add(self, name, description, text_of, file, column=None, where=None, aggregate="value"):
        source = {"file": file, "where": dict(where or {}), "column": column,
                  "aggregate": aggregate}  # fmt: skip
        value = _evaluate(name, source, self.table(file))  # each file read once
        value = value.item() if hasattr(value, "item") else value
        self.items.append(Number(name, value, text_of(value), description, source))
        return value


def paper_numbers(folder: str | Path) -> list[Number]:
    """The figures a results section quotes, from a study's processed folder.

    Sections come from what the study has: the corpus (``segments.parquet``), agreement
    (``compare/agreement.csv``), topics (``topics/topics.csv``, ``counted.json``), the
    largest interview-vs-event differences (``topics/differences.csv``), emergent themes
    (``compare/emergent.csv``), codebook changes (``compare/codebook_versions.csv``) and
    assisted coding (``compare/summary.json``). A missing file leaves its numbers out.

    Returns
    -------
    list of Number
        In the order a results section reads them; names are unique.
    """
    folder = Path(folder)
    if not (folder / "segments.parquet").is_file():
        raise InputError("paper_numbers: no segments table", path=folder,
                         expected="the output of `analysis ingest` (run `make` first)")  # fmt: skip
    out = _Numbers(folder)
    _corpus(out)
    if (folder / "compare" / "agreement.csv").is_file():
        _agreement(out)
    if (folder / "topics" / "topics.csv").is_file():
        _topics(out)
    if (folder / "compare" / "emergent.csv").is_file():
        _emergent(out)
    if (folder / "compare" / "codebook_versions.csv").is_file():
        _versions(out)
    summary = folder / "compare" / "summary.json"
    if summary.is_file():
        for key, name, what in (
            ("assisted_mean_kappa", "assistedKappa", "assisted coding's mean per-code kappa"),
            ("assisted_human_kappa", "assistedHumanKappa", "the second coder's on those units"),
        ):
            if key in json.loads(summary.read_text(encoding="utf-8")):
                out.add(name, what, estimate_text, "compare/summary.json", key)
    names = [n.name for n in out.items]
    assert len(names) == len(set(names)), "paper number names repeat"
    return out.items


def _corpus(out: _Numbers) -> None:
    segments = out.table("segments.parquet")
    file = "segments.parquet"
    interview = {"source": "interview"}
    if (segments["source"] == "interview").any():
        out.add("nInterviews", "interviews", count_text, file, "doc_id", interview, "nunique")
        own = {**interview, "is_interviewer": False}
        out.add("nInterviewees", "participants interviewed", count_text, file,
                "participant_id", own, "nunique")  # fmt: skip
        rows = _select(segments, own)
        for role in sorted(rows["role"].dropna().astype(str).unique()):
            out.add(macro_name("n", role), f"participants interviewed with role {role}",
                    count_text, file, "participant_id", {**own, "role": role}, "nunique")  # fmt: skip
        out.add("nParticipantTurns", "participant turns (interviewer turns left out)",
                count_text, file, "segment_id", own, "count")  # fmt: skip
    if (segments["source"] == "event").any():
        out.add("nEvents", "knowledge-exchange events", count_text, file, "event_id",
                {"source": "event"}, "nunique")  # fmt: skip
        out.add("nEventRows", "rows of event outputs", count_text, file, "segment_id",
                {"source": "event"}, "count")  # fmt: skip


def _agreement(out: _Numbers) -> None:
    file, table = "compare/agreement.csv", out.table("compare/agreement.csv")
    pooled = {"code_id": POOLED}
    if not (table["code_id"] == POOLED).any():
        return
    out.add("nCoders", "coders compared", count_text, file, "n_coders", pooled)
    out.add("nCodedUnits", "segments both coders coded", count_text, file, "n_units", pooled)
    for column, name, what in (("krippendorff_alpha", "alpha", "Krippendorff's alpha"),
                               ("cohen_kappa", "kappa", "Cohen's kappa")):  # fmt: skip
        if table[column].notna().any():
            for suffix, col in (("", column), ("Low", f"{column}_lo"), ("High", f"{column}_hi")):
                out.add(f"{name}Pooled{suffix}", f"pooled {what} {suffix.lower()}".strip(),
                        estimate_text, file, col, pooled)  # fmt: skip
    codes = [c for c in table["code_id"].astype(str) if c != POOLED]
    for code in codes:
        where = {"code_id": code}
        for suffix, col in (("", "cohen_kappa"), ("Low", "cohen_kappa_lo"),
                            ("High", "cohen_kappa_hi")):  # fmt: skip
            out.add(macro_name("kappa", code, suffix), f"Cohen's kappa of {code} {suffix}".strip(),
                    estimate_text, file, col, where)  # fmt: skip
    if codes:
        rows = {"unit_of_agreement": table.loc[table["code_id"] != POOLED,
                                               "unit_of_agreement"].iloc[0]}  # fmt: skip
        out.add("kappaLowest", "lowest per-code kappa", estimate_text, file, "cohen_kappa",
                rows, "min")  # fmt: skip
        out.add("kappaHighest", "highest per-code kappa", estimate_text, file, "cohen_kappa",
                rows, "max")  # fmt: skip


def _topics(out: _Numbers) -> None:
    file, topics = "topics/topics.csv", out.table("topics/topics.csv")
    out.add("nTopics", "topics", count_text, file, "topic", None, "count")
    if "stable" in topics.columns:
        out.add("nTopicsStable", "stable topics", count_text, file, "topic", {"stable": True},
                "count")  # fmt: skip
    if "finding" in topics.columns:
        out.add("nTopicsFindings", "topics that can be reported: stable and not chatter",
                count_text, file, "topic", {"finding": True}, "count")  # fmt: skip
    if (out.folder / "topics" / "counted.json").is_file():
        out.add("nSegmentsCounted", "segments counted in prevalence", count_text,
                "topics/counted.json", "counted")  # fmt: skip
    differences = "topics/differences.csv"
    if not (out.folder / differences).is_file():
        return
    table = out.table(differences)
    findings = table[table["finding"].astype(bool)] if "finding" in table.columns else table
    findings = findings.reindex(findings["difference"].abs().sort_values(ascending=False).index)
    out.add("nDifferences", "reportable topics whose interview-event difference holds after "
            "Holm's adjustment (p < 0.05)", count_text, differences, "topic",
            {"finding": True, "p_adjusted": "<0.05"}, "count")  # fmt: skip
    for rank, topic in zip(_RANKS[:3], findings["topic"], strict=False):
        where = {"topic": int(topic)}
        out.add(f"difference{rank}Label", f"{rank.lower()} largest difference: topic label",
                str, differences, "label", where)  # fmt: skip
        out.add(f"difference{rank}", f"{rank.lower()} largest difference (interview - event)",
                points_text, differences, "difference", where)  # fmt: skip
        for suffix, col in (("Low", "ci_low"), ("High", "ci_high")):
            out.add(f"difference{rank}{suffix}", f"its interval {suffix.lower()} (points)",
                    signed_text, differences, col, where)  # fmt: skip
        out.add(f"difference{rank}P", "its Holm-adjusted permutation p", p_text, differences,
                "p_adjusted", where)  # fmt: skip


def _emergent(out: _Numbers) -> None:
    file, table = "compare/emergent.csv", out.table("compare/emergent.csv")
    where = {"stable": True} if "stable" in table.columns else None
    out.add("nEmergent", "emergent themes (stable topics the codebook does not cover)",
            count_text, file, "topic", where, "count")  # fmt: skip
    rows = _select(table, where or {})
    for rank, topic in zip(_RANKS, rows["topic"], strict=False):
        out.add(f"emergent{rank}Label", f"{rank.lower()} emergent theme's label", str, file,
                "label", {"topic": int(topic)})  # fmt: skip


def _versions(out: _Numbers) -> None:
    file = "compare/codebook_versions.csv"
    for change in ("renamed", "merged", "split", "added", "removed", "unchanged"):
        out.add(macro_name("codes", change), f"codes {change} between codebook versions",
                count_text, file, "change", {"change": change}, "count")  # fmt: skip


def to_dicts(numbers: list[Number]) -> list[dict]:
    """The numbers as ``numbers.json`` lists them."""
    return [asdict(n) for n in numbers]
