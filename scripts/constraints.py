"""Write constraints.txt: every package of .venv pinned to the version installed there.

``make setup`` installs with ``-c constraints.txt``, so a fresh machine gets exactly the
versions CI tested, the transitive dependencies included (numba, pynndescent, tokenizers, ...),
not only the direct ones pyproject.toml pins. To upgrade a package: change its pin in
pyproject.toml, install without the old constraints (``.venv/bin/pip install -e '.[dev]'``),
run the tests, and rewrite the file with ``make constraints``. Stdlib only.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HEADER = """\
# Every package `make setup` installs, at the version CI tested (pip install -c constraints.txt).
# Written by scripts/constraints.py (`make constraints`) from .venv; do not edit by hand.
# tests/test_environment.py checks that it agrees with pyproject.toml and with .venv.
"""


def frozen(python: str) -> list[str]:
    """``name==version`` of every distribution in the environment, the project itself and
    pip's own tools excluded, local version labels (``+cpu``) dropped, sorted by name."""
    out = subprocess.run(
        [python, "-m", "pip", "freeze", "--exclude-editable", "--all"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pins = []
    for line in out.splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;+]+)", line)
        if match and match.group(1).lower() not in {"pip", "setuptools", "wheel"}:
            pins.append(f"{match.group(1)}=={match.group(2)}")
    return sorted(pins, key=lambda pin: pin.split("==")[0].lower().replace("_", "-"))


if __name__ == "__main__":
    python = sys.argv[1] if len(sys.argv) > 1 else ".venv/bin/python"
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "constraints.txt")
    target.write_text(HEADER + "\n".join(frozen(python)) + "\n", encoding="utf-8")
    print(f"{target}: {len(frozen(python))} packages pinned")
