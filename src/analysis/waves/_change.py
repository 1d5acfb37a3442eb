"""Codes and topics by wave, and their change within the participants interviewed in two waves.

A longitudinal qualitative study interviews some participants twice (link workers re-interviewed
after 9-12 months). Two questions follow: how common is each code or topic at each wave, and, for
the same people, which appear, grow or fade between waves. The second is a paired question: a
participant's two interviews are not independent samples, so every test and interval here keeps
each participant's pair together.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import InputError
from analysis.io import require_columns
from analysis.prevalence import adjust_pvalues, prevalence
from analysis.segments import interviewer_rows
from analysis.validation import check_scalar

#: Columns of :attr:`WaveChange.by_wave`.
BY_WAVE_COLUMNS = (
    "item",
    "wave",
    "n_participants",
    "n_present",
    "share_present",
    "n_segments",
    "n_with_item",
    "prevalence",
    "ci_low",
    "ci_high",
)
#: Columns of :attr:`WaveChange.change`.
CHANGE_COLUMNS = (
    "item",
    "n_pairs",
    "first_only",
    "second_only",
    "both",
    "neither",
    "p_mcnemar",
    "p_mcnemar_holm",
    "share_first",
    "share_second",
    "difference",
    "ci_low",
    "ci_high",
    "p_permutation",
    "p_holm",
    "direction",
)
#: Pairs up to this many are sign-flipped exhaustively (2**n arrangements); more by sampling.
EXACT_PAIRS = 16


@dataclass(frozen=True)
class WaveChange:
    """Codes or topics by wave and their within-participant change (from :func:`wave_change`).

    Attributes
    ----------
    by_wave : DataFrame
        One row per item × wave (:data:`BY_WAVE_COLUMNS`), every participant interviewed at
        that wave counted: how many participants' interviews hold the item (``n_present`` of
        ``n_participants``) and the share of their segments that carry it (``prevalence``, with
        a bootstrap interval that resamples participants).
    change : DataFrame
        One row per item (:data:`CHANGE_COLUMNS`) over the ``n_pairs`` participants seen at
        both waves. Presence: ``first_only``, ``second_only``, ``both``, ``neither`` and the
        exact McNemar test of the discordant pairs (two-sided; Holm-adjusted over items in
        ``p_mcnemar_holm``). Share: the mean over participants of the share of their segments
        carrying the item at each wave, the mean paired ``difference`` (second − first) with a
        percentile interval from resampling participants, and the two-sided sign-flip
        permutation p-value of that mean (``p_holm`` adjusted over items). ``direction`` is
        ``grows`` or ``fades`` where ``p_holm`` is below ``alpha``, else ``no clear change``.
    pairs : DataFrame
        One row per paired participant × item: ``participant_id, item, n_first, n_second,
        segments_first, segments_second, share_first, share_second, trajectory`` (``first
        only``, ``second only``, ``both`` or ``neither``).
    labelled : DataFrame
        ``segment_id, doc_id, participant_id, wave, item``: the counted segments carrying an
        item (what :func:`wave_trajectories` quotes from).
    waves : tuple
        The two waves compared, first then second.
    set_aside : DataFrame
        ``what, n, reason``: segments not counted, and why.
    """

    by_wave: pd.DataFrame
    change: pd.DataFrame
    pairs: pd.DataFrame
    labelled: pd.DataFrame
    waves: tuple
    set_aside: pd.DataFrame

    @property
    def n_pairs(self) -> int:
        """Participants seen at both waves."""
        return int(self.pairs["participant_id"].nunique()) if len(self.pairs) else 0


def study_waves(interviews: pd.DataFrame | None, *, wave: str = "wave") -> list:
    """The study's waves in order (numbers numerically, else as text); empty without any.

    >>> study_waves(pd.DataFrame({"wave": [2, 1, 2, None]}))
    [1, 2]
    >>> study_waves(pd.DataFrame({"doc_id": ["a"]}))
    []
    """
    if interviews is None or wave not in getattr(interviews, "columns", ()):
        return []
    values = interviews[wave].dropna().drop_duplicates().tolist()
    numeric = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    if not numeric.notna().all():
        return sorted(values, key=str)
    ordered = [v for _, v in sorted(zip(numeric, values, strict=True), key=lambda p: p[0])]
    # a column of whole numbers with a gap in it is read as floats: wave 1, not wave 1.0
    return [int(v) if isinstance(v, float) and v.is_integer() else v for v in ordered]


def paired_participants(
    interviews: pd.DataFrame | None, waves: tuple | None = None, *, wave: str = "wave"
) -> list[str]:
    """Participants interviewed at both ``waves`` (default: the first and the last)."""
    order = study_waves(interviews, wave=wave)
    if len(order) < 2:
        return []
    first, second = waves if waves is not None else (order[0], order[-1])
    seen = interviews.dropna(subset=["participant_id"]).groupby("participant_id")[wave]
    both = seen.agg(lambda w: first in set(w) and second in set(w))
    return sorted(map(str, both.index[both]))


def wave_change(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    item: str = "code_id",
    seed: int,
    documents=None,
    items=None,
    waves: tuple | None = None,
    wave: str = "wave",
    n_resamples: int = 2000,
    confidence: float = 0.95,
    alpha: float = 0.05,
) -> WaveChange:
    """Each code or topic by wave, and its change within the participants seen at two waves.

    Parameters
    ----------
    segments : DataFrame
        ``segment_id, doc_id, participant_id`` (``is_interviewer`` or ``role`` used when
        present). The participants' own segments of the interviews are counted; interviewer
        turns and documents that are not interviews (event outputs) are set aside.
    interviews : DataFrame
        ``doc_id, participant_id`` and the ``wave`` column (ingest's ``interviews.parquet``).
    labels : DataFrame
        One row per (segment, item) present: ``segment_id`` and ``item`` — codings (several
        coders' rows of one segment and code count once: pass one coder's rows for that coder)
        or topic assignments (one row per segment; pass only the topics to report, e.g. the
        stable ones).
    item : str, default "code_id"
        The column of ``labels`` naming the item (``"code_id"``, ``"topic"``).
    seed : int
        Seeds the bootstrap and, beyond :data:`EXACT_PAIRS` pairs, the sampled sign flips.
    documents : iterable of str, optional
        The documents looked at (for codes: those coded); a document outside it is set aside,
        since an absent code there says nothing. Default: every interview.
    items : sequence, optional
        The items to report, in order (an item never applied gets zero rows). Default: those in
        ``labels``, sorted.
    waves : (first, second), optional
        The waves compared. Default: the study's first and last.
    wave : str, default "wave"
        The column of ``interviews`` holding the wave.
    n_resamples : int, default 2000
        Bootstrap resamples (and sampled sign flips beyond :data:`EXACT_PAIRS` pairs).
    confidence : float, default 0.95
    alpha : float, default 0.05
        The Holm-adjusted level at which a change is called ``grows`` or ``fades``.

    Returns
    -------
    WaveChange

    Raises
    ------
    InputError
        If a table lacks its columns, or the study has fewer than two waves or not the waves
        asked for. (With no participant seen at both, ``change`` and ``pairs`` are empty.)

    Notes
    -----
    For participant :math:`i` with segments :math:`n_{iw}` at wave :math:`w`, of which
    :math:`x_{iw}` carry the item, the share is :math:`s_{iw} = x_{iw} / n_{iw}` and the paired
    difference :math:`d_i = s_{i2} - s_{i1}`. The estimate is :math:`\\bar d`; its interval the
    percentile interval of :math:`\\bar d` over participants resampled with replacement
    (Davison & Hinkley 1997, doi:10.1017/CBO9780511802843); its p-value the share of the
    :math:`2^n` sign arrangements of the :math:`d_i` whose mean is at least as far from zero
    (Fisher's randomisation test for paired data; Good 2005, doi:10.1007/b138696), exact up to
    :data:`EXACT_PAIRS` pairs. Presence uses McNemar's exact test: under no change, each
    discordant pair is equally likely to hold the item at the first or the second wave only
    (McNemar 1947, doi:10.1007/BF02295996). Holm (1979) adjusts each over the items.
    """
    func = "wave_change"
    segments = require_columns(segments, ["segment_id", "doc_id", "participant_id"],
                               "segments", func)  # fmt: skip
    interviews = require_columns(interviews, ["doc_id", "participant_id", wave], "interviews", func)
    labels = require_columns(labels, ["segment_id", item], "labels", func)
    check_scalar(n_resamples, "n_resamples", func, low=100)
    check_scalar(confidence, "confidence", func, kind=float, low=0, high=1,
                 include_low=False, include_high=False)  # fmt: skip
    check_scalar(alpha, "alpha", func, kind=float, low=0, high=1, include_low=False)
    order = study_waves(interviews, wave=wave)
    if len(order) < 2:
        raise InputError(
            f"{func}: the interviews have {len(order)} wave(s) in column {wave!r}",
            expected="interviews at two or more waves",
        )
    first, second = waves if waves is not None else (order[0], order[-1])
    missing = [w for w in (first, second) if w not in order]
    if missing:
        raise InputError(f"{func}: no interviews at wave(s) {missing}", expected=f"some of {order}")

    counted, set_aside = _counted_segments(segments, interviews, documents, wave)
    present = labels[["segment_id", item]].rename(columns={item: "item"}).dropna(subset=["item"])
    # the counted segments carrying an item, once per item (two coders' rows of it count once)
    labelled = present.drop_duplicates().merge(counted, on="segment_id")
    names = list(items) if items is not None else sorted(pd.unique(labelled["item"]).tolist())
    labelled = labelled[labelled["item"].isin(names)]

    by_wave = _by_wave(counted, labelled, names, seed, n_resamples, confidence)
    pairs = _pairs(counted, labelled, names, first, second)
    return WaveChange(
        by_wave=by_wave.rename(columns={"wave": wave}),
        change=_change(pairs, names, seed, n_resamples, confidence, alpha),
        pairs=pairs,
        labelled=labelled[["segment_id", "doc_id", "participant_id", "wave", "item"]],
        waves=(first, second),
        set_aside=pd.DataFrame(set_aside, columns=["what", "n", "reason"]),
    )


def _counted_segments(segments, interviews, documents, wave):
    """The participants' own segments of interviews looked at, with their wave; and what was
    set aside."""
    waves = interviews.dropna(subset=[wave]).drop_duplicates("doc_id").set_index("doc_id")[wave]
    own = ~interviewer_rows(segments)
    interview = segments["doc_id"].isin(waves.index)
    looked = segments["doc_id"].isin(set(documents)) if documents is not None else interview
    person = segments["participant_id"].notna()
    set_aside = []
    for mask, what, reason in (
        (~own, "interviewer turns", "not the participant's own words"),
        (own & ~interview, "segments without a wave",
         "not an interview with a wave in the interview log (event outputs, say)"),
        (own & interview & ~person, "interview segments without a participant", "no one to pair"),
        (own & interview & person & ~looked, "segments of documents not looked at",
         "not coded: an absent code there says nothing"),
    ):  # fmt: skip
        if mask.any():
            set_aside.append((what, int(mask.sum()), reason))
    counted = segments.loc[own & interview & person & looked,
                           ["segment_id", "doc_id", "participant_id"]]  # fmt: skip
    counted = counted.assign(participant_id=counted["participant_id"].astype(str),
                             wave=counted["doc_id"].map(waves))  # fmt: skip
    return counted, set_aside


def _by_wave(counted, labelled, names, seed, n_resamples, confidence):
    shares = prevalence(
        labelled[["segment_id", "item"]], item="item", group="wave", cluster="participant_id",
        segments=counted, n_boot=n_resamples, ci=confidence, seed=seed,
    )  # fmt: skip
    totals = counted.groupby("wave").agg(
        n_participants=("participant_id", "nunique"), n_segments=("segment_id", "size")
    )
    grid = pd.MultiIndex.from_product([names, totals.index], names=["item", "wave"])
    table = pd.DataFrame(index=grid).reset_index().join(totals, on="wave")
    found = shares.set_index(["item", "wave"])[["n_with_item", "prevalence", "ci_low", "ci_high"]]
    table = table.join(found, on=["item", "wave"])
    table[["prevalence", "ci_low", "ci_high"]] = table[["prevalence", "ci_low", "ci_high"]].fillna(
        0.0
    )
    table["n_with_item"] = table["n_with_item"].fillna(0).astype(int)
    holders = labelled.groupby(["item", "wave"])["participant_id"].nunique().rename("n_present")
    table = table.join(holders, on=["item", "wave"])
    table["n_present"] = table["n_present"].fillna(0).astype(int)
    table["share_present"] = table["n_present"] / table["n_participants"]
    return table[list(BY_WAVE_COLUMNS)]


def _pairs(counted, labelled, names, first, second):
    paired = counted[counted["wave"].isin([first, second])]
    n_waves = paired.groupby("participant_id")["wave"].nunique()
    paired = paired[paired["participant_id"].isin(n_waves.index[n_waves == 2])]
    if paired.empty:
        return pd.DataFrame(columns=["participant_id", "item", "n_first", "segments_first",
                                     "share_first", "n_second", "segments_second",
                                     "share_second", "trajectory"])  # fmt: skip
    sizes = paired.groupby(["participant_id", "wave"]).size().unstack("wave")
    hits = (
        labelled[labelled["segment_id"].isin(paired["segment_id"])]
        .groupby(["participant_id", "item", "wave"]).size()
    )  # fmt: skip
    grid = pd.MultiIndex.from_product([sizes.index, names], names=["participant_id", "item"])
    rows = pd.DataFrame(index=grid).reset_index()
    for column, w in (("first", first), ("second", second)):
        key = pd.MultiIndex.from_arrays([rows["participant_id"], rows["item"], [w] * len(rows)])
        rows[f"n_{column}"] = hits.reindex(key).fillna(0).astype(int).to_numpy()
        rows[f"segments_{column}"] = rows["participant_id"].map(sizes[w]).astype(int)
        rows[f"share_{column}"] = rows[f"n_{column}"] / rows[f"segments_{column}"]
    held = rows["n_first"].gt(0).astype(int) * 2 + rows["n_second"].gt(0).astype(int)
    rows["trajectory"] = held.map({0: "neither", 1: "second only", 2: "first only", 3: "both"})
    return rows


def _change(pairs, names, seed, n_resamples, confidence, alpha):
    if pairs.empty:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    rngs = np.random.default_rng(seed).spawn(2)
    n = pairs["participant_id"].nunique()
    draws = rngs[0].integers(0, n, size=(n_resamples, n))
    flips = _sign_flips(n, n_resamples, rngs[1])
    rows = []
    for name in names:
        mine = pairs[pairs["item"] == name].sort_values("participant_id")
        trajectory = mine["trajectory"].value_counts()
        only = [int(trajectory.get(t, 0)) for t in ("first only", "second only")]
        discordant = sum(only)
        p_mcnemar = (
            1.0 if discordant == 0 else float(stats.binomtest(only[0], discordant, 0.5).pvalue)
        )
        d = (mine["share_second"] - mine["share_first"]).to_numpy()
        low, high = np.quantile(d[draws].mean(axis=1), [(1 - confidence) / 2, (1 + confidence) / 2])
        rows.append(
            {
                "item": name, "n_pairs": n, "first_only": only[0], "second_only": only[1],
                "both": int(trajectory.get("both", 0)), "neither": int(trajectory.get("neither", 0)),
                "p_mcnemar": p_mcnemar, "share_first": mine["share_first"].mean(),
                "share_second": mine["share_second"].mean(), "difference": d.mean(),
                "ci_low": low, "ci_high": high, "p_permutation": _flip_p(d, flips),
            }
        )  # fmt: skip
    change = pd.DataFrame(rows, columns=[c for c in CHANGE_COLUMNS if c not in
                                         ("p_mcnemar_holm", "p_holm", "direction")])  # fmt: skip
    change.insert(7, "p_mcnemar_holm", adjust_pvalues(change["p_mcnemar"].to_numpy(), "holm"))
    change["p_holm"] = adjust_pvalues(change["p_permutation"].to_numpy(), "holm")
    called = change["p_holm"] < alpha
    change["direction"] = np.where(
        called & (change["difference"] > 0), "grows",
        np.where(called & (change["difference"] < 0), "fades", "no clear change"),
    )  # fmt: skip
    return change[list(CHANGE_COLUMNS)]


def _sign_flips(n: int, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Sign arrangements (rows × n): all 2**n up to :data:`EXACT_PAIRS` pairs, else sampled
    ones with the observed arrangement first (so the p-value is never zero)."""
    if n <= EXACT_PAIRS:
        return np.array(list(itertools.product((1.0, -1.0), repeat=n)))
    sampled = rng.choice((1.0, -1.0), size=(n_resamples, n))
    return np.vstack([np.ones((1, n)), sampled])


def _flip_p(d: np.ndarray, flips: np.ndarray) -> float:
    """Share of sign arrangements whose mean is at least as far from zero as the observed."""
    observed = abs(d.mean())
    if observed == 0:
        return 1.0
    means = np.abs(flips @ d) / len(d)
    # A tolerance relative to the data: float sums in another order must not lose ties.
    return float(np.mean(means >= observed - 1e-12 * max(1.0, np.abs(d).sum())))
