"""One benchmark task in a fresh process, so each measures its own time and peak memory.

``python benchmarks/_worker.py TASK ARGS_JSON OUT_JSON`` runs ``TASKS[TASK](**args)`` and writes
its result (a dict) with the process's peak resident memory (``peak_rss_mb``) and its resident
memory just before the measured work (``rss_before_mb``, when the task records it) to OUT_JSON.
The parent (``_runner.run_task``) also reads the peak of the whole process tree from ``wait4``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The tasks print their own progress lines; library bars would flood a log.
os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
warnings.filterwarnings("ignore", message="n_jobs value 1 overridden")


def rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 1)


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main() -> None:
    from _tasks import TASKS

    task, args, out = sys.argv[1], json.loads(sys.argv[2]), Path(sys.argv[3])
    result = TASKS[task](**args)
    result["peak_rss_mb"] = peak_mb()
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
