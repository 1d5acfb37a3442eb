"""Exchange codebooks and coded projects with NVivo, ATLAS.ti, MAXQDA and QualCoder.

Taguette exchanges a codebook only: it exports a ``.qdc``, which :func:`read_qdc` reads, and
imports no REFI-QDA file.

REFI-QDA is the exchange standard these programs share: a codebook file (``.qdc``, XML) and a
project file (``.qdpx``, a zip holding ``project.qde`` and the sources' text). This package reads
both into the project's tables and writes them from the tables, valid against the REFI-QDA
schemas it ships (``schemas/Codebook.xsd``, ``schemas/Project.xsd``, MIT-licensed by REFI).

- :func:`read_qdc` / :func:`write_qdc`: the codebook table to and from ``.qdc``.
- :func:`read_qdpx`: a project as tables (sources, codebook, users, selections, cases).
- :func:`import_project`: a project's coded selections mapped onto the study's segments,
  with a report of every selection that does not map (``analysis import-qdpx``).
- :func:`write_qdpx` / :func:`export_study`: the study's pseudonymised documents, codebook,
  codings and participants as a project, with topics and assisted-coding suggestions in
  branches of their own (``analysis export-qdpx``).
- :func:`validate_qdc` / :func:`validate_qdpx`: check a file against the schemas.

>>> from analysis.refiqda import export_study, import_project      # doctest: +SKIP
>>> export_study(result, "study.qdpx")                               # doctest: +SKIP
>>> codings, codebook, report = import_project(
...     "coded.qdpx", result.segments, result.documents)             # doctest: +SKIP
"""

from analysis.refiqda._common import (
    ASSISTED_BRANCH,
    ASSISTED_USER,
    TOPICS_BRANCH,
    TOPICS_USER,
)
from analysis.refiqda._import import ImportReport, import_project, map_selections
from analysis.refiqda._qdc import read_qdc, write_qdc
from analysis.refiqda._read import QdpxProject, read_qdpx
from analysis.refiqda._schema import schema_path, validate_qdc, validate_qdpx
from analysis.refiqda._write import export_study, write_qdpx

__all__ = [
    "ASSISTED_BRANCH",
    "ASSISTED_USER",
    "TOPICS_BRANCH",
    "TOPICS_USER",
    "ImportReport",
    "QdpxProject",
    "export_study",
    "import_project",
    "map_selections",
    "read_qdc",
    "read_qdpx",
    "schema_path",
    "validate_qdc",
    "validate_qdpx",
    "write_qdc",
    "write_qdpx",
]
