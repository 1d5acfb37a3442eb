"""The demo study's codebook, in the two versions the team used.

Version 1 is the deductive codebook the two coders applied: the parents *holding* (HOLD) and
*discretion* (DISC) with the leaf codes of :data:`analysis.demo.plan.CODES_V1`. Version 2 is the
revision after a round of coding, built from version 1 by applying
:data:`analysis.demo.plan.CODEBOOK_CHANGES` and nothing else, so that comparing the two versions
recovers exactly the planted changes. All wording, examples included, is written for the demo.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from analysis.demo import plan

__all__ = ["CODEBOOK_V1", "CODEBOOK_V2", "write_codebooks"]


def _code(code_id, name, parent, definition, include, exclude, example):
    return {
        "code_id": code_id,
        "name": name,
        "parent": parent,
        "definition": definition,
        "include": include,
        "exclude": exclude,
        "example": example,
    }


#: Codebook version 1: one dict per code, parents first within each family.
CODEBOOK_V1 = [
    _code(
        "HOLD",
        "Holding",
        None,
        "Link workers holding people: support that is prolonged, open-ended and not driven towards "
        "a defined outcome, so that the relationship with the link worker becomes the intervention "
        "rather than a route to other services. Apply the parent code only to talk about holding "
        "in general that fits none of its child codes.",
        "General reflections on link workers 'holding' people or on the link worker being the "
        "intervention; comparisons of holding with a signposting model of social prescribing.",
        "Passages that fit a child code (code the child instead); descriptions of routine, "
        "short-term signposting with no holding element.",
        "I suppose what we do is hold people, really. It's not a quick signpost and off you go.",
    ),
    _code(
        "HOLD-PROLONG",
        "Prolonged, open-ended support",
        "HOLD",
        "Support that continues over many months, runs well past the number of sessions a service "
        "expects, or has no agreed end point. The person stays on the link worker's list, returns "
        "repeatedly, or the case is kept open in case they need it again.",
        "Accounts of seeing someone for a long time; cases kept open; people who come back again "
        "and again; difficulty in closing or discharging someone; patients valuing support that "
        "does not end.",
        "Who decides how long support lasts, session caps and rules about discharge (code "
        "DISC-LENGTH); a service's standard offer mentioned as a fact with no holding beyond it.",
        "I've had her on my list since last spring, honestly. Every time I think we're ready to "
        "close, something else comes up, and I can't just drop her.",
    ),
    _code(
        "HOLD-CONTAIN",
        "Container for emotions",
        "HOLD",
        "The link worker takes in people's distress, worry, anger or grief, giving them somewhere "
        "to put feelings that other services have no time for. The value lies in being listened "
        "to and contained, not in any practical outcome.",
        "Being listened to; offloading; the link worker as a safe or trusted person; people "
        "saying they have nobody else to tell; the link worker absorbing and carrying what "
        "patients bring.",
        "Referrals to counselling or mental-health services (code DISC-REFER if about the "
        "criteria, otherwise not coded); workload or tiredness with no reference to absorbing "
        "patients' emotions.",
        "Some weeks they come in and it all just pours out. I'm not fixing anything, I'm the "
        "person they can put it on.",
    ),
    _code(
        "HOLD-NOGOAL",
        "Engaging without a particular goal",
        "HOLD",
        "Contact that is not organised around a goal, action plan or outcome measure: the "
        "conversation or regular check-in is valued for itself. Includes link workers resisting "
        "or deferring goal-setting because the person is not ready for it.",
        "'Just a chat'; regular check-in calls with no agenda; personalised care plans left "
        "blank or deferred; tension between open engagement and outcome forms.",
        "Goal-setting that is happening, even slowly; not connecting people to services "
        "(code HOLD-NOREFER).",
        "There's no plan with him, really. I ring on a Thursday, we talk about his garden and the "
        "football, and that's the point of it.",
    ),
    _code(
        "HOLD-NOREFER",
        "Not necessarily connecting people to services",
        "HOLD",
        "The link worker supports the person directly instead of, or long before, referring or "
        "signposting them to community groups and services. The link worker, not the onward "
        "activity, is the intervention.",
        "Decisions not to signpost yet; people not ready for groups; link workers carrying on "
        "because no suitable service exists or the person will not go alone; accompanying "
        "someone in place of a referral.",
        "Criteria and routes for referrals into the link worker service (code DISC-REFER); gaps "
        "in voluntary-sector provision described as a system problem with no holding element.",
        "She wasn't ready for the walking group, not yet. So I just kept seeing her myself until "
        "she was.",
    ),
    _code(
        "DISC",
        "Discretion",
        None,
        "How much room link workers have to act on their own judgement in their role, and the "
        "boundaries that curtail it. Apply the parent code only to general talk about autonomy, "
        "flexibility or boundaries that fits none of its child codes.",
        "General statements about freedom, flexibility or being trusted to decide; boundaries "
        "and rules of the role in general.",
        "Passages that fit a child code (code the child instead).",
        "We've got a lot of freedom in how we work, more than people think, but it depends "
        "which practice you're in.",
    ),
    _code(
        "DISC-LENGTH",
        "Discretion over length of support",
        "DISC",
        "How far link workers can decide how long to support someone, and the caps, targets and "
        "expectations that limit it. Often framed as depending on the complexity of the "
        "person's needs.",
        "Session limits and whether they can be extended; managers' or commissioners' "
        "expectations about discharge; judgements about when to close based on need.",
        "Descriptions of long support that say nothing about who decides (code HOLD-PROLONG).",
        "We're meant to do six sessions but nobody's counting if it's someone with a lot going "
        "on. I'll make the call.",
    ),
    _code(
        "DISC-PLACE",
        "Discretion over where people are seen",
        "DISC",
        "How far link workers can choose where they meet people: at home, in the practice, in "
        "community venues, by phone or out walking. Includes lone-working rules and going out in "
        "pairs, which shape what settings are possible.",
        "Home visits and what they reveal; being required to use clinic rooms; community "
        "venues; lone-working policies, safety and paired visits.",
        "A place mentioned only as the backdrop of a story, with no choice or rule about it.",
        "When you go to the house you see it all, the post piling up, the cold. In the surgery "
        "you'd never know.",
    ),
    _code(
        "DISC-TRAIN",
        "Discretion over training",
        "DISC",
        "Which training link workers must do and which they can choose for themselves. Covers "
        "whether the choice follows their own skills gaps and the problems they meet in their "
        "caseload, and whether time and funding make the choice real.",
        "Mandatory training; self-chosen courses; time and money for development; training "
        "matched to the needs of the people seen.",
        "Descriptions of skills or experience with no reference to training or choice about it.",
        "The mandatory stuff you just do. But I picked the debt advice course myself because "
        "that's what kept coming up.",
    ),
    _code(
        "DISC-REFER",
        "Discretion over referrals",
        "DISC",
        "Who can be referred into the link worker service and what link workers can accept, "
        "decline or redirect. Includes referral criteria agreed or co-produced with practice "
        "staff to reduce inappropriate referrals.",
        "Referral criteria and forms; inappropriate referrals; saying no to a referral; "
        "co-producing criteria with GPs and practice teams.",
        "Constraints that come from a specialist or service-specific role (code DISC-SPEC); "
        "choosing not to refer someone onward as part of holding (code HOLD-NOREFER).",
        "We sat down with the practice and wrote the criteria together, and the daft referrals "
        "mostly stopped after that.",
    ),
    _code(
        "DISC-SPEC",
        "Specialist and service-specific roles",
        "DISC",
        "Link workers attached to a particular pathway or population, such as cardiovascular or "
        "diabetes services, children and young people, or people with a learning disability, "
        "whose protocols leave less room for discretion than a generic role. Covers how the "
        "pathway or host service, rather than the link worker, decides who is seen and where "
        "they go next.",
        "Comparisons of specialist and generic roles; pathway protocols and fixed criteria; "
        "caseloads defined by a condition or population.",
        "Referral criteria of a generic service (code DISC-REFER).",
        "In the diabetes team the pathway decides most of it. When I was generic I had far more "
        "say.",
    ),
]

#: Version-2 codes that replace or add to version-1 codes (see plan.CODEBOOK_CHANGES).
_V2_NEW_CODES = {
    "HOLD-EMOTION": _code(
        "HOLD-EMOTION",
        "Emotional holding",
        "HOLD",
        "People bring feelings to the link worker, such as distress, loneliness, anger or grief, "
        "and the link worker receives and carries them. What matters to the person is having "
        "somewhere safe for those feelings, rather than any practical result.",
        "Offloading; feeling heard; trust in the link worker as the one person they can tell; "
        "the link worker describing what they carry away from such conversations.",
        "Referrals to counselling or mental-health services (code DISC-REFER if about the "
        "criteria, otherwise not coded); caseload pressure or tiredness not tied to carrying "
        "patients' feelings (code CASELOAD).",
        "He said I was the only one who actually let him talk. Half an hour, and he just needed "
        "someone to hear it.",
    ),
    "HOLD-OPEN": _code(
        "HOLD-OPEN",
        "Open-ended engagement without a set outcome",
        "HOLD",
        "Engagement that is not steered towards a goal, an action plan or an onward connection: "
        "the link worker keeps in touch and supports the person directly, and the contact is "
        "valued for itself. Merges the version-1 codes HOLD-NOGOAL and HOLD-NOREFER, which "
        "coders could not reliably tell apart.",
        "Check-ins with no agenda; goal-setting deferred; no signposting yet because the person "
        "is not ready or nothing suitable exists; the link worker as the intervention.",
        "Goal-setting or onward referral that is happening, even slowly; criteria for referrals "
        "into the service (code DISC-REFER).",
        "No goals, no forms, not yet. I just keep ringing her and one day she'll say yes to the "
        "craft group.",
    ),
    "DISC-SETTING": _code(
        "DISC-SETTING",
        "Discretion over the setting",
        "DISC",
        "How far link workers can choose the setting where they meet people: the person's home, "
        "a clinic room in the practice, or community venues. Covers what each setting makes "
        "visible and rules that tie link workers to the practice. Split from the version-1 code "
        "DISC-PLACE, together with DISC-PAIRS.",
        "Home visits and what they reveal; being required to see people in clinic; cafes, "
        "libraries and other community venues; phone or video instead of face to face.",
        "Lone working, safety and paired visits (code DISC-PAIRS); a place mentioned only as the "
        "backdrop of a story.",
        "I'd rather see her at home, you pick up so much more there, but the practice wants us "
        "in the building.",
    ),
    "DISC-PAIRS": _code(
        "DISC-PAIRS",
        "Lone working and paired visits",
        "DISC",
        "Rules and judgements about safety when link workers see people outside the practice: "
        "lone-working policies, risk assessment, and going out in pairs, which limit where and "
        "how link workers can work. Split from the version-1 code DISC-PLACE, whose safety talk "
        "coders found distinct from the choice of setting.",
        "Lone-working policy; going out in pairs; risk assessments before home visits; feeling "
        "unsafe; the cost of doubling up staff.",
        "The choice of setting with no reference to safety or pairs (code DISC-SETTING).",
        "If it's a first home visit we go out in twos. It halves how many people we see, but "
        "you don't know what you're walking into.",
    ),
    "CASELOAD": _code(
        "CASELOAD",
        "Caseload pressure",
        None,
        "The size and pace of link workers' caseloads and what they do to the service and to "
        "link workers: waiting lists, too little time per person, and stress, exhaustion or "
        "burnout. Added in version 2 because it emerged strongly from the data.",
        "Caseload numbers; waiting lists; pressure to discharge to make room; staff sickness, "
        "turnover and burnout linked to workload.",
        "Absorbing patients' emotions (code HOLD-EMOTION) unless the passage is about the "
        "cumulative workload; funding decisions with no reference to caseload.",
        "I've got ninety-odd open cases and a waiting list on top. Something has to give, and "
        "usually it's me.",
    ),
}


def _derive_v2(v1: list[dict], changes, new_codes: dict) -> list[dict]:
    """Apply the planned changes to version 1: replacements take the place of the first code
    they replace, so the codebook keeps its order; added codes go at the end."""
    replaced = {}
    removed = set()
    added = []
    for change in changes:
        missing = [code_id for code_id in change["v2"] if code_id not in new_codes]
        if missing:
            raise ValueError(f"No demo wording for the version-2 code(s) {missing}.")
        if change["v1"]:
            replaced[change["v1"][0]] = change["v2"]
            removed.update(change["v1"])
        else:
            added.extend(change["v2"])
    v2 = []
    for code in v1:
        if code["code_id"] in replaced:
            v2.extend(copy.deepcopy(new_codes[code_id]) for code_id in replaced[code["code_id"]])
        elif code["code_id"] not in removed:
            v2.append(copy.deepcopy(code))
    v2.extend(copy.deepcopy(new_codes[code_id]) for code_id in added)
    return v2


#: Codebook version 2: version 1 revised exactly as plan.CODEBOOK_CHANGES says.
CODEBOOK_V2 = _derive_v2(CODEBOOK_V1, plan.CODEBOOK_CHANGES, _V2_NEW_CODES)

_HEADER = (
    "# Synthetic demo codebook, version {version}, for the fictional link worker study shipped "
    "with the\n"
    "# analysis toolkit. Written by the demo generator (analysis.demo.codebook); all wording and "
    "examples\n"
    "# are invented. One entry per code: code_id, name, parent (null = top level), definition,\n"
    "# include, exclude, example.\n"
)


def write_codebooks(study_dir: Path) -> None:
    """Write both codebook versions as YAML under ``study_dir/codebook/``.

    Parameters
    ----------
    study_dir : Path
        The study folder; ``codebook/codebook_v1.yaml`` and ``codebook/codebook_v2.yaml`` are
        written (the folder is created if needed, existing files are replaced).

    Notes
    -----
    The files are byte-for-byte the same on every run and platform: keys keep their order, text
    is UTF-8 with ``\\n`` line ends.
    """
    folder = Path(study_dir) / "codebook"
    folder.mkdir(parents=True, exist_ok=True)
    for version, codes in ((1, CODEBOOK_V1), (2, CODEBOOK_V2)):
        body = yaml.safe_dump(codes, sort_keys=False, allow_unicode=True, width=100)
        text = _HEADER.format(version=version) + body
        (folder / f"codebook_v{version}.yaml").write_text(text, encoding="utf-8", newline="\n")
