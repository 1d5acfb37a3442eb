"""Segmentation: speaker turns into sentences and into windows of whole sentences.

A segment is the unit every later stage counts: topic models embed it, coders' codings are mapped
onto it, agreement is computed over it. Short turns are one segment; long turns (a link worker's
five-minute answer) are cut into consecutive windows of whole sentences so that one segment carries
one or two ideas rather than ten.

Every span returned here is a pair of character offsets ``(start, end)`` (end exclusive) into the
text it was computed from, trimmed of surrounding whitespace, so a quote can always be traced back
to the exact place in the pseudonymised document.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.errors import InputError
from analysis.validation import check_scalar

__all__ = [
    "DEFAULT_WINDOW_WORDS",
    "coded_units",
    "interviewer_rows",
    "segment_id",
    "segment_turns",
    "sentence_spans",
    "window_spans",
]

#: Words per window when a turn is cut (about two minutes of speech is ~250 words).
DEFAULT_WINDOW_WORDS = 120

#: A turn up to this many times the window size stays one segment: cutting a 150-word turn into
#: 120 + 30 words leaves a fragment too short to stand on its own.
_SHORT_TURN_FACTOR = 1.5

#: Words before which a full stop never ends a sentence (compared case-insensitively, without
#: the final stop).
_TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "mx", "prof", "rev", "st", "e.g", "i.e", "cf", "vs", "viz"}
)

#: Abbreviations that end a sentence only when the next word starts with a capital letter:
#: "housing, debt etc. and then" runs on, "housing, debt etc. Then we" does not.
_SOMETIMES_FINAL = frozenset({"etc", "a.m", "p.m", "approx", "esp"})

# Terminal punctuation (any run of . ? ! …) with closing quotes or brackets, followed by
# whitespace or the end of the text; or a line break. A stop followed directly by a character
# (decimals such as 2.5, "e.g.," or "…you know") never matches.
_BOUNDARY = re.compile(r"[.?!\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")
_WORD = re.compile(r"\S+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in spoken-style English.

    Parameters
    ----------
    text : str
        One turn, note or comment.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets of each sentence, in order, trimmed of surrounding whitespace.
        Together they cover every non-whitespace character of ``text`` exactly once. Text with
        no visible characters has no sentences.

    Notes
    -----
    A sentence ends after a run of ``.``, ``?``, ``!`` or ``…`` (so ``...`` and ``?!`` are one
    ending), with any closing quotes or brackets, when whitespace or the end of the text follows;
    and at every line break. A full stop does *not* end a sentence

    - after a title or Latin abbreviation: Dr., Mr., Mrs., Ms., Mx., Prof., Rev., St., e.g., i.e.,
      cf., vs., viz.;
    - after an initial (a capital letter other than "I", or dotted capitals such as "J.R."), so
      "Dr. J. Smith" stays together; acronyms written with stops ("U.K.") are read the same way;
    - after etc., a.m., p.m., approx., esp., unless the next word starts with a capital letter;
    - inside a number (``2.5``), because no whitespace follows it.

    A dash interruption (``--`` or ``—``) is not an ending: spoken sentences break off and resume.

    Examples
    --------
    >>> text = "I rang Dr. Patel. She said -- well, e.g. two weeks... Fine?"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['I rang Dr. Patel.', 'She said -- well, e.g. two weeks...', 'Fine?']
    """
    cuts = [0]
    for match in _BOUNDARY.finditer(text):
        if match.group() == "\n":
            cuts.append(match.start())
        elif _ends_sentence(text, match):
            cuts.append(match.end())
    cuts.append(len(text))
    spans = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        span = _trim(text, start, end)
        if span is not None:
            spans.append(span)
    return spans


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a terminal-punctuation match ends the sentence (see :func:`sentence_spans`)."""
    punctuation = match.group().rstrip("\"'\u201d\u2019)]")
    if punctuation != ".":
        return True
    before = _TOKEN_BEFORE.search(text, 0, match.start())
    if before is None:
        return True
    token = before.group(1).lstrip("\"'\u201c\u2018([")
    if token.lower() in _TITLES:
        return False
    if _INITIALS.fullmatch(token) and token != "I":
        return False
    if token.lower() in _SOMETIMES_FINAL:
        following = _WORD.search(text, match.end())
        return following is not None and following.group()[0].isupper()
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` shrunk to exclude surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _n_words(text: str, start: int = 0, end: int | None = None) -> int:
    return len(_WORD.findall(text, start, len(text) if end is None else end))


def window_spans(text: str, window_words: int = DEFAULT_WINDOW_WORDS) -> list[tuple[int, int]]:
    """Cut a turn into consecutive windows of whole sentences of about ``window_words`` words.

    Parameters
    ----------
    text : str
        One speaker turn.
    window_words : int, default 120
        The target size of a window, in words (runs of non-whitespace).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets of each window, in order, trimmed of surrounding whitespace,
        not overlapping, and together covering every non-whitespace character of ``text``.
        Text with no visible characters has no windows.

    Raises
    ------
    InputError
        If ``window_words`` is not a positive integer (a ``ValueError``; a ``TypeError`` too
        when it is not an int).

    Notes
    -----
    The rule, in order:

    1. A turn of at most ``1.5 * window_words`` words is one window.
    2. Otherwise the turn is cut into sentences (:func:`sentence_spans`). A sentence longer than
       ``2 * window_words`` words (a run-on transcript with no full stops) is cut into pieces of
       at most ``window_words`` words, each ending at the last comma, semicolon or colon in its
       second half, or else at the word boundary that reaches ``window_words`` words.
    3. Sentences (and pieces) are added greedily to the current window while it stays within
       ``window_words`` words; the next one that would overflow it starts a new window. A
       sentence longer than the window on its own is therefore a window on its own.
    4. A last window is merged into the one before when together they are at most
       ``1.5 * window_words`` words, so a turn does not end in a stray fragment.

    Every window therefore has at most ``2 * window_words`` words.

    Examples
    --------
    >>> text = "One two three. Four five. Six seven eight nine. Ten eleven twelve."
    >>> [text[s:e] for s, e in window_spans(text, window_words=5)]
    ['One two three. Four five.', 'Six seven eight nine. Ten eleven twelve.']
    """
    window_words = check_scalar(
        window_words, "window_words", "window_spans", low=1, what="a positive integer"
    )
    whole = _trim(text, 0, len(text))
    if whole is None:
        return []
    if _n_words(text) <= _SHORT_TURN_FACTOR * window_words:
        return [whole]

    units: list[tuple[int, int, int]] = []  # (start, end, words)
    for start, end in sentence_spans(text):
        words = _n_words(text, start, end)
        if words > 2 * window_words:
            units.extend(_split_long_sentence(text, start, end, window_words))
        else:
            units.append((start, end, words))

    windows: list[list[int]] = []  # [start, end, words]
    for start, end, words in units:
        if windows and windows[-1][2] + words <= window_words:
            windows[-1][1] = end
            windows[-1][2] += words
        else:
            windows.append([start, end, words])
    if len(windows) > 1 and windows[-2][2] + windows[-1][2] <= _SHORT_TURN_FACTOR * window_words:
        last = windows.pop()
        windows[-1][1] = last[1]
        windows[-1][2] += last[2]
    return [(start, end) for start, end, _ in windows]


def _split_long_sentence(
    text: str, start: int, end: int, window_words: int
) -> list[tuple[int, int, int]]:
    """Pieces of at most ``window_words`` words, cut at a late comma where there is one."""
    words = list(_WORD.finditer(text, start, end))
    pieces = []
    first = 0
    while first < len(words):
        last = min(first + window_words, len(words)) - 1
        if last < len(words) - 1:
            # Prefer a clause break in the second half of the piece, so that pieces stay
            # between half and all of the window size.
            halfway = first + max(window_words // 2, 1) - 1
            for candidate in range(last, halfway - 1, -1):
                if words[candidate].group()[-1] in ",;:":
                    last = candidate
                    break
        pieces.append((words[first].start(), words[last].end(), last - first + 1))
        first = last + 1
    return pieces


def segment_turns(turns: pd.DataFrame, *, window_words: int = DEFAULT_WINDOW_WORDS) -> pd.DataFrame:
    """One row per window of each turn, with offsets into the source document.

    Parameters
    ----------
    turns : DataFrame
        At least ``turn``, ``char_start``, ``char_end`` and ``text``, where ``text`` is the
        document's ``[char_start:char_end]``. Any other columns (``doc_id``, ``speaker``, ...)
        are carried through to every window of the turn.
    window_words : int, default 120
        Passed to :func:`window_spans`.

    Returns
    -------
    DataFrame
        The columns of ``turns`` in their order, with ``window`` (1-based within the turn) and
        ``n_windows`` added after ``turn``; ``char_start``/``char_end`` are absolute offsets in
        the document (the turn's ``char_start`` plus the window's offset in the turn) and
        ``text`` is exactly the turn text's slice at the window's offsets. A turn with no visible
        text is kept as one empty window at its start, so no turn disappears.

    Raises
    ------
    InputError
        If a required column is missing, or ``window_words`` is not a positive integer.

    See Also
    --------
    segment_id : the ``segment_id`` of a window.
    """
    missing = [name for name in ("turn", "char_start", "char_end", "text") if name not in turns]
    if missing:
        raise InputError(
            "The 'turns' parameter of segment_turns must have the columns turn, char_start, "
            f"char_end and text. Missing {', '.join(missing)}."
        )
    rows = []
    for record in turns.to_dict("records"):
        text = "" if pd.isna(record["text"]) else str(record["text"])
        spans = window_spans(text, window_words=window_words) or [(0, 0)]
        offset = int(record["char_start"])
        for number, (start, end) in enumerate(spans, start=1):
            row = dict(record)
            row.update(
                window=number,
                n_windows=len(spans),
                char_start=offset + start,
                char_end=offset + end,
                text=text[start:end],
            )
            rows.append(row)
    columns = list(turns.columns)
    at = columns.index("turn") + 1
    columns[at:at] = [name for name in ("window", "n_windows") if name not in columns]
    segments = pd.DataFrame(rows, columns=columns)
    return segments.astype(
        {"window": "int64", "n_windows": "int64", "char_start": "int64", "char_end": "int64"}
    )


def segment_id(doc_id: str, turn: int, window: int, n_windows: int) -> str:
    """The stable id of one window of one turn.

    Parameters
    ----------
    doc_id : str
        The document (e.g. ``"LW03_w1"``).
    turn : int
        The turn number within the document.
    window : int
        The 1-based window within the turn.
    n_windows : int
        How many windows the turn has.

    Returns
    -------
    str
        ``"{doc_id}-t{turn:03d}"`` when the turn is one window, else
        ``"{doc_id}-t{turn:03d}-w{window}"``.

    Examples
    --------
    >>> segment_id("LW03_w1", 7, 1, 1)
    'LW03_w1-t007'
    >>> segment_id("LW03_w1", 12, 2, 3)
    'LW03_w1-t012-w2'
    """
    base = f"{doc_id}-t{int(turn):03d}"
    return base if int(n_windows) == 1 else f"{base}-w{int(window)}"


def interviewer_rows(segments: pd.DataFrame) -> pd.Series:
    """True for the interviewer's segments, aligned with ``segments``: the one rule for the flag.

    The ``is_interviewer`` flag where the table has it (a missing flag counts as not the
    interviewer's: a segment is never dropped for an unknown flag); in a table without it, the
    segments whose ``role`` is ``interviewer``; else none.

    >>> interviewer_rows(pd.DataFrame({"is_interviewer": [True, None, False]})).tolist()
    [True, False, False]
    >>> interviewer_rows(pd.DataFrame({"role": ["Interviewer", "patient"]})).tolist()
    [True, False]
    """
    if "is_interviewer" in segments.columns:
        return segments["is_interviewer"].astype("boolean").fillna(False).astype(bool)
    if "role" in segments.columns:
        return segments["role"].astype(str).str.casefold().eq("interviewer")
    return pd.Series(False, index=segments.index)


def coded_units(segments: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Per-coder coverage at segment level: every participant segment of each document a coder
    coded (``segment_id, coder, doc_id, cluster``), so that a segment coded with nothing is an
    agreed absence rather than a missing value; ``cluster`` is the unit a bootstrap resamples
    whole (:func:`analysis.prevalence.dependence_units`)."""
    from analysis.prevalence import dependence_units

    participant = segments[~interviewer_rows(segments)]
    participant = participant.assign(cluster=dependence_units(participant))
    units = coverage.merge(participant[["segment_id", "doc_id", "cluster"]], on="doc_id")
    return units[["segment_id", "coder", "doc_id", "cluster"]].sort_values(["segment_id", "coder"])
