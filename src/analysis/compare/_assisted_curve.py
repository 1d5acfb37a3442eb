"""How assisted coding's agreement grows with the number of coded examples it learns from."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.compare._assisted import CodeSuggester, fit_code_suggester
from analysis.compare._assisted_evaluate import evaluate_suggester
from analysis.errors import InputError

#: Columns of :func:`suggester_learning_curve`'s table.
CURVE_COLUMNS = (
    "train_share",
    "n_train_documents",
    "n_examples",
    "kappa",
    "human_kappa",
    "n_codes_learnt",
)


def suggester_learning_curve(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    embedder,
    seed: int,
    shares: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 1.0),
    fitted: CodeSuggester | None = None,
    **fit_options,
) -> pd.DataFrame:
    """Agreement of the suggestions with the coder on the same held-out documents, learning
    from growing shares of the training documents: how many segments must a team code by hand
    before the suggestions are worth reading?

    Parameters
    ----------
    segments, codings, codebook, embedder, seed
        As :func:`fit_code_suggester`; one seed, so every share is scored on the same
        held-out documents and a smaller share's documents are among a larger one's.
    shares : sequence of float, default (0.1, 0.25, 0.5, 0.75, 1.0)
        Shares of the training documents, each in (0, 1].
    fitted : CodeSuggester, optional
        The suggester already fitted on every training document with these arguments (as a
        pipeline that also suggests has it): it gives the share 1.0 instead of a second,
        identical fit. Its seed must be ``seed``.
    **fit_options
        Passed to :func:`fit_code_suggester` (``coder``, ``coverage``, ``method``, ...).

    Returns
    -------
    DataFrame
        One row per share: ``train_share``, ``n_train_documents``, ``n_examples`` (coded
        training units, summed over codes), ``kappa`` (mean per-code kappa against the coder
        on the held-out units, over the codes with a defined kappa), ``human_kappa`` (the
        second coder's on the same units; NaN without one) and ``n_codes_learnt`` (codes with
        at least ``min_examples`` training examples).

    Raises
    ------
    InputError
        As :func:`fit_code_suggester`, or for a share outside (0, 1].
    """
    shares = [float(s) for s in shares]
    if not shares or any(not 0 < s <= 1 for s in shares):
        raise InputError(
            f"suggester_learning_curve: shares must each lie in (0, 1], got {shares}",
            expected="shares of the training documents such as (0.25, 0.5, 1.0)",
        )
    if fitted is not None and (not isinstance(fitted, CodeSuggester) or fitted.seed != seed):
        raise InputError(
            f"suggester_learning_curve: fitted must be a CodeSuggester fitted with seed={seed}",
            expected="fit_code_suggester's result for the same arguments, or None",
        )
    rows = []
    for share in sorted(set(shares)):
        if share == 1.0 and fitted is not None:
            model = fitted
        else:
            model = fit_code_suggester(
                segments, codings, codebook, embedder=embedder, seed=seed, train_share=share,
                **fit_options,
            )  # fmt: skip
        evaluation = evaluate_suggester(model)
        rows.append(
            {
                "train_share": share,
                "n_train_documents": len(model.train_docs),
                "n_examples": int(np.sum(model.n_train)),
                "kappa": float(evaluation["kappa"].mean()) if len(evaluation) else np.nan,
                "human_kappa": float(evaluation["human_kappa"].mean())
                if len(evaluation)
                else np.nan,
                "n_codes_learnt": int(np.sum(model.n_train >= model.min_examples)),
            }
        )
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))
