"""The pipeline's stages as functions from the processed files to more processed files.

The ``analysis`` command and notebooks call these; each reads what earlier stages wrote to
``data/processed`` and writes its own folder there.
"""

from analysis.pipeline._compare import run_compare
from analysis.pipeline._load import Processed, load_processed
from analysis.pipeline._topics import run_topic_evaluation, run_topics

__all__ = [
    "Processed",
    "load_processed",
    "run_compare",
    "run_topic_evaluation",
    "run_topics",
]
