"""What every test runs on: the shipped demo study with the package's default settings.

The tests never read the user's ``params.yaml`` (after the README's "Your own study" it names the
team's real study) and never write into the working tree: for the whole session
``$ANALYSIS_PARAMS`` names a parameters file of the suite's own, with the demo study and every
output folder in a temporary directory, so every ``load_config()``, ``analysis`` command,
``make`` run and notebook the tests start reads it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from analysis.config import PARAMS_VARIABLE, PROJ_ROOT, Config

DEMO_TRUTH = PROJ_ROOT / "data" / "raw" / "demo" / "truth"


def write_demo_params(folder: Path, **sections) -> Path:
    """A parameters file for the demo study with the package's defaults, writing under
    ``folder``; ``sections`` update settings (``topics={"nr_topics": 5}``)."""
    settings = Config().to_dict()
    settings["study"] = "demo"
    settings["paths"] = {
        "raw": str(PROJ_ROOT / "data" / "raw"),
        "processed": str(folder / "processed"),
        "reports": str(folder / "reports"),
    }
    settings["evaluation"]["truth"] = str(DEMO_TRUTH)
    for section, values in sections.items():
        settings[section].update(values)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "params.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session", autouse=True)
def demo_params(tmp_path_factory) -> Path:
    """The session's parameters file (see the module docstring), named by ``$ANALYSIS_PARAMS``."""
    path = write_demo_params(tmp_path_factory.mktemp("demo-study"))
    before = os.environ.get(PARAMS_VARIABLE)
    os.environ[PARAMS_VARIABLE] = str(path)
    yield path
    if before is None:
        os.environ.pop(PARAMS_VARIABLE, None)
    else:
        os.environ[PARAMS_VARIABLE] = before
