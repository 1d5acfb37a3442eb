"""Conversation management: greetings, thanks, connection trouble and interview closings.

Online interviews are full of it ("Sorry, you froze there for a second", "You're welcome, good
luck with it all"), and it clusters as well as any theme does. A topic made mostly of it is
labelled as chatter and kept out of findings: prevalence, differences between groups and
emergent themes.
"""

from __future__ import annotations

import re

import numpy as np

#: Words that manage a conversation rather than carry its content: greetings, thanks and
#: farewells, apologies and repair, connection and recording trouble, interview procedure.
CONVERSATION_WORDS: tuple[str, ...] = (
    "hello", "hi", "hiya", "hey", "morning", "afternoon", "evening", "welcome", "thanks",
    "thank", "cheers", "bye", "goodbye", "luck", "pleasure", "sorry", "pardon", "apologies",
    "excuse", "froze", "frozen", "freeze", "freezing", "connection", "internet", "wifi",
    "signal", "lag", "mute", "muted", "unmute", "camera", "microphone", "mic", "glitch", "echo",
    "zoom", "hear", "hearing", "question", "questions", "second", "seconds", "covered",
    "recording", "consent", "interview",
)  # fmt: skip
#: Phrases of the same kind whose words are content words elsewhere ("money worries").
CONVERSATION_PHRASES: tuple[str, ...] = (
    "no worries", "no problem", "not a problem", "take care", "good luck", "all the best",
    "bad line", "line went", "went a bit funny", "on mute", "you're back", "lost you",
    "i'm back", "bear with me", "one moment", "two seconds", "just a sec", "at the door",
    "phone off", "there we go",
    "breaking up", "say that again", "hang on", "that's everything", "been useful",
    "good question", "big question", "answer your question", "happy to help", "glad to help",
    "taking part", "take part", "talking to me", "talking to us", "speaking to me",
    "speaking with me", "with the study", "for the study", "your study", "your research",
)  # fmt: skip
#: A topic is chatter when at least this share of its segments is.
CHATTER_SHARE = 0.5

_PHRASE = re.compile("|".join(re.escape(p) for p in CONVERSATION_PHRASES))
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def is_chatter(texts, *, min_content_words: int = 2) -> np.ndarray:
    """Whether each text is conversation management: fewer than ``min_content_words`` content
    words once conversation words and phrases are set aside as well as stop words.

    >>> is_chatter(["Sorry, you froze for a second there.", "The food bank ran out of vouchers."])
    array([ True, False])
    >>> is_chatter(["Sorry, someone's at the door, two seconds. Okay, I'm back."])
    array([ True])
    """
    from analysis.topics._stopwords import SpokenAnalyzer, stop_words

    analyse = SpokenAnalyzer(stop_words(CONVERSATION_WORDS), (1, 1))
    out = [
        len(analyse(_PHRASE.sub(" . ", str(t).lower().translate(_APOSTROPHES)))) < min_content_words
        for t in texts
    ]
    return np.array(out, dtype=bool)


def chatter_shares(topics: np.ndarray, texts, *, min_content_words: int = 2) -> dict[int, float]:
    """Each topic's share of chatter segments (outliers, ``-1``, included)."""
    flags = is_chatter(texts, min_content_words=max(1, min_content_words))
    topics = np.asarray(topics)
    return {int(t): float(flags[topics == t].mean()) for t in np.unique(topics)}
