"""Plan the demo study's interviews: sites, participants, names, key, files and their layout.

Private to :mod:`analysis.demo.interviews`: every function draws from the generator it is given,
in a fixed order, so a seed fixes the plan.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analysis.demo import _people as people
from analysis.demo._interview_talk import PII_LINES
from analysis.demo._transcripts import TxtStyle
from analysis.demo.plan import EMERGENT_THEMES, ROLES

FORMATS = ("txt", "docx", "vtt")

PREFIX = dict(zip(ROLES, ("LW", "PT", "GP", "MG", "VS"), strict=True))
_ROLE_SHARE = dict(zip(ROLES, (0.38, 0.28, 0.12, 0.11, 0.11), strict=True))
_ROLE_WORDS = dict(
    zip(ROLES, ("link worker", "patient", "GP practice", "manager", "VCSE"), strict=True)
)
#: How likely each role is to be interviewed in both waves (longitudinal staff interviews).
_REPEAT_WEIGHT = dict(zip(ROLES, (3.0, 1.0, 0.5, 2.0, 0.5), strict=True))
_JOB_TITLES = {
    "link_worker": ("social prescribing link worker", "link worker"),
    "gp_staff": ("GP", "practice manager", "practice nurse", "care coordinator"),
    "lw_manager": ("social prescribing lead", "service manager"),
    "vcse_partner": ("chief officer", "volunteer coordinator", "project worker"),
}
_EMPLOYERS = ("PCN", "VCSE organisation", "local authority")


def _role_counts(n: int) -> dict[str, int]:
    """Largest-remainder allocation of ``n`` participants to roles, at least one each."""
    raw = {role: max(1.0, share * n) for role, share in _ROLE_SHARE.items()}
    counts = {role: int(value) for role, value in raw.items()}
    order = sorted(ROLES, key=lambda r: (raw[r] - counts[r], -ROLES.index(r)), reverse=True)
    for role in order[: max(0, n - sum(counts.values()))]:
        counts[role] += 1
    return counts


def _draw_names(pool, n: int, taken: set[str], rng: np.random.Generator) -> list[str]:
    """``n`` names from ``pool``, unique and unused while the pool lasts (then repeating)."""
    names = []
    for _ in range(n):
        fresh = [name for name in pool if name not in taken]
        name = people.pick(rng, fresh or pool)
        taken.add(name)
        names.append(name)
    return names


def plan_sites(n_participants: int, rng: np.random.Generator) -> pd.DataFrame:
    n_sites = 4 if n_participants < 150 else 8
    regions = rng.permutation(len(people.REGIONS))[:n_sites]
    emphasis = rng.permutation(EMERGENT_THEMES)
    return pd.DataFrame(
        {
            "site": [f"Site {chr(ord('A') + i)}" for i in range(n_sites)],
            "region": [people.REGIONS[int(r)][0] for r in regions],
            "area_code": [people.REGIONS[int(r)][1] for r in regions],
            "districts": [people.REGIONS[int(r)][2] for r in regions],
            "lw_employer": [people.pick(rng, _EMPLOYERS) for _ in range(n_sites)],
            "emphasis": [str(emphasis[i % len(emphasis)]) for i in range(n_sites)],
        }
    )


def plan_participants(n_interviews: int, sites: pd.DataFrame, rng) -> pd.DataFrame:
    n_repeat = round(n_interviews * 0.4)
    counts = _role_counts(n_interviews - n_repeat)
    rows = []
    for role in ROLES:
        width = max(2, len(str(counts[role])))
        offset = int(rng.integers(len(sites)))
        for i in range(counts[role]):
            site = sites.iloc[(offset + i) % len(sites)]
            female_share = {"link_worker": 0.8, "patient": 0.6}.get(role, 0.55)
            draw = rng.random()
            gender = "female" if draw < female_share else "male" if draw < 0.98 else "non-binary"
            staff = role != "patient"
            rows.append(
                {
                    "participant_id": f"{PREFIX[role]}{i + 1:0{width}d}",
                    "role": role,
                    "site": site["site"],
                    "region": site["region"],
                    "gender": gender,
                    "age_band": people.pick(
                        rng,
                        ("25-34", "35-44", "45-54", "55-64")
                        if staff
                        else ("18-34", "35-54", "55-64", "65-74", "75+"),
                    ),
                    "job_title": people.pick(rng, _JOB_TITLES[role]) if staff else "",
                    "employer_type": {
                        "link_worker": site["lw_employer"],
                        "lw_manager": site["lw_employer"],
                        "gp_staff": "GP practice",
                        "vcse_partner": "VCSE organisation",
                    }.get(role, ""),
                    "lw_type": (
                        ("specialist" if rng.random() < 0.2 else "generalist")
                        if role == "link_worker"
                        else ""
                    ),
                    "years_in_role": int(rng.integers(1, 5 if role == "link_worker" else 16))
                    if staff
                    else None,
                }
            )
    participants = pd.DataFrame(rows)
    weights = participants["role"].map(_REPEAT_WEIGHT).to_numpy()
    repeat = rng.choice(len(participants), size=n_repeat, replace=False, p=weights / weights.sum())
    waves = np.where(rng.random(len(participants)) < 0.6, "1", "2").astype(object)
    waves[repeat] = "1+2"
    participants["waves"] = waves
    participants["years_in_role"] = participants["years_in_role"].astype("Int64")
    return participants


def interview_date(wave: int, rng: np.random.Generator) -> dt.date:
    start = dt.date(2022, 2, 1) if wave == 1 else dt.date(2023, 1, 16)
    day = start + dt.timedelta(days=int(rng.integers(0, 280)))
    # Interviews happen on weekdays: a Saturday or Sunday moves to the Monday.
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def plan_names(participants: pd.DataFrame, sites: pd.DataFrame, rng) -> tuple[dict, dict, list]:
    """Real-looking names for participants and the people and places around them, and the key."""
    taken: set[str] = set()
    key: list[dict] = []
    surnames = list(people.SURNAMES)
    used_surnames: set[str] = set()
    real: dict[str, tuple[str, str]] = {}
    for row in participants.itertuples():
        pool = people.MALE_NAMES if row.gender == "male" else people.FEMALE_NAMES
        if row.gender == "non-binary":
            pool = people.FEMALE_NAMES + people.MALE_NAMES
        first = _draw_names(pool, 1, taken, rng)[0]
        last = _draw_names(surnames, 1, used_surnames, rng)[0]
        real[row.participant_id] = (first, last)
        for name in (f"{first} {last}", first):
            key.append(dict(real_name=name, pseudonym=row.participant_id, kind="participant",
                            participant_id=row.participant_id))  # fmt: skip
    worlds: dict[str, dict[str, tuple[str, ...]]] = {}
    counters = {"Staff": 0, "Practice": 0, "Organisation": 0, "Place": 0}

    def tag(kind: str) -> str:
        counters[kind] += 1
        return f"[{kind} {counters[kind]:02d}]"

    for i, site in enumerate(sites.itertuples()):
        world: dict[str, list[str]] = {"lw": [], "colleague": [], "gp": [], "manager": []}
        staff = [("lw", people.FEMALE_NAMES)] * 3 + [("gp", None)] * 2 + [("manager", None)]
        for kind, pool in staff:
            first = _draw_names(pool or people.FEMALE_NAMES + people.MALE_NAMES, 1, taken, rng)[0]
            last = _draw_names(surnames, 1, used_surnames, rng)[0]
            pseudonym = tag("Staff")
            names = [f"{first} {last}", first] + ([f"Dr {last}"] if kind == "gp" else [])
            key += [dict(real_name=n, pseudonym=pseudonym, kind="staff") for n in names]
            if kind == "lw":
                world["lw"].append(first)
                world["colleague"].append(first)
            else:
                world[kind].append(f"Dr {last}" if kind == "gp" else first)
        for slot, bank, kind, label in (
            ("practice", people.PRACTICES, "organisation", "Practice"),
            ("org", people.ORGANISATIONS, "organisation", "Organisation"),
            ("place", people.PLACES, "place", "Place"),
        ):
            picks = [bank[(2 * i + j) % len(bank)] for j in range(2)]
            world[slot] = picks
            key += [dict(real_name=n, pseudonym=tag(label), kind=kind) for n in picks]
        world["lw_staff"] = world["lw"]
        worlds[site.site] = {slot: tuple(names) for slot, names in world.items()}
    mentioned: dict[str, tuple[str, ...]] = {}
    patient_taken: set[str] = set()
    n_patients = 0
    for row in participants[participants["role"] == "link_worker"].itertuples():
        names = _draw_names(people.PATIENT_NAMES, int(rng.integers(2, 4)), patient_taken, rng)
        mentioned[row.participant_id] = tuple(names)
        for name in names:
            n_patients += 1
            key.append(dict(real_name=name, pseudonym=f"[Patient {n_patients:02d}]",
                            kind="patient_mentioned"))  # fmt: skip
    return real, {"worlds": worlds, "patients": mentioned}, key


def plan_documents(schedule: list[tuple], formats, rng: np.random.Generator) -> list[dict]:
    """Choose each interview's file format and layout (how many of each is fixed by share)."""
    n = len(schedule)
    shares = {"vtt": (0.11, 1), "docx": (0.17, 2)}
    counts = {f: max(low, round(share * n)) for f, (share, low) in shares.items() if f in formats}
    rest = n - sum(counts.values())
    counts["txt" if "txt" in formats else formats[0]] = counts.get(
        "txt" if "txt" in formats else formats[0], 0
    ) + max(0, rest)
    kinds = [f for f in FORMATS if f in counts for _ in range(counts[f])][:n]
    kinds = [kinds[int(i)] for i in rng.permutation(n)]
    docs = [{"format": f} for f in kinds]
    docx_ids = [i for i, f in enumerate(kinds) if f == "docx"]
    for j, i in enumerate(docx_ids):
        n_tables = max(1, round(len(docx_ids) / 3))
        docs[i]["layout"] = (
            "bold" if j >= n_tables else ("table" if j % 2 == 0 else "table-no-time")
        )
    txt_ids = [i for i, f in enumerate(kinds) if f == "txt"]
    n_cp1252 = max(2, round(0.06 * len(txt_ids))) if len(txt_ids) >= 8 else 0
    n_bom = max(1, round(0.03 * len(txt_ids))) if len(txt_ids) >= 4 else 0
    for j, i in enumerate(txt_ids):
        docs[i]["encoding"] = (
            "cp1252" if j < n_cp1252 else "utf-8-sig" if j < n_cp1252 + n_bom else "utf-8"
        )
    return docs


