"""Byte-for-byte reproducible files: Office documents are zip archives stamped with the time."""

from __future__ import annotations

import zipfile
from pathlib import Path

__all__ = ["normalise_zip"]

_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_zip(path: str | Path) -> None:
    """Rewrite a zip archive (.docx, .xlsx, .qdpx) with fixed entry timestamps and attributes.

    python-docx and openpyxl stamp each entry with the current time, so the same document written
    twice differs. Entries keep their order and content; only the metadata is fixed.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
