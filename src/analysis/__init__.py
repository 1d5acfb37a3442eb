"""Mixed-methods qualitative analysis: transcripts and event outputs in, topics and codebook
comparisons out, every figure and table reproducible with ``make``."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("analysis")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
