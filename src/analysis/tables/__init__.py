"""Tables for papers and blog posts: builders that return DataFrames, and one writer.

The builders turn the pipeline's tidy tables into the tables a reader sees, with readable column
names: :func:`corpus_description`, :func:`holding_consequences` (the knowledge-exchange event's
positive and negative consequences of holding per stakeholder), :func:`discretion_summary`,
:func:`scale_summary` (counts on any ordered scale, with comments),
:func:`feedback_quotes` (a seeded selection) and :func:`agreement_summary`. :func:`write_table`
is the one place that writes a table: CSV, Markdown (blog posts), LaTeX with booktabs (papers)
and Word (.docx, for journals that want it), each the same bytes on every run.
"""

from analysis.tables._events import (
    discretion_summary,
    event_table_rows,
    feedback_quotes,
    holding_consequences,
    scale_summary,
)
from analysis.tables._summaries import agreement_summary, corpus_description
from analysis.tables._write import FORMATS, escape_latex, escape_markdown, write_table

__all__ = [
    "FORMATS",
    "agreement_summary",
    "corpus_description",
    "discretion_summary",
    "event_table_rows",
    "escape_latex",
    "escape_markdown",
    "feedback_quotes",
    "holding_consequences",
    "scale_summary",
    "write_table",
]
