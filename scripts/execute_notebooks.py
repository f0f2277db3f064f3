"""Re-run notebooks top to bottom and store their outputs (and widget state) in place.

Run this after editing a notebook; nbval then checks that a fresh run reproduces the
stored outputs, and the book publishes them.

    python scripts/execute_notebooks.py                         # every chapter
    python scripts/execute_notebooks.py chapters/02_*.ipynb     # some notebooks

Cells tagged ``gpu`` are skipped (their outputs cleared) when no GPU is visible, so a
CPU machine never stores a GPU cell's output.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from colab_cells import ROOT, sync  # noqa: E402

GPU_TAG = "gpu"


def run(nb, folder: Path, timeout: int = 600, record_timing: bool = False) -> float:
    """Execute the notebook object ``nb`` in a fresh kernel started in ``folder``.

    Outputs and widget state are stored in ``nb``; cells tagged ``gpu`` are skipped (their
    outputs cleared) when no GPU is visible. Returns the seconds the cells took. Used for
    chapters, exercise solutions (scripts/build_exercises.py) and the chapter benchmark,
    which sets ``record_timing`` to read each cell's start and end from its metadata.
    """
    from rnn_course.notebook import gpu_available

    skip_tag = "skip-execution" if gpu_available() else GPU_TAG
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # old timestamps (see record_timing below)
        if cell.cell_type == "code" and skip_tag in cell.metadata.get("tags", []):
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}},
                            store_widget_state=True, skip_cells_with_tag=skip_tag,
                            record_timing=record_timing)  # stored files: off, or
    # the timestamps would change at every re-run
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def execute(notebook: Path, timeout: int = 600) -> float:
    """Execute ``notebook`` in place (after syncing its Colab cells); return the seconds."""
    sync(notebook)
    nb = nbformat.read(notebook, as_version=4)
    seconds = run(nb, notebook.parent, timeout)
    nbformat.write(nb, notebook)
    return seconds


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
