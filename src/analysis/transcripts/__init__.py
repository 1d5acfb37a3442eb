"""Interview transcripts in the formats research teams receive them, read into a turns table.

Formats
-------
- ``.txt`` / ``.md``: speaker-labelled text, ``Speaker: text`` with an optional timestamp
  (``[00:01:02]``, ``(00:01:02)``, ``00:01:02``, ``[01:02]``) before the label or on a line of
  its own; a turn may run over several lines; blank lines are ignored. UTF-8 (with or without a
  byte-order mark), then Windows-1252; the text is NFC-normalised with ``"\\n"`` line endings and
  otherwise kept as it is (smart quotes stay), so CAQDAS character offsets match.
- ``.docx``: paragraphs starting with a bold label (``**Interviewer:** text``, or bold
  ``Interviewer`` followed by ``:``), plain ``Speaker: text`` paragraphs, or a table with columns
  speaker | text or time | speaker | text (a header row such as "Speaker | Text" is recognised).
- ``.vtt`` / ``.srt``: Teams and Zoom captions; the speaker comes from a ``<v Name>`` voice tag
  or a ``Name:`` prefix, and consecutive cues of one speaker are one turn.

What counts as a speaker label
------------------------------
A line starts a turn when, after an optional timestamp, it holds a short label and a colon
followed by a space or the line end. The label has at most 5 words and 40 characters outside
parentheses (``P03 (link worker)``), every word capitalised or a digit (``INT``, ``R1``, ``Dr
Amir Shah``), and no sentence punctuation, so ``So what I said was: no`` continues a turn.
Speakers seen on two or more lines are *established*; a once-seen plain label (one capitalised
word, no timestamp, digit, parentheses or capitals) only starts a turn when the file has no
established speakers, or separates turns with blank lines and this line follows one. Discourse
and header words (``Well:``, ``Note:``, ``Date:``) never start a turn. Text before the first
turn is the :attr:`Transcript.preamble`. A label with no text gives a turn with empty text.

Offsets
-------
``char_start``/``char_end`` index :attr:`Transcript.text` (also ``turns.attrs["document"]``):
for every turn ``text[char_start:char_end] == turn.text``. The turn text excludes the label,
the timestamp and surrounding whitespace; line breaks inside a turn are kept.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.transcripts._captions import parse_captions
from analysis.transcripts._docx import read_docx
from analysis.transcripts._encoding import decode_transcript, read_bytes
from analysis.transcripts._labels import parse_turns, split_lines
from analysis.transcripts._model import TURN_COLUMNS, Transcript, turns_frame
from analysis.transcripts._write import write_docx, write_srt, write_txt, write_vtt

__all__ = [
    "SUFFIXES",
    "TURN_COLUMNS",
    "Transcript",
    "read_document",
    "read_transcript",
    "write_docx",
    "write_srt",
    "write_txt",
    "write_vtt",
]

#: File extensions the readers accept, and the format each is read as.
SUFFIXES = {".txt": "txt", ".md": "txt", ".docx": "docx", ".vtt": "vtt", ".srt": "srt"}


def read_document(path: str | Path) -> Transcript:
    """Read a transcript file: its document text, its speaker turns and how it was decoded.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.docx``, ``.vtt`` or ``.srt`` file (extension case ignored).

    Returns
    -------
    Transcript
        ``text``, ``turns`` (see :func:`read_transcript`), ``encoding``, ``format`` and
        ``preamble``.

    Raises
    ------
    InputError
        For an unsupported extension, a missing, empty or undecodable file, a damaged .docx,
        captions that do not parse (naming the line), or a file without speaker turns.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "p03.txt"
    >>> _ = path.write_text("Interview with P03\\n\\n[00:00:05] INT: How long?\\n"
    ...                     "P03 (link worker): As long\\nas it takes.\\n", encoding="utf-8")
    >>> transcript = read_document(path)
    >>> transcript.preamble
    'Interview with P03'
    >>> transcript.turns[["speaker", "timestamp", "text"]].to_dict("list")
    {'speaker': ['INT', 'P03 (link worker)'], 'timestamp': ['00:00:05', nan], \
'text': ['How long?', 'As long\\nas it takes.']}
    """
    path = Path(path)
    format = SUFFIXES.get(path.suffix.lower())
    if format is None:
        raise InputError(
            f"unsupported transcript file type {path.suffix or '(no extension)'!r}",
            path=path,
            expected="one of " + " ".join(SUFFIXES),
        )
    if format == "docx":
        document, turns, preamble = read_docx(path)
        encoding = "utf-8"
    else:
        data = read_bytes(path)
        document, encoding = decode_transcript(data, path)
        if not document.strip():
            raise InputError("the file is empty", path=path, expected="a transcript")
        if format == "txt":
            turns, preamble = parse_turns(document, split_lines(document), path=path)
        else:
            document, turns, preamble = parse_captions(document, path, format=format)
    frame = turns_frame(document, turns, path=path)
    frame.attrs.update(encoding=encoding, format=format, preamble=preamble)
    return Transcript(path, document, frame, encoding, format, preamble)


def read_transcript(path: str | Path) -> pd.DataFrame:
    """The turns table of a transcript file: one row per speaker turn.

    Columns: ``turn`` (1-based), ``speaker`` (as labelled), ``timestamp`` (``"HH:MM:SS"`` or
    missing), ``char_start``, ``char_end`` (offsets into the document text, end exclusive) and
    ``text``. The document text is in ``attrs["document"]``, with ``attrs["path"]``,
    ``attrs["encoding"]``, ``attrs["format"]`` and ``attrs["preamble"]``. See
    :func:`read_document` for formats and errors.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = path.write_text("Interviewer: Hello.\\nMargaret: Hi.\\n", encoding="utf-8")
    >>> turns = read_transcript(path)
    >>> document = turns.attrs["document"]
    >>> [document[start:end] for start, end in zip(turns.char_start, turns.char_end)]
    ['Hello.', 'Hi.']
    """
    return read_document(path).turns
