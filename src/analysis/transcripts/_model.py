"""The turns table and the :class:`Transcript` every reader returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd

__all__ = ["TURN_COLUMNS", "Transcript", "Turn", "turns_frame"]

#: Columns of the turns table, in order.
TURN_COLUMNS = ("turn", "speaker", "timestamp", "char_start", "char_end", "text")


class Turn(NamedTuple):
    """One speaker turn found by a reader: who, when, and where its text lies in the document."""

    speaker: str
    timestamp: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True, eq=False)
class Transcript:
    """A transcript as read: its document text and the speaker turns found in it.

    Attributes
    ----------
    path : Path
        The file read.
    text : str
        The document's full plain text as read (decoded, ``"\\n"`` line endings, NFC). For
        .docx it is one line per paragraph and per table row (cells joined by tabs); for
        .vtt/.srt it is the rendered transcript, one ``Speaker: text`` line per merged turn.
        Character offsets in ``turns`` and in CAQDAS codings point into this string.
    turns : pandas.DataFrame
        One row per turn: ``turn`` (1-based), ``speaker``, ``timestamp`` (``"HH:MM:SS"`` or
        missing), ``char_start``, ``char_end`` (end exclusive) and ``text``, with
        ``text[char_start:char_end] == turns.text`` on every row.
    encoding : str
        The encoding that decoded the file (``"utf-8"``, ``"utf-8-sig"``, ``"windows-1252"``,
        ``"utf-16"``; ``"utf-8"`` for .docx, whose XML is decoded by the parser).
    format : str
        ``"txt"`` (also for .md), ``"docx"``, ``"vtt"`` or ``"srt"``.
    preamble : str
        Text before the first turn (a header such as "Interview with P03, 12 March 2022"),
        stripped; empty when the first line is a turn. It stays in ``text`` too.
    """

    path: Path
    text: str
    turns: pd.DataFrame
    encoding: str
    format: str
    preamble: str = ""


def turns_frame(document: str, turns: list[Turn], *, path: Path) -> pd.DataFrame:
    """Build the turns table; the document text travels in ``attrs["document"]``."""
    frame = pd.DataFrame(
        {
            "turn": pd.Series(range(1, len(turns) + 1), dtype="int64"),
            "speaker": pd.Series([t.speaker for t in turns], dtype="str"),
            "timestamp": pd.Series([t.timestamp for t in turns], dtype="str"),
            "char_start": pd.Series([t.char_start for t in turns], dtype="int64"),
            "char_end": pd.Series([t.char_end for t in turns], dtype="int64"),
            "text": pd.Series([document[t.char_start : t.char_end] for t in turns], dtype="str"),
        },
        columns=list(TURN_COLUMNS),
    )
    frame.attrs["document"] = document
    frame.attrs["path"] = str(path)
    return frame
