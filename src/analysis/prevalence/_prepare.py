"""Input checks and the per-segment and per-cluster tables the prevalence estimates start from."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.validation import check_scalar


def _prepare(
    labels: pd.DataFrame,
    item: str,
    group_columns: list[str],
    cluster: str | None,
    segments: pd.DataFrame | None,
    func: str,
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """One row per segment (group columns and ``_cluster``), the (segment, item) pairs, the items."""
    if not isinstance(labels, pd.DataFrame):
        raise InputError(f"{func}: labels must be a DataFrame, got {type(labels).__name__}")
    unit_columns = [*group_columns, *([cluster] if cluster is not None else [])]
    if segments is None:
        _require(labels, ["segment_id", item, *unit_columns], "labels", func)
        seg = labels[["segment_id", *unit_columns]].drop_duplicates()
    else:
        _require(labels, ["segment_id", item], "labels", func)
        _require(segments, ["segment_id", *unit_columns], "segments", func)
        seg = segments[["segment_id", *unit_columns]].drop_duplicates()
        unknown = set(labels["segment_id"]) - set(seg["segment_id"])
        if unknown:
            raise InputError(
                f"{func}: labels name segment(s) not in segments, e.g. {sorted(map(str, unknown))[0]!r}",
                expected="every labelled segment_id in the segments table",
            )
    if seg["segment_id"].duplicated().any():
        duplicated = seg.loc[seg["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise InputError(
            f"{func}: segment {duplicated!r} has more than one value of {unit_columns}",
            expected="one group and one cluster per segment",
        )
    if cluster is None:
        seg = seg.assign(_cluster=seg["segment_id"])
    else:
        if seg[cluster].isna().any():
            missing = seg.loc[seg[cluster].isna(), "segment_id"].iloc[0]
            raise InputError(
                f"{func}: segment {missing!r} has no {cluster}",
                expected=f"a {cluster} for every segment (or cluster='doc_id')",
            )
        seg = seg.assign(_cluster=seg[cluster])
    # Segments without a group value belong to no group compared.
    seg = seg.dropna(subset=group_columns)

    present = labels.loc[labels[item].notna(), ["segment_id", item]].drop_duplicates()
    present = present[present["segment_id"].isin(seg["segment_id"])]
    items = np.sort(present[item].unique())
    return seg, present, items


def _cluster_counts(
    seg: pd.DataFrame, present: pd.DataFrame, items: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Segments per cluster and segments per (cluster, item), for one group's segments."""
    clusters, cluster_of_segment = np.unique(seg["_cluster"].astype(str), return_inverse=True)
    sizes = np.bincount(cluster_of_segment, minlength=len(clusters)).astype(float)
    cluster_index = pd.Series(cluster_of_segment, index=seg["segment_id"].to_numpy())
    hits = present[present["segment_id"].isin(cluster_index.index)]
    rows = cluster_index.loc[hits["segment_id"].to_numpy()].to_numpy()
    cols = np.searchsorted(items, hits.iloc[:, 1].to_numpy())
    counts = np.zeros((len(clusters), len(items)))
    np.add.at(counts, (rows, cols), 1.0)
    return sizes, counts


def _group_columns(group: str | Sequence[str]) -> list[str]:
    columns = [group] if isinstance(group, str) else list(group)
    if not columns:
        raise InputError("prevalence: group names no column", expected="a column such as 'source'")
    return columns


def _require(table: pd.DataFrame, columns: list[str], name: str, func: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputError(
            f"{func}: {name} lacks column(s) {missing}",
            expected=f"columns {columns}",
        )


def _check_boot(n_boot: int, ci: float, func: str) -> None:
    """The bootstrap's two settings, shared by every estimate with an interval."""
    check_scalar(n_boot, "n_boot", func, low=1, what="an int >= 1")
    check_scalar(ci, "ci", func, kind=float, low=0, high=1, include_low=False, include_high=False)
