"""The Framework Method's charting matrix: cases × codes, each cell the coded data.

Gale, Heath, Cameron, Rashid & Redwood (2013), "Using the framework method for the analysis of
qualitative data in multi-disciplinary health research", *BMC Medical Research Methodology*
13:117, doi:10.1186/1471-2288-13-117: a matrix of cases (rows, grouped by an attribute such as
role) by codes (columns, grouped by theme), read across a row for a case and down a column for
a theme. NVivo builds these as framework matrices.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.errors import InputError
from analysis.io import require_columns
from analysis.segments import interviewer_rows

#: Columns of :attr:`FrameworkMatrix.cells`.
CELL_COLUMNS = ("case_id", "code_id", "n_segments", "n_case_segments", "coverage", "coders")
#: Columns of :attr:`FrameworkMatrix.quotes`.
QUOTE_COLUMNS = (
    "case_id",
    "code_id",
    "segment_id",
    "doc_id",
    "turn",
    "char_start",
    "char_end",
    "role",
    "text",
    "coders",
)
#: What :func:`framework_matrix` takes for ``coder`` besides a coder's name.
COMBINED = ("union", "consensus")


@dataclass(frozen=True)
class FrameworkMatrix:
    """A charting matrix (made by :func:`framework_matrix`).

    Attributes
    ----------
    cases : DataFrame
        One row per case in row order: ``case_id``, the participants' attributes, and
        ``n_segments`` (the case's segments, what coverage is a share of).
    codes : DataFrame
        One row per column in order: ``code_id, name, theme_id, theme_name``.
    cells : DataFrame
        One row per case × code (:data:`CELL_COLUMNS`), empty cells included with 0:
        ``n_segments`` coded, ``coverage`` (their share of the case's segments) and ``coders``
        (who applied it, ``"R1, R2"``).
    quotes : DataFrame
        The coded segments themselves (:data:`QUOTE_COLUMNS`), in case, code and document order:
        each traceable to its document and position.
    set_aside : DataFrame
        ``what, n, reason``: segments and codings not charted, and why.
    coder : str
        The coder charted, or ``"union"`` / ``"consensus"``.
    """

    cases: pd.DataFrame
    codes: pd.DataFrame
    cells: pd.DataFrame
    quotes: pd.DataFrame
    set_aside: pd.DataFrame
    coder: str

    @property
    def themes(self) -> list[str]:
        """The themes, in column order."""
        return list(dict.fromkeys(self.codes["theme_id"]))


def framework_matrix(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: pd.DataFrame,
    participants: pd.DataFrame | None = None,
    *,
    coder: str | None = None,
    coverage: pd.DataFrame | None = None,
    themes: list[str] | None = None,
    order_by: list[str] | tuple[str, ...] = ("role",),
    attributes: list[str] | tuple[str, ...] | None = ("role", "site"),
) -> FrameworkMatrix:
    """Chart coded data as the Framework Method does: cases × codes under their themes.

    Parameters
    ----------
    segments : DataFrame
        ``segment_id, doc_id, participant_id, text`` (``turn, char_start, char_end, role,
        is_interviewer`` used when present). A case is a participant; segments without one
        (event rows), interviewer turns and the segments of documents the chosen coder(s) did
        not code are not charted (``set_aside`` counts them), so an empty cell means that
        the case's coded documents have none of that code.
    codings : DataFrame
        ``segment_id, code_id, coder``.
    codebook : DataFrame
        ``code_id, name, parent``: the columns are its leaf codes under their top-level codes
        (themes); a code applied directly to a theme is charted under it as its own column.
    participants : DataFrame, optional
        ``participant_id`` and attributes (``role, site, ...``), joined to the cases.
    coder : str, optional
        The coder to chart; ``"union"`` (any coder, each quote marked with who applied it) or
        ``"consensus"`` (what every coder who coded the document applied, on documents at
        least two coded). Default: the one coder, or ``"union"`` when there are several.
    coverage : DataFrame, optional
        ``doc_id, coder``: who coded which document (ingest's coverage). Default: the
        documents in which a coder applied a code.
    themes : list of str, optional
        Top-level codes to chart (e.g. ``["HOLD", "DISC"]``); default all.
    order_by : sequence of str, default ("role",)
        Case attributes the rows are sorted by (then by case); attributes a study lacks are
        skipped.
    attributes : sequence of str or None, default ("role", "site")
        The participants' attributes shown beside each case (those the study has); None for
        all of them.

    Returns
    -------
    FrameworkMatrix

    Raises
    ------
    InputError
        If a table lacks its columns, the coder is unknown, ``"consensus"`` has one coder, or a
        theme is not a top-level code of the codebook.
    """
    func = "framework_matrix"
    segments = require_columns(segments, ["segment_id", "doc_id", "participant_id", "text"],
                               "segments", func)  # fmt: skip
    codings = require_columns(codings, ["segment_id", "code_id", "coder"], "codings", func)
    codebook = require_columns(codebook, ["code_id", "name"], "codebook", func)
    chosen, who, coded_docs = _chosen_codings(codings, segments, coder, coverage, func)
    columns = _columns(codebook, themes, set(chosen["code_id"].astype(str)), func)

    own = ~interviewer_rows(segments)
    person = segments["participant_id"].notna()
    looked = segments["doc_id"].isin(coded_docs)
    charted = segments[own & person & looked]
    set_aside = []
    n_interviewer = int((~own).sum())
    if n_interviewer:
        set_aside.append(("interviewer turns", n_interviewer, "not a case's own words"))
    no_case = segments[own & ~person]
    if len(no_case):
        sources = ", ".join(sorted(no_case.get("source", pd.Series("", no_case.index))
                                   .fillna("").astype(str).unique()))  # fmt: skip
        set_aside.append(("segments without a participant", len(no_case),
                          f"no case to chart them under (source: {sources or 'unknown'})"))  # fmt: skip
    uncoded = segments[own & person & ~looked]
    if len(uncoded):
        by = {"union": "any coder", "consensus": "two coders"}.get(who, f"coder {who}")
        set_aside.append((f"segments of {uncoded['doc_id'].nunique()} documents not coded",
                          len(uncoded), f"not coded by {by}: a case's empty cell would say "
                          "nothing was found where nobody looked"))  # fmt: skip

    rolled = chosen[chosen["segment_id"].isin(charted["segment_id"])]
    outside = rolled[~rolled["code_id"].isin(columns["code_id"])]
    if len(outside):
        set_aside.append(("codings of codes not charted", len(outside),
                          "codes outside the chosen themes or the codebook: "
                          + ", ".join(sorted(outside["code_id"].astype(str).unique()))))  # fmt: skip
    rolled = rolled[rolled["code_id"].isin(columns["code_id"])]
    marks = (
        rolled.groupby(["segment_id", "code_id"], sort=False)["coder"]
        .agg(lambda c: ", ".join(sorted(map(str, set(c)))))
        .rename("coders")
        .reset_index()
    )
    case_of = charted.set_index("segment_id")
    quotes = marks.join(case_of, on="segment_id")
    quotes = quotes.assign(case_id=quotes["participant_id"].astype(str))

    cases = _cases(charted, participants, order_by, attributes)
    order = {c: i for i, c in enumerate(cases["case_id"])}
    code_order = {c: i for i, c in enumerate(columns["code_id"])}
    position = [c for c in ("turn", "char_start") if c in quotes.columns]
    quotes = quotes.assign(_case=quotes["case_id"].map(order),
                           _code=quotes["code_id"].map(code_order))  # fmt: skip
    quotes = quotes.sort_values(["_case", "_code", "doc_id", *position], kind="stable")
    for column in QUOTE_COLUMNS:
        if column not in quotes.columns:
            quotes[column] = pd.NA
    if "role" in cases.columns:  # the participants table knows a role a segment may lack
        quotes["role"] = quotes["role"].fillna(
            quotes["case_id"].map(cases.set_index("case_id")["role"])
        )
    quotes = quotes[list(QUOTE_COLUMNS)].reset_index(drop=True)

    grid = pd.MultiIndex.from_product([cases["case_id"], columns["code_id"]],
                                      names=["case_id", "code_id"]).to_frame(index=False)  # fmt: skip
    counts = quotes.groupby(["case_id", "code_id"]).agg(
        n_segments=("segment_id", "size"),
        coders=("coders", lambda c: ", ".join(sorted({x for v in c for x in v.split(", ")}))),
    )
    cells = grid.join(counts, on=["case_id", "code_id"])
    cells["n_segments"] = cells["n_segments"].fillna(0).astype(int)
    cells["coders"] = cells["coders"].fillna("")
    cells["n_case_segments"] = cells["case_id"].map(cases.set_index("case_id")["n_segments"])
    cells["coverage"] = cells["n_segments"] / cells["n_case_segments"]
    return FrameworkMatrix(
        cases=cases,
        codes=columns,
        cells=cells[list(CELL_COLUMNS)],
        quotes=quotes,
        set_aside=pd.DataFrame(set_aside, columns=["what", "n", "reason"]),
        coder=who,
    )


def _columns(codebook: pd.DataFrame, themes, applied: set[str], func: str):
    """The matrix's columns (``code_id, name, theme_id, theme_name``) in codebook order: the
    leaf codes, and a code with codes under it only where it was ``applied`` itself."""
    book = codebook.assign(code_id=codebook["code_id"].astype(str))
    parent = book.set_index("code_id")["parent"] if "parent" in book.columns else None
    names = dict(zip(book["code_id"], book["name"].astype(str), strict=True))
    top = {}
    for code_id in book["code_id"]:
        code = code_id
        while parent is not None and pd.notna(parent.get(code)) and parent.get(code) in names:
            code = parent.get(code)
        top[code_id] = code
    tops = list(dict.fromkeys(top[c] for c in book["code_id"]))
    if themes is not None:
        unknown = [t for t in themes if t not in tops]
        if unknown:
            raise InputError(
                f"{func}: themes {unknown} are not top-level codes of the codebook",
                expected=f"some of {tops}",
            )
        tops = [t for t in tops if t in set(themes)]
    has_children = set(parent.dropna().astype(str)) if parent is not None else set()
    rows = [
        (c, names[c], top[c], names[top[c]])
        for theme in tops
        for c in book["code_id"]
        if top[c] == theme and (c not in has_children or c in applied)
    ]
    return pd.DataFrame(rows, columns=["code_id", "name", "theme_id", "theme_name"])


def _chosen_codings(codings, segments, coder, coverage, func):
    """The codings to chart, the name of the choice (a coder, "union" or "consensus") and the
    documents it looked at (coded by the coder; by any coder; by at least two)."""
    coders = sorted(pd.unique(codings["coder"].astype(str)).tolist())
    if coder is None:
        coder = coders[0] if len(coders) == 1 else "union"
    docs = segments.set_index("segment_id")["doc_id"]
    if coverage is None:
        located = codings.assign(doc_id=codings["segment_id"].map(docs))
        coverage = located[["doc_id", "coder"]].dropna().drop_duplicates()
    coverage = require_columns(coverage, ["doc_id", "coder"], "coverage", func)
    coverage = coverage.assign(coder=coverage["coder"].astype(str))
    if coder not in COMBINED:
        if coder not in coders:
            raise InputError(f"{func}: coder {coder!r} made no codings",
                             expected=f"one of {coders} or one of {list(COMBINED)}")  # fmt: skip
        looked = set(coverage.loc[coverage["coder"] == coder, "doc_id"])
        return codings[codings["coder"].astype(str) == coder], coder, looked
    if coder == "union":
        return codings, coder, set(coverage["doc_id"])
    if len(coders) < 2:
        raise InputError(f"{func}: 'consensus' needs at least two coders, got {coders}",
                         expected="two coders' codings, or a coder's name")  # fmt: skip
    n_coders = coverage.groupby("doc_id")["coder"].nunique()
    agreed = codings.groupby(["segment_id", "code_id"])["coder"].nunique().rename("n").reset_index()
    agreed["needed"] = agreed["segment_id"].map(docs).map(n_coders)
    agreed = agreed[(agreed["needed"] >= 2) & (agreed["n"] >= agreed["needed"])]
    keep = codings.merge(agreed[["segment_id", "code_id"]], on=["segment_id", "code_id"])
    return keep, coder, set(n_coders.index[n_coders >= 2])


def _cases(charted: pd.DataFrame, participants, order_by, keep) -> pd.DataFrame:
    counts = charted.groupby("participant_id").size().rename("n_segments")
    cases = counts.reset_index().rename(columns={"participant_id": "case_id"})
    cases["case_id"] = cases["case_id"].astype(str)
    if participants is not None and len(participants):
        people = require_columns(participants, ["participant_id"], "participants",
                                 "framework_matrix")  # fmt: skip
        people = people.assign(case_id=people["participant_id"].astype(str))
        people = people.drop(columns="participant_id").drop_duplicates("case_id")
        cases = cases.merge(people, on="case_id", how="left")
    elif "role" in charted.columns:
        roles = charted.groupby("participant_id")["role"].first()
        cases["role"] = cases["case_id"].map(roles.rename(index=str))
    keys = [c for c in order_by if c in cases.columns and c != "case_id"]
    cases = cases.sort_values([*keys, "case_id"], kind="stable", na_position="last")
    attributes = [c for c in cases.columns if c not in ("case_id", "n_segments")]
    if keep is not None:
        attributes = [c for c in keep if c in attributes]
    return cases[["case_id", *attributes, "n_segments"]].reset_index(drop=True)


__all__ = ["CELL_COLUMNS", "QUOTE_COLUMNS", "FrameworkMatrix", "framework_matrix"]
