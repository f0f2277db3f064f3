"""Re-run notebooks top to bottom and store their outputs (and widget state) in place.

Run this after editing a notebook; nbval then checks that a fresh run reproduces the
stored outputs, and the book publishes them (``rnn_course.authoring.execute``).

    python scripts/execute_notebooks.py                         # every chapter
    python scripts/execute_notebooks.py chapters/02_*.ipynb     # some notebooks

Cells tagged ``gpu`` are skipped (their outputs cleared) when no GPU is visible, so a
CPU machine never stores a GPU cell's output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.execute import execute


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: chapters/*.ipynb)")
    args = parser.parse_args(argv)
    for notebook in args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb")):
        print(f"{notebook}: {execute(notebook.resolve()):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
