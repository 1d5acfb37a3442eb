"""A charting matrix as a researcher reads it: a workbook with one sheet per theme, a Word
document, or per theme a table of counts (for :func:`analysis.tables.write_table`)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from pandas.api.types import is_numeric_dtype

from analysis.framework._matrix import FrameworkMatrix
from analysis.labels import pretty
from analysis.office import save_docx, save_xlsx

#: Shown in an empty cell of the count tables and the Word document (the workbook greys them).
EMPTY = "–"
#: Excel's limit on one cell's text.
CELL_LIMIT = 32_767


def _source(quote: pd.Series) -> str:
    """Where a quote is in its document: ``LW03_w1, turn 12`` (or characters when no turn)."""
    if pd.notna(quote["turn"]):
        return f"{quote['doc_id']}, turn {int(quote['turn'])}"
    if pd.notna(quote["char_start"]):
        return f"{quote['doc_id']}, characters {int(quote['char_start'])}-{int(quote['char_end'])}"
    return str(quote["doc_id"])


def cell_texts(matrix: FrameworkMatrix, *, max_quotes: int | None = None) -> pd.DataFrame:
    """Cases × codes of cell text: the count and share, then each quote with its source (and,
    for a union of coders, who applied it); ``""`` where the case has no such coding."""
    marked = matrix.coder == "union"
    lines: dict[tuple[str, str], list[str]] = {}
    for key, group in matrix.quotes.groupby(["case_id", "code_id"], sort=False):
        shown = group if max_quotes is None else group.head(max_quotes)
        items = []
        for _, quote in shown.iterrows():
            who = f" [{quote['coders']}]" if marked else ""
            items.append(f"• “{' '.join(str(quote['text']).split())}” ({_source(quote)}){who}")
        if len(shown) < len(group):
            items.append(f"… and {len(group) - len(shown)} more (sheet Quotes)")
        lines[key] = items
    table = pd.DataFrame("", index=matrix.cases["case_id"], columns=matrix.codes["code_id"])
    for cell in matrix.cells[matrix.cells["n_segments"] > 0].itertuples(index=False):
        head = f"{cell.n_segments} of {cell.n_case_segments} segments ({cell.coverage:.0%})"
        text = "\n".join([head, *lines.get((cell.case_id, cell.code_id), [])])
        if len(text) > CELL_LIMIT:
            text = text[: CELL_LIMIT - 40].rsplit("\n", 1)[0] + "\n… (cut: sheet Quotes has all)"
        table.loc[cell.case_id, cell.code_id] = text
    return table


def _attributes(matrix: FrameworkMatrix) -> list[str]:
    return [c for c in matrix.cases.columns if c not in ("case_id", "n_segments")]


def _sheet_name(theme_id: str, theme_name: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{theme_id} {theme_name}").strip()[:31]
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def write_framework_xlsx(
    matrix: FrameworkMatrix, path: str | Path, *, max_quotes: int | None = None
) -> Path:
    """The matrix as a workbook, charted as the Framework Method does.

    One sheet per theme: a row per case (its attributes first), a column per code, each cell
    the count and share of the case's segments then the quotes with their source; the header
    row and the case columns frozen, cells wrapped, empty cells greyed. Then sheet *Quotes*
    (every charted segment, traceable: case, code, document, turn, characters, coders) and
    sheet *About* (coder charted, and what was set aside and why).

    Parameters
    ----------
    matrix : FrameworkMatrix
    path : str or Path
        The ``.xlsx`` file to write.
    max_quotes : int, optional
        Quotes per cell (the rest counted, and all in *Quotes*); default all.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    texts = cell_texts(matrix, max_quotes=max_quotes)
    attributes = _attributes(matrix)
    book = Workbook()
    book.remove(book.active)
    grey = PatternFill("solid", start_color="EEEEEE", end_color="EEEEEE")
    wrap = Alignment(wrap_text=True, vertical="top")
    used: set[str] = set()
    for theme_id in matrix.themes:
        codes = matrix.codes[matrix.codes["theme_id"] == theme_id]
        sheet = book.create_sheet(_sheet_name(theme_id, codes["theme_name"].iloc[0], used))
        header = ["Case", *(pretty(a) for a in attributes)]
        header += [f"{c.code_id} {c.name}" for c in codes.itertuples(index=False)]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font, cell.alignment = Font(bold=True), wrap
        for case in matrix.cases.itertuples(index=False):
            values = [case.case_id, *(_shown(getattr(case, a)) for a in attributes)]
            sheet.append(values + [texts.loc[case.case_id, c] for c in codes["code_id"]])
        first_code = len(attributes) + 2
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
                if cell.column >= first_code and not cell.value:
                    cell.fill = grey
        for k in range(1, len(header) + 1):
            sheet.column_dimensions[get_column_letter(k)].width = 14 if k < first_code else 48
        sheet.freeze_panes = sheet.cell(row=2, column=first_code)
    quotes = book.create_sheet("Quotes")
    quotes.append([pretty(c) for c in matrix.quotes.columns])
    for row in matrix.quotes.itertuples(index=False):
        quotes.append([_plain(v) for v in row])
    quotes.freeze_panes = "A2"
    about = book.create_sheet("About")
    about.append(["Framework matrix (Gale et al. 2013, doi:10.1186/1471-2288-13-117)"])
    about.append(["Coder charted", matrix.coder])
    about.append(["Cases", len(matrix.cases)])
    about.append(["Set aside", "Number", "Why"])
    for row in matrix.set_aside.itertuples(index=False):
        about.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_xlsx(book, path)


