"""Compose one interview as a list of speaker turns, each written for one theme.

An interview is an opening, a first question about the interviewee's role, a run of topic
blocks (a prompt for a theme, an answer written for it, perhaps a back-channel that splits the
answer, a probe and a follow-up answer on the same theme, a clarifying question) and a close.
Answers are sentences drawn from the hand-written banks in :mod:`._interview_text` and spoken
up: fillers, hesitations, false starts, trailing tails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from analysis.demo import _interview_talk as talk
from analysis.demo._interview_text import THEME_TEXT
from analysis.demo._people import pick
from analysis.demo.plan import NO_THEME, WAVE_CHANGE

#: Which bank voice each role speaks in.
VOICE = {
    "link_worker": "lw",
    "patient": "pt",
    "gp_staff": "gp",
    "lw_manager": "mg",
    "vcse_partner": "vs",
}

#: How often each role talks about each theme (relative weights): patients about loneliness
#: and being listened to, managers about commissioning, GP staff about referrals, and so on.
ROLE_WEIGHTS = {
    "link_worker": {
        "HOLD-PROLONG": 1.2, "HOLD-CONTAIN": 1.2, "HOLD-NOGOAL": 1.0, "HOLD-NOREFER": 1.0,
        "DISC-LENGTH": 1.2, "DISC-PLACE": 1.1, "DISC-TRAIN": 1.4, "DISC-REFER": 1.2,
        "DISC-SPEC": 1.1, "caseload_burnout": 1.2, "funding_commissioning": 0.6,
        "recording_systems": 0.9, "vcs_capacity": 0.9, "loneliness_isolation": 0.7,
        "housing_debt": 0.8,
    },
    "patient": {
        "HOLD-PROLONG": 1.2, "HOLD-CONTAIN": 1.6, "HOLD-NOGOAL": 1.0, "HOLD-NOREFER": 0.8,
        "DISC-LENGTH": 0.5, "DISC-PLACE": 0.8, "DISC-SPEC": 0.2, "caseload_burnout": 0.4,
        "funding_commissioning": 0.3, "recording_systems": 0.3, "vcs_capacity": 0.6,
        "loneliness_isolation": 1.8, "housing_debt": 1.3,
    },
    "gp_staff": {
        "HOLD-PROLONG": 0.8, "HOLD-CONTAIN": 0.8, "HOLD-NOGOAL": 0.5, "HOLD-NOREFER": 0.7,
        "DISC-LENGTH": 0.6, "DISC-PLACE": 0.5, "DISC-TRAIN": 0.4, "DISC-REFER": 1.8,
        "DISC-SPEC": 0.7, "caseload_burnout": 0.8, "funding_commissioning": 0.6,
        "recording_systems": 1.2, "vcs_capacity": 0.6, "loneliness_isolation": 0.7,
        "housing_debt": 0.7,
    },
    "lw_manager": {
        "HOLD-PROLONG": 0.8, "HOLD-CONTAIN": 0.7, "HOLD-NOGOAL": 0.5, "HOLD-NOREFER": 0.6,
        "DISC-LENGTH": 1.0, "DISC-PLACE": 1.0, "DISC-TRAIN": 1.5, "DISC-REFER": 0.8,
        "DISC-SPEC": 1.1, "caseload_burnout": 1.3, "funding_commissioning": 1.8,
        "recording_systems": 1.1, "vcs_capacity": 0.7, "loneliness_isolation": 0.3,
        "housing_debt": 0.4,
    },
    "vcse_partner": {
        "HOLD-PROLONG": 0.6, "HOLD-CONTAIN": 0.6, "HOLD-NOGOAL": 0.6, "HOLD-NOREFER": 0.8,
        "DISC-LENGTH": 0.5, "DISC-PLACE": 0.5, "DISC-TRAIN": 0.4, "DISC-REFER": 0.8,
        "DISC-SPEC": 0.6, "caseload_burnout": 0.5, "funding_commissioning": 1.3,
        "recording_systems": 0.5, "vcs_capacity": 2.0, "loneliness_isolation": 1.0,
        "housing_debt": 1.0,
    },
}  # fmt: skip


_ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")
_SENTENCE_START_KEEPS_CASE = re.compile(r"^(I\b|I'|[A-Z]{2}|\{)")


@dataclass
class Turn:
    """One speaker turn before it is written to a file."""

    is_interviewer: bool
    theme: str
    sentences: list[str]
    pii: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass
class Context:
    """The interviewee and the fictional world their talk refers to (all names real-looking)."""

    role: str
    first: str
    slots: dict[str, tuple[str, ...]]
    pii_values: dict[str, object] = field(default_factory=dict)

    @property
    def voice(self) -> str:
        return VOICE[self.role]


def resolve(template: str, context: Context, rng: np.random.Generator) -> str:
    """Choose among ``[a|b]`` alternatives and fill ``{slot}`` names."""
    text = resolve_alternatives(template, rng)
    chosen: dict[str, str] = {}  # one name per slot within a sentence, so false starts agree

    def fill(match: re.Match) -> str:
        slot = match.group(1)
        if slot not in chosen:
            chosen[slot] = context.first if slot == "first" else pick(rng, context.slots[slot])
        return chosen[slot]

    return _SLOT.sub(fill, text)


def _lower_first(sentence: str) -> str:
    if _SENTENCE_START_KEEPS_CASE.match(sentence):
        return sentence
    return sentence[:1].lower() + sentence[1:]


def speak(template: str, rng: np.random.Generator, *, opener: bool) -> str:
    """Turn a written sentence (alternatives resolved, slots not yet) into speech."""
    sentence = template
    draw = rng.random(4)
    if draw[0] < 0.22 and ", " in sentence:
        # A filler where the speaker pauses anyway: at the first comma.
        head, tail = sentence.split(", ", 1)
        sentence = f"{head}, {pick(rng, talk.FILLERS)}, {tail}"
    if draw[1] < 0.04:
        words = sentence.split(" ")
        n = 1 if len(words) < 6 else int(rng.integers(1, 3))
        restart = _lower_first(" ".join(words[:n]))
        sentence = f"{' '.join(words[:n])} -- {restart} {' '.join(words[n:])}"
    if draw[2] < 0.05 and sentence.endswith("."):
        sentence = sentence[:-1] + pick(rng, talk.TAILS)
    if opener and draw[3] < 0.45:
        sentence = pick(rng, talk.OPENERS) + _lower_first(sentence)
    return sentence


class _Bank:
    """Sentences of one interview, drawn without repeats until a pool runs dry."""

    def __init__(self, context: Context, rng: np.random.Generator) -> None:
        self.context = context
        self.rng = rng
        self.used: dict[str, set[int]] = {}

    def pool(self, theme: str) -> tuple[str, ...]:
        texts = THEME_TEXT[theme]
        voice = self.context.voice
        if voice in ("gp", "mg", "vs"):
            return texts.get("pro", ()) + texts.get(voice, ())
        return texts.get(voice, ())

    def freshness(self, theme: str) -> float:
        """Share of the theme's sentences this interview has not used yet (at least 0.05)."""
        pool = self.pool(theme)
        return max(0.05, 1 - len(self.used.get(theme, ())) / max(1, len(pool)))

    def draw(self, theme: str, n: int) -> list[str]:
        pool = self.pool(theme)
        used = self.used.setdefault(theme, set())
        if len(used) >= len(pool):
            used.clear()  # only once every sentence has been said: then a shorter answer
        fresh = [i for i in range(len(pool)) if i not in used]
        chosen = self.rng.choice(fresh, size=min(n, len(fresh)), replace=False)
        used.update(int(i) for i in chosen)
        return [pool[int(i)] for i in chosen]

    def answer(self, theme: str, n: int) -> list[str]:
        """``n`` sentences written for ``theme``, spoken, perhaps with a glue sentence."""
        rng, context = self.rng, self.context
        sentences = [
            resolve(speak(resolve_alternatives(t, rng), rng, opener=i == 0), context, rng)
            for i, t in enumerate(self.draw(theme, n))
        ]
        draw = rng.random()
        if len(sentences) > 1 and draw < 0.12:
            sentences.append(pick(rng, talk.GLUE_END))
        elif draw > 0.96:
            sentences.insert(0, pick(rng, talk.GLUE_START))
        return sentences


