"""The rows of compare_codebooks' table: what changed, with the evidence in one sentence."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.compare._versions_checks import _text

# Fields whose wording defines a code; a change to any of them (same id) is an edit.
_TEXT_FIELDS = ("definition", "include", "exclude", "example")


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
