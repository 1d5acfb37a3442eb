"""The wave tables for a reader: change per item, and trajectories with their quotes."""

from __future__ import annotations

import pandas as pd

from analysis.labels import p_cell, points_interval, shorten


def wave_change_table(
    change: pd.DataFrame, names: dict | None = None, *, waves: tuple = (1, 2), item: str = "Code"
) -> pd.DataFrame:
    """:attr:`WaveChange.change` for people: one row per item, in the table's order.

    Columns: the item and its name, participants holding it at the first wave only, the second
    only and both (with McNemar's Holm-adjusted p), the mean share of the participants'
    segments at each wave (%), the mean paired change in points with its 95% interval, its
    Holm-adjusted sign-flip p and the direction called.
    """
    names = names or {}
    first, second = waves
    return pd.DataFrame(
        {
            item: change["item"].to_numpy(),
            "Name": [names.get(i, i) for i in change["item"]],
            f"Wave {first} only": change["first_only"].to_numpy(),
            f"Wave {second} only": change["second_only"].to_numpy(),
            "Both": change["both"].to_numpy(),
            "McNemar p (Holm)": [p_cell(p) for p in change["p_mcnemar_holm"]],
            f"Wave {first} (%)": [f"{100 * x:.1f}" for x in change["share_first"]],
            f"Wave {second} (%)": [f"{100 * x:.1f}" for x in change["share_second"]],
            "Change (points, 95% CI)": [
                points_interval(*row)
                for row in change[["difference", "ci_low", "ci_high"]].itertuples(index=False)
            ],
            "p (Holm)": [p_cell(p) for p in change["p_holm"]],
            "Direction": change["direction"].to_numpy(),
        }
    )


def wave_trajectories_table(
    trajectories: pd.DataFrame,
    names: dict | None = None,
    *,
    waves: tuple = (1, 2),
    items=None,
    width: int = 160,
) -> pd.DataFrame:
    """:func:`wave_trajectories` for people: the changed items' trajectories with quotes.

    ``items`` keeps those items only (e.g. the ones that grow or fade); quotes are cut to
    ``width`` characters and followed by their source.
    """
    names = names or {}
    rows = trajectories if items is None else trajectories[trajectories["item"].isin(items)]

    def quoted(texts, sources) -> list[str]:
        return [
            f"\u201c{shorten(t, width)}\u201d ({s})" if t else "–"
            for t, s in zip(texts, sources, strict=True)
        ]

    first, second = waves
    table = {
        "Participant": rows["participant_id"].to_numpy(),
        **(
            {"Role": rows["role"].fillna("").str.replace("_", " ").to_numpy()}
            if "role" in rows.columns
            else {}
        ),  # fmt: skip
        "Item": [names.get(i, i) for i in rows["item"]],
        "Trajectory": rows["trajectory"]
        .str.replace("first", f"wave {first}")
        .str.replace("second", f"wave {second}")
        .to_numpy(),
        f"Wave {first}": quoted(rows["quote_first"], rows["source_first"]),
        f"Wave {second}": quoted(rows["quote_second"], rows["source_second"]),
    }
    return pd.DataFrame(table)


def wave_prevalence_table(
    by_wave: pd.DataFrame, names: dict | None = None, *, wave: str = "wave", item: str = "Code"
) -> pd.DataFrame:
    """:attr:`WaveChange.by_wave` for people: one row per item, per wave the participants
    whose interviews hold it (of those interviewed at that wave) and the share of their
    segments that carry it (%, 95% interval from resampling participants)."""
    names = names or {}
    items = list(dict.fromkeys(by_wave["item"]))
    table = {item: items, "Name": [names.get(i, i) for i in items]}
    for value, rows in by_wave.groupby(wave, sort=False):
        rows = rows.set_index("item").reindex(items)
        table[f"Wave {value}: participants"] = [
            f"{int(k)} of {int(n)}"
            for k, n in zip(rows["n_present"], rows["n_participants"], strict=True)  # fmt: skip
        ]
        table[f"Wave {value}: segments (%, 95% CI)"] = [
            f"{100 * p:.1f} ({100 * lo:.1f} to {100 * hi:.1f})"
            for p, lo, hi in zip(rows["prevalence"], rows["ci_low"], rows["ci_high"], strict=True)
        ]
    return pd.DataFrame(table)
