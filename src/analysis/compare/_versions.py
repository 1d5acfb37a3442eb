"""One codebook version against the next: which codes were kept, edited, renamed, merged or split.

Codes that keep their ``code_id`` are matched first. The rest are matched by meaning: each code
is embedded as ``"name: definition include example"`` and every unmatched old code is compared
with every unmatched new code (cosine similarity). A pair is *linked* when it is similar enough
and one of the two is the other's closest counterpart; linked codes form groups, and a group's
shape says what happened:

- one old, one new: **renamed** (same meaning under another id);
- several old, one new: **merged** (each old code is closest to that new code);
- one old, several new: **split** (each new code is closest to that old code);
- an old code with no link: **removed**; a new code with no link: **added**.

When the team coded the same segments under both versions, the share of segments two codes have
in common links them too, and the Jaccard overlap of each change is reported as evidence.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import InputError

__all__ = ["CHANGE_COLUMNS", "CHANGES", "compare_codebooks", "definition_text"]

#: The kinds of change, in the order rows are sorted within one old code's position.
CHANGES = ("unchanged", "edited", "renamed", "merged", "split", "added", "removed")

#: Columns of :func:`compare_codebooks`' table.
CHANGE_COLUMNS = (
    "change",
    "old_ids",
    "new_ids",
    "old_names",
    "new_names",
    "name_similarity",
    "definition_similarity",
    "segment_overlap",
    "explanation",
)

# Fields whose wording defines a code; a change to any of them (same id) is an edit.
_TEXT_FIELDS = ("definition", "include", "exclude", "example")
_FUNC = "compare_codebooks"
# Below this many pairs of distinct codes the percentile is too noisy; use the fixed value.
_MIN_BASELINE_PAIRS = 10
_FALLBACK_DEFINITION_THRESHOLD = 0.55
_SPACE = re.compile(r"\s+")


def definition_text(code: pd.Series | dict) -> str:
    """The text a code is embedded by: ``"name: definition include example"``.

    ``exclude`` is left out on purpose: it mostly names *other* codes, which would pull a code
    towards its neighbours.
    """
    parts = [_text(code.get(field)) for field in ("definition", "include", "example")]
    body = " ".join(part for part in parts if part)
    return f"{_text(code.get('name'))}: {body}".strip()


def compare_codebooks(
    old: pd.DataFrame,
    new: pd.DataFrame,
    *,
    embedder=None,
    codings_old: pd.DataFrame | None = None,
    codings_new: pd.DataFrame | None = None,
    segments: pd.DataFrame | Sequence[object] | None = None,
    name_threshold: float = 0.85,
    definition_threshold: float | str = "auto",
    overlap_threshold: float = 0.5,
    baseline_percentile: float = 95.0,
) -> pd.DataFrame:
    """Describe how codebook ``new`` revises codebook ``old``, one row per change.

    Parameters
    ----------
    old, new : DataFrame
        Codebooks as :func:`analysis.codebook.read_codebook` returns them (``code_id`` and
        ``name`` required; ``parent, definition, include, exclude, example`` used when present).
    embedder : analysis.embed.Embedder, optional
        Embeds code names and definitions; anything with ``embed(texts) -> array`` (one row per
        text) will do. Default: ``Embedder(progress=False)`` with the packaged model, no cache.
    codings_old, codings_new : DataFrame, optional
        Codings (``segment_id, code_id``; any ``coder`` column is pooled) of the same segments
        under each version. When both are given, the overlap of the segments two codes were
        applied to is evidence, and links codes (see Notes).
    segments : DataFrame or sequence, optional
        The segments (a table with ``segment_id``, or the ids) coded under both versions; the
        overlap is counted on these only. Default: every segment in either codings table.
    name_threshold : float, default 0.85
        Cosine similarity of two codes' *names* at or above which they are linked whatever their
        definitions say (a code given a new id but keeping its name).
    definition_threshold : float or "auto", default "auto"
        Cosine similarity of two codes' definition texts at or above which they may be linked.
        ``"auto"`` takes the ``baseline_percentile`` of the similarities between *distinct*
        codes within each version (see Notes).
    overlap_threshold : float, default 0.5
        Overlap coefficient :math:`|A \\cap B| / \\min(|A|, |B|)` of two codes' segment sets at
        or above which they are linked (only with both codings tables).
    baseline_percentile : float, default 95
        The percentile used by ``definition_threshold="auto"``.

    Returns
    -------
    DataFrame
        One row per change, columns ``change`` (one of :data:`CHANGES`), ``old_ids`` and
        ``new_ids`` (ids joined by ``";"``, empty for none; old ids in old-codebook order, new
        ids in new-codebook order), ``old_names``, ``new_names`` (joined by ``"; "``),
        ``name_similarity`` and ``definition_similarity`` (cosine; for a merge or split the
        weakest linked pair; NaN for added and removed codes), ``segment_overlap`` (Jaccard
        index of the segments coded with the old ids and with the new ids; NaN without both
        codings tables) and ``explanation`` (one sentence). Rows follow the old codebook's
        order, with added codes last in the new codebook's order. ``.attrs`` holds the
        thresholds used: ``definition_threshold``, ``name_threshold``, ``overlap_threshold``.

    Raises
    ------
    InputError
        If a codebook lacks ``code_id`` or ``name``, repeats a ``code_id``, or a threshold is
        out of range.

    Notes
    -----
    A code that keeps its id is **unchanged** when its name, parent and wording (definition,
    include, exclude, example, compared ignoring spacing) are the same; **renamed** when only
    the name changed; otherwise **edited**, with the fields that changed named in the
    explanation. Ids are the codes' identity in the codings, so a kept id is never re-matched;
    when its new wording reads more like another new code than like its old self, the
    explanation says so.

    Between the remaining codes, a pair (old :math:`o`, new :math:`n`) is linked when

    - its definition similarity :math:`s_{on}` is at least ``definition_threshold`` and
      :math:`n` is the new code closest to :math:`o` or :math:`o` is the old code closest to
      :math:`n`; or
    - its name similarity is at least ``name_threshold``; or
    - (both codings tables) its segment overlap coefficient is at least ``overlap_threshold``.

    The "closest" condition keeps a code from being linked to everything in its neighbourhood:
    in a merge each old code's closest new code is the merged one, in a split each new part's
    closest old code is the one split. A group with several codes on both sides is reduced to
    single-sided groups by dropping its weakest links.

    Why the automatic threshold: definition texts of one research area are all somewhat alike
    (with all-MiniLM-L6-v2, distinct codes of the demo codebook have a median similarity of 0.38
    and a 95th percentile of 0.54, while a reworded code scores 0.7 to 0.8 against its old
    self and the parts of a split 0.6 to 0.77 against the whole). A link should be stronger
    than what the team itself treats as different codes, so the threshold is the
    ``baseline_percentile`` of the similarities between distinct codes within the old and within
    the new codebook (pooled). With fewer than 10 such pairs it is 0.55.
    """
    old = _check_codebook(old, "old")
    new = _check_codebook(new, "new")
    name_threshold = _check_unit(name_threshold, "name_threshold")
    overlap_threshold = _check_unit(overlap_threshold, "overlap_threshold")
    if (
        isinstance(baseline_percentile, bool)
        or not isinstance(baseline_percentile, numbers.Real)
        or not 0.0 <= float(baseline_percentile) <= 100.0
    ):
        raise _param("baseline_percentile", "a float in the range [0, 100]", baseline_percentile)
    if embedder is None:
        from analysis.embed import Embedder

        embedder = Embedder(progress=False)

    old_ids = old["code_id"].tolist()
    new_ids = new["code_id"].tolist()
    old_text = _unit_rows(embedder.embed([definition_text(r) for _, r in old.iterrows()]))
    new_text = _unit_rows(embedder.embed([definition_text(r) for _, r in new.iterrows()]))
    old_name = _unit_rows(embedder.embed([_text(name) for name in old["name"]]))
    new_name = _unit_rows(embedder.embed([_text(name) for name in new["name"]]))
    text_sim = old_text @ new_text.T
    name_sim = old_name @ new_name.T
    threshold = _definition_threshold(
        definition_threshold, old_text, new_text, float(baseline_percentile)
    )
    overlap = _Overlap.build(codings_old, codings_new, segments, old_ids, new_ids)

    old_pos = {code_id: i for i, code_id in enumerate(old_ids)}
    new_pos = {code_id: j for j, code_id in enumerate(new_ids)}
    rows: list[tuple[tuple[int, int], dict]] = []
    for code_id in old_ids:
        if code_id in new_pos:
            i, j = old_pos[code_id], new_pos[code_id]
            row = _kept_row(old.iloc[i], new.iloc[j], i, j, text_sim, name_sim, new_ids, overlap)
            rows.append(((i, 0), row))

    old_free = [i for i, code_id in enumerate(old_ids) if code_id not in new_pos]
    new_free = [j for j, code_id in enumerate(new_ids) if code_id not in old_pos]
    thresholds = (threshold, name_threshold, overlap_threshold)
    links = _links(old_free, new_free, old_ids, new_ids, text_sim, name_sim, overlap, thresholds)
    for olds, news in _groups(old_free, new_free, links, text_sim):
        row = _group_row(olds, news, old, new, text_sim, name_sim, overlap, links, threshold)
        key = (min(olds), 1) if olds else (len(old_ids) + min(news), 1)
        rows.append((key, row))

    rows.sort(key=lambda item: item[0])
    table = pd.DataFrame([row for _, row in rows], columns=list(CHANGE_COLUMNS))
    table.attrs.update(
        definition_threshold=threshold,
        name_threshold=name_threshold,
        overlap_threshold=overlap_threshold if overlap.available else None,
    )
    return table


def _param(name: str, expectation: str, value: object) -> InputError:
    return InputError(
        f"The {name!r} parameter of {_FUNC} must be {expectation}. Got {value!r} instead."
    )


def _check_unit(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not -1 <= value <= 1:
        raise _param(name, "a float in the range [-1, 1]", value)
    return float(value)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _SPACE.sub(" ", str(value)).strip()


def _check_codebook(codebook: object, which: str) -> pd.DataFrame:
    if not isinstance(codebook, pd.DataFrame):
        raise InputError(
            f"{_FUNC}: the {which} codebook must be a DataFrame, got {type(codebook).__name__}",
            expected="a codebook table as read_codebook returns",
        )
    missing = [column for column in ("code_id", "name") if column not in codebook.columns]
    if missing:
        raise InputError(
            f"{_FUNC}: the {which} codebook has no column {', '.join(map(repr, missing))}",
            expected="columns code_id, name, parent, definition, include, exclude, example",
        )
    codebook = codebook.reset_index(drop=True).copy()
    codebook["code_id"] = codebook["code_id"].map(_text)
    if (codebook["code_id"] == "").any():
        row = int(np.flatnonzero(codebook["code_id"] == "")[0])
        raise InputError(
            f"{_FUNC}: the {which} codebook has a code without a code_id",
            location=f"row {row}",
            expected="a code_id for every code",
        )
    repeated = codebook["code_id"][codebook["code_id"].duplicated()]
    if len(repeated):
        raise InputError(
            f"{_FUNC}: the {which} codebook repeats code_id {repeated.iloc[0]!r}",
            expected="each code_id once",
        )
    return codebook


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=float)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _definition_threshold(
    setting: float | str, old_text: np.ndarray, new_text: np.ndarray, percentile: float
) -> float:
    if isinstance(setting, str):
        if setting != "auto":
            raise _param("definition_threshold", "a float in the range [-1, 1] or 'auto'", setting)
        within = []
        for vectors in (old_text, new_text):
            upper = np.triu_indices(len(vectors), k=1)
            within.append((vectors @ vectors.T)[upper])
        baseline = np.concatenate(within)
        if len(baseline) < _MIN_BASELINE_PAIRS:
            return _FALLBACK_DEFINITION_THRESHOLD
        return float(np.percentile(baseline, percentile))
    return _check_unit(setting, "definition_threshold")


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


def _fields_changed(old_code: pd.Series, new_code: pd.Series) -> list[str]:
    changed = [f for f in _TEXT_FIELDS if _text(old_code.get(f)) != _text(new_code.get(f))]
    if _text(old_code.get("parent")) != _text(new_code.get("parent")):
        changed.append("parent")
    return changed


def _kept_row(old_code, new_code, i, j, text_sim, name_sim, new_ids, overlap) -> dict:
    code_id = old_code["code_id"]
    changed = _fields_changed(old_code, new_code)
    name_changed = _text(old_code["name"]) != _text(new_code["name"])
    similarity = float(text_sim[i, j])
    if changed:
        change = "edited"
        explanation = f"{code_id} kept its id; its {_listing(changed)} changed"
        if name_changed:
            explanation += f", and its name from '{_text(old_code['name'])}'"
        explanation += f" (definition similarity {similarity:.2f})."
        others = [k for k in range(len(new_ids)) if k != j]
        if others:
            closest = max(others, key=lambda k: text_sim[i, k])
            if text_sim[i, closest] > similarity:
                explanation += (
                    f" Its old wording now reads more like {new_ids[closest]} "
                    f"({text_sim[i, closest]:.2f}): check that the id still means the same."
                )
        if "parent" in changed:
            explanation += (
                f" It moved from under {_text(old_code.get('parent')) or 'the top level'} "
                f"to under {_text(new_code.get('parent')) or 'the top level'}."
            )
    elif name_changed:
        change = "renamed"
        explanation = (
            f"{code_id} kept its id and wording; its name changed from "
            f"'{_text(old_code['name'])}' to '{_text(new_code['name'])}'."
        )
    else:
        change = "unchanged"
        explanation = f"{code_id} is the same in both versions."
    return _row(
        change,
        [code_id],
        [code_id],
        [old_code["name"]],
        [new_code["name"]],
        float(name_sim[i, j]),
        similarity,
        overlap.jaccard([code_id], [code_id]),
        explanation,
    )


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


def _group_row(olds, news, old, new, text_sim, name_sim, overlap, links, threshold) -> dict:
    old_ids = [old["code_id"].iloc[i] for i in olds]
    new_ids = [new["code_id"].iloc[j] for j in news]
    old_names = [old["name"].iloc[i] for i in olds]
    new_names = [new["name"].iloc[j] for j in news]
    pairs = [(i, j) for i in olds for j in news if (i, j) in links]
    weakest_text = min((float(text_sim[p]) for p in pairs), default=float("nan"))
    weakest_name = min((float(name_sim[p]) for p in pairs), default=float("nan"))
    jaccard = overlap.jaccard(old_ids, new_ids) if olds and news else float("nan")
    # In a merge the old codes tell the pairs apart, in a split the new ones.
    side = 0 if len(olds) > 1 else 1
    frame = old if side == 0 else new

    def labels(pair):
        return frame["code_id"].iloc[pair[side]]

    because = _because(pairs, links, text_sim, name_sim, labels, jaccard) if pairs else ""
    if not news:
        change = "removed"
        closest = _closest(text_sim[olds[0], :], new["code_id"])
        explanation = (
            f"{old_ids[0]} has no counterpart in the new codebook (closest: {closest}; "
            f"a link needs {threshold:.2f})."
        )
    elif not olds:
        change = "added"
        closest = _closest(text_sim[:, news[0]], old["code_id"])
        explanation = (
            f"{new_ids[0]} is new: no old code is close enough (closest: {closest}; "
            f"a link needs {threshold:.2f})."
        )
    elif len(olds) == 1 and len(news) == 1:
        change = "renamed"
        explanation = f"{old_ids[0]} is now {new_ids[0]} ({because})."
    elif len(news) == 1:
        change = "merged"
        explanation = f"{_listing(old_ids)} were merged into {new_ids[0]} ({because})."
    else:
        change = "split"
        explanation = f"{old_ids[0]} was split into {_listing(new_ids)} ({because})."
    return _row(
        change,
        old_ids,
        new_ids,
        old_names,
        new_names,
        weakest_name,
        weakest_text,
        jaccard,
        explanation,
    )


def _closest(similarities: np.ndarray, code_ids: pd.Series) -> str:
    if len(similarities) == 0:
        return "none"
    k = int(np.argmax(similarities))
    return f"{code_ids.iloc[k]} at {similarities[k]:.2f}"


def _because(pairs, links, text_sim, name_sim, labels, jaccard) -> str:
    """The evidence for a group, pair by pair when there are several pairs."""
    reasons = {part for pair in pairs for part in links[pair].split("+")}
    said = []
    for kind, matrix in (("definition", text_sim), ("name", name_sim)):
        if kind in reasons:
            if len(pairs) == 1:
                said.append(f"{kind} similarity {matrix[pairs[0]]:.2f}")
            else:
                each = ", ".join(f"{labels(pair)} {matrix[pair]:.2f}" for pair in pairs)
                said.append(f"{kind} similarity {each}")
    if not np.isnan(jaccard):
        said.append(f"coded-segment overlap {jaccard:.2f}")
    return "; ".join(said)


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _row(change, old_ids, new_ids, old_names, new_names, name_sim, text_sim, jaccard, why):
    return {
        "change": change,
        "old_ids": ";".join(old_ids),
        "new_ids": ";".join(new_ids),
        "old_names": "; ".join(_text(n) for n in old_names),
        "new_names": "; ".join(_text(n) for n in new_names),
        "name_similarity": name_sim,
        "definition_similarity": text_sim,
        "segment_overlap": jaccard,
        "explanation": why,
    }
