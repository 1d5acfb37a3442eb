"""``make paper``: build ``paper.tex`` into a PDF with the LaTeX engine the machine has."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

#: Engines tried in order, each with the command that builds ``paper.tex`` in its folder.
ENGINES = (
    ("latexmk", ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"]),
    ("tectonic", ["tectonic", "paper.tex"]),
    ("pdflatex", ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"]),
    ("lualatex", ["lualatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"]),
)


def latex_engine() -> tuple[str, list[str]] | None:
    """The first of :data:`ENGINES` on the PATH, or None."""
    for name, command in ENGINES:
        if shutil.which(name):
            return name, command
    return None


def build_pdf(folder: str | Path) -> Path | None:
    """Build ``folder/paper.tex`` (twice for a plain engine, so references resolve); None,
    after saying so, when no LaTeX engine is installed."""
    folder = Path(folder)
    if not (folder / "paper.tex").is_file():
        raise FileNotFoundError(f"{folder / 'paper.tex'} not found: run `make all` first")
    found = latex_engine()
    if found is None:
        names = ", ".join(name for name, _ in ENGINES)
        print(f"make paper: no LaTeX engine found ({names}); {folder}/paper.tex and "
              "numbers.tex are written, build them with any LaTeX installation "
              "(e.g. apt install latexmk texlive-latex-extra)")  # fmt: skip
        return None
    name, command = found
    runs = 2 if name in ("pdflatex", "lualatex") else 1
    for _ in range(runs):
        subprocess.run(command, cwd=folder, check=True, stdout=subprocess.DEVNULL)
    print(f"make paper: {folder / 'paper.pdf'} built with {name}")
    return folder / "paper.pdf"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "build":
        print("usage: python -m analysis.paper build REPORTS/<study>/paper", file=sys.stderr)
        return 2
    try:
        build_pdf(args[1])
    except FileNotFoundError as error:
        print(f"make paper: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"make paper: {error.cmd[0]} failed (exit {error.returncode}); see "
              f"{Path(args[1]) / 'paper.log'}", file=sys.stderr)  # fmt: skip
        return 1
    return 0
