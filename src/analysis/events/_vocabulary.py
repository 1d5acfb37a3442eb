"""The events' vocabulary: the tables, their columns and the values organisers' labels map to."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The three tables of an event, by the name used in file names and segment ids.
SHEET_NAMES = {"notes": "Group notes", "discretion": "Discretion exercise", "feedback": "Feedback"}

STAKEHOLDERS = ("patients", "link workers", "GP practices", "voluntary sector", "commissioners")
VALENCES = ("positive", "negative")
ASPECTS = ("length of support", "where patients are seen", "training", "referrals")
#: The discretion scale, from least to most room for link workers to decide.
POSITIONS = ("much less", "less", "as now", "more", "much more")

#: What organisers type -> the canonical value (keys compared after case-folding and collapsing
#: whitespace; "_" and "-" between words read as spaces). Canonical values map to themselves.
STAKEHOLDER_ALIASES = {
    **{value.casefold(): value for value in STAKEHOLDERS},
    **dict.fromkeys(["patient", "pts", "pt", "service users", "service user"], "patients"),
    **dict.fromkeys(
        ["link worker", "lw", "lws", "social prescribers", "social prescriber"], "link workers"
    ),
    **dict.fromkeys(
        ["gp practice", "gp", "gps", "practices", "practice", "general practice"], "GP practices"
    ),
    **dict.fromkeys(["vcse", "vcs", "vcfse", "third sector", "voluntary"], "voluntary sector"),
    **dict.fromkeys(["commissioner", "icb", "icbs", "ccg", "ccgs"], "commissioners"),
}
VALENCE_ALIASES = {
    **{value: value for value in VALENCES},
    **dict.fromkeys(["+", "pos", "+ve", "plus"], "positive"),
    **dict.fromkeys(["-", "\u2212", "\u2013", "neg", "-ve", "minus"], "negative"),
}
ASPECT_ALIASES = {
    **{value: value for value in ASPECTS},
    **dict.fromkeys(["length", "duration", "duration of support", "support length"], ASPECTS[0]),
    **dict.fromkeys(["where seen", "where people are seen", "location", "venue"], ASPECTS[1]),
    **dict.fromkeys(["training and development"], ASPECTS[2]),
    **dict.fromkeys(["referral", "referral routes", "onward referrals"], ASPECTS[3]),
}
POSITION_ALIASES = {
    **{value: value for value in POSITIONS},
    **dict.fromkeys(["same", "the same", "no change", "as is"], "as now"),
}


@dataclass(frozen=True)
class _Spec:
    """What one event table holds; ``vocabulary`` maps a column to (canonical values, aliases)."""

    columns: tuple[str, ...]
    required: tuple[str, ...]  # columns the header must have and a row with data must fill
    data: tuple[str, ...]  # a row with none of these filled is a blank template row
    vocabulary: dict[str, tuple[tuple[str, ...], dict[str, str]]]


_SPECS: dict[str, _Spec] = {
    "notes": _Spec(
        columns=("group", "concept", "stakeholder", "valence", "text"),
        required=("concept", "stakeholder", "valence", "text"),
        data=("text",),
        vocabulary={
            "stakeholder": (STAKEHOLDERS, STAKEHOLDER_ALIASES),
            "valence": (VALENCES, VALENCE_ALIASES),
        },
    ),
    "discretion": _Spec(
        columns=("group", "aspect", "position", "text"),
        required=("aspect", "position"),
        data=("text", "position"),
        vocabulary={"aspect": (ASPECTS, ASPECT_ALIASES), "position": (POSITIONS, POSITION_ALIASES)},
    ),
    "feedback": _Spec(
        columns=("respondent", "text"), required=("text",), data=("text",), vocabulary={}
    ),
}
#: Header names read as the free-text column ``text``.
_TEXT_HEADERS = ("note", "notes", "comment", "comments", "text")


def _canonical(value: str, aliases: dict[str, str]) -> str | None:
    key = re.sub(r"\s+", " ", value.casefold())
    if key in aliases:
        return aliases[key]
    return aliases.get(re.sub(r"(?<=\w)[_-](?=\w)", " ", key).rstrip("."))


def _expected(spec: _Spec, name: str) -> str:
    if name not in spec.vocabulary:
        return "a value in every row with free text"
    canonical, aliases = spec.vocabulary[name]
    shorthand = sorted(alias for alias, value in aliases.items() if alias != value.casefold())
    text = "one of " + ", ".join(canonical)
    if shorthand:
        text += "; short forms: " + ", ".join(shorthand)
    return text
