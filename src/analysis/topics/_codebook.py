"""Codebook-informed topic modelling: seed words and zero-shot topics from a team's codes."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from analysis.errors import InputError
from analysis.topics._stopwords import stop_words

_WORD = re.compile(r"(?u)\b[^\W\d_][^\W\d_]+\b")


def _check_codebook(codebook: pd.DataFrame, caller: str) -> pd.DataFrame:
    if not isinstance(codebook, pd.DataFrame) or not {"code_id", "name"} <= set(codebook.columns):
        raise InputError(
            f"The 'codebook' parameter of {caller} must be a codebook table with code_id and "
            "name columns.",
            expected="the table analysis.codebook.read_codebook returns",
        )
    if len(codebook) == 0:
        raise InputError(f"the codebook given to {caller} has no codes", expected="some codes")
    return codebook


def leaf_code_table(codebook: pd.DataFrame, *, caller: str = "fit_topics") -> pd.DataFrame:
    """The codebook's leaf codes (codes that are no other code's parent), in codebook order.

    Parent codes are umbrellas (*holding*'s children say what holding is); topics match the
    specific codes beneath them.
    """
    codebook = _check_codebook(codebook, caller)
    if "parent" in codebook.columns:
        from analysis.codebook import leaf_codes

        keep = set(leaf_codes(codebook))
        codebook = codebook[codebook["code_id"].isin(keep)]
    return codebook.reset_index(drop=True)


def _text(row: pd.Series, column: str) -> str:
    value = row.get(column, "")
    return "" if value is None or pd.isna(value) else str(value).strip()


def seed_words(codebook: pd.DataFrame, *, n_words: int = 5, caller: str = "fit_topics"):
    """Seed-word lists for guided topic modelling, one per leaf code.

    Parameters
    ----------
    codebook : DataFrame
        With ``code_id``, ``name`` and optionally ``parent``, ``definition``, ``include``.
    n_words : int
        The most words a code contributes.

    Returns
    -------
    list of list of str
        For each leaf code, the content words of its name (all of them, in order) followed by
        the most frequent content words of its definition and inclusion criteria, stop words
        (standard and spoken English) removed, up to ``n_words``. Codes with no content words
        are left out.
    code_ids : list of str
        The code each list came from.
    """
    stop = set(stop_words())
    lists, code_ids = [], []
    for _, row in leaf_code_table(codebook, caller=caller).iterrows():
        name_words = [w for w in _WORD.findall(_text(row, "name").lower()) if w not in stop]
        body = f"{_text(row, 'definition')} {_text(row, 'include')}".lower()
        counts = Counter(w for w in _WORD.findall(body) if w not in stop and len(w) > 2)
        # Ties in frequency keep first-use order (Counter preserves insertion order).
        ranked = [w for w, _ in counts.most_common()]
        words = list(dict.fromkeys([*name_words, *ranked]))[:n_words]
        if words:
            lists.append(words)
            code_ids.append(str(row["code_id"]))
    if not lists:
        raise InputError(
            "no code in the codebook has words to guide topics with",
            location=caller,
            expected="codes with names or definitions in words",
        )
    return lists, code_ids


def zero_shot_topics(codebook: pd.DataFrame, *, caller: str = "fit_topics"):
    """Zero-shot topic descriptions, one per leaf code: ``"name: definition"``.

    The definition is included because a code's name alone ("Holding") is a poor description to
    compare a segment's embedding with.

    Returns
    -------
    descriptions : list of str
    code_ids : list of str
    names : list of str
    """
    table = leaf_code_table(codebook, caller=caller)
    descriptions, code_ids, names = [], [], []
    for _, row in table.iterrows():
        name, definition = _text(row, "name"), _text(row, "definition")
        descriptions.append(f"{name}: {definition}" if definition else name)
        code_ids.append(str(row["code_id"]))
        names.append(name)
    return descriptions, code_ids, names
