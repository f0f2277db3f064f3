"""The set-up every chapter relies on: configure_notebook, the Colab cell, the package's
requirements (which must not make Colab upgrade anything), and the demo base class."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata

import ipywidgets as widgets
import numpy as np
from packaging.requirements import Requirement

from rnn_course import notebook

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.colab import install_source, repository

# What a Google Colab runtime ships and has already imported when a notebook starts.
COLAB_VERSIONS = {"numpy": "2.0.2", "matplotlib": "3.10.0", "ipywidgets": "7.7.1",
                  "typing-extensions": "4.14.1"}
# Not on Colab: pip adds them (and only them) when the course's package is installed.
NEW_ON_COLAB = {"anywidget", "psygnal"}
COLAB_PREINSTALLED = {"tensorflow", "tensorflow-cpu", "keras", *COLAB_VERSIONS}


def package_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"]]


def installed_requirements(name: str) -> list[Requirement]:
    """The run-time requirements of an installed distribution (no extras)."""
    found = [Requirement(r) for r in metadata.requires(name) or []]
    return [r for r in found if r.marker is None or r.marker.evaluate({"extra": ""})]


def test_colab_versions_satisfy_the_package_and_what_it_adds():
    pending, seen = list(package_requirements()), set()
    while pending:
        requirement = pending.pop()
        name = requirement.name.lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        if name in NEW_ON_COLAB:
            pending += installed_requirements(name)
            continue
        assert name in COLAB_VERSIONS, f"Colab may lack {requirement}"
        assert requirement.specifier.contains(COLAB_VERSIONS[name]), (
            f"{requirement} would make Colab upgrade {name}")
    assert NEW_ON_COLAB <= seen


def test_install_cell_installs_only_the_course_package():
    source = install_source()
    repo = repository()
    assert f'"rnn-course @ git+{repo["url"]}@{repo["branch"]}"' in source
    install_lines = [line for line in source.splitlines() if "%pip" in line]
    assert len(install_lines) == 1
    assert not any(name in install_lines[0] for name in COLAB_PREINSTALLED)


def test_install_cell_does_nothing_outside_colab():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    result = shell.run_cell(install_source())
    assert result.success
    assert not notebook.in_colab()


def test_failed_colab_install_stops_with_one_clear_error(tmp_path):
    """On Colab, an address that does not answer (moved, private, offline) stops the install
    cell with one error that names the address and where to change it; the learner does not
    meet a cascade of NameErrors in later cells."""
    (tmp_path / "google" / "colab").mkdir(parents=True)  # a fake Colab: google.colab imports
    (tmp_path / "google" / "colab" / "__init__.py").write_text("")
    address = {"url": "http://127.0.0.1:9/nobody/rnn-course", "branch": "main"}
    code = ("import sys\n"
            "sys.modules['rnn_course'] = None  # not installed (hide this environment's copy)\n"
            "from IPython.core.interactiveshell import InteractiveShell\n"
            f"result = InteractiveShell.instance().run_cell({install_source(address)!r})\n"
            "print('RAISED', repr(result.error_in_exec))\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "GIT_TERMINAL_PROMPT": "0",
           "PIP_TARGET": str(tmp_path / "never-used"), "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=300)
    raised = [line for line in run.stdout.splitlines() if line.startswith("RAISED ")]
    assert raised and raised[0].startswith("RAISED RuntimeError("), run.stdout + run.stderr
    message = raised[0]
    assert "git+http://127.0.0.1:9/nobody/rnn-course@main" in message
    assert "`repository` in _config.yml" in message and "scripts/colab_cells.py" in message
    assert "127.0.0.1" in run.stdout.split("RAISED")[0] + run.stderr, "pip's own message"


def test_configure_notebook_silences_tensorflow_and_reports(capsys):
    code = ("from rnn_course.notebook import configure_notebook\n"
            "configure_notebook(seed=3)\n"
            "import numpy, random, tensorflow as tf\n"
            "print(numpy.random.randint(1000), random.randint(0, 1000),"
            " int(tf.random.uniform([], 0, 1000, dtype=tf.int32)))\n")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin"}) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert run.stderr == "", "TensorFlow wrote to stderr"
        summary = run.stdout.splitlines()[0]
        assert summary.startswith("Environment: Python ")
        assert "GPU: " in summary and "TensorFlow" in summary
    assert runs[0].stdout == runs[1].stdout, "the same seed gives the same numbers"
