"""Reading a CSV file or a workbook sheet into a grid of cleaned cells that can name its cells."""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from analysis.errors import InputError
from analysis.io import check_row_width, csv_records, read_text
from analysis.sources._spec import TableSpec, column_key


@dataclass
class _Grid:
    """A sheet or CSV file as cleaned cells, knowing how to name its own cells."""

    path: Path
    sheet: str | None
    header: list[str | None]
    rows: list[tuple[int, int, list[str | None]]]  # (data row, sheet row or CSV line, cells)

    def cell(self, column: int, place: int) -> str:
        if self.sheet is None:
            return f"line {place}, column '{self.header[column]}'"
        return f"sheet '{self.sheet}', cell {get_column_letter(column + 1)}{place}"

    def row_location(self, place: int) -> str:
        return f"line {place}" if self.sheet is None else f"sheet '{self.sheet}', row {place}"


def _clean(value: object) -> str | None:
    """A cell as stripped NFC text with ``\\n`` line breaks; None when it holds nothing."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip() or None


def _header_key(value: str | None, text: tuple[str, ...]) -> str | None:
    key = column_key(value)
    return "text" if key in text else key


def _trim_trailing(
    rows: list[tuple[int, int, list[str | None]]],
) -> list[tuple[int, int, list[str | None]]]:
    """Drop empty rows after the last filled one: formatting leaves them, nobody typed them."""
    while rows and not any(rows[-1][2]):
        rows.pop()
    return rows


def _read_csv_grid(path: Path) -> _Grid:
    records = [
        (line, [_clean(cell) for cell in record])
        for line, record in csv_records(read_text(path), path)
    ]
    if not records or not any(records[0][1]):
        raise InputError(
            "the first line is empty", path=path, location="line 1", expected="a header row"
        )
    header = records[0][1]
    rows = []
    for number, (line, cells) in enumerate(records[1:], start=1):
        check_row_width(cells, header, path, line)
        rows.append((number, line, cells + [None] * (len(header) - len(cells))))
    return _Grid(path, None, header, _trim_trailing(rows))


def _open_workbook(path: Path) -> openpyxl.Workbook:
    try:
        with warnings.catch_warnings():
            # Excel-made workbooks carry extensions openpyxl does not read (data validation,
            # conditional formats); they do not affect the values and only alarm researchers.
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # a damaged file surfaces as zipfile, XML, KeyError or others
        raise InputError(
            f"cannot open the workbook ({type(error).__name__}: {error})",
            path=path,
            expected="an Excel .xlsx workbook (save .xls or .ods files as .xlsx)",
        ) from error


def _read_sheet_grid(
    workbook: openpyxl.Workbook,
    path: Path,
    sheet_name: str | None,
    *,
    expected: tuple[str, ...] = (),
    text: tuple[str, ...] = (),
) -> _Grid:
    """The sheet named ``sheet_name`` (ignoring case; None: the first sheet) as a grid.

    ``expected`` names the sheets the workbook should have, for the error when one is missing;
    ``text`` the headers of free-text columns, whose merged cells are not copied down.
    """
    if sheet_name is None:
        found = workbook.sheetnames[:1]
    else:
        wanted = sheet_name.casefold()
        found = [name for name in workbook.sheetnames if name.strip().casefold() == wanted]
    if not found:
        raise InputError(
            f"no sheet '{sheet_name}'; the sheets are "
            + ", ".join(f"'{name}'" for name in workbook.sheetnames),
            path=path,
            expected="the sheets " + ", ".join(f"'{name}'" for name in expected or [sheet_name]),
        )
    sheet = workbook[found[0]]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = [_clean(value) for value in cells[0]] if cells else []
    # Organisers merge a group's label down the rows it wrote; every row of the merge belongs
    # to that group. Free text is never copied: a merged note is one note.
    text_columns = {i for i, name in enumerate(header) if _header_key(name, text) == "text"}
    for merged in sheet.merged_cells.ranges:
        value = cells[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if column - 1 not in text_columns:
                    cells[row - 1][column - 1] = value
    rows = [
        (number, number + 1, [_clean(value) for value in row])
        for number, row in enumerate(cells[1:], start=1)
    ]
    return _Grid(path, found[0], header, _trim_trailing(rows))


def _columns(grid: _Grid, spec: TableSpec) -> dict[str, int]:
    """Each normalised column name -> its index, after checking the header has what is needed."""
    header_place = "line 1" if grid.sheet is None else f"sheet '{grid.sheet}', row 1"
    columns: dict[str, int] = {}
    for index, name in enumerate(grid.header):
        key = _header_key(name, spec.text)
        if key is None:
            for _, place, cells in grid.rows:
                if cells[index] is not None:
                    raise InputError(
                        f"'{cells[index]}' is in a column with no header",
                        path=grid.path,
                        location=grid.cell(index, place),
                        expected="a header for every column with values",
                    )
            continue
        if key in columns:
            raise InputError(
                f"two columns are read as '{key}'",
                path=grid.path,
                location=header_place,
                expected="distinct headers and one free-text column (" + ", ".join(spec.text) + ")",
            )
        columns[key] = index
    text_name = spec.text[0]
    if len(spec.text) > 1:
        text_name += " (or " + ", ".join(spec.text[1:]) + ")"
    needed = [*spec.required, *spec.questions]
    missing = [name for name in dict.fromkeys(needed) if name not in columns]
    if missing:
        names = [spec.text[0] if name == "text" else name for name in missing]
        wanted = [*spec.columns, *(spec.questions or [text_name])]
        raise InputError(
            "the header has no " + ", ".join(names) + " column",
            path=grid.path,
            location=header_place,
            expected="the columns " + ", ".join(dict.fromkeys(wanted)),
        )
    return columns
