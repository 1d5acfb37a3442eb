"""Tables of free text with attributes that a study declares in its ``study.yaml``.

A study says in ``study.yaml`` how its tables are laid out: how its knowledge-exchange events are
typed up (``events:``, the tables of each event's workbook, their columns and vocabularies) and
any other table of free text (``tables:``: feedback forms, open-ended survey answers), naming the
file and sheet, the free-text column or the question columns, the attribute columns, ordered
scales with their order, the column that says who wrote a row, and codes written in the table
(``Code 1`` ... ``Code n``). :func:`read_study_file` reads the declarations; nothing about one
study's vocabulary is built into the package.
"""

from analysis.sources._read import SourceTable, read_source_table
from analysis.sources._spec import (
    STUDY_FILE,
    CodeColumns,
    EventLayout,
    StudyFile,
    TableSpec,
    column_key,
    parse_study,
    read_study_file,
    value_key,
)

__all__ = [
    "STUDY_FILE",
    "CodeColumns",
    "EventLayout",
    "SourceTable",
    "StudyFile",
    "TableSpec",
    "column_key",
    "parse_study",
    "read_source_table",
    "read_study_file",
    "value_key",
]
