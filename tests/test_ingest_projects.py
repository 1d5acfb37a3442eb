"""A CAQDAS project (.qdpx) in the study folder is the study: documents, participants, coders,
codebook and codings, in each program's shape, accounted for in the ingest report."""

from __future__ import annotations

import pandas as pd
import pytest

from _qdpx import VENDORS, Code, Document, Selection, write_project
from analysis.agreement import agreement_table
from analysis.errors import InputError
from analysis.ingest import ingest_study
from analysis.refiqda import export_study, read_qdpx
from analysis.segments import coded_units

LW01 = (
    "Interviewer: How long have you worked as a link worker?\n"
    "Maggie Hughes: Three years now. I hold people, really, until they are ready 😀.\n"
    "Interviewer: And the waiting lists?\n"
    "Maggie Hughes: The lists are long, so I keep ringing them every week.\n"
)
GP01 = (
    "Q: What do you expect from the link worker?\n"
    "A: Judgement. I trust her to decide when a patient is ready to move on.\n"
    "Q: Anything else?\n"
    "A: Funding for the voluntary groups, which are closing.\n"
)
NOTES = (
    "Field notes from the practice visit.\n"
    "\n"
    "The waiting room was full and the link worker's door stayed open.\n"
    "Staff said the social prescribing budget ends in March.\n"
)
CODES = [
    Code("Holding", codable=False, color="#EB7333", description="Open-ended support"),
    Code("Containing", parent="Holding", description="Staying with a person"),
    Code("Chasing", parent="Holding"),
    Code("Discretion", color="#2CA02C"),
    Code("Funding"),
]


def documents(vendor: str) -> list[Document]:
    return [
        Document(
            "LW01 interview.docx", LW01, "Maggie Hughes", {"Role": "link_worker", "Site": "North"}
        ),
        Document("GP01.txt", GP01, "GP01", {"Role": "gp", "Site": "South"}),
        Document("Visit notes", NOTES, None, {}),
    ]


def selections(vendor: str, users=("Asha", "Ben")) -> list[Selection]:
    a, b = users
    out = []
    for user in (a, b):
        out.append(at("LW01 interview.docx", LW01, "I hold people, really", "Containing", user))
        out.append(at("GP01.txt", GP01, "I trust her to decide", "Discretion", user))
    out.append(at("LW01 interview.docx", LW01, "I keep ringing them", "Chasing", a))
    out.append(at("GP01.txt", GP01, "Funding for the voluntary groups", "Funding", a))
    out.append(at("Visit notes", NOTES, "budget ends in March", "Funding", b))
    out.append(at("LW01 interview.docx", LW01, "Interviewer", "Chasing", b))  # a label only
    return out


def at(document, text, phrase, code, user) -> Selection:
    start = text.index(phrase)
    return Selection(document, start, start + len(phrase), code, user)


def write_study(folder, vendor, *, key=True, **options):
    folder.mkdir(parents=True, exist_ok=True)
    write_project(
        folder / "project.qdpx",
        vendor,
        documents(vendor),
        CODES,
        selections(vendor),
        whole_source=[("GP01.txt", "Discretion", "Asha")],
        pdf="leaflet.pdf",
        **options,
    )
    if key:
        (folder / "key.csv").write_text(
            "real_name,pseudonym,kind,participant_id\n"
            "Maggie Hughes,LW01,participant,LW01\n"
            "Maggie,LW01,participant,LW01\n",
            encoding="utf-8",
        )
    return folder


def coded(result) -> set[tuple[str, str, str]]:
    """(doc_id, code_id, coder) of every coding, with the coded segment's text checked below."""
    segments = result.segments.set_index("segment_id")
    return {
        (segments.loc[row.segment_id, "doc_id"], row.code_id, row.coder)
        for row in result.codings.itertuples(index=False)
    }


def text_of(result, code_id: str, coder: str) -> list[str]:
    segments = result.segments.set_index("segment_id")
    chosen = result.codings[
        (result.codings["code_id"] == code_id) & (result.codings["coder"] == coder)
    ]
    return [segments.loc[s, "text"] for s in chosen["segment_id"]]


@pytest.fixture(scope="module", params=VENDORS)
def vendor_study(request, tmp_path_factory):
    vendor = request.param
    folder = write_study(tmp_path_factory.mktemp(vendor) / "study", vendor)
    return vendor, ingest_study(folder, progress=False)


