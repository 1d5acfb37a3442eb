"""The ingest report: an account of every transcript turn, event row and coding.

Each item read is either kept (and counted) or set aside with a reason and its place in the source
file. The report never holds text or names: only counts, file names, locations and reasons.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.labels import escape_markdown

__all__ = ["IngestReport"]


@dataclass
class IngestReport:
    """Counts of what was read, kept and set aside, per document and overall."""

    study: str = ""
    documents: list[dict[str, Any]] = field(default_factory=list)
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    pseudonymisation: list[dict[str, Any]] = field(default_factory=list)
    codings: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Speaker labels no rule placed (not an interviewer's, a key name, an id or a role word),
    #: taken as the interview log's participant: ``doc_id, label, turns, taken_as``.
    speakers: list[dict[str, Any]] = field(default_factory=list)
    #: False when the study ran without a key (``ingest.pseudonymise: detectors_only``).
    names_replaced: bool = True

    def aside(self, item: str, file: str, location: str, reason: str) -> None:
        """Record one thing set aside (a turn, an event row, a coding or a whole file)."""
        self.set_aside.append({"item": item, "file": file, "location": location, "reason": reason})

    def set_aside_table(self) -> pd.DataFrame:
        columns = ["item", "file", "location", "reason"]
        return pd.DataFrame(self.set_aside, columns=columns)

    def totals(self) -> dict[str, Any]:
        """Overall accounting: read = kept + set aside, for turns, event rows and codings."""
        docs = pd.DataFrame(self.documents)
        aside = Counter(entry["item"] for entry in self.set_aside)
        out: dict[str, Any] = {}
        kinds = [("interview", "turn"), ("event", "event row")]
        declared = docs[~docs["source"].isin(["interview", "event"])] if len(docs) else docs
        if len(declared) or aside.get("table row"):
            kinds.append((None, "table row"))  # the study's declared tables (surveys, forms)
        for source, item in kinds:
            if source is None:
                part = declared
            else:
                part = docs[docs["source"] == source] if len(docs) else docs
            read = int(part["units_read"].sum()) if len(part) else 0
            kept = int(part["units_kept"].sum()) if len(part) else 0
            out[item + "s"] = {
                "read": read,
                "kept": kept,
                "set_aside": aside.get(item, 0),
                "unaccounted": read - kept - aside.get(item, 0),
            }
        codings = pd.DataFrame(self.codings)
        read = int(codings["rows_read"].sum()) if len(codings) else 0
        kept = int(codings["rows_kept"].sum()) if len(codings) else 0
        out["codings"] = {
            "read": read,
            "kept": kept,
            "set_aside": aside.get("coding", 0),
            "unaccounted": read - kept - aside.get("coding", 0),
        }
        out["files_set_aside"] = aside.get("file", 0)
        return out

    def unaccounted(self) -> int:
        """How many items are neither kept nor set aside (0 when the accounting closes)."""
        return sum(v["unaccounted"] for v in self.totals().values() if isinstance(v, dict))

    def to_dict(self) -> dict[str, Any]:
        return {
            "study": self.study,
            "names_replaced": self.names_replaced,
            "totals": self.totals(),
            "documents": self.documents,
            "pseudonymisation": self.pseudonymisation,
            "codings": self.codings,
            "set_aside": self.set_aside,
            "speakers": self.speakers,
            "notes": self.notes,
        }

    def to_markdown(self) -> str:
        """The report for people: totals first, then per-document and per-file tables."""
        totals = self.totals()
        lines = [f"# Ingest report: study `{self.study}`", ""]
        lines += [
            "Every transcript turn, event row and coding read is either kept or set aside below.",
            "",
            "| item | read | kept | set aside | unaccounted |",
            "|---|---:|---:|---:|---:|",
        ]
        for name in ("turns", "event rows", "table rows", "codings"):
            if name not in totals:
                continue
            t = totals[name]
            lines.append(
                f"| {name} | {t['read']} | {t['kept']} | {t['set_aside']} | {t['unaccounted']} |"
            )
        lines += ["", f"Files set aside: {totals['files_set_aside']}", ""]
        for note in self.notes:
            lines.append(f"- {note}")
        if self.notes:
            lines.append("")
        if self.documents:
            lines += ["## Documents", ""]
            lines.append(_markdown_table(pd.DataFrame(self.documents)))
            lines.append("")
        if self.pseudonymisation:
            pseudo = pd.DataFrame(self.pseudonymisation)
            wide = (
                pseudo.pivot_table(index="doc_id", columns="kind", values="n", aggfunc="sum")
                .fillna(0)
                .astype(int)
                .reset_index()
            )
            lines += [
                "## Pseudonymisation (replacements per document and type; never the values)",
                "",
                _markdown_table(wide),
                "",
            ]
        if self.speakers:
            lines += [
                "## Speaker labels taken as the interviewee",
                "",
                "Not an interviewer's label, a key name, a participant id or a role word such as "
                "Interviewee or Respondent: these turns are analysed as the words of the "
                "participant interviews.csv names (`taken_as`). If a label is someone else's, "
                "declare it in interviews.csv (`interviewer`) or the key.",
                "",
                _markdown_table(pd.DataFrame(self.speakers)),
                "",
            ]
        if self.codings:
            lines += ["## Codings", "", _markdown_table(pd.DataFrame(self.codings)), ""]
        lines += ["## Set aside", ""]
        if self.set_aside:
            lines.append(_markdown_table(self.set_aside_table()))
        else:
            lines.append("Nothing was set aside.")
        return "\n".join(lines) + "\n"


def _markdown_table(table: pd.DataFrame) -> str:
    header = "| " + " | ".join(str(c) for c in table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    rows = [
        "| " + " | ".join("" if pd.isna(v) else escape_markdown(v) for v in row) + " |"
        for row in table.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])
