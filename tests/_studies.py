"""Study folders in the shapes real studies arrive in, unlike the demo: written for tests.

:func:`write_physio_study` makes a small study of another field (community physiotherapy), with
no key file, no events, no codings and no codebook, whose transcripts label speakers the ways
transcription services and teams do: lower case, numbered interviewers, a researcher's name
declared in ``interviews.csv``, and one speaker nobody declared.
"""

from __future__ import annotations

from pathlib import Path

#: (doc_id, participant_id, role, interviewer cell of interviews.csv, transcript text)
INTERVIEWS = [
    (
        "PT01_w1",
        "PT01",
        "physiotherapist",
        "",
        "interviewer: how long have you worked in the community team?\n"
        "interviewee: about six years now, mostly home visits after hip and knee surgery.\n"
        "interviewer: what does a typical week look like?\n"
        "interviewee: mornings are visits, afternoons are notes and phone calls with the "
        "ward about discharge plans and walking aids.\n",
    ),
    (
        "PT02_w1",
        "PT02",
        "physiotherapist",
        "",
        "Interviewer 1: Tell me about the waiting list.\n"
        "Respondent: It is long. Patients wait eight weeks for a first visit after discharge.\n"
        "Interviewer2: What happens to them while they wait?\n"
        "Respondent: Some lose confidence walking, some fall at home and come back in.\n"
        "INT-3: And exercise sheets?\n"
        "Respondent: We post exercise sheets but few patients follow them without support.\n",
    ),
    (
        "PA01_w1",
        "PA01",
        "patient",
        "Dr Amy Lee",
        "Dr Amy Lee: How was the recovery after your knee operation?\n"
        "P: Slow. The stairs were the worst, I could not get up to the bathroom.\n"
        "Dr Amy Lee: Did the physio visits help?\n"
        "P: Yes, the exercises and the frame made the stairs possible after a month.\n"
        "Daughter: She did the exercises every morning, I watched her.\n"
        "Dr Amy Lee: And now?\n"
        "Daughter: Now she walks to the shop on her own.\n",
    ),
    (
        "PA02_w1",
        "PA02",
        "patient",
        "Moderator*; Sam",
        "Moderator A: What was hardest at home?\n"
        "PA02: Getting in and out of the bath, and the pain at night.\n"
        "Sam: Who helped you?\n"
        "PA02: My neighbour did the shopping and the physio showed me how to use a bath board.\n"
        "Sam: And the nights?\n"
        "PA02: Better since the new tablets.\n",
    ),
]


