"""Names shared by the ingest modules: the segments table's columns and speaker conventions."""

from __future__ import annotations

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
# Labels transcription services and researchers use for the person asking the questions.
INTERVIEWER_LABELS = {"interviewer", "int", "i", "researcher", "facilitator", "q", "moderator"}
