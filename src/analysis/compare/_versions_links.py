"""Links between old and new codes (definitions, names, coded segments) and the groups they form."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.compare._versions_checks import _FUNC, _text
from analysis.errors import InputError


class _Overlap:
    """Segment sets of every code under each version, when codings under both are given."""

    def __init__(self, old_sets: dict | None, new_sets: dict | None) -> None:
        self.old_sets = old_sets
        self.new_sets = new_sets

    @property
    def available(self) -> bool:
        return self.old_sets is not None and self.new_sets is not None

    @classmethod
    def build(cls, codings_old, codings_new, segments, old_ids, new_ids) -> _Overlap:
        if codings_old is None or codings_new is None:
            return cls(None, None)
        units = None
        if segments is not None:
            ids = segments["segment_id"] if isinstance(segments, pd.DataFrame) else segments
            units = set(ids)
        return cls(
            _segment_sets(codings_old, "codings_old", old_ids, units),
            _segment_sets(codings_new, "codings_new", new_ids, units),
        )

    def jaccard(self, olds: Sequence[str], news: Sequence[str]) -> float:
        if not self.available:
            return float("nan")
        a = set().union(*(self.old_sets[c] for c in olds))
        b = set().union(*(self.new_sets[c] for c in news))
        return len(a & b) / len(a | b) if a | b else float("nan")

    def coefficient(self, old_id: str, new_id: str) -> float:
        """Overlap coefficient |A ∩ B| / min(|A|, |B|); 0 when either code was never applied."""
        a, b = self.old_sets[old_id], self.new_sets[new_id]
        return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _segment_sets(
    codings: object, name: str, code_ids: Sequence[str], units: set | None
) -> dict[str, set]:
    if not isinstance(codings, pd.DataFrame):
        raise InputError(
            f"{_FUNC}: {name} must be a DataFrame, got {type(codings).__name__}",
            expected="a codings table with segment_id, code_id",
        )
    missing = [column for column in ("segment_id", "code_id") if column not in codings.columns]
    if missing:
        raise InputError(
            f"{_FUNC}: {name} has no column {', '.join(map(repr, missing))}",
            expected="columns segment_id, code_id (and coder)",
        )
    sets: dict[str, set] = {code_id: set() for code_id in code_ids}
    for segment_id, code_id in zip(codings["segment_id"], codings["code_id"], strict=True):
        code_id = _text(code_id)
        if code_id in sets and (units is None or segment_id in units):
            sets[code_id].add(segment_id)
    return sets


def _links(
    old_free, new_free, old_ids, new_ids, text_sim, name_sim, overlap, thresholds
) -> dict[tuple[int, int], str]:
    """Linked (old, new) positions, each with the reasons it was linked (``"name+segments"``)."""
    threshold, name_threshold, overlap_threshold = thresholds
    links: dict[tuple[int, int], str] = {}
    if not old_free or not new_free:
        return links
    sub = text_sim[np.ix_(old_free, new_free)]
    closest_new = sub.argmax(axis=1)
    closest_old = sub.argmax(axis=0)
    for a, i in enumerate(old_free):
        for b, j in enumerate(new_free):
            reasons = []
            if sub[a, b] >= threshold and (closest_new[a] == b or closest_old[b] == a):
                reasons.append("definition")
            if name_sim[i, j] >= name_threshold:
                reasons.append("name")
            if overlap.available:
                if overlap.coefficient(old_ids[i], new_ids[j]) >= overlap_threshold:
                    reasons.append("segments")
            if reasons:
                links[(i, j)] = "+".join(reasons)
    return links


def _groups(old_free, new_free, links, text_sim) -> list[tuple[list[int], list[int]]]:
    """Connected groups of linked codes, each with one side of size one (or an empty side)."""
    links = dict(links)
    while True:
        groups = _components(old_free, new_free, links)
        tangled = [g for g in groups if len(g[0]) > 1 and len(g[1]) > 1]
        if not tangled:
            return groups
        olds, news = tangled[0]
        inside = [pair for pair in links if pair[0] in olds and pair[1] in news]
        weakest = min(inside, key=lambda pair: (text_sim[pair], pair))
        del links[weakest]


def _components(old_free, new_free, links) -> list[tuple[list[int], list[int]]]:
    parent = {("o", i): ("o", i) for i in old_free} | {("n", j): ("n", j) for j in new_free}

    def find(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in links:
        parent[find(("o", i))] = find(("n", j))
    members: dict[tuple, tuple[list[int], list[int]]] = {}
    for node in parent:
        olds, news = members.setdefault(find(node), ([], []))
        (olds if node[0] == "o" else news).append(node[1])
    return [(sorted(olds), sorted(news)) for olds, news in members.values()]
