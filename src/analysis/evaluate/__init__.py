"""Evaluate topic models: coherence, diversity, stability across runs and recovery of known labels.

- :func:`npmi_coherence` / :func:`npmi_per_topic`: NPMI of each topic's top words, estimated from
  boolean sliding windows over the tokenised documents, computed exactly as gensim's
  ``CoherenceModel(coherence="c_npmi")`` does, which is what OCTIS and the BERTopic paper's
  evaluation report (Grootendorst 2022). Our own implementation, so it needs no gensim at run time
  and counts 100,000 short documents in seconds.
- :func:`topic_diversity`: share of unique words among the top words of all topics (OCTIS
  ``TopicDiversity``; Dieng et al. 2020).
- :func:`stability`: adjusted Rand index between runs with different seeds, on the segments every
  run assigned.
- :func:`recovery`: adjusted Rand index and normalised mutual information against known labels
  (for example the five sections of the BBC News benchmark), with and without outliers;
- :func:`load_theme_truth`: the known theme of each segment from a ground-truth folder.
"""

from analysis.evaluate._agreement_of_runs import recovery, stability
from analysis.evaluate._diversity import topic_diversity
from analysis.evaluate._npmi import npmi_coherence, npmi_per_topic
from analysis.evaluate._truth import UNTHEMED, load_theme_truth

__all__ = [
    "UNTHEMED",
    "load_theme_truth",
    "npmi_coherence",
    "npmi_per_topic",
    "recovery",
    "stability",
    "topic_diversity",
]
