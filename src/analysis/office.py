"""Office files (Word, Excel) written the same, byte for byte, from the same content.

python-docx and openpyxl stamp documents and each zip entry with the current time, so the same
table written twice differs; every .docx and .xlsx the toolkit writes goes through here.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

__all__ = ["FIXED_DATE", "normalise_zip", "save_docx", "save_xlsx"]

#: The creation and modification date stamped on every document written.
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_zip(path: str | Path) -> None:
    """Rewrite a zip archive (.docx, .xlsx, .qdpx) with fixed entry timestamps and attributes.

    Entries keep their order and content; only the metadata is fixed.
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


def save_docx(document, path: str | Path, *, title: str, author: str = "analysis") -> Path:
    """Save a python-docx ``Document`` with fixed properties (author, title, dates)."""
    properties = document.core_properties
    properties.author = properties.last_modified_by = author
    properties.title = title
    properties.created = properties.modified = properties.last_printed = FIXED_DATE
    properties.revision = 1
    path = Path(path)
    document.save(path)
    normalise_zip(path)
    return path


def save_xlsx(workbook, path: str | Path, *, creator: str = "analysis", when=FIXED_DATE) -> Path:
    """Save an openpyxl ``Workbook`` with fixed properties (creator, dates)."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.creator = workbook.properties.lastModifiedBy = creator
    workbook.properties.created = workbook.properties.modified = when
    path = Path(path)
    # openpyxl's Workbook.save stamps "modified" with the clock; its writer does not.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    normalise_zip(path)
    return path
