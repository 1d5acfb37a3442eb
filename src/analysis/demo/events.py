"""The demo study's knowledge-exchange events: organisers' write-ups, ground truth and codings.

Three fictional events (Bristol, Manchester, Sheffield) where small groups discussed the
consequences of *holding* for each stakeholder group, placed link workers' *discretion* on a scale
for four aspects of their role, and attendees left feedback. Every row is written for one theme
of :data:`analysis.demo.plan.THEMES`; events are dominated by holding and discretion (the
concepts put to the groups), whereas interviews carry more emergent themes. The files follow
``docs/study-layout.md``: E1 and E3 as workbooks, E2 as the three CSV files.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from analysis.demo import plan
from analysis.demo._event_text import DISCRETION_NOTES, HOLDING_NOTES
from analysis.demo._event_text_exercise import EXERCISE_COMMENTS, FEEDBACK_COMMENTS
from analysis.office import save_xlsx

__all__ = [
    "ASPECTS",
    "EVENTS",
    "POSITIONS",
    "SHEETS",
    "STAKEHOLDERS",
    "STUDY_YAML",
    "VALENCES",
    "event_layout",
    "write_events",
]

STAKEHOLDERS = ("patients", "link workers", "GP practices", "voluntary sector", "commissioners")
VALENCES = ("positive", "negative")
ASPECTS = ("length of support", "where patients are seen", "training", "referrals")
#: How much discretion link workers should have, least to most.
POSITIONS = ("much less", "less", "as now", "more", "much more")

#: The demo's ``study.yaml``: how its events are typed up, and the short forms organisers type.
STUDY_YAML = """\
# How this study's knowledge-exchange events are typed up (docs/study-layout.md, "study.yaml").
events:
  tables:
    notes:
      sheet: Group notes
      text: [note, notes, comment, comments, text]
      columns: [group, concept, stakeholder, valence]
      required: [concept, stakeholder, valence, text]
      speaker: group
      speaker_prefix: Group
      casefold: [concept]
      values:
        stakeholder:
          patients: [patient, pts, pt, service users, service user]
          link workers: [link worker, lw, lws, social prescribers, social prescriber]
          GP practices: [gp practice, gp, gps, practices, practice, general practice]
          voluntary sector: [vcse, vcs, vcfse, third sector, voluntary]
          commissioners: [commissioner, icb, icbs, ccg, ccgs]
        valence:
          positive: ["+", pos, +ve, plus]
          negative: ["-", "\u2212", "\u2013", neg, -ve, minus]
    discretion:
      sheet: Discretion exercise
      text: [comment, comments, note, notes, text]
      columns: [group, aspect, position]
      required: [aspect, position]
      data: [text, position]
      speaker: group
      speaker_prefix: Group
      scales:
        position: [much less, less, as now, more, much more]
      values:
        aspect:
          length of support: [length, duration, duration of support, support length]
          where patients are seen: [where seen, where people are seen, location, venue]
          training: [training and development]
          referrals: [referral, referral routes, onward referrals]
        position:
          as now: [same, the same, no change, as is]
    feedback:
      sheet: Feedback
      text: [comment, comments, note, notes, text]
      columns: [respondent]
      required: [text]
      speaker: respondent
      speaker_prefix: Respondent
"""


def event_layout():
    """The demo's event layout, as :func:`analysis.sources.read_study_file` reads ``STUDY_YAML``."""
    from analysis.io import parse_text_yaml
    from analysis.sources import parse_study

    return parse_study(parse_text_yaml(STUDY_YAML, "study.yaml"), "study.yaml").events


#: Workbook sheet -> (segment table name, columns); the CSV variant uses the same columns.
SHEETS = {
    "Group notes": ("notes", ("group", "concept", "stakeholder", "valence", "note")),
    "Discretion exercise": ("discretion", ("group", "aspect", "position", "comment")),
    "Feedback": ("feedback", ("respondent", "comment")),
}