def resolve_alternatives(template: str, rng: np.random.Generator) -> str:
    """Choose among ``[a|b]`` alternatives only, leaving ``{slot}`` names for later."""
    return _ALTERNATIVES.sub(lambda m: pick(rng, m.group(1).split("|")), template)


def theme_weights(
    role: str, wave: int, emphasis: str | None, balance: dict[str, float] | None = None
) -> dict[str, float]:
    """Relative weights of the themes one interviewee talks about.

    ``balance`` multiplies each theme's weight; the study passes factors that favour themes
    the interviews so far have covered least, so every theme gets enough turns to recover.
    A role is only pushed towards themes it talks about readily (weight of at least 0.7), so
    patients are never steered into talking about training or specialist roles.
    """
    balance = balance or {}
    weights = {
        t: w * (balance.get(t, 1.0) if w >= 0.7 else min(1.0, balance.get(t, 1.0)))
        for t, w in ROLE_WEIGHTS[role].items()
    }
    for theme, factors in WAVE_CHANGE.items():
        if theme in weights:
            weights[theme] *= factors[wave - 1]
    if emphasis in weights:
        weights[emphasis] *= 1.6
    return weights


def _answer_length(role: str, rng: np.random.Generator) -> int:
    sizes = np.arange(1, 8)
    if role == "patient":
        return int(rng.choice(sizes, p=[0.24, 0.26, 0.22, 0.14, 0.08, 0.04, 0.02]))
    return int(rng.choice(sizes, p=[0.12, 0.2, 0.22, 0.18, 0.13, 0.09, 0.06]))


