"""Topics at a glance, and topic or code prevalence by group with interval bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from analysis.figures._style import (
    DOUBLE_COLUMN,
    SINGLE_COLUMN,
    check_table,
    colours_for,
    label_map,
    ordered_values,
    styled,
    wrap,
)
from analysis.labels import pretty
from analysis.validation import check_scalar

_SOURCES = ("interview", "event")


@styled
def topic_overview(
    topics: pd.DataFrame,
    n_words: int = 8,
    *,
    width: float = DOUBLE_COLUMN,
    max_rows: int = 14,
) -> Figure:
    """Each topic's share of segments as a bar, with its label and top words beside it.

    Topics carry ranked words but no weights, so the words are listed, not drawn as bars. A
    topic the table marks as not ``stable`` says "(unstable)" after its label. A
    study with more than ``max_rows`` topics is shown by topic group instead (the topics
    table's ``group`` and ``group_label``; one bar per group, its topics' labels beside it), so
    that the figure stays readable at journal width whatever the study's size; without groups,
    the ``max_rows`` largest topics are shown and the figure's title says how many are not.

    Parameters
    ----------
    topics : DataFrame
        The topics table of :func:`analysis.topics.fit_topics`: ``topic``, ``size``, ``label``,
        ``words`` ("; "-joined, best first); ``share``, ``group`` and ``group_label`` used when
        present. The outlier topic (``-1``) is left out.
    n_words : int, default 8
        Words listed per topic.
    width : float, default 7.0
        Figure width in inches (7 fits a double journal column).
    max_rows : int, default 14
        The most bars drawn (14 keep the figure within a journal page, about 9 inches).

    Returns
    -------
    matplotlib.figure.Figure
        Left: one bar per topic or group (share of segments, in table order); right: the words,
        or a group's topic labels.

    Raises
    ------
    InputError
        If a column is missing, ``n_words`` is not a positive int, or only outliers remain.
    """
    check_table(topics, ["topic", "size", "label", "words"], "topics", "topic_overview")
    check_scalar(n_words, "n_words", "topic_overview", low=1)
    check_scalar(max_rows, "max_rows", "topic_overview", low=1)
    table = topics[topics["topic"] != -1].reset_index(drop=True)
    table = check_table(table, ["topic"], "topics (outliers left out)", "topic_overview")
    if "share" not in table.columns:
        table = table.assign(share=table["size"] / topics["size"].sum())
    heading = f"Top {n_words} words"
    if len(table) > max_rows and "group" in table.columns and table["group"].notna().any():
        table, heading = _grouped(table), "Topics in the group"
        words = table["words"].tolist()
        ticks = [wrap(label, 34) for label in table["label"]]
    else:
        if len(table) > max_rows:
            heading += f" ({len(table) - max_rows} smaller topics not shown)"
            table = table.sort_values(["size", "topic"], ascending=[False, True]).head(max_rows)
        words = [
            ", ".join([w.strip() for w in str(text).split(";") if w.strip()][:n_words])
            for text in table["words"].fillna("")
        ]
        unstable = (
            table["stable"].astype("boolean").eq(False).fillna(False).to_numpy()
            if "stable" in table.columns
            else np.zeros(len(table), dtype=bool)
        )
        ticks = [
            wrap(f"{t}: {label}" + (" (unstable)" if flag else ""), 34)
            for t, label, flag in zip(table["topic"], table["label"], unstable, strict=True)
        ]
    share = table["share"].astype(float)
    lines = max(
        max(tick.count("\n") + 1, len(wrap(w, 66).splitlines()))
        for tick, w in zip(ticks, words, strict=True)
    )

    row = 0.16 * lines + 0.12
    fig, (bars, text) = plt.subplots(
        1, 2, figsize=(width, 0.6 + row * len(table)), sharey=True, width_ratios=[1, 1.9]
    )
    y = np.arange(len(table))
    bars.barh(y, share, color=colours_for(["topic"])["topic"], height=0.6)
    bars.set_yticks(y, ticks)
    bars.invert_yaxis()
    bars.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    bars.set_xlabel("Share of segments")
    bars.grid(axis="x")
    bars.tick_params(axis="y", length=0)
    for yi, (value, size) in enumerate(zip(share, table["size"], strict=True)):
        bars.annotate(
            f"{int(size)}",
            (value, yi),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color="0.3",
        )
    bars.margins(x=0.18)
    text.set_axis_off()
    text.set_title(heading, loc="left")
    for yi, line in enumerate(words):
        text.text(0.0, yi, wrap(line, 66), va="center", ha="left", fontsize=7)
    text.set_xlim(0, 1)
    return fig


def _grouped(table: pd.DataFrame) -> pd.DataFrame:
    """One row per topic group (topics without a group, chatter, as one row at the end)."""
    table = table.assign(group=table["group"].astype("Int64"))
    rows = []
    for group, part in table.groupby("group", dropna=False, sort=True):
        part = part.sort_values(["size", "topic"], ascending=[False, True])
        chatter = pd.isna(group)
        rows.append({
            "topic": part["topic"].iloc[0],
            "size": int(part["size"].sum()),
            "share": float(part["share"].sum()),
            "label": "Chatter and other" if chatter else str(part["group_label"].iloc[0]),
            "words": _listed([f"{t}: {label}" for t, label in
                              zip(part["topic"], part["label"], strict=True)]),
            "_last": chatter,
        })  # fmt: skip
    return pd.DataFrame(rows).sort_values("_last", kind="stable").reset_index(drop=True)


def _listed(labels: list[str], most: int = 4) -> str:
    more = len(labels) - most
    return "; ".join(labels[:most]) + (f"; and {more} more" if more > 0 else "")


def _group_labels(table: pd.DataFrame, group: Sequence[str]) -> pd.Series:
    if len(group) == 1:
        return table[group[0]].map(lambda v: v if pd.isna(v) else str(v))
    return table[list(group)].astype(str).agg(" · ".join, axis=1)


def prevalence_dots(
    prevalence_table: pd.DataFrame,
    *,
    item: str,
    group: str | Sequence[str],
    labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None,
    skip: Sequence[Any],
    func: str,
    width: float,
    xlabel: str,
    max_items: int | None = None,
) -> Figure:
    """Dots with interval bars: one row per item, one dodged dot per group.

    With more than ``max_items`` items, the ``max_items`` with the highest prevalence in any
    group are drawn and the x-axis label says how many are not."""
    groups = [group] if isinstance(group, str) else list(group)
    required = [*groups, item, "prevalence", "ci_low", "ci_high"]
    table = check_table(prevalence_table, required, "prevalence_table", func)
    table = table[~table[item].isin(list(skip))].copy()
    table = check_table(table, required, "prevalence_table", func)
    table["_group"] = _group_labels(table, groups)
    table = table.dropna(subset=["_group"])
    names = label_map(labels, item)
    items = list(dict.fromkeys(table[item]))
    if max_items is not None and len(items) > max_items:
        highest = (
            table.groupby(item)["prevalence"].max().sort_values(ascending=False, kind="stable")
        )
        shown = set(highest.index[:max_items])
        xlabel += f"\n({len(items) - max_items} less common not shown)"
        table = table[table[item].isin(shown)]
        items = [i for i in items if i in shown]
    try:
        items = sorted(items)
    except TypeError:
        items = sorted(items, key=str)
    group_values = ordered_values(table["_group"], _SOURCES)
    colours = colours_for(group_values)
    n_groups = len(group_values)
    step = 0.7 / max(n_groups, 1)
    offsets = {g: (i - (n_groups - 1) / 2) * step for i, g in enumerate(group_values)}
    position = {value: i for i, value in enumerate(items)}

    tick_labels = [
        wrap(f"{v}: {names[v]}" if v in names else pretty(v) if isinstance(v, str) else v, 28)
        for v in items
    ]
    lines = sum(label.count("\n") + 1 for label in map(str, tick_labels))
    height = 0.9 + 0.1 * lines + 0.1 * len(items) * max(n_groups, 1) ** 0.5
    fig, ax = plt.subplots(figsize=(width, height))
    for g in group_values:
        rows = table[table["_group"] == g]
        y = rows[item].map(position).to_numpy(dtype=float) + offsets[g]
        estimate = rows["prevalence"].to_numpy(dtype=float)
        low = rows["ci_low"].to_numpy(dtype=float)
        high = rows["ci_high"].to_numpy(dtype=float)
        ax.hlines(y, low, high, color=colours[g], linewidth=1.2)
        ax.plot(estimate, y, "o", color=colours[g], markersize=3.5, label=pretty(g))
    ax.set_yticks(range(len(items)), tick_labels)
    ax.set_ylim(len(items) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    # Room on the right for the largest marker: an estimate at the axis end is drawn in full.
    top = np.nanmax(table[["prevalence", "ci_low", "ci_high"]].to_numpy(dtype=float))
    ax.set_xlim(0, top * 1.06 + 0.005 if np.isfinite(top) and top > 0 else 1.0)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x")
    ax.tick_params(axis="y", length=0)
    handles = [
        Line2D([], [], color=colours[g], marker="o", markersize=3.5, label=pretty(g))
        for g in group_values
    ]
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncols=min(n_groups, 4),
        title=None,
    )
    return fig


@styled
def topic_prevalence(
    prevalence_table: pd.DataFrame,
    group: str | Sequence[str] = "source",
    *,
    item: str = "topic",
    labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None = None,
    include_outliers: bool = False,
    width: float = SINGLE_COLUMN,
    max_topics: int = 20,
) -> Figure:
    """Share of each group's segments in each topic, with the cluster-bootstrap interval.

    Parameters
    ----------
    prevalence_table : DataFrame
        The output of :func:`analysis.prevalence.prevalence`: the ``group`` column(s), ``item``,
        ``prevalence``, ``ci_low``, ``ci_high``.
    group : str or sequence of str, default "source"
        The group column(s) the table was made with; several are joined into one label.
    item : str, default "topic"
        The item column.
    labels : mapping, Series or DataFrame, optional
        Topic labels by topic id; the topics table itself (``topic``, ``label``) will do.
    include_outliers : bool, default False
        Keep the outlier topic ``-1``.
    width : float, default 3.5
        Figure width in inches.
    max_topics : int, default 20
        The most topics drawn (those most common in some group), so that the figure stays
        readable whatever the study's size; the axis label says how many are left out.

    Returns
    -------
    matplotlib.figure.Figure
        One row per topic; per group a dot (prevalence) and a line (interval), groups dodged and
        coloured (interview blue, event orange), legend above.

    Raises
    ------
    InputError
        If a column is missing or nothing is left to draw.
    """
    return prevalence_dots(
        prevalence_table,
        item=item,
        group=group,
        labels=labels,
        skip=() if include_outliers else (-1,),
        func="topic_prevalence",
        width=width,
        xlabel="Share of segments\n(bootstrap interval)",
        max_items=max_topics,
    )


@styled
def code_prevalence_by_source(
    table: pd.DataFrame,
    *,
    item: str = "code_id",
    group: str | Sequence[str] = "source",
    labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None = None,
    width: float = SINGLE_COLUMN,
) -> Figure:
    """Share of interview and event segments carrying each code, with intervals.

    Parameters
    ----------
    table : DataFrame
        :func:`analysis.prevalence.prevalence` run on codings with ``item="code_id"`` and
        ``group="source"``: ``source``, ``code_id``, ``prevalence``, ``ci_low``, ``ci_high``.
    item : str, default "code_id"
        The item column.
    group : str or sequence of str, default "source"
        The group column(s).
    labels : mapping, Series or DataFrame, optional
        Code names by code id (a table with ``code_id`` and ``label`` columns will do).
    width : float, default 3.5
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        One row per code, interview and event dots with interval lines side by side.

    Raises
    ------
    InputError
        If a column is missing or the table is empty.
    """
    return prevalence_dots(
        table,
        item=item,
        group=group,
        labels=labels,
        skip=(),
        func="code_prevalence_by_source",
        width=width,
        xlabel="Share of segments coded\n(bootstrap interval)",
    )