#: The events as listed in events.csv (dates and attendance are fictional).
EVENTS = (
    {
        "event_id": "E1",
        "date": "2023-05-17",
        "place": "Bristol",
        "region": "South West",
        "attendees": 36,
    },
    {
        "event_id": "E2",
        "date": "2023-09-20",
        "place": "Manchester",
        "region": "North West",
        "attendees": 29,
    },
    {
        "event_id": "E3",
        "date": "2023-11-15",
        "place": "Sheffield",
        "region": "Yorkshire and the Humber",
        "attendees": 41,
    },
)

_CSV_EVENTS = {"E2"}
#: Discussion groups per event at scale 1; the final event (Sheffield) was the largest.
_GROUPS = {"E1": 5, "E2": 4, "E3": 6}
_WORKBOOK_TIME = datetime.datetime(2023, 11, 30, 12, 0, 0)
_WORKBOOK_CREATOR = "demo study generator"
#: How many notes a group writes in one stakeholder x valence cell of its flip chart.
_NOTES_PER_CELL = (0, 1, 2, 3)
_NOTES_PER_CELL_P = (0.1, 0.55, 0.3, 0.05)
_DISCRETION_NOTE_P = 0.6
_R1_MISS_RATE = 0.05
_CHOICE = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class _Typist:
    """One organiser's habits when typing up flip charts, so that each event reads differently."""

    abbreviate: float
    lower_start: float
    full_stop: float
    typo: float
    trailing_space: float
    group_label: str

    _ABBREVIATIONS = (
        (re.compile(r"\blink workers\b", re.I), "LWs"),
        (re.compile(r"\blink worker\b", re.I), "LW"),
        (re.compile(r"\bpatients\b", re.I), "pts"),
        (re.compile(r"\bpatient's\b", re.I), "pt's"),
        (re.compile(r"\bvoluntary sector\b", re.I), "VCSE"),
        (re.compile(r"\bappointments\b", re.I), "appts"),
        (re.compile(r"\bmental health\b", re.I), "MH"),
        (re.compile(r"\bwithout\b", re.I), "w/out"),
        (re.compile(r"\bwith\b", re.I), "w/"),
        (re.compile(r"\band\b", re.I), "&"),
    )

    def label(self, index: int) -> int | str:
        if self.group_label == "number":
            return index + 1
        if self.group_label == "letter":
            return _letters(index)
        return f"Table {index + 1}"

    def type_up(self, text: str, rng: np.random.Generator, *, sentence: bool = False) -> str:
        for pattern, short in self._ABBREVIATIONS:
            if rng.random() < self.abbreviate:
                text = pattern.sub(short, text)
        if rng.random() < self.typo:
            text = _typo(text, rng)
        if sentence or self.lower_start == 0:
            text = text[:1].upper() + text[1:]
        elif rng.random() < self.lower_start and text[1:2].islower():
            text = text[:1].lower() + text[1:]
        if rng.random() < self.full_stop and text[-1:].isalnum():
            text += "."
        if rng.random() < self.trailing_space:
            text += " "
        return text


_TYPISTS = {
    "E1": _Typist(0.55, 0.6, 0.05, 0.06, 0.08, "number"),
    "E2": _Typist(0.2, 0.0, 0.7, 0.03, 0.03, "letter"),
    "E3": _Typist(0.4, 0.3, 0.15, 0.04, 0.1, "table"),
}


def _letters(index: int) -> str:
    """Spreadsheet-style letters: A..Z, AA, AB, ... (more groups than letters at large scale)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _typo(text: str, rng: np.random.Generator) -> str:
    """Slip on one longer lower-case word: swap, drop or double a letter, as people type."""
    words = list(re.finditer(r"\b[a-z]{5,}\b", text))
    if not words:
        return text
    match = words[rng.integers(len(words))]
    word = match.group()
    at = int(rng.integers(1, len(word) - 2))
    kind = rng.integers(3)
    if kind == 0:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == 1:
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at] + word[at:]
    return text[: match.start()] + word + text[match.end() :]


def _expand(template: str, rng: np.random.Generator) -> str:
    """Fill each ``[a|b|c]`` choice, then tidy the spaces an empty option leaves."""
    text = _CHOICE.sub(
        lambda m: m.group(1).split("|")[rng.integers(m.group(1).count("|") + 1)], template
    )
    return re.sub(r" {2,}", " ", text).strip()


class _Dealer:
    """Deals entries of each bank without replacement across all events, reshuffling when one
    runs out, so a note rarely recurs verbatim from one event to the next."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.decks: dict[object, list[int]] = {}

    def draw(self, key: object, bank: tuple) -> tuple | str:
        deck = self.decks.get(key)
        if not deck:
            deck = list(self.rng.permutation(len(bank)))
            self.decks[key] = deck
        return bank[deck.pop()]


