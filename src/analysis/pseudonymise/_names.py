"""Matching key names in running text: case-, accent- and apostrophe-insensitive, whole words.

Names are matched on a *folded* copy of the text (case folded, accents stripped, curly
apostrophes and Unicode hyphens made ASCII) and every match is mapped back to the original
characters, so offsets always refer to the text the caller passed in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Transcribers and word processors write the same apostrophe or hyphen several ways; a name
# typed "O'Neill" in the key must still match "O’Neill" in a transcript.
_APOSTROPHES = frozenset("\u2019\u2018\u02bc\u00b4")
_HYPHENS = frozenset("\u2010\u2011")
# Letters that Unicode does not decompose into base letter + accent.
_UNDECOMPOSED = {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"}

# A name is a whole word when it is not glued to a neighbouring word, where an apostrophe or
# hyphen between letters glues ("O'Neill" is not "Neill", "Anne-Marie" is not "Anne"), except the
# possessive and the common contractions ("Margaret's", "Margaret'll", "the Hills'") and a
# hyphen marking cut-off speech ("Margaret- no, Joan").
_START = r"(?<!\w)(?<!\w[-'])"
_END = r"(?!\w)(?!-\w)(?!'(?!(?:s|ll|d|ve|re)(?!\w))\w)"


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """The folded form of one character (possibly empty, e.g. a combining accent)."""
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return "".join(_UNDECOMPOSED.get(c, c) for c in base.casefold())


def fold(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text``; also return, per folded character, the index of its source character.

    The index list is ``None`` when folding kept every character in place (plain ASCII).
    """
    if text.isascii():
        return text.lower(), None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def fold_name(name: str) -> str:
    """The form in which two spellings of a name count as the same name.

    Folded (case, accents, apostrophes), full stops dropped, hyphens and runs of whitespace
    made single spaces: "Anne-Marie", "anne  marie" and "ANNE MARIE" are one name, as are
    "St. Mary's" and "St Mary’s".
    """
    return " ".join(re.sub(r"[\s\-]+", " ", fold(name)[0].replace(".", "")).split())


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name in folded form, as the matcher separates them."""
    return tuple(re.findall(r"\w+(?:'\w+)*", fold_name(name)))


# Between the words of a name: any whitespace (line breaks included) or a hyphen, after an
# optional full stop ("St. Mary's" and "St Mary's", "Anne-Marie" and "Anne Marie").
_SEPARATOR = r"\.?(?:\s+|-)"
_END_OF_NAME = ""


def _atoms(name: str) -> list[str]:
    """Regex fragments, one per character of the name's folded spelling."""
    folded = " ".join(re.sub(r"[\s\-]+", " ", fold(name)[0]).split())
    atoms: list[str] = []
    for index, char in enumerate(folded):
        if char == " ":
            atoms.append(_SEPARATOR)
        elif char == ".":
            # A full stop before a separator is part of the separator's pattern.
            if folded[index + 1 : index + 2] != " ":
                atoms.append(r"\.?")
        else:
            atoms.append(re.escape(char))
    return atoms


def _trie_pattern(node: dict) -> str:
    branches = [atom + _trie_pattern(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Where a shorter name ends, the longer one is tried first and given up only if it fails:
    # "Margaret Hill" wins over "Margaret" at the same place.
    return f"(?:{body})?" if _END_OF_NAME in node else body


@dataclass(frozen=True)
class NameMatch:
    """One key name found in a text (offsets in the original text)."""

    start: int
    end: int
    entry: int


class NameMatcher:
    """Finds every key name in a text, leftmost first and, at one place, the longest name.

    Parameters
    ----------
    names : sequence of str
        The real names, distinct under :func:`fold_name`. A match's ``entry`` indexes into
        this sequence.

    Notes
    -----
    All names are compiled into one pattern shaped as a trie (names sharing a beginning share
    a branch), so a text is scanned once however long the key is.
    """

    def __init__(self, names: list[str]) -> None:
        self.names = list(names)
        self._entry = {fold_name(name): index for index, name in enumerate(self.names)}
        trie: dict = {}
        for name in self.names:
            node = trie
            for atom in _atoms(name):
                node = node.setdefault(atom, {})
            node[_END_OF_NAME] = {}
        self._pattern = re.compile(_START + _trie_pattern(trie) + _END) if self.names else None

    def find(self, text: str) -> list[NameMatch]:
        """Non-overlapping matches in ``text``, in order."""
        if self._pattern is None or not text:
            return []
        folded, origin = fold(text)
        matches = []
        for found in self._pattern.finditer(folded):
            entry = self._entry[fold_name(found.group())]
            start, end = found.span()
            if origin is not None:
                start = origin[start]
                end = origin[end - 1] + 1
                # A trailing combining accent belongs to the last letter of the name.
                while end < len(text) and not fold_char(text[end]):
                    end += 1
            matches.append(NameMatch(start, end, entry))
        return matches
