"""Speaker-labelled text: finding where turns start, and what a speaker label looks like.

The heuristic (documented for users in :mod:`analysis.transcripts`):

1. A turn starts at a line of the form ``[timestamp] Speaker: text``. The timestamp is
   optional and may be ``[00:01:02]``, ``(00:01:02)``, bare ``00:01:02`` or ``[01:02]``;
   it may also follow the label (``Interviewer [00:01:02]: text``) or stand on a line of its
   own before the speaker line. Markdown bold around the label (``**Interviewer:**``) is
   allowed. The colon must be followed by whitespace or the end of the line, so ``10:30`` or
   ``http://`` never end a label.
2. The label has a *shape*: outside parentheses at most 5 words and 40 characters, made of
   letters, digits, spaces and ``' ’ . - & / # + _``, starting with a letter or digit and
   holding at least one letter; every word starts with a capital letter
   or a digit (except name particles such as "van" or "de"); a word ending in "." is a title
   ("Dr.") or an initial. Parenthesised parts (``P03 (link worker)``) may hold anything but
   parentheses. Discourse and header words ("So", "Well", "Note", "Date", ...) are never labels.
   So ``So what I said was: no`` and ``Yes. And then: we left`` do not start turns.
3. Known speakers are preferred. A label is *established* when it starts two or more lines
   (compared case-insensitively). A plain label - one capitalised word seen only once, with no
   timestamp, digit, parentheses or all-capitals - is accepted when the file has no established
   speakers, or when turns in the file are separated by blank lines and this one is too;
   otherwise the line continues the previous turn ("Thursday: we went out" inside a turn).
   A label written in lower case (``interviewer:``, ``p03:``, ``speaker 2:``) starts a turn when
   it is a role word, optionally numbered, or when it has at most two words, starts two or more
   lines and no capitalised label is established in the file (so ``he said: no`` inside a
   capitalised transcript stays text).
4. Any other line continues the current turn; blank lines are kept inside a turn's span but
   never start or end one. Text before the first turn is the preamble.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.transcripts._model import Turn

__all__ = [
    "NO_TURNS_EXPECTED",
    "Line",
    "Start",
    "is_label",
    "normalise_timestamp",
    "parse_turns",
    "split_lines",
]

NO_TURNS_EXPECTED = "speaker-labelled turns such as 'Interviewer: …'"

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_STAMP = rf"(?:\[\s*({_TIME})\s*\]|\(\s*({_TIME})\s*\)|({_TIME})(?!\d))"
_LEADING_STAMP = re.compile(rf"\s*{_STAMP}\s*")
_TRAILING_STAMP = re.compile(rf"\s*{_STAMP}\s*$")
_STAMP_ONLY = re.compile(rf"\s*{_STAMP}\s*")
_COLON = re.compile(r":(\*\*|__)?(?=\s|$)")
_PARENTHESISED = re.compile(r"\([^()\[\]]*\)|\[[^()\[\]]*\]")

_MAX_WORDS = 5
_MAX_CHARS = 40
_MAX_LABEL = 100  # with parenthesised parts and a timestamp
_CORE_PUNCTUATION = "'’.-&/#+_"
_PARTICLES = frozenset(
    "van von der den de del della di da das dos du la le al el bin ben ibn y ter ten of the".split()
)
_TITLES = frozenset("dr mr mrs ms mx prof st rev sr jr cllr capt".split())
_NOT_LABELS = frozenset(
    """so well yes no and but or because then also ok okay right actually basically honestly
    anyway however like example e.g i.e eg ie note notes nb ps question answer date time
    duration length location place venue setting file filename recording audio transcript
    transcription transcriber project study title subject interview present attendees keywords
    summary quote see re cc to from sent http https www""".split()
)
_ROLES = frozenset(
    """interviewer interviewee respondent participant facilitator moderator researcher int iv
    ie resp""".split()
)


@dataclass(frozen=True)
class Start:
    """Where a turn starts: its speaker, timestamp and the offset just after the label."""

    speaker: str
    timestamp: str | None
    content_start: int
    strong: bool = False
    lower_case: bool = False


@dataclass(frozen=True)
class Line:
    """A unit of the document the parser walks: a text line, or a table row already a turn.

    ``start``/``end`` are offsets into the document. ``start_hint`` is a turn start that the
    format already identified (a bold label in .docx); ``turn`` a complete turn (a table row);
    ``header`` marks a table's header row, which is neither a turn nor part of the preamble.
    """

    start: int
    end: int
    start_hint: Start | None = None
    turn: Turn | None = None
    header: bool = False


def split_lines(document: str, offset: int = 0, end: int | None = None) -> list[Line]:
    """The ``"\\n"``-separated lines of ``document[offset:end]`` as :class:`Line` spans."""
    end = len(document) if end is None else end
    lines = []
    position = offset
    while True:
        newline = document.find("\n", position, end)
        if newline < 0:
            lines.append(Line(position, end))
            return lines
        lines.append(Line(position, newline))
        position = newline + 1


def normalise_timestamp(text: str) -> str | None:
    """``"1:02"``, ``"[00:01:02.5]"`` and the like as ``"HH:MM:SS"``; None if not a time.

    Two-part times are minutes and seconds, as transcription services write them.

    Examples
    --------
    >>> normalise_timestamp("[01:02]"), normalise_timestamp("1:02:03,250"), normalise_timestamp("x")
    ('00:01:02', '01:02:03', None)
    """
    match = _STAMP_ONLY.fullmatch(text)
    if match is None:
        return None
    return _stamp_of(match)


def _stamp_of(match: re.Match[str]) -> str:
    time = next(group for group in match.groups() if group is not None)
    parts = [int(part) for part in re.split(r"[.,]", time)[0].split(":")]
    seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[0] if len(parts) == 3 else 0)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def is_label(label: str, *, require_capitals: bool = True) -> bool:
    """Whether ``label`` has the shape of a speaker label (rule 2 of the module docstring).

    Examples
    --------
    >>> [is_label(s) for s in ("P03 (link worker)", "Dr Amir Shah", "INT", "So what I said was")]
    [True, True, True, False]
    """
    if not label or len(label) > _MAX_LABEL:
        return False
    core = _PARENTHESISED.sub(" ", label)
    if any(len(part) > _MAX_CHARS for part in _PARENTHESISED.findall(label)):
        return False
    words = core.split()
    if (
        not words
        or not label[0].isalnum()
        or len(words) > _MAX_WORDS
        or len(" ".join(words)) > _MAX_CHARS
    ):
        return False
    if " ".join(words).casefold() in _NOT_LABELS or not any(c.isalpha() for c in core):
        return False  # a number alone ("1: first...") is a list item, not a speaker
    for char in core:
        if not (
            char.isalnum()
            or char.isspace()
            or char in _CORE_PUNCTUATION
            or unicodedata.category(char).startswith("M")
        ):
            return False
    capitalised = 0
    for word in words:
        if word.endswith(".") and not (
            word[:-1].casefold() in _TITLES or (len(word) == 2 and word[0].isalpha())
        ):
            return False
        first = next((char for char in word if char.isalnum()), None)
        if first is None:
            continue
        if first.isdigit() or first.isupper() or not first.islower():
            capitalised += 1
        elif require_capitals and word.casefold() not in _PARTICLES:
            return False
    return capitalised > 0 or not require_capitals


def _is_distinctive(start: Start) -> bool:
    label = start.speaker
    return (
        start.timestamp is not None
        or any(char.isdigit() for char in label)
        or "(" in label
        or "[" in label
        or label.isupper()
        or len(label.split()) > 1
        or label.casefold() in _ROLES
    )


# A role word (or "speaker", or "p"), optionally numbered ("interviewer 2", "speaker 1"); the
# short forms also with the number attached ("p03", "int2").
_ROLE_WORDS = "|".join(sorted(_ROLES | {"speaker", "p"}, key=len, reverse=True))
_ROLE_LABEL = re.compile(
    rf"(?:{_ROLE_WORDS})\b[\s\-_#.]*\d*|(?:int|iv|ie|resp|p)\d+", re.IGNORECASE
)


def _lower_case_label(start: Start, established: set[str], capitalised: bool) -> bool:
    """Whether a label written in lower case starts a turn (rule 3 of the module docstring)."""
    label = start.speaker.casefold()
    if _ROLE_LABEL.fullmatch(_PARENTHESISED.sub(" ", label).strip()):
        return True
    words = _PARENTHESISED.sub(" ", label).split()
    return not capitalised and label in established and len(words) <= 2


def match_start(document: str, start: int, end: int) -> Start | None:
    """The turn start on the line ``document[start:end]``, or None (rules 1 and 2)."""
    line = document[start:end]
    position, timestamp = 0, None
    leading = _LEADING_STAMP.match(line)
    if leading is not None:
        position, timestamp = leading.end(), _stamp_of(leading)
    emphasis = line[position : position + 2] if line.startswith(("**", "__"), position) else ""
    position += len(emphasis)
    for colon in _COLON.finditer(line, position):
        raw = line[position : colon.start()].strip()
        if len(raw) > _MAX_LABEL:
            return None
        if raw.count("(") > raw.count(")") or raw.count("[") > raw.count("]"):
            continue  # the colon is inside a parenthesised part of the label
        closing = colon.group(1) or ""
        if emphasis and not closing:
            if not raw.endswith(emphasis):
                return None
            raw = raw[: -len(emphasis)].rstrip()
        elif closing != emphasis:
            return None
        trailing = _TRAILING_STAMP.search(raw)
        if trailing is not None:
            timestamp = timestamp or _stamp_of(trailing)
            raw = raw[: trailing.start()]
        speaker = " ".join(raw.split())
        if is_label(speaker):
            return Start(speaker, timestamp, start + colon.end())
        if is_label(speaker, require_capitals=False):
            return Start(speaker, timestamp, start + colon.end(), lower_case=True)
        return None
    return None


def _stripped_span(document: str, start: int, end: int) -> tuple[int, int]:
    segment = document[start:end]
    if not segment.strip():
        return start, start
    return start + len(segment) - len(segment.lstrip()), start + len(segment.rstrip())


def parse_turns(document: str, lines: list[Line], *, path: Path) -> tuple[list[Turn], str]:
    """Find the turns among ``lines``; return them and the preamble.

    Raises
    ------
    InputError
        When no line starts a turn.
    """
    n_lines = len(lines)
    candidates: list[Start | None] = []
    for line in lines:
        if line.turn is not None or line.header:
            candidates.append(None)
        elif line.start_hint is not None:
            candidates.append(line.start_hint)
        else:
            candidates.append(match_start(document, line.start, line.end))
    blank = [line.turn is None and not document[line.start : line.end].strip() for line in lines]
    stamp_only = [
        line.turn is None and _STAMP_ONLY.fullmatch(document, line.start, line.end) is not None
        for line in lines
    ]

    counts = Counter(start.speaker.casefold() for start in candidates if start is not None)
    established = {speaker for speaker, count in counts.items() if count >= 2}
    capitalised = any(
        start is not None and not start.lower_case and start.speaker.casefold() in established
        for start in candidates
    )
    candidates = [
        start
        if start is None
        or not start.lower_case
        or _lower_case_label(start, established, capitalised)
        else None
        for start in candidates
    ]
    established = {
        start.speaker.casefold() for start in candidates if start is not None
    } & established

    def strong(index: int) -> bool:
        start = candidates[index]
        if lines[index].turn is not None:
            return True
        if start is None:
            return False
        return start.strong or start.speaker.casefold() in established or _is_distinctive(start)

    def after_blank(index: int) -> bool:
        before = index - 1
        if before >= 0 and stamp_only[before]:
            before -= 1
        return before < 0 or blank[before]

    strong_lines = [index for index in range(n_lines) if strong(index)]
    blank_separated = len(strong_lines) >= 2 and all(map(after_blank, strong_lines[1:]))

    def accepted(index: int) -> bool:
        if strong(index):
            return True
        if candidates[index] is None:
            return False
        return not established or (blank_separated and after_blank(index))

    # Each turn: where its lines begin (a standalone timestamp line before it belongs to it),
    # its start (None for a table-row turn) and its line index.
    openings: list[tuple[int, Start | None, int]] = []
    previous = -1
    for index in range(n_lines):
        if not accepted(index):
            continue
        begin, stamp = lines[index].start, None
        before = index - 1
        while before > previous and blank[before]:
            before -= 1
        if before > previous and stamp_only[before]:
            begin = lines[before].start
            stamp_match = _STAMP_ONLY.fullmatch(document, lines[before].start, lines[before].end)
            stamp = _stamp_of(stamp_match) if stamp_match is not None else None
        start = candidates[index]
        if start is not None and start.timestamp is None and stamp is not None:
            start = Start(start.speaker, stamp, start.content_start, start.strong)
        openings.append((begin, start, index))
        previous = index

    if not openings:
        raise InputError("no speaker turns found", path=path, expected=NO_TURNS_EXPECTED)

    header_starts = [line.start for line in lines if line.header]
    turns = []
    for position, (_, start, index) in enumerate(openings):
        if start is None:
            # A table row is a whole turn; lines after it are not its text.
            row_turn = lines[index].turn
            if row_turn is not None:
                turns.append(row_turn)
            continue
        end = openings[position + 1][0] if position + 1 < len(openings) else len(document)
        # A table's header row ends the turn before the table.
        header = bisect.bisect_right(header_starts, start.content_start)
        if header < len(header_starts):
            end = min(end, header_starts[header])
        char_start, char_end = _stripped_span(document, start.content_start, end)
        turns.append(Turn(start.speaker, start.timestamp, char_start, char_end))
    first = openings[0][0]
    preamble = "\n".join(
        document[line.start : line.end] for line in lines if line.end <= first and not line.header
    )
    return turns, preamble.strip()
