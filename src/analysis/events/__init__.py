"""Knowledge-exchange events: the organisers' typed-up flip charts, exercises and feedback.

A study's ``events/`` folder holds ``events.csv`` (one row per event) and, for each event, either
a workbook ``<event_id>.xlsx`` with the sheets "Group notes", "Discretion exercise" and
"Feedback", or the same three tables as ``<event_id>_notes.csv``, ``<event_id>_discretion.csv``
and ``<event_id>_feedback.csv`` (``docs/study-layout.md``, "Events"). :func:`read_events` reads
them into tidy tables, mapping the labels organisers actually type ("LWs", "neg", "Much more ")
onto one vocabulary, and :func:`event_segments` turns every row with free text into a segment.

Nothing is dropped silently: empty rows and rows set aside are listed in ``EventTables.skipped``
with the reason, and every problem is an :class:`~analysis.errors.InputError` naming the file and
the spreadsheet's own cell reference (``sheet 'Feedback', cell B7``) or the CSV line.
"""

from analysis.events._read import EventTables, read_events
from analysis.events._segments import event_documents, event_segments
from analysis.events._vocabulary import (
    ASPECT_ALIASES,
    ASPECTS,
    POSITION_ALIASES,
    POSITIONS,
    SHEET_NAMES,
    STAKEHOLDER_ALIASES,
    STAKEHOLDERS,
    VALENCE_ALIASES,
    VALENCES,
)

__all__ = [
    "ASPECTS",
    "ASPECT_ALIASES",
    "POSITIONS",
    "POSITION_ALIASES",
    "SHEET_NAMES",
    "STAKEHOLDERS",
    "STAKEHOLDER_ALIASES",
    "VALENCES",
    "VALENCE_ALIASES",
    "EventTables",
    "event_documents",
    "event_segments",
    "read_events",
]
