"""Known themes of a study's segments (a ground-truth folder), lined up with its segments.

The folder's format is the one the synthetic demo's generator writes (``data/raw/demo/truth``)
and a team can write for a study whose passages were labelled by hand: ``interview_turns.csv``
(``doc_id, turn, theme``: the theme of each speaker turn, numbered as ingest numbers them) and
``event_rows.csv`` (``segment_id, theme``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["UNTHEMED", "load_theme_truth"]

#: Theme values that mark text written for no theme: small talk (``none``) and attendee
#: feedback on an event itself (``event_feedback``).
UNTHEMED = ("none", "event_feedback")


def load_theme_truth(
    folder: str | Path, segments: pd.DataFrame, *, unthemed: tuple[str, ...] = UNTHEMED
) -> pd.Series:
    """The planted theme of each participant segment, indexed by ``segment_id``.

    Interview turns take their theme from ``interview_turns.csv`` (windows of a long turn share
    it); event rows from ``event_rows.csv``. Segments whose theme is one of ``unthemed`` are
    left out: recovery is scored on themed segments only. An empty series means the truth does
    not describe these segments (another study).

    Parameters
    ----------
    folder : str or Path
        The ground-truth folder (``data/raw/demo/truth``).
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
    return truth[~truth.isin(list(unthemed))].sort_index()
