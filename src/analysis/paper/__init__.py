"""The paper, not only the blog post: every number a manuscript quotes, written from the tables.

- :func:`paper_numbers`: the quoted figures (counts, estimates with intervals, p-values,
  labels) from a study's processed folder, each a :class:`Number` with its source (file, rows,
  column), which :func:`recompute` reads back;
- :func:`write_numbers`: ``numbers.tex`` (one ``\\newcommand`` each) and ``numbers.json``;
- :func:`write_results` and :func:`paper_tex`: a results-section draft (Markdown and Word) and
  a minimal manuscript that ``\\input``s ``numbers.tex``, both from the same sentences.
"""

from analysis.paper._numbers import Number, macro_name, paper_numbers, recompute
from analysis.paper._write import (
    SECTIONS,
    numbers_tex,
    paper_tex,
    results_sections,
    write_numbers,
    write_results,
)

__all__ = [
    "SECTIONS",
    "Number",
    "macro_name",
    "numbers_tex",
    "paper_numbers",
    "paper_tex",
    "recompute",
    "results_sections",
    "write_numbers",
    "write_results",
]
