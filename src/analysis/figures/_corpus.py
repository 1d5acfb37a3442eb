"""What the corpus is made of: segments and words by data source and role."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.figures._style import SINGLE_COLUMN, check_table, colours_for, ordered_values, styled
from analysis.labels import pretty
from analysis.segments import interviewer_rows

_SOURCES = ("interview", "event")


def _thousands(value: float, _position: int) -> str:
    return f"{value / 1000:g}k" if abs(value) >= 1000 else f"{value:g}"


@styled
def corpus_composition(
    segments: pd.DataFrame,
    *,
    include_interviewer: bool = False,
    width: float = SINGLE_COLUMN,
) -> Figure:
    """Segments and words by data source and role, as two bar panels sharing one axis of roles.

    Parameters
    ----------
    segments : DataFrame
        The segments table: ``source``, ``role`` and ``text``; interviewer turns are those
        flagged by ``is_interviewer`` (or, without that column, with the role "interviewer").
    include_interviewer : bool, default False
        Show interviewer turns as their own role. Left out by default: they are questions, not
        data, though the segments table keeps them.
    width : float, default 3.5
        Figure width in inches (3.5 fits a single journal column).

    Returns
    -------
    matplotlib.figure.Figure
        Left panel: segments per role; right panel: words per role; bars coloured by source.

    Raises
    ------
    InputError
        If a column is missing or no segment is left to draw.
    """
    table = check_table(segments, ["source", "role", "text"], "segments", "corpus_composition")
    if not include_interviewer:
        flagged = interviewer_rows(table)
        table = table[~flagged]
    table = check_table(table, ["source", "role", "text"], "segments", "corpus_composition")
    counts = (
        table.assign(
            words=table["text"].fillna("").astype(str).str.split().str.len(),
            role=table["role"].fillna("(no role)").astype(str),
            source=table["source"].astype(str),
        )
        .groupby(["source", "role"], sort=False)
        .agg(segments=("text", "size"), words=("words", "sum"))
        .reset_index()
    )
    sources = ordered_values(counts["source"], _SOURCES)
    counts["source_rank"] = counts["source"].map({s: i for i, s in enumerate(sources)})
    counts = counts.sort_values(
        ["source_rank", "segments", "role"], ascending=[True, False, True]
    ).reset_index(drop=True)
    colours = colours_for(sources)

    height = 0.7 + 0.2 * len(counts)
    fig, axes = plt.subplots(1, 2, figsize=(width, height), sharey=True)
    y = range(len(counts))
    bar_colours = [colours[s] for s in counts["source"]]
    for ax, column, title in zip(axes, ["segments", "words"], ["Segments", "Words"], strict=True):
        ax.barh(y, counts[column], color=bar_colours, height=0.7)
        ax.set_title(title)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.grid(axis="x")
        ax.tick_params(axis="y", length=0)
        ax.margins(x=0.05)
    axes[0].set_yticks(list(y), [pretty(r) for r in counts["role"]])
    axes[0].invert_yaxis()
    handles = [Patch(color=colours[s], label=pretty(s)) for s in sources]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(sources))
    return fig
