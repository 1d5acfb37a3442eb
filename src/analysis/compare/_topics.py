"""Codebook against inductive topics: which topic matches which code, what each side misses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.compare._emergent import emergent_quotes, emergent_topics
from analysis.compare._units import (
    UNCODED,
    require,
    units_and_codes,
)
from analysis.errors import InputError
from analysis.validation import check_scalar

SCORE_COLUMNS = [
    "code_id", "topic", "label", "n_code", "n_topic", "n_both", "precision", "recall", "f1",
]  # fmt: skip


@dataclass(frozen=True)
class CodesTopics:
    """The codebook compared with a topic model, on the segments of the coded documents.

    Attributes
    ----------
    units : DataFrame
        One row per unit (a non-interviewer segment of a coded document with a topic):
        ``segment_id, doc_id, topic, probability, n_codes, codes`` (its codes joined with
        ``"; "``) and ``primary_code`` (see :func:`codes_vs_topics`, Notes).
    contingency : DataFrame
        Long counts ``code_id, topic, n_both``: units with the code in the topic, every code
        (and ``"(uncoded)"`` for units with no code) by every topic, outliers (``-1``) included.
        :meth:`crosstab` gives the wide form.
    scores : DataFrame
        ``code_id, topic, label, n_code, n_topic, n_both, precision, recall, f1`` for every code
        and every topic except the outliers.
    best : DataFrame
        Each code's best topic(s) by F1 (several rows on a tie; one row with a missing topic when
        the code shares no unit with any topic), columns as ``scores``.
    matching : DataFrame
        The one-to-one matching of codes to topics that maximises the summed F1, pairs with
        F1 > 0 only, columns as ``scores``.
    overall : DataFrame
        One row: ``n_units, n_coded, n_multi_coded, n_outliers, n_codes, n_topics, nmi, ari``.
    uncaptured : DataFrame
        Codes whose best F1 is below ``min_f1``: ``code_id, n_code, topic, label, f1`` (the best
        topic, missing when none).
    emergent : DataFrame
        Topics whose units are mostly uncoded, candidate codes: ``topic, label, words, size,
        n_units, n_coded, share_coded``.
    emergent_quotes : DataFrame
        Exemplar quotes of the emergent topics: ``topic, rank, segment_id, doc_id, source,
        speaker, participant_id, role, probability, text``.
    settings : dict
        The arguments that produced the tables.
    """

    units: pd.DataFrame
    contingency: pd.DataFrame
    scores: pd.DataFrame
    best: pd.DataFrame
    matching: pd.DataFrame
    overall: pd.DataFrame
    uncaptured: pd.DataFrame
    emergent: pd.DataFrame
    emergent_quotes: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def n_units(self) -> int:
        """Segments compared: non-interviewer segments of coded documents that have a topic."""
        return len(self.units)

    def crosstab(self) -> pd.DataFrame:
        """The contingency table wide: codes (and ``"(uncoded)"`` last) × topics."""
        wide = self.contingency.pivot(index="code_id", columns="topic", values="n_both")
        order = [c for c in wide.index if c != UNCODED] + [c for c in wide.index if c == UNCODED]
        return wide.loc[order].fillna(0).astype("int64")


def codes_vs_topics(
    codings: pd.DataFrame,
    assignments: pd.DataFrame,
    topics: pd.DataFrame,
    *,
    segments: pd.DataFrame,
    coverage: pd.DataFrame | None = None,
    coders: list | None = None,
    rule: str = "any",
    min_f1: float = 0.3,
    emergent_max_coded: float = 0.5,
    emergent_min_units: int = 5,
    n_quotes: int = 3,
) -> CodesTopics:
    r"""Compare the codebook's codes with inductive topics, segment by segment.

    Parameters
    ----------
    codings : DataFrame
        ``segment_id, code_id, coder``: one row per code a coder applied to a segment.
    assignments : DataFrame
        ``segment_id, topic, probability``: the topic model's assignments (topic ``-1`` holds
        the outliers; a missing topic means the segment was not fitted).
    topics : DataFrame
        ``topic, label, words`` (``size`` when present): the topic model's topics table.
    segments : DataFrame
        The segments table: ``segment_id, doc_id`` and, where known, ``is_interviewer`` and the
        quote columns ``source, speaker, participant_id, role, text``.
    coverage : DataFrame, optional
        ``doc_id, coder``: the documents each coder coded. Without it a coder coded a document
        when they applied at least one code in it, which misses documents a coder read and found
        nothing in.
    coders : list, optional
        The coders whose codings count; all by default.
    rule : {"any", "all"} or a coder, default "any"
        When a unit has a code: ``"any"`` chosen coder applied it (units: documents any of them
        coded), ``"all"`` did (units: documents all of them coded), or the coder named did
        (units: that coder's documents).
    min_f1 : float, default 0.3
        Codes whose best topic's F1 is below this are reported as ``uncaptured``.
    emergent_max_coded : float, default 0.5
        A topic is emergent when fewer than this share of its units carry any code (by
        default: when most of them carry none), it is not chatter (``topics["chatter"]``)...
    emergent_min_units : int, default 5
        ...and it has at least this many units.
    n_quotes : int, default 3
        Exemplar quotes per emergent topic.

    Returns
    -------
    CodesTopics

    Raises
    ------
    InputError
        Missing columns, codings or assignments naming segments not in ``segments``, an unknown
        coder or rule, parameters out of range.

    Notes
    -----
    Topic models are fitted on all segments, but a code's absence only means something where a
    coder looked, so the comparison runs on the *units*: non-interviewer segments of the coded
    documents that have a topic (``n_units``). Segments of uncoded documents still supply the
    exemplar quotes of emergent topics.

    For code :math:`c` with unit set :math:`C` and topic :math:`t` with unit set :math:`T`
    (treating the topic as a retrieval of the code's segments):

    .. math::

        \text{precision} = \frac{|C \cap T|}{|T|}, \quad
        \text{recall} = \frac{|C \cap T|}{|C|}, \quad
        F_1 = \frac{2\,\text{precision}\cdot\text{recall}}{\text{precision} + \text{recall}}
            = \frac{2 |C \cap T|}{|C| + |T|}

    (F1 is 0 when :math:`C \cap T` is empty). ``matching`` pairs codes and topics one-to-one to
    maximise :math:`\sum F_1` (the assignment problem, solved by
    :func:`scipy.optimize.linear_sum_assignment`; Kuhn 1955; Crouse 2016). Outliers (``-1``) are
    never matched, but they stay in the units and in ``overall``, where they are one cluster.

    ``overall`` compares two partitions of the units: each unit's topic and its *primary code*,
    with ``"(uncoded)"`` for units without a code. A unit with several codes takes the code most
    chosen coders applied, then the code with the most units overall (the label the unit most
    likely shares with others), then the smallest ``code_id``; ``n_multi_coded`` says how many
    units the choice touched. NMI is the mutual information over the arithmetic mean of the
    entropies, :math:`I(U;V) / \tfrac12 (H(U) + H(V))` (Vinh, Epps & Bailey 2010); ARI is
    Hubert & Arabie's (1985) chance-adjusted Rand index. Both are scikit-learn's.

    References
    ----------
    .. [1] Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval Research
       Logistics Quarterly*, 2(1-2), 83-97. https://doi.org/10.1002/nav.3800020109
    .. [2] Crouse, D. F. (2016). On implementing 2D rectangular assignment algorithms. *IEEE
       Transactions on Aerospace and Electronic Systems*, 52(4), 1679-1696.
       https://doi.org/10.1109/TAES.2016.140952
    .. [3] Vinh, N. X., Epps, J., & Bailey, J. (2010). Information theoretic measures for
       clusterings comparison. *Journal of Machine Learning Research*, 11, 2837-2854.
    .. [4] Hubert, L., & Arabie, P. (1985). Comparing partitions. *Journal of Classification*,
       2(1), 193-218. https://doi.org/10.1007/BF01908075

    Examples
    --------
    Four segments of one coded interview; code ``A`` on s1, s2, topic 0 on s1, s2, s3:

    >>> segments = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4"], "doc_id": "d1"})
    >>> codings = pd.DataFrame({"segment_id": ["s1", "s2"], "code_id": "A", "coder": "R1"})
    >>> assignments = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4"],
    ...                             "topic": [0, 0, 0, 1], "probability": 1.0})
    >>> topics = pd.DataFrame({"topic": [0, 1], "label": ["a", "b"], "words": ["a", "b"]})
    >>> result = codes_vs_topics(codings, assignments, topics, segments=segments)
    >>> result.matching[["code_id", "topic", "precision", "recall", "f1"]].round(2)
      code_id  topic  precision  recall   f1
    0       A      0       0.67     1.0  0.8
    """
    func = "codes_vs_topics"
    min_f1 = check_scalar(min_f1, "min_f1", func, kind=float, low=0, high=1)
    emergent_max_coded = check_scalar(
        emergent_max_coded, "emergent_max_coded", func, kind=float, low=0, high=1
    )
    emergent_min_units = check_scalar(
        emergent_min_units, "emergent_min_units", func, low=1, what="an int >= 1"
    )
    n_quotes = check_scalar(n_quotes, "n_quotes", func, low=0, what="an int >= 0")
    assigned = _check_assignments(assignments, segments, func)
    topics = require(topics, ["topic", "label", "words"], "topics", func)

    units, codes, chosen = units_and_codes(
        codings, segments, coverage=coverage, coders=coders, rule=rule, func=func
    )
    units = units[["segment_id", "doc_id"]].merge(assigned, on="segment_id", how="inner")
    codes = codes[codes["segment_id"].isin(units["segment_id"])]
    code_ids = sorted(
        pd.unique(codings.loc[codings["coder"].isin(chosen), "code_id"].dropna()).tolist(),
        key=str,
    )
    topic_ids = sorted({int(t) for t in topics["topic"]} | {int(t) for t in units["topic"]})
    labels = dict(zip(topics["topic"].astype(int), topics["label"], strict=True))

    units = _describe_units(units, codes)
    contingency = _contingency(units, codes, code_ids, topic_ids)
    scores = _scores(contingency, units, labels)
    best = _best(scores, code_ids)
    matching = _matching(scores, code_ids)
    overall = _overall(units, code_ids, topic_ids)
    uncaptured = _uncaptured(best, min_f1)
    emergent = emergent_topics(units, topics, emergent_max_coded, emergent_min_units)
    quotes = emergent_quotes(
        emergent["topic"].tolist(), assigned, segments, codings, chosen, n_quotes
    )
    settings = {
        "coders": chosen,
        "rule": rule,
        "coverage": "given" if coverage is not None else "inferred from codings",
        "min_f1": min_f1,
        "emergent_max_coded": emergent_max_coded,
        "emergent_min_units": emergent_min_units,
        "n_quotes": n_quotes,
        "n_units": len(units),
    }
    return CodesTopics(
        units=units,
        contingency=contingency,
        scores=scores,
        best=best,
        matching=matching,
        overall=overall,
        uncaptured=uncaptured,
        emergent=emergent,
        emergent_quotes=quotes,
        settings=settings,
    )


def _check_assignments(assignments: object, segments: object, func: str) -> pd.DataFrame:
    """Assignments with a topic, as ``segment_id, topic, probability`` (probability may be NaN)."""
    table = require(assignments, ["segment_id", "topic"], "assignments", func)
    segment_ids = require(segments, ["segment_id"], "segments", func)["segment_id"]
    if table["segment_id"].duplicated().any():
        first = table.loc[table["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise InputError(
            f"{func}: segment {first!r} has two topic assignments",
            expected="one row per segment in assignments",
        )
    stray = ~table["segment_id"].isin(segment_ids)
    if stray.any():
        raise InputError(
            f"{func}: assignments name segment {table.loc[stray, 'segment_id'].iloc[0]!r}, "
            "which is not in segments",
            expected="the segments table the topics were fitted on",
        )
    fitted = table[table["topic"].notna()]
    probability = (
        fitted["probability"].astype("Float64").astype(float)
        if "probability" in fitted.columns
        else np.nan
    )
    return pd.DataFrame(
        {
            "segment_id": fitted["segment_id"].to_numpy(),
            "topic": fitted["topic"].astype("int64").to_numpy(),
            "probability": probability,
        }
    ).reset_index(drop=True)


def _describe_units(units: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Add each unit's codes and its primary code (votes, then code size, then code_id)."""
    n_code = codes["code_id"].value_counts()
    ranked = codes.assign(_size=codes["code_id"].map(n_code), _key=codes["code_id"].astype(str))
    ranked = ranked.sort_values(
        ["segment_id", "n_coders", "_size", "_key"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    primary = ranked.drop_duplicates("segment_id").set_index("segment_id")["code_id"]
    joined = (
        codes.assign(_key=codes["code_id"].astype(str))
        .sort_values(["segment_id", "_key"])
        .groupby("segment_id")["_key"]
        .agg("; ".join)
    )
    table = units.sort_values("segment_id", kind="stable").reset_index(drop=True)
    table["n_codes"] = table["segment_id"].map(codes["segment_id"].value_counts()).fillna(0)
    table["n_codes"] = table["n_codes"].astype("int64")
    table["codes"] = table["segment_id"].map(joined).fillna("")
    table["primary_code"] = table["segment_id"].map(primary).astype(object).fillna(UNCODED)
    return table


def _contingency(
    units: pd.DataFrame, codes: pd.DataFrame, code_ids: list, topic_ids: list[int]
) -> pd.DataFrame:
    topic_of = units.set_index("segment_id")["topic"]
    pairs = pd.DataFrame(
        {"code_id": codes["code_id"].to_numpy(), "topic": codes["segment_id"].map(topic_of)}
    )
    uncoded = units.loc[units["n_codes"] == 0, ["topic"]].assign(code_id=UNCODED)
    pairs = pd.concat([pairs, uncoded[["code_id", "topic"]]], ignore_index=True)
    counts = pairs.groupby(["code_id", "topic"]).size()
    grid = pd.MultiIndex.from_product([[*code_ids, UNCODED], topic_ids], names=["code_id", "topic"])
    table = counts.reindex(grid, fill_value=0).rename("n_both").reset_index()
    return table.astype({"topic": "int64", "n_both": "int64"})


def _scores(contingency: pd.DataFrame, units: pd.DataFrame, labels: dict) -> pd.DataFrame:
    # Each unit has one topic, so a code's units summed over all topics (outliers too) are its size.
    sizes = contingency.groupby("code_id")["n_both"].sum()
    table = contingency[(contingency["code_id"] != UNCODED) & (contingency["topic"] != -1)].copy()
    n_code = table["code_id"].map(sizes).astype("int64")
    n_topic = table["topic"].map(units["topic"].value_counts()).fillna(0).astype("int64")
    table["label"] = table["topic"].map(labels)
    table["n_code"] = n_code.to_numpy()
    table["n_topic"] = n_topic.to_numpy()
    both = table["n_both"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["precision"] = both / table["n_topic"].to_numpy(dtype=float)
        table["recall"] = both / table["n_code"].to_numpy(dtype=float)
        total = (table["n_code"] + table["n_topic"]).to_numpy(dtype=float)
        table["f1"] = np.where(both > 0, 2 * both / total, 0.0)
    return table[SCORE_COLUMNS].reset_index(drop=True)


def _best(scores: pd.DataFrame, code_ids: list) -> pd.DataFrame:
    top = scores.groupby("code_id")["f1"].transform("max")
    best = scores[(scores["f1"] == top) & (top > 0)]
    missing = [code for code in code_ids if code not in set(best["code_id"])]
    if missing:
        sizes = scores.drop_duplicates("code_id").set_index("code_id")["n_code"]
        empty = pd.DataFrame(
            {
                "code_id": missing,
                "topic": pd.NA,
                "n_code": [int(sizes.get(code, 0)) for code in missing],
                "n_both": 0,
                "f1": 0.0,
            }
        )
        best = pd.concat([best, empty], ignore_index=True)
    best = best.assign(_key=best["code_id"].astype(str)).sort_values(["_key", "topic"])
    best = best[SCORE_COLUMNS].reset_index(drop=True)
    return best.astype({"topic": "Int64"})


def _matching(scores: pd.DataFrame, code_ids: list) -> pd.DataFrame:
    if scores.empty:
        return scores.copy()
    f1 = scores.pivot(index="code_id", columns="topic", values="f1").reindex(code_ids)
    rows, cols = linear_sum_assignment(f1.to_numpy(dtype=float), maximize=True)
    pairs = pd.DataFrame({"code_id": f1.index[rows], "topic": f1.columns[cols]})
    matched = pairs.merge(scores, on=["code_id", "topic"], how="left")
    matched = matched[matched["f1"] > 0]
    return matched[SCORE_COLUMNS].reset_index(drop=True)


def _overall(units: pd.DataFrame, code_ids: list, topic_ids: list[int]) -> pd.DataFrame:
    primary = units["primary_code"].astype(str).to_numpy()
    topic = units["topic"].to_numpy()
    empty = len(units) == 0
    return pd.DataFrame(
        {
            "n_units": [len(units)],
            "n_coded": [int((units["n_codes"] > 0).sum())],
            "n_multi_coded": [int((units["n_codes"] > 1).sum())],
            "n_outliers": [int((units["topic"] == -1).sum())],
            "n_codes": [len(code_ids)],
            "n_topics": [sum(1 for t in topic_ids if t != -1)],
            "nmi": [np.nan if empty else normalized_mutual_info_score(primary, topic)],
            "ari": [np.nan if empty else adjusted_rand_score(primary, topic)],
        }
    )


def _uncaptured(best: pd.DataFrame, min_f1: float) -> pd.DataFrame:
    first = best.drop_duplicates("code_id")
    low = first[first["f1"] < min_f1]
    return low[["code_id", "n_code", "topic", "label", "f1"]].reset_index(drop=True)