def write_physio_study(folder: Path) -> Path:
    """Write the study into ``folder`` (created) and return it."""
    (folder / "interviews").mkdir(parents=True)
    participants = ["participant_id,role,site"]
    log = ["doc_id,file,participant_id,wave,date,interviewer"]
    for doc_id, pid, role, interviewer, text in INTERVIEWS:
        participants.append(f"{pid},{role},north")
        log.append(f"{doc_id},{doc_id}.txt,{pid},1,2026-03-0{len(log)},{interviewer}")
        (folder / "interviews" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (folder / "participants.csv").write_text("\n".join(participants) + "\n", encoding="utf-8")
    (folder / "interviews.csv").write_text("\n".join(log) + "\n", encoding="utf-8")
    return folder


#: Themes of the generated interviews: (question, answer sentences). Every answer draws on one.
THEMES = {
    "waiting": (
        "How long do people wait for physiotherapy after they leave hospital?",
        [
            "The waiting list for a first home visit is eight weeks at the moment.",
            "Referrals from the ward sit on the waiting list while patients lose strength.",
            "We triage the waiting list every Monday and the urgent referrals go first.",
            "Some patients wait so long that the exercises no longer match their recovery.",
            "Cancelled appointments push the whole waiting list back another week.",
        ],
    ),
    "exercise": (
        "What happens with the exercise programme at home?",
        [
            "The exercise sheet shows leg raises and sit to stand practice three times a day.",
            "Patients who repeat the exercises every morning walk further by the second visit.",
            "Without someone watching, the exercise programme is the first thing people drop.",
            "I film the exercises on the patient's phone so they can follow them between visits.",
            "Strength and balance exercises matter more than anything else after a hip operation.",
        ],
    ),
    "falls": (
        "Have falls at home been a problem?",
        [
            "She fell on the stairs at night and lay on the floor until the morning.",
            "After a fall people lose confidence and stop walking to the kitchen.",
            "The falls alarm pendant only helps if people actually wear it in the bathroom.",
            "Rugs, loose cables and poor lighting cause most of the falls we see at home.",
            "A second fall usually means another ambulance and another hospital admission.",
        ],
    ),
    "equipment": (
        "What equipment do people need?",
        [
            "A walking frame, a raised toilet seat and a bath board arrive from the equipment store.",
            "The grab rails took three weeks to be fitted by the council handyperson.",
            "Equipment that does not fit the bathroom ends up unused in the hallway.",
            "We measure the chair and bed height before ordering a perching stool.",
            "Returning equipment is slow, so the store runs out of frames in winter.",
        ],
    ),
    "carers": (
        "Who helps at home between visits?",
        [
            "Her daughter does the shopping and reminds her about the exercises.",
            "Family carers are exhausted and often have jobs and children of their own.",
            "The care agency visits twice a day but the carers have fifteen minutes each.",
            "A neighbour checks on him every evening and calls if something is wrong.",
            "Carers want to know how much to help without taking over the walking practice.",
        ],
    ),
}
FRENCH = (
    "Intervieweur : Comment s'est passée la rééducation après votre opération du genou ?\n"
    "Participante : Lentement. Les escaliers étaient le plus difficile, je ne pouvais pas monter "
    "jusqu'à la salle de bain. La kinésithérapeute venait deux fois par semaine et m'a montré "
    "les exercices pour renforcer la jambe.\n"
    "Intervieweur : Et les exercices à la maison ?\n"
    "Participante : Je les faisais chaque matin avec ma fille. Le déambulateur et la planche de "
    "bain sont arrivés après trois semaines d'attente, mais maintenant je marche seule jusqu'à "
    "l'épicerie du village.\n"
)
#: (interviewer label, interviewee label) pairs the generated transcripts use.
LABELS = [
    ("interviewer", "interviewee"),
    ("Interviewer 1", "Respondent"),
    ("INT-2", "P"),
    ("Researcher", "Participant"),
]


def write_generated_physio_study(folder: Path, *, n_interviews: int = 24, seed: int = 0) -> Path:
    """The hand-written study of :func:`write_physio_study` plus ``n_interviews`` generated ones
    on five themes, enough for topics: still no key, events, codings or codebook."""
    import random

    write_physio_study(folder)
    rng = random.Random(seed)
    names = list(THEMES)
    participants = [(folder / "participants.csv").read_text(encoding="utf-8").rstrip("\n")]
    log = [(folder / "interviews.csv").read_text(encoding="utf-8").rstrip("\n")]
    for i in range(n_interviews):
        pid = f"CP{i + 1:02d}"
        role = ("physiotherapist", "patient", "carer")[i % 3]
        asker, answerer = LABELS[i % len(LABELS)]
        lines = [f"{asker}: Thank you for talking to me today."]
        lines.append(f"{answerer}: That is fine, happy to help with the study.")
        for theme in rng.sample(names, 4):
            question, sentences = THEMES[theme]
            lines.append(f"{asker}: {question}")
            lines.append(f"{answerer}: " + " ".join(rng.sample(sentences, 3)))
        participants.append(f"{pid},{role},{('north', 'south')[i % 2]}")
        log.append(f"{pid}_w1,{pid}_w1.txt,{pid},1,2026-04-{i % 28 + 1:02d},")
        text = "\n".join(lines) + "\n"
        (folder / "interviews" / f"{pid}_w1.txt").write_text(text, encoding="utf-8")
    # One interview in French, as a study in a bilingual area has.
    participants.append("FR01,patient,south")
    log.append("FR01_w1,FR01_w1.txt,FR01,1,2026-05-02,Intervieweur")
    (folder / "interviews" / "FR01_w1.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "participants.csv").write_text("\n".join(participants) + "\n", encoding="utf-8")
    (folder / "interviews.csv").write_text("\n".join(log) + "\n", encoding="utf-8")
    return folder


#: The study file of :func:`write_physio_study_with_tables`: workshops typed up in two tables of
#: its own (not the demo's) and an open-ended survey with codes typed into it.
PHYSIO_STUDY_YAML = """\
events:
  tables:
    flipcharts:
      sheet: Flip charts
      text: [what was said]
      columns: [table no, theme]
      required: [theme, text]
      speaker: table no
      speaker_prefix: Table
      role: stakeholder
      values:
        theme:
          access: [getting in, access to services]
          recovery: [getting better]
    ratings:
      text: [why]
      columns: [statement, agreement]
      required: [statement, agreement]
      data: [text, agreement]
      scales:
        agreement: [disagree, neutral, agree]
      values:
        agreement:
          neutral: ["?", unsure]
tables:
  survey:
    file: survey/answers.csv
    participant: respondent id
    source: survey
    text: ["What helped most?"]
    columns: [age band, satisfaction]
    scales:
      satisfaction: [poor, fair, good]
    codes:
      columns: [code *]
      coder: coder
"""
#: One codebook version, with codes under parents, as the survey's codes are written.
PHYSIO_CODEBOOK = """\
- {code_id: WAIT, name: Waiting, parent: , definition: Waiting for a first visit or equipment.}
- {code_id: EXER, name: Exercise, parent: , definition: The exercise programme at home.}
- {code_id: SUPPORT, name: Support, parent: , definition: Who helps between visits.}
- {code_id: FAMILY, name: Family, parent: SUPPORT, definition: Family carers helping.}
- {code_id: EQUIP, name: Equipment, parent: , definition: "Frames, rails and bath boards."}
"""
#: (theme, survey answer, codes): what respondents wrote and the one coder's codes.
SURVEY_ANSWERS = {
    "waiting": ("Waiting", "The eight week wait for a first visit was the worst part."),
    "exercise": ("Exercise", "The exercise sheet and the morning sit to stand practice."),
    "carers": ("Support->Family", "My daughter did the shopping and watched my exercises."),
    "equipment": ("EQUIP", "The walking frame and the bath board from the equipment store."),
}


def write_physio_study_with_tables(folder: Path, *, n_interviews: int = 18) -> Path:
    """The generated physiotherapy study plus what the demo does not have in this shape: a
    ``study.yaml`` declaring workshops of two tables of its own (a workbook and CSV files) and an
    open-ended survey whose one coder typed ``Code 1..3`` (``parent->child``), one codebook
    version, and a key file naming a person the survey mentions (Maggie Brown)."""
    write_generated_physio_study(folder, n_interviews=n_interviews)
    (folder / "study.yaml").write_text(PHYSIO_STUDY_YAML, encoding="utf-8")
    (folder / "codebook").mkdir()
    (folder / "codebook" / "codebook.yaml").write_text(PHYSIO_CODEBOOK, encoding="utf-8")
    (folder / "key.csv").write_text(
        "real_name,pseudonym,kind\nMaggie Brown,Neighbour A,patient_mentioned\n", encoding="utf-8"
    )
    survey = ["Respondent ID,Age band,Satisfaction,What helped most?,Coder,Code 1,Code 2,Code 3"]
    themes = list(SURVEY_ANSWERS)
    for i in range(n_interviews):
        first, second = themes[i % 4], themes[(i + 1) % 4]
        (code_a, text_a), (code_b, text_b) = SURVEY_ANSWERS[first], SURVEY_ANSWERS[second]
        extra = " Maggie Brown from next door checked on me." if i == 0 else ""
        satisfaction = ("Poor", "fair", "GOOD")[i % 3]
        survey.append(
            f'CP{i + 1:02d},{("65-74", "75+")[i % 2]},{satisfaction},"{text_a} {text_b}{extra}",'
            f"AB,{code_a},{code_b},"
        )
    survey.append("CP02,75+,good,,AB,Waiting,,")  # codes but no answer: set aside with them
    (folder / "survey").mkdir()
    (folder / "survey" / "answers.csv").write_text("\n".join(survey) + "\n", encoding="utf-8")

    write_workshops(folder / "events")
    return folder


#: The workshops' two tables, as typed up: a blank row left in, a label and a "?" short form.
WORKSHOP_FLIPCHARTS = [
    ["Table no", "Theme", "What was said"],
    ["1", "Getting in", "The waiting list for a first home visit is far too long."],
    ["1", "getting better", "Exercises every morning made the stairs possible again."],
    ["", "", ""],
    ["2", "access", "Equipment from the store took three weeks to arrive."],
]
WORKSHOP_RATINGS = [
    ["Statement", "Agreement", "Why"],
    ["Waits are too long", "agree", "Eight weeks before a first visit after surgery."],
    ["Equipment arrives in time", "?", None],
]


def write_csv_rows(path: Path, rows: list[list]) -> Path:
    """Rows as a CSV file with every value quoted and empty cells for None."""
    lines = [",".join("" if cell is None else f'"{cell}"' for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_workshops(events: Path) -> Path:
    """Two workshops laid out as ``PHYSIO_STUDY_YAML`` declares: W1 a workbook with the sheets
    "Flip charts" and "Ratings", W2 the CSV files ``W2_flipcharts.csv`` and ``W2_ratings.csv``."""
    import openpyxl

    events.mkdir(parents=True, exist_ok=True)
    (events / "events.csv").write_text(
        "event_id,date,place,region,attendees\n"
        "W1,2026-06-02,Derby,Midlands,14\nW2,2026-07-07,Stoke,Midlands,11\n",
        encoding="utf-8",
    )
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in (("Flip charts", WORKSHOP_FLIPCHARTS), ("Ratings", WORKSHOP_RATINGS)):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(events / "W1.xlsx")
    write_csv_rows(events / "W2_flipcharts.csv", WORKSHOP_FLIPCHARTS)
    write_csv_rows(events / "W2_ratings.csv", WORKSHOP_RATINGS)
    return events
