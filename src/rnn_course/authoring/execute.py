"""Run notebooks top to bottom in a fresh kernel and store their outputs (and widget state).

The website publishes the stored outputs and nbval checks that a fresh run reproduces
them, so a notebook is re-executed after every edit (``scripts/execute_notebooks.py``).
Cells tagged ``gpu`` are skipped (their outputs cleared) when no GPU is visible, so a
CPU machine never stores a GPU cell's output.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from rnn_course.authoring.colab import sync

GPU_TAG = "gpu"


def run(nb, folder: Path, timeout: int = 600, record_timing: bool = False) -> float:
    """Execute the notebook object ``nb`` in a fresh kernel started in ``folder``.

    Outputs and widget state are stored in ``nb``; cells tagged ``gpu`` are skipped (their
    outputs cleared) when no GPU is visible. Returns the seconds the cells took. Used for
    chapters, exercise solutions (``rnn_course.authoring.exercises``) and the chapter
    benchmark, which sets ``record_timing`` to read each cell's start and end from its
    metadata.
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
