"""How values are printed for people: category labels, text in a Markdown table's cell, quotes
cut to a width, p-values and differences with their intervals in a table's cells."""

from __future__ import annotations

import textwrap

import pandas as pd

__all__ = ["escape_markdown", "p_cell", "points_interval", "pretty", "shorten"]

#: Words printed in capitals wherever a category value is shown.
ACRONYMS = {"gp": "GP", "lw": "LW", "vcse": "VCSE", "icb": "ICB", "nhs": "NHS", "ccg": "CCG"}
#: How a missing value is shown.
MISSING = "(missing)"


def pretty(value: object) -> str:
    """A category value as a label: ``"lw_manager"`` -> ``"LW manager"``, ``-1`` -> ``"-1"``.

    Underscores become spaces, the first letter is capitalised and acronyms are kept; a
    missing value is ``"(missing)"`` in a table as in a figure.

    >>> pretty("gp_staff"), pretty("link_worker"), pretty("vcse_partner"), pretty("event")
    ('GP staff', 'Link worker', 'VCSE partner', 'Event')
    >>> pretty(None), pretty(float("nan")), pretty(pd.NA)
    ('(missing)', '(missing)', '(missing)')
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    text = str(value).replace("_", " ").strip()
    text = " ".join(ACRONYMS.get(word.casefold(), word) for word in text.split(" "))
    return text[:1].upper() + text[1:]


def escape_markdown(text: object) -> str:
    r"""Text safe in a Markdown pipe-table cell: ``|`` escaped, line breaks as ``<br>``; the one
    rule of every Markdown table the toolkit writes (tables, the ingest report, the reports'
    README).

    >>> escape_markdown("a | b\nc")
    'a \\| b<br>c'
    """
    return str(text).replace("|", r"\|").replace("\r\n", "\n").replace("\n", "<br>")


def shorten(text: object, width: int) -> str:
    """A quote on one line, cut at a word boundary to at most ``width`` characters.

    >>> shorten("I keep them   on my list\\nfor months, honestly.", 24)
    'I keep them on my list …'
    """
    return textwrap.shorten(" ".join(str(text).split()), width, placeholder=" …")


def p_cell(p: float) -> str:
    """A p-value in a table's cell: ``"<0.001"`` or three decimals.

    >>> p_cell(0.0004), p_cell(0.0213)
    ('<0.001', '0.021')
    """
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def points_interval(difference: float, low: float, high: float) -> str:
    """A difference of proportions and its interval in percentage points, signed.

    >>> points_interval(0.093, 0.039, 0.163)
    '+9.3 (+3.9 to +16.3)'
    """
    return f"{100 * difference:+.1f} ({100 * low:+.1f} to {100 * high:+.1f})"
