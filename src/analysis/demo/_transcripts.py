"""Write composed turns as transcript files the way transcription services and Teams send them.

``.txt`` files vary their speaker labels, timestamps, wrapping, blank lines, quotes, encoding and
line endings; ``.docx`` files put the speaker in bold before the text or lay the turns out in a
table; ``.vtt`` files are Teams captions whose consecutive cues of one speaker a reader must
merge. For ``.txt`` files the writer also returns where each turn's text lies in the file as
read (decoded, byte-order mark stripped), so coders' character ranges can point into it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.demo._compose import Turn
from analysis.office import normalise_zip


@dataclass(frozen=True)
class TxtStyle:
    """How one plain-text transcript is laid out."""

    interviewer: str
    interviewee: str
    timestamp: str = ""  # "", "bracket" ([00:01:02]) or "plain" (00:01:02)
    wrap: int = 0  # hard-wrap lines at this width; 0 leaves each paragraph on one line
    paragraphs: bool = False  # long turns run over two paragraphs
    blank_lines: bool = True  # a blank line between turns
    curly: bool = False  # word-processor quotes and dashes
    encoding: str = "utf-8"  # "utf-8", "utf-8-sig" or "cp1252"
    newline: str = "\n"
    relabel: bool = False  # a long turn restarts under a fresh timestamp and the same label


@dataclass(frozen=True)
class TurnSpan:
    """Where one turn's text lies in a ``.txt`` file as read, and where its sentences lie."""

    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]
    #: Indices of the sentences that open a labelled line: a turn restarted under the same label
    #: (``relabel``) is two turns to a reader, so the ground truth splits it there too.
    chunks: tuple[int, ...] = (0,)


def smarten(sentence: str) -> str:
    """Apostrophes and dashes as a word processor autocorrects them."""
    return sentence.replace("'", "\u2019").replace(" --", " \u2013")


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _durations(turns: list[Turn], rng: np.random.Generator) -> list[float]:
    """Start time of each turn: speech at about 2.6 words a second, with pauses."""
    starts, now = [], float(rng.uniform(1, 6))
    for turn in turns:
        starts.append(now)
        now += len(turn.text.split()) / 2.6 + float(rng.uniform(0.4, 2.5))
    return starts


def _wrap(line: str, width: int, protect: int) -> str:
    """Hard-wrap by turning spaces into newlines (length-preserving), never inside the label."""
    chars = list(line)
    line_start, last_space = 0, -1
    for i, char in enumerate(chars):
        if char == " " and i >= protect:
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


def render_txt(
    turns: list[Turn], style: TxtStyle, rng: np.random.Generator
) -> tuple[bytes, list[TurnSpan]]:
    """The bytes of a ``.txt`` transcript and each turn's span in its text as read."""
    starts = _durations(turns, rng)
    out: list[str] = []
    pos = 0
    spans: list[TurnSpan] = []

    def emit(piece: str) -> None:
        nonlocal pos
        out.append(piece)
        pos += len(piece)

    for index, (turn, start) in enumerate(zip(turns, starts, strict=True)):
        label = style.interviewer if turn.is_interviewer else style.interviewee
        sentences = [smarten(s) if style.curly else s for s in turn.sentences]
        # Where a new paragraph (or, with relabel, a new labelled chunk) begins.
        breaks: set[int] = set()
        if len(sentences) >= 4 and (style.paragraphs or style.relabel) and rng.random() < 0.6:
            breaks.add(int(rng.integers(2, len(sentences) - 1)))
        if index and style.blank_lines:
            emit("\n")
        sentence_spans = []
        chunk_start = start
        chunks = [0]
        for k, sentence in enumerate(sentences):
            if k == 0 or (k in breaks and style.relabel):
                if k:
                    chunks.append(k)
                    emit("\n")
                    chunk_start = start + sum(len(s.split()) for s in sentences[:k]) / 2.6
                stamp = ""
                if style.timestamp == "bracket":
                    stamp = f"[{_clock(chunk_start)}] "
                elif style.timestamp == "plain":
                    stamp = f"{_clock(chunk_start)} "
                line_prefix = f"{stamp}{label}: "
                line_open = len(out)
                emit(line_prefix)
            elif k in breaks:
                emit("\n\n")
                line_open, line_prefix = len(out), ""
            else:
                emit(" ")
            sentence_spans.append((pos, pos + len(sentence)))
            emit(sentence)
            next_breaks = k + 1 == len(sentences) or k + 1 in breaks
            if style.wrap and next_breaks:
                line = "".join(out[line_open:])
                out[line_open:] = [_wrap(line, style.wrap, len(line_prefix))]
        emit("\n")
        spans.append(
            TurnSpan(
                sentence_spans[0][0], sentence_spans[-1][1], tuple(sentence_spans), tuple(chunks)
            )
        )
    text = "".join(out)
    if style.newline != "\n":
        text = text.replace("\n", style.newline)
    return text.encode(style.encoding), spans


