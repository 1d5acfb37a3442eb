"""Comparing codebooks: against inductive topics, across sources and groups, code with code.

- :func:`codes_vs_topics`: which topic matches which code (contingency, precision, recall, F1,
  one-to-one matching, NMI and ARI), which codes no topic captures, and which topics the codebook
  leaves uncoded (emergent candidate codes, with quotes); returns :class:`CodesTopics`.
- :func:`cooccurrence` and :func:`cooccurrence_matrix`: codes applied together, in one segment or
  within a few turns.
- :func:`code_prevalence` and :func:`code_differences`: codes across data sources and participant
  groups, with intervals and tests that resample whole documents or participants.

All of them count *units*: non-interviewer segments of the documents the chosen coders coded.
"""

from analysis.compare._cooccurrence import cooccurrence, cooccurrence_matrix
from analysis.compare._prevalence import code_differences, code_prevalence
from analysis.compare._topics import CodesTopics, codes_vs_topics

# --- codebook versions and assisted coding (added by their own modules) -------------------------
# from analysis.compare._versions import ...
# from analysis.compare._assisted import ...
# Add their public names to __all__ below, keeping it sorted.

__all__ = [
    "CodesTopics",
    "code_differences",
    "code_prevalence",
    "codes_vs_topics",
    "cooccurrence",
    "cooccurrence_matrix",
]
