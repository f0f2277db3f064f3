"""The test command really guards the notebooks: a cell that raises, or whose stored
output no longer matches, fails it; a cell tagged ``gpu`` is skipped without a GPU.

Each case runs ``pytest --nbval`` in a subprocess on a tiny notebook, with the
repository's root conftest.py loaded as a plugin, as the test command does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]


def run_nbval(tmp_path: Path, *cells) -> subprocess.CompletedProcess:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "guard.ipynb"
    nbformat.write(nb, path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "conftest", "-rs",
         "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def stored(source: str, text: str, count: int):
    return new_code_cell(source, execution_count=count,
                         outputs=[new_output("stream", name="stdout", text=text)])


def test_matching_notebook_passes(tmp_path):
    result = run_nbval(tmp_path, stored("print(6 * 7)", "42\n", 1))
    assert result.returncode == 0, result.stdout


def test_cell_that_raises_fails(tmp_path):
    result = run_nbval(tmp_path, stored("print(6 * 7)", "42\n", 1),
                       new_code_cell("1 / 0", execution_count=2))
    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stdout


def test_stale_output_fails(tmp_path):
    result = run_nbval(tmp_path, stored("print(6 * 8)", "42\n", 1))
    assert result.returncode == 1
    assert "48" in result.stdout and "42" in result.stdout


def test_gpu_cell_skipped_without_gpu(tmp_path):
    from rnn_course.notebook import gpu_available

    gpu_cell = new_code_cell("import tensorflow as tf\nassert tf.config.list_physical_devices('GPU')",
                             metadata={"tags": ["gpu"]})
    result = run_nbval(tmp_path, stored("print(6 * 7)", "42\n", 1), gpu_cell)
    assert result.returncode == 0, result.stdout
    if gpu_available():
        assert "2 passed" in result.stdout
    else:
        assert "1 passed, 1 skipped" in result.stdout
        assert "no GPU" in result.stdout
