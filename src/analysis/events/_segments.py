"""Event free text as documents and segments, the form the later stages take."""

from __future__ import annotations

import pandas as pd

from analysis.events._read import EventTables
from analysis.events._vocabulary import POSITIONS, SHEET_NAMES

_SEGMENT_COLUMNS = (
    "segment_id", "doc_id", "source", "event_id", "table", "speaker", "participant_id", "role",
    "site", "turn", "char_start", "char_end", "text", "group", "concept", "stakeholder", "valence",
    "aspect", "position",
)  # fmt: skip


def _text_rows(tables: EventTables):
    """``(doc_id, table, rows with text)`` per event and table, in events then table order."""
    order = list(dict.fromkeys(tables.events["event_id"]))
    for table in SHEET_NAMES:
        frame = getattr(tables, table)
        order.extend(event_id for event_id in frame["event_id"] if event_id not in order)
    for event_id in order:
        for table in SHEET_NAMES:
            frame = getattr(tables, table)
            rows = frame[(frame["event_id"] == event_id) & frame["text"].notna()]
            if len(rows):
                yield f"{event_id}-{table}", table, rows.sort_values("row", kind="stable")


def event_documents(tables: EventTables) -> dict[str, str]:
    """Each event table's free text as one document, the texts of its rows joined by newlines.

    Parameters
    ----------
    tables : EventTables
        As :func:`read_events` returns.

    Returns
    -------
    dict of str to str
        ``doc_id`` (``"<event_id>-<table>"``) -> the document, for every event table with at
        least one row of free text. The ``char_start``/``char_end`` of :func:`event_segments`
        point into these documents.
    """
    return {doc_id: "\n".join(rows["text"]) for doc_id, _, rows in _text_rows(tables)}


def event_segments(tables: EventTables) -> pd.DataFrame:
    """One segment per row of event free text.

    Parameters
    ----------
    tables : EventTables
        As :func:`read_events` returns.

    Returns
    -------
    DataFrame
        ``segment_id`` (``"<event_id>-<table>-<row:03d>"``), ``doc_id``, ``source`` ("event"),
        ``event_id``, ``table``, ``speaker``, ``participant_id`` (missing), ``role``
        ("attendee"), ``site`` (missing), ``turn`` (the row), ``char_start``, ``char_end`` and
        ``text``, then ``group, concept, stakeholder, valence, aspect, position`` where the table
        has them (missing elsewhere). ``event_documents(tables)[doc_id][char_start:char_end]``
        is the segment's ``text``.

    Notes
    -----
    ``speaker`` is the group label, or the respondent for feedback, as typed; a bare number is
    made readable in quotes as ``"Group 2"`` or ``"Respondent 5"``.
    """
    segments = []
    for doc_id, table, rows in _text_rows(tables):
        offset = 0
        for record in rows.to_dict("records"):
            label = record.get("respondent" if table == "feedback" else "group")
            if isinstance(label, str) and label.isdigit():
                label = f"{'Respondent' if table == 'feedback' else 'Group'} {label}"
            segment = {name: record.get(name) for name in _SEGMENT_COLUMNS}
            segment.update(
                segment_id=f"{doc_id}-{record['row']:03d}",
                doc_id=doc_id,
                source="event",
                table=table,
                speaker=label,
                role="attendee",
                turn=record["row"],
                char_start=offset,
                char_end=offset + len(record["text"]),
            )
            segments.append(segment)
            offset += len(record["text"]) + 1
    frame = pd.DataFrame(segments, columns=list(_SEGMENT_COLUMNS))
    frame = frame.astype({"turn": "int64", "char_start": "int64", "char_end": "int64"})
    for name in (
        "speaker",
        "participant_id",
        "site",
        "group",
        "concept",
        "stakeholder",
        "valence",
        "aspect",
    ):
        frame[name] = frame[name].astype("str")
    frame["position"] = pd.Categorical(frame["position"], categories=POSITIONS, ordered=True)
    return frame
