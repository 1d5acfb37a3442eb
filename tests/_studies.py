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
