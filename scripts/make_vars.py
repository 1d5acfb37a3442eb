"""Print the Makefile's variables from params.yaml (stdlib only: runs before .venv exists).

Make needs the study folder and the output folders to name its targets. This reads just those
keys (top-level ``study`` and the ``paths`` section) so that params.yaml stays the one place they
are set; ``tests/test_config.py`` checks that it agrees with ``analysis.config.load_config``.
"""

import os
import re
import sys
from pathlib import Path

KEYS = {
    "study": "STUDY",
    "paths.raw": "RAW_ROOT",
    "paths.processed": "PROCESSED",
    "paths.reports": "REPORTS",
}
DEFAULTS = {
    "study": "demo",
    "paths.raw": "data/raw",
    "paths.processed": "data/processed",
    "paths.reports": "reports",
}


def read(path: Path) -> dict[str, str]:
    values = dict(DEFAULTS)
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s+#.*$", "", line).rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        match = re.match(r"^(\s*)([A-Za-z_][\w-]*):\s*(.*)$", line)
        if not match:
            continue
        indent, key, value = match.groups()
        value = value.strip().strip("'\"")
        if not indent:
            section = key if not value else None
            dotted = key
        elif section is not None:
            dotted = f"{section}.{key}"
        else:
            continue
        if dotted in KEYS and value:
            values[dotted] = value
    return values


if __name__ == "__main__":
    params = Path(sys.argv[1] if len(sys.argv) > 1 else "params.yaml")
    values = read(params)
    # Relative paths are relative to the parameters file's folder, as load_config reads them.
    for section in ("paths.raw", "paths.processed", "paths.reports"):
        if not Path(values[section]).is_absolute() and params.parent != Path("."):
            values[section] = os.path.relpath(params.parent / values[section])
    # Each study has its own output folders (analysis.config.Config.processed_path).
    for section in ("paths.processed", "paths.reports"):
        values[section] = values[section].rstrip("/") + "/" + values["study"]
    for key, value in values.items():
        print(f"{KEYS[key]} := {value}")
