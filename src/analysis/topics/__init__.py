"""Topic modelling across interview and event data: BERTopic, with LDA and NMF baselines.

:func:`fit_topics` fits a topic model to a study's segments and returns a :class:`TopicResult`
holding the ``topics`` and ``assignments`` tables (the contract in ``DESIGN.md``), the settings
that reproduce it and the fitted model. BERTopic's parts are set up for qualitative corpora of a
few hundred to a few thousand segments of transcribed speech: seeded single-threaded UMAP,
HDBSCAN with prediction data, and a vectoriser that drops spoken-English fillers and transcript
noise (:func:`stop_words`). Codebook-informed variants (guided and zero-shot topics) take a
team's codebook. :func:`representative_quotes` picks traceable quotes per topic.
"""

from analysis.topics._evaluation import compare_topic_models, evaluation_words, plain_bertopic
from analysis.topics._fit import fit_topics, fit_topics_from_config
from analysis.topics._inputs import MIN_FIT_SEGMENTS
from analysis.topics._quotes import representative_quotes
from analysis.topics._result import TopicResult
from analysis.topics._stopwords import (
    SPOKEN_STOP_WORDS,
    TRANSCRIPT_NOISE,
    SpokenAnalyzer,
    stop_words,
)

__all__ = [
    "MIN_FIT_SEGMENTS",
    "SPOKEN_STOP_WORDS",
    "TRANSCRIPT_NOISE",
    "SpokenAnalyzer",
    "TopicResult",
    "compare_topic_models",
    "evaluation_words",
    "fit_topics",
    "fit_topics_from_config",
    "plain_bertopic",
    "representative_quotes",
    "stop_words",
]