def compose_interview(
    context: Context,
    wave: int,
    *,
    remote: bool,
    emphasis: str | None,
    pii: tuple[str, tuple[str, ...]] | None,
    balance: dict[str, float] | None = None,
    rng: np.random.Generator,
) -> list[Turn]:
    """The turns of one interview, alternating interviewer and interviewee.

    Parameters
    ----------
    context : Context
        The interviewee, their role and the names their talk may mention.
    wave : int
        1 or 2; second-wave interviews open by asking what has changed.
    remote : bool
        Whether the interview ran on a video call (adds a sound check).
    emphasis : str or None
        A theme the interviewee's site talks about more than others.
    pii : (template, kinds) or None
        A line carrying personal data to plant in this interview, with the kinds it holds.
    balance : dict, optional
        Factors on theme weights (see :func:`theme_weights`).
    rng : numpy.random.Generator
    """
    bank = _Bank(context, rng)
    turns: list[Turn] = []

    def ask(template: str) -> None:
        turns.append(Turn(True, NO_THEME, [resolve(template, context, rng)]))

    def reply(theme: str, sentences: list[str], kinds: tuple[str, ...] = ()) -> None:
        turns.append(Turn(False, theme, sentences, kinds))

    def say_none(options: tuple[str, ...]) -> None:
        reply(NO_THEME, [resolve(pick(rng, options), context, rng)])

    voice = context.voice
    group = "pt" if voice == "pt" else "staff"
    ask(pick(rng, talk.OPENINGS_W2 if wave == 2 else talk.OPENINGS))
    if remote:
        say_none(("Yeah, no problem.", "That's fine.", "Hiya, no worries."))
        ask(pick(rng, talk.REMOTE_CHECK))
        say_none(talk.REMOTE_ANSWERS)
    else:
        say_none(("No problem.", "That's okay.", "You're welcome."))
    question, consent_answers = pick(rng, talk.CONSENT)
    ask(question)
    say_none(consent_answers)

    intro_key = "w2" if wave == 2 else voice
    ask(pick(rng, talk.INTRO_QUESTIONS[intro_key]))
    answers = talk.INTRO_ANSWERS["w2pt" if wave == 2 and voice == "pt" else intro_key]
    n_intro = min(len(answers), int(rng.integers(2, 6)))
    picked = rng.choice(len(answers), size=n_intro, replace=False)
    reply(NO_THEME, [resolve(answers[int(i)], context, rng) for i in sorted(picked)])

    weights = theme_weights(context.role, wave, emphasis, balance)
    themes = list(weights)
    base = np.array([weights[t] for t in themes])
    covered = np.ones(len(themes))
    asked: set[str] = set()
    had_aside = False
    n_blocks = int(rng.integers(9, 13) if voice == "pt" else rng.integers(10, 17))
    if wave == 2:
        n_blocks -= 1
    for block in range(n_blocks):
        # A theme can come back, but less often, and not once its sentences are used up.
        p = base * covered * np.array([bank.freshness(t) for t in themes])
        k = int(rng.choice(len(themes), p=p / p.sum()))
        covered[k] *= 0.4
        theme = themes[k]
        prompt_voice = voice if voice in ("lw", "pt") else "pro"
        prompts = talk.PROMPTS[theme][prompt_voice]
        prompt = pick(rng, [q for q in prompts if q not in asked] or prompts)
        asked.add(prompt)
        lead = pick(rng, talk.TRANSITIONS) if block else ""
        ask(lead + (_lower_first(prompt) if lead.endswith(", ") else prompt))
        sentences = bank.answer(theme, _answer_length(context.role, rng))
        if len(sentences) >= 3 and rng.random() < 0.3:
            # The interviewer's back-channel (or an interruption) splits one answer in two.
            cut = int(rng.integers(1, len(sentences)))
            first_part, rest = sentences[:cut], sentences[cut:]
            interrupted = rng.random() < 0.3
            if interrupted:
                first_part[-1] = first_part[-1].rstrip(".?!,") + " --"
            reply(theme, first_part)
            ask(pick(rng, talk.SORRY if interrupted else talk.BACKCHANNELS))
            reply(theme, rest)
        else:
            reply(theme, sentences)
        if not had_aside and rng.random() < 0.06:
            # The interviewee breaks off (or loses the line), then picks the thread up.
            had_aside = True
            ask(pick(rng, talk.PROBES[group]))
            say_none(talk.ASIDES_REMOTE if remote else talk.ASIDES)
            ask(pick(rng, talk.AFTER_ASIDE_REMOTE if remote else talk.AFTER_ASIDE))
            reply(theme, bank.answer(theme, 1))
        if rng.random() < 0.55:
            probes = talk.PROBES[group]
            probe = pick(rng, [q for q in probes if q not in asked] or probes)
            asked.add(probe)
            ask(probe)
            reply(theme, bank.answer(theme, max(1, _answer_length(context.role, rng) - 1)))
        if rng.random() < 0.2:
            ask(pick(rng, talk.CLARIFY[group]))
            say_none(talk.ACKS)

    ask(pick(rng, talk.CLOSING_QUESTIONS))
    if rng.random() < 0.5:
        say_none(talk.CLOSING_NONE)
    else:
        k = int(rng.choice(len(themes), p=base / base.sum()))
        reply(themes[k], bank.answer(themes[k], _answer_length(context.role, rng)))
    if pii is not None:
        template, kinds = pii
        ask(
            pick(
                rng,
                (
                    "And is there a good way to get hold of you if we need to?",
                    "Oh, and before I forget, the thank-you voucher -- where should we send it?",
                    "Sorry, before we stop, is there anything you need from me?",
                ),
            )
        )
        reply(NO_THEME, [template.format(**context.pii_values)], kinds)
    ask(pick(rng, talk.THANKS))
    say_none(talk.GOODBYES)
    return turns
