"""Comparing codebooks: against inductive topics, across sources and groups, code with code.

- :func:`codes_vs_topics`: which topic matches which code (contingency, precision, recall, F1,
  one-to-one matching, NMI and ARI), which codes no topic captures, and which topics the codebook
  leaves uncoded (emergent candidate codes, with quotes); returns :class:`CodesTopics`.
- :func:`cooccurrence` and :func:`cooccurrence_matrix`: codes applied together, in one segment or
  within a few turns.
- :func:`code_prevalence` and :func:`code_differences`: codes across data sources and participant
  groups, with intervals and tests that resample whole documents or participants.
- :func:`compare_codebooks`: what changed from one codebook version to the next (renamed, merged,
  split, added, removed, edited codes).
- :func:`fit_code_suggester`, :func:`suggest_codes`, :func:`evaluate_suggester`: assisted coding
  from code definitions and coded examples, kept apart from human codings;
  :func:`suggester_learning_curve`: its agreement against the number of coded examples;
  :func:`rank_uncoded`: per code, the uncoded segments most likely to carry it.

All of them count *units*: non-interviewer segments of the documents the chosen coders coded.
"""

from analysis.compare._assisted import CodeSuggester, fit_code_suggester
from analysis.compare._assisted_curve import suggester_learning_curve
from analysis.compare._assisted_evaluate import evaluate_suggester
from analysis.compare._assisted_suggest import rank_uncoded, suggest_codes
from analysis.compare._cooccurrence import cooccurrence, cooccurrence_matrix
from analysis.compare._prevalence import code_differences, code_prevalence
from analysis.compare._topics import CodesTopics, codes_vs_topics
from analysis.compare._versions import compare_codebooks

__all__ = [
    "CodeSuggester",
    "CodesTopics",
    "code_differences",
    "code_prevalence",
    "codes_vs_topics",
    "compare_codebooks",
    "cooccurrence",
    "cooccurrence_matrix",
    "evaluate_suggester",
    "fit_code_suggester",
    "rank_uncoded",
    "suggest_codes",
    "suggester_learning_curve",
]
