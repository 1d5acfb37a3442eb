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
from analysis.figures._style import SINGLE_COLUMN, check_table, ordered_values, styled
from analysis.labels import pretty

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

    :func:`scale_bars` of the demo's discretion exercise: ``position`` within ``aspect``,
    counted in groups, less discretion to the left.

    Parameters
    ----------
    discretion : DataFrame
        The discretion table of :func:`analysis.events.read_events`: ``aspect``, ``position``
        (points of the scale) and the ``by`` column.
    by, labels, title, width
        As for :func:`scale_bars`.
    aspects : sequence of str, optional
        The panels' order (the study's declared aspects); others follow, alphabetically.
    positions : sequence of str, optional
        The scale, least first (the study's, ``events/vocabulary.json``); by default the
        categories of an ordered categorical ``position``.

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`scale_bars`.
    """
    return _scale_bars(
        discretion, "position", "aspect", by, labels, aspects, positions, title, width,
        xlabel="Groups\n← less discretion    more discretion →", name="discretion",
        func="discretion_by_aspect", scale_name="positions",
    )  # fmt: skip


def scale_bars(
    table: pd.DataFrame,
    column: str,
    *,
    within: str | None = None,
    by: str | None = "event_id",
    labels: Mapping[Any, str] | None = None,
    order: Sequence[str] = (),
    scale: Sequence[str] = (),
    title: str | None = None,
    xlabel: str = "Rows",
    width: float = SINGLE_COLUMN,
) -> Figure:
    """Rows at each point of an ordered scale, per value of another column, as diverging bars.

    Each bar counts the rows' points from the least to the most of the scale, centred on
    its middle point (half of it either side of zero; between the two middle points for a
    scale of even length), so bars leaning right are nearer the top of the scale.

    Parameters
    ----------
    table : DataFrame
        An event table (or any table of rows): ``column`` (points of the scale), ``within``
        when given and the ``by`` column.
    column : str
        The column holding points of the scale (a ``scales:`` column of ``study.yaml``).
    within : str, optional
        One panel per value of this column (e.g. the aspect rated); None counts all rows in
        one panel.
    by : str or None, default "event_id"
        One bar per value of this column within each panel; None pools all rows into one bar
        per panel, in one panel.
    labels : mapping, optional
        Bar labels by value of ``by`` (e.g. event id to place: ``{"E1": "Bristol"}``).
    order : sequence of str, optional
        The panels' order (the study's declared values of ``within``); others follow,
        alphabetically.
    scale : sequence of str, optional
        The scale, least first (the study's, ``events/vocabulary.json``); by default the
        categories of an ordered categorical ``column``.
    title : str, optional
        The legend's title: what the scale measures; by default the column's readable name.
    xlabel : str, default "Rows"
        The x axis label: what a row is (groups, respondents), and what either side means.
    width : float, default 3.5
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Diverging stacked bars coloured from orange (least) through grey (middle) to purple
        (most), counts printed in the segments, legend above.

    Raises
    ------
    InputError
        If a column is missing, no row has a point of the scale, or the scale is not known or
        has more than 7 points.
    """
    if within is None:
        table = check_table(table, [column], "table", "scale_bars")
        table = table.assign(_within=pretty(column))
    return _scale_bars(
        table, column, within or "_within", by, labels, order, scale,
        pretty(column) if title is None else title, width,
        xlabel=xlabel, name="table", func="scale_bars", scale_name="scale", one_panel=within is None,
    )  # fmt: skip


@styled
def _scale_bars(
    table, column, within, by, labels, order, scale, title, width, *,
    xlabel, name, func, scale_name, one_panel=False,
) -> Figure:  # fmt: skip
    required = [within, column] + ([by] if by is not None else [])
    table = check_table(table, required, name, func)
    scale = scale_order(table[column], scale, scale_name, func)
    colours = scale_colours(scale)
    table = table.assign(**{column: table[column].astype(object)}).dropna(subset=[column])
    table = check_table(table, required, f"{name} (rows with a point of the scale)", func)
    aspects = ordered_values(table[within], declared_order(table[within], order))
    table = table.assign(**{within: table[within].astype(object)})
    labels = dict(labels or {})
    key = by if by is not None else "_all"
    if by is None:
        table = table.assign(_all="All groups")
    counts = (
        table.groupby([within, key], sort=False)[column]
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
        if aspect is not None and not one_panel:
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
    last.set_xlabel(xlabel)
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
