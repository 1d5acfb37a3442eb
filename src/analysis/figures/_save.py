"""Saving figures: the one place that writes PNG, SVG and PDF, byte for byte the same every run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

from analysis.errors import InputError
from analysis.figures._style import house_rc
from analysis.validation import parameter_error

FORMATS = ("png", "svg", "pdf")
#: What the files say made them: no versions and no dates, so a rebuild changes bytes only when
#: the drawing changes.
CREATOR = "analysis (https://matplotlib.org)"
_METADATA = {
    # PNG: matplotlib would add "Software: Matplotlib version ...".
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": CREATOR},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": CREATOR, "Producer": CREATOR},
}
# rcParams that decide the bytes written, fixed whatever the caller's settings.
_SAVE_RC = ("svg.hashsalt", "svg.fonttype", "pdf.fonttype", "ps.fonttype", "savefig.facecolor")


def save_figure(
    fig: Figure,
    stem_path: str | Path,
    *,
    formats: Sequence[str] = FORMATS,
    dpi: int = 300,
) -> list[Path]:
    """Write a figure as PNG, SVG and PDF with fixed metadata, so reruns give identical files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, as returned by a figure function of :mod:`analysis.figures`.
    stem_path : str or Path
        Path without extension, e.g. ``reports/figures/agreement``; each format's extension is
        appended (so ``"fig.v2"`` becomes ``fig.v2.png``). Missing folders are created.
    formats : sequence of {"png", "svg", "pdf"}, default all three
        The formats to write, in this order.
    dpi : int, default 300
        Resolution of the PNG (SVG and PDF are vector).

    Returns
    -------
    list of Path
        The files written, one per format.

    Raises
    ------
    InputError
        If a format is not one of png, svg, pdf, or ``fig`` is not a Figure.

    Notes
    -----
    The figure is saved at its own size (figure functions size to journal column widths), not
    cropped to a tight bounding box. Dates and software versions are left out of every file; SVG
    element ids come from a fixed hash salt; fonts are embedded as TrueType in PDF (journals ask
    for it) and as paths in SVG (so it looks the same without the font installed).
    """
    if not isinstance(fig, Figure):
        raise InputError(
            f"save_figure: expected a matplotlib Figure, got {type(fig).__name__}",
            expected="the Figure returned by an analysis.figures function",
        )
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        what = f"a non-empty sequence of {', '.join(FORMATS)}"
        raise parameter_error(list(formats), "formats", "save_figure", what)
    stem = Path(stem_path)
    stem.parent.mkdir(parents=True, exist_ok=True)
    rc = {key: value for key, value in house_rc().items() if key in _SAVE_RC}
    written = []
    with mpl.rc_context(rc):
        for fmt in formats:
            path = stem.parent / f"{stem.name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
            written.append(path)
    return written
