"""How values are printed for people: category labels, and text in a Markdown table's cell."""

from __future__ import annotations

import pandas as pd

__all__ = ["escape_markdown", "pretty"]

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
