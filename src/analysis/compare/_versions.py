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

from collections.abc import Sequence

import pandas as pd

from analysis.compare._versions_checks import (
    _FUNC,
    _check_codebook,
    _definition_threshold,
    _text,
    _unit_rows,
)
from analysis.compare._versions_links import _groups, _links, _Overlap
from analysis.compare._versions_rows import _group_row, _kept_row
from analysis.validation import check_scalar

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
    name_threshold = check_scalar(
        name_threshold, "name_threshold", _FUNC, kind=float, low=-1, high=1
    )
    overlap_threshold = check_scalar(
        overlap_threshold, "overlap_threshold", _FUNC, kind=float, low=-1, high=1
    )
    check_scalar(baseline_percentile, "baseline_percentile", _FUNC, kind=float, low=0, high=100)
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
