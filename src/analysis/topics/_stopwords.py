"""Stop words for spoken English: what interview transcripts are full of and topics should not be.

Standard English stop-word lists are built from written text. Transcribed speech adds fillers
("um", "erm"), discourse markers ("you know", "sort of", "I mean"), hedges ("basically",
"obviously") and transcription conventions ("[inaudible]", "[crosstalk]"); left in, they top
every topic's word list and make topics unreadable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["SPOKEN_STOP_WORDS", "TRANSCRIPT_NOISE", "SpokenAnalyzer", "stop_words"]

#: Fillers, discourse markers and hedges of spoken English. Phrases are split into their words
#: by :func:`stop_words`, since the vectoriser drops stop words token by token.
SPOKEN_STOP_WORDS: tuple[str, ...] = (
    # fillers and back-channels
    "um", "umm", "uh", "uhm", "er", "erm", "errm", "ah", "aah", "oh", "ooh", "mm", "mmm", "mhm",
    "hmm", "hm", "huh", "uh huh", "yeah", "yeh", "yep", "yup", "yes", "no", "nope", "okay", "ok",
    "alright", "right", "cool", "wow", "aye",
    # discourse markers
    "like", "know", "you know", "sort", "sort of", "kind", "kind of", "kinda", "sorta", "mean",
    "i mean", "really", "just", "actually", "basically", "literally", "obviously", "honestly",
    "definitely", "probably", "maybe", "perhaps", "well", "so", "anyway", "anyways", "say",
    "said", "says", "saying", "tell", "told", "think", "thought", "guess", "suppose", "reckon",
    "feel like", "thing", "things", "stuff", "something", "anything", "everything", "nothing",
    "gonna", "gotta", "wanna", "got", "get", "gets", "getting", "bit", "lot", "lots", "quite",
    "pretty", "bit of", "lot of", "little", "way", "sure", "course", "of course", "certainly",
    "go", "goes", "going", "went", "gone", "come", "comes", "coming", "came", "want", "wanted",
    "wants", "make", "makes", "made", "does", "did", "doing", "done", "let", "lets", "look",
    "use", "used", "able", "trying", "try", "tried", "great", "fine", "nice", "now", "then",
    "back", "one", "whatever", "bits", "absolutely", "exactly", "totally", "completely",
    "especially", "generally", "usually", "certain", "particular", "particularly", "specific",
    "example", "instance", "lovely",
    # contractions as the vectoriser's token pattern splits them ("don't" -> "don")
    "don", "didn", "doesn", "isn", "wasn", "aren", "weren", "haven", "hasn", "hadn", "won",
    "wouldn", "couldn", "shouldn", "ain", "ve", "ll", "re", "em", "cos", "cause", "gotten",
    "im", "ive", "id", "youre", "theyre", "dont", "didnt", "doesnt", "isnt", "wasnt", "cant",
    "wont", "thats", "theres", "whats", "lets",
)  # fmt: skip

#: Transcription conventions and annotations, and the labels of who is speaking.
TRANSCRIPT_NOISE: tuple[str, ...] = (
    "inaudible", "unclear", "crosstalk", "cross talk", "overlapping", "overtalking", "laughs",
    "laughter", "laughing", "laugh", "pause", "pauses", "long pause", "silence", "sighs", "sigh",
    "coughs", "cough", "interruption", "interrupted", "indistinct", "unintelligible",
    "background noise", "noise", "redacted", "name", "interviewer", "interviewee",
    "participant", "respondent", "facilitator", "speaker", "transcript", "transcriber",
    "recording", "audio", "int", "resp", "timestamp",
)  # fmt: skip

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def stop_words(extra: Iterable[str] = ()) -> list[str]:
    """Standard English stop words plus spoken-English ones, as the vectoriser's tokens.

    Parameters
    ----------
    extra : iterable of str, optional
        Further words or phrases to drop (a study's place names, say).

    Returns
    -------
    list of str
        Sorted, lower-case tokens of scikit-learn's English list, :data:`SPOKEN_STOP_WORDS`,
        :data:`TRANSCRIPT_NOISE` and ``extra``. Phrases are split with scikit-learn's default
        token pattern, so the list is consistent with the vectoriser's tokens and scikit-learn
        does not warn about stop words it cannot match.

    Examples
    --------
    >>> words = stop_words(["Lambeth"])
    >>> {"erm", "yeah", "inaudible", "lambeth", "the"} <= set(words)
    True
    >>> "sort of" in words, "sort" in words
    (False, True)
    """
    words: set[str] = set(ENGLISH_STOP_WORDS)
    for phrase in (*SPOKEN_STOP_WORDS, *TRANSCRIPT_NOISE, *extra):
        words.update(_TOKEN.findall(str(phrase).lower()))
    return sorted(words)


# Pseudonymisation placeholders ("[Staff 02]", "[EMAIL]") and transcription annotations
# ("[inaudible]") say who or what was removed, not what was said.
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{0,40}\]")
# Phrases do not run across punctuation: "the beds, it takes" holds no phrase "beds takes".
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"\u201c\u201d\u2014\u2013/]+|\s-\s|\s'|'\s")
# "Doctor:" at the start of a line: a speaker label, when a text holds a whole conversation.
_LINE_LABEL = re.compile(r"(?m)^[ \t]*([^\W\d][\w .'-]{0,30}?)[ \t]*:(?=\s)")


def _without_speaker_labels(text: str) -> str:
    """``text`` without the speaker labels that open two or more of its lines.

    A label said once ("group split: some wanted caps") introduces what follows and stays; one
    that opens line after line ("Doctor: ...", "Patient: ...") says who is speaking.
    """
    labels = [match.group(1).casefold() for match in _LINE_LABEL.finditer(text)]
    repeated = {label for label in labels if labels.count(label) >= 2}
    if not repeated:
        return text
    return _LINE_LABEL.sub(
        lambda match: " " if match.group(1).casefold() in repeated else match.group(0), text
    )


class SpokenAnalyzer:
    """Words and phrases of a transcribed text, for a scikit-learn vectoriser's ``analyzer``.

    scikit-learn drops stop words and then joins the remaining neighbours into n-grams, so "the
    beds, it takes my mind off" yields the phrase "beds takes". This analyser keeps a phrase
    only when its words stood next to each other in the same clause: "universal credit",
    "link worker" and "food bank" survive; phrases stitched across a dropped filler or a comma
    do not. In a text that holds a whole conversation, the speaker labels that open its lines
    ("Doctor:", "Patient:", two or more times each) are who spoke, not what was said, and are
    left out.

    Parameters
    ----------
    stop_words : iterable of str
        Tokens to drop (see :func:`stop_words`).
    ngram_range : tuple of int
        The shortest and longest phrases, in words.

    Examples
    --------
    >>> analyse = SpokenAnalyzer(stop_words(), (1, 2))
    >>> analyse("Erm, the food bank, you know, sorted out my debts")
    ['food', 'bank', 'sorted', 'debts', 'food bank']
    >>> analyse("[Staff 02] rang LW03 about the [Place 01] food bank")
    ['rang', 'food', 'bank', 'food bank']
    >>> analyse("Doctor: Any allergies?\\nPatient: Penicillin.\\nDoctor: Rash?\\nPatient: Hives.")
    ['allergies', 'penicillin', 'rash', 'hives']
    """

    def __init__(self, stop_words: Iterable[str], ngram_range: tuple[int, int] = (1, 2)) -> None:
        self.stop_words = frozenset(stop_words)
        self.ngram_range = tuple(ngram_range)

    def __call__(self, text: str) -> list[str]:
        low, high = self.ngram_range
        runs: list[list[str]] = []
        text = _PLACEHOLDER.sub(" . ", _without_speaker_labels(str(text)).lower())
        for clause in _CLAUSE.split(text):
            run: list[str] = []
            for token in _TOKEN.findall(clause):
                # Tokens with digits are ids and numbers (pseudonyms like LW03, times, counts).
                if token in self.stop_words or any(c.isdigit() for c in token):
                    if run:
                        runs.append(run)
                    run = []
                else:
                    run.append(token)
            if run:
                runs.append(run)
        grams: list[str] = []
        for n in range(low, high + 1):
            for run in runs:
                grams.extend(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
        return grams
