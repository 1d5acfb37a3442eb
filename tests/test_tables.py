"""Tables: the writer's four formats, and the builders' contents on hand-made inputs."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest
from docx import Document

from analysis.demo.events import ASPECTS, POSITIONS, STAKEHOLDERS, VALENCES
from analysis.errors import InputError
from analysis.tables import (
    agreement_summary,
    corpus_description,
    discretion_summary,
    event_table_rows,
    feedback_quotes,
    holding_consequences,
    scale_summary,
    write_table,
)


def people_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Code": ["HOLD_1", "A&E #2", "50% | more"],
            "Alpha": [0.81234, np.nan, -0.0001],
            "Units": [10, 20, 30],
            "Comments": ["• one\n• two", "short", "x " * 40],
        }
    )


def markdown_rows(text: str) -> list[list[str]]:
    """Cells of a pipe table (split on unescaped pipes)."""
    import re

    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def test_latex_has_booktabs_rules_caption_label_and_escapes_special_characters(tmp_path):
    (tex,) = write_table(
        people_table(), tmp_path / "agree_ment", caption="Agreement & 95% CI", formats=("tex",)
    )
    text = tex.read_text()
    for rule in (r"\toprule", r"\midrule", r"\bottomrule"):
        assert text.count(rule) == 1
    assert r"\caption{Agreement \& 95\% CI}" in text
    assert r"\label{tab:agree_ment}" in text
    assert r"HOLD\_1 & 0.81" in text and r"A\&E \#2" in text and r"50\% \textbar" not in text
    assert r"\textbullet{} one\newline \textbullet{} two" in text
    body = text.split(r"\midrule")[1]
    assert "&" not in body.replace(r"\&", "").replace(" & ", "")  # no stray column breaks


def test_latex_wraps_long_text_columns_with_tabularx_and_long_tables_with_longtable(tmp_path):
    (tex,) = write_table(people_table(), tmp_path / "short", formats=("tex",))
    text = tex.read_text()
    assert r"\begin{tabularx}{\linewidth}{lrr>{\raggedright\arraybackslash}X}" in text
    long = pd.DataFrame({"n": range(40), "note": ["text"] * 40})
    (tex,) = write_table(long, tmp_path / "long", caption="Long", formats=("tex",))
    text = tex.read_text()
    assert r"\begin{longtable}{rl}" in text and r"\endhead" in text
    assert text.count(r"\toprule") == 2  # the header repeats on every page


def test_markdown_is_a_pipe_table_with_one_row_per_table_row(tmp_path):
    (md,) = write_table(people_table(), tmp_path / "t", caption="Caption", formats=("md",))
    rows = markdown_rows(md.read_text())
    assert rows[0] == ["Code", "Alpha", "Units", "Comments"]
    assert rows[1] == [":---", "---:", "---:", ":---"]
    assert len(rows) == 2 + len(people_table())
    assert all(len(row) == 4 for row in rows)
    assert rows[2][:3] == ["HOLD_1", "0.81", "10"] and rows[2][3] == "• one<br>• two"
    assert rows[3][1] == "" and rows[4][0] == r"50% \| more"
    assert md.read_text().rstrip().endswith("Table: Caption")


def test_csv_keeps_full_precision_for_reuse(tmp_path):
    (csv,) = write_table(people_table(), tmp_path / "t", formats=("csv",))
    back = pd.read_csv(csv)
    assert back["Alpha"].iloc[0] == 0.81234
    assert back["Comments"].iloc[0] == "• one\n• two"


def test_docx_opens_with_caption_and_table_with_header_row(tmp_path):
    (path,) = write_table(people_table(), tmp_path / "t", caption="Table 1", formats=("docx",))
    document = Document(str(path))
    assert document.paragraphs[0].text == "Table 1"
    (table,) = document.tables
    assert len(table.rows) == 1 + len(people_table())
    assert [cell.text for cell in table.rows[0].cells] == ["Code", "Alpha", "Units", "Comments"]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert table.rows[1].cells[1].text == "0.81"
    assert [p.text for p in table.rows[1].cells[3].paragraphs] == ["• one", "• two"]
    assert document.core_properties.created.year == 2000


def test_docx_bytes_are_the_same_on_every_run(tmp_path):
    first = write_table(people_table(), tmp_path / "a" / "t", caption="C", formats=("docx",))
    second = write_table(people_table(), tmp_path / "b" / "t", caption="C", formats=("docx",))
    assert first[0].read_bytes() == second[0].read_bytes()
    with zipfile.ZipFile(first[0]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_write_table_formats_floats_and_writes_every_format_by_default(tmp_path):
    paths = write_table(people_table(), tmp_path / "t", float_format="{:.3f}")
    assert [p.suffix for p in paths] == [".csv", ".md", ".tex", ".docx"]
    assert "| 0.812 |" in paths[1].read_text()
    with pytest.raises(InputError, match="formats"):
        write_table(people_table(), tmp_path / "t", formats=("xlsx",))
    with pytest.raises(InputError, match="float_format"):
        write_table(people_table(), tmp_path / "t", float_format=3)


def notes_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E1", "E1", "E1", "E2", "E2", "E1"],
            "row": [1, 2, 3, 1, 2, 4],
            "concept": ["holding"] * 5 + ["discretion"],
            "stakeholder": [
                "commissioners",
                "patients",
                "patients",
                "patients",
                "link workers",
                "patients",
            ],
            "valence": ["negative", "positive", "negative", "positive", "positive", "positive"],
            "text": [
                "hard to show ROI",
                "time to talk",
                "dependency risk",
                "Time to talk!",
                "LW IS the intervention",
                "not about holding",
            ],
        }
    )


def test_holding_consequences_puts_each_note_under_its_stakeholder_and_valence():
    table = holding_consequences(notes_table(), stakeholders=STAKEHOLDERS, valences=VALENCES)
    table = table.set_index("Stakeholder")
    assert list(table.columns) == ["Positive", "Negative"]
    assert table.index.tolist() == [s[0].upper() + s[1:] for s in STAKEHOLDERS]
    assert table.loc["Patients", "Positive"] == "• time to talk"  # repeat dropped
    assert table.loc["Patients", "Negative"] == "• dependency risk"
    assert table.loc["Link workers", "Positive"] == "• LW IS the intervention"
    assert table.loc["Commissioners", "Negative"] == "• hard to show ROI"
    assert table.loc["GP practices", "Positive"] == ""
    assert "not about holding" not in table.to_string()


def test_holding_consequences_shows_one_event_and_names_unknown_events():
    table = holding_consequences(notes_table(), "E2", stakeholders=STAKEHOLDERS, valences=VALENCES)
    table = table.set_index("Stakeholder")
    assert table.loc["Patients", "Positive"] == "• Time to talk!"
    assert table.loc["Commissioners", "Negative"] == ""
    with pytest.raises(InputError, match="E9"):
        holding_consequences(notes_table(), "E9")


def test_discretion_summary_counts_positions_and_quotes_the_commonest_first():
    discretion = pd.DataFrame(
        {
            "event_id": ["E1"] * 5,
            "row": range(1, 6),
            "aspect": ["training"] * 4 + ["referrals"],
            "position": ["more", "more", "less", "more", "as now"],
            "text": ["short", "a much longer comment on training", "one standard", "", "same"],
        }
    )
    table = discretion_summary(discretion, n_comments=2, aspects=ASPECTS, positions=POSITIONS)
    table = table.set_index("Aspect")
    assert table.columns.tolist() == [*POSITIONS, "Groups", "Comments"]
    assert table.loc["Training", list(POSITIONS)].tolist() == [0, 1, 0, 3, 0]
    assert table.loc["Training", "Groups"] == 4
    assert table.loc["Training", "Comments"] == (
        "• [more] a much longer comment on training\n• [less] one standard"
    )
    assert table.loc["Referrals", "Comments"] == "• [as now] same"
    assert table.loc["Length of support", "Groups"] == 0


def test_event_tables_order_by_the_columns_categories_or_else_alphabetically():
    notes = notes_table()
    plain = holding_consequences(notes, concept=None)
    present = sorted(set(notes["stakeholder"]))
    assert plain["Stakeholder"].tolist() == [s[0].upper() + s[1:] for s in present]
    assert plain.columns.tolist() == ["Stakeholder", "Negative", "Positive"]
    declared = notes.assign(
        stakeholder=pd.Categorical(notes["stakeholder"], categories=list(STAKEHOLDERS)),
        valence=pd.Categorical(notes["valence"], categories=["positive", "negative"]),
    )
    table = holding_consequences(declared, concept=None)
    assert table["Stakeholder"].tolist() == [s[0].upper() + s[1:] for s in STAKEHOLDERS]
    assert table.columns.tolist() == ["Stakeholder", "Positive", "Negative"]


def test_discretion_summary_needs_the_scale_order_and_follows_a_study_scale():
    discretion = pd.DataFrame(
        {
            "aspect": ["waits", "waits", "staff"],
            "position": ["agree", "disagree", "neutral"],
            "text": ["long", "fine", ""],
        }
    )
    with pytest.raises(InputError, match="order of the scale"):
        discretion_summary(discretion)
    scale = ["disagree", "neutral", "agree"]
    table = discretion_summary(discretion, positions=scale).set_index("Aspect")
    assert table.columns.tolist() == [*scale, "Groups", "Comments"]
    assert table.loc["Waits", scale].tolist() == [1, 0, 1]
    with pytest.raises(InputError, match="'agree' is not on the scale"):
        discretion_summary(discretion, positions=["disagree", "neutral"])


def feedback_table() -> pd.DataFrame:
    texts = [f"Comment number {i} with enough words in it" for i in range(12)]
    texts += ["Good", "Lunch nice", "comment NUMBER 3 with enough words in it."]
    return pd.DataFrame(
        {
            "event_id": ["E1"] * len(texts),
            "row": range(1, len(texts) + 1),
            "respondent": range(1, len(texts) + 1),
            "text": texts,
        }
    )


def test_feedback_quotes_is_the_same_selection_for_the_same_seed():
    first = feedback_quotes(feedback_table(), n=5, seed=3)
    again = feedback_quotes(feedback_table().sample(frac=1, random_state=1), n=5, seed=3)
    pd.testing.assert_frame_equal(first, again)
    others = [feedback_quotes(feedback_table(), n=5, seed=s)["Comment"].tolist() for s in range(5)]
    assert len({tuple(o) for o in others}) > 1
    assert first.columns.tolist() == ["Event", "Respondent", "Comment"]
    assert first["Respondent"].is_monotonic_increasing


def test_feedback_quotes_prefers_substantive_comments_and_drops_repeats():
    quotes = feedback_quotes(feedback_table(), n=12, seed=0)["Comment"].tolist()
    assert "Good" not in quotes and "Lunch nice" not in quotes
    everything = feedback_quotes(feedback_table(), n=100, seed=0)["Comment"].tolist()
    assert len(everything) == 14  # one of the two "number 3" comments counts once
    assert "Good" in everything
    with pytest.raises(InputError, match="'n'"):
        feedback_quotes(feedback_table(), n=-1, seed=0)


def test_feedback_quotes_reads_a_table_read_back_from_parquet(tmp_path):
    # A frame read from parquet and filtered has an index that numpy sees as read-only.
    feedback_table().to_parquet(tmp_path / "feedback.parquet")
    table = pd.read_parquet(tmp_path / "feedback.parquet")
    quotes = feedback_quotes(table[table["event_id"] == "E1"], n=5, seed=3)
    pd.testing.assert_frame_equal(quotes, feedback_quotes(feedback_table(), n=5, seed=3))


def test_scale_summary_counts_any_scale_per_value_or_in_one_row():
    ratings = pd.DataFrame(
        {
            "event_id": ["W1", "W1", "W1", "W1", "W2"],
            "row": [1, 2, 3, 4, 1],
            "statement": ["waits", "waits", "kit", "kit", "waits"],
            "agreement": ["agree", "agree", "disagree", "neutral", "disagree"],
            "text": ["eight weeks", None, "late again and again", "fine", "ok"],
        }
    )
    scale = ["disagree", "neutral", "agree"]
    table = scale_summary(ratings, "agreement", within="statement", event_id="W1", scale=scale)
    assert table.columns.tolist() == ["Statement", *scale, "Rows", "Comments"]
    assert table[["Statement", *scale, "Rows"]].values.tolist() == [
        ["Kit", 1, 1, 0, 2],
        ["Waits", 0, 0, 2, 2],
    ]
    assert table.loc[0, "Comments"] == "• [disagree] late again and again\n• [neutral] fine"
    pooled = scale_summary(ratings, "agreement", scale=scale, total="Groups")
    assert pooled[["Agreement", *scale, "Groups"]].values.tolist() == [["Agreement", 2, 1, 2, 5]]
    with pytest.raises(InputError, match="'maybe' is not on the scale"):
        scale_summary(ratings.assign(agreement="maybe"), "agreement", scale=scale)
    with pytest.raises(InputError, match="order of the scale"):
        scale_summary(ratings, "agreement")


def test_agreement_summary_writes_estimate_with_interval_and_pooled_row_last():
    agreement = pd.DataFrame(
        {
            "code_id": ["(all codes, pooled)", "HOLD", "NEVER"],
            "n_units": [40, 40, 40],
            "krippendorff_alpha": [0.7, 0.8123, np.nan],
            "krippendorff_alpha_lo": [0.61, 0.7431, np.nan],
            "krippendorff_alpha_hi": [0.78, 0.8702, np.nan],
            "note": ["", "", "code never applied"],
        }
    )
    table = agreement_summary(
        agreement, coefficients=["krippendorff_alpha"], labels={"HOLD": "Holding"}
    )
    assert table.columns.tolist() == ["Code", "Units", "Krippendorff's α", "Note"]
    assert table["Code"].tolist() == ["Holding", "NEVER", "All codes (pooled)"]
    assert table["Krippendorff's α"].tolist() == ["0.81 (0.74–0.87)", "n/a", "0.70 (0.61–0.78)"]
    with pytest.raises(InputError, match="cohen_kappa"):
        agreement_summary(agreement)


def test_corpus_description_counts_documents_turns_segments_words_and_participants_by_site():
    segments = pd.DataFrame(
        {
            "source": ["interview"] * 4 + ["event"] * 2,
            "role": ["link_worker"] * 3 + ["interviewer", "attendee", "attendee"],
            "doc_id": ["LW01", "LW01", "LW02", "LW01", "E1-notes", "E1-notes"],
            "turn": [2, 2, 2, 1, 1, 2],
            "participant_id": ["LW01", "LW01", "LW02", None, None, None],
            "text": ["a b", "c", "d e f", "question", "note", "other note"],
        }
    )
    participants = pd.DataFrame({"participant_id": ["LW01", "LW02"], "site": ["Site B", "Site A"]})
    table = corpus_description(segments, participants).set_index("Role")
    assert table.index.tolist() == ["Link worker", "Interviewer", "Attendee", "Total"]
    row = table.loc["Link worker"]
    assert (row["Participants"], row["Site A"], row["Site B"]) == (2, 1, 1)
    assert (row["Documents"], row["Turns"], row["Segments"], row["Words"]) == (2, 2, 3, 6)
    assert pd.isna(table.loc["Attendee", "Participants"])
    assert table.loc["Total", "Segments"] == 6 and table.loc["Total", "Words"] == 10
    without = corpus_description(segments, include_interviewer=False)
    assert "Interviewer" not in without["Role"].tolist()


@pytest.fixture(scope="module")
def demo():
    from analysis.ingest import ingest_study

    return ingest_study("data/raw/demo", progress=False)


def test_tables_of_the_demo_study_account_for_every_row(demo, tmp_path):
    corpus = corpus_description(demo.segments, demo.participants)
    assert corpus.iloc[-1]["Segments"] == len(demo.segments)
    assert corpus.iloc[-1]["Participants"] == demo.participants["participant_id"].nunique()

    sheffield = holding_consequences(demo.events.notes, "E3")
    notes = demo.events.notes.query("event_id == 'E3'")
    bullets = sum(cell.count("• ") for cell in sheffield[["Positive", "Negative"]].stack())
    assert 0 < bullets <= len(notes)

    discretion = discretion_summary(demo.events.discretion)
    assert discretion["Groups"].sum() == len(demo.events.discretion)

    quotes = feedback_quotes(demo.events.feedback, n=8, seed=0, event_id="E3")
    assert len(quotes) == 8 and set(quotes["Event"]) == {"E3"}

    paths = write_table(sheffield, tmp_path / "holding", caption="Consequences of holding")
    assert len(Document(str(paths[-1])).tables[0].rows) == 1 + len(STAKEHOLDERS)


def test_event_table_rows_counts_each_events_rows_and_those_with_text():
    tables = {
        "events": pd.DataFrame({"event_id": ["E1", "E2"]}),
        "notes": pd.DataFrame({"event_id": ["E1", "E1", "E2"], "text": ["a", "b", "c"]}),
        "ratings": pd.DataFrame({"event_id": ["E2", "E2"], "text": [None, "why"]}),
    }
    table = event_table_rows(tables)
    assert table.values.tolist() == [
        ["notes", "E1", 2, 2],
        ["notes", "E2", 1, 1],
        ["ratings", "E2", 2, 1],
    ]
    with pytest.raises(InputError, match="event_id"):
        event_table_rows({"notes": pd.DataFrame({"text": ["a"]})})