def txt_style(doc: dict, labels: tuple[str, str], rng: np.random.Generator) -> TxtStyle:
    encoding = doc["encoding"]
    timestamp = people.pick(rng, ("", "", "bracket", "plain"))
    return TxtStyle(
        interviewer=labels[0],
        interviewee=labels[1],
        timestamp=timestamp,
        wrap=int(rng.integers(68, 92)) if rng.random() < 0.35 else 0,
        paragraphs=bool(rng.random() < 0.3),
        blank_lines=bool(rng.random() < 0.7),
        curly=encoding == "cp1252" or bool(rng.random() < 0.3),
        encoding=encoding,
        newline="\r\n" if encoding == "cp1252" else "\n",
        relabel=bool(timestamp and encoding != "utf-8" or timestamp and rng.random() < 0.3),
    )


def labels_for(
    fmt: str, pid: str, index: int, role: str, real: tuple[str, str], researcher: str, rng
):
    """(interviewer, interviewee) speaker labels as this kind of file writes them."""
    full = f"{real[0]} {real[1]}"
    if fmt == "vtt":
        return researcher, full
    options = [
        ("Interviewer", pid),
        ("INT", f"P{index:02d} ({_ROLE_WORDS[role]})"),
        ("I", "R"),
        (researcher.split()[0], full),
        ("Interviewer", real[0]),
        ("INT", "Respondent"),
    ]
    if fmt == "docx":
        options = [("Interviewer", full), ("Interviewer", "Respondent"), (researcher, pid)]
    return people.pick(rng, options)


