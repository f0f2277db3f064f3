"""Print how long each chapter notebook takes to execute (target: <= 60 s on 2 CPU cores).

    python benchmarks/chapter_times.py [chapters/01_*.ipynb ...]

Runs each notebook in a fresh kernel in memory (the files are not modified), as nbval
does; cells tagged ``gpu`` are skipped when no GPU is present.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from rnn_course.notebook import gpu_available

ROOT = Path(__file__).resolve().parents[1]


def execution_seconds(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            skip_cells_with_tag="skip-execution" if gpu_available() else "gpu")
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


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