def _group_notes(
    n_groups: int, typist: _Typist, dealer: _Dealer, rng: np.random.Generator
) -> tuple[list[tuple], list[str]]:
    """Each group's flip chart on holding: notes per stakeholder and valence, maybe one on
    discretion."""
    counts = rng.choice(
        _NOTES_PER_CELL, p=_NOTES_PER_CELL_P, size=(n_groups, len(STAKEHOLDERS) * 2)
    )
    # Every event's write-up must hold each consequence of holding for every stakeholder group.
    for cell in np.flatnonzero(counts.sum(axis=0) == 0):
        counts[rng.integers(n_groups), cell] = 1
    rows, themes = [], []
    for g in range(n_groups):
        cells = [(s, v) for s in STAKEHOLDERS for v in VALENCES]
        for (stakeholder, valence), count in zip(cells, counts[g], strict=True):
            for _ in range(count):
                theme, template = dealer.draw(
                    (stakeholder, valence), HOLDING_NOTES[(stakeholder, valence)]
                )
                note = typist.type_up(_expand(template, rng), rng)
                rows.append((typist.label(g), "holding", stakeholder, valence, note))
                themes.append(theme)
        if rng.random() < _DISCRETION_NOTE_P:
            stakeholder, valence, theme, template = dealer.draw("discretion", DISCRETION_NOTES)
            note = typist.type_up(_expand(template, rng), rng)
            rows.append((typist.label(g), "discretion", stakeholder, valence, note))
            themes.append(theme)
    return rows, themes


def _exercise(
    n_groups: int, typist: _Typist, dealer: _Dealer, rng: np.random.Generator
) -> tuple[list[tuple], list[str]]:
    """Each group places every aspect of discretion on the scale and says why."""
    rows, themes = [], []
    for g in range(n_groups):
        for aspect in ASPECTS:
            theme, positions, template = dealer.draw(aspect, EXERCISE_COMMENTS[aspect])
            position = positions[rng.integers(len(positions))]
            comment = typist.type_up(_expand(template, rng), rng)
            rows.append((typist.label(g), aspect, position, comment))
            themes.append(theme)
    return rows, themes


def _feedback(
    n_respondents: int, typist: _Typist, dealer: _Dealer, rng: np.random.Generator
) -> tuple[list[tuple], list[str]]:
    """Attendees' feedback forms, numbered as the organiser typed them up."""
    rows = []
    for respondent in range(1, n_respondents + 1):
        template = dealer.draw("feedback", FEEDBACK_COMMENTS)
        rows.append((respondent, typist.type_up(_expand(template, rng), rng, sentence=True)))
    return rows, [plan.FEEDBACK_THEME] * n_respondents


