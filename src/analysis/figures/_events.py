"""Knowledge-exchange events: the discretion exercise as diverging stacked bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.errors import InputError
from analysis.events import declared_order, scale_order
from analysis.figures._style import SINGLE_COLUMN, check_table, ordered_values, pretty, styled

#: ColorBrewer PuOr (colour-blind safe) for 2 to 7 points, orange (least) to purple (most), with
#: a grey middle visible on white.
_PUOR = {
    2: ["#F1A340", "#998EC3"],
    3: ["#F1A340", "#C8C8C8", "#998EC3"],
    4: ["#E66101", "#FDB863", "#B2ABD2", "#5E3C99"],
    5: ["#B35806", "#F1A340", "#C8C8C8", "#998EC3", "#542788"],
    6: ["#B35806", "#F1A340", "#FEE0B6", "#D8DAEB", "#998EC3", "#542788"],
    7: ["#B35806", "#F1A340", "#FEE0B6", "#C8C8C8", "#D8DAEB", "#998EC3", "#542788"],
}


def scale_colours(scale: Sequence[str]) -> dict[str, str]:
    """A diverging colour per point of a scale (2 to 7 points), least first.

    >>> scale_colours(["much less", "less", "as now", "more", "much more"])["as now"]
    '#C8C8C8'
    """
    if len(scale) not in _PUOR:
        raise InputError(
            f"a scale of {len(scale)} points cannot be drawn as diverging bars",
            expected="a scale of 2 to 7 points",
        )
    return dict(zip(scale, _PUOR[len(scale)], strict=True))


def _text_colour(colour: str) -> str:
    red, green, blue = to_rgb(colour)
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.55 else "white"


@styled
def discretion_by_aspect(
    discretion: pd.DataFrame,
    *,
    by: str | None = "event_id",
    labels: Mapping[Any, str] | None = None,
    aspects: Sequence[str] = (),
    positions: Sequence[str] = (),
    title: str = "Discretion link workers should have",
    width: float = SINGLE_COLUMN,
) -> Figure:
    """How much discretion groups said link workers should have, per aspect, as diverging bars.

    Each bar counts the groups' positions from the least to the most of the scale, centred on
    its middle point (half of it either side of zero; between the two middle points for a
    scale of even length), so bars leaning right want more.

    Parameters
    ----------
    discretion : DataFrame
        The discretion table of :func:`analysis.events.read_events`: ``aspect``, ``position``
        (points of the scale) and the ``by`` column.
    by : str or None, default "event_id"
        One bar per value of this column within each aspect (one panel per aspect); None pools
        all rows into one bar per aspect, in one panel.
    labels : mapping, optional
        Bar labels by value of ``by`` (e.g. event id to place: ``{"E1": "Bristol"}``).
    aspects : sequence of str, optional
        The panels' order (the study's declared aspects); others follow, alphabetically.
    positions : sequence of str, optional
        The scale, least first (the study's, ``events/vocabulary.json``); by default the
        categories of an ordered categorical ``position``.
    title : str
        The legend's title: what the scale measures.
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
        If a column is missing, no row has a position, or the scale is not known or has more
        than 7 points.
    """
    required = ["aspect", "position"] + ([by] if by is not None else [])
    table = check_table(discretion, required, "discretion", "discretion_by_aspect")
    scale = scale_order(table["position"], positions, "positions", "discretion_by_aspect")
    colours = scale_colours(scale)
    table = table.assign(position=table["position"].astype(object)).dropna(subset=["position"])
    table = check_table(
        table, required, "discretion (rows with a position)", "discretion_by_aspect"
    )
    aspects = ordered_values(table["aspect"], declared_order(table["aspect"], aspects))
    table = table.assign(aspect=table["aspect"].astype(object))
    labels = dict(labels or {})
    key = by if by is not None else "_all"
    if by is None:
        table = table.assign(_all="All groups")
    counts = (
        table.groupby(["aspect", key], sort=False)["position"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(scale), fill_value=0)
    )
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
    middle = len(scale) // 2
    for ax, (aspect, rows) in zip(axes[:, 0], panels, strict=True):
        for yi, index in enumerate(rows):
            values = (
                counts.loc[index].to_numpy(dtype=float)
                if index in counts.index
                else np.zeros(len(scale))
            )
            centre = values[middle] / 2 if len(values) % 2 else 0.0
            start = -(values[:middle].sum() + centre)
            widest = max(widest, abs(start), start + values.sum())
            for position, value in zip(scale, values, strict=True):
                if value > 0:
                    colour = colours[position]
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
    handles = [Patch(color=colours[p], label=p) for p in scale]
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncols=len(scale),
        title=title,
        handlelength=1.0,
        handletextpad=0.4,
        columnspacing=0.8,
    )
    return fig
