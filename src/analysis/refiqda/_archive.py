"""The .qdpx archive: a zip holding ``project.qde`` and the sources' text files."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from analysis.errors import InputError

# What a damaged archive raises from zipfile and zlib: each becomes one InputError.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted entry
    OSError,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
)


class Archive:
    """Read-only access to the entries of a .qdpx file, found whatever their case or slashes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise InputError(
                "file not found" if not path.exists() else "not a file",
                path=path,
                expected="a .qdpx file exported from NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette",
            )
        try:
            self._zip = zipfile.ZipFile(path)
            names = self._zip.namelist()
        except ZIP_ERRORS as error:
            raise InputError(
                f"not a readable zip archive ({error.__class__.__name__}: {error})",
                path=path,
                expected="a .qdpx file (a zip archive holding project.qde)",
            ) from None
        self._names = {_key(name): name for name in names}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def find(self, name: str) -> str | None:
        """The entry called ``name`` (ignoring case, ``\\`` for ``/`` and a leading ``./``)."""
        return self._names.get(_key(name))

    def project_entry(self) -> str:
        """The entry holding the project XML: ``project.qde``, else the one ``.qde`` file."""
        found = self.find("project.qde")
        if found is not None:
            return found
        qde = [name for key, name in self._names.items() if key.endswith(".qde")]
        if len(qde) == 1:
            return qde[0]
        raise InputError(
            "the archive holds no project.qde"
            if not qde
            else "the archive holds several .qde files",
            path=self.path,
            expected="a .qdpx file with project.qde at its top level",
        )

    def read(self, entry: str) -> bytes:
        try:
            return self._zip.read(entry)
        except ZIP_ERRORS as error:
            raise InputError(
                f"entry {entry!r} cannot be read ({error.__class__.__name__}: {error})",
                path=self.path,
                location=entry,
                expected="an undamaged zip entry",
            ) from None


def _key(name: str) -> str:
    name = name.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name.lstrip("/").lower()


def text_locations(plain_text_path: str, base_path: str | None, qdpx: Path):
    """Where a source's ``plainTextPath`` may point: ``("archive", entry)`` or ``("disk", path)``.

    ``internal://<guid>.txt`` (NVivo 14, MAXQDA, QualCoder) is an entry under ``sources/``;
    ``relative://`` is relative to the project's ``basePath`` or the .qdpx file's folder;
    ``absolute://`` and ``file://`` are paths on disk; anything else is tried as an entry, as an
    entry under ``sources/`` and relative to the .qdpx file.
    """
    value = plain_text_path.strip()
    lowered = value.lower()
    places: list[tuple[str, str]] = []
    if lowered.startswith("internal://"):
        rest = value[len("internal://") :]
        places += [("archive", f"sources/{rest}"), ("archive", rest)]
    elif lowered.startswith("relative://"):
        rest = value[len("relative://") :]
        places += [("archive", f"sources/{rest}"), ("archive", rest)]
        base = _strip_scheme(base_path or "")
        if base:
            places.append(("disk", str(Path(base) / rest)))
        places.append(("disk", str(qdpx.parent / rest)))
    elif lowered.startswith(("absolute://", "file://")):
        places.append(("disk", _strip_scheme(value)))
        places.append(("archive", f"sources/{PurePosixPath(_strip_scheme(value)).name}"))
    else:
        places += [("archive", value), ("archive", f"sources/{value}")]
        places.append(("disk", str(qdpx.parent / value)))
    return places


def _strip_scheme(value: str) -> str:
    for scheme in ("absolute://", "relative://", "file://"):
        if value.lower().startswith(scheme):
            return value[len(scheme) :]
    return value
