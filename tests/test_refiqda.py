"""REFI-QDA exchange: the demo study through .qdpx and back, files shaped as NVivo, MAXQDA,
QualCoder and ATLAS.ti write them, the vendored schemas, and damaged files."""

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from analysis.config import PROJ_ROOT
from analysis.errors import InputError
from analysis.ingest import ingest_study
from analysis.refiqda import (
    ASSISTED_BRANCH,
    ASSISTED_USER,
    TOPICS_BRANCH,
    TOPICS_USER,
    export_study,
    import_project,
    read_qdc,
    read_qdpx,
    schema_path,
    validate_qdc,
    validate_qdpx,
    write_qdc,
    write_qdpx,
)

DEMO = PROJ_ROOT / "data" / "raw" / "demo"
BOOK_COLUMNS = ["code_id", "name", "parent", "definition", "include", "exclude", "example"]
CODING_KEY = ["segment_id", "code_id", "coder"]


@pytest.fixture(scope="module")
def demo():
    return ingest_study(DEMO, progress=False)


@pytest.fixture(scope="module")
def demo_qdpx(demo, tmp_path_factory):
    return export_study(demo, tmp_path_factory.mktemp("qdpx") / "demo.qdpx")


def sorted_codings(codings):
    return codings[CODING_KEY].sort_values(CODING_KEY).reset_index(drop=True)


def same_codebook(left, right):
    def tidy(book):
        return book[BOOK_COLUMNS].astype(object).where(book[BOOK_COLUMNS].notna(), "")

    return tidy(left).reset_index(drop=True).equals(tidy(right).reset_index(drop=True))


