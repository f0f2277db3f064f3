"""The Gradescope autograder bundle, run the way Gradescope runs it, without Gradescope.

One bundle of ex01 is built through the command line and installed as ``setup.sh`` would
(its wheel, with pip). Each test lays out a temporary folder like Gradescope's
``/autograder`` (``source/`` with the unzipped bundle, ``submission/``, ``results/``,
the image's ``venv``), runs ``run_autograder`` on one submission and checks the
``results.json`` it leaves against the fields Gradescope documents
(https://gradescope-autograders.readthedocs.io/en/latest/specs/).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

import rnn_course
from grading_helpers import EX01
from rnn_course.grading import gradescope_bundle

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "exercises/solutions/ex01_sequences_and_embeddings.ipynb"
STUDENT = ROOT / "exercises/ex01_sequences_and_embeddings.ipynb"
OTHER_SET = ROOT / "exercises/solutions/ex03_memory_by_hand.ipynb"
LIMITS = ["--timeout", "90", "--cell-timeout", "10", "--memory", "3G"]

# Gradescope's results.json: the documented keys, and the values some of them take.
TOP_LEVEL_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format",
                  "test_name_format", "visibility", "stdout_visibility", "extra_data",
                  "tests", "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output",
             "output_format", "tags", "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
TEST_STATUS = {"passed", "failed"}


def assert_gradescope_results(text: str) -> dict:
    """``results.json`` as Gradescope reads it: JSON (no NaN), a score, and tests with a
    name, a score, a maximum, a status, an output and a visibility from the spec."""
    def no_constants(name):
        raise AssertionError(f"{name} is not valid JSON for Gradescope")

    results = json.loads(text, parse_constant=no_constants)
    assert set(results) <= TOP_LEVEL_KEYS, set(results) - TOP_LEVEL_KEYS
    assert isinstance(results["score"], (int, float))
    assert isinstance(results["output"], str) and results["output"]
    assert results.get("visibility", "visible") in VISIBILITY
    for test in results["tests"]:
        assert set(test) <= TEST_KEYS, set(test) - TEST_KEYS
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["score"], (int, float))
        assert isinstance(test["max_score"], (int, float)) and test["max_score"] > 0
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in TEST_STATUS
        assert (test["status"] == "passed") == (test["score"] == test["max_score"])
        assert isinstance(test["output"], str) and test["output"]
        assert test.get("visibility", "visible") in VISIBILITY
    assert results["score"] == sum(test["score"] for test in results["tests"])
    return results


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    run = subprocess.run([sys.executable, "-m", "rnn_course.grading", "gradescope-bundle",
                          "--exercise", "ex01", "--out", str(out), "--seed", "7", *LIMITS],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def image(bundle, tmp_path_factory) -> Path:
    """What setup.sh leaves: the unzipped bundle, and the course's wheel installed by pip
    (into a folder put on PYTHONPATH: the venv here is the image's Python)."""
    image = tmp_path_factory.mktemp("image")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(image / "source")
        for info in archive.infolist():  # as unzip does: keep the executable bits
            (image / "source" / info.filename).chmod(info.external_attr >> 16 & 0o777)
        wheel = next(name for name in archive.namelist() if name.endswith(".whl"))
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                              "--no-index", "--target", str(image / "site"),
                              str(image / "source" / wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    return image


def run_autograder(image: Path, root: Path, files: dict[str, bytes],
                   change: Callable[[Path], None] | None = None) -> dict:
    """Lay out ``root`` like /autograder with ``files`` submitted (and ``change`` applied
    to it), run run_autograder as Gradescope does, check its exit code 0 and return the
    results it wrote."""
    shutil.copytree(image / "source", root / "source")
    shutil.copy2(image / "source" / "run_autograder", root / "run_autograder")
    (root / "venv").symlink_to(sys.prefix)
    for name, content in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_bytes(content)
    if change is not None:
        change(root)
    env = {**os.environ, gradescope_bundle.ROOT_VARIABLE: str(root),
           "PYTHONPATH": str(image / "site")}
    run = subprocess.run([str(root / "run_autograder")], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return assert_gradescope_results((root / "results" / "results.json").read_text())


def with_limits(**limits) -> Callable[[Path], None]:
    """A change of the bundle's limits (as if built with other options)."""
    def change(root: Path) -> None:
        path = root / "source" / gradescope_bundle.CONFIG_NAME
        config = json.loads(path.read_text())
        config["limits"].update(limits)
        path.write_text(json.dumps(config))
    return change


def notebook_bytes(nb) -> bytes:
    return nbformat.writes(nb).encode()


def solution_with(source: str, replacing: str | None = None) -> bytes:
    """The solution notebook with the cell defining ``replacing`` swapped for ``source``
    (or, without ``replacing``, with ``source`` added before its last cell)."""
    nb = copy.deepcopy(nbformat.read(SOLUTION, as_version=4))
    cell = nbformat.v4.new_code_cell(source)
    if replacing is None:
        nb.cells.insert(len(nb.cells) - 1, cell)
    else:
        index = next(i for i, c in enumerate(nb.cells) if f"def {replacing}(" in c.source)
        nb.cells[index] = cell
    return notebook_bytes(nb)


def by_question(results: dict) -> dict[str, dict]:
    return {test["name"].rsplit("(", 1)[1].rstrip(")"): test for test in results["tests"]}


# ----------------------------------------------------------------- the bundle ---------


def test_bundle_has_gradescope_files_at_its_root(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
        config = json.loads(archive.read(gradescope_bundle.CONFIG_NAME))
    assert {"setup.sh", "run_autograder"} <= set(names)
    assert all("/" not in name for name in names)
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR, f"{script} must be executable"
    assert f"rnn_course-{rnn_course.__version__}-py3-none-any.whl" in names
    assert "github" not in setup and "git+" not in setup
    assert f"python{gradescope_bundle.PYTHON} -m venv" in setup
    assert config["exercise"] == "ex01" and config["seed"] == 7
    assert config["limits"]["timeout"] == 90


def test_every_package_is_pinned_and_keras_only_where_needed(bundle):
    with zipfile.ZipFile(bundle) as archive:
        pins = dict(line.split("==") for line in archive.read("requirements.txt").decode().split())
    assert pins["numpy"] == "2.0.2"  # requirements.txt's pin, as on Colab
    assert {"nbclient", "nbformat", "ipykernel", "matplotlib", "ipywidgets"} <= set(pins)
    assert "tensorflow-cpu" not in pins and "tensorflow" not in pins
    assert "jupyter-book" not in pins and "pytest" not in pins
    assert gradescope_bundle.needs_keras("ex04") and not gradescope_bundle.needs_keras("ex01")


def test_a_set_that_loads_scikit_learn_data_gets_scikit_learn_pinned():
    project = gradescope_bundle._project()
    assert "scikit-learn" in gradescope_bundle.bundle_roots(project, "ex10")
    assert "scikit-learn" not in gradescope_bundle.bundle_roots(project, "ex01")
    pins = gradescope_bundle.pinned_requirements(gradescope_bundle.bundle_roots(project, "ex10"))
    assert {"scikit-learn", "keras", "tensorflow-cpu"} <= set(pins)


def test_scripts_are_valid_bash(image):
    for script in ("setup.sh", "run_autograder"):
        check = subprocess.run(["bash", "-n", str(image / "source" / script)],
                               capture_output=True, text=True)
        assert check.returncode == 0, f"{script}: {check.stderr}"


# ------------------------------------------------------------- graded submissions -----


def test_correct_submission_earns_every_point(image, tmp_path):
    results = run_autograder(image, tmp_path, {"ex01.ipynb": SOLUTION.read_bytes()})
    assert results["score"] == EX01.max_points
    assert [test["status"] for test in results["tests"]] == ["passed"] * len(EX01.questions)
    assert results["output"].startswith(f"ex01: {EX01.max_points} / {EX01.max_points} points")


def test_wrong_answer_fails_with_its_hint(image, tmp_path):
    wrong = ("import numpy as np\ndef one_hot(indices, vocab_size):\n"
             "    return np.eye(vocab_size)[np.asarray(indices) - 1]")
    results = run_autograder(image, tmp_path, {"ex01.ipynb": solution_with(wrong, "one_hot")})
    tests = by_question(results)
    assert tests["ex01.one_hot"]["status"] == "failed"
    assert "off by one" in tests["ex01.one_hot"]["output"]
    assert tests["ex01.sliding_windows"]["status"] == "passed"
    assert 0 < results["score"] < EX01.max_points


def test_not_attempted_submission_earns_nothing(image, tmp_path):
    results = run_autograder(image, tmp_path, {"ex01.ipynb": STUDENT.read_bytes()})
    assert results["score"] == 0
    assert all("NOT ATTEMPTED" in test["output"] for test in results["tests"])


def test_broken_notebook_gets_a_message(image, tmp_path):
    results = run_autograder(image, tmp_path, {"ex01.ipynb": b'{"cells": [ this is not JSON'})
    assert results["score"] == 0 and len(results["tests"]) == len(EX01.questions)
    assert "not valid JSON" in results["output"]


@pytest.mark.parametrize("files, message", [
    ({"notes.txt": b"my answers are in my head"}, "no notebook"),
    ({"ex01.ipynb": SOLUTION.read_bytes(), "copy/ex01.ipynb": SOLUTION.read_bytes()},
     "2 notebooks were submitted (copy/ex01.ipynb, ex01.ipynb)"),
    ({"ex03.ipynb": OTHER_SET.read_bytes()}, "exercise set ex03, not ex01"),
], ids=["no notebook", "two notebooks", "wrong set"])
def test_unusable_submission_gets_a_message(image, tmp_path, files, message):
    results = run_autograder(image, tmp_path, files)
    assert results["score"] == 0 and len(results["tests"]) == len(EX01.questions)
    assert message in results["output"]
    assert all(message in test["output"] for test in results["tests"])


def test_kernel_crash_is_reported_and_earlier_answers_graded(image, tmp_path):
    results = run_autograder(image, tmp_path, {"ex01.ipynb": solution_with(
        "import os\nos._exit(1)")})
    assert "the kernel died" in results["output"]
    assert results["score"] == EX01.max_points  # the answers defined before the crash


def test_timeout_is_reported(image, tmp_path):
    stubborn = ("import time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
                "    except KeyboardInterrupt:\n        pass")
    results = run_autograder(image, tmp_path, {"ex01.ipynb": solution_with(stubborn)},
                             with_limits(timeout=8.0, cell_timeout=4.0))
    assert results["score"] == 0
    assert "limit of 8 s" in results["output"]
    assert all(test["status"] == "failed" for test in results["tests"])


@pytest.mark.parametrize("fault", ["python missing", "config missing"])
def test_grader_fault_still_leaves_valid_results(image, tmp_path, fault):
    broken = {"python missing": lambda root: (root / "venv").unlink(),
              "config missing": lambda root: (
                  root / "source" / gradescope_bundle.CONFIG_NAME).unlink()}[fault]
    results = run_autograder(image, tmp_path, {"ex01.ipynb": SOLUTION.read_bytes()}, broken)
    assert results["score"] == 0 and results["tests"] == []
    assert "not a verdict on your notebook" in results["output"]
