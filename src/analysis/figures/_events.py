"""Knowledge-exchange events: the discretion exercise as diverging stacked bars."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.events import ASPECTS, POSITIONS
from analysis.figures._style import SINGLE_COLUMN, check_table, ordered_values, pretty, styled

#: ColorBrewer PuOr (colour-blind safe), with a visible grey for "as now" on white.
POSITION_COLOURS = dict(
    zip(POSITIONS, ["#B35806", "#F1A340", "#C8C8C8", "#998EC3", "#542788"], strict=True)
)


def _text_colour(colour: str) -> str:
    red, green, blue = to_rgb(colour)
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.55 else "white"


@styled
def discretion_by_aspect(
    discretion: pd.DataFrame,
    *,
    by: str | None = "event_id",
    labels: Mapping[Any, str] | None = None,
    width: float = SINGLE_COLUMN,
) -> Figure:
    """How much discretion groups said link workers should have, per aspect, as diverging bars.

    Each bar counts the groups' positions from "much less" to "much more", centred on "as now"
    (half of it either side of zero), so bars leaning right want more discretion.

    Parameters
    ----------
    discretion : DataFrame
        The discretion table of :func:`analysis.events.read_events`: ``aspect``, ``position``
        (values of :data:`analysis.events.POSITIONS`) and the ``by`` column.
    by : str or None, default "event_id"
        One bar per value of this column within each aspect (one panel per aspect); None pools
        all rows into one bar per aspect, in one panel.
    labels : mapping, optional
        Bar labels by value of ``by`` (e.g. event id to place: ``{"E1": "Bristol"}``).
    width : float, default 3.5
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Diverging stacked bars coloured from orange (less) through grey (as now) to purple
        (more), counts printed in the segments, legend above.

    Raises
    ------
    InputError
        If a column is missing or no row has a position.
    """
    required = ["aspect", "position"] + ([by] if by is not None else [])
    table = check_table(discretion, required, "discretion", "discretion_by_aspect")
    table = table.assign(position=table["position"].astype(object)).dropna(subset=["position"])
    table = table[table["position"].isin(POSITIONS)]
    table = check_table(
        table, required, "discretion (rows with a position)", "discretion_by_aspect"
    )
    labels = dict(labels or {})
    key = by if by is not None else "_all"
    if by is None:
        table = table.assign(_all="All groups")
    counts = (
        table.groupby(["aspect", key], sort=False)["position"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(POSITIONS), fill_value=0)
    )
    aspects = ordered_values(table["aspect"], ASPECTS)
    bars = ordered_values(table[key])

    if by is None:
        panels = [(None, [(aspect, "All groups") for aspect in aspects])]
    else:
        panels = [(aspect, [(aspect, bar) for bar in bars]) for aspect in aspects]
    n_bars = [len(rows) for _, rows in panels]
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(width, 0.75 + 0.2 * sum(n_bars) + 0.22 * (len(panels) if by else 0)),
        sharex=True,
        height_ratios=n_bars,
        squeeze=False,
    )
    widest = 0.0
    middle = POSITIONS.index("as now")
    for ax, (aspect, rows) in zip(axes[:, 0], panels, strict=True):
        for yi, index in enumerate(rows):
            values = (
                counts.loc[index].to_numpy(dtype=float)
                if index in counts.index
                else np.zeros(len(POSITIONS))
            )
            start = -(values[:middle].sum() + values[middle] / 2)
            widest = max(widest, abs(start), start + values.sum())
            for position, value in zip(POSITIONS, values, strict=True):
                if value > 0:
                    colour = POSITION_COLOURS[position]
                    ax.barh(yi, value, left=start, color=colour, height=0.72, lw=0)
                    ax.text(
                        start + value / 2,
                        yi,
                        f"{value:.0f}",
                        ha="center",
                        va="center",
                        fontsize=7,
                        color=_text_colour(colour),
                    )
                start += value
        names = [aspect if by is None else labels.get(bar, pretty(bar)) for aspect, bar in rows]
        ax.set_yticks(range(len(rows)), names)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.axvline(0, color="0.3", lw=0.6, zorder=0)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        if aspect is not None:
            ax.set_title(pretty(aspect), loc="left", fontsize=7.5)
        if ax is not axes[-1, 0]:
            ax.tick_params(axis="x", length=0)
            ax.spines["bottom"].set_visible(False)
    if by is None:
        axes[0, 0].set_yticklabels([pretty(a) for a in aspects])
    limit = max(widest, 1.0) * 1.05
    last = axes[-1, 0]
    last.set_xlim(-limit, limit)
    last.xaxis.set_major_locator(MaxNLocator(integer=True, symmetric=True, nbins=6))
    last.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{abs(v):g}"))
    last.set_xlabel("Groups\n← less discretion    more discretion →")
    handles = [Patch(color=POSITION_COLOURS[p], label=p) for p in POSITIONS]
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncols=len(POSITIONS),
        title="Discretion link workers should have",
        handlelength=1.0,
        handletextpad=0.4,
        columnspacing=0.8,
    )
    return fig
