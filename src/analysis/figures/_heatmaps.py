"""Count matrices as heatmaps: codes against topics, and codes against codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from analysis.errors import InputError
from analysis.figures._style import (
    DOUBLE_COLUMN,
    SEQUENTIAL_CMAP,
    label_map,
    styled,
    wrap,
)

_VALUE_COLUMNS = ("n_segments", "count", "n", "value", "weight")
# Past this many cells, numbers in cells are too small to read at column width.
_MAX_ANNOTATED_CELLS = 300


def _wide(
    matrix: pd.DataFrame, rows: str, columns: str, value: str | None, func: str
) -> pd.DataFrame:
    """A wide matrix from a wide or long table (long when it has both key columns)."""
    if not isinstance(matrix, pd.DataFrame) or matrix.empty:
        raise InputError(f"{func}: expected a non-empty DataFrame, so there is something to draw")
    if rows in matrix.columns and columns in matrix.columns:
        if value is None:
            numeric = [
                c
                for c in matrix.columns
                if c not in (rows, columns) and pd.api.types.is_numeric_dtype(matrix[c])
            ]
            named = [c for c in _VALUE_COLUMNS if c in numeric]
            if named or len(numeric) == 1:
                value = (named or numeric)[0]
            else:
                raise InputError(
                    f"{func}: cannot tell which column holds the counts among {numeric!r}",
                    expected="value=<column name>",
                )
        if value not in matrix.columns:
            raise InputError(f"{func}: no column {value!r}", expected="value=<column name>")
        wide = matrix.pivot_table(
            index=rows, columns=columns, values=value, aggfunc="sum", fill_value=0, sort=True
        )
    else:
        wide = matrix
    try:
        wide = wide.astype(float)
    except (TypeError, ValueError):
        raise InputError(
            f"{func}: the matrix holds values that are not numbers",
            expected=f"a wide numeric matrix, or a long table with {rows!r}, {columns!r} and "
            "a count column",
        ) from None
    return wide


def _cell_format(wide: pd.DataFrame, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    values = wide.to_numpy()
    finite = values[np.isfinite(values)]
    return ".0f" if np.all(finite == np.round(finite)) else ".2f"


def _size(row_labels: list[str], n_cols: int, width: float | None) -> tuple[float, float]:
    lines = [label.split("\n") for label in row_labels]
    longest = max((len(line) for label in lines for line in label), default=4)
    label_width = min(0.055 * longest + 0.2, 2.2)
    natural = label_width + 0.28 * n_cols + 0.8
    fig_width = width if width is not None else float(np.clip(natural, 3.5, DOUBLE_COLUMN))
    # Rows grow with wrapped labels so that two-line labels do not touch.
    height = 0.9 + sum(max(0.24, 0.13 * len(label) + 0.08) for label in lines)
    return fig_width, max(height, 1.9)


def _draw(
    wide: pd.DataFrame,
    *,
    mask: np.ndarray | None,
    annot: bool | None,
    fmt: str | None,
    width: float | None,
    xlabel: str,
    ylabel: str,
    cbar_label: str,
    diagonal: bool = False,
) -> Figure:
    """The heatmap; with ``diagonal``, the diagonal is printed on grey, outside the colour scale."""
    row_labels = [wrap(v, 32) for v in wide.index]
    fig, ax = plt.subplots(figsize=_size(row_labels, len(wide.columns), width))
    if annot is None:
        annot = wide.size <= _MAX_ANNOTATED_CELLS
    cell_format = _cell_format(wide, fmt)
    colour_mask = np.zeros(wide.shape, dtype=bool) if mask is None else mask.copy()
    if diagonal:
        colour_mask |= np.eye(*wide.shape, dtype=bool)
    shown = wide.to_numpy()[~colour_mask]
    shown = shown[np.isfinite(shown)]
    # At least 1, so that a matrix of zeros is drawn white, not mid-scale.
    vmax = max(float(shown.max()), 1.0) if shown.size else 1.0
    sns.heatmap(
        wide,
        ax=ax,
        mask=colour_mask,
        cmap=SEQUENTIAL_CMAP,
        vmin=0,
        vmax=vmax,
        annot=annot,
        fmt=cell_format,
        annot_kws={"fontsize": 7},
        linewidths=0.4,
        linecolor="white",
        cbar_kws={"label": cbar_label, "shrink": 0.8, "aspect": 30},
    )
    if diagonal:
        for i, value in enumerate(np.diag(wide.to_numpy())):
            ax.add_patch(Rectangle((i, i), 1, 1, facecolor="0.9", edgecolor="white", lw=0.4))
            if annot:
                ax.text(
                    i + 0.5,
                    i + 0.5,
                    format(value, cell_format),
                    ha="center",
                    va="center",
                    fontsize=7,
                    fontstyle="italic",
                    color="0.25",
                )
    ax.set_yticks(np.arange(len(wide.index)) + 0.5, row_labels, rotation=0)
    ax.set_xticks(np.arange(len(wide.columns)) + 0.5, [str(c) for c in wide.columns])
    if max((len(str(c)) for c in wide.columns), default=0) > 3:
        ax.tick_params(axis="x", labelrotation=90)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(length=0)
    colorbar = ax.collections[0].colorbar
    colorbar.ax.tick_params(labelsize=7)
    if cell_format == ".0f":
        colorbar.locator = MaxNLocator(integer=True)
        colorbar.update_ticks()
    colorbar.outline.set_visible(False)
    return fig


@styled
def codes_topics_heatmap(
    contingency: pd.DataFrame,
    *,
    code: str = "code_id",
    topic: str = "topic",
    value: str | None = None,
    labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None = None,
    annot: bool | None = None,
    fmt: str | None = None,
    width: float | None = None,
) -> Figure:
    """Topics (rows) against codes (columns): how many segments carry both.

    Topics are the rows because their labels are long and read best horizontally; the outlier
    topic (``-1``), when present, comes last as "Outliers".

    Parameters
    ----------
    contingency : DataFrame
        Either wide (index: codes, columns: topics, values: counts or shares) or long, with
        ``code`` and ``topic`` columns and a value column (``n_segments``, ``count``, ``n``,
        ``value`` or the only other numeric column; or name it with ``value``).
    code, topic : str, default "code_id", "topic"
        The key columns of a long table.
    value : str, optional
        The value column of a long table.
    labels : mapping, Series or DataFrame, optional
        Topic labels by topic id (the topics table will do): rows read "3: debt, benefits".
    annot : bool, optional
        Print the value in each cell; default when there are at most 300 cells.
    fmt : str, optional
        Format of the printed values; default whole numbers when all values are whole.
    width : float, optional
        Figure width in inches; default grows with the number of codes, from 3.5 to 7.

    Returns
    -------
    matplotlib.figure.Figure
        A heatmap (light = few) with a colour bar.

    Raises
    ------
    InputError
        If the table is empty, not numeric, or its value column is ambiguous.
    """
    wide = _wide(contingency, code, topic, value, "codes_topics_heatmap").T
    outliers = [t for t in wide.index if t == -1]
    wide = wide.reindex([*(t for t in wide.index if t != -1), *outliers])
    names = label_map(labels, topic)

    def row_label(t: object) -> str:
        if t == -1:
            return "Outliers"
        return f"{t}: {names[t]}" if t in names else f"Topic {t}"

    wide.index = [row_label(t) for t in wide.index]
    return _draw(
        wide,
        mask=None,
        annot=annot,
        fmt=fmt,
        width=width,
        xlabel="Code",
        ylabel="",
        cbar_label="Segments",
    )


@styled
def cooccurrence_heatmap(
    matrix: pd.DataFrame,
    *,
    rows: str = "code_a",
    columns: str = "code_b",
    value: str | None = None,
    annot: bool | None = None,
    fmt: str | None = None,
    width: float | None = None,
) -> Figure:
    """How often two codes are applied to the same segment, as a lower-triangle heatmap.

    Parameters
    ----------
    matrix : DataFrame
        Square, codes as index and columns (the diagonal: segments with that code), or long with
        ``rows``, ``columns`` and a value column. A pair given one way round only (upper or lower
        triangle) or both ways counts once (the larger value is drawn).
    rows, columns : str, default "code_a", "code_b"
        The key columns of a long table.
    value : str, optional
        The value column of a long table.
    annot : bool, optional
        Print the value in each cell; default when there are at most 300 cells.
    fmt : str, optional
        Format of the printed values.
    width : float, optional
        Figure width in inches; default grows with the number of codes, from 3.5 to 7.

    Returns
    -------
    matplotlib.figure.Figure
        The lower triangle (the upper one repeats it), light = rarely together; the diagonal
        (segments with the code at all) printed in italics on grey, outside the colour scale,
        so that it does not wash out the pairs.

    Raises
    ------
    InputError
        If the table is empty or not numeric.
    """
    wide = _wide(matrix, rows, columns, value, "cooccurrence_heatmap")
    codes = list(dict.fromkeys([*wide.index, *wide.columns]))
    wide = wide.reindex(index=codes, columns=codes, fill_value=0).fillna(0)
    # A pair may be listed once (a, b) or both ways: either way it counts once.
    wide = pd.DataFrame(np.maximum(wide.to_numpy(), wide.to_numpy().T), index=codes, columns=codes)
    mask = np.triu(np.ones(wide.shape, dtype=bool), k=1)
    return _draw(
        wide,
        mask=mask,
        annot=annot,
        fmt=fmt,
        width=width,
        xlabel="",
        ylabel="",
        cbar_label="Segments with both",
        diagonal=True,
    )
