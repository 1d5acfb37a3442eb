"""Tables of knowledge-exchange event outputs, like those of an event write-up or blog post."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.events import declared_order, scale_order
from analysis.labels import pretty
from analysis.tables._common import bullets, check, clean, dedupe_key, reading_order, select_events
from analysis.validation import check_scalar


def holding_consequences(
    notes: pd.DataFrame,
    event_id: str | Sequence[str] | None = None,
    *,
    concept: str | None = "holding",
    stakeholders: Sequence[str] = (),
    valences: Sequence[str] = (),
) -> pd.DataFrame:
    """Positive and negative consequences of holding per stakeholder, as in an event write-up.

    Parameters
    ----------
    notes : DataFrame
        The group notes of :func:`analysis.events.read_events`: ``stakeholder``, ``valence``,
        ``text``; ``concept``, ``event_id`` and ``row`` used when present.
    event_id : str or sequence of str, optional
        The event(s) to show; default all.
    concept : str or None, default "holding"
        Notes on this concept only; None keeps all.
    stakeholders, valences : sequence of str, optional
        The order of the rows and of the columns: the study's declared values
        (``events/vocabulary.json``); every one is shown, and values not listed follow,
        alphabetically. By default the categories of a categorical column, else alphabetical.

    Returns
    -------
    DataFrame
        One row per stakeholder in ``stakeholders`` order, then a column per valence
        (``Stakeholder``, ``Positive``, ``Negative`` for the demo): the notes as
        a bulleted list ("• " and a newline between notes), in the order written, each note once
        (repeats across groups, ignoring case and punctuation, are dropped). Empty where a group
        wrote nothing.

    Raises
    ------
    InputError
        If a column is missing or the event has no notes.

    Examples
    --------
    >>> notes = pd.DataFrame({
    ...     "stakeholder": ["patients", "link workers", "patients"],
    ...     "valence": ["positive", "negative", "negative"],
    ...     "text": ["time to talk", "emotional toll", "dependency risk"],
    ... })
    >>> table = holding_consequences(
    ...     notes, concept=None, stakeholders=["patients", "link workers"]
    ... )
    >>> print(table.loc[0, "Negative"])
    • dependency risk
    """
    func = "holding_consequences"
    table = check(notes, ["stakeholder", "valence", "text"], "notes", func)
    table = select_events(table, event_id, func)
    if concept is not None and "concept" in table.columns:
        wanted = concept.casefold()
        table = table[table["concept"].astype(str).str.casefold() == wanted]
    table = reading_order(table)
    valences = declared_order(table["valence"], valences)
    stakeholders = declared_order(table["stakeholder"], stakeholders)
    cells: dict[tuple[str, str], list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for stakeholder, valence, text in table[["stakeholder", "valence", "text"]].itertuples(
        index=False
    ):
        note = clean(text)
        key = (str(stakeholder), str(valence), dedupe_key(note))
        if not note or pd.isna(stakeholder) or pd.isna(valence) or key in seen:
            continue
        seen.add(key)
        cells.setdefault((str(stakeholder), str(valence)), []).append(note)
    rows = []
    for stakeholder in stakeholders:
        row = {"Stakeholder": pretty(stakeholder)}
        for valence in valences:
            row[pretty(valence)] = bullets(cells.get((stakeholder, valence), []))
        rows.append(row)
    return pd.DataFrame(rows, columns=["Stakeholder", *(pretty(v) for v in valences)])


def discretion_summary(
    discretion: pd.DataFrame,
    event_id: str | Sequence[str] | None = None,
    *,
    n_comments: int = 2,
    aspects: Sequence[str] = (),
    positions: Sequence[str] = (),
) -> pd.DataFrame:
    """Per aspect of the role: how many groups took each position, and a few of their comments.

    :func:`scale_summary` of the demo's discretion exercise: ``position`` within ``aspect``,
    the total headed ``Groups``.

    Parameters
    ----------
    discretion : DataFrame
        The discretion table of :func:`analysis.events.read_events`: ``aspect``, ``position``,
        ``text``; ``event_id`` and ``row`` used when present.
    event_id : str or sequence of str, optional
        The event(s) to show; default all.
    n_comments : int, default 2
        Comments quoted per aspect.
    aspects : sequence of str, optional
        The order of the rows (the study's declared aspects); others follow, alphabetically.
        By default the categories of a categorical column, else alphabetical.
    positions : sequence of str, optional
        The scale, least to most (the study's declared scale, ``events/vocabulary.json``). By
        default the categories of an ordered categorical ``position``; required otherwise.

    Returns
    -------
    DataFrame
        One row per aspect in ``aspects`` order: ``Aspect``, one count column per position
        (``much less`` ... ``much more`` for the demo), ``Groups`` (their total) and
        ``Comments``: up to ``n_comments`` comments, bulleted, each prefixed with its position
        in brackets.

    Raises
    ------
    InputError
        If a column is missing, the event has no rows, ``n_comments`` is negative or the
        scale is not known.
    """
    return _scale_summary(
        discretion, "position", "aspect", event_id, n_comments, aspects, positions,
        total="Groups", name="discretion", func="discretion_summary", scale_name="positions",
    )  # fmt: skip


def scale_summary(
    table: pd.DataFrame,
    column: str,
    *,
    within: str | None = None,
    event_id: str | Sequence[str] | None = None,
    n_comments: int = 2,
    order: Sequence[str] = (),
    scale: Sequence[str] = (),
    total: str = "Rows",
) -> pd.DataFrame:
    """How many rows took each point of an ordered scale, per value of another column, with comments.

    Parameters
    ----------
    table : DataFrame
        An event table (or any table of rows): ``column``, ``text``, ``within`` when given;
        ``event_id`` and ``row`` used when present.
    column : str
        The column holding points of the scale (a ``scales:`` column of ``study.yaml``).
    within : str, optional
        One row of the result per value of this column (e.g. the aspect rated); None counts
        all rows in one, named after ``column``.
    event_id : str or sequence of str, optional
        The event(s) to show; default all.
    n_comments : int, default 2
        Comments quoted per row of the result.
    order : sequence of str, optional
        The order of the ``within`` values (the study's declared values); others follow,
        alphabetically. By default the categories of a categorical column, else alphabetical.
    scale : sequence of str, optional
        The scale, least to most (the study's declared scale, ``events/vocabulary.json``). By
        default the categories of an ordered categorical ``column``; required otherwise.
    total : str, default "Rows"
        The heading of the total column (what a row of ``table`` is: "Groups" when each row is
        one group's answer).

    Returns
    -------
    DataFrame
        One row per value of ``within`` in ``order`` (or one row): the ``within`` column's
        readable name, one count column per point of the scale, ``total`` (their sum) and
        ``Comments``: up to ``n_comments`` comments, bulleted, each prefixed with its point of
        the scale in brackets.

    Raises
    ------
    InputError
        If a column is missing, the event has no rows, ``n_comments`` is negative or the
        scale is not known.

    Notes
    -----
    The comments are chosen without chance so that the table is the same every run: points
    are taken from the most to the least common, one comment from each in turn, and within a
    point the longest comment (the most said), earliest first among equals.

    Examples
    --------
    >>> ratings = pd.DataFrame({"score": ["good", "poor", "good"],
    ...                         "text": ["short waits", None, "kind staff"]})
    >>> summary = scale_summary(ratings, "score", scale=["poor", "fair", "good"])
    >>> summary.drop(columns="Comments").to_dict("records")
    [{'Score': 'Score', 'poor': 1, 'fair': 0, 'good': 2, 'Rows': 3}]
    >>> print(summary.loc[0, "Comments"])
    • [good] short waits
    • [good] kind staff
    """
    return _scale_summary(
        table, column, within, event_id, n_comments, order, scale,
        total=total, name="table", func="scale_summary", scale_name="scale",
    )  # fmt: skip


def _scale_summary(
    table, column, within, event_id, n_comments, order, scale, *, total, name, func, scale_name
) -> pd.DataFrame:
    table = check(table, [column, "text", *([within] if within else [])], name, func)
    check_scalar(n_comments, "n_comments", func, low=0)
    points = scale_order(table[column], scale, scale_name, func)
    table = reading_order(select_events(table, event_id, func))
    if within is None:
        within, heading = "_within", pretty(column)
        table = table.assign(_within=heading)
        values: list = [heading]
    else:
        heading = pretty(within)
        values = declared_order(table[within], order)
    table = table.assign(**{column: table[column].astype(object)}, _text=table["text"].map(clean))
    rows = []
    for value in values:
        part = table[table[within] == value]
        counts = part[column].value_counts()
        row: dict[str, Any] = {heading: pretty(value)}
        row.update({point: int(counts.get(point, 0)) for point in points})
        row[total] = int(counts.reindex(list(points), fill_value=0).sum())
        by_point = {
            point: sorted(
                (t for t in part.loc[part[column] == point, "_text"] if t),
                key=len,
                reverse=True,  # sorted is stable: equal lengths keep reading order
            )
            for point in points
        }
        taken = sorted(
            (p for p in points if by_point[p]),
            key=lambda p: (-int(counts.get(p, 0)), points.index(p)),
        )
        chosen: list[str] = []
        depth = 0
        while len(chosen) < n_comments and any(len(by_point[p]) > depth for p in taken):
            for point in taken:
                if len(chosen) < n_comments and len(by_point[point]) > depth:
                    chosen.append(f"[{point}] {by_point[point][depth]}")
            depth += 1
        row["Comments"] = bullets(chosen)
        rows.append(row)
    return pd.DataFrame(rows, columns=[heading, *points, total, "Comments"])


def feedback_quotes(
    feedback: pd.DataFrame,
    n: int = 8,
    *,
    seed: int,
    event_id: str | Sequence[str] | None = None,
    min_words: int = 6,
) -> pd.DataFrame:
    """A seeded selection of attendees' feedback comments, preferring substantive ones.

    Parameters
    ----------
    feedback : DataFrame
        The feedback table of :func:`analysis.events.read_events`: ``text``; ``event_id``,
        ``respondent`` and ``row`` used when present.
    n : int, default 8
        Comments to select (fewer when there are fewer).
    seed : int
        Seed of the selection; the same seed gives the same quotes.
    event_id : str or sequence of str, optional
        The event(s) to quote; default all.
    min_words : int, default 6
        Comments with at least this many words are drawn first; shorter ones ("Lunch was nice")
        only fill up when there are too few long ones.

    Returns
    -------
    DataFrame
        ``Event`` (when known), ``Respondent`` (when known) and ``Comment``, in reading order
        (event, then row). A comment repeated (ignoring case and punctuation) counts once.

    Raises
    ------
    InputError
        If ``text`` is missing, the event has no rows, or ``n``, ``seed`` or ``min_words`` is
        not a non-negative int.

    Examples
    --------
    >>> feedback = pd.DataFrame({"text": ["Good", "Really useful to hear other areas' ideas",
    ...                                   "The room was far too hot all afternoon"]})
    >>> feedback_quotes(feedback, n=2, seed=1)["Comment"].tolist()
    ["Really useful to hear other areas' ideas", 'The room was far too hot all afternoon']
    """
    func = "feedback_quotes"
    table = check(feedback, ["text"], "feedback", func)
    for name, value in (("n", n), ("seed", seed), ("min_words", min_words)):
        check_scalar(value, name, func, low=0)
    table = reading_order(select_events(table, event_id, func)).reset_index(drop=True)
    table = table.assign(Comment=table["text"].map(clean))
    table = table[table["Comment"] != ""]
    table = table[~table["Comment"].map(dedupe_key).duplicated()]
    long = table["Comment"].str.split().str.len() >= min_words
    rng = np.random.default_rng(seed)
    # Shuffled by position: the index of a copy-on-write frame may be a read-only array.
    pool = [
        *(index := table.index[long])[rng.permutation(len(index))],
        *(index := table.index[~long])[rng.permutation(len(index))],
    ]
    picked = table.loc[sorted(pool[:n])]
    columns = {"event_id": "Event", "respondent": "Respondent", "Comment": "Comment"}
    kept = [c for c in columns if c in picked.columns]
    return picked[kept].rename(columns=columns).reset_index(drop=True)


def event_table_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """How many rows each event's organisers typed up in each table, and how many have text.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The event tables by name (``load_processed(...).events``): ``events`` is left out; the
        others need ``event_id`` and ``text``.

    Returns
    -------
    DataFrame
        ``Table, Event, Rows, With free text``, in table then event order; rows of a table that
        only mark a value (a position on a scale) count in ``Rows`` but not in ``With free text``.

    Examples
    --------
    >>> ratings = pd.DataFrame({"event_id": ["W1", "W1"], "text": ["long waits", None]})
    >>> event_table_rows({"ratings": ratings}).values.tolist()
    [['ratings', 'W1', 2, 1]]
    """
    rows = []
    for name, table in tables.items():
        if name == "events":
            continue
        table = check(table, ["event_id", "text"], f"event table {name}", "event_table_rows")
        for event_id, part in table.groupby("event_id", sort=False):
            rows.append(
                {
                    "Table": name,
                    "Event": event_id,
                    "Rows": len(part),
                    "With free text": int(part["text"].notna().sum()),
                }
            )
    return pd.DataFrame(rows, columns=["Table", "Event", "Rows", "With free text"])