def _shown(value):
    """An attribute as a reader sees it: ``link_worker`` as "Link worker", numbers as they are."""
    return pretty(value) if isinstance(value, str) else _plain(value)


def _plain(value):
    """A cell value openpyxl writes: missing values as empty cells, numpy scalars as Python."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def count_tables(matrix: FrameworkMatrix) -> dict[str, pd.DataFrame]:
    """Per theme, cases × its codes of ``"n (share)"`` text (``–`` where empty), the case's
    attributes first: the matrix's counts, for :func:`analysis.tables.write_table` or a
    notebook."""
    cells = matrix.cells.assign(
        text=[f"{n} ({c:.0%})" if n else EMPTY
              for n, c in zip(matrix.cells["n_segments"], matrix.cells["coverage"], strict=True)]
    )  # fmt: skip
    grid = cells.pivot(index="case_id", columns="code_id", values="text")
    attributes = matrix.cases.set_index("case_id")[[*_attributes(matrix), "n_segments"]]
    tables = {}
    for theme_id in matrix.themes:
        codes = matrix.codes[matrix.codes["theme_id"] == theme_id]
        table = grid.loc[matrix.cases["case_id"], codes["code_id"].tolist()]
        table.columns = [f"{c.code_id} {c.name}" for c in codes.itertuples(index=False)]
        shown = attributes.loc[matrix.cases["case_id"]]
        shown = shown.apply(lambda c: c if is_numeric_dtype(c) else c.map(_shown))
        table = shown.join(table)
        table = table.rename(columns={"n_segments": "segments"})
        table.columns = [pretty(c) if c in {*attributes.columns, "segments"} else c
                         for c in table.columns]  # fmt: skip
        tables[theme_id] = table.reset_index().rename(columns={"case_id": "Case"})
    return tables


def write_framework_docx(
    matrix: FrameworkMatrix, path: str | Path, *, max_quotes: int | None = 3
) -> Path:
    """The matrix as a Word document in landscape: per theme a heading and a table of cases ×
    codes, each cell the count and share then up to ``max_quotes`` quotes with their source."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    path = Path(path)
    texts = cell_texts(matrix, max_quotes=max_quotes)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading("Framework matrix", level=1)
    document.add_paragraph(
        f"Coder charted: {matrix.coder}. {len(matrix.cases)} cases. Gale et al. (2013), "
        "doi:10.1186/1471-2288-13-117."
    )
    for theme_id in matrix.themes:
        codes = matrix.codes[matrix.codes["theme_id"] == theme_id]
        document.add_heading(f"{theme_id} {codes['theme_name'].iloc[0]}", level=2)
        table = document.add_table(rows=1, cols=1 + len(codes))
        table.style = "Table Grid"
        table.rows[0].cells[0].text = "Case"
        for k, code in enumerate(codes.itertuples(index=False), start=1):
            table.rows[0].cells[k].text = f"{code.code_id} {code.name}"
        for case in matrix.cases.itertuples(index=False):
            row = table.add_row().cells
            row[0].text = str(case.case_id)
            for k, code_id in enumerate(codes["code_id"], start=1):
                row[k].text = texts.loc[case.case_id, code_id] or EMPTY
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(7)
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_docx(document, path, title="Framework matrix")
