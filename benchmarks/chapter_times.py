"""Print how long each chapter notebook takes to execute (target: <= 60 s on 2 CPU cores).

    python benchmarks/chapter_times.py [chapters/01_*.ipynb ...]

Runs each notebook in a fresh kernel in memory (the files are not modified), as nbval
does; cells tagged ``gpu`` are skipped when no GPU is present.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from execute_notebooks import run  # noqa: E402


def execution_seconds(path: Path) -> float:
    return run(nbformat.read(path, as_version=4), path.parent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    print(f"{'notebook':45s} {'seconds':>8s}")
    for path in notebooks:
        print(f"{path.name:45s} {execution_seconds(path):8.1f}", flush=True)


if __name__ == "__main__":
    main()
