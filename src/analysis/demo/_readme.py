"""The README files the demo generator writes beside the study and its ground truth."""

from __future__ import annotations

from analysis.demo.plan import CODERS, PLANTED_KAPPA

#: Marks a folder as written by generate_study, so a rerun may replace its files.
MARKER = "<!-- written by analysis.demo.generate.generate_study; do not edit by hand -->"


def study_readme(study, *, n_coded: int, skipped: tuple[str, ...]) -> str:
    """README.md of the study folder: what every file is, and that none of it is real."""
    docs = study.documents
    n_turns = len(study.turns)
    n_twice = int((study.participants["waves"] == "1+2").sum())
    formats = ", ".join(f"{n} {f}" for f, n in docs["format"].value_counts().sort_index().items())
    sites = ", ".join(
        f"{site} ({region})"
        for site, region in study.participants[["site", "region"]].drop_duplicates().values
    )
    roles = ", ".join(
        f"{n} {role}" for role, n in study.participants["role"].value_counts().sort_index().items()
    )
    missing = ""
    if skipped:
        missing = (
            "\n**Not generated in this copy:** "
            + ", ".join(skipped)
            + " (the module that writes them was missing when the generator ran).\n"
        )
    return f"""{MARKER}
# The demo study (synthetic)

**Everything in this folder is invented.** The participants, their words, the names in the
transcripts, the practices, organisations and neighbourhoods, the telephone numbers, e-mail
addresses, NHS numbers, postcodes and dates of birth are fictional, written by a seeded program
(`analysis.demo.generate.generate_study`) so that the pipeline can be run, tested and
demonstrated without confidential data. Any resemblance to real people or places is chance.
Sites carry only a city-region. Telephone numbers are in Ofcom's ranges for drama, NHS numbers
start with the test prefix 999, and e-mail addresses use domains reserved for examples.

The study imitates a two-year study of social-prescribing link workers in English primary
care: {len(docs)} interviews ({n_turns} speaker turns) with {len(study.participants)}
participants ({roles}) at {sites}, {n_twice} of them interviewed in both waves; knowledge-exchange events
that discussed two concepts, *holding* and *discretion*; two codebook versions; and two coders'
codings. Each interviewee turn and event note was written for one planted theme, so the
pipeline's results can be checked against the truth in `truth/` (not study data: ingest does
not read it).
{missing}
Regenerate (byte for byte) with

```
python -c "from analysis.demo.generate import generate_study; generate_study('data/raw/demo', truth_dir='data/raw/demo/truth')"
```

The layout follows `docs/study-layout.md`.

## Files

- `participants.csv`: one row per participant: `participant_id, role, site, region, gender,
  age_band, job_title, employer_type, lw_type` (generalist or specialist link worker),
  `years_in_role` (staff only) and `waves` (`1`, `2` or `1+2`: interviewed in both waves).
- `interviews.csv`: the interview log: `doc_id, file, participant_id, wave, date, interviewer,
  mode`. `file` is relative to `interviews/`; `interviewer` is the interviewer's speaker label
  in that transcript (`Interviewer`, `INT`, `I`, or a researcher's name).
- `key.csv`: the pseudonymisation key, `real_name, pseudonym, kind, participant_id`: the
  (fictional) real names that occur in the transcripts, as full names, first names and
  `Dr Surname` forms, with `kind` participant, staff, patient_mentioned, place or organisation.
  Participants' pseudonym is their `participant_id`. Some transcripts label the interviewee by
  real name, as transcription services do.
- `interviews/`: the transcripts ({formats}).
  - `.txt`: `Speaker: text` turns with varied labels (`Interviewer:`, `INT:`, `I:`/`R:`, a
    researcher's first name, `P03 (link worker):`, `Respondent:`, the participant id or real
    name), some with `[00:01:02]` or `00:01:02` timestamps, some hard-wrapped or with turns
    over two paragraphs, some where a long turn restarts under the same label. Most are UTF-8;
    some use word-processor quotes and dashes, a few are Windows-1252 with CRLF line ends, one
    or more start with a UTF-8 byte-order mark.
  - `.docx`: a paragraph per turn with the speaker in bold, or a table with a header row
    (Time | Speaker | Text, or Speaker | Text).
  - `.vtt`: Microsoft Teams captions with `<v Name>` voice tags; consecutive cues of one
    speaker form one turn.
  Personal data (e-mail addresses, UK mobile and landline numbers, NHS numbers, postcodes,
  dates of birth) is planted in a handful of turns for the pseudonymiser to find.
- `events/`: the knowledge-exchange events: `events.csv` (`event_id, date, place, region,
  attendees`: E1 Bristol 2023-05, E2 Manchester 2023-09, E3 Sheffield 2023-11), the organisers'
  workbooks `E1.xlsx` and `E3.xlsx` (sheets Group notes, Discretion exercise, Feedback), and for
  E2 the same tables as `E2_notes.csv`, `E2_discretion.csv`, `E2_feedback.csv`.
- `study.yaml`: how the events are typed up: each table's sheet, columns and free-text column,
  the stakeholders, valences, aspects and the discretion scale, with the short forms organisers
  type ("LWs", "neg", "same").
- `codebook/codebook_v1.yaml`, `codebook/codebook_v2.yaml`: the deductive codebook (parents
  HOLD and DISC, nine leaf codes) and its revision (a rename, a merge, a split and an added
  code).
- `codings/interview_codings.csv`: `doc_id, char_start, char_end, code_id, coder`: coders
  {" and ".join(CODERS)} coded the interviewee turns of {n_coded} `.txt` transcripts, both
  interviews of some participants interviewed twice among them (all UTF-8
  without a byte-order mark, so offsets are unambiguous) with codebook version 1. Each range
  covers a turn's text (never its speaker label) or one sentence of it, in characters of the
  decoded, NFC-normalised file text, end exclusive.
- `codings/event_codings.csv`: `segment_id, code_id, coder`: the same coders' codes on event
  segments (`<event_id>-<table>-<row:03d>`).

Planted agreement of R2 with R1 (Cohen's kappa) per code: {", ".join(f"{c} {k}" for c, k in PLANTED_KAPPA.items())}.
"""


