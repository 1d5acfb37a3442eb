"""Bytes to text: the decoding and normalisation every text-based transcript goes through.

Offsets in codings exported by CAQDAS tools count Unicode characters of the text as the tool
showed it, so decoding only decodes: smart quotes, dashes and non-breaking spaces stay as they
are; line endings become ``"\\n"`` and the text is NFC-normalised (a precomposed "é" and an "e"
followed by a combining accent are one character either way).
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from analysis.errors import InputError

__all__ = ["decode_transcript", "normalise_text", "read_bytes"]


def read_bytes(path: Path) -> bytes:
    """The file's bytes, with a missing or unreadable file reported as :class:`InputError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror})", path=path) from None


def normalise_text(text: str) -> str:
    """Line endings to ``"\\n"`` and Unicode to NFC; nothing else changes.

    Examples
    --------
    >>> normalise_text("Cafe\\u0301\\r\\nok\\r")
    'Café\\nok\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def decode_transcript(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a transcript's bytes; return the normalised text and the encoding that worked.

    UTF-8 is tried first (a byte-order mark is dropped and recorded as ``"utf-8-sig"``), then
    Windows-1252, the encoding Word and older Windows tools save "plain text" in. UTF-16 is
    accepted when the file starts with its byte-order mark (Word's "Unicode text"). Text holding
    NUL characters is a binary file with a transcript's extension and is refused.

    Raises
    ------
    InputError
        When the bytes are neither valid UTF-8 nor Windows-1252, naming the line and byte of
        the first bad UTF-8 sequence.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig", "windows-1252"]
    else:
        candidates = ["utf-8", "windows-1252"]
    first_error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            first_error = first_error or err
            continue
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise InputError(
                "the file holds NUL characters, so it is not a text file",
                path=path,
                location=f"line {line}",
                expected="a plain-text transcript in UTF-8 or Windows-1252",
            )
        return normalise_text(text), encoding
    position = first_error.start if first_error is not None else 0
    line = data.count(b"\n", 0, position) + 1
    raise InputError(
        f"undecodable bytes {data[position : position + 4]!r}",
        path=path,
        location=f"line {line}, byte {position}",
        expected="text in UTF-8 (with or without BOM) or Windows-1252",
    )