def make_qdpx(path: Path, qde: str, files: dict[str, str | bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        for name, data in (files or {}).items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def schema_errors(xml: bytes, kind: str) -> list[str]:
    """Problems that xmlschema (independent of the lxml validation in the package) finds."""
    schema = xmlschema.XMLSchema(str(schema_path(kind)))
    return [str(error.reason) for error in schema.iter_errors(io.BytesIO(xml))]


# ---- the vendored schemas --------------------------------------------------------------------


def test_vendored_schemas_parse_and_use_ascii_hyphens_in_their_patterns():
    for kind in ("codebook", "project"):
        text = schema_path(kind).read_text(encoding="utf-8")
        assert "\u2010" not in text  # the typographic hyphen of circulating copies
        schema = xmlschema.XMLSchema(str(schema_path(kind)))
        assert schema.types["GUIDType"].is_valid("{0A1B2C3D-0000-4000-8000-00000000000F}")
        assert not schema.types["GUIDType"].is_valid("0a1b2c3d\u20100000-4000-8000-00000000000f")
        etree.XMLSchema(etree.parse(str(schema_path(kind))))
    assert (schema_path("project").parent / "NOTICE.txt").is_file()


# ---- the demo study through .qdpx ------------------------------------------------------------


def test_demo_export_validates_against_the_project_schema(demo_qdpx):
    with zipfile.ZipFile(demo_qdpx) as archive:
        qde = archive.read("project.qde")
        names = archive.namelist()
    assert schema_errors(qde, "project") == []
    assert validate_qdpx(demo_qdpx) == []
    assert names[0] == "project.qde"
    assert all(name.startswith("sources/") and name.endswith(".txt") for name in names[1:])


def test_demo_round_trips_codings_codebook_users_and_cases(demo, demo_qdpx):
    codings, codebook, report = import_project(demo_qdpx, demo.segments, demo.documents)
    assert sorted_codings(codings).equals(sorted_codings(demo.codings))
    assert same_codebook(codebook, demo.codebook)
    assert report.unmapped.empty
    assert set(report.sources["matched_by"]) == {"text"}

    project = read_qdpx(demo_qdpx)
    assert sorted(project.users["coder"]) == sorted(demo.codings["coder"].unique())
    cases = project.cases.drop(columns="case_guid").rename(columns={"case": "participant_id"})
    participants = demo.participants.astype(object).where(demo.participants.notna(), None)
    assert cases.astype(object).equals(participants.astype(object))
    assert set(project.sources["source_name"]) == set(demo.documents)
    assert dict(zip(project.sources["source_name"], project.sources["text"], strict=True)) == dict(
        demo.documents
    )


def test_selections_cover_exactly_the_coded_segments_text(demo, demo_qdpx):
    project = read_qdpx(demo_qdpx)
    text_of = dict(zip(demo.segments["segment_id"], demo.segments["text"], strict=True))
    with zipfile.ZipFile(demo_qdpx) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    names = {
        element.get("guid"): element.get("name")
        for element in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
    }
    for row in project.selections.head(50).itertuples():
        assert row.text == text_of[names[row.selection_guid]]


def test_export_is_byte_for_byte_reproducible(demo, demo_qdpx, tmp_path):
    again = export_study(demo, tmp_path / "again.qdpx")
    assert again.read_bytes() == demo_qdpx.read_bytes()


def test_topics_and_suggestions_go_to_their_own_branches_and_users(demo, tmp_path):
    segments = demo.segments["segment_id"]
    assignments = pd.DataFrame(
        {"segment_id": segments[:30], "topic": [i % 3 - 1 for i in range(30)], "probability": 0.9}
    )
    topics = pd.DataFrame(
        {"topic": [-1, 0, 1], "size": [10, 10, 10], "label": ["outliers", "waiting", "ring"]}
    )
    suggestions = pd.DataFrame({"segment_id": segments[:5], "code_id": "HOLD-CONTAIN"})
    path = export_study(
        demo, tmp_path / "t.qdpx", topics=topics, assignments=assignments, suggestions=suggestions
    )
    assert validate_qdpx(path) == []
    project = read_qdpx(path)
    book = project.codebook.set_index("code_id")
    assert book.loc["TOPIC-0", "parent"] == book.loc["TOPIC-1", "parent"]
    assert book.loc[book.loc["TOPIC-0", "parent"], "name"] == TOPICS_BRANCH
    assert "TOPIC--1" not in book.index  # outliers get no code
    assert book.loc[book.loc["SUGGESTED:HOLD-CONTAIN", "parent"], "name"] == ASSISTED_BRANCH
    by_user = project.selections.groupby("coder")["code_id"].agg(set)
    assert by_user[TOPICS_USER] == {"TOPIC-0", "TOPIC-1"}
    assert by_user[ASSISTED_USER] == {"SUGGESTED:HOLD-CONTAIN"}

    codings, codebook, report = import_project(path, demo.segments, demo.documents)
    assert sorted_codings(codings).equals(sorted_codings(demo.codings))
    assert same_codebook(codebook, demo.codebook)
    assert report.machine_codings == 20 + 5


def test_utf16_positions_round_trip_through_text_with_emoji(tmp_path):
    documents = {"D1": "Emoji \U0001f600 first. Then the coded turn.\nLast turn 😀 here."}
    text = documents["D1"]
    segments = pd.DataFrame(
        {
            "segment_id": ["D1-1", "D1-2", "D1-3"],
            "doc_id": "D1",
            "char_start": [0, 15, text.index("Last")],
            "char_end": [14, text.index("\n"), len(text)],
        }
    )
    codebook = pd.DataFrame({"code_id": ["A"], "name": ["A code"], "parent": [None]})
    codings = pd.DataFrame({"segment_id": ["D1-2", "D1-3"], "code_id": "A", "coder": "R1"})
    path = write_qdpx(
        tmp_path / "u.qdpx",
        documents=documents,
        segments=segments,
        codebook=codebook,
        codings=codings,
        positions="utf16",
    )
    project = read_qdpx(path, positions="utf16")
    assert list(project.selections["text"]) == ["Then the coded turn.", "Last turn 😀 here."]
    back, _, _ = import_project(path, segments, documents, positions="utf16")
    assert sorted_codings(back).equals(sorted_codings(codings))


# ---- codebooks (.qdc) ------------------------------------------------------------------------


def test_codebook_round_trips_through_qdc_and_validates(demo, tmp_path):
    path = write_qdc(demo.codebook, tmp_path / "book.qdc")
    assert schema_errors(path.read_bytes(), "codebook") == []
    assert validate_qdc(path) == []
    book = read_qdc(path)
    assert same_codebook(book, demo.codebook)
    assert book["guid"].str.fullmatch(r"[0-9a-f-]{36}").all()
    again = write_qdc(book.assign(color="#FF0000"), tmp_path / "again.qdc")
    assert list(read_qdc(again)["guid"]) == list(book["guid"])  # GUIDs survive a round trip
    assert set(read_qdc(again)["color"]) == {"#FF0000"}


NVIVO_MAC_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="NVivo 12 for Mac">
  <Codes>
    <Code guid="{8D3B2A1C-4E5F-4A6B-9C7D-1E2F3A4B5C6D}" name="Holding" isCodable="true" color="#ff8800">
      <Description>Support that is open-ended.</Description>
      <Code guid="{9E4C3B2D-5F60-4B7C-8D8E-2F3A4B5C6D7E}" name="Container for emotions" isCodable="true"/>
      <Code guid="{AF5D4C3E-6071-4C8D-9E9F-3A4B5C6D7E8F}" name="Other" isCodable="true"/>
    </Code>
    <Code guid="{B06E5D4F-7182-4D9E-AFA0-4B5C6D7E8F90}" name="Discretion" isCodable="false">
      <Code guid="{C17F6E50-8293-4EAF-B0B1-5C6D7E8F9001}" name="Other" isCodable="true"/>
    </Code>
  </Codes>
  <Sets>
    <Set guid="{D2807F61-93A4-4FB0-81C2-6D7E8F900112}" name="Deductive">
      <MemberCode guid="{8D3B2A1C-4E5F-4A6B-9C7D-1E2F3A4B5C6D}"/>
    </Set>
  </Sets>
</CodeBook>
"""


def test_nvivo_mac_codebook_namespace_braced_guids_and_duplicate_names_are_read(tmp_path):
    path = tmp_path / "nvivo.qdc"
    path.write_text(NVIVO_MAC_QDC, encoding="utf-8")
    book, groups = read_qdc(path, with_groups=True)
    assert list(book["code_id"]) == [
        "Holding",
        "Container_for_emotions",
        "Holding/Other",
        "Discretion",
        "Discretion/Other",
    ]
    assert list(book["parent"]) == [None, "Holding", "Holding", None, "Discretion"]
    assert book.loc[0, "guid"] == "{8D3B2A1C-4E5F-4A6B-9C7D-1E2F3A4B5C6D}"  # as given
    assert book.loc[0, "color"] == "#FF8800"
    assert book.loc[0, "definition"] == "Support that is open-ended."
    assert list(groups["code_id"]) == ["Holding"] and list(groups["group"]) == ["Deductive"]
    # The same file is valid once the namespace is the standard's.
    fixed = NVIVO_MAC_QDC.replace("codebook:1:0", "codebook:1.0").encode("utf-8")
    assert schema_errors(fixed.replace(b'encoding="utf-8"', b""), "codebook") == []


@pytest.mark.parametrize("namespace", ["codebook:1.0", "codebook:1:0", "codebook:0:4"])
def test_codebook_namespace_variants_are_read_alike(tmp_path, namespace):
    path = tmp_path / "book.qdc"
    path.write_text(NVIVO_MAC_QDC.replace("codebook:1:0", namespace), encoding="utf-8")
    assert list(read_qdc(path)["name"]) == [
        "Holding", "Container for emotions", "Other", "Discretion", "Other",
    ]  # fmt: skip
    path.write_text(NVIVO_MAC_QDC.replace("codebook:1:0", "codebook:9.9"), encoding="utf-8")
    with pytest.raises(InputError, match="namespace 'urn:QDA-XML:codebook:9.9'"):
        read_qdc(path)


def test_a_category_code_stays_not_codable_through_a_round_trip(tmp_path):
    path = tmp_path / "nvivo.qdc"
    path.write_text(NVIVO_MAC_QDC, encoding="utf-8")
    book = read_qdc(path)
    assert list(book["codable"]) == [True, True, True, False, True]
    again = read_qdc(write_qdc(book, tmp_path / "again.qdc"))
    assert list(again["codable"]) == [True, True, True, False, True]
    root = etree.parse(str(tmp_path / "again.qdc")).getroot()
    flags = {c.get("name"): c.get("isCodable") for c in root.iter("{*}Code")}
    assert flags["Discretion"] == "false" and flags["Holding"] == "true"
    # GUIDs are written back exactly as NVivo gave them (upper case, braces), not re-cased
    written = [c.get("guid") for c in root.iter("{*}Code")]
    original = [c.get("guid") for c in etree.parse(str(path)).getroot().iter("{*}Code")]
    assert written == original


def test_export_writes_one_coding_per_selection_unless_asked_for_one_per_segment(
    demo, demo_qdpx, tmp_path
):
    def codings_per_selection(path):
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("project.qde"))
        selections = list(root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection"))
        return [len(s.findall("{urn:QDA-XML:project:1.0}Coding")) for s in selections]

    assert set(codings_per_selection(demo_qdpx)) == {1}  # as NVivo and QualCoder write them
    assert len(codings_per_selection(demo_qdpx)) == len(demo.codings.drop_duplicates())
    compact = export_study(demo, tmp_path / "compact.qdpx", selections="per_segment")
    assert max(codings_per_selection(compact)) > 1
    for path in (demo_qdpx, compact):
        codings, _, report = import_project(path, demo.segments, demo.documents)
        assert sorted_codings(codings).equals(sorted_codings(demo.codings))
        assert report.unmapped.empty


# ---- files shaped as other programs write them -----------------------------------------------

NVIVO_TEXT = (
    "Interviewer: How did it go? \U0001f600\nLW01: I hold people, really. Not a signpost.\n"
)


def nvivo_qdpx(path: Path, text: str = NVIVO_TEXT, origin: str = "NVivo 14.24.0 (Windows)"):
    start = text.index("I hold")
    end = text.index(" Not a")
    # NVivo counts UTF-16 code units: the emoji before the selection takes two.
    utf16_start, utf16_end = start + 1, end + 1
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Link workers" origin="{origin}"
         creatingUserGUID="{{5D2A3E4F-1111-4222-8333-944455566677}}">
  <Users>
    <User guid="{{5D2A3E4F-1111-4222-8333-944455566677}}" name="Alex (R1)" id="AR"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{{0A1B2C3D-0000-4000-8000-00000000000A}}" name="Holding" isCodable="true" color="#1F77B4">
        <Description>Open-ended support.</Description>
        <Code guid="{{0A1B2C3D-0000-4000-8000-00000000000B}}" name="Container" isCodable="true"/>
      </Code>
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="{{0A1B2C3D-0000-4000-8000-0000000000C1}}" name="Role" typeOfVariable="Text"/>
    <Variable guid="{{0A1B2C3D-0000-4000-8000-0000000000C2}}" name="Years" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="{{0A1B2C3D-0000-4000-8000-0000000000D1}}" name="LW01">
      <VariableValue><VariableRef targetGUID="{{0A1B2C3D-0000-4000-8000-0000000000C1}}"/><TextValue>link_worker</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{{0A1B2C3D-0000-4000-8000-0000000000C2}}"/><IntegerValue>3</IntegerValue></VariableValue>
      <SourceRef targetGUID="{{7E8F9A0B-0000-4000-8000-0000000000E1}}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{{7E8F9A0B-0000-4000-8000-0000000000E1}}" name="LW01_w1.docx"
                richTextPath="internal://7E8F9A0B-0000-4000-8000-0000000000E1.docx"
                plainTextPath="internal://7E8F9A0B-0000-4000-8000-0000000000E1.txt"
                creatingUser="{{5D2A3E4F-1111-4222-8333-944455566677}}"
                creationDateTime="2024-03-01T10:00:00Z">
      <PlainTextSelection guid="{{11111111-0000-4000-8000-000000000001}}" name="LW01_w1"
          startPosition="{utf16_start}" endPosition="{utf16_end}"
          creatingUser="{{5D2A3E4F-1111-4222-8333-944455566677}}">
        <Coding guid="{{22222222-0000-4000-8000-000000000001}}"
                creatingUser="{{5D2A3E4F-1111-4222-8333-944455566677}}">
          <CodeRef targetGUID="{{0A1B2C3D-0000-4000-8000-00000000000B}}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""
    # The entry name differs in case from plainTextPath: entries are found ignoring case.
    files = {"sources/7e8f9a0b-0000-4000-8000-0000000000e1.txt": b"\xef\xbb\xbf" + text.encode()}
    return make_qdpx(path, qde, files)


def nvivo_study():
    text = NVIVO_TEXT
    turn = text.index("LW01:")
    segments = pd.DataFrame(
        {
            "segment_id": ["LW01_w1-t001", "LW01_w1-t002"],
            "doc_id": "LW01_w1",
            "char_start": [0, turn],
            "char_end": [turn - 1, len(text) - 1],
        }
    )
    return segments, {"LW01_w1": text}


def test_nvivo_file_counts_utf16_positions_past_an_emoji(tmp_path):
    path = nvivo_qdpx(tmp_path / "nvivo.qdpx")
    with zipfile.ZipFile(path) as archive:
        assert schema_errors(archive.read("project.qde"), "project") == []
    project = read_qdpx(path)
    assert project.positions == "utf16"
    selection = project.selections.iloc[0]
    assert selection["text"] == "I hold people, really."
    assert selection["coder"] == "Alex (R1)"
    assert selection["code_id"] == "Container"
    assert selection["source_guid"] == "7e8f9a0b-0000-4000-8000-0000000000e1"
    assert project.sources.loc[0, "text"] == NVIVO_TEXT  # the byte-order mark is dropped
    assert project.cases.to_dict("records") == [
        {
            "case_guid": "0a1b2c3d-0000-4000-8000-0000000000d1",
            "case": "LW01",
            "Role": "link_worker",
            "Years": "3",
        }
    ]
    assert list(project.case_sources["source_name"]) == ["LW01_w1.docx"]
    # Counting characters instead would shift the selection by the emoji's extra unit.
    shifted = read_qdpx(path, positions="unicode").selections.iloc[0]["text"]
    assert shifted == " hold people, really. "


def test_nvivo_selection_maps_onto_the_turn_by_source_name(tmp_path):
    segments, documents = nvivo_study()
    path = nvivo_qdpx(tmp_path / "nvivo.qdpx")
    codings, codebook, report = import_project(path, segments, documents)
    assert codings.to_dict("records") == [
        {"segment_id": "LW01_w1-t002", "code_id": "Container", "coder": "Alex (R1)"}
    ]
    assert list(codebook["parent"]) == [None, "Holding"]
    assert report.sources.loc[0, "matched_by"] == "text"


def test_nvivo_source_coded_before_pseudonymisation_aligns_to_the_pseudonymised_text(tmp_path):
    segments, documents = nvivo_study()
    # Coded in NVivo on the raw transcript (a real name, Windows line endings); the study holds
    # the pseudonymised text, so positions must be carried across.
    raw = NVIVO_TEXT.replace("LW01:", "Maggie Hughes:").replace("\n", "\r\n")
    path = nvivo_qdpx(tmp_path / "raw.qdpx", text=raw)
    assert read_qdpx(path).selections.loc[0, "text"] == "I hold people, really."
    codings, _, report = import_project(path, segments, documents)
    assert list(codings["segment_id"]) == ["LW01_w1-t002"]
    assert report.sources.loc[0, "matched_by"] == "name"


def test_a_source_matching_no_document_leaves_its_codings_unmapped_and_reported(tmp_path):
    segments, documents = nvivo_study()
    path = nvivo_qdpx(tmp_path / "n.qdpx")
    codings, _, report = import_project(path, segments, {"OTHER": "Unrelated text."})
    assert codings.empty
    assert report.unmapped.loc[0, "reason"] == "no document has this source's name or text"
    codings, _, _ = import_project(
        path, segments.assign(doc_id="X"), {"X": NVIVO_TEXT}, source_map={"LW01_w1.docx": "X"}
    )
    assert list(codings["segment_id"]) == ["LW01_w1-t002"]


MAXQDA_TEXT = "Q: What helps?\r\nA: Being heard 🙂 matters, and time.\r\nQ: Anything else?\r\n"


def maxqda_qdpx(path: Path) -> Path:
    # MAXQDA counts positions on the text with LF line ends (a CR LF is one position), as
    # QualCoder's importer and exporter assume.
    text = MAXQDA_TEXT.replace("\r\n", "\n")
    start, end = text.index("Being"), text.index(", and")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
 name="Patients" origin="MAXQDA 2022 (Release 22.7.0)" creationDateTime="2024-05-01T09:00:00">
  <Users>
    <User guid="a1a1a1a1-0000-4000-8000-000000000001" name="R1"/>
    <User guid="a1a1a1a1-0000-4000-8000-000000000002" name="R2"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="c0c0c0c0-0000-4000-8000-000000000001" name="Being listened to" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="d0d0d0d0-0000-4000-8000-000000000001" name="PT01"
                plainTextPath="internal://d0d0d0d0-0000-4000-8000-000000000001.txt">
      <PlainTextSelection guid="e0e0e0e0-0000-4000-8000-000000000001" startPosition="{start}"
          endPosition="{end}" creatingUser="a1a1a1a1-0000-4000-8000-000000000001">
        <Coding guid="f0f0f0f0-0000-4000-8000-000000000001" creatingUser="a1a1a1a1-0000-4000-8000-000000000001">
          <CodeRef targetGUID="c0c0c0c0-0000-4000-8000-000000000001"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="e0e0e0e0-0000-4000-8000-000000000002" startPosition="0"
          endPosition="2" creatingUser="a1a1a1a1-0000-4000-8000-000000000002">
        <Coding guid="f0f0f0f0-0000-4000-8000-000000000002" creatingUser="a1a1a1a1-0000-4000-8000-000000000002">
          <CodeRef targetGUID="c0c0c0c0-0000-4000-8000-000000000001"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="d0d0d0d0-0000-4000-8000-000000000002" name="leaflet.pdf" path="internal://x.pdf"/>
  </Sources>
</Project>
"""
    return make_qdpx(path, qde, {"sources/d0d0d0d0-0000-4000-8000-000000000001.txt": MAXQDA_TEXT})


def test_maxqda_file_counts_characters_and_reports_a_selection_on_a_speaker_label(tmp_path):
    path = maxqda_qdpx(tmp_path / "maxqda.qdpx")
    with zipfile.ZipFile(path) as archive:
        assert schema_errors(archive.read("project.qde"), "project") == []
    project = read_qdpx(path)
    assert project.positions == "unicode" and project.newlines == "one"
    assert list(project.selections["text"]) == ["Being heard 🙂 matters", "Q:"]
    # counted as two, each CR LF before the selection would shift it by one
    shifted = read_qdpx(path, newlines="two")
    assert list(shifted.selections["text"]) == [" Being heard 🙂 matter", "Q:"]
    assert any("PDFSource" in note for note in project.notes)

    text = MAXQDA_TEXT
    segments = pd.DataFrame(
        {
            "segment_id": ["PT01-t001", "PT01-t002", "PT01-t003"],
            "doc_id": "PT01",
            "char_start": [3, text.index("Being"), text.index("Anything")],
            "char_end": [text.index("?"), text.index("time.") + 5, len(text) - 2],
        }
    )
    codings, _, report = import_project(path, segments, {"PT01": text})
    assert codings.to_dict("records") == [
        {"segment_id": "PT01-t002", "code_id": "Being_listened_to", "coder": "R1"}
    ]
    assert len(report.unmapped) == 1
    assert report.unmapped.loc[0, "coder"] == "R2"
    assert "speaker label" in report.unmapped.loc[0, "reason"]
    assert any("not mapped" in line for line in report.lines())


def test_qualcoder_file_with_relative_source_category_codes_and_memo_is_read(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "GP01.txt").write_text("The practice trusts her judgement.", "utf-8")
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder 3.5" basePath="">
  <Users><User guid="b2b2b2b2-0000-4000-8000-000000000001" name="default"/></Users>
  <CodeBook><Codes>
    <Code guid="c1c1c1c1-0000-4000-8000-000000000001" name="Discretion" isCodable="false" color="#EB7333">
      <Description>Category memo</Description>
      <Code guid="c1c1c1c1-0000-4000-8000-000000000002" name="Trust" isCodable="true" color="#AAA">
        <Description>How much room they are given</Description>
      </Code>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="d1d1d1d1-0000-4000-8000-000000000001" name="GP01.txt"
                plainTextPath="relative://texts/GP01.txt"
                creatingUser="b2b2b2b2-0000-4000-8000-000000000001">
      <PlainTextSelection guid="e1e1e1e1-0000-4000-8000-000000000001" startPosition="4"
          endPosition="33" creatingUser="b2b2b2b2-0000-4000-8000-000000000001">
        <Coding guid="f1f1f1f1-0000-4000-8000-000000000001" creatingUser="b2b2b2b2-0000-4000-8000-000000000001">
          <CodeRef targetGUID="c1c1c1c1-0000-4000-8000-000000000002"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""
    path = make_qdpx(tmp_path / "qc.qdpx", qde)
    assert schema_errors(qde.encode().replace(b' encoding="utf-8"', b""), "project") == []
    project = read_qdpx(path)
    assert project.selections.loc[0, "text"] == "practice trusts her judgement"
    assert project.selections.loc[0, "coder"] == "default"
    book = project.codebook.set_index("code_id")
    assert book.loc["Trust", "parent"] == "Discretion"
    assert book.loc["Trust", "definition"] == "How much room they are given"
    assert book.loc["Trust", "color"] == "#AAA"


def test_atlas_ti_code_groups_and_inline_text_are_read(tmp_path):
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="atlas" origin="ATLAS.ti 23">
  <CodeBook><Codes>
    <Code guid="C2C2C2C2-0000-4000-8000-000000000001" name="Holding" isCodable="true"/>
    <Code guid="C2C2C2C2-0000-4000-8000-000000000002" name="Referral" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="D2D2D2D2-0000-4000-8000-000000000001" name="Notes">
      <PlainTextContent>Group two said holding is the job.</PlainTextContent>
      <PlainTextSelection guid="E2E2E2E2-0000-4000-8000-000000000001" startPosition="15" endPosition="33">
        <Coding guid="F2F2F2F2-0000-4000-8000-000000000001">
          <CodeRef targetGUID="C2C2C2C2-0000-4000-8000-000000000001"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Sets>
    <Set guid="A2A2A2A2-0000-4000-8000-000000000001" name="Deductive codes">
      <MemberCode targetGUID="C2C2C2C2-0000-4000-8000-000000000001"/>
      <MemberCode targetGUID="C2C2C2C2-0000-4000-8000-000000000002"/>
      <MemberSource targetGUID="D2D2D2D2-0000-4000-8000-000000000001"/>
    </Set>
  </Sets>
</Project>
"""
    assert schema_errors(qde.encode().replace(b' encoding="utf-8"', b""), "project") == []
    project = read_qdpx(make_qdpx(tmp_path / "atlas.qdpx", qde))
    assert list(project.code_groups["code_id"]) == ["Holding", "Referral"]
    assert set(project.code_groups["group"]) == {"Deductive codes"}
    assert project.selections.loc[0, "text"] == "holding is the job"
    assert project.selections.loc[0, "coder"] == "unknown"


# ---- damaged files ---------------------------------------------------------------------------


def test_a_file_that_is_not_a_zip_names_the_file(tmp_path):
    path = tmp_path / "project.qdpx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match="project.qdpx: not a readable zip archive"):
        read_qdpx(path)
    with pytest.raises(InputError, match="file not found"):
        read_qdpx(tmp_path / "missing.qdpx")


def test_an_archive_without_project_qde_is_an_input_error(tmp_path):
    path = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sources/x.txt", "text")
    with pytest.raises(InputError, match="no project.qde"):
        read_qdpx(path)


def test_bad_xml_names_the_entry_and_line(tmp_path):
    path = make_qdpx(tmp_path / "bad.qdpx", '<?xml version="1.0"?>\n<Project name="x">\n<Users>\n')
    with pytest.raises(InputError, match=r"bad.qdpx, line \d+: project.qde is not well-formed"):
        read_qdpx(path)


def test_a_coding_with_an_unknown_code_names_the_line_and_element(tmp_path):
    path = maxqda_qdpx(tmp_path / "m.qdpx")
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode()
        text = archive.read("sources/d0d0d0d0-0000-4000-8000-000000000001.txt")
    qde = qde.replace(
        '<CodeRef targetGUID="c0c0c0c0-0000-4000-8000-000000000001"/>',
        '<CodeRef targetGUID="99999999-0000-4000-8000-000000000001"/>',
        1,
    )
    path = make_qdpx(
        tmp_path / "unknown.qdpx", qde, {"sources/d0d0d0d0-0000-4000-8000-000000000001.txt": text}
    )
    with pytest.raises(
        InputError,
        match=r"unknown.qdpx, project.qde, line \d+, <CodeRef>: coding in source 'PT01' refers",
    ):
        read_qdpx(path)
    project = read_qdpx(path, on_error="skip")
    assert len(project.selections) == 1 and len(project.set_aside) == 1


def test_a_case_with_an_unknown_source_and_a_missing_text_file_are_input_errors(tmp_path):
    path = nvivo_qdpx(tmp_path / "n.qdpx")
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode()
    only_case = make_qdpx(
        tmp_path / "case.qdpx",
        qde.replace('<SourceRef targetGUID="{7E8F', '<SourceRef targetGUID="{7E8E'),
        {"sources/7E8F9A0B-0000-4000-8000-0000000000E1.txt": NVIVO_TEXT},
    )
    with pytest.raises(InputError, match="case 'LW01' refers to the unknown source"):
        read_qdpx(only_case)
    no_text = make_qdpx(tmp_path / "notext.qdpx", qde)
    with pytest.raises(InputError, match="the text of source 'LW01_w1.docx' is missing"):
        read_qdpx(no_text)


def test_a_selection_beyond_the_end_of_its_source_is_an_input_error(tmp_path):
    path = maxqda_qdpx(tmp_path / "m.qdpx")
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode()
        text = archive.read("sources/d0d0d0d0-0000-4000-8000-000000000001.txt")
    qde = qde.replace('endPosition="2"', 'endPosition="9999"')
    path = make_qdpx(
        tmp_path / "far.qdpx", qde, {"sources/d0d0d0d0-0000-4000-8000-000000000001.txt": text}
    )
    with pytest.raises(InputError, match="selection 0-9999 lies outside source 'PT01'"):
        read_qdpx(path)


def test_writing_a_coding_of_an_unknown_segment_is_an_input_error(demo, tmp_path):
    codings = pd.DataFrame({"segment_id": ["nope"], "code_id": ["HOLD"], "coder": ["R1"]})
    with pytest.raises(InputError, match="segment 'nope'"):
        write_qdpx(
            tmp_path / "x.qdpx",
            documents=demo.documents,
            segments=demo.segments,
            codebook=demo.codebook,
            codings=codings,
        )
    assert not (tmp_path / "x.qdpx").exists()


@pytest.fixture(scope="module")
def small_qdpx(tmp_path_factory):
    return nvivo_qdpx(tmp_path_factory.mktemp("damage") / "n.qdpx")


def damage(data: bytes, draw) -> bytes:
    damaged = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(damaged) - 1))
        damaged[position] = draw(st.sampled_from([0, 9, 34, 45, 48, 57, 60, 62, 0xF0, 0xFF]))
    if draw(st.booleans()):
        damaged = damaged[: draw(st.integers(0, len(damaged)))]
    return bytes(damaged)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_byte_damage_gives_an_input_error_or_a_valid_result(small_qdpx, tmp_path, data):
    path = tmp_path / "damaged.qdpx"
    if data.draw(st.booleans()):  # damage the archive itself (zip headers, CRCs, lengths)
        path.write_bytes(damage(small_qdpx.read_bytes(), data.draw))
    else:  # damage one entry and zip it again, so the damage reaches the XML or the text
        with zipfile.ZipFile(small_qdpx) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
        name = data.draw(st.sampled_from(sorted(entries)))
        entries[name] = damage(entries[name], data.draw)
        with zipfile.ZipFile(path, "w") as archive:
            for entry, content in entries.items():
                archive.writestr(entry, content)
    try:
        project = read_qdpx(path)
    except InputError as error:
        assert str(error).startswith(str(path))
        return
    texts = dict(zip(project.sources["source_guid"], project.sources["text"], strict=True))
    for row in project.selections.itertuples():
        assert 0 <= row.start < row.end <= len(texts[row.source_guid])
        assert row.text == texts[row.source_guid][row.start : row.end]


def test_validation_reports_schema_violations_and_missing_internal_texts(tmp_path):
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x">
  <CodeBook><Codes><Code guid="c3c3c3c3-0000-4000-8000-000000000001" name="A"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="d3d3d3d3-0000-4000-8000-000000000001" plainTextPath="internal://gone.txt"/>
  </Sources>
</Project>
"""
    problems = validate_qdpx(make_qdpx(tmp_path / "x.qdpx", qde))
    assert any("isCodable" in problem for problem in problems)
    assert any("sources/gone.txt is missing" in problem for problem in problems)


@pytest.mark.parametrize(
    ("origin", "newlines"),
    [("ATLAS.ti Windows 23.2", "one"), ("MAXQDA 24", "one"), ("QualCoder 3.5", "two"),
     ("NVivo 14 (Windows)", "two")],
)  # fmt: skip
def test_how_a_crlf_is_counted_follows_the_program_that_wrote_the_file(tmp_path, origin, newlines):
    path = maxqda_qdpx(tmp_path / "maxqda.qdpx")
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["project.qde"] = entries["project.qde"].replace(
        b'origin="MAXQDA 2022 (Release 22.7.0)"', f'origin="{origin}"'.encode()
    )
    again = tmp_path / "again.qdpx"
    with zipfile.ZipFile(again, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    assert read_qdpx(again, positions="unicode").newlines == newlines
    with pytest.raises(InputError, match="'newlines'"):
        read_qdpx(again, newlines="crlf")
