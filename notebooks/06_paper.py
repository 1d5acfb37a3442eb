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
# # 6. The paper's numbers
#
# Writes `reports/<study>/paper/`: `numbers.tex`, one `\newcommand` per figure a results section
# quotes (counts, estimates with their intervals, p-values, topic labels), and `numbers.json`
# with the same values and, for each, the table, rows and column it comes from; a results
# draft (`results.md`, `results.docx`) written from the same sentences as `paper.tex`, a
# minimal manuscript that `\input`s `numbers.tex`, the LaTeX tables and the PDF figures of
# notebooks 1 to 3. A reviewer's request or one recoded transcript means `make all`, not
# retyping: `make paper` builds the PDF where a LaTeX engine is installed. Parts of the results
# the study cannot feed (no coders, no events, one codebook version) are left out.

# %% tags=["parameters"]
from analysis.config import load_config

config = load_config()
seed = config.seed
study = config.study
processed = config.processed_path
reports = config.reports_path

# %%
import json

import pandas as pd
from IPython.display import Markdown, display

from analysis.paper import paper_numbers, paper_tex, write_numbers, write_results
from analysis.reports import ReportRegistry

processed_dir = config.root / processed
reports_dir = config.root / reports
paper_dir = reports_dir / "paper"
registry = ReportRegistry(reports_dir, "06_paper", root=config.root)
numbers = paper_numbers(processed_dir)
available = sorted(
    {p.stem for p in (reports_dir / "tables").glob("*.tex")}
    | {p.stem for p in (reports_dir / "figures").glob("*.pdf")}
)
sources = sorted({processed_dir / n.source["file"] for n in numbers})
print(f"Study {study!r}: {len(numbers)} numbers from {len(sources)} tables")

# %% [markdown]
# ## The numbers and where each comes from

# %%
numbers_tex_file, numbers_json_file = write_numbers(numbers, paper_dir)
registry.document(
    numbers_tex_file,
    caption="Every number the results quote, one LaTeX \\newcommand each.",
    inputs=sources,
)
registry.document(
    numbers_json_file,
    caption="The same numbers with their values and sources (file, rows, column).",
    inputs=sources,
)
display(
    pd.DataFrame(json.loads(numbers_json_file.read_text(encoding="utf-8")))[
        ["name", "text", "description"]
    ]
)

# %% [markdown]
# ## The results draft and the manuscript

# %%
results_files = write_results(numbers, paper_dir, available=available)
for path in results_files:
    registry.document(
        path, caption="Results section draft, written from the numbers.", inputs=sources
    )
paper_file = paper_dir / "paper.tex"
paper_file.write_text(paper_tex(numbers, available=available), encoding="utf-8")
registry.document(
    paper_file,
    caption="Minimal manuscript: \\input{numbers.tex}, the results, the tables and figures "
    "(`make paper` builds it).",
    inputs=[numbers_tex_file, *sources],
)
display(Markdown(results_files[0].read_text(encoding="utf-8")))
