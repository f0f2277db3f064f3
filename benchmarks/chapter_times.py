"""Print how long each chapter notebook takes to execute (target: <= 60 s on 2 CPU cores).

Also prints each chapter's slowest cell (target: <= 10 s, 20 s for a training cell) with
its first line, and with ``--cells S`` every cell that took more than S seconds.

    python benchmarks/chapter_times.py [--cells 5] [chapters/01_*.ipynb ...]

Runs each notebook in a fresh kernel in memory (the files are not modified), as nbval
does; cells tagged ``gpu`` are skipped when no GPU is present.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

import nbformat

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.execute import run


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0  # skipped (e.g. a gpu cell on a CPU machine)
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def first_line(cell) -> str:
    return cell.source.splitlines()[0][:60]


def execution_seconds(path: Path) -> tuple[float, list]:
    """Seconds for the whole notebook, and its code cells (with timing metadata)."""
    nb = nbformat.read(path, as_version=4)
    total = run(nb, path.parent, record_timing=True)
    return total, [c for c in nb.cells if c.cell_type == "code"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--cells", type=float, metavar="S", help="also list cells over S seconds")
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    print(f"{'notebook':45s} {'seconds':>8s} {'slowest cell':>13s}  its first line")
    for path in notebooks:
        total, cells = execution_seconds(path)
        slowest = max(cells, key=cell_seconds)
        print(f"{path.name:45s} {total:8.1f} {cell_seconds(slowest):13.1f}  {first_line(slowest)}")
        for index, cell in enumerate(cells, 1):
            if args.cells is not None and cell_seconds(cell) > args.cells:
                print(f"    code cell {index:3d} {cell_seconds(cell):6.1f} s  {first_line(cell)}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
