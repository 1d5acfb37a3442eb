# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 4. Knowledge-exchange events
#
# The tables a study's events produced, as its `study.yaml` declares them, for the most recent
# event unless `event_id` names another. First, for any study, what each event's tables hold;
# then the sections of an event write-up for the tables the demo's events have, and last, for
# every other table, its scales and a selection of its free text (a study whose events have
# other tables gets the first and last sections, and a line for each section left out).
#
# At the demo's knowledge-exchange events the team presented two concepts from the interviews
# and asked small groups to work with them. For **holding** (long, open-ended support; the link
# worker as a container for emotions) groups listed positive and negative consequences for
# each stakeholder in social prescribing (the `notes` table). For **discretion** (how much room
# link workers have to use their judgement) groups said, for each aspect of the role, whether
# link workers should have less or more of it than now, and why (`discretion`). Attendees then
# left written feedback (`feedback`).

# %% tags=["parameters"]
from analysis.config import load_config

config = load_config()
seed = config.seed
study = config.study
processed = config.processed_path
reports = config.reports_path
event_id = None  # None: the most recent event

# %%
# %matplotlib inline
import json

from IPython.display import display

from analysis.events import describe_event
from analysis.figures import discretion_by_aspect, scale_bars, set_house_style
from analysis.pipeline import load_processed
from analysis.reports import ReportRegistry, event_table_output
from analysis.tables import (
    discretion_summary,
    event_table_rows,
    feedback_quotes,
    holding_consequences,
    scale_summary,
)

set_house_style()
processed_dir = config.root / processed
reports_dir = config.root / reports
events_dir = processed_dir / "events"
registry = ReportRegistry(reports_dir, "04_events", root=config.root)
has_events = registry.needs(
    events_dir / "events.parquet", section="Knowledge-exchange events", what="event outputs"
)
if has_events:
    tables = load_processed(processed_dir).events
    events = tables["events"].sort_values(["date", "event_id"], kind="stable")
    event = events.iloc[-1] if event_id is None else events.set_index("event_id").loc[event_id]
    event_id = event["event_id"] if event_id is None else event_id
    where = describe_event(event)
    print(f"Study {study!r}: {len(events)} events; this notebook reports {event_id} ({where})")
    display(events)

# %% [markdown]
# ## What each event's tables hold
#
# For every table the study declares, the rows each event's organisers typed up and how many
# of them carry free text (the rest mark a value only, such as a position on a scale).

# %%
if has_events:
    event_tables = event_table_rows(tables)
    registry.table(
        event_tables,
        "event_tables",
        caption="Rows typed up from each event, per table, and how many carry free text.",
        inputs=sorted(events_dir.glob("*.parquet")),
    )
    display(event_tables)

# %% [markdown]
# ## Holding: consequences for each stakeholder
#
# Every note the groups wrote, once each (the same point from two groups is listed once), by
# stakeholder and by whether the group saw it as a positive or a negative consequence.

# %%
has_notes = has_events and registry.needs(
    events_dir / "notes.parquet",
    "notes" in tables and {"stakeholder", "valence", "text"} <= set(tables["notes"].columns),
    section="Holding: consequences for each stakeholder",
    what="event table `notes` of notes by stakeholder and valence",
)
if has_notes:
    notes_file = events_dir / "notes.parquet"
    holding = holding_consequences(tables["notes"], event_id=event_id)
    registry.table(
        holding,
        "event_holding_consequences",
        caption=f"Positive and negative consequences of holding for each stakeholder, from the "
        f"small-group discussions in {where}.",
        inputs=[notes_file, events_dir / "events.parquet"],
    )
    display(holding)

# %% [markdown]
# ## Discretion: how much should link workers have?
#
# For each aspect of the role, the number of groups that said link workers should have much
# less, less, the same ("as now"), more or much more discretion. Bars leaning right want more.
# First this event, then every event side by side.

