"""Writers for transcripts in each format the readers accept, for tests and the demo study."""

from __future__ import annotations

import html
from pathlib import Path

import docx
import pandas as pd

from analysis.errors import InputError
from analysis.validation import check_option

__all__ = ["write_docx", "write_srt", "write_txt", "write_vtt"]

_WORDS_PER_CUE = 12
_SECONDS_PER_CUE = 4


def _rows(turns: pd.DataFrame, function: str) -> list[tuple[str, str, str | None]]:
    missing = {"speaker", "text"} - set(turns.columns)
    if missing:
        raise InputError(
            f"The 'turns' parameter of {function} lacks the columns {sorted(missing)}",
            expected="a turns table with 'speaker' and 'text' columns",
        )
    stamps = turns["timestamp"] if "timestamp" in turns.columns else [None] * len(turns)
    return [
        (str(speaker), str(text), None if pd.isna(stamp) else str(stamp))
        for speaker, text, stamp in zip(turns["speaker"], turns["text"], stamps, strict=True)
    ]


def _seconds(stamp: str | None, fallback: int) -> int:
    if stamp is None:
        return fallback
    try:
        parts = [int(part) for part in stamp.split(":")]
    except ValueError:
        return fallback
    return sum(part * 60**power for power, part in enumerate(reversed(parts)))


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def write_txt(
    turns: pd.DataFrame,
    path: str | Path,
    *,
    encoding: str = "utf-8",
    timestamps: bool = False,
    bom: bool = False,
    preamble: str = "",
) -> Path:
    """Write a speaker-labelled text transcript: ``[00:01:02] Speaker: text``, blank-line separated.

    Parameters
    ----------
    turns : pandas.DataFrame
        ``speaker`` and ``text`` columns; ``timestamp`` (``"HH:MM:SS"``) is used when
        ``timestamps`` is true, and turns without one get a time 15 s after the last.
    path : str or Path
        The file to write.
    encoding : str, default "utf-8"
        Any Python codec, e.g. ``"windows-1252"``.
    timestamps : bool, default False
        Prefix each turn with its ``[HH:MM:SS]`` timestamp.
    bom : bool, default False
        Start a UTF-8 file with a byte-order mark, as Windows Notepad does.
    preamble : str, default ""
        A header written before the first turn ("Interview with P03, 12 March 2022").

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> turns = pd.DataFrame({"speaker": ["Interviewer", "P03"], "text": ["Hello.", "Hi: me."]})
    >>> out = write_txt(turns, Path(tempfile.mkdtemp()) / "t.txt", timestamps=True)
    >>> print(out.read_text(encoding="utf-8"))
    [00:00:00] Interviewer: Hello.
    <BLANKLINE>
    [00:00:15] P03: Hi: me.
    <BLANKLINE>
    """
    path = Path(path)
    blocks = [preamble] if preamble else []
    seconds = -15
    for speaker, text, stamp in _rows(turns, "write_txt"):
        seconds = _seconds(stamp, seconds + 15)
        label = f"[{_clock(seconds)}] {speaker}:" if timestamps else f"{speaker}:"
        blocks.append(f"{label} {text}" if text else label)
    codec = (
        "utf-8-sig" if bom and encoding.replace("_", "-").lower() in {"utf-8", "utf8"} else encoding
    )
    try:
        data = ("\n\n".join(blocks) + "\n").encode(codec)
    except UnicodeEncodeError as err:
        raise InputError(
            f"{err.object[err.start : err.end]!r} cannot be written in {encoding}",
            path=path,
            expected=f"text that {encoding} can encode",
        ) from None
    path.write_bytes(data)
    return path


