"""How a category value (a role, a source, a theme) is printed in tables, figures and reports."""

from __future__ import annotations

import pandas as pd

__all__ = ["pretty"]

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