# %%
has_discretion = has_events and registry.needs(
    events_dir / "discretion.parquet",
    "discretion" in tables and {"aspect", "position", "text"} <= set(tables["discretion"].columns),
    section="Discretion: how much should link workers have?",
    what="event table `discretion` of positions on a scale by aspect",
)
if has_discretion:
    discretion_file = events_dir / "discretion.parquet"
    discretion = tables["discretion"]
    fig = discretion_by_aspect(discretion[discretion["event_id"] == event_id], by=None)
    registry.figure(
        fig,
        "event_discretion_by_aspect",
        caption=f"How much discretion groups in {where} said link workers should have, by aspect "
        "of the role (number of groups).",
        inputs=[discretion_file, events_dir / "events.parquet"],
    )

# %%
if has_discretion:
    places = dict(zip(events["event_id"], events["place"], strict=True))
    fig = discretion_by_aspect(discretion, by="event_id", labels=places)
    registry.figure(
        fig,
        "discretion_by_aspect_all_events",
        caption="How much discretion groups said link workers should have, by aspect of the role, "
        "at each event (number of groups).",
        inputs=[discretion_file, events_dir / "events.parquet"],
    )

# %%
if has_discretion:
    discretion_table = discretion_summary(discretion, event_id=event_id)
    registry.table(
        discretion_table,
        "event_discretion",
        caption=f"Discretion by aspect of the role in {where}: groups taking each position, with "
        "two of their comments.",
        inputs=[discretion_file, events_dir / "events.parquet"],
    )
    display(discretion_table)

# %% [markdown]
# ## What attendees said about the event
#
# A seeded selection of the written feedback (the same seed gives the same comments), longer
# comments first.

# %%
has_feedback = has_events and registry.needs(
    events_dir / "feedback.parquet",
    "feedback" in tables and {"text"} <= set(tables["feedback"].columns),
    section="What attendees said about the event",
    what="event table `feedback` of attendees' comments",
)
if has_feedback:
    feedback_file = events_dir / "feedback.parquet"
    feedback = feedback_quotes(tables["feedback"], n=6, seed=seed, event_id=event_id)
    registry.table(
        feedback,
        "event_feedback",
        caption=f"A selection of attendees' feedback on the event in {where}.",
        inputs=[feedback_file, events_dir / "events.parquet"],
    )
    display(feedback)

# %% [markdown]
# ## The event's other tables
#
# Every table the sections above do not report, as the study declares it: for each ordered
# scale it records, how many rows took each point (per value of the table's first column of
# declared values, from `events/vocabulary.json`), as diverging bars and as a table with
# comments; and a seeded selection of its free text, longer rows first.

# %%
covered = {"notes": has_notes, "discretion": has_discretion, "feedback": has_feedback}
other_tables = (
    [
        name
        for name, table in tables.items()
        if name != "events" and not covered.get(name) and (table["event_id"] == event_id).any()
    ]
    if has_events
    else []
)

vocabulary = (
    json.loads((events_dir / "vocabulary.json").read_text(encoding="utf-8")) if has_events else {}
)

for name in other_tables:
    table_file = events_dir / f"{name}.parquet"
    rows = tables[name][tables[name]["event_id"] == event_id]
    declared = vocabulary.get(name, {})
    values = [column for column, entry in declared.items() if not entry["ordered"]]
    for column in (column for column, entry in declared.items() if entry["ordered"]):
        within = next((value for value in values if value != column), None)
        stem = event_table_output(name, column)
        about = f"{column} by {within}" if within else column
        fig = scale_bars(rows, column, within=within, by=None, xlabel=f"Rows of {name}")
        registry.figure(
            fig,
            stem,
            caption=f"{about.capitalize()} in the {name} table of {where} (number of rows).",
            inputs=[table_file, events_dir / "events.parquet"],
        )
        summary = scale_summary(rows, column, within=within)
        registry.table(
            summary,
            stem,
            caption=f"{about.capitalize()} in the {name} table of {where}: rows at each point, "
            "with two of their comments.",
            inputs=[table_file, events_dir / "events.parquet"],
        )
        display(summary)
    if rows["text"].notna().any():
        quotes = feedback_quotes(rows, n=6, seed=seed).drop(columns="Event", errors="ignore")
        registry.table(
            quotes,
            event_table_output(name, "quotes"),
            caption=f"A selection of what the {name} table of {where} says.",
            inputs=[table_file, events_dir / "events.parquet"],
        )
        display(quotes)