def test_each_programs_project_gives_documents_turns_and_participants(vendor_study):
    vendor, result = vendor_study
    assert sorted(result.documents) == ["GP01", "LW01_interview", "Visit_notes"]
    lw01 = result.segments[result.segments["doc_id"] == "LW01_interview"]
    # speaker turns parsed: the interviewer's flagged, the named speaker is the key's LW01
    assert list(lw01["is_interviewer"]) == [True, False, True, False]
    assert set(lw01.loc[~lw01["is_interviewer"], "participant_id"]) == {"LW01"}
    # a source without speaker labels is read paragraph by paragraph
    notes = result.segments[result.segments["doc_id"] == "Visit_notes"]
    assert len(notes) == 3 and not notes["is_interviewer"].any()
    people = result.participants.set_index("participant_id")
    if vendor == "atlas":  # document groups, not variables
        assert people.loc["GP01", "groups"] == "South; gp"
    else:  # case classification (NVivo, QualCoder) or document variables (MAXQDA)
        assert people.loc["LW01", "role"] == "link_worker"
        assert people.loc["GP01", "site"] == "South"
        assert result.segments.set_index("segment_id").loc["GP01-t002", "role"] == "gp"
    assert "Visit_notes" in people.index  # a source without a case is a participant of its own
    for doc_id, text in result.documents.items():
        part = result.segments[result.segments["doc_id"] == doc_id]
        assert all(
            text[s:e] == t
            for s, e, t in zip(part.char_start, part.char_end, part.text, strict=True)
        )


def test_selections_land_on_the_turns_they_select_whatever_the_program_counts(vendor_study):
    vendor, result = vendor_study
    asha = "unknown" if vendor == "atlas" else "Asha"
    assert any(
        "I hold people, really" in t
        for t in text_of(result, "Holding/Containing", asha) + text_of(result, "Containing", asha)
    )
    assert any("I trust her to decide" in t for t in text_of(result, "Discretion", asha))
    assert any(
        "budget ends in March" in t
        for t in text_of(result, "Funding", "unknown" if vendor == "atlas" else "Ben")
    )
    if vendor != "atlas":
        assert result.coverage["coder"].nunique() == 2


def test_the_codebook_keeps_hierarchy_colours_and_categories(vendor_study):
    _, result = vendor_study
    book = result.codebook.set_index("name")
    assert result.codebook_name == "project.qdpx"
    assert bool(book.loc["Holding", "codable"]) is False
    assert book.loc["Containing", "parent"] == book.loc["Holding", "code_id"]
    assert book.loc["Discretion", "color"] == "#2CA02C"
    assert book.loc["Holding", "definition"] == "Open-ended support"


def test_every_coding_is_kept_or_set_aside_with_its_reason(vendor_study):
    _, result = vendor_study
    report = result.report
    assert report.unaccounted() == 0
    totals = report.totals()["codings"]
    # 8 selections + 1 whole-source coding + 1 PDF coding
    assert totals["read"] == 10
    aside = report.set_aside_table()
    reasons = " ".join(aside.loc[aside["item"] == "coding", "reason"])
    assert "whole document" in reasons
    assert "pdf source" in reasons
    assert "speaker label" in reasons
    assert totals["set_aside"] == 3
    assert (aside["item"] == "source").sum() == 1  # the PDF itself


def test_names_in_the_projects_text_and_cases_are_replaced(vendor_study):
    _, result = vendor_study
    every = [
        *result.segments["text"],
        *result.segments["speaker"].dropna(),
        *result.documents.values(),
    ]
    every += [str(v) for v in result.participants.to_numpy().ravel()]
    every += [str(v) for v in result.interviews.to_numpy().ravel()]
    assert not any("Maggie" in text or "Hughes" in text for text in every)


def test_without_a_key_the_project_is_refused_unless_detectors_only(tmp_path):
    folder = write_study(tmp_path / "study", "nvivo", key=False)
    with pytest.raises(InputError, match="no key.csv"):
        ingest_study(folder, progress=False)
    result = ingest_study(folder, progress=False, pseudonymise="detectors_only")
    assert not result.report.names_replaced
    assert "Maggie Hughes" in set(result.participants["participant_id"])


def test_two_coders_projects_of_the_same_documents_give_one_agreement(tmp_path):
    folder = tmp_path / "study"
    folder.mkdir()
    docs = documents("nvivo")
    both = selections("nvivo")
    for vendor, user in (("nvivo", "Asha"), ("maxqda", "Ben")):
        mine = [s for s in both if s.user == user]
        write_project(folder / f"{user}.qdpx", vendor, docs, CODES, mine)
    (folder / "key.csv").write_text(
        "real_name,pseudonym,kind,participant_id\nMaggie Hughes,LW01,participant,LW01\n", "utf-8"
    )
    result = ingest_study(folder, progress=False)
    assert sorted(result.documents) == ["GP01", "LW01_interview", "Visit_notes"]
    assert sorted(result.codebooks) == ["Asha.qdpx", "Ben.qdpx"]
    units = coded_units(result.segments, result.coverage)
    table = agreement_table(result.codings, units=units, n_boot=0, seed=0)
    assert set(table["n_coders"]) == {2}
    discretion = table.set_index("code_id").loc["Discretion"]
    assert discretion["cohen_kappa"] == pytest.approx(1.0)
    assert result.report.unaccounted() == 0


