"""Change between waves within the participants interviewed twice, as a forest plot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.errors import InputError
from analysis.figures._style import (
    OKABE_ITO,
    REFERENCE_GREY,
    SINGLE_COLUMN,
    check_table,
    label_map,
    styled,
    wrap,
)

#: Marker colour of each direction :func:`analysis.waves.wave_change` calls.
DIRECTION_COLOURS = {
    "grows": OKABE_ITO["vermillion"],
    "fades": OKABE_ITO["blue"],
    "no clear change": "0.55",
}


@styled
def wave_change_forest(
    change: pd.DataFrame,
    *,
    labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None = None,
    groups: Mapping[Any, str] | None = None,
    waves: tuple = (1, 2),
    max_items: int = 24,
    width: float = SINGLE_COLUMN,
) -> Figure:
    """Each item's paired change between two waves, with its interval, grouped by theme.

    Parameters
    ----------
    change : DataFrame
        :attr:`analysis.waves.WaveChange.change`: ``item, n_pairs, first_only, second_only,
        difference, ci_low, ci_high, p_holm, direction``.
    labels : mapping, Series or DataFrame, optional
        Item names by item (a table with ``item`` and ``label`` will do).
    groups : mapping, optional
        The theme of each item (e.g. a code's parent): rows are grouped under it, in the order
        the themes first appear. Default: one group.
    waves : tuple, default (1, 2)
        The waves compared, for the axis label.
    max_items : int, default 24
        At most this many rows, those with the smallest adjusted p-values (then the largest
        changes); the axis label says how many were left out.
    width : float, default 3.5
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        One row per item: the mean change in the share of the participants' segments
        (percentage points, second − first) as a dot coloured by direction, its interval as a
        line, and how many participants hold it at the first wave only → the second only, at
        the right; a dashed line at zero.

    Raises
    ------
    InputError
        If a column is missing or the table is empty.
    """
    columns = ["item", "n_pairs", "first_only", "second_only", "difference", "ci_low",
               "ci_high", "p_holm", "direction"]  # fmt: skip
    table = check_table(change, columns, "change", "wave_change_forest")
    if table.empty:
        raise InputError("wave_change_forest: no items to draw",
                         expected="wave_change's change table with at least one item")  # fmt: skip
    names = label_map(labels, "item")
    shown = table.assign(_size=-table["difference"].abs()).sort_values(
        ["p_holm", "_size"], kind="stable"
    )
    shown = shown.head(max_items)
    left_out = len(table) - len(shown)
    theme_of = dict(groups or {})
    order = list(dict.fromkeys(theme_of.get(i, "") for i in table["item"]))
    shown = shown.assign(_group=shown["item"].map(lambda i: order.index(theme_of.get(i, ""))))
    position = {item: i for i, item in enumerate(table["item"])}
    shown = shown.assign(_position=shown["item"].map(position))
    shown = shown.sort_values(["_group", "_position"], kind="stable").reset_index(drop=True)

    ticks, y, headings = [], [], []
    row = 0.0
    previous = None
    for item, group in zip(shown["item"], shown["_group"], strict=True):
        heading = order[group]
        if heading and heading != previous:
            headings.append((row, heading))
            row += 1.0
        previous = heading
        ticks.append(wrap(names.get(item, item), 30))
        y.append(row)
        row += 1.0
    y = np.array(y)
    n_lines = sum(t.count("\n") + 1 for t in ticks) + len(headings)
    fig, ax = plt.subplots(figsize=(width, 1.3 + 0.11 * n_lines + 0.09 * len(y)))
    points = 100 * shown["difference"].to_numpy(float)
    low, high = 100 * shown["ci_low"].to_numpy(float), 100 * shown["ci_high"].to_numpy(float)
    colours = [DIRECTION_COLOURS.get(d, "0.55") for d in shown["direction"]]
    ax.hlines(y, low, high, colors=colours, lw=1.2)
    ax.scatter(points, y, c=colours, s=14, zorder=3)
    ax.axvline(0, color=REFERENCE_GREY, lw=0.8, ls="--", zorder=0)
    reach = float(np.nanmax(np.abs(np.concatenate([low, high, [1.0]])))) * 1.1
    ax.set_xlim(-reach, reach)
    counts = [f"{int(a)}→{int(b)}" for a, b in zip(shown["first_only"], shown["second_only"],
                                                    strict=True)]  # fmt: skip
    side = ax.secondary_yaxis("right")
    side.set_yticks(y, counts)
    side.tick_params(axis="y", length=0, labelsize=6, labelcolor="0.35")
    side.spines["right"].set_visible(False)
    side.set_ylabel("participants holding it at\nfirst only → second only", fontsize=6,
                    color="0.35")  # fmt: skip
    for yi, heading in headings:
        ax.text(0.0, yi, wrap(heading, 40), transform=ax.get_yaxis_transform(), ha="right",
                va="center", fontweight="bold", fontsize=7)  # fmt: skip
    ax.set_yticks(y, ticks)
    ax.set_ylim(row - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x")
    n_pairs = int(shown["n_pairs"].max())
    xlabel = (f"Change in share of segments (points),\nwave {waves[0]} → {waves[1]}, "
              f"{n_pairs} participants at both")  # fmt: skip
    if left_out:
        xlabel += f"\n{left_out} item{'s' if left_out != 1 else ''} with less evidence not shown"
    ax.set_xlabel(xlabel)
    present = [d for d in DIRECTION_COLOURS if d in set(shown["direction"])]
    handles = [Line2D([], [], color=DIRECTION_COLOURS[d], marker="o", lw=1.2, markersize=4,
                      label=d) for d in present]  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles),
               title="Paired change (Holm-adjusted sign-flip test)", handlelength=1.6)  # fmt: skip
    return fig
