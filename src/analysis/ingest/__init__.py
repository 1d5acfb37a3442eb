"""The ingest stage: a study folder in ``data/raw`` becomes pseudonymised, segmented tables.

>>> from analysis.ingest import ingest_study, write_ingest      # doctest: +SKIP
>>> result = ingest_study("data/raw/demo")                        # doctest: +SKIP
>>> result.report.unaccounted()                                   # doctest: +SKIP
0
"""

from analysis.ingest._common import SEGMENT_COLUMNS
from analysis.ingest._report import IngestReport
from analysis.ingest._study import IngestResult, ingest_study
from analysis.ingest._write import write_ingest

__all__ = ["SEGMENT_COLUMNS", "IngestReport", "IngestResult", "ingest_study", "write_ingest"]
