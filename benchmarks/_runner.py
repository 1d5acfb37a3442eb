"""Running a task in a subprocess and reading back its result and peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORKER = Path(__file__).resolve().parent / "_worker.py"


class TaskFailed(RuntimeError):
    pass


def run_task(task: str, args: dict, *, timeout: float | None = None) -> dict:
    """Run ``task`` in a fresh Python process; its stdout streams through (progress lines).

    Returns the task's result with ``wall_s`` (the whole process, imports included) and
    ``tree_peak_rss_mb`` (the largest resident memory of the process or anything it waited
    for, from ``wait4``) added.
    """
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, str(WORKER), task, json.dumps(args), str(out)]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=WORKER.parents[1])
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise TaskFailed(f"{task} ran past its {timeout:.0f} s limit and was stopped")
            time.sleep(0.2)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if process.returncode != 0 or not out.is_file():
            raise TaskFailed(f"{task} failed (exit status {process.returncode}); see its output")
        result = json.loads(out.read_text(encoding="utf-8"))
    result["wall_s"] = round(wall, 1)
    result["tree_peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result