def write_docx(
    turns: pd.DataFrame,
    path: str | Path,
    layout: str = "bold",
    *,
    timestamps: bool = False,
    preamble: str = "",
) -> Path:
    """Write a Word transcript, a paragraph per turn with a bold label or a table of turns.

    Parameters
    ----------
    turns : pandas.DataFrame
        ``speaker`` and ``text`` (and optionally ``timestamp``) columns.
    path : str or Path
        The file to write.
    layout : {"bold", "table"}, default "bold"
        ``"bold"``: ``**Speaker:** text`` paragraphs (a line break inside a turn becomes a
        Word line break). ``"table"``: a header row ``Speaker | Text`` (``Time | Speaker |
        Text`` with timestamps) and one row per turn.
    timestamps : bool, default False
        Write each turn's timestamp (``[HH:MM:SS]`` before the bold label, or a time column).
    preamble : str, default ""
        Paragraphs written before the turns, one per line.

    Returns
    -------
    Path
        The file written. Word stamps it with the current time; see
        :func:`analysis.office.normalise_zip` for byte-identical output.
    """
    check_option(layout, "layout", "write_docx", ("bold", "table"))
    path = Path(path)
    rows = _rows(turns, "write_docx")
    document = docx.Document()
    try:
        for line in preamble.split("\n") if preamble else []:
            document.add_paragraph(line)
        seconds = -15
        clocks = []
        for _, _, stamp in rows:
            seconds = _seconds(stamp, seconds + 15)
            clocks.append(_clock(seconds))
        if layout == "bold":
            for (speaker, text, _), clock in zip(rows, clocks, strict=True):
                paragraph = document.add_paragraph()
                if timestamps:
                    paragraph.add_run(f"[{clock}] ")
                paragraph.add_run(f"{speaker}:").bold = True
                if text:
                    paragraph.add_run(f" {text}")
        else:
            header = ["Time", "Speaker", "Text"] if timestamps else ["Speaker", "Text"]
            table = document.add_table(rows=1, cols=len(header))
            for cell, name in zip(table.rows[0].cells, header, strict=True):
                cell.text = name
            for (speaker, text, _), clock in zip(rows, clocks, strict=True):
                values = [clock, speaker, text] if timestamps else [speaker, text]
                for cell, value in zip(table.add_row().cells, values, strict=True):
                    cell.text = value
    except ValueError as err:
        # lxml refuses control characters and other text that XML cannot hold.
        raise InputError(str(err), path=path, expected="text that XML can hold") from None
    document.save(str(path))
    return path


def _cues(turns: pd.DataFrame, function: str) -> list[tuple[int, int, str, str]]:
    """(start, end, speaker, text) cues: each turn in chunks of at most 12 words."""
    cues = []
    next_free = 0
    for speaker, text, stamp in _rows(turns, function):
        seconds = _seconds(stamp, next_free)
        words = text.split()
        for first in range(0, max(len(words), 1), _WORDS_PER_CUE):
            chunk = " ".join(words[first : first + _WORDS_PER_CUE])
            cues.append((seconds, seconds + _SECONDS_PER_CUE, speaker, chunk))
            seconds += _SECONDS_PER_CUE
        next_free = seconds
    return cues


def write_vtt(turns: pd.DataFrame, path: str | Path) -> Path:
    """Write WebVTT captions as Teams does: numbered cues with ``<v Speaker>`` voice tags.

    Long turns are split into cues of at most 12 words, so reading merges them back. Captions
    hold no line breaks or runs of spaces (the reader collapses them), and a turn without text
    writes an empty cue, which the reader skips.
    """
    path = Path(path)
    blocks = ["WEBVTT"]
    for number, (start, end, speaker, text) in enumerate(_cues(turns, "write_vtt"), start=1):
        timing = f"{_clock(start)}.000 --> {_clock(end)}.000"
        blocks.append(f"{number}\n{timing}\n<v {html.escape(speaker)}>{html.escape(text)}</v>")
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8", newline="\n")
    return path


def write_srt(turns: pd.DataFrame, path: str | Path) -> Path:
    """Write SubRip subtitles with a ``Speaker:`` prefix on every cue, as Zoom names speakers."""
    path = Path(path)
    blocks = []
    for number, (start, end, speaker, text) in enumerate(_cues(turns, "write_srt"), start=1):
        timing = f"{_clock(start)},000 --> {_clock(end)},000"
        blocks.append(f"{number}\n{timing}\n{speaker}: {html.escape(text, quote=False)}")
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8", newline="\n")
    return path
