"""Each paired participant's trajectory per code or topic, with a quote from each wave."""

from __future__ import annotations

import pandas as pd

from analysis.io import require_columns

#: Columns of :func:`wave_trajectories`' table (the participants' attributes come after
#: ``participant_id``).
TRAJECTORY_COLUMNS = (
    "participant_id",
    "item",
    "trajectory",
    "n_first",
    "segments_first",
    "n_second",
    "segments_second",
    "quote_first",
    "source_first",
    "quote_second",
    "source_second",
)
#: The order trajectories are listed in: what changed first.
TRAJECTORY_ORDER = ("second only", "first only", "both")


def wave_trajectories(
    change,
    segments: pd.DataFrame,
    participants: pd.DataFrame | None = None,
    *,
    attributes: tuple[str, ...] = ("role",),
) -> pd.DataFrame:
    """The paired participants' trajectories: who holds each item at which wave, with quotes.

    Parameters
    ----------
    change : WaveChange
        :func:`wave_change`'s result.
    segments : DataFrame
        ``segment_id, text`` (``doc_id, turn`` name the source), pseudonymised as ingest wrote
        them.
    participants : DataFrame, optional
        ``participant_id`` and the ``attributes`` shown beside each participant.
    attributes : tuple of str, default ("role",)
        Participant attributes to show (those the table has).

    Returns
    -------
    DataFrame
        One row per paired participant × item held at either wave (:data:`TRAJECTORY_COLUMNS`),
        in item order, then ``second only``, ``first only``, ``both``, then participant. Each
        wave's quote is the participant's longest segment carrying the item at that wave
        (earliest on a tie), ``source`` its document and turn; empty where the item is absent.
    """
    segments = require_columns(segments, ["segment_id", "text"], "segments", "wave_trajectories")
    rows = change.pairs[change.pairs["trajectory"] != "neither"].copy()
    texts = segments.set_index("segment_id")
    position = [c for c in ("turn", "char_start") if c in texts.columns]
    labelled = change.labelled.join(texts[["text", *position]], on="segment_id")
    labelled["_length"] = labelled["text"].fillna("").str.len()
    labelled = labelled.sort_values(["_length", "doc_id", *position], ascending=[False, True]
                                    + [True] * len(position), kind="stable")  # fmt: skip
    best = labelled.drop_duplicates(["participant_id", "item", "wave"]).set_index(
        ["participant_id", "item", "wave"]
    )
    for column, wave in (("first", change.waves[0]), ("second", change.waves[1])):
        key = pd.MultiIndex.from_arrays([rows["participant_id"], rows["item"], [wave] * len(rows)])
        found = best.reindex(key)
        rows[f"quote_{column}"] = found["text"].fillna("").to_numpy()
        source = found["doc_id"].astype("string")
        if "turn" in found.columns:
            turn = found["turn"].astype("Int64").astype("string")
            source = source + ", turn " + turn
        rows[f"source_{column}"] = source.fillna("").to_numpy()
    item_rank = {item: i for i, item in enumerate(dict.fromkeys(change.change["item"]))}
    rows["_item"] = rows["item"].map(item_rank)
    rows["_path"] = rows["trajectory"].map({t: i for i, t in enumerate(TRAJECTORY_ORDER)})
    rows = rows.sort_values(["_item", "_path", "participant_id"], kind="stable")
    table = rows[list(TRAJECTORY_COLUMNS)].reset_index(drop=True)
    if participants is not None and len(participants):
        people = require_columns(participants, ["participant_id"], "participants",
                                 "wave_trajectories")  # fmt: skip
        shown = [a for a in attributes if a in people.columns]
        people = people.assign(participant_id=people["participant_id"].astype(str))
        people = people.drop_duplicates("participant_id").set_index("participant_id")[shown]
        for offset, column in enumerate(shown, start=1):
            table.insert(offset, column, table["participant_id"].map(people[column]))
    return table