def _write_workbook(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, table in tables.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(list(table.columns))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in table.itertuples(index=False):
            worksheet.append(list(row))
        for column, name in zip("ABCDE", table.columns, strict=False):
            worksheet.column_dimensions[column].width = 60 if name in ("note", "comment") else 16
    save_xlsx(workbook, path, creator=_WORKBOOK_CREATOR, when=_WORKBOOK_TIME)


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _code(truth: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Two coders code the notes and discretion rows with the planted agreement per code."""
    coded = truth[truth["table"] != "feedback"]
    segment_ids = coded["segment_id"].to_numpy()
    themes = coded["theme"].to_numpy()
    kept = rng.random(len(coded)) >= _R1_MISS_RATE
    frames = []
    for code in plan.CODES_V1:
        first = (themes == code) & kept
        second = plan.second_coder(first, plan.PLANTED_KAPPA[code], rng)
        for coder, applied in zip(plan.CODERS, (first, second), strict=True):
            frames.append(
                pd.DataFrame({"segment_id": segment_ids[applied], "code_id": code, "coder": coder})
            )
    codings = pd.concat(frames, ignore_index=True)
    return codings.sort_values(["segment_id", "code_id", "coder"], ignore_index=True)


def write_events(
    study_dir: Path, rng: np.random.Generator, scale: float = 1.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write the demo events, their ground truth and the two coders' event codings.

    Parameters
    ----------
    study_dir : Path
        The study folder. Writes ``study.yaml`` (:data:`STUDY_YAML`), ``events/events.csv``,
        ``events/E1.xlsx``, ``events/E2_notes.csv``, ``events/E2_discretion.csv``,
        ``events/E2_feedback.csv``, ``events/E3.xlsx`` and ``codings/event_codings.csv`` (folders created as needed).
    rng : numpy.random.Generator
        Source of all randomness; the same seed gives byte-identical files.
    scale : float, default 1.0
        Multiplies the number of discussion groups and feedback forms per event (for
        benchmark-size studies); 1 gives the shipped demo, 4 to 6 groups per event.

    Returns
    -------
    truth : DataFrame
        One row per event row written: ``segment_id, event_id, table, row, theme``, where
        ``segment_id`` is ``<event_id>-<table>-<row:03d>`` as ``docs/study-layout.md`` defines
        and ``theme`` is the theme of :data:`analysis.demo.plan.THEMES` the row was written for.
    codings : DataFrame
        ``segment_id, code_id, coder``: the codes coders R1 and R2 applied to notes and
        discretion rows (feedback is not coded), as written to ``codings/event_codings.csv``.

    Notes
    -----
    R1 applies the row's theme when it is a version-1 code, missing about 5%; R2 follows R1 per
    code with the planted agreement of :data:`analysis.demo.plan.PLANTED_KAPPA` (see
    :func:`analysis.demo.plan.second_coder`).
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"The 'rng' parameter of write_events must be a numpy.random.Generator. Got {type(rng).__name__} instead."
        )
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise ValueError(
            f"The 'scale' parameter of write_events must be a positive number. Got {scale!r} instead."
        )
    events_dir = Path(study_dir) / "events"
    codings_dir = Path(study_dir) / "codings"
    events_dir.mkdir(parents=True, exist_ok=True)
    codings_dir.mkdir(parents=True, exist_ok=True)
    _write_csv(pd.DataFrame(list(EVENTS)), events_dir / "events.csv")
    with open(Path(study_dir) / "study.yaml", "w", encoding="utf-8", newline="\n") as file:
        file.write(STUDY_YAML)

    dealer = _Dealer(rng)
    truth_rows = []
    for event in EVENTS:
        event_id = event["event_id"]
        typist = _TYPISTS[event_id]
        n_groups = max(1, round(_GROUPS[event_id] * scale))
        n_respondents = max(1, round(int(rng.integers(12, 26)) * scale))
        parts = {
            "Group notes": _group_notes(n_groups, typist, dealer, rng),
            "Discretion exercise": _exercise(n_groups, typist, dealer, rng),
            "Feedback": _feedback(n_respondents, typist, dealer, rng),
        }
        tables = {}
        for sheet, (rows, themes) in parts.items():
            table_name, columns = SHEETS[sheet]
            tables[sheet] = pd.DataFrame(rows, columns=list(columns))
            truth_rows.extend(
                (f"{event_id}-{table_name}-{row:03d}", event_id, table_name, row, theme)
                for row, theme in enumerate(themes, start=1)
            )
        if event_id in _CSV_EVENTS:
            for sheet, table in tables.items():
                _write_csv(table, events_dir / f"{event_id}_{SHEETS[sheet][0]}.csv")
        else:
            _write_workbook(events_dir / f"{event_id}.xlsx", tables)

    truth = pd.DataFrame(truth_rows, columns=["segment_id", "event_id", "table", "row", "theme"])
    codings = _code(truth, rng)
    _write_csv(codings, codings_dir / "event_codings.csv")
    return truth, codings
