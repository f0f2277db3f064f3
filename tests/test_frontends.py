"""A chapter with a live demo, run as a learner runs it in JupyterLab 4 and Notebook 7.

A real server from the course's environment (127.0.0.1, a token, its own Jupyter folders)
and headless Chromium: open the chapter, run every cell, then every demo must have drawn,
one control per demo (a slider where there is one) must redraw when moved *by keyboard*,
the console must stay free of errors, no cell may fail, nothing but the Colab badge may
be requested off the machine, and no MyST syntax may show as text.

Two kernels: ``.venv`` (ipywidgets 7.7.1, Colab's version, with the README's JupyterLab
and Notebook 7) and ``.venv-ipywidgets8`` (the same plus ipywidgets 8, as VS Code and a
recent JupyterLab install), which ``scripts/test.sh`` creates; the second is skipped
where it does not exist. ``python -m rnn_course.authoring.frontends`` runs the same
check on any notebook.
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest

from rnn_course.authoring.frontends import check_notebook, jupyter_server

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "chapters/03_memory_by_hand.ipynb"
WIDGETS8 = ROOT / ".venv-ipywidgets8" / "bin" / "python"
# Notebook 7.6.5 itself logs this when it opens any notebook, a blank one included
# (its shortcuts plugin reads the settings schema of a plugin not loaded yet).
NOTEBOOK7_OWN_ERROR = "Cannot read properties of undefined (reading 'schema')"

KERNELS = {"ipywidgets7": sys.executable, "ipywidgets8": str(WIDGETS8)}
RUNS = [  # (front end, kernel environment); Notebook 7 runs JupyterLab's widget front end
    pytest.param("lab", "ipywidgets7", id="jupyterlab-ipywidgets7"),
    pytest.param("notebook", "ipywidgets7", id="notebook7-ipywidgets7"),
    pytest.param("lab", "ipywidgets8", id="jupyterlab-ipywidgets8"),
]


@pytest.fixture(scope="module")
def servers():
    """A Jupyter server per front end and kernel environment, started when first needed."""
    with ExitStack() as stack:
        started: dict[tuple[str, str], tuple[str, str]] = {}

        def server(frontend: str, kernel: str) -> tuple[str, str]:
            python = KERNELS[kernel]
            if not Path(python).exists():
                pytest.skip(f"{python} missing: scripts/test.sh creates the ipywidgets 8 environment")
            if (frontend, kernel) not in started:
                started[frontend, kernel] = stack.enter_context(
                    jupyter_server(frontend, ROOT, python=python))
            return started[frontend, kernel]

        yield server


@pytest.mark.parametrize("frontend, kernel", RUNS)
def test_chapter_runs_clean_in_the_front_end(browser, servers, frontend, kernel, record_property):
    base, token = servers(frontend, kernel)
    report = check_notebook(browser, base, token, CHAPTER, frontend)
    record_property("report", report.summary())
    print(report.summary())
    errors = [e for e in report.console_errors
              if not (frontend == "notebook" and NOTEBOOK7_OWN_ERROR in e)]
    assert report.demos, "no demo rendered an .rnn-demo element"
    assert all(d.rendered for d in report.demos), report.demos
    # JupyterLab's command-mode arrow keys (selector "... :focus") match the focused control
    # itself; Lumino only skips them when the control carries data-lm-suppress-shortcuts
    # (it checks the attribute from the event target up to the element that matched).
    assert all(d.redrawn for d in report.demos), (
        f"a demo did not redraw when moved by keyboard: {report.demos}")
    assert not errors, errors
    assert not report.cell_errors, report.cell_errors
    assert not report.off_machine, report.off_machine
    assert not report.raw_myst, report.raw_myst


def test_widget_unit_tests_pass_with_ipywidgets8():
    """The demos' Python side (traits, state, references) under ipywidgets 8 too."""
    if not WIDGETS8.exists():
        pytest.skip(f"{WIDGETS8} missing: scripts/test.sh creates the ipywidgets 8 environment")
    version = subprocess.run([str(WIDGETS8), "-c", "import ipywidgets; print(ipywidgets.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version.startswith("8."), version
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_*_demo.py"))
    result = subprocess.run([str(WIDGETS8), "-m", "pytest", "-q", *tests], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
