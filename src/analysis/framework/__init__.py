"""Framework Method charting (Gale et al. 2013, doi:10.1186/1471-2288-13-117): a matrix of
cases × codes under their themes, each cell the coded data, read across a row for a case and
down a column for a theme, as NVivo's framework matrices are.

- :func:`framework_matrix` builds it from segments, codings, a codebook and participants (one
  coder, the union of coders marked by coder, or their consensus);
- :func:`write_framework_xlsx` (one sheet per theme, frozen header, wrapped cells, empty cells
  greyed, every quote traceable in sheet *Quotes*), :func:`write_framework_docx` and
  :func:`count_tables` (per theme, counts and shares for ``write_table``) export it.
"""

from analysis.framework._matrix import (
    CELL_COLUMNS,
    QUOTE_COLUMNS,
    FrameworkMatrix,
    framework_matrix,
)
from analysis.framework._write import (
    cell_texts,
    count_tables,
    write_framework_docx,
    write_framework_xlsx,
)

__all__ = [
    "CELL_COLUMNS",
    "QUOTE_COLUMNS",
    "FrameworkMatrix",
    "cell_texts",
    "count_tables",
    "framework_matrix",
    "write_framework_docx",
    "write_framework_xlsx",
]
