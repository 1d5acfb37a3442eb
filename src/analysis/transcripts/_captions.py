"""Captions from Teams and Zoom (.vtt) and subtitle files (.srt), rendered as a transcript.

A hand parser rather than webvtt-py: it names the line of any fault, never raises anything but
:class:`~analysis.errors.InputError` on damaged input, and reads .srt with the same code.

The speaker of a cue is its WebVTT voice tag ``<v Name>`` (Teams) or a ``Name:`` prefix on the
cue text (Zoom, and .srt files that carry names). A cue without either continues the previous
speaker. Consecutive cues of one speaker are one turn, joined by a single space; the document is
one ``Speaker: text`` line per turn, after any unlabelled text at the start (the preamble).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.transcripts._labels import is_label
from analysis.transcripts._model import Turn

__all__ = ["parse_captions"]

_CUE_TIME = r"(?:(\d{1,9}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING = re.compile(rf"\s*{_CUE_TIME}\s*-->\s*{_CUE_TIME}(?:\s.*)?")
_VTT_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:\s.*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
_SRT_OVERRIDE = re.compile(r"\{\\[^}]*\}")  # SubStation overrides such as {\an8}
_PREFIX = re.compile(r":(?=\s|$)")


@dataclass(frozen=True)
class _Utterance:
    start: str
    speaker: str | None
    text: str


def parse_captions(text: str, path: Path, *, format: str) -> tuple[str, list[Turn], str]:
    """Render captions as a transcript; return the document text, its turns and the preamble.

    Parameters
    ----------
    text : str
        The decoded, normalised file content.
    path : Path
        The file, for error messages.
    format : {"vtt", "srt"}
        WebVTT requires its ``WEBVTT`` header and skips NOTE, STYLE and REGION blocks.

    Raises
    ------
    InputError
        On a missing header, a block without a valid timing line, or captions without speakers.
    """
    lines = text.split("\n")
    utterances = _resolve_prefixes(_read_cues(lines, path, format=format))
    preamble_parts: list[str] = []
    merged: list[list[str]] = []  # [speaker, first start, text]
    for utterance in utterances:
        speaker = utterance.speaker or (merged[-1][0] if merged else None)
        if speaker is None:
            preamble_parts.append(utterance.text)
        elif merged and merged[-1][0] == speaker:
            if utterance.text:
                joined = f"{merged[-1][2]} {utterance.text}" if merged[-1][2] else utterance.text
                merged[-1][2] = joined
        else:
            merged.append([speaker, utterance.start, utterance.text])
    if not merged:
        raise InputError(
            "no speaker names found in the captions",
            path=path,
            expected="cues with voice tags such as '<v Interviewer>' or prefixes 'Interviewer: '",
        )
    preamble = " ".join(preamble_parts)
    rendered = [preamble] if preamble else []
    turns = []
    offset = len(preamble) + 1 if preamble else 0
    for speaker, start, words in merged:
        line = f"{speaker}: {words}"
        char_start = offset + len(speaker) + 2
        turns.append(Turn(speaker, start, char_start, char_start + len(words)))
        rendered.append(line)
        offset += len(line) + 1
    return "\n".join(rendered), turns, preamble


def _read_cues(lines: list[str], path: Path, *, format: str) -> list[_Utterance]:
    n_lines = len(lines)
    index = 0
    if format == "vtt":
        if _VTT_HEADER.fullmatch(lines[0]) is None:
            raise InputError(
                "missing the WEBVTT header",
                path=path,
                location="line 1",
                expected="a WebVTT file whose first line is 'WEBVTT'",
            )
        index = 1
        while index < n_lines and lines[index].strip() and "-->" not in lines[index]:
            index += 1
    utterances: list[_Utterance] = []
    while index < n_lines:
        if not lines[index].strip():
            index += 1
            continue
        first = index
        while index < n_lines and lines[index].strip():
            index += 1
        block = lines[first:index]
        if format == "vtt" and _SKIPPED_BLOCK.fullmatch(block[0]) and "-->" not in block[0]:
            continue
        timing_at = 0 if "-->" in block[0] else 1
        timing = _TIMING.fullmatch(block[timing_at]) if timing_at < len(block) else None
        if timing is None:
            raise InputError(
                "expected a cue timing line",
                path=path,
                location=f"line {first + min(timing_at, len(block) - 1) + 1}",
                expected="a line like '00:00:01.000 --> 00:00:04.000'",
            )
        start = _clock(timing.group(1), timing.group(2), timing.group(3))
        payload = block[timing_at + 1 :]
        if format == "srt":
            payload = [_SRT_OVERRIDE.sub("", line) for line in payload]
        utterances.extend(_utterances(payload, start))
    return utterances


def _clock(hours: str | None, minutes: str, seconds: str) -> str:
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return f"{total // 3600:02d}:{total // 60 % 60:02d}:{total % 60:02d}"


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _utterances(payload: list[str], start: str) -> list[_Utterance]:
    """A cue's text, split where a voice tag changes the speaker."""
    pieces = _VOICE.split("\n".join(payload))
    found = [_Utterance(start, None, _clean(pieces[0]))]
    for name, text in zip(pieces[1::2], pieces[2::2], strict=True):
        found.append(_Utterance(start, " ".join(_clean(name).split()) or None, _clean(text)))
    return [utterance for utterance in found if utterance.text]


def _split_prefix(text: str) -> tuple[str, str] | None:
    colon = _PREFIX.search(text)
    if colon is None:
        return None
    return text[: colon.start()].strip(), text[colon.end() :].strip()


def _resolve_prefixes(utterances: list[_Utterance]) -> list[_Utterance]:
    """Take ``Name:`` prefixes of cues without a voice tag as their speaker.

    Zoom writes display names as people typed them ("amir shah"), so a lower-case prefix counts
    when it starts two or more cues; a prefix seen once must look like a label (capitalised).
    """
    prefixes = [
        _split_prefix(utterance.text) if utterance.speaker is None else None
        for utterance in utterances
    ]
    counts = Counter(prefix[0] for prefix in prefixes if prefix is not None)
    resolved = []
    for utterance, prefix in zip(utterances, prefixes, strict=True):
        if prefix is not None:
            label, rest = prefix
            if is_label(label) or (counts[label] >= 2 and is_label(label, require_capitals=False)):
                # A bare "Name:" cue still says who speaks next.
                resolved.append(_Utterance(utterance.start, label, rest))
                continue
        resolved.append(utterance)
    return resolved
