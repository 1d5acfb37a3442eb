"""How far assisted coding's suggestions agree with the held-out coder, code by code or theme
by theme, beside the second human coder on the same units."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare._assisted import CodeSuggester
from analysis.compare._assisted_prototypes import _kappa
from analysis.errors import InputError
from analysis.validation import check_option

#: Columns of :func:`evaluate_suggester`'s table.
EVALUATION_COLUMNS = (
    "code_id",
    "n_test",
    "n_human",
    "n_suggested",
    "kappa",
    "precision",
    "recall",
    "threshold",
    "n_train",
    "human_kappa",
    "note",
)


def evaluate_suggester(suggester: CodeSuggester, *, level: str = "code") -> pd.DataFrame:
    """How far the suggestions agree with the human coder on the held-out documents.

    Parameters
    ----------
    suggester : CodeSuggester
        From :func:`fit_code_suggester` with ``holdout > 0``.
    level : {"code", "theme"}, default "code"
        ``"code"``: one row per leaf code. ``"theme"``: one row per parent code of the
        codebook, the codes under it rolled up: a unit is suggested the theme when any code
        under it is suggested, and carries it for a coder who applied the theme itself or any
        code under it (as :func:`analysis.codebook.with_parents` counts); none for a flat
        codebook.

    Returns
    -------
    DataFrame
        One row per leaf code (or theme): ``code_id``; ``n_test`` (held-out units); ``n_human``
        and ``n_suggested`` (held-out units the coder applied the code to, and the suggester
        would); ``kappa`` (Cohen's kappa of suggestion against the coder's presence/absence;
        NaN when undefined); ``precision`` and ``recall`` (of the suggestions, the coder as
        truth; NaN when nothing was suggested, resp. the coder never applied the code);
        ``threshold`` (NaN for a theme); ``n_train`` (training units with the code);
        ``human_kappa`` (kappa of the other human coder against the same coder on the
        held-out units that coder also coded; NaN without a second coder; the first other
        coder in sorted order when there are several); ``note`` (why a code was not learnt:
        fewer coded examples than ``min_examples``, or for a theme that none of its codes
        was; empty otherwise). Empty when nothing was held out.
    """
    if not isinstance(suggester, CodeSuggester):
        raise InputError(
            f"evaluate_suggester: suggester must come from fit_code_suggester, "
            f"got {type(suggester).__name__}"
        )
    check_option(level, "level", "evaluate_suggester", ("code", "theme"))
    suggested = suggester.test_scores >= suggester.thresholds[None, :]
    learnt = suggester.n_train >= suggester.min_examples
    if level == "code":
        ids, truth, others = suggester.code_ids, suggester.test_truth, suggester.test_others
        thresholds, n_train = suggester.thresholds, suggester.n_train
        notes = [
            ""
            if ok
            else f"not learnt: {int(n)} coded training segment(s), fewer than "
            f"{suggester.min_examples}; never suggested"
            for ok, n in zip(learnt, suggester.n_train, strict=True)
        ]
    else:
        ids, truth = suggester.theme_ids, suggester.test_theme_truth
        others, n_train = suggester.test_theme_others, suggester.theme_n_train
        members = suggester.theme_members
        suggested = (suggested.astype(int) @ members.T.astype(int)) > 0
        thresholds = np.full(len(ids), np.nan)
        notes = ["" if (row & learnt).any() else "not learnt: none of its codes was learnt"
                 for row in members]  # fmt: skip
    if not len(truth) or not len(ids):
        return pd.DataFrame(columns=list(EVALUATION_COLUMNS))
    other = next(iter(sorted(others.items(), key=lambda kv: str(kv[0]))), None)
    rows = []
    for k, code_id in enumerate(ids):
        hits = int((suggested[:, k] & truth[:, k]).sum())
        n_human, n_suggested = int(truth[:, k].sum()), int(suggested[:, k].sum())
        rows.append(
            {
                "code_id": code_id,
                "n_test": len(truth),
                "n_human": n_human,
                "n_suggested": n_suggested,
                "kappa": _kappa(truth[:, k].astype(float), suggested[:, k].astype(float)),
                "precision": hits / n_suggested if n_suggested else np.nan,
                "recall": hits / n_human if n_human else np.nan,
                "threshold": float(thresholds[k]),
                "n_train": int(n_train[k]),
                "human_kappa": np.nan
                if other is None
                else _kappa(truth[:, k].astype(float), other[1][:, k]),
                "note": notes[k],
            }
        )
    return pd.DataFrame(rows, columns=list(EVALUATION_COLUMNS))