def pii_plan_for(schedule: list[tuple], roles: dict[str, str], rng) -> dict[int, tuple]:
    """Which interviews carry a line of personal data, and which line.

    Patients, link workers and other staff each get at least two, so every kind of personal
    data (e-mail, mobile, landline, NHS number, postcode, date of birth) is planted.
    """
    groups: dict[str, list[int]] = {"pt": [], "lw": [], "staff": []}
    for i, (pid, _wave) in enumerate(schedule):
        role = roles[pid]
        groups["pt" if role == "patient" else "lw" if role == "link_worker" else "staff"].append(i)
    n_total = max(6, round(len(schedule) / 4))
    chosen: dict[int, str] = {}
    for group, members in groups.items():
        for i in rng.permutation(members)[:2]:
            chosen[int(i)] = group
    others = [i for i in rng.permutation(len(schedule)) if int(i) not in chosen]
    for i in others[: max(0, n_total - len(chosen))]:
        chosen[int(i)] = next(g for g, members in groups.items() if int(i) in members)
    plan, turn_of = {}, {g: int(rng.integers(len(PII_LINES[g]))) for g in groups}
    for i in sorted(chosen):
        group = chosen[i]
        pool = PII_LINES[group] + (PII_LINES["staff"] if group == "lw" else ())
        plan[i] = pool[turn_of[group] % len(pool)]
        turn_of[group] += 1
    return plan
