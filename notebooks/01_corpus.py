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
# # 1. The corpus
#
# What the study's data is made of, after `analysis ingest` has read, pseudonymised and segmented
# it: interview transcripts and the outputs of knowledge-exchange events, in one table of
# segments. This notebook draws the corpus by source and role, describes it in a table for the
# methods section, and sums up the ingest report, which accounts for every transcript turn,
# event row and coding that was read.
#
# Run it from JupyterLab (`make lab`) to explore, or with `make all`, which runs it with the
# settings of `params.yaml` and saves its figures and tables in `reports/<study>/`.

# %% tags=["parameters"]
from analysis.config import load_config

config = load_config()
seed = config.seed
study = config.study
processed = config.processed_path
reports = config.reports_path

# %%
# %matplotlib inline
import json

import pandas as pd
from IPython.display import display

from analysis.figures import corpus_composition, set_house_style
from analysis.pipeline import load_processed
from analysis.reports import ReportRegistry
from analysis.tables import corpus_description

set_house_style()
processed_dir = config.root / processed
reports_dir = config.root / reports
registry = ReportRegistry(reports_dir, "01_corpus", root=config.root)
data = load_processed(processed_dir)
segments = data.segments
segments_file = processed_dir / "segments.parquet"
participants_file = processed_dir / "participants.parquet"
report_file = processed_dir / "ingest_report.json"
print(f"Study {study!r}: {len(segments):,} segments from {segments['doc_id'].nunique()} documents")

# %% [markdown]
# ## Composition by source and role
#
# Segments are speaker turns, or windows of long turns; interviewer turns stay in the table,
# flagged, but are questions rather than data, so the figure leaves them out.

# %%
fig = corpus_composition(segments)
registry.figure(
    fig,
    "corpus_composition",
    caption="Segments and words by data source and participant role (interviewer turns left out).",
    inputs=[segments_file],
)

# %% [markdown]
# ## Corpus description
#
# One row per data source and role: participants (by site), documents, speaker turns, segments
# and words. Event attendees are not individually identified, so their participant counts are
# empty.

# %%
description = corpus_description(segments, data.participants)
registry.table(
    description,
    "corpus_description",
    caption="The corpus by data source and role: participants by site, documents, turns, "
    "segments and words.",
    inputs=[segments_file, participants_file],
)
description

# %% [markdown]
# ## What ingest kept and set aside
#
# Everything read is either kept or set aside with a reason; "unaccounted" must be zero. The
# full report is `data/processed/<study>/ingest_report.md`.

# %%
report = json.loads(report_file.read_text(encoding="utf-8"))
totals = pd.DataFrame(
    [
        {
            "Item": item.capitalize(),
            "Read": counts["read"],
            "Kept": counts["kept"],
            "Set aside": counts["set_aside"],
            "Unaccounted": counts["unaccounted"],
        }
        for item, counts in report["totals"].items()
        if isinstance(counts, dict)
    ]
)
if not report.get("names_replaced", True):
    print("NAMES WERE NOT REPLACED in this study's outputs: it has no key.csv (see the notes).")
registry.table(
    totals,
    "ingest_totals",
    caption=f"Ingest of study '{report['study']}': every transcript turn, event row and coding "
    f"read, kept or set aside; {report['totals']['files_set_aside']} files set aside.",
    inputs=[report_file],
)
totals

# %%
documents = pd.DataFrame(report["documents"])
formats = (
    documents.groupby(["source", "format", "encoding"])
    .agg(Documents=("doc_id", "size"), Segments=("segments", "sum"))
    .reset_index()
    .rename(columns={"source": "Source", "format": "Format", "encoding": "Encoding"})
)
registry.table(
    formats,
    "ingest_documents",
    caption="Documents read by source, file format and text encoding, with their segments.",
    inputs=[report_file],
)
formats

# %% [markdown]
# ## Notes from ingest
#
# What ingest says a reader of these results must know: names not replaced (a study without a
# key), transcripts that seem not to be in English, transcripts with no interviewer turns. Speaker
# labels it took as the interviewee without a rule to go by are listed in the full report.

# %%
if report["notes"]:
    ingest_notes = pd.DataFrame({"Note": report["notes"]})
    registry.table(
        ingest_notes,
        "ingest_notes",
        caption=f"What ingest noted about study '{report['study']}'.",
        inputs=[report_file],
    )
    display(ingest_notes)
else:
    print("Ingest made no notes about this study.")
