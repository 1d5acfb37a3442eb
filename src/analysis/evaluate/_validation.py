"""Checks of the arguments shared by the evaluation measures."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.errors import InputError


def _check_topics(topic_words: Sequence[Sequence[str]], func: str) -> list[list[str]]:
    if isinstance(topic_words, str):
        raise InputError(
            f"{func}: topic_words is one string", expected="a list of topics, each a list of words"
        )
    topics = []
    for k, topic in enumerate(topic_words):
        if isinstance(topic, str):
            raise InputError(
                f"{func}: topic {k} is a string ({topic[:40]!r})",
                expected="each topic as a list of words, such as topic.split()",
            )
        topics.append(list(topic))
    if not topics:
        raise InputError(f"{func}: no topics", expected="at least one topic")
    return topics
