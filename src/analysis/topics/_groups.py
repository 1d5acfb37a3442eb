"""Topics grouped into a readable number of themes, for figures; tables keep every topic."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Groups a figure shows at most.
MAX_GROUPS = 12


def topic_groups(
    topics: pd.DataFrame, centres: dict[int, np.ndarray], *, max_groups: int = MAX_GROUPS
) -> pd.DataFrame:
    """``topic, group, group_label``: topics merged by Ward's method on their centres.

    Outliers and chatter topics get no group (``group`` missing). With ``max_groups`` topics or
    fewer, each topic is its own group. Groups are numbered by their number of segments
    (largest first, ties by their first topic); a group's label is the label of its largest
    topic, followed by "+ n more" when it holds others.

    Parameters
    ----------
    topics : DataFrame
        The topics table (``topic, size, label``; ``chatter`` when present).
    centres : dict of int to ndarray
        Each topic's centre: the mean embedding of its segments (BERTopic's
        ``topic_embeddings_``).
    max_groups : int, default 12

    Examples
    --------
    >>> topics = pd.DataFrame({"topic": [0, 1, 2], "size": [5, 4, 3],
    ...                        "label": ["debt", "bills", "gardens"]})
    >>> centres = {0: np.array([1.0, 0.0]), 1: np.array([0.9, 0.1]), 2: np.array([0.0, 1.0])}
    >>> topic_groups(topics, centres, max_groups=2)["group_label"].tolist()
    ['debt + 1 more', 'debt + 1 more', 'gardens']
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    from analysis.topics._neighbours import unit_rows

    chatter = topics["chatter"].astype(bool) if "chatter" in topics.columns else False
    kept = topics[(topics["topic"] != -1) & ~chatter & topics["topic"].isin(list(centres))]
    kept = kept.sort_values("topic")
    out = topics[["topic"]].copy()
    out["group"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["group_label"] = pd.array([pd.NA] * len(out), dtype="string")
    if kept.empty:
        return out
    ids = kept["topic"].to_numpy()
    if len(ids) <= max_groups:
        groups = np.arange(len(ids))
    else:
        vectors = unit_rows(np.vstack([centres[int(t)] for t in ids]))
        groups = fcluster(linkage(vectors, method="ward"), max_groups, criterion="maxclust") - 1
    sizes = kept["size"].to_numpy()
    order = sorted(set(groups), key=lambda g: (-sizes[groups == g].sum(), ids[groups == g].min()))
    number = {g: i for i, g in enumerate(order)}
    labels = {}
    for g in order:
        members = kept[groups == g].sort_values(["size", "topic"], ascending=[False, True])
        extra = len(members) - 1
        labels[number[g]] = str(members["label"].iloc[0]) + (f" + {extra} more" if extra else "")
    mapping = dict(zip(ids, (number[g] for g in groups), strict=True))
    out["group"] = pd.array([mapping.get(t, pd.NA) for t in out["topic"]], dtype="Int64")
    out["group_label"] = pd.array(
        [labels[g] if pd.notna(g) else pd.NA for g in out["group"]], dtype="string"
    )
    return out


def model_centres(model) -> dict[int, np.ndarray]:
    """Each topic's centre from a fitted BERTopic model (empty when it has none)."""
    embeddings = getattr(model, "topic_embeddings_", None)
    if embeddings is None:
        return {}
    ids = sorted(model.topic_representations_)
    if len(ids) != len(embeddings):
        return {}
    return {int(t): np.asarray(embeddings[i]) for i, t in enumerate(ids)}