def test_one_coder_name_in_two_projects_of_one_source_is_two_coders(tmp_path):
    folder = tmp_path / "study"
    folder.mkdir()
    docs = documents("qualcoder")
    for name in ("first", "second"):
        chosen = [s for s in selections("qualcoder") if s.user == "Asha"]
        write_project(folder / f"{name}.qdpx", "qualcoder", docs, CODES, chosen)
    result = ingest_study(folder, progress=False, pseudonymise="detectors_only")
    assert sorted(result.coverage["coder"].unique()) == ["Asha (first)", "Asha (second)"]
    assert any("Two projects have a coder" in note for note in result.report.notes)


def test_a_project_beside_transcripts_codes_those_transcripts(tmp_path):
    folder = tmp_path / "study"
    (folder / "interviews").mkdir(parents=True)
    (folder / "interviews" / "LW01.txt").write_text(LW01, "utf-8")
    (folder / "interviews.csv").write_text(
        "doc_id,file,participant_id\nLW01,LW01.txt,LW01\n", "utf-8"
    )
    (folder / "participants.csv").write_text(
        "participant_id,role,site\nLW01,link_worker,North\n", "utf-8"
    )
    (folder / "key.csv").write_text(
        "real_name,pseudonym,kind,participant_id\nMaggie Hughes,LW01,participant,LW01\n", "utf-8"
    )
    doc = Document("LW01.docx", LW01, "LW01", {"Role": "link_worker"})
    chosen = [s for s in selections("nvivo") if s.document == "LW01 interview.docx"]
    chosen = [Selection("LW01.docx", s.start, s.end, s.code, s.user) for s in chosen]
    write_project(folder / "coded.qdpx", "nvivo", [doc], CODES, chosen)
    result = ingest_study(folder, progress=False)
    assert sorted(result.documents) == ["LW01"]  # no second copy of the transcript
    assert list(result.participants["participant_id"]) == ["LW01"]
    assert ("LW01", "Chasing", "Asha") in coded(result)
    assert result.report.unaccounted() == 0


def test_the_studys_export_reads_back_as_a_study_with_nothing_lost(vendor_study, tmp_path):
    vendor, result = vendor_study
    folder = tmp_path / "again"
    folder.mkdir()
    export_study(result, folder / "export.qdpx")
    again = ingest_study(folder, progress=False, pseudonymise="detectors_only")
    assert coded(again) == coded(result)
    assert sorted(again.documents) == sorted(result.documents)
    assert again.documents == result.documents
    book = again.codebook.set_index("code_id")[["name", "parent", "color", "codable"]]
    before = result.codebook.set_index("code_id")[["name", "parent", "color", "codable"]]
    pd.testing.assert_frame_equal(book.sort_index(), before.sort_index(), check_dtype=False)
    assert again.report.unaccounted() == 0
    assert tidy(again.participants) == tidy(result.participants)  # cases and their attributes


def tidy(table: pd.DataFrame) -> list[dict]:
    table = table.astype(object).where(table.notna(), None)
    return sorted(table.to_dict("records"), key=lambda row: row["participant_id"])


def test_a_damaged_project_names_the_file_or_is_set_aside(tmp_path):
    folder = write_study(tmp_path / "study", "nvivo")
    (folder / "broken.qdpx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="broken.qdpx"):
        ingest_study(folder, progress=False)
    result = ingest_study(folder, progress=False, on_error="skip")
    aside = result.report.set_aside_table()
    assert any("broken.qdpx" in f for f in aside.loc[aside["item"] == "file", "file"])
    assert sorted(result.documents) == ["GP01", "LW01_interview", "Visit_notes"]


def test_the_projects_are_read_as_each_program_counts_positions(tmp_path):
    for vendor in VENDORS:
        path = write_project(
            tmp_path / f"{vendor}.qdpx", vendor, documents(vendor), CODES, selections(vendor)
        )
        project = read_qdpx(path)
        chosen = project.selections.sort_values("source_line")
        assert "I hold people, really" in set(chosen["text"]), vendor


def ranges_text(result, code_id: str) -> set[str]:
    ranges = result.coded_ranges[result.coded_ranges["code_id"] == code_id]
    return {result.documents[r.doc_id][r.char_start : r.char_end] for r in ranges.itertuples()}


@pytest.mark.parametrize(
    ("vendor", "option", "value", "code", "phrase"),
    [
        # after an emoji, which NVivo counts as two UTF-16 units
        ("nvivo", "qdpx_positions", "unicode", "Chasing", "I keep ringing them"),
        # after line ends, which MAXQDA counts as one
        ("maxqda", "qdpx_newlines", "two", "Funding", "budget ends in March"),
    ],
)
def test_how_a_project_counts_is_read_from_its_program_and_can_be_overridden(
    tmp_path, vendor, option, value, code, phrase
):
    folder = write_study(tmp_path / "study", vendor)
    result = ingest_study(folder, progress=False)
    assert phrase in ranges_text(result, code)
    miscounted = ingest_study(folder, progress=False, **{option: value})
    assert phrase not in ranges_text(miscounted, code)
    with pytest.raises(ValueError, match=option):
        ingest_study(folder, progress=False, **{option: "bytes"})
