"""JupyterLab as `make lab` starts it: `jupyter lab --config=.jupyter/jupyter_lab_config.py`.

- Serves the project root (notebooks/, reports/, data/processed/ are all browsable) and opens on
  notebooks/.
- Opens a percent-format .py file as a notebook on double-click (jupytext's "Jupytext Notebook"
  viewer), through the settings in .jupyter/lab/settings/overrides.json.
- jupytext's contents manager (enabled when jupytext is installed) reads jupytext.toml, so a
  notebook saved from JupyterLab is written back to its .py file only, without outputs.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

c = get_config()  # noqa: F821 (defined by Jupyter when it loads this file)
c.ServerApp.root_dir = str(ROOT)
c.LabApp.default_url = "/lab/tree/notebooks"
c.LabApp.app_settings_dir = str(ROOT / ".jupyter" / "lab" / "settings")
