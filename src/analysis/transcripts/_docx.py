"""Word transcripts: bold speaker labels, plain ``Speaker: text`` paragraphs, or a table.

The document text is one line per paragraph and one line per table row (cells joined by tabs),
joined by ``"\\n"``; a line break inside a paragraph or a cell is a ``"\\n"`` too.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from analysis.errors import InputError
from analysis.transcripts._encoding import normalise_text
from analysis.transcripts._labels import (
    Line,
    Start,
    is_label,
    normalise_timestamp,
    parse_turns,
    split_lines,
)
from analysis.transcripts._model import Turn

__all__ = ["read_docx"]

_SPEAKER_HEADERS = frozenset({"speaker", "speakers", "name", "who", "participant", "speaker name"})
_TEXT_HEADERS = frozenset(
    {"text", "transcript", "transcription", "utterance", "speech", "content", "dialogue"}
)
_TIME_HEADERS = frozenset({"time", "timestamp", "time code", "timecode", "start", "start time"})
_LEADING_STAMP = re.compile(r"\s*(\[[^\]]*\]|\([^)]*\)|\d[\d:.,]*)\s*")


def read_docx(path: Path) -> tuple[str, list[Turn], str]:
    """Read a .docx transcript; return the document text, its turns and the preamble.

    Raises
    ------
    InputError
        When the file is not a readable Word document, holds no text, or has no turns.
    """
    if not path.is_file():
        raise InputError("file not found", path=path)
    try:
        blocks = list(docx.Document(str(path)).iter_inner_content())
    except Exception as err:
        # python-docx, zipfile, zlib and lxml raise a wide, undocumented range of exceptions on
        # damaged files (BadZipFile, KeyError for a missing part, XMLSyntaxError, ValueError...);
        # any failure while opening the document or listing its blocks means the file is
        # damaged. Rendering the blocks is this package's own code and stays outside the try,
        # so a bug of ours is not reported as the user's damaged file.
        raise InputError(
            f"not a readable Word document ({type(err).__name__}: {err})",
            path=path,
            expected="a .docx file as saved by Word or LibreOffice",
        ) from err
    document, lines = _render(blocks)
    if not document.strip():
        raise InputError("the document holds no text", path=path, expected="a transcript")
    turns, preamble = parse_turns(document, lines, path=path)
    return document, turns, preamble


def _render(blocks: list[Paragraph | Table]) -> tuple[str, list[Line]]:
    parts: list[str] = []
    lines: list[Line] = []
    offset = 0
    for block in blocks:
        if parts:
            parts.append("\n")
            offset += 1
        if isinstance(block, Paragraph):
            text = normalise_text(block.text)
            hint = _bold_start(block, text, offset)
            block_lines = _shift(text, offset)
            if hint is not None:
                block_lines[0] = Line(block_lines[0].start, block_lines[0].end, start_hint=hint)
            parts.append(text)
            lines.extend(block_lines)
            offset += len(text)
        else:
            text, table_lines = _render_table(block, offset)
            parts.append(text)
            lines.extend(table_lines)
            offset += len(text)
    return "".join(parts), lines


def _is_bold(run: Run) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    return bool(style is not None and style.font.bold)


def _bold_start(paragraph: Paragraph, text: str, offset: int) -> Start | None:
    """A speaker label in bold at the start of the paragraph (optionally after a timestamp)."""
    lead, bold = "", ""
    for item in paragraph.iter_inner_content():
        if not isinstance(item, Run):
            break
        if not item.text:
            continue
        if _is_bold(item):
            bold += item.text
        elif bold:
            break
        else:
            lead += item.text
    if not bold.strip():
        return None
    timestamp = None
    if lead.strip():
        timestamp = normalise_timestamp(lead)
        if timestamp is None:
            return None
    lead, prefix = normalise_text(lead), normalise_text(lead + bold)
    if not text.startswith(prefix):
        return None
    if prefix.rstrip().endswith(":"):
        label_end = len(prefix.rstrip()) - 1
        content_start = label_end + 1
    else:
        colon = re.match(r"\s*:", text[len(prefix) :])
        if colon is None:
            return None
        label_end, content_start = len(prefix), len(prefix) + colon.end()
    label = text[len(lead) : label_end].strip()
    stamp = _LEADING_STAMP.match(label)
    if stamp is not None and normalise_timestamp(stamp.group(0)) is not None:
        timestamp = timestamp or normalise_timestamp(stamp.group(0))
        label = label[stamp.end() :]
    speaker = " ".join(label.split())
    if not is_label(speaker, require_capitals=False):
        return None
    return Start(speaker, timestamp, offset + content_start, strong=True)


def _row_cells(table: Table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # A cell merged across grid columns is returned once per column it spans.
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(normalise_text(cell.text))
        rows.append(cells)
    return rows


def _columns(rows: list[list[str]]) -> tuple[int | None, int, int, bool] | None:
    """The (time, speaker, text) columns of a transcript table and whether it has a header."""
    header = [" ".join(cell.split()).casefold().rstrip(":") for cell in rows[0]]
    speaker = next((i for i, name in enumerate(header) if name in _SPEAKER_HEADERS), None)
    text = next((i for i, name in enumerate(header) if name in _TEXT_HEADERS), None)
    if speaker is not None and text is not None:
        time = next((i for i, name in enumerate(header) if name in _TIME_HEADERS), None)
        return time, speaker, text, True
    width = max(len(row) for row in rows)
    if width == 2:
        columns = (None, 0, 1)
    elif width == 3:
        columns = (0, 1, 2)
        times = [row[0] for row in rows if len(row) == 3 and row[0].strip()]
        if not times or any(normalise_timestamp(time) is None for time in times):
            return None
    else:
        return None
    labels = [row[columns[1]].strip().rstrip(":") for row in rows if len(row) > columns[1]]
    if not all(is_label(label, require_capitals=False) for label in labels if label):
        return None
    return (*columns, False)


def _render_table(table: Table, offset: int) -> tuple[str, list[Line]]:
    rows = _row_cells(table)
    layout = _columns(rows) if rows else None
    parts: list[str] = []
    lines: list[Line] = []
    speaker_before = None
    position = offset
    for number, cells in enumerate(rows):
        if parts:
            parts.append("\n")
            position += 1
        row_text = "\t".join(cells)
        row_end = position + len(row_text)
        if layout is None:
            lines.extend(_shift(row_text, position))
        elif layout[3] and number == 0:
            lines.append(Line(position, row_end, header=True))
        elif (row_turn := _row_turn(cells, layout, position, speaker_before)) is not None:
            speaker_before = row_turn.speaker
            lines.append(Line(position, row_end, turn=row_turn))
        else:
            lines.extend(_shift(row_text, position))
        parts.append(row_text)
        position += len(row_text)
    return "".join(parts), lines


def _shift(text: str, offset: int) -> list[Line]:
    return [Line(line.start + offset, line.end + offset) for line in split_lines(text)]


def _row_turn(
    cells: list[str],
    layout: tuple[int | None, int, int, bool],
    offset: int,
    speaker_before: str | None,
) -> Turn | None:
    time_column, speaker_column, text_column, _ = layout
    starts = [0]
    for cell in cells:
        starts.append(starts[-1] + len(cell) + 1)
    speaker = cells[speaker_column] if speaker_column < len(cells) else ""
    speaker = " ".join(speaker.split()).rstrip(":").rstrip()
    text = cells[text_column] if text_column < len(cells) else ""
    if not speaker:
        # Services leave the speaker cell empty when the same person goes on speaking.
        if speaker_before is None or not text.strip():
            return None
        speaker = speaker_before
    timestamp = None
    if time_column is not None and time_column < len(cells):
        timestamp = normalise_timestamp(cells[time_column])
    if text_column < len(cells):
        cell_start = offset + starts[text_column]
        stripped = text.strip()
        begin = cell_start + (len(text) - len(text.lstrip()) if stripped else 0)
        return Turn(speaker, timestamp, begin, begin + len(stripped))
    end = offset + starts[-1] - 1
    return Turn(speaker, timestamp, end, end)
