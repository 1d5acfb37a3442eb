"""Event free text as documents and segments, the form the later stages take."""

from __future__ import annotations

import pandas as pd

from analysis.events._read import EventTables

_BASE_COLUMNS = (
    "segment_id", "doc_id", "source", "event_id", "table", "speaker", "participant_id", "role",
    "site", "turn", "char_start", "char_end", "text",
)  # fmt: skip


def _text_rows(tables: EventTables):
    """``(doc_id, table, rows with text)`` per event and table, in events then table order."""
    names = list(tables.tables)
    order = list(dict.fromkeys(tables.events["event_id"]))
    for name in names:
        frame = tables.tables[name]
        order.extend(event_id for event_id in frame["event_id"] if event_id not in order)
    for event_id in order:
        for name in names:
            frame = tables.tables[name]
            rows = frame[(frame["event_id"] == event_id) & frame["text"].notna()]
            if len(rows):
                yield f"{event_id}-{name}", name, rows.sort_values("row", kind="stable")


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
        (the table's, by default "attendee"), ``site`` (missing), ``turn`` (the row),
        ``char_start``, ``char_end`` and ``text``, then every column the tables declare
        (the demo's ``group, concept, stakeholder, valence, aspect, position, respondent``),
        missing where a table lacks it; scales stay ordered Categoricals.
        ``event_documents(tables)[doc_id][char_start:char_end]`` is the segment's ``text``.

    Notes
    -----
    ``speaker`` is the value of the table's ``speaker`` column (a group, a respondent) as
    typed; a bare number is made readable with the table's ``speaker_prefix``, as
    ``"Group 2"``. ``role`` is the table's declared role.
    """
    layout = tables.layout
    attributes = list(
        dict.fromkeys(
            column
            for spec in layout.tables.values()
            for column in spec.columns
            if column not in _BASE_COLUMNS
        )
    )
    columns = [*_BASE_COLUMNS, *attributes]
    segments = []
    for doc_id, table, rows in _text_rows(tables):
        spec = layout.tables[table]
        offset = 0
        for record in rows.to_dict("records"):
            label = record.get(spec.speaker) if spec.speaker else None
            if isinstance(label, str) and label.isdigit() and spec.speaker_prefix:
                label = f"{spec.speaker_prefix} {label}"
            segment = {name: record.get(name) for name in columns}
            segment.update(
                segment_id=f"{doc_id}-{record['row']:03d}",
                doc_id=doc_id,
                source="event",
                table=table,
                speaker=label,
                role=spec.role,
                turn=record["row"],
                char_start=offset,
                char_end=offset + len(record["text"]),
            )
            segments.append(segment)
            offset += len(record["text"]) + 1
    frame = pd.DataFrame(segments, columns=columns)
    frame = frame.astype({"turn": "int64", "char_start": "int64", "char_end": "int64"})
    scales = {
        column: levels for spec in layout.tables.values() for column, levels in spec.scales.items()
    }
    for name in ("speaker", "participant_id", "site", *attributes):
        if name in scales:
            frame[name] = pd.Categorical(frame[name], categories=list(scales[name]), ordered=True)
        else:
            frame[name] = frame[name].astype("str")
    return frame
