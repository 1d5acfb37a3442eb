"""Inter-coder agreement per code as a forest plot, the pooled row set apart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

#: Krippendorff's (2004, p. 241) conventions for alpha: rely on variables with alpha >= .800;
#: draw only tentative conclusions from those between .667 and .800.
KRIPPENDORFF_THRESHOLDS = (0.667, 0.8)
POOLED = "(all codes, pooled)"
COEFFICIENT_NAMES = {
    "krippendorff_alpha": "Krippendorff's α",
    "cohen_kappa": "Cohen's κ",
    "fleiss_kappa": "Fleiss' κ",
    "gwet_ac1": "Gwet's AC1",
    "brennan_prediger": "Brennan-Prediger κ",
    "percent_agreement": "Percent agreement",
}
_THRESHOLD_NOTES = {0.667: "tentative conclusions", 0.8: "reliable"}


@styled
def agreement_forest(
    agreement_table: pd.DataFrame,
    coefficient: str = "krippendorff_alpha",
    *,
    thresholds: Sequence[float] | None = None,
    labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None = None,
    width: float = SINGLE_COLUMN,
) -> Figure:
    """Each code's agreement coefficient with its interval, and the pooled row set apart.

    Parameters
    ----------
    agreement_table : DataFrame
        The output of :func:`analysis.agreement.agreement_table`: ``code_id``, the coefficient
        and its ``<coefficient>_lo`` and ``<coefficient>_hi`` bounds; ``unit_of_agreement``, when
        present, is named under the axis.
    coefficient : str, default "krippendorff_alpha"
        Which coefficient to draw: ``krippendorff_alpha``, ``cohen_kappa``, ``fleiss_kappa``,
        ``gwet_ac1``, ``brennan_prediger`` or ``percent_agreement``.
    thresholds : sequence of float, optional
        Reference lines. Default: Krippendorff's 0.667 and 0.8 for alpha, none for the other
        coefficients (whose conventions differ); pass ``()`` for none.
    labels : mapping, Series or DataFrame, optional
        Code names by ``code_id`` (a table with ``code_id`` and ``label`` will do).
    width : float, default 3.5
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        One row per code (table order), a dot with its interval line; the pooled row last, below
        a rule, as a black diamond with a bold label; codes whose coefficient is undefined read
        "n/a"; dashed reference lines with their meaning in the legend.

    Raises
    ------
    InputError
        If the coefficient or its bounds are missing.

    References
    ----------
    .. [1] Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*
       (2nd ed.), p. 241. Sage.
    """
    columns = ["code_id", coefficient, f"{coefficient}_lo", f"{coefficient}_hi"]
    table = check_table(agreement_table, columns, "agreement_table", "agreement_forest")
    if thresholds is None:
        thresholds = KRIPPENDORFF_THRESHOLDS if coefficient == "krippendorff_alpha" else ()
    names = label_map(labels, "code_id")
    pooled = table["code_id"] == POOLED
    table = pd.concat([table[~pooled], table[pooled]], ignore_index=True)
    is_pooled = (table["code_id"] == POOLED).to_numpy()
    estimate = table[coefficient].to_numpy(dtype=float)
    low = table[f"{coefficient}_lo"].to_numpy(dtype=float)
    high = table[f"{coefficient}_hi"].to_numpy(dtype=float)
    if np.isnan(estimate).all():
        raise InputError(
            f"agreement_forest: {coefficient} is undefined (NaN) for every code, so there is "
            "nothing to draw",
            expected="at least one code with a defined coefficient",
        )

    ticks = [
        "All codes (pooled)" if code == POOLED else wrap(names.get(code, code), 26)
        for code in table["code_id"]
    ]
    n_lines = sum(t.count("\n") + 1 for t in ticks)
    fig, ax = plt.subplots(figsize=(width, 1.2 + 0.11 * n_lines + 0.09 * len(table)))
    y = np.arange(len(table), dtype=float)
    y[is_pooled] += 0.4  # a gap before the pooled row
    code_colour = OKABE_ITO["blue"]
    ax.hlines(y[~is_pooled], low[~is_pooled], high[~is_pooled], color=code_colour, lw=1.2)
    ax.plot(estimate[~is_pooled], y[~is_pooled], "o", color=code_colour, markersize=4)
    ax.hlines(y[is_pooled], low[is_pooled], high[is_pooled], color="black", lw=1.6)
    ax.plot(estimate[is_pooled], y[is_pooled], "D", color="black", markersize=5)
    finite = np.concatenate([v[np.isfinite(v)] for v in (estimate, low, high)])
    left = min(0.0, float(finite.min()) - 0.05)
    for yi, value in zip(y, estimate, strict=True):
        if np.isnan(value):
            ax.text(left + 0.01, yi, "n/a", va="center", ha="left", fontsize=7, color="0.4")
    if is_pooled.any():
        ax.axhline(
            (y[is_pooled].min() + y[~is_pooled].max()) / 2 if (~is_pooled).any() else 0,
            color="0.6",
            lw=0.6,
        )

    handles = []
    for value, style in zip(sorted(thresholds), ["--", ":", "-."], strict=False):
        note = _THRESHOLD_NOTES.get(round(value, 3), "")
        ax.axvline(value, color=REFERENCE_GREY, lw=0.8, ls=style, zorder=0)
        text = f"{value:.3f}".rstrip("0").rstrip(".") + (f": {note}" if note else "")
        handles.append(Line2D([], [], color=REFERENCE_GREY, lw=0.8, ls=style, label=text))

    ax.set_yticks(y, ticks)
    for label, pooled_row in zip(ax.get_yticklabels(), is_pooled, strict=True):
        if pooled_row:
            label.set_fontweight("bold")
    ax.set_ylim(y.max() + 0.6, -0.6)
    ax.set_xlim(left, 1.02)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x")
    name = COEFFICIENT_NAMES.get(coefficient, coefficient)
    xlabel = f"{name} (bootstrap interval)"
    if "unit_of_agreement" in table.columns:
        units = table["unit_of_agreement"].dropna().unique()
        if len(units) == 1:
            xlabel += f"\nunit: {units[0]}"
    ax.set_xlabel(xlabel)
    if handles:
        source = " (Krippendorff 2004)" if coefficient == "krippendorff_alpha" else ""
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            title=f"Reference lines{source}",
            handlelength=1.8,
            columnspacing=1.0,
        )
    return fig


@styled
def learning_curve(curve: pd.DataFrame, *, width: float = SINGLE_COLUMN) -> Figure:
    """Assisted coding's agreement with the coder against the coded examples it learnt from,
    with the second human coder's agreement on the same units as a reference line.

    Parameters
    ----------
    curve : DataFrame
        :func:`analysis.compare.suggester_learning_curve`'s table: ``n_examples``, ``kappa``,
        ``human_kappa`` (NaN without a second coder), ``n_train_documents``.
    width : float, default 3.5
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Mean per-code kappa (y) against coded training segments (x), each point labelled with
        its number of documents; a dashed line at the second coder's kappa.

    Raises
    ------
    InputError
        If a column is missing or no point has a kappa.
    """
    columns = ["n_examples", "kappa", "human_kappa", "n_train_documents"]
    table = check_table(curve, columns, "curve", "learning_curve").sort_values("n_examples")
    table = table[table["kappa"].notna()]
    if table.empty:
        raise InputError(
            "learning_curve: no share of the training documents has a kappa to draw",
            expected="suggester_learning_curve's table for a study with held-out codings",
        )
    fig, ax = plt.subplots(figsize=(width, 0.62 * width))
    x, y = table["n_examples"].to_numpy(float), table["kappa"].to_numpy(float)
    ax.plot(x, y, "o-", color=OKABE_ITO["blue"], markersize=4, lw=1.2, label="suggestions")
    for xi, yi, docs in zip(x, y, table["n_train_documents"], strict=True):
        ax.annotate(f"{int(docs)} doc{'s' if docs != 1 else ''}", (xi, yi), xytext=(3, -9),
                    textcoords="offset points", fontsize=6, color="0.35")  # fmt: skip
    human = table["human_kappa"].dropna()
    if len(human):
        ax.axhline(float(human.iloc[-1]), color=REFERENCE_GREY, lw=0.8, ls="--",
                   label="second coder")  # fmt: skip
    ax.set_xlabel("Coded training segments (summed over codes)")
    ax.set_ylabel("Mean per-code κ with the coder")
    ax.set_ylim(min(0.0, float(np.nanmin(y))) - 0.1, 1.0)
    ax.set_xlim(0, float(x.max()) * 1.15)
    ax.legend(loc="lower right", frameon=False)
    return fig
