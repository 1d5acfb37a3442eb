"""Embeddings are real, offline and cached."""

import socket

import numpy as np
import pytest

from analysis.embed import Embedder, EmbeddingCache, default_model_path, resolve_model_path
from analysis.errors import InputError


@pytest.fixture(scope="module")
def offline_embedder(tmp_path_factory):
    return Embedder(cache=tmp_path_factory.mktemp("cache") / "cache.sqlite", progress=False)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def cosine(a, b):
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_a_real_embedding_is_produced_with_the_network_unavailable(no_network, tmp_path):
    embedder = Embedder(cache=tmp_path / "c.sqlite", progress=False)
    vectors = embedder.embed(
        [
            "She listened to me and I didn't feel rushed.",
            "I felt properly listened to, there was no rush at all.",
            "The surgery car park is being resurfaced next month.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.3


def test_cache_returns_identical_vectors_without_reembedding(offline_embedder):
    texts = ["We go out in pairs for home visits.", "Training is mandatory at first."]
    first = offline_embedder.embed(texts)
    embedded_before = offline_embedder.n_embedded_
    again = Embedder(cache=offline_embedder.cache, progress=False)
    second = again.embed(list(reversed(texts)))
    assert again.n_embedded_ == 0 and again.n_cached_ == 2
    assert offline_embedder.n_embedded_ == embedded_before
    np.testing.assert_array_equal(second, first[::-1])


def test_repeated_texts_are_embedded_once(offline_embedder):
    before = offline_embedder.n_embedded_
    vectors = offline_embedder.embed(["a new text about debt advice"] * 3)
    assert offline_embedder.n_embedded_ - before == 1
    np.testing.assert_array_equal(vectors[0], vectors[2])


def test_cache_is_keyed_by_model_and_text(tmp_path):
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    cache.put("model-a", ["hello"], np.ones((1, 3), np.float32))
    assert set(cache.get("model-a", ["hello", "other"])) == {"hello"}
    assert cache.get("model-b", ["hello"]) == {}
    assert len(cache) == 1


def test_default_model_is_the_packaged_minilm():
    path = default_model_path()
    assert (path / "model.safetensors").is_file()
    assert resolve_model_path(None) == path


def test_a_hub_name_is_refused_not_downloaded():
    with pytest.raises(InputError, match="never downloaded"):
        resolve_model_path("sentence-transformers/all-mpnet-base-v2")


def test_a_folder_without_a_model_is_refused(tmp_path):
    with pytest.raises(InputError, match="holds no sentence-transformers model"):
        resolve_model_path(tmp_path)
