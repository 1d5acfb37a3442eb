"""The result of a topic model: its tables, its settings and the fitted model, saved and loaded."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.topics._inputs import align_embeddings, assignments_table, prepare_segments

TOPIC_COLUMNS = [
    "topic", "size", "share", "label", "words", "representation", "code_id", "chatter_share",
    "chatter",
]  # fmt: skip
OUTLIER_LABEL = "Outliers"
#: The label of a topic made mostly of conversation management starts with this.
CHATTER_PREFIX = "(chatter) "
_LABEL_WORDS = 4


def topic_label(words: list[str], n_words: int = _LABEL_WORDS) -> str:
    """A readable label: the top words, skipping any a chosen phrase already covers.

    >>> topic_label(["debt advice", "debt", "benefits", "advice", "housing", "forms"])
    'debt advice, benefits, housing, forms'
    """
    from analysis.topics._labels import uncovered

    return ", ".join(uncovered(words, n_words))


def topics_table(
    topic_ids,
    words: dict[int, list[str]],
    fitted_topics: np.ndarray,
    *,
    representation: str,
    top_n_words: int,
    code_ids: dict[int, str] | None = None,
    code_names: dict[str, str] | None = None,
    chatter: dict[int, float] | None = None,
    labels: dict[int, str] | None = None,
) -> pd.DataFrame:
    """One row per topic (outliers, ``-1``, first when present) with size, share and words.

    ``labels`` (phrases, :func:`~analysis.topics._labels.phrase_labels`) replace the label made
    from the top words where given. ``chatter`` gives each topic's share of
    conversation-management segments
    (:func:`~analysis.topics._chatter.chatter_shares`); a topic at or above
    :data:`~analysis.topics._chatter.CHATTER_SHARE` is flagged and its label says so.
    """
    from analysis.topics._chatter import CHATTER_SHARE

    code_ids = code_ids or {}
    code_names = code_names or {}
    chatter = chatter or {}
    labels = labels or {}
    counts = pd.Series(fitted_topics).value_counts()
    n_fit = max(len(fitted_topics), 1)
    rows = []
    for topic in sorted({int(t) for t in topic_ids}):
        top = words.get(topic, [])[:top_n_words]
        code = code_ids.get(topic)
        if topic == -1:
            label = OUTLIER_LABEL
        elif code is not None:
            label = code_names.get(code, code)
        else:
            label = labels.get(topic) or topic_label(top) or f"Topic {topic}"
        size = int(counts.get(topic, 0))
        share_chatter = float(chatter.get(topic, 0.0))
        is_chatter = topic != -1 and code is None and share_chatter >= CHATTER_SHARE
        rows.append(
            {
                "topic": topic,
                "size": size,
                "share": size / n_fit,
                "label": CHATTER_PREFIX + label if is_chatter else label,
                "words": "; ".join(top),
                "representation": representation,
                "code_id": code,
                "chatter_share": round(share_chatter, 4),
                "chatter": is_chatter,
            }
        )
    table = pd.DataFrame(rows, columns=TOPIC_COLUMNS)
    return table.astype(
        {"topic": "int64", "size": "int64", "share": "float64", "chatter_share": "float64",
         "chatter": "bool"}
    )  # fmt: skip


@dataclass
class TopicResult:
    """A fitted topic model and its tables.

    Attributes
    ----------
    topics : DataFrame
        One row per topic: ``topic`` (``-1`` holds the outliers), ``size`` (segments),
        ``share`` (of the fitted segments), ``label`` (its top words, the code's name for a
        zero-shot topic, ``"Outliers"`` for ``-1``; starting "(chatter)" for a topic made
        mostly of greetings, thanks and connection trouble), ``words`` (the top words, best
        first, joined with ``"; "``), ``representation`` (where the words come from),
        ``code_id`` (the codebook code a zero-shot topic stands for, else missing),
        ``chatter_share`` (its share of conversation-management segments), ``chatter``, and
        for BERTopic ``group`` and ``group_label``: at most 12 groups of similar topics, for
        figures (:func:`~analysis.topics._groups.topic_groups`). The pipeline adds each
        topic's ``stability`` and whether it is a ``finding`` (:func:`mark_findings`).
    assignments : DataFrame
        One row per input segment, in ``segment_id`` order: ``segment_id``, ``topic`` (nullable
        integer), ``probability`` and ``excluded``. Interviewer turns and empty segments are not
        fitted and not assigned: their ``topic`` is missing and ``excluded`` says why.
    settings : dict
        Everything needed to reproduce the fit: the arguments, the seed, every sub-model's
        settings, package versions, the embedding model, and ``n_topics`` with how it was chosen.
    outliers : int
        Fitted segments in topic ``-1`` (after any outlier reduction).
    model : object
        The fitted ``bertopic.BERTopic``, or for LDA/NMF a scikit-learn ``Pipeline`` of
        vectoriser and model.
    embedder : analysis.embed.Embedder or None
        What embeds new segments in :meth:`transform` (BERTopic only; not saved).
    """

    topics: pd.DataFrame
    assignments: pd.DataFrame
    settings: dict[str, Any]
    outliers: int
    model: Any = field(repr=False)
    embedder: Any = field(default=None, repr=False)

    @property
    def method(self) -> str:
        return self.settings["method"]

    @property
    def n_topics(self) -> int:
        """Topics found, not counting the outlier topic."""
        return int((self.topics["topic"] != -1).sum())

    def topic_words(self) -> dict[int, list[str]]:
        """Each topic's top words (outliers left out), as ``analysis.evaluate`` expects them."""
        return {
            int(t): [w for w in str(words).split("; ") if w]
            for t, words in zip(self.topics["topic"], self.topics["words"], strict=True)
            if t != -1
        }

    def transform(self, segments: pd.DataFrame, *, embeddings=None) -> pd.DataFrame:
        """Assign topics to segments, new or fitted, without refitting.

        Parameters
        ----------
        segments : DataFrame
            With ``segment_id`` and ``text`` (and ``is_interviewer`` where known).
        embeddings : array-like, optional
            One row per segment, in the table's row order (BERTopic only); by default the
            result's embedder embeds the texts.

        Returns
        -------
        DataFrame
            ``segment_id, topic, probability, excluded`` as in :attr:`assignments`.

        Notes
        -----
        BERTopic results assign each segment the topic whose embedding (the mean of its
        segments' embeddings) is most similar by cosine, with that similarity as
        ``probability`` — what BERTopic does for a model saved with safetensors, so answers are
        the same before and after :meth:`save`. LDA and NMF take the largest share of the
        segment's topic mixture. Interviewer turns are left unassigned, as in fitting.
        """
        from analysis.topics._baselines import transform_baseline
        from analysis.topics._bertopic import transform_bertopic

        prepared = prepare_segments(segments, caller="TopicResult.transform")
        texts = prepared.fit_texts
        if self.method == "bertopic":
            if embeddings is not None:
                vectors = align_embeddings(embeddings, prepared, caller="TopicResult.transform")
                vectors = vectors[prepared.fit_mask]
            else:
                vectors = self._embedder().embed(texts)
            topics, probabilities = transform_bertopic(self.model, vectors)
        else:
            topics, probabilities = transform_baseline(self.model, texts)
        return assignments_table(prepared, topics, probabilities)

    def _embedder(self):
        if self.embedder is None:
            from analysis.embed import Embedder, default_model_path, model_identity

            recorded = self.settings.get("embedding", {})
            path, model_id = recorded.get("model_path"), recorded.get("model_id")
            if path and Path(path).is_dir():
                model = path
            else:
                # The folder has gone (another clone, a rebuilt environment): the packaged model
                # serves only when it is the same model, by content.
                default = default_model_path()
                content = model_identity(default)  # model_id is "<folder>-<content hash>"
                if model_id and model_id.rsplit("-", 1)[-1] != content:
                    raise InputError(
                        f"the topic model was fitted with the embedding model {model_id} in "
                        f"'{path}', which is not there, and the installed default "
                        f"'{default}' is another model ({content})",
                        expected="that model folder back in place, or the result refitted "
                        "(analysis topics)",
                    )
                model = None
            self.embedder = Embedder(model=model, cache=None, progress=False)
        return self.embedder

    def save(self, folder: str | Path) -> Path:
        """Write the result to ``folder`` (created if needed).

        Writes ``topics.parquet``, ``assignments.parquet`` and ``settings.json``, and the model:
        BERTopic as safetensors in ``model/`` (with c-TF-IDF, and the local embedding model's
        folder as its pointer, never a hub name); LDA/NMF as ``model.joblib``.

        Returns
        -------
        Path
            The folder.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.topics.to_parquet(folder / "topics.parquet", index=False)
        self.assignments.to_parquet(folder / "assignments.parquet", index=False)
        (folder / "settings.json").write_text(
            json.dumps(self.settings, indent=2, sort_keys=True, default=str) + "\n",
            encoding="utf-8",
        )
        if self.method == "bertopic":
            self.model.save(
                folder / "model",
                serialization="safetensors",
                save_ctfidf=True,
                save_embedding_model=str(self.settings["embedding"]["model_path"]),
            )
        else:
            import joblib

            joblib.dump(self.model, folder / "model.joblib")
        return folder

    @classmethod
    def load(cls, folder: str | Path, *, embedder=None) -> TopicResult:
        """Read a result written by :meth:`save`, without touching the network.

        Parameters
        ----------
        folder : str or Path
        embedder : analysis.embed.Embedder, optional
            Embeds segments for :meth:`transform`; by default the local model the result was
            fitted with, or the packaged default when that folder has gone and the default is
            the same model (by content hash); another model is an InputError naming both.

        Notes
        -----
        The BERTopic model is loaded with the local embedding model passed in, so BERTopic
        never looks a model up on a hub. A BERTopic model loaded from safetensors has no UMAP or
        HDBSCAN (BERTopic does not save them); :meth:`transform` does not need them.
        """
        folder = Path(folder)
        settings_path = folder / "settings.json"
        if not settings_path.is_file():
            raise InputError(
                "no saved topic model here",
                path=folder,
                expected="a folder written by TopicResult.save (settings.json, topics.parquet, ...)",
            )
        settings = json.loads(settings_path.read_text(encoding="utf-8"))
        topics = pd.read_parquet(folder / "topics.parquet")
        assignments = pd.read_parquet(folder / "assignments.parquet")
        result = cls(
            topics=topics,
            assignments=assignments,
            settings=settings,
            outliers=int(settings["outliers"]),
            model=None,
            embedder=embedder,
        )
        if settings["method"] == "bertopic":
            from bertopic import BERTopic

            sentence_model = result._embedder().sentence_model
            result.model = BERTopic.load(str(folder / "model"), embedding_model=sentence_model)
        else:
            import joblib

            result.model = joblib.load(folder / "model.joblib")
        return result