def truth_readme() -> str:
    """README.md of the ground-truth folder: each file and how tests should use it."""
    return f"""{MARKER}
# Ground truth of the synthetic demo study

Written by `analysis.demo.generate.generate_study(..., truth_dir=...)` together with
`data/raw/demo/` and from the same seed; the planted structure itself is in
`src/analysis/demo/plan.py`. Tests compare what the pipeline recovers from `data/raw/demo/`
with these tables. All of it is fictional.

- `interview_turns.csv`: one row per speaker turn, numbered 1, 2, ... per document as a reader
  numbers them (consecutive lines or cues of one speaker merged into one turn):
  `doc_id, turn, speaker` (the label in the file), `participant_id` (empty for the
  interviewer), `role` (`interviewer` or the participant's role), `is_interviewer`, `theme`
  (the one theme the turn was written for; `none` for interviewer turns, greetings, fillers and
  role introductions), `n_words` (whitespace-separated words of the turn's text, label and
  timestamps excluded), and `char_start, char_end`: where the turn's text lies in the file as
  read (decoded, BOM stripped, NFC; end exclusive), given only for UTF-8 `.txt` files with
  plain line ends and no byte-order mark whose turns each sit under one label. Use it to check a transcript reader
  (turn counts, speakers, word counts, offsets) and as the labels for topic recovery.
- `event_rows.csv`: one row per event table row with free text: `segment_id, event_id, table,
  row, theme`, from the events generator. Absent when the events module was missing.
- `agreement.csv`: `code_id, planted_kappa, realised_kappa, n_units, n_R1, n_R2`: Cohen's kappa
  of the two coders' presence/absence decisions per code, computed with scikit-learn over the
  union of coded units (interviewee turns of the coded transcripts, plus event notes and
  discretion rows). `realised_kappa` is what an agreement module should reproduce at turn level;
  agreement computed on segments after ingest can differ a little where long turns are split
  into windows or a range covers one sentence.
- `codebook_changes.csv`: `change, v1, v2` (ids joined by `;`): how codebook v2 revises v1.
- `prevalence_by_source.csv`: `theme, n_interview, share_interview, n_event, share_event`: how
  often each theme was planted among interviewee turns and among event rows.
- `pii_planted.csv`: `doc_id, kind, n`: how many items of each kind of personal data were
  planted per transcript (kinds: email, phone_mobile, phone_landline, nhs_number, postcode,
  date_of_birth). Counts only: the values are never written here. A pseudonymiser run on the
  demo should find at least these.
- `coded_documents.csv`: `doc_id, coder`: which transcripts each coder coded (both interviews
  of some participants interviewed twice among them).
- `wave_change.csv`: `theme, factor_wave1, factor_wave2, direction, n_pairs, n_turns_wave1,
  n_turns_wave2`: the planted change between waves (a theme's weight in first- and second-wave
  interviews times its factors: one theme grows, one fades) and how many interviewee turns the `n_pairs` participants
  interviewed in both waves gave each theme at each wave. A wave analysis of codes or topics
  should find the growing theme's share rise and the fading theme's fall among those people.
"""
