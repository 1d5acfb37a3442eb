"""Helpers shared by the table builders: input checks, event selection, labels, bullets."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from analysis.errors import InputError
from analysis.io import require_columns

BULLET = "\u2022 "


def check(table: object, required: Sequence[str], name: str, func: str) -> pd.DataFrame:
    """The table, or an InputError naming the columns it lacks."""
    return require_columns(table, required, name, func)


def select_events(table: pd.DataFrame, event_id: object, func: str) -> pd.DataFrame:
    """Rows of one event (a str) or several (a list); all rows for None."""
    if event_id is None:
        return table
    check(table, ["event_id"], "the table", func)
    wanted = [event_id] if isinstance(event_id, str) else list(event_id)
    selected = table[table["event_id"].isin(wanted)]
    if selected.empty:
        known = sorted(map(str, table["event_id"].dropna().unique()))
        raise InputError(
            f"{func}: no rows for event_id {event_id!r}",
            expected=f"one of {', '.join(known)}" if known else "an event with rows",
        )
    return selected


def reading_order(table: pd.DataFrame) -> pd.DataFrame:
    keys = [column for column in ("event_id", "row") if column in table.columns]
    return table.sort_values(keys, kind="stable") if keys else table


def clean(text: object) -> str:
    return "" if pd.isna(text) else re.sub(r"\s+", " ", str(text)).strip()


def dedupe_key(text: str) -> str:
    return re.sub(r"[^\w ]+", "", text.casefold()).strip()


def bullets(texts: Sequence[str]) -> str:
    return "\n".join(BULLET + text for text in texts)
