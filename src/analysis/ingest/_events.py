"""Knowledge-exchange event tables of a study, pseudonymised and accounted for."""

from __future__ import annotations

import dataclasses

import pandas as pd

from analysis.ingest._common import SEGMENT_COLUMNS


def read_event_tables(study_dir, layout, pseudonymiser, report, on_error):
    """The study's events (None without an ``events/`` folder), their segments and documents.

    ``layout`` is the ``events:`` of the study's ``study.yaml``; an events folder without one
    is an :class:`~analysis.errors.InputError` (raised by :func:`read_events`).
    """
    from analysis.events import event_documents, event_segments, read_events

    folder = study_dir / "events"
    if not folder.is_dir():
        return None, pd.DataFrame(columns=SEGMENT_COLUMNS), {}
    tables = read_events(folder, layout, on_error=on_error)

    def clean(table: pd.DataFrame, name: str) -> pd.DataFrame:
        # Organisers' notes can name people too: pseudonymise every free-text cell.
        texts = []
        for event_id, text in zip(table["event_id"], table["text"], strict=True):
            if not isinstance(text, str):
                texts.append(text)
                continue
            result = pseudonymiser.apply(text)
            for kind, n in sorted(result.counts.items()):
                report.pseudonymisation.append(
                    {"doc_id": f"{event_id}-{name}", "kind": kind, "n": int(n)}
                )
            texts.append(result.text)
        return table.assign(text=texts)

    skipped = tables.skipped
    tables = dataclasses.replace(
        tables,
        tables={name: clean(table, name) for name, table in tables.tables.items()},
        skipped=skipped.drop(columns="text"),  # set-aside text is not carried into outputs
    )
    segments = event_segments(tables)
    for column in SEGMENT_COLUMNS:
        if column not in segments.columns:
            segments[column] = pd.NA
    segments["window"] = 1
    segments["is_interviewer"] = False
    for row in skipped.itertuples(index=False):
        where = f"events/{row.event_id}" if isinstance(row.event_id, str) else "events/events.csv"
        report.aside("event row", where, f"{row.table} row {row.row}", row.reason)
    for event_id in tables.events["event_id"]:
        for name, table in tables.tables.items():
            rows = table[table["event_id"] == event_id]
            n_skipped = int(((skipped["event_id"] == event_id) & (skipped["table"] == name)).sum())
            n_segments = int((segments["doc_id"] == f"{event_id}-{name}").sum())
            report.documents.append(
                {
                    "doc_id": f"{event_id}-{name}",
                    "source": "event",
                    "file": f"events/{event_id}",
                    "format": "event table",
                    "encoding": "",
                    "units_read": int(len(rows)) + n_skipped,
                    "units_kept": int(len(rows)),
                    "segments": n_segments,
                    "interviewer_turns": 0,
                    "header_chars": 0,
                }
            )
    n_events_skipped = int((skipped["table"] == "events").sum())
    if n_events_skipped:
        report.notes.append(f"events.csv: {n_events_skipped} empty row(s) skipped.")
    return tables, segments[SEGMENT_COLUMNS], event_documents(tables)
