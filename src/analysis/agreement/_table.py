"""``agreement_table``: every coefficient per code and pooled, with bootstrap intervals."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.agreement import _binary
from analysis.agreement._codings import check_complete, ordered, presence, resolve_coders
from analysis.agreement._inference import agreement_estimate
from analysis.agreement._validate import check_columns, check_seed
from analysis.errors import InputError
from analysis.validation import check_option, check_scalar, parameter_error, plain

__all__ = ["OVERALL", "agreement_table"]

OVERALL = "(all codes, pooled)"
CHARACTER_COLUMNS = ("doc_id", "char_start", "char_end", "code_id", "coder")
_FUNC = "agreement_table"


def _cluster_labels(
    cluster: object, ids: pd.Index, table: pd.DataFrame | None, key: str
) -> np.ndarray | None:
    """One cluster label per unit (segment, or document for characters), or None."""
    if cluster is None:
        return None
    if isinstance(cluster, str):
        if table is None or cluster not in table.columns:
            raise InputError(
                f"agreement_table: cluster={cluster!r} names no column of units",
                expected=f"units as a table with a {cluster!r} column, or a mapping "
                f"{key} → cluster",
            )
        per_unit = table.drop_duplicates([key, cluster]).set_index(key)[cluster]
        if per_unit.index.duplicated().any():
            raise InputError(
                f"agreement_table: some {key} belong to more than one {cluster!r}",
                expected=f"one {cluster!r} per {key}",
            )
    elif isinstance(cluster, pd.Series):
        per_unit = cluster
    elif isinstance(cluster, Mapping):
        per_unit = pd.Series(dict(cluster), dtype=object)
    else:
        raise parameter_error(
            cluster, "cluster", _FUNC, "None, a column name of units, a dict or a Series"
        )
    labels = pd.Series(ids, index=ids).map(per_unit)
    if labels.isna().any():
        stray = [plain(v) for v in labels.index[labels.isna()][:5]]
        raise InputError(
            f"agreement_table: no cluster for {key}(s) {stray!r}",
            expected=f"a cluster for every {key}",
        )
    return labels.to_numpy(dtype=object)


def _group(features: np.ndarray, labels: np.ndarray | None) -> np.ndarray:
    """Sum units × rows × features within clusters (unchanged when there are no clusters)."""
    if labels is None:
        return features
    group = pd.factorize(pd.Series(labels, dtype=object))[0]
    grouped = np.zeros((group.max() + 1, *features.shape[1:]))
    np.add.at(grouped, group, features)
    return grouped


def _segment_features(
    codings: pd.DataFrame,
    units: object,
    coders: Sequence[object] | None,
    cluster: object,
) -> tuple[list[object], list[object], np.ndarray, np.ndarray, np.ndarray | None]:
    data = presence(codings, units, coders, _FUNC)
    n_rows = len(data.code_ids) + 1
    features = np.zeros((data.unit_ids.size, n_rows, _binary.N_FEATURES))
    prevalence = np.full((n_rows, len(data.coders)), np.nan)
    for row, code in enumerate(data.code_ids):
        matrix = data.values[code]
        features[:, row] = _binary.unit_features(matrix)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a coder who saw no unit
            prevalence[row] = np.nanmean(matrix, axis=1)
    features[:, -1] = features[:, :-1].sum(axis=1)
    looked = data.covered.sum(axis=1)
    applied = np.nansum(np.stack([data.values[c] for c in data.code_ids]), axis=(0, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        prevalence[-1] = applied / (looked * len(data.code_ids))
    labels = _cluster_labels(cluster, data.unit_ids, data.units_table, "segment_id")
    return data.code_ids, data.coders, features, prevalence, labels, data.values


#: The table's coefficients and the analytic estimate of each (Cohen's kappa is Conger's for two
#: coders); Cohen's and Fleiss' kappa are computed on the units every coder saw, as in the table.
_ANALYTIC = {
    "percent_agreement": ("percent_agreement", False),
    "cohen_kappa": ("conger_kappa", True),
    "fleiss_kappa": ("fleiss_kappa", True),
    "krippendorff_alpha": ("krippendorff_alpha", False),
    "gwet_ac1": ("gwet_ac1", False),
    "brennan_prediger": ("brennan_prediger", False),
}


def _analytic(values: dict, code_ids: list, n_coders: int, ci: float) -> dict[str, np.ndarray]:
    """Per code: each coefficient's analytic standard error and interval (NaN where undefined,
    and for the pooled row, whose units are not independent draws of one code)."""
    out = {
        f"{name}_{part}": np.full(len(code_ids) + 1, np.nan)
        for name in _ANALYTIC
        for part in ("se", "lo_analytic", "hi_analytic")
    }
    for row, code in enumerate(code_ids):
        matrix = values[code]
        complete = matrix[:, ~np.isnan(matrix).any(axis=0)]
        for name, (coefficient, needs_complete) in _ANALYTIC.items():
            if name == "cohen_kappa" and n_coders != 2:
                continue
            try:
                result = agreement_estimate(
                    complete if needs_complete else matrix, coefficient,
                    categories=[0.0, 1.0], coders="rows", confidence=ci,
                )  # fmt: skip
            except InputError:  # too few units or no overlap: no variance to estimate
                continue
            out[f"{name}_se"][row] = result.se
            out[f"{name}_lo_analytic"][row] = result.ci_low
            out[f"{name}_hi_analytic"][row] = result.ci_high
    return out


def _whole_numbers(table: pd.DataFrame, column: str) -> np.ndarray:
    """A column of character offsets as int64; a fraction or text names its row, not truncated."""
    values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values != np.round(values))
    if bad.any():
        row = table.index[int(np.flatnonzero(bad)[0])]
        raise InputError(
            f"agreement_table: {column} {plain(table[column].iloc[int(np.flatnonzero(bad)[0])])!r}"
            " is not a whole number",
            location=f"codings row {plain(row)!r}",
            expected="character offsets into the document (whole numbers)",
        )
    return values.astype(np.int64)


def _character_features(
    codings: pd.DataFrame,
    documents: object,
    coders: Sequence[object] | None,
    cluster: object,
) -> tuple[list[object], list[object], np.ndarray, np.ndarray, np.ndarray | None]:
    check_columns(codings, CHARACTER_COLUMNS, "codings")
    check_complete(codings, CHARACTER_COLUMNS, "codings", _FUNC)
    if isinstance(documents, pd.Series):
        documents = documents.to_dict()
    if not isinstance(documents, Mapping) or not documents:
        raise InputError(
            "agreement_table with unit='character' needs the documents' lengths",
            expected="documents={doc_id: length in characters, ...}",
        )
    lengths = {}
    for doc_id, length in documents.items():
        if isinstance(length, bool) or not isinstance(length, int | np.integer) or length < 0:
            raise InputError(
                f"agreement_table: document {plain(doc_id)!r} has length {plain(length)!r}",
                expected="a non-negative whole number of characters",
            )
        lengths[doc_id] = int(length)
    coder_list = resolve_coders(codings, None, coders, _FUNC)
    kept = codings[codings["coder"].isin(coder_list)]
    stray = [plain(d) for d in pd.unique(kept["doc_id"]) if d not in lengths]
    if stray:
        raise InputError(
            f"agreement_table: codings refer to document(s) {stray[:5]!r} not in documents",
            expected="every coded doc_id in documents",
        )
    start, end = (_whole_numbers(kept, column) for column in ("char_start", "char_end"))
    doc_length = kept["doc_id"].map(lengths).to_numpy(dtype=np.int64)
    bad = (start < 0) | (end <= start) | (end > doc_length)
    if bad.any():
        row = kept.index[int(np.flatnonzero(bad)[0])]
        raise InputError(
            f"agreement_table: character range {start[bad][0]}-{end[bad][0]} does not fit its "
            f"document of length {doc_length[bad][0]}",
            location=f"codings row {plain(row)!r}",
            expected="0 <= char_start < char_end <= document length (char_end exclusive)",
        )
    code_ids = ordered(kept["code_id"].tolist())
    coder_pos = {coder: i for i, coder in enumerate(coder_list)}
    code_pos = {code: i for i, code in enumerate(code_ids)}
    doc_ids = pd.Index(list(lengths), name="doc_id")
    n_rows = len(code_ids) + 1
    features = np.zeros((doc_ids.size, n_rows, _binary.N_FEATURES))
    coded_chars = np.zeros((n_rows, len(coder_list)))
    frame = pd.DataFrame(
        {
            "doc": kept["doc_id"].to_numpy(dtype=object),
            "code": kept["code_id"].map(code_pos).to_numpy(dtype=np.int64),
            "coder": kept["coder"].map(coder_pos).to_numpy(dtype=np.int64),
            "start": start,
            "end": end,
        }
    )
    by_doc = dict(list(frame.groupby("doc", sort=False)))
    nothing = _binary.unit_features(np.zeros((len(coder_list), 1)))[0]
    for d, doc_id in enumerate(doc_ids):
        length = lengths[doc_id]
        features[d, :-1] = nothing * length
        ranges = by_doc.get(doc_id)
        if ranges is None or length == 0:
            continue
        for code, per_code in ranges.groupby("code"):
            edges = np.zeros((len(coder_list), length + 1), dtype=np.int64)
            np.add.at(edges, (per_code["coder"], per_code["start"]), 1)
            np.add.at(edges, (per_code["coder"], per_code["end"]), -1)
            coded = np.cumsum(edges, axis=1)[:, :length] > 0
            features[d, code] = _binary.pattern_features(coded)
            coded_chars[code] += coded.sum(axis=1)
    features[:, -1] = features[:, :-1].sum(axis=1)
    total = sum(lengths.values())
    coded_chars[-1] = coded_chars[:-1].sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        prevalence = (
            coded_chars / np.array([total] * (n_rows - 1) + [total * len(code_ids)])[:, None]
        )
    labels = _cluster_labels(cluster, doc_ids, None, "doc_id")
    return code_ids, coder_list, features, prevalence, labels


def _notes(point: dict[str, float], prevalence: float, n_coders: int, n_complete: float) -> str:
    notes = []
    if np.isnan(point["krippendorff_alpha"]):
        if prevalence == 0:
            notes.append("code never applied")
        elif prevalence == 1:
            notes.append("code applied to every unit by every coder")
        notes.append(
            "kappa and alpha undefined (one category only: chance agreement is 1); "
            "percent agreement, AC1 and Brennan-Prediger are defined"
        )
    if n_coders != 2:
        notes.append("cohen_kappa needs exactly 2 coders: see fleiss_kappa and alpha")
    if n_complete == 0:
        notes.append("no unit seen by every coder: fleiss_kappa and cohen_kappa undefined")
    return "; ".join(notes)


def agreement_table(
    codings: pd.DataFrame,
    *,
    units: object = None,
    coders: Sequence[object] | None = None,
    unit: str = "segment",
    documents: Mapping[object, int] | pd.Series | None = None,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int | np.random.Generator,
    cluster: object = None,
) -> pd.DataFrame:
    """Inter-coder agreement per code and pooled over codes, with bootstrap intervals.

    Each code is turned into presence/absence data: for every unit and coder, 1 if the coder
    applied the code, 0 if the coder looked at the unit and did not, missing if the coder never
    looked at it. On those data every coefficient of this module is computed, per code and for
    one pooled row.

    Parameters
    ----------
    codings : DataFrame
        With ``unit="segment"``: the long codings table ``segment_id, code_id, coder``, one row per
        code applied to a segment by a coder (repeats count once). With ``unit="character"``:
        character ranges ``doc_id, char_start, char_end, code_id, coder`` (``char_end``
        exclusive, as in Python slices and REFI-QDA), as exported by CAQDAS programs.
    units : list or DataFrame, optional
        ``unit="segment"`` only. The segments that were coded, so that a segment a coder coded
        with nothing counts as absence of every code (pass the segments table; its other columns
        may be used by ``cluster``). A table with ``segment_id, coder`` columns is per-coder
        coverage: a segment missing for a coder is *missing* for that coder, not absent. Default:
        the segments in ``codings`` (with a warning, since segments nobody coded are then lost).
    coders : list, optional
        The coders to compare (others in ``codings`` are ignored). Default: all of them.
    unit : {"segment", "character"}, default "segment"
        The unit of agreement; see Notes.
    documents : dict or Series, optional
        ``unit="character"`` only, and then required: document length in characters by
        ``doc_id``. Every character of every listed document is a unit.
    ci : float, default 0.95
        Confidence level of the percentile bootstrap intervals, in (0, 1).
    n_boot : int, default 1000
        Bootstrap resamples; 0 skips the intervals (their columns are then NaN).
    seed : int or numpy.random.Generator
        Seeds the bootstrap; the same seed gives the same table.
    cluster : str, dict or Series, optional
        Resample clusters instead of units, because segments of one interview are not
        independent. For segments: a column of ``units`` (e.g. ``"doc_id"``) or a mapping
        ``segment_id → cluster``. For characters: a mapping ``doc_id → cluster`` (e.g. the
        participant); without it, characters are always resampled by document.

    Returns
    -------
    DataFrame
        One row per code (sorted by ``code_id``), then the pooled row with ``code_id`` equal to
        ``"(all codes, pooled)"``. Columns:

        - ``code_id``, ``unit_of_agreement`` (``"segment presence/absence"`` or
          ``"character presence/absence"``);
        - ``n_units``: units with values from 2 or more coders (segments or characters; for the
          pooled row the same units, each carrying one decision per code), ``n_coders``;
        - ``prevalence``: share of all coder × unit decisions that applied the code, and
          ``prevalence_<coder>`` for each coder;
        - ``percent_agreement``, ``cohen_kappa`` (exactly 2 coders; NaN otherwise),
          ``fleiss_kappa``, ``krippendorff_alpha`` (nominal), ``gwet_ac1``, ``brennan_prediger``
          (``q = 2``), each with ``<name>_lo`` and ``<name>_hi`` interval bounds;
        - ``bootstrap``: how the intervals were made; ``note``: why a value is NaN, if it is;
        - with ``unit="segment"``, per code: ``<name>_se``, ``<name>_lo_analytic`` and
          ``<name>_hi_analytic``, the analytic standard error and interval of
          :func:`agreement_estimate` (Cohen's kappa as Conger's for two coders), and
          ``analytic`` saying how they were made; NaN for the pooled row.

    Raises
    ------
    InputError
        If a column is missing, a coding refers to a segment not in ``units`` or outside the
        coder's coverage, fewer than 2 coders are found, a cluster is missing for a unit, or a
        parameter is out of range (e.g. "The 'ci' parameter of agreement_table must be a float
        in the range (0, 1). Got 1.5 instead.").

    Notes
    -----
    **Definitions.** For more than two coders, ``percent_agreement`` is the mean over units of the
    share of agreeing coder pairs (Gwet's :math:`p_a`; for two coders, the share of units agreed
    on). ``cohen_kappa`` and ``fleiss_kappa`` use the units seen by every coder; alpha, AC1 and
    Brennan-Prediger use every unit seen by 2 or more. See the functions of the same names for the
    formulas; the values here equal theirs on the presence/absence data.

    **Two intervals.** The bootstrap interval resamples units, or with ``cluster`` whole
    documents; the analytic one (Gwet, 2008) treats every unit as an independent draw. Where
    segments of one interview share a coder's habits, the analytic interval is the narrower
    and the cluster bootstrap the one to report; where units are independent (a survey's
    respondents) the two agree closely for a few dozen units or more. With few units, or a
    coefficient near 1, the bootstrap's percentiles are lopsided while the analytic interval
    stays symmetric (cut at 1). Characters are never independent, so character agreement
    has no analytic columns.

    **Pooled row.** Every code × unit decision is one binary item, pooled over all codes, as a
    whole-project summary of a coding comparison counts them. It is weighted towards common
    codes and is not the mean of the per-code values, so report the per-code rows beside it.
    Its intervals resample units with all their codes.

    **Unit of agreement.** Segment agreement asks "did both coders apply this code to this
    segment?" and counts a segment once however long it is. Character agreement (NVivo's
    coding comparison, QualCoder) makes every character a unit, so long passages weigh more, a
    segment coded by both but with different boundaries counts partly as disagreement, and the
    large uncoded remainder of a document inflates percent agreement. NVivo reports kappa per
    code *and document*; here the characters of all documents are pooled per code, which is
    not the same as averaging NVivo's per-document values. Where no coder applied a code,
    kappa is reported as NaN rather than 1.

    **Intervals.** Percentile bootstrap (Efron & Tibshirani, 1993) over units, or over clusters
    when ``cluster`` is given (Field & Welsh, 2007); characters are always resampled by
    document or cluster, since neighbouring characters are not independent. Resamples in which a
    coefficient is undefined (e.g. the code absent from every drawn unit) are left out of its
    interval, so intervals of rare codes are optimistic; read them with ``prevalence``.
    Zapf et al. (2016) recommend bootstrap intervals for alpha and Fleiss' kappa.

    References
    ----------
    .. [1] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
       Hall. https://doi.org/10.1201/9780429246593
    .. [2] Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data. *Journal of the
       Royal Statistical Society B*, 69(3), 369-390.
       https://doi.org/10.1111/j.1467-9868.2007.00593.x
    .. [3] Zapf, A., Castell, S., Morawietz, L., & Karch, A. (2016). Measuring inter-rater
       reliability for nominal data - which coefficients and confidence intervals are
       appropriate? *BMC Medical Research Methodology*, 16, 93.
       https://doi.org/10.1186/s12874-016-0200-9
    .. [4] O'Connor, C., & Joffe, H. (2020). Intercoder reliability in qualitative research:
       debates and practical guidelines. *International Journal of Qualitative Methods*, 19.
       https://doi.org/10.1177/1609406919899220

    Examples
    --------
    Two coders, six segments; segment 6 was coded by nobody and still counts as agreed absence:

    >>> import pandas as pd
    >>> codings = pd.DataFrame({
    ...     "segment_id": [1, 2, 3, 5, 1, 2, 4, 5],
    ...     "code_id": ["holding"] * 3 + ["discretion"] + ["holding"] * 3 + ["discretion"],
    ...     "coder": ["A"] * 4 + ["B"] * 4,
    ... })
    >>> table = agreement_table(codings, units=[1, 2, 3, 4, 5, 6], n_boot=200, seed=1)
    >>> table[["code_id", "n_units", "prevalence", "percent_agreement", "cohen_kappa"]].round(3)
                   code_id  n_units  prevalence  percent_agreement  cohen_kappa
    0           discretion        6       0.167              1.000        1.000
    1              holding        6       0.500              0.667        0.333
    2  (all codes, pooled)        6       0.333              0.833        0.625
    >>> table.loc[2, "unit_of_agreement"]
    'segment presence/absence'
    >>> bool(table.loc[1, "cohen_kappa_lo"] <= table.loc[1, "cohen_kappa"]
    ...      <= table.loc[1, "cohen_kappa_hi"])
    True
    """
    what = "a str among {'segment', 'character'}"
    check_option(unit, "unit", _FUNC, ("segment", "character"), what=what)
    ci = check_scalar(
        ci, "ci", _FUNC, kind=float, low=0, high=1, include_low=False, include_high=False
    )
    n_boot = check_scalar(n_boot, "n_boot", _FUNC, low=0)
    rng = check_seed(seed, _FUNC)
    if unit == "segment":
        if documents is not None:
            raise InputError(
                "agreement_table: documents is only used with unit='character'",
                expected="units=segments for unit='segment'",
            )
        code_ids, coder_list, features, prevalence, labels, values = _segment_features(
            codings, units, coders, cluster
        )
        resampled = "clusters of segments" if labels is not None else "segments"
    else:
        if units is not None:
            raise InputError(
                "agreement_table: units is only used with unit='segment'",
                expected="documents={doc_id: length} for unit='character'",
            )
        code_ids, coder_list, features, prevalence, labels = _character_features(
            codings, documents, coders, cluster
        )
        values = None
        resampled = "clusters of documents" if labels is not None else "documents"
    grouped = _group(features, labels)
    totals = grouped.sum(axis=0)
    n_coders = len(coder_list)
    point = _binary.coefficients(totals, n_coders)
    info = _binary.counts(totals)
    # Every code is decided on the same units, so the pooled row has the same units, not their
    # sum over codes.
    info["n_units"][-1] = info["n_units"][:-1].max(initial=0)
    if not (info["n_units"] > 0).any():
        raise InputError(
            "agreement_table found no unit seen by 2 or more coders",
            expected="coders whose coverage overlaps",
        )
    if n_boot:
        replicates = _binary.bootstrap(grouped, n_coders, n_boot, rng)
        tail = (1.0 - ci) / 2.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN: interval undefined
            low = np.nanquantile(replicates, tail, axis=0)
            high = np.nanquantile(replicates, 1.0 - tail, axis=0)
        how = (
            f"percentile bootstrap ({ci:.0%}), {n_boot} resamples of {grouped.shape[0]} {resampled}"
        )
    else:
        low = high = np.full((len(code_ids) + 1, len(_binary.COEFFICIENTS)), np.nan)
        how = "none (n_boot=0)"
    columns: dict[str, object] = {
        "code_id": [*code_ids, OVERALL],
        "unit_of_agreement": f"{unit} presence/absence",
        "n_units": info["n_units"].astype(np.int64),
        "n_coders": n_coders,
        "prevalence": info["prevalence"],
    }
    for c, coder in enumerate(coder_list):
        columns[f"prevalence_{coder}"] = prevalence[:, c]
    for k, name in enumerate(_binary.COEFFICIENTS):
        columns[name] = point[name]
        columns[f"{name}_lo"] = low[:, k]
        columns[f"{name}_hi"] = high[:, k]
    columns["bootstrap"] = how
    if values is not None:
        columns.update(_analytic(values, code_ids, n_coders, ci))
        columns["analytic"] = (
            f"Gwet's linearised variance, t interval ({ci:.0%}); treats segments as independent"
        )
    columns["note"] = [
        _notes(
            {name: float(point[name][row]) for name in _binary.COEFFICIENTS},
            float(info["prevalence"][row]),
            n_coders,
            float(info["n_complete"][row]),
        )
        for row in range(len(code_ids) + 1)
    ]
    return pd.DataFrame(columns)
