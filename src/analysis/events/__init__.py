"""Knowledge-exchange events: the organisers' typed-up flip charts, exercises and feedback.

A study's ``events/`` folder holds ``events.csv`` (one row per event) and, for each event, either
a workbook ``<event_id>.xlsx`` with one sheet per table, or one CSV file per table,
``<event_id>_<table>.csv``. The study's ``study.yaml`` declares the tables (``events:``): their
sheets, columns, free-text column, the values organisers may type with their short forms, and
ordered scales (``docs/study-layout.md``, "study.yaml"). :func:`read_events` reads them into tidy
tables, mapping the labels organisers actually type ("LWs", "neg", "Much more ") onto the
declared values, and :func:`event_segments` turns every row with free text into a segment.

Nothing is dropped silently: empty rows and rows set aside are listed in ``EventTables.skipped``
with the reason, and every problem is an :class:`~analysis.errors.InputError` naming the file and
the spreadsheet's own cell reference (``sheet 'Feedback', cell B7``) or the CSV line.
"""

from analysis.events._order import declared_order, scale_order, with_vocabulary
from analysis.events._read import EventTables, describe_event, read_events
from analysis.events._segments import event_documents, event_segments

__all__ = [
    "EventTables",
    "declared_order",
    "describe_event",
    "event_documents",
    "event_segments",
    "read_events",
    "scale_order",
    "with_vocabulary",
]
