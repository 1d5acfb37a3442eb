"""Bytes to text: the decoding and normalisation every text-based transcript goes through.

Offsets in codings exported by CAQDAS tools count Unicode characters of the text as the tool
showed it, so decoding only decodes: smart quotes, dashes and non-breaking spaces stay as they
are; line endings become ``"\\n"`` and the text is NFC-normalised (a precomposed "é" and an "e"
followed by a combining accent are one character either way).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from analysis.errors import InputError
from analysis.io import decode_bytes

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
    """Decode a transcript's bytes (:func:`analysis.io.decode_bytes`, the one decoding every
    reader uses) and normalise its line ends; return the text and the encoding that worked.

    Raises
    ------
    InputError
        For bytes no encoding reads (naming the line and byte) or a binary file.
    """
    text, encoding = decode_bytes(data, path)
    return normalise_text(text), encoding
