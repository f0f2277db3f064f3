"""The course as a learner meets it on Colab, with Colab's versions (requirements-colab.txt).

The course's wheel is installed the way the notebooks' install cell installs it on Colab
(the cell as written, pointed at the wheel), in an environment holding exactly what Colab
ships (Python 3.12 where the machine has it), with a fake ``google.colab`` on the kernel's
path. It must upgrade or downgrade nothing Colab ships, and a chapter with a demo and
an exercise set must run without an error. Every chapter and exercise set:
``python -m rnn_course.authoring.colab_runtime --all`` (the slower job, README).
"""

from __future__ import annotations

from pathlib import Path

from rnn_course.authoring.colab_runtime import COLAB_LACKS, run_as_colab

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["chapters/03_memory_by_hand.ipynb", "exercises/ex03_memory_by_hand.ipynb"]


def test_install_cell_and_notebooks_work_with_colabs_versions(record_property):
    run = run_as_colab(ROOT, [ROOT / name for name in NOTEBOOKS])
    record_property("colab", f"Python {run.python_version}, {run.seconds}")
    assert not run.changed_by_install, f"the install changes what Colab ships: {run.changed_by_install}"
    assert set(run.added_by_install) == set(COLAB_LACKS), run.added_by_install
    assert not run.errors, run.errors
