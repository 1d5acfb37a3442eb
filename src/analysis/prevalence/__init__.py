"""Prevalence of topics and codes across data sources and participant groups, with cluster bootstrap.

Segments from one interview (or one event, or one participant) are not independent: a topic that
one talkative link worker returns to again and again fills many segments of one document. Treating
segments as independent then makes intervals too narrow and differences look surer than they are.
Everything here therefore resamples or permutes whole *clusters* (``doc_id`` by default;
:func:`dependence_units` gives the pipeline's clusters: an interview, one event's table, or one
respondent of a survey):

- :func:`prevalence`: share of a group's segments with each item, with a percentile interval from a
  cluster bootstrap stratified by group;
- :func:`prevalence_difference`: difference in prevalence between two groups, its cluster-bootstrap
  interval and a permutation p-value that moves whole clusters between the groups;
- :func:`adjust_pvalues`: Holm or Benjamini-Hochberg adjustment over items;
- :func:`largest_differences`: the items that differ most;
- :func:`by_group`, :func:`topic_labels`, :func:`substantive_segments`: the pipeline's groupings
  (:data:`GROUPS`), the topic labels prevalence takes, and the segments it counts.

An *item* is a topic or a code. ``labels`` has one row per (segment, item) present, which covers
both topic assignments (one row per segment, ``item="topic"``) and codings (one row per code
applied to a segment, ``item="code_id"``; deduplicate coders first, or pass one coder's rows).
"""

from analysis.prevalence._adjust import adjust_pvalues
from analysis.prevalence._bootstrap import prevalence
from analysis.prevalence._clusters import dependence_units
from analysis.prevalence._difference import largest_differences, prevalence_difference
from analysis.prevalence._groups import GROUPS, by_group, substantive_segments, topic_labels

__all__ = [
    "GROUPS",
    "adjust_pvalues",
    "by_group",
    "dependence_units",
    "largest_differences",
    "prevalence",
    "prevalence_difference",
    "substantive_segments",
    "topic_labels",
]
