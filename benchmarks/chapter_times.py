"""Print how long each chapter notebook takes to execute (target: <= 60 s on 2 CPU cores).

Also prints each chapter's slowest cell (target: <= 10 s) with its first line.

    python benchmarks/chapter_times.py [chapters/01_*.ipynb ...]

Runs each notebook in a fresh kernel in memory (the files are not modified), as nbval
does; cells tagged ``gpu`` are skipped when no GPU is present.
"""

from __future__ import annotations

import argparse
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


def execution_seconds(path: Path) -> tuple[float, float, str]:
    """Seconds for the whole notebook, and the slowest cell's seconds and first line."""
    nb = nbformat.read(path, as_version=4)
    total = run(nb, path.parent, record_timing=True)
    slowest = max((c for c in nb.cells if c.cell_type == "code"), key=cell_seconds)
    return total, cell_seconds(slowest), slowest.source.splitlines()[0][:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    print(f"{'notebook':45s} {'seconds':>8s} {'slowest cell':>13s}  its first line")
    for path in notebooks:
        total, slowest, first_line = execution_seconds(path)
        print(f"{path.name:45s} {total:8.1f} {slowest:13.1f}  {first_line}", flush=True)


if __name__ == "__main__":
    main()