def write_docx(
    turns: list[Turn],
    path: Path,
    *,
    interviewer: str,
    interviewee: str,
    layout: str,
    date: dt.date,
    rng: np.random.Generator,
) -> None:
    """A ``.docx`` transcript: bold speaker then text per paragraph, or a table of turns.

    ``layout`` is ``"bold"``, ``"table"`` (time | speaker | text) or ``"table-no-time"``
    (speaker | text). Tables start with a header row, as transcription services send them.
    """
    import docx  # python-docx: imported here so the rest of the generator loads without it

    document = docx.Document()
    stamp = dt.datetime(date.year, date.month, date.day, 17, 0, 0)
    props = document.core_properties
    props.created = props.modified = props.last_printed = stamp
    props.author = props.last_modified_by = "Transcription service"
    props.revision = 1
    props.title = props.comments = props.keywords = props.subject = ""
    starts = _durations(turns, rng)
    if layout == "bold":
        for turn in turns:
            paragraph = document.add_paragraph()
            label = interviewer if turn.is_interviewer else interviewee
            paragraph.add_run(f"{label}:").bold = True
            paragraph.add_run(f" {turn.text}")
    else:
        timed = layout == "table"
        header = ("Time", "Speaker", "Text") if timed else ("Speaker", "Text")
        table = document.add_table(rows=1, cols=len(header))
        for cell, name in zip(table.rows[0].cells, header, strict=True):
            cell.text = name
        for turn, start in zip(turns, starts, strict=True):
            label = interviewer if turn.is_interviewer else interviewee
            values = (_clock(start), label, turn.text) if timed else (label, turn.text)
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    document.save(str(path))
    normalise_zip(path)


def render_vtt(turns: list[Turn], *, interviewer: str, interviewee: str, rng) -> bytes:
    """Teams captions: cues of a few seconds with ``<v Name>`` voice tags and cue ids."""
    starts = _durations(turns, rng)
    call_id = "".join(f"{int(b):02x}" for b in rng.integers(0, 256, size=16))
    call_id = f"{call_id[:8]}-{call_id[8:12]}-{call_id[12:16]}-{call_id[16:20]}-{call_id[20:]}"
    lines = ["WEBVTT", ""]
    cue = 0
    for turn, start in zip(turns, starts, strict=True):
        name = interviewer if turn.is_interviewer else interviewee
        words = turn.text.split()
        now = start
        while words:
            size = int(rng.integers(7, 19))
            chunk, words = words[:size], words[size:]
            end = now + len(chunk) / 2.6
            lines += [
                f"{call_id}/{cue}-0",
                f"{_vtt_time(now)} --> {_vtt_time(end)}",
                f"<v {name}>{' '.join(chunk)}</v>",
                "",
            ]
            cue += 1
            now = end
    return "\n".join(lines).encode("utf-8")


def _vtt_time(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    return f"{_clock(millis // 1000)}.{millis % 1000:03d}"
