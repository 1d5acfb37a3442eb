"""Framework Method charting: cases × codes under their themes, each cell the coded data."""

from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from analysis.errors import InputError
from analysis.framework import (
    CELL_COLUMNS,
    QUOTE_COLUMNS,
    count_tables,
    framework_matrix,
    write_framework_docx,
    write_framework_xlsx,
)
from analysis.ingest import ingest_study

ROOT = Path(__file__).resolve().parents[1]

# Two interviews coded by two coders, a third interview nobody coded, interviewer turns and an
# event row (no participant); a codebook with a theme one coder also applied directly.
SEGMENTS = pd.DataFrame(
    {
        "segment_id": [f"{d}-{t}" for d in ("p1_w1", "p2_w1", "p3_w1") for t in range(4)]
        + ["ev-1"],
        "doc_id": [d for d in ("p1_w1", "p2_w1", "p3_w1") for _ in range(4)] + ["ev"],
        "source": ["interview"] * 12 + ["event"],
        "participant_id": [p for p in ("p1", "p2", "p3") for _ in range(4)] + [None],
        "is_interviewer": [t == 0 for _ in range(3) for t in range(4)] + [False],
        "turn": [t for _ in range(3) for t in range(4)] + [None],
        "text": [f"turn {t} of {d}" for d in ("p1", "p2", "p3") for t in range(4)]
        + ["an event note"],
    }
)
PARTICIPANTS = pd.DataFrame(
    {"participant_id": ["p1", "p2", "p3"], "role": ["patient", "link_worker", "link_worker"],
     "site": ["A", "B", "A"]}
)  # fmt: skip
CODEBOOK = pd.DataFrame(
    {
        "code_id": ["HOLD", "HOLD-LONG", "HOLD-SAFE", "DISC", "DISC-PLACE", "CASE"],
        "name": ["Holding", "Long support", "Safe space", "Discretion", "Where", "Caseload"],
        "parent": [None, "HOLD", "HOLD", None, "DISC", None],
    }
)
CODINGS = pd.DataFrame(
    [
        ("p1_w1-1", "HOLD-LONG", "r1"),
        ("p1_w1-1", "HOLD-LONG", "r2"),
        ("p1_w1-2", "HOLD-SAFE", "r1"),
        ("p1_w1-3", "DISC-PLACE", "r2"),
        ("p2_w1-1", "HOLD-LONG", "r1"),
        ("p2_w1-2", "HOLD", "r1"),
        ("p2_w1-2", "DISC-PLACE", "r1"),
        ("p2_w1-2", "DISC-PLACE", "r2"),
        ("ev-1", "CASE", "r1"),
    ],
    columns=["segment_id", "code_id", "coder"],
)


def _count(matrix, case, code):
    cells = matrix.cells.set_index(["case_id", "code_id"])
    return int(cells.loc[(case, code), "n_segments"])


def test_the_union_charts_every_coded_segment_under_its_case_and_theme():
    matrix = framework_matrix(SEGMENTS, CODINGS, CODEBOOK, PARTICIPANTS)
    assert matrix.coder == "union" and tuple(matrix.cells.columns) == CELL_COLUMNS
    # rows: the coded cases, ordered by role; the uncoded p3 is set aside, not an empty row
    assert matrix.cases["case_id"].tolist() == ["p2", "p1"]
    assert matrix.cases.columns.tolist() == ["case_id", "role", "site", "n_segments"]
    assert matrix.cases["n_segments"].tolist() == [3, 3]  # interviewer turns are not counted
    # columns: leaf codes under their themes; HOLD itself only because r1 applied it directly
    assert matrix.themes == ["HOLD", "DISC", "CASE"]
    assert matrix.codes["code_id"].tolist() == ["HOLD", "HOLD-LONG", "HOLD-SAFE", "DISC-PLACE",
                                                "CASE"]  # fmt: skip
    assert len(matrix.cells) == 2 * 5
    assert _count(matrix, "p1", "HOLD-LONG") == 1  # two coders, one segment
    assert _count(matrix, "p1", "DISC-PLACE") == 1 and _count(matrix, "p2", "HOLD") == 1
    assert _count(matrix, "p1", "CASE") == 0  # the event's coding has no case
    row = matrix.cells.set_index(["case_id", "code_id"]).loc[("p1", "HOLD-LONG")]
    assert row["coverage"] == pytest.approx(1 / 3) and row["coders"] == "r1, r2"
    quotes = matrix.quotes
    assert tuple(quotes.columns) == QUOTE_COLUMNS and len(quotes) == 6
    first = quotes[(quotes["case_id"] == "p1") & (quotes["code_id"] == "HOLD-LONG")].iloc[0]
    assert (first["doc_id"], first["turn"], first["text"]) == ("p1_w1", 1, "turn 1 of p1")
    reasons = dict(zip(matrix.set_aside["what"], matrix.set_aside["n"], strict=True))
    assert reasons["interviewer turns"] == 3
    assert reasons["segments without a participant"] == 1
    assert reasons["segments of 1 documents not coded"] == 3


