"""Topic modelling across interview and event data: BERTopic, with LDA and NMF baselines.

:func:`fit_topics` fits a topic model to a study's segments and returns a :class:`TopicResult`
holding the ``topics`` and ``assignments`` tables (the contract in ``DESIGN.md``), the settings
that reproduce it and the fitted model. BERTopic is given parts whose result does not depend on
the machine or the seed: a :class:`DiffusionMap` in place of UMAP and :class:`WardTopics` in
place of HDBSCAN (both deterministic and continuous in their input; UMAP, HDBSCAN, cuML's or any
other BERTopic-compatible parts can be passed instead), and a vectoriser that drops
spoken-English fillers and transcript noise (:func:`stop_words`). Back-channels are neither
fitted nor assigned. Codebook-informed variants (guided and zero-shot topics) take a team's
codebook. :func:`representative_quotes` picks traceable quotes per topic.
"""

from analysis.topics._chatter import CONVERSATION_PHRASES, CONVERSATION_WORDS, is_chatter
from analysis.topics._cluster import WardTopics, default_n_topics
from analysis.topics._evaluation import compare_topic_models, evaluation_words, plain_bertopic
from analysis.topics._fit import fit_settings, fit_topics, fit_topics_from_config
from analysis.topics._inputs import MIN_FIT_SEGMENTS
from analysis.topics._quotes import representative_quotes
from analysis.topics._reduce import DiffusionMap
from analysis.topics._result import TopicResult
from analysis.topics._stability import mark_findings, topic_stability
from analysis.topics._stopwords import (
    SPOKEN_STOP_WORDS,
    TRANSCRIPT_NOISE,
    SpokenAnalyzer,
    stop_words,
)

__all__ = [
    "CONVERSATION_PHRASES",
    "CONVERSATION_WORDS",
    "MIN_FIT_SEGMENTS",
    "DiffusionMap",
    "SPOKEN_STOP_WORDS",
    "TRANSCRIPT_NOISE",
    "SpokenAnalyzer",
    "TopicResult",
    "WardTopics",
    "compare_topic_models",
    "default_n_topics",
    "evaluation_words",
    "fit_settings",
    "fit_topics",
    "fit_topics_from_config",
    "is_chatter",
    "mark_findings",
    "plain_bertopic",
    "representative_quotes",
    "stop_words",
    "topic_stability",
]
