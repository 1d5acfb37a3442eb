"""``write_table``: one table as CSV, Markdown, LaTeX (booktabs) and Word, the same every run."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.labels import escape_markdown
from analysis.office import save_docx
from analysis.validation import parameter_error

FORMATS = ("csv", "md", "tex", "docx")
#: A text column whose longest cell is longer than this wraps (X or p column) in LaTeX.
WRAP_CHARS = 40
#: Tables with more rows than this become a longtable (breaks across pages).
LONGTABLE_ROWS = 30

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "\u2022": r"\textbullet{}",
    "\u2013": "--",
    "\u2014": "---",
    "\u2026": r"\ldots{}",
}
_LATEX_PATTERN = re.compile("|".join(re.escape(key) for key in _LATEX_SPECIAL))


def escape_latex(text: str) -> str:
    r"""Text with LaTeX's special characters escaped; a newline becomes ``\newline``.

    >>> print(escape_latex("A&E: 50% of #1_case ~ {x}"))
    A\&E: 50\% of \#1\_case \textasciitilde{} \{x\}
    """
    escaped = _LATEX_PATTERN.sub(lambda m: _LATEX_SPECIAL[m.group(0)], text)
    return escaped.replace("\n", r"\newline ")


def _formatter(float_format: str | Callable[[float], str]) -> Callable[[float], str]:
    if callable(float_format):
        return float_format
    if isinstance(float_format, str):
        try:
            float_format.format(1.5)
        except (ValueError, IndexError, KeyError):
            pass
        else:
            return float_format.format
    what = "a format string such as '{:.2f}' or a callable"
    raise parameter_error(float_format, "float_format", "write_table", what)


def display_cells(
    table: pd.DataFrame, float_format: str | Callable[[float], str], na_rep: str
) -> pd.DataFrame:
    """Every cell as the text a person reads: floats through ``float_format``, missing as
    ``na_rep``, whole numbers without a decimal point."""
    fmt = _formatter(float_format)

    def cell(value: object) -> str:
        if value is None or (
            not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)
        ):
            return na_rep
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
            return fmt(float(value))
        return str(value)

    return pd.DataFrame(
        {column: [cell(v) for v in table[column]] for column in table.columns},
        columns=table.columns,
    )


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _markdown(table: pd.DataFrame, cells: pd.DataFrame, caption: str | None) -> str:
    header = "| " + " | ".join(escape_markdown(str(c)) for c in table.columns) + " |"
    rule = "|" + "|".join("---:" if _is_numeric(table[c]) else ":---" for c in table.columns) + "|"
    rows = [
        "| " + " | ".join(escape_markdown(v) for v in row) + " |"
        for row in cells.itertuples(index=False)
    ]
    text = "\n".join([header, rule, *rows]) + "\n"
    if caption:
        text += f"\nTable: {escape_markdown(caption)}\n"
    return text


def _latex(table: pd.DataFrame, cells: pd.DataFrame, caption: str | None, label: str) -> str:
    wrapping = [
        not _is_numeric(table[c])
        and (  # astype: the cells of an empty table are no strings
            cells[c].astype(str).str.len().max() > WRAP_CHARS
            or cells[c].astype(str).str.contains("\n").any()
        )
        for c in table.columns
    ]
    longtable = len(table) > LONGTABLE_ROWS
    n_wrap = sum(wrapping)
    n_short = len(wrapping) - n_wrap
    share = max(0.25, 0.95 - 0.12 * n_short) / max(n_wrap, 1)
    wrap_spec = (
        rf">{{\raggedright\arraybackslash}}p{{{share:.2f}\linewidth}}"
        if longtable
        else r">{\raggedright\arraybackslash}X"
    )
    spec = "".join(
        wrap_spec if wraps else ("r" if _is_numeric(table[c]) else "l")
        for c, wraps in zip(table.columns, wrapping, strict=True)
    )
    head = " & ".join(escape_latex(str(c)) for c in table.columns) + r" \\"
    body = [
        " & ".join(escape_latex(v) for v in row) + r" \\" for row in cells.itertuples(index=False)
    ]
    caption_tex = escape_latex(caption) if caption else ""
    lines = [
        "% Written by analysis.tables.write_table; do not edit by hand.",
        r"% Needs \usepackage{booktabs, tabularx, longtable}.",
    ]
    if longtable:
        lines += [
            r"\begin{small}",
            rf"\begin{{longtable}}{{{spec}}}",
        ]
        if caption_tex:
            lines.append(rf"\caption{{{caption_tex}}}\label{{{label}}} \\")
        lines += [
            r"\toprule",
            head,
            r"\midrule",
            r"\endfirsthead",
            rf"\multicolumn{{{len(table.columns)}}}{{l}}{{\itshape (continued)}} \\",
            r"\toprule",
            head,
            r"\midrule",
            r"\endhead",
            r"\bottomrule",
            r"\endlastfoot",
            *body,
            r"\end{longtable}",
            r"\end{small}",
        ]
    else:
        environment = ("tabularx", r"{\linewidth}") if n_wrap else ("tabular", "")
        lines += [r"\begin{table}[htbp]", r"\centering", r"\small"]
        if caption_tex:
            lines += [rf"\caption{{{caption_tex}}}", rf"\label{{{label}}}"]
        lines += [
            rf"\begin{{{environment[0]}}}{environment[1]}{{{spec}}}",
            r"\toprule",
            head,
            r"\midrule",
            *body,
            r"\bottomrule",
            rf"\end{{{environment[0]}}}",
            r"\end{table}",
        ]
    return "\n".join(lines) + "\n"


def _docx(table: pd.DataFrame, cells: pd.DataFrame, caption: str | None, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    if caption:
        document.add_paragraph(caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    numeric = [_is_numeric(table[c]) for c in table.columns]

    def fill(cell, text: str, *, bold: bool, right: bool) -> None:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            run = paragraph.add_run(line)
            run.bold = bold
            run.font.size = Pt(9)
            if right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    header = grid.rows[0]
    # Repeat the header row on every page a long table runs over.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    header._tr.trPr[-1].set(qn("w:val"), "true")
    for cell, column, right in zip(header.cells, table.columns, numeric, strict=True):
        fill(cell, str(column), bold=True, right=right)
    for row in cells.itertuples(index=False):
        for cell, value, right in zip(grid.add_row().cells, row, numeric, strict=True):
            fill(cell, value, bold=False, right=right)

    save_docx(document, path, title=caption or path.stem)


def write_table(
    table: pd.DataFrame,
    stem_path: str | Path,
    *,
    caption: str | None = None,
    label: str | None = None,
    formats: Sequence[str] = FORMATS,
    float_format: str | Callable[[float], str] = "{:.2f}",
    na_rep: str = "",
    index: bool = False,
) -> list[Path]:
    r"""Write one table for people: CSV, Markdown, LaTeX (booktabs) and Word.

    Parameters
    ----------
    table : DataFrame
        The table, with the column names a reader should see. A cell with a newline (the
        bullet lists of :func:`holding_consequences`) breaks its line in every format.
    stem_path : str or Path
        Path without extension, e.g. ``reports/tables/agreement``; each format's extension is
        appended. Missing folders are created.
    caption : str, optional
        Caption: ``Table: ...`` after the Markdown table, ``\caption`` in LaTeX, a "Caption"
        paragraph above the Word table.
    label : str, optional
        LaTeX label; default ``tab:<file name>``.
    formats : sequence of {"csv", "md", "tex", "docx"}, default all four
        The formats to write, in this order.
    float_format : str or callable, default "{:.2f}"
        How floats read in Markdown, LaTeX and Word (a ``str.format`` pattern or a function).
        The CSV keeps full precision, for re-use.
    na_rep : str, default ""
        How missing values read in Markdown, LaTeX and Word.
    index : bool, default False
        Write the index as the first column(s).

    Returns
    -------
    list of Path
        The files written, one per format.

    Raises
    ------
    InputError
        If ``table`` is not a DataFrame, a format is unknown, or ``float_format`` is not usable.

    Notes
    -----
    LaTeX: special characters (``& % $ # _ { } ~ ^ \``) are escaped; text columns with cells
    longer than 40 characters wrap (``tabularx`` X columns, ragged right); tables longer than 30
    rows become a ``longtable`` whose header repeats on each page. The file holds the table
    environment only, for ``\input``; it needs ``\usepackage{booktabs, tabularx, longtable}``.

    Word: one table ("Table Grid" style, bold header row that repeats across pages, numbers
    right-aligned) with the caption above it. The document's dates are fixed and the archive is
    normalised, so the same table gives the same bytes.

    Examples
    --------
    >>> import tempfile
    >>> table = pd.DataFrame({"Code": ["HOLD_1"], "Alpha": [0.8123]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = write_table(table, Path(folder) / "alpha", formats=("md",))
    ...     print(paths[0].read_text())
    | Code | Alpha |
    |:---|---:|
    | HOLD_1 | 0.81 |
    <BLANKLINE>
    """
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            f"write_table: expected a DataFrame, got {type(table).__name__}",
            expected="a table (pandas DataFrame)",
        )
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        what = f"a non-empty sequence of {', '.join(FORMATS)}"
        raise parameter_error(list(formats), "formats", "write_table", what)
    if index:
        table = table.reset_index()
    stem = Path(stem_path)
    stem.parent.mkdir(parents=True, exist_ok=True)
    cells = display_cells(table, float_format, na_rep)
    written = []
    for fmt in formats:
        path = stem.parent / f"{stem.name}.{fmt}"
        if fmt == "csv":
            table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        elif fmt == "md":
            path.write_text(_markdown(table, cells, caption), encoding="utf-8")
        elif fmt == "tex":
            tex = _latex(table, cells, caption, label or f"tab:{stem.name}")
            path.write_text(tex, encoding="utf-8")
        else:
            _docx(table, cells, caption, path)
        written.append(path)
    return written
