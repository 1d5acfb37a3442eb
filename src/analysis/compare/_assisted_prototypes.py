"""How each code is scored (a prototype, or a per-code logistic regression on the embeddings
of the packaged or a fine-tuned model), the calibrated thresholds, and the kappa the
suggestions are judged by."""

from __future__ import annotations

import numpy as np

from analysis.agreement import cohen_kappa


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=float)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _prototypes(definitions: np.ndarray, vectors: np.ndarray, truth: np.ndarray) -> np.ndarray:
    return _unit_rows(definitions + truth.T.astype(float) @ vectors)


#: The score given where a code cannot be learnt (no example of it, or nothing but examples).
_NEVER = -1e9


def code_models(
    method: str, definitions: np.ndarray, vectors: np.ndarray, truth: np.ndarray, c: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per code, the direction and intercept that score a unit: ``vectors @ w.T + b``.

    ``"prototype"``: the normalised sum of the definition and the coded units, intercept 0.
    ``"logistic"``: an L2-penalised logistic regression per code (``C = c``, classes weighted
    to balance, lbfgs; deterministic), its definition one more example of the code; its
    score is the log-odds. A code with no example (or coded everywhere) scores ``_NEVER``
    (resp. ``-_NEVER``) and is never (resp. always) above a threshold learnt elsewhere."""
    if method == "prototype":
        prototypes = _prototypes(definitions, vectors, truth)
        return prototypes, np.zeros(len(prototypes))
    from sklearn.linear_model import LogisticRegression

    n_codes = truth.shape[1]
    weights, intercepts = np.zeros((n_codes, vectors.shape[1])), np.zeros(n_codes)
    for k in range(n_codes):
        y = np.append(truth[:, k].astype(int), 1)
        if y[:-1].sum() == 0 or y.all():
            intercepts[k] = _NEVER if y[:-1].sum() == 0 else -_NEVER
            continue
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        model.fit(np.vstack([vectors, definitions[k : k + 1]]), y)
        weights[k], intercepts[k] = model.coef_[0], model.intercept_[0]
    return weights, intercepts


def _threshold(scores: np.ndarray, truth: np.ndarray, criterion: str) -> float:
    """The score cut that maximises ``criterion``: midway between the last in and the first out."""
    n_positive = int(truth.sum())
    if n_positive == 0 or len(scores) == 0:
        return np.inf
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], truth[order].astype(float)
    n = len(scores)
    tp = np.cumsum(hits)
    k = np.arange(1, n + 1, dtype=float)
    fp, fn = k - tp, n_positive - tp
    tn = n - k - fn
    with np.errstate(divide="ignore", invalid="ignore"):
        if criterion == "f1":
            value = 2 * tp / (2 * tp + fp + fn)
        else:
            value = 2 * (tp * tn - fn * fp) / ((tp + fp) * (fp + tn) + (tp + fn) * (fn + tn))
    value = np.where(np.isfinite(value), value, -np.inf)
    # A cut can only fall between different scores: count ties as one block.
    last_of_tie = np.append(ranked[1:] < ranked[:-1], True)
    value[~last_of_tie] = -np.inf
    best = int(np.argmax(value))
    if best == n - 1:
        return float(ranked[-1])
    return float((ranked[best] + ranked[best + 1]) / 2)


def _kappa(human: np.ndarray, machine: np.ndarray) -> float:
    both = ~(np.isnan(human) | np.isnan(machine))
    if not both.any():
        return np.nan
    return float(cohen_kappa(human[both], machine[both], categories=[0.0, 1.0]))


def _representation(method, embedder, texts, definition_texts, truth, is_train, centre, seed,
                    settings):  # fmt: skip
    """``represent(learn, final) -> (vectors, definitions, centre, embedder)``: every unit's and each
    definition's centred unit-length vector, for models that learn from the units ``learn``.

    Fixed embeddings are computed once (centred on the training units, whatever ``learn``).
    ``"finetuned"`` tunes a copy of the model on the ``learn`` units and the definitions each
    time (so the calibration folds are scored by a model that never saw them) and centres on
    the ``learn`` units; it embeds the training units while calibrating and every unit for
    the ``final`` fit (the other rows are left zero)."""
    if method != "finetuned":
        vectors = _unit_rows(embedder.embed(texts))
        definitions = _unit_rows(embedder.embed(definition_texts))
        mean = vectors[is_train].mean(axis=0) if centre else np.zeros(vectors.shape[1])
        fixed = (_unit_rows(vectors - mean), _unit_rows(definitions - mean), mean, embedder)
        return lambda learn, final=False: fixed
    from analysis.compare._assisted_finetune import finetune

    eye = np.eye(truth.shape[1], dtype=bool)

    def represent(learn, final=False):
        rows = np.flatnonzero(learn)
        tuned = finetune(
            embedder, [texts[i] for i in rows] + list(definition_texts),
            np.vstack([truth[rows], eye]), seed=seed,
            progress=bool(getattr(embedder, "progress", False)), **settings,
        )  # fmt: skip
        wanted = np.ones(len(texts), dtype=bool) if final else is_train
        embedded = _unit_rows(tuned.embed([texts[i] for i in np.flatnonzero(wanted)]))
        vectors = np.zeros((len(texts), embedded.shape[1]))
        vectors[wanted] = embedded
        definitions = _unit_rows(tuned.embed(definition_texts))
        mean = vectors[learn].mean(axis=0) if centre else np.zeros(vectors.shape[1])
        return _unit_rows(vectors - mean), _unit_rows(definitions - mean), mean, tuned

    return represent
