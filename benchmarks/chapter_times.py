"""Print how long each chapter notebook and its slowest cell take (targets: 60 s and 10 s).

    python benchmarks/chapter_times.py [chapters/01_*.ipynb ...]

Runs each notebook in a fresh kernel in memory (the files are not modified), as nbval
does; cells tagged ``gpu`` are skipped when no GPU is present.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from execute_notebooks import run  # noqa: E402


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    if "iopub.execute_input" not in timing:
        return 0.0  # not executed (a skipped gpu cell)
    start, end = (datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                  for key in ("iopub.execute_input", "shell.execute_reply"))
    return (end - start).total_seconds()


def execution_seconds(path: Path) -> tuple[float, float, int]:
    """Seconds for the whole notebook, seconds and index of its slowest code cell."""
    nb = nbformat.read(path, as_version=4)
    total = run(nb, path.parent, record_timing=True)
    seconds = [(cell_seconds(c), i) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    slowest, index = max(seconds)
    return total, slowest, index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    print(f"{'notebook':45s} {'seconds':>8s} {'slowest cell':>13s}")
    for path in notebooks:
        total, slowest, index = execution_seconds(path)
        print(f"{path.name:45s} {total:8.1f} {slowest:6.1f} (#{index:2d})", flush=True)


if __name__ == "__main__":
    main()
