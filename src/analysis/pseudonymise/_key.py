"""Reading and checking the pseudonymisation key (``key.csv``)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.io import check_row_width, csv_records, decode_bytes
from analysis.pseudonymise._names import fold_name, name_words

__all__ = ["KINDS", "read_key"]

#: What a key row may name.
KINDS = ("participant", "staff", "patient_mentioned", "place", "organisation", "other")
REQUIRED = ("real_name", "pseudonym", "kind")
COLUMNS = (*REQUIRED, "participant_id")


@dataclass(frozen=True)
class KeyEntry:
    """One row of the key, with where it came from (for messages)."""

    real_name: str
    pseudonym: str
    kind: str
    location: str


def read_key(path: str | Path) -> pd.DataFrame:
    """Read and check a study's pseudonymisation key.

    Parameters
    ----------
    path : str or Path
        ``key.csv`` with columns ``real_name, pseudonym, kind`` and optionally
        ``participant_id`` (more columns are kept). UTF-8 with or without BOM, or
        Windows-1252. Header names are matched ignoring case and surrounding spaces; blank
        lines are skipped; cells are stripped of surrounding spaces.

    Returns
    -------
    DataFrame
        One row per key row, columns ``real_name, pseudonym, kind, participant_id`` (missing
        ids are empty) followed by any extra columns. ``kind`` is lower-cased.

    Raises
    ------
    InputError
        Naming the file and line when a required column is missing, a ``real_name`` or
        ``pseudonym`` is empty, ``kind`` is not one of :data:`KINDS`, a real name is listed
        twice with different pseudonyms (names are compared ignoring case and accents, as
        they are matched), or a pseudonym is or contains a real name from the key (it would
        be replaced again, or leak). Messages give line numbers, never the names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "key.csv").write_text(
    ...     "real_name,pseudonym,kind,participant_id\\n"
    ...     "Margaret Hill,LW03,participant,LW03\\n"
    ...     "Margaret,LW03,participant,LW03\\n"
    ...     "Sheffield,[City],place,\\n", encoding="utf-8")
    >>> read_key(folder / "key.csv")[["pseudonym", "kind"]]
      pseudonym         kind
    0      LW03  participant
    1      LW03  participant
    2    [City]        place
    >>> _ = (folder / "bad.csv").write_text(
    ...     "real_name,pseudonym,kind\\nMargaret Hill,LW03,particpant\\n", encoding="utf-8")
    >>> read_key(folder / "bad.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: .../bad.csv, line 2: unknown kind 'particpant' (expected one of participant, staff, patient_mentioned, place, organisation, other)
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"cannot read the key file ({error.strerror})", path=path, expected="a readable key.csv"
        ) from None
    header: list[str] | None = None
    records: list[dict[str, str]] = []
    locations: list[str] = []
    # decoded as transcripts are (NFC), so the key spells names the same way
    for line, cells in csv_records(decode_bytes(raw, path)[0], path):
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            _check_header(header, path, line)
            continue
        check_row_width(cells, header, path, line)
        cells = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
        records.append(dict(zip(header, cells, strict=True)))
        locations.append(f"line {line}")
    if header is None:
        raise InputError(
            "the key file is empty", path=path, expected="a header real_name,pseudonym,kind"
        )
    # Columns without a header (a trailing comma from a spreadsheet) are dropped.
    extra = [column for column in dict.fromkeys(header) if column and column not in COLUMNS]
    frame = pd.DataFrame(
        {column: [record.get(column, "") for record in records] for column in (*COLUMNS, *extra)},
        dtype="str",
    )
    frame["kind"] = frame["kind"].str.lower()
    key_entries(frame, path=path, locations=locations)
    return frame.reset_index(drop=True)


def _check_header(header: list[str], path: Path, line: int) -> None:
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise InputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            path=path,
            location=f"line {line}",
            expected="a header with real_name, pseudonym, kind (participant_id optional)",
        )
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if duplicated:
        raise InputError(
            f"column {duplicated[0]} appears twice in the header",
            path=path,
            location=f"line {line}",
            expected="each column once",
        )


def key_entries(
    key: pd.DataFrame, *, path: str | Path | None = None, locations: list[str] | None = None
) -> list[KeyEntry]:
    """Check a key table and return its rows, deduplicated by matched name.

    ``locations`` says where each row came from (``"line 7"``); without it rows are named
    ``"key row 1"`` and so on. See :func:`read_key` for the rules.
    """
    missing = [column for column in REQUIRED if column not in key.columns]
    if missing:
        raise InputError(
            f"the key table lacks column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            path=path,
            expected="columns real_name, pseudonym, kind",
        )
    if locations is None:
        locations = [f"key row {i}" for i in range(1, len(key) + 1)]
    entries: list[KeyEntry] = []
    first_seen: dict[str, KeyEntry] = {}
    for (real_name, pseudonym, kind), location in zip(
        key[list(REQUIRED)].itertuples(index=False, name=None), locations, strict=True
    ):
        real_name, pseudonym, kind = (_cell(value) for value in (real_name, pseudonym, kind))
        for column, value in (("real_name", real_name), ("pseudonym", pseudonym)):
            if not value:
                raise InputError(
                    f"empty {column}", path=path, location=location, expected=f"a {column}"
                )
        if not name_words(real_name):
            raise InputError(
                "real_name has no letters or digits",
                path=path,
                location=location,
                expected="a name",
            )
        kind = kind.lower()
        if kind not in KINDS:
            raise InputError(
                f"unknown kind {kind!r}",
                path=path,
                location=location,
                expected=f"one of {', '.join(KINDS)}",
            )
        entry = KeyEntry(real_name, pseudonym, kind, location)
        folded = fold_name(real_name)
        earlier = first_seen.get(folded)
        if earlier is None:
            first_seen[folded] = entry
            entries.append(entry)
        elif earlier.pseudonym != pseudonym:
            raise InputError(
                f"real_name is listed on {earlier.location} with a different pseudonym "
                "(names match ignoring case and accents)",
                path=path,
                location=location,
                expected="one pseudonym per real name",
            )
    _check_chains(entries, path)
    return entries


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _check_chains(entries: list[KeyEntry], path: str | Path | None) -> None:
    """Refuse a pseudonym that is, or contains, a real name from the key.

    It would be replaced again on a second pass and flagged by :func:`check_no_names`, and a
    pseudonym that keeps a real surname ("Mary Hill" for "Margaret Hill" when "Hill" is also
    listed) leaks it. Words are compared in folded form (ignoring case and accents), splitting
    at spaces and hyphens as the matcher does.
    """
    real_words = [(name_words(entry.real_name), entry) for entry in entries]
    seen: set[str] = set()
    for entry in entries:
        if entry.pseudonym in seen:
            continue
        seen.add(entry.pseudonym)
        words = name_words(entry.pseudonym)
        for real, source in real_words:
            if not _contains(words, real):
                continue
            what = "is" if words == real else "contains"
            raise InputError(
                f"pseudonym {what} the real name listed on {source.location}",
                path=path,
                location=entry.location,
                expected="pseudonyms that do not contain any real name in the key",
            )


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether ``part`` occurs in ``words`` as a contiguous run."""
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))
