"""The demo study's planted themes, lined up with the ingested segments (for evaluation)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.demo.plan import FEEDBACK_THEME, NO_THEME

__all__ = ["load_theme_truth"]


def load_theme_truth(folder: str | Path, segments: pd.DataFrame) -> pd.Series:
    """The planted theme of each participant segment, indexed by ``segment_id``.

    Interview turns take their theme from ``interview_turns.csv`` (windows of a long turn share
    it); event rows from ``event_rows.csv``. Segments written for no theme (small talk) and
    attendee feedback are left out: recovery is scored on themed segments only. An empty series
    means the truth does not describe these segments (another study).

    Parameters
    ----------
    folder : str or Path
        The ground-truth folder (``tests/data/demo_truth``).
    segments : DataFrame
        The segments table (``segment_id, doc_id, turn, source, is_interviewer``).
    """
    folder = Path(folder)
    turns = pd.read_csv(folder / "interview_turns.csv", usecols=["doc_id", "turn", "theme"])
    rows = pd.read_csv(folder / "event_rows.csv", usecols=["segment_id", "theme"])
    participant = segments[~segments["is_interviewer"].astype(bool)]
    interview = participant[participant["source"] == "interview"].merge(
        turns, on=["doc_id", "turn"], how="inner"
    )[["segment_id", "theme"]]
    events = participant[participant["source"] == "event"].merge(rows, on="segment_id")[
        ["segment_id", "theme"]
    ]
    truth = pd.concat([interview, events], ignore_index=True).set_index("segment_id")["theme"]
    return truth[~truth.isin([NO_THEME, FEEDBACK_THEME])].sort_index()