def test_one_coder_and_the_consensus_of_two():
    r1 = framework_matrix(SEGMENTS, CODINGS, CODEBOOK, PARTICIPANTS, coder="r1")
    assert _count(r1, "p1", "HOLD-SAFE") == 1 and _count(r1, "p1", "DISC-PLACE") == 0
    both = framework_matrix(SEGMENTS, CODINGS, CODEBOOK, PARTICIPANTS, coder="consensus")
    agreed = set(zip(both.quotes["segment_id"], both.quotes["code_id"], strict=True))
    assert agreed == {("p1_w1-1", "HOLD-LONG"), ("p2_w1-2", "DISC-PLACE")}
    assert "HOLD" not in set(both.codes["code_id"])  # only r1 applied the theme itself
    with pytest.raises(InputError, match="coder 'r3' made no codings"):
        framework_matrix(SEGMENTS, CODINGS, CODEBOOK, coder="r3")
    with pytest.raises(InputError, match="'consensus' needs at least two coders"):
        framework_matrix(SEGMENTS, CODINGS[CODINGS["coder"] == "r1"], CODEBOOK, coder="consensus")
    with pytest.raises(InputError, match=r"themes \['WAVE'\] are not top-level codes"):
        framework_matrix(SEGMENTS, CODINGS, CODEBOOK, themes=["WAVE"])
    with pytest.raises(InputError, match="participant_id"):
        framework_matrix(SEGMENTS.drop(columns="participant_id"), CODINGS, CODEBOOK)


def test_a_refi_qda_project_of_the_same_data_lets_a_vendor_chart_the_same_matrix(tmp_path):
    """NVivo and MAXQDA build framework matrices from cases linked to sources and the codings
    in them: the exported project must hold the matrix's cases, attributes and cell counts."""
    from analysis.refiqda import read_qdpx, write_qdpx

    documents, spans = {}, []
    for doc_id, rows in SEGMENTS.groupby("doc_id", sort=False):
        text = ""
        for row in rows.itertuples():
            spans.append((row.segment_id, len(text), len(text) + len(row.text)))
            text += row.text + "\n"
        documents[doc_id] = text
    offsets = pd.DataFrame(spans, columns=["segment_id", "char_start", "char_end"])
    segments = SEGMENTS.merge(offsets, on="segment_id")
    path = write_qdpx(tmp_path / "study.qdpx", documents=documents, segments=segments,
                      codebook=CODEBOOK, codings=CODINGS, participants=PARTICIPANTS)  # fmt: skip
    project = read_qdpx(path)
    matrix = framework_matrix(SEGMENTS, CODINGS, CODEBOOK, PARTICIPANTS)
    cases = project.cases.set_index("case")
    for case in matrix.cases.itertuples():
        assert (cases.loc[case.case_id, "role"], cases.loc[case.case_id, "site"]) == (
            case.role, case.site,
        )  # fmt: skip
    linked = project.case_sources.merge(project.selections, on=["source_guid", "source_name"])
    counts = linked.drop_duplicates(["case", "start", "end", "code_id"]).groupby(
        ["case", "code_id"]).size()  # fmt: skip
    for cell in matrix.cells.itertuples():
        assert counts.get((cell.case_id, cell.code_id), 0) == cell.n_segments, cell


