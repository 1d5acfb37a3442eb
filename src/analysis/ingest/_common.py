"""Names shared by the ingest modules: the segments table's columns and speaker conventions."""

from __future__ import annotations

import fnmatch
import re

SEGMENT_COLUMNS = [
    "segment_id",
    "doc_id",
    "source",
    "speaker",
    "participant_id",
    "role",
    "site",
    "event_id",
    "turn",
    "window",
    "char_start",
    "char_end",
    "text",
    "is_interviewer",
]
TRANSCRIPT_SUFFIXES = {".txt", ".md", ".docx", ".vtt", ".srt"}
# Any label that starts with one of these words ("Interviewer 2", "interviewer2", "Researcher
# (JS)"), or is one of the short forms, numbered or not ("INT-2", "I1", "Q"), is an interviewer.
_INTERVIEWER = re.compile(
    r"(?:interviewer|moderator|facilitator|researcher)(?![a-z]).*"
    r"|(?:int|iv|i|q)(?:[\s\-_#.]*\d+[a-z]?)?",
    re.IGNORECASE | re.DOTALL,
)


def declared_interviewers(value) -> list[str]:
    """The labels (or ``*``/``?`` patterns) an ``interviewer`` cell of ``interviews.csv`` names:
    one label, or several separated by ``;`` or ``|``.

    >>> declared_interviewers("Dr Amy Lee; Interviewer*")
    ['Dr Amy Lee', 'Interviewer*']
    """
    if not isinstance(value, str):
        return []
    return [part.strip() for part in re.split(r"[;|]", value) if part.strip()]


def is_interviewer(label: str, declared=()) -> bool:
    """Whether a transcript's speaker ``label`` is the interviewer's: any label of the default
    forms (see ``_INTERVIEWER``), or one the interview log declares (case-insensitive, with
    ``*`` and ``?`` as wildcards).

    >>> [is_interviewer(s) for s in ("interviewer", "Interviewer2", "INT-2", "Interviewee", "P03")]
    [True, True, True, False, False]
    >>> is_interviewer("Dr Amy Lee", ["dr amy lee"]), is_interviewer("Moderator B", ["Sam*"])
    (True, True)
    """
    folded = " ".join(str(label).split()).casefold()
    if _INTERVIEWER.fullmatch(folded):
        return True
    return any(fnmatch.fnmatchcase(folded, " ".join(d.split()).casefold()) for d in declared)
