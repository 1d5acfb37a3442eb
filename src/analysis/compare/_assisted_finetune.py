"""Contrastive fine-tuning of the local sentence model on one coder's coded examples
(SetFit-style: Tunstall et al. 2022, doi:10.48550/arXiv.2209.11055), for assisted coding.

Pairs of training units that share a code are pulled together and pairs that share none pushed
apart (cosine-similarity loss), on CPU, offline and seeded; a copy of the model is tuned, never
the packaged one. The tuned model then embeds the units for the per-code logistic regressions
(:func:`analysis.compare.fit_code_suggester`'s ``method="finetuned"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.errors import InputError

#: Fine-tuning settings: SetFit's defaults (learning rate 2e-5, batch 16, one epoch,
#: cosine-similarity loss) with a pair budget and a token limit (while tuning only) that two
#: CPU cores get through in well under a minute.
FINETUNE_DEFAULTS = {
    "n_pairs": 1000,
    "epochs": 1,
    "batch_size": 16,
    "learning_rate": 2e-5,
    "max_seq_length": 64,
}


@dataclass(eq=False)
class TunedEmbedder:
    """Embeds texts with a fine-tuned copy of the sentence model (in memory; ``path`` once
    saved with :meth:`save`). Anything with ``embed(texts) -> array`` is an embedder here."""

    model: object = field(repr=False)
    base_model_id: str
    seed: int
    settings: dict
    batch_size: int = 64
    path: Path | None = None

    def embed(self, texts) -> np.ndarray:
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, self.model.get_sentence_embedding_dimension()), np.float32)
        return self.model.encode(
            texts, batch_size=self.batch_size, show_progress_bar=False, convert_to_numpy=True
        ).astype(np.float32)

    def save(self, folder: str | Path) -> Path:
        """Write the tuned model to ``folder`` (a sentence-transformers folder that
        :class:`analysis.embed.Embedder` can load), never over the model it was tuned from."""
        folder = Path(folder)
        if folder.exists() and any(folder.iterdir()):
            marker = folder / "assisted_finetune.txt"
            if not marker.is_file():
                raise InputError(
                    f"TunedEmbedder.save: {folder} exists and holds something other than a "
                    f"model this function wrote",
                    expected="an empty or new folder beside the study's outputs",
                )
        folder.mkdir(parents=True, exist_ok=True)
        self.model.save(str(folder))
        (folder / "assisted_finetune.txt").write_text(
            f"Fine-tuned for assisted coding from {self.base_model_id}, seed {self.seed}, "
            f"settings {self.settings}.\n",
            encoding="utf-8",
        )
        self.path = folder
        return folder


def contrastive_pairs(
    labels: np.ndarray, n_pairs: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)`` and their targets (1.0 share a code, 0.0 share none), half each.

    Anchors cycle through the rows that carry a code, in a seeded order; each gets a partner
    drawn among the rows sharing one of its codes (SetFit's multi-label rule) and one among the
    rows sharing none (rows without any code included: they teach what is not coded).
    """
    labels = np.asarray(labels, dtype=bool)
    coded = np.flatnonzero(labels.any(axis=1))
    first, second, target = [], [], []
    if len(coded) < 2:
        return np.array(first, int), np.array(second, int), np.array(target, float)
    as_int = labels.astype(np.int32)
    order = rng.permutation(coded)
    step = 0
    while len(target) < n_pairs and step < 4 * n_pairs:
        anchor = int(order[step % len(order)])
        step += 1
        shared = as_int @ as_int[anchor]
        positives = np.flatnonzero(shared > 0)
        positives = positives[positives != anchor]
        negatives = np.flatnonzero(shared == 0)
        if len(positives):
            first.append(anchor)
            second.append(int(rng.choice(positives)))
            target.append(1.0)
        if len(negatives):
            first.append(anchor)
            second.append(int(rng.choice(negatives)))
            target.append(0.0)
    return np.array(first, int), np.array(second, int), np.array(target, float)


def finetune(
    base, texts: list[str], labels: np.ndarray, *, seed: int, progress: bool = False, **settings
) -> TunedEmbedder:
    """A copy of ``base``'s sentence model tuned on ``texts`` with multi-hot ``labels``.

    Parameters
    ----------
    base : analysis.embed.Embedder
        The embedder whose local model is copied (``model_path``); the copy is tuned.
    texts : list of str
        The training texts (units and code definitions).
    labels : ndarray of bool
        Texts × codes.
    seed : int
        Seeds the pairs, their order and dropout (torch's generator is restored afterwards).
    **settings
        Override :data:`FINETUNE_DEFAULTS`.
    """
    import torch

    from analysis.embed import load_model

    unknown = set(settings) - set(FINETUNE_DEFAULTS)
    if unknown:
        raise InputError(
            f"finetune: unknown settings {sorted(unknown)}",
            expected=f"some of {sorted(FINETUNE_DEFAULTS)}",
        )
    options = FINETUNE_DEFAULTS | settings
    rng = np.random.default_rng([int(seed), 7])
    first, second, target = contrastive_pairs(labels, int(options["n_pairs"]), rng)
    model = load_model(base.model_path, device="cpu")
    if len(target) == 0:
        return TunedEmbedder(model, base.model_id, int(seed), options, base.batch_size)
    full_length = model.max_seq_length
    model.max_seq_length = int(options["max_seq_length"])
    size = int(options["batch_size"])
    n_steps = int(options["epochs"]) * int(np.ceil(len(target) / size))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        optimiser = torch.optim.AdamW(model.parameters(), lr=float(options["learning_rate"]))
        warmup = max(1, n_steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser,
            lambda s: min((s + 1) / warmup, max(0.0, (n_steps - s) / max(1, n_steps - warmup))),
        )
        model.train()
        bar = _progress(n_steps, progress)
        for _ in range(int(options["epochs"])):
            for batch in _batches(first, second, texts, size, rng):
                left = _encode(model, [texts[i] for i in first[batch]])
                right = _encode(model, [texts[i] for i in second[batch]])
                cosine = torch.nn.functional.cosine_similarity(left, right)
                goal = torch.tensor(target[batch], dtype=cosine.dtype)
                loss = torch.nn.functional.mse_loss(cosine, goal)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
                bar.update(1)
        bar.close()
        model.eval()
    model.max_seq_length = full_length
    return TunedEmbedder(model, base.model_id, int(seed), options, base.batch_size)


def _batches(first, second, texts, size: int, rng: np.random.Generator):
    """The pairs in batches of similar length (less padding: on CPU most of the time goes to
    the longest text of a batch), the batches in a seeded order."""
    length = np.array([len(t) for t in texts])
    longer = np.maximum(length[first], length[second])
    order = np.lexsort((rng.permutation(len(first)), longer))
    batches = [order[start : start + size] for start in range(0, len(order), size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def _encode(model, texts: list[str]):
    features = model.preprocess(texts) if hasattr(model, "preprocess") else model.tokenize(texts)
    return model(dict(features))["sentence_embedding"]


def _progress(total: int, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="fine-tuning", unit="batch", disable=not show)
