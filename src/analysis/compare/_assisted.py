"""Assisted coding: suggest codebook codes for segments no human has coded yet.

Each leaf code gets a scorer learnt from its definition text (name, definition, include,
example) and the training segments a human coder applied it to: by default a logistic
regression on the sentence embeddings (the definition one more example), or a *prototype*,
the normalised mean of those embeddings scored by cosine. A code is suggested when a
segment's score reaches the code's threshold, calibrated out of sample on the training
documents. Held-out documents, never seen while fitting, measure how far the suggestions agree
with the human coder (Cohen's kappa per code), next to how far a second human coder agrees.

Suggestions are a separate table (``coder = "assisted"``, ``suggested = True``) and cover only
segments of documents no human coded: they never overwrite or mix with human codings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.codebook import leaf_codes, with_parents
from analysis.compare._assisted_prototypes import (
    _representation,
    _threshold,
    code_models,
)
from analysis.compare._assisted_units import (
    _coverage,
    _folds,
    _leaf_rows,
    _presence,
    _require,
    _split_documents,
    _themes,
    _units,
)
from analysis.compare._versions import definition_text
from analysis.errors import InputError
from analysis.prevalence import dependence_units
from analysis.validation import check_option, check_scalar

__all__ = [
    "SUGGESTION_COLUMNS",
    "CodeSuggester",
    "fit_code_suggester",
    "probabilities",
]

#: Columns of :func:`suggest_codes`' table.
SUGGESTION_COLUMNS = (
    "segment_id",
    "code_id",
    "score",
    "probability",
    "nearest_segment_id",
    "nearest_similarity",
    "coder",
    "suggested",
)
ASSISTED_CODER = "assisted"
CRITERIA = ("kappa", "f1")
#: How a code scores a segment (see :func:`fit_code_suggester`).
METHODS = ("logistic", "prototype", "finetuned")


@dataclass(frozen=True, eq=False)
class CodeSuggester:
    """A fitted code suggester (made by :func:`fit_code_suggester`; fields are read-only).

    Attributes
    ----------
    code_ids : tuple of str
        The leaf codes it can suggest, in codebook order.
    method : str
        ``"logistic"`` or ``"prototype"``.
    coefficients : ndarray
        Codes × embedding dimension: each code's direction (its logistic regression's weights,
        or its unit-length prototype), on the centred embeddings.
    intercepts : ndarray
        Per code, added to the score (0 for prototypes).
    centre : ndarray
        The vector subtracted from every embedding before comparing (zeros when not centring).
    thresholds : ndarray
        Per code, the score at or above which the code is suggested (``inf`` for a code with
        fewer than ``min_examples`` coded training segments: never suggested).
    n_train : ndarray
        Per code, the training units the coder applied it to.
    min_examples : int
        The fewest of them a code needs to be learnt.
    coder : str
        The human coder learnt from.
    criterion : str
        What the thresholds maximise (``"kappa"`` or ``"f1"``).
    seed : int
        The seed of the document split and the calibration folds.
    train_docs, test_docs : tuple of str
        The documents used to fit and those held out (``PT01_w1``); in a survey, whose
        respondents answered on their own, its respondents (``survey/row:3``, as
        :func:`analysis.prevalence.dependence_units` names them).
    embedder : object
        Embeds the segments to score.
    human_docs : frozenset
        Every document any human coded (the coverage), whose segments are never suggested for.
    human_segments : frozenset
        Every segment any human coded.
    test_units : tuple
        The held-out units' ``segment_id``.
    test_scores : ndarray
        Held-out units × codes: each code's score.
    test_truth : ndarray
        Held-out units × codes: whether ``coder`` applied the code (bool).
    test_others : dict
        For every other coder who coded held-out documents, held-out units × codes of 1.0 / 0.0,
        NaN where that coder did not code the unit's document.
    calibration : ndarray
        Codes × 2: the slope and intercept of Platt's logistic from a score to the chance that
        the coder applied the code, fitted on the training documents' out-of-fold scores.
    examples : ndarray
        The training units the coder applied a code to (centred, unit length), one row per
        (unit, code): the reasons :func:`suggest_codes` gives.
    example_codes : ndarray
        Each example row's code (its column in ``code_ids``).
    example_segments : tuple
        Each example row's ``segment_id``.
    theme_ids : tuple of str
        The codebook's parent codes (themes) above the leaf codes, in codebook order.
    theme_members : ndarray
        Themes × codes, True where the leaf code lies under the theme.
    theme_n_train : ndarray
        Per theme, the training units the coder applied it or a code under it to.
    test_theme_truth, test_theme_others : ndarray, dict
        As ``test_truth`` and ``test_others`` for the themes: a unit carries a theme when the
        coder applied the theme itself or any code under it.
    """

    code_ids: tuple[str, ...]
    method: str
    coefficients: np.ndarray = field(repr=False)
    intercepts: np.ndarray = field(repr=False)
    centre: np.ndarray = field(repr=False)
    thresholds: np.ndarray = field(repr=False)
    n_train: np.ndarray = field(repr=False)
    coder: str
    criterion: str
    seed: int
    train_docs: tuple[str, ...] = field(repr=False)
    test_docs: tuple[str, ...]
    embedder: object = field(repr=False)
    human_docs: frozenset = field(repr=False)
    human_segments: frozenset = field(repr=False)
    test_units: tuple = field(repr=False)
    test_scores: np.ndarray = field(repr=False)
    test_truth: np.ndarray = field(repr=False)
    test_others: dict = field(repr=False)
    min_examples: int = field(repr=False)
    calibration: np.ndarray = field(repr=False)
    examples: np.ndarray = field(repr=False)
    example_codes: np.ndarray = field(repr=False)
    example_segments: tuple = field(repr=False)
    theme_ids: tuple = field(default=(), repr=False)
    theme_members: np.ndarray = field(default=None, repr=False)
    theme_n_train: np.ndarray = field(default=None, repr=False)
    test_theme_truth: np.ndarray = field(default=None, repr=False)
    test_theme_others: dict = field(default_factory=dict, repr=False)


def fit_code_suggester(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    embedder,
    coder: str | None = None,
    coverage: pd.DataFrame | None = None,
    seed: int,
    holdout: float = 0.3,
    criterion: str = "kappa",
    n_folds: int = 5,
    centre: bool = True,
    method: str = "logistic",
    C: float = 3.0,
    train_share: float = 1.0,
    min_examples: int = 3,
    finetune_settings: dict | None = None,
) -> CodeSuggester:
    """Learn, from one human coder, when to suggest each leaf code of a codebook.

    Parameters
    ----------
    segments : DataFrame
        The segments table (``segment_id, doc_id, text``; ``is_interviewer`` and ``source``
        used when present).
    codings : DataFrame
        ``segment_id, code_id, coder``: the human codings.
    codebook : DataFrame
        The codebook the codings use; its leaf codes are the codes suggested. Codings of other
        codes (parent codes, codes of another version) are left out of the fit.
    embedder : analysis.embed.Embedder
        Embeds definitions and segments; anything with ``embed(texts) -> array`` will do.
    coder : str, optional
        The human coder to learn from and evaluate against. Default: the first coder in sorted
        order (``R1`` of ``R1, R2``).
    coverage : DataFrame, optional
        ``doc_id, coder``: the documents each coder coded, as ingest reports it. Default: the
        documents in which a coder applied at least one code.
    seed : int
        Seeds the split of documents into training and held-out ones and the calibration folds.
    holdout : float, default 0.3
        Share of the coder's documents held out for :func:`evaluate_suggester`, in [0, 1).
        With 0 nothing is held out (fit on everything; evaluation is then empty).
    criterion : {"kappa", "f1"}, default "kappa"
        What each code's threshold maximises on the training units.
    n_folds : int, default 5
        Folds of training documents for calibrating the thresholds (at most one per document).
    centre : bool, default True
        Subtract the mean embedding of the training units from every embedding (and the
        definitions') before comparing them (see Notes).
    method : {"logistic", "prototype", "finetuned"}, default "logistic"
        How a code scores a segment: a logistic regression per code on the embeddings, the
        cosine to the code's prototype, or a logistic regression per code on the embeddings
        of a copy of the sentence model first tuned on the coded examples (see Notes).
    C : float, default 3.0
        The logistic regressions' inverse L2 penalty (scikit-learn's ``C``), > 0.
    min_examples : int, default 3
        A code the coder applied to fewer training units than this is not learnt: it is never
        suggested, and the evaluation says so (``note``) rather than guessing.
    train_share : float, default 1.0
        Learn from this share of the training documents only (at least one; a seeded
        ordering, so a smaller share's documents are among a larger one's), the held-out
        documents unchanged: how agreement grows with the coded examples
        (:func:`suggester_learning_curve`).
    finetune_settings : dict, optional
        For ``method="finetuned"``: overrides of
        :data:`analysis.compare._assisted_finetune.FINETUNE_DEFAULTS` (``n_pairs``, ``epochs``,
        ``batch_size``, ``learning_rate``, ``max_seq_length``).

    Returns
    -------
    CodeSuggester

    Raises
    ------
    InputError
        If a table lacks its columns, the coder is unknown or coded no document, no coding uses
        a leaf code of the codebook, or a parameter is out of range.

    Notes
    -----
    *Units* are the non-interviewer segments of the documents the coder coded. Documents, not
    segments, are split (seeded, within each ``source`` so interviews and event outputs are
    both held out), so turns of one interview never inform the prototype that scores their
    neighbours.

    The prototype of code :math:`c` is

    .. math::

        p_c = \\frac{d_c + \\sum_{s \\in S_c} e_s}{\\lVert d_c + \\sum_{s \\in S_c} e_s \\rVert}

    with :math:`d_c` the unit-length embedding of the definition text and :math:`e_s` those of
    the training units :math:`S_c` the coder applied :math:`c` to; the definition counts as
    one example, so a code with few examples still leans on its definition. The logistic
    method fits, per code, an L2-penalised logistic regression of "the coder applied
    :math:`c`" on the centred embeddings of the training units and of the definition (one more
    positive example), with the classes weighted to balance, so a rare code is not learnt as
    "never"; its score is the log-odds. Each code is a separate model, so a segment may get
    several codes.

    The thresholds are calibrated out of sample: the training documents are split into
    ``n_folds`` folds, each fold is scored by models fitted without it, and each code's
    threshold is the midpoint between the two scores around the cut that maximises
    ``criterion`` over those scores. Scoring the training segments with models that saw them
    would overrate them and set thresholds too high. The final models use all training
    documents.

    Choosing the default: on the demo study (coder R1, seeds 0-4, 30 % of documents held out)
    the mean per-code kappa against the held-out coder is 0.50 with prototypes and 0.65 with
    the logistic regressions, while the second human coder reaches 0.62 on the same units; on
    MTS-Dialog's 500 conversations (20 section labels, one label each) 0.35 and 0.36; on BBC
    News (2,225 articles, 5 labels) 0.91 and 0.95 (``C = 3``; 10 was better on the demo and
    worse on MTS-Dialog).

    ``"finetuned"`` is SetFit's recipe (Tunstall et al. 2022, doi:10.48550/arXiv.2209.11055):
    a copy of the embedder's local model is tuned (seeded, on CPU) so that training units
    sharing a code, or a unit and the code's definition, embed close together and units
    sharing none apart (cosine-similarity loss on balanced pairs), then the logistic
    regressions learn on its embeddings. Each calibration fold is scored by a model tuned
    without it, so the thresholds stay honest; that is ``n_folds + 1`` tunings, minutes on
    two cores for a study the size of the demo. The suggester's ``embedder`` is then the
    tuned model (:class:`~analysis.compare._assisted_finetune.TunedEmbedder`; ``save`` it
    beside the study's outputs to keep it); the packaged model is never changed.

    Why centre: sentence embeddings of one corpus share a large common direction (every turn is
    about link work), so raw cosines crowd into a narrow band and the prototype of a frequent,
    broad code sits close to everything. Subtracting the corpus mean keeps what tells segments
    apart. On the demo study (coder R1, six seeds, 30% of documents held out) centring raised
    the mean per-code kappa against the held-out coder from 0.38 to 0.51.
    """
    func = "fit_code_suggester"
    segments = _require(segments, ["segment_id", "doc_id", "text"], "segments", func)
    codings = _require(codings, ["segment_id", "code_id", "coder"], "codings", func)
    check_scalar(holdout, "holdout", func, kind=float, low=0, high=1, include_high=False)
    check_option(criterion, "criterion", func, CRITERIA, what="a str among {'kappa', 'f1'}")
    check_scalar(n_folds, "n_folds", func, low=2)
    check_scalar(seed, "seed", func, low=0, what="a non-negative int")
    check_option(method, "method", func, METHODS)
    C = check_scalar(C, "C", func, kind=float, low=0.0, include_low=False)
    check_scalar(min_examples, "min_examples", func, low=1)
    check_scalar(train_share, "train_share", func, kind=float, low=0.0, high=1.0,
                 include_low=False)  # fmt: skip
    if finetune_settings is not None and method != "finetuned":
        raise InputError(
            f"{func}: finetune_settings apply to method='finetuned' only, got method={method!r}",
            expected="method='finetuned', or no finetune_settings",
        )
    if segments["segment_id"].duplicated().any():
        first = segments.loc[segments["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise InputError(
            f"{func}: segments repeats segment_id {first!r}", expected="each segment_id once"
        )

    code_ids = leaf_codes(codebook)
    coders = sorted(pd.unique(codings["coder"]).tolist(), key=str)
    if not coders:
        raise InputError(f"{func}: codings is empty", expected="at least one human coding")
    coder = coders[0] if coder is None else coder
    if coder not in coders:
        raise InputError(f"{func}: coder {coder!r} made no codings", expected=f"one of {coders}")
    coverage = _coverage(coverage, codings, segments, func)
    coder_docs = sorted(coverage.loc[coverage["coder"] == coder, "doc_id"].unique().tolist())
    if not coder_docs:
        raise InputError(
            f"{func}: coder {coder!r} coded no document",
            expected="coverage with documents for the coder",
        )
    own = codings[(codings["coder"] == coder) & codings["code_id"].isin(code_ids)]
    if own.empty:
        raise InputError(
            f"{func}: none of coder {coder!r}'s codings uses a leaf code of the codebook",
            expected="the codebook version the codings were made with",
        )

    units = _units(segments, coder_docs)
    # Split by the unit whose segments depend on each other: a document, or a survey respondent.
    units = units.assign(_cluster=dependence_units(units).str.removeprefix("doc:").to_numpy())
    rng = np.random.default_rng(int(seed))
    train_docs, test_docs = _split_documents(units, holdout, rng, key="_cluster")
    if train_share < 1.0 and train_docs:  # a prefix of one seeded order: nested shares
        order = np.random.default_rng([int(seed), 1]).permutation(len(train_docs))
        keep = max(1, int(round(train_share * len(train_docs))))
        train_docs = sorted(train_docs[i] for i in order[:keep])
    truth = _presence(own, units["segment_id"], code_ids)
    is_train = units["_cluster"].isin(train_docs).to_numpy()
    is_test = units["_cluster"].isin(test_docs).to_numpy()
    represent = _representation(
        method, embedder, units["text"].astype(str).tolist(),
        [definition_text(code) for _, code in _leaf_rows(codebook, code_ids)],
        truth, is_train, centre, seed, finetune_settings or {},
    )  # fmt: skip
    head = "logistic" if method == "finetuned" else method

    train_truth = truth[is_train]
    folds = _folds(units.loc[is_train, "_cluster"].to_numpy(), n_folds, rng)
    held_scores = np.zeros(train_truth.shape)
    train_rows = np.flatnonzero(is_train)
    for fold in np.unique(folds):
        inside = folds == fold
        learn = is_train.copy()
        learn[train_rows[inside]] = False
        vectors, definitions, _, _ = represent(learn)
        train_vectors = vectors[is_train]
        weights, intercepts = code_models(
            head, definitions, train_vectors[~inside], train_truth[~inside], C
        )
        held_scores[inside] = train_vectors[inside] @ weights.T + intercepts
    thresholds = np.array(
        [_threshold(held_scores[:, k], train_truth[:, k], criterion) for k in range(len(code_ids))]
    )
    n_train = train_truth.sum(axis=0)
    thresholds[n_train < min_examples] = np.inf  # too few examples: never suggested
    vectors, definitions, centre, embedder = represent(is_train, final=True)
    train_vectors = vectors[is_train]
    coefficients, intercepts = code_models(head, definitions, train_vectors, train_truth, C)
    calibration = np.array([_platt(held_scores[:, k], train_truth[:, k])
                            for k in range(len(code_ids))])  # fmt: skip
    example_rows, example_codes = np.nonzero(train_truth)
    train_ids = units.loc[is_train, "segment_id"].to_numpy()

    test_units = units.loc[is_test, "segment_id"]
    theme_ids, theme_members = _themes(codebook, code_ids)
    rolled = with_parents(codings[codings["coder"] == coder], codebook)
    theme_train = _presence(rolled, units.loc[is_train, "segment_id"], theme_ids)
    others, theme_others = {}, {}
    for other in coders:
        if other == coder:
            continue
        other_docs = set(coverage.loc[coverage["coder"] == other, "doc_id"])
        looked = units.loc[is_test, "doc_id"].isin(other_docs).to_numpy()
        if looked.any():
            other_codings = codings[codings["coder"] == other]
            present = _presence(other_codings, test_units, code_ids).astype(float)
            present[~looked] = np.nan
            others[other] = present
            present = _presence(with_parents(other_codings, codebook), test_units, theme_ids)
            present = present.astype(float)
            present[~looked] = np.nan
            theme_others[other] = present
    return CodeSuggester(
        code_ids=tuple(code_ids),
        method=method,
        coefficients=coefficients,
        intercepts=intercepts,
        centre=centre,
        thresholds=thresholds,
        n_train=n_train,
        coder=coder,
        criterion=criterion,
        seed=int(seed),
        train_docs=tuple(train_docs),
        test_docs=tuple(test_docs),
        embedder=embedder,
        human_docs=frozenset(coverage["doc_id"]),
        human_segments=frozenset(codings["segment_id"]),
        test_units=tuple(test_units),
        test_scores=vectors[is_test] @ coefficients.T + intercepts,
        test_truth=truth[is_test],
        test_others=others,
        min_examples=int(min_examples),
        calibration=calibration,
        examples=train_vectors[example_rows],
        example_codes=example_codes,
        example_segments=tuple(train_ids[example_rows]),
        theme_ids=tuple(theme_ids),
        theme_members=theme_members,
        theme_n_train=theme_train.sum(axis=0),
        test_theme_truth=_presence(rolled, test_units, theme_ids),
        test_theme_others=theme_others,
    )


def _platt(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Platt's (1999) logistic from out-of-fold scores to the chance of the code: slope and
    intercept; a code never (or always) applied gets slope 0 and its observed rate."""
    from sklearn.linear_model import LogisticRegression

    finite = np.isfinite(scores) & (np.abs(scores) < 1e8)
    y = truth[finite].astype(int)
    if len(y) == 0 or y.min() == y.max():
        rate = float(truth.mean()) if len(truth) else 0.0
        return 0.0, float(np.log(max(rate, 1e-9) / max(1 - rate, 1e-9)))
    model = LogisticRegression(C=1e4, max_iter=5000).fit(scores[finite, None], y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def probabilities(suggester: CodeSuggester, scores: np.ndarray) -> np.ndarray:
    """Units × codes scores turned into calibrated probabilities (see ``calibration``)."""
    slope, intercept = suggester.calibration[:, 0], suggester.calibration[:, 1]
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-(np.asarray(scores) * slope + intercept)))
