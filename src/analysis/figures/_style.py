"""The house style: one theme, one palette, the column widths, and the helpers every figure uses."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from cycler import cycler

from analysis.errors import InputError
from analysis.io import require_columns

#: Journal column widths in inches (most journals: 85-90 mm single, 170-180 mm double).
SINGLE_COLUMN = 3.5
DOUBLE_COLUMN = 7.0

#: Okabe & Ito's colour-blind-safe palette, in the order figures use it (yellow, which reads
#: poorly on white, comes late).
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = tuple(OKABE_ITO.values())
#: Data sources always get the same colours, in every figure.
SOURCE_COLOURS = {"interview": OKABE_ITO["blue"], "event": OKABE_ITO["orange"]}
#: Sequential colour map for counts (colour-blind safe, light = few).
SEQUENTIAL_CMAP = "Blues"
#: Grey for things shown for reference (pooled rows, thresholds).
REFERENCE_GREY = "0.35"

# Words that keep their capitals when a category value becomes a label.

P = ParamSpec("P")
R = TypeVar("R")


def house_rc() -> dict[str, Any]:
    """The house style as matplotlib rcParams.

    Starts from seaborn's "ticks" style and "paper" context and sets sizes for print at journal
    column width: 8 pt text, 7 pt tick labels and legends (the smallest most journals accept),
    thin lines, the Okabe-Ito palette, DejaVu Sans (shipped with matplotlib, so the same glyphs
    on every machine), TrueType fonts embedded in PDF, and a fixed SVG hash salt so SVG ids do
    not change between runs.

    Returns
    -------
    dict
        rcParams, for ``matplotlib.rc_context`` or ``matplotlib.rcParams.update``.
    """
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("ticks"))
    rc.update(sns.plotting_context("paper"))
    rc.update(
        {
            "font.family": ["sans-serif"],
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 8.0,
            "axes.titlesize": 8.0,
            "axes.titleweight": "bold",
            "axes.labelsize": 8.0,
            "xtick.labelsize": 7.0,
            "ytick.labelsize": 7.0,
            "legend.fontsize": 7.0,
            "legend.title_fontsize": 7.0,
            "figure.titlesize": 9.0,
            "axes.linewidth": 0.6,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": cycler(color=list(PALETTE)),
            "xtick.major.width": 0.6,
            "ytick.major.width": 0.6,
            "xtick.major.size": 3.0,
            "ytick.major.size": 3.0,
            "grid.linewidth": 0.5,
            "grid.color": "0.88",
            "lines.linewidth": 1.0,
            "lines.markersize": 4.0,
            "patch.linewidth": 0.5,
            "legend.frameon": False,
            "image.cmap": SEQUENTIAL_CMAP,
            "figure.dpi": 150,
            "figure.facecolor": "white",
            "figure.constrained_layout.use": True,
            "savefig.dpi": 300,
            "savefig.facecolor": "white",
            "pdf.fonttype": 42,
            "ps.fonttype": 42,
            "svg.fonttype": "path",
            "svg.hashsalt": "analysis-figures",
        }
    )
    return rc


def set_house_style() -> None:
    """Apply the house style to every figure drawn from now on (for notebooks).

    The figure functions of :mod:`analysis.figures` draw in the house style whether or not this
    was called, so a figure looks the same from a notebook, a script or the command line; call it
    to give figures you draw yourself the same look.

    Examples
    --------
    >>> from analysis.figures import set_house_style
    >>> set_house_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["xtick.labelsize"]
    7.0
    """
    mpl.rcParams.update(house_rc())


@contextmanager
def house_style():
    """Context manager: the house style inside the ``with`` block only."""
    # Resolve the backend before the context: resolving it inside (on a session's first figure)
    # sets rcParams that rc_context then rolls back, which stops Jupyter showing later figures.
    mpl.get_backend()
    with mpl.rc_context(house_rc()):
        yield


def styled(func: Callable[P, R]) -> Callable[P, R]:
    """Draw the decorated figure function inside :func:`house_style`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with house_style():
            return func(*args, **kwargs)

    return wrapper


def wrap(text: object, width: int) -> str:
    """Wrap a label onto lines of at most ``width`` characters (long words are not broken)."""
    return "\n".join(
        textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    ) or str(text)


def check_table(table: object, required: Sequence[str], name: str, func: str) -> pd.DataFrame:
    """The table, or an :class:`InputError` naming the missing columns."""
    return require_columns(table, required, name, func)


def label_map(labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None, key: str) -> dict:
    """Labels by key from a mapping, a Series or a table with ``key`` and ``label`` columns."""
    if labels is None:
        return {}
    if isinstance(labels, pd.DataFrame):
        if key not in labels.columns or "label" not in labels.columns:
            raise InputError(
                f"labels table has no {key!r} and 'label' columns",
                expected=f"a mapping {key} -> label, or a table with {key!r} and 'label'",
            )
        return dict(zip(labels[key], labels["label"], strict=True))
    return dict(labels)


def ordered_values(values: Iterable[Any], preferred: Sequence[Any] = ()) -> list[Any]:
    """Distinct values: those in ``preferred`` first in its order, then the rest sorted."""
    present = list(dict.fromkeys(v for v in values if not pd.isna(v)))
    first = [v for v in preferred if v in present]
    rest = sorted((v for v in present if v not in first), key=str)
    return first + rest


def colours_for(values: Sequence[Any]) -> dict[Any, str]:
    """A colour per value: the fixed source colours where they apply, else the palette in order."""
    if values and all(v in SOURCE_COLOURS for v in values):
        return {v: SOURCE_COLOURS[v] for v in values}
    return {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(values)}