def test_the_workbook_has_a_sheet_per_theme_as_charting_is_done(tmp_path):
    matrix = framework_matrix(SEGMENTS, CODINGS, CODEBOOK, PARTICIPANTS, themes=["HOLD", "DISC"])
    path = write_framework_xlsx(matrix, tmp_path / "framework.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["HOLD Holding", "DISC Discretion", "Quotes", "About"]
    sheet = book["HOLD Holding"]
    header = [c.value for c in sheet[1]]
    assert header == ["Case", "Role", "Site", "HOLD Holding", "HOLD-LONG Long support",
                      "HOLD-SAFE Safe space"]  # fmt: skip
    assert sheet.freeze_panes == "D2"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"p1", "p2"} and rows["p2"][1].value == "Link worker"
    cell = rows["p1"][4]  # p1 × HOLD-LONG
    assert cell.value.startswith("1 of 3 segments (33%)\n• “turn 1 of p1” (p1_w1, turn 1) [r1, r2]")
    assert cell.alignment.wrap_text
    empty = rows["p1"][3]  # p1 × HOLD: nothing coded, visibly empty
    assert empty.value is None and empty.fill.start_color.rgb.endswith("EEEEEE")
    quotes = list(book["Quotes"].iter_rows(min_row=2, values_only=True))
    assert len(quotes) == len(matrix.quotes) == 6
    assert set(matrix.quotes["role"]) == {"patient", "link_worker"}  # from participants
    about = [r for r in book["About"].iter_rows(values_only=True)]
    assert ("Coder charted", "union") in [r[:2] for r in about]


def test_the_word_document_and_count_tables(tmp_path):
    matrix = framework_matrix(SEGMENTS, CODINGS, CODEBOOK, PARTICIPANTS)
    document = Document(write_framework_docx(matrix, tmp_path / "framework.docx"))
    assert len(document.tables) == len(matrix.themes)
    assert document.tables[0].rows[1].cells[0].text == "p2"
    assert document.tables[0].rows[2].cells[1].text == "–"  # p1 × HOLD: visibly empty
    assert document.tables[0].rows[2].cells[3].text.startswith("1 of 3 segments (33%)")
    tables = count_tables(matrix)
    hold = tables["HOLD"].set_index("Case")
    assert hold.loc["p1", "HOLD-LONG Long support"] == "1 (33%)"
    assert hold.loc["p1", "HOLD Holding"] == "–" and hold.loc["p2", "Role"] == "Link worker"
    assert (
        hold.columns[:3].tolist() == ["Role", "Site", "Segments"] and hold["Segments"].eq(3).all()
    )


@pytest.mark.slow
def test_the_demo_charts_holding_and_discretion_as_the_codings_say(tmp_path):
    study = ingest_study(ROOT / "data" / "raw" / "demo", progress=False)
    matrix = framework_matrix(study.segments, study.codings, study.codebook, study.participants,
                              coverage=study.coverage, themes=["HOLD", "DISC"])  # fmt: skip
    # every cell equals an independent count of distinct coded segments per participant
    segments = study.segments.set_index("segment_id")
    coded = study.codings.join(segments[["participant_id", "is_interviewer"]], on="segment_id")
    coded = coded[coded["participant_id"].notna() & ~coded["is_interviewer"].astype(bool)]
    coded = coded[coded["code_id"].isin(matrix.codes["code_id"])]
    expected = (
        coded.drop_duplicates(["segment_id", "code_id"])
        .groupby(["participant_id", "code_id"])
        .size()
    )
    cells = matrix.cells.set_index(["case_id", "code_id"])["n_segments"]
    assert cells[cells > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert matrix.cases["role"].is_monotonic_increasing
    book = load_workbook(write_framework_xlsx(matrix, tmp_path / "framework.xlsx"))
    assert book.sheetnames[:2] == ["HOLD Holding", "DISC Discretion"]


def test_the_same_matrix_gives_the_same_bytes(tmp_path):
    matrix = framework_matrix(SEGMENTS, CODINGS, CODEBOOK, PARTICIPANTS)
    for writer, name in ((write_framework_xlsx, "f.xlsx"), (write_framework_docx, "f.docx")):
        first = writer(matrix, tmp_path / "a" / name).read_bytes()
        assert writer(matrix, tmp_path / "b" / name).read_bytes() == first
