"""Contract tests, written once and run over every exercise set and question.

Every set must keep these promises: the reference earns full marks, each stub is "not
attempted" with a message that fits it, every hint is reachable, a fixed answer is never
printed, data survive the trip through the kernel, and the batch grader gives the
solution notebook full marks and the student notebook zero. Also here: the size guards,
copying flagged by any import path, and the grader's own faults.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest

from grading_helpers import messages, stub
from rnn_course.grading import batch, grade_answer, registry
from rnn_course.grading.compare import format_number
from rnn_course.grading.probe import MAX_ARRAY_BYTES, call_answer, describe, run_probe
from rnn_course.grading.scoring import score
from rnn_course.grading.status import Status
from rnn_course.grading.submissions import uses_reference

ROOT = Path(__file__).resolve().parents[1]
SETS = [registry.exercise_set(set_id) for set_id in registry.set_ids()]
QUESTIONS = [q for exercise_set in SETS for q in exercise_set.questions]


def simulate(question, compute, seed: int = 0):
    """Score ``compute`` as if it were the learner's answer, called directly on each
    case's arguments (no probe driver: a driver's question is judged on what its driver
    returns, which is what ``compute`` stands for). A value question's ``compute`` takes
    no arguments."""
    cases = question.cases(seed)
    outcomes = [call_answer(compute(), None) if case.args is None else
                call_answer(compute, case.args) for _, case in cases]
    return score(question, cases, outcomes)


def _reference_of(question, index):
    return question.properties[index].reference or question.reference


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_reference_earns_full_marks(question):
    cases = question.cases(0)
    outcomes = [call_answer(_reference_of(question, i)(*(case.args or ())), None)
                for i, case in cases]
    result = score(question, cases, outcomes)
    assert result.status == Status.PASSED and result.points == question.max_points > 0


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_hint_is_reachable(question):
    """Each mistake, computed as the grader computes it, is named by its own hint (no
    earlier mistake shadows it and some case tells it from the right answer)."""
    for variant in question.mistakes:
        result = simulate(question, variant.compute)
        assert result.points < result.max_points and variant.hint in messages(result), \
            variant.hint


def dots(*args):
    """A stub that still returns the placeholder ``...``."""
    return ...


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_stubs_are_not_attempted_with_a_fitting_message(question):
    if question.kind == "value":
        result = simulate(question, lambda: ...)
        assert result.status == Status.NOT_ATTEMPTED and "replace the `...`" in result.message
        return
    raising, ellipsis = simulate(question, stub), simulate(question, dots)
    assert raising.status == ellipsis.status == Status.NOT_ATTEMPTED
    assert "`raise` line" in raising.message and "raise" not in ellipsis.message
    assert "in place of the `...`" in ellipsis.message


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_property_has_points_and_cases(question):
    assert question.id == f"{question.set_id}.{question.name}"
    cases = question.cases(0)
    for index, prop in enumerate(question.properties):
        assert prop.points > 0 and prop.mode in ("shape", "values")
        assert [case for i, case in cases if i == index]
        assert all(question.label(case) for i, case in cases if i == index)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.kind == "value"],
                         ids=lambda q: q.id)
def test_a_fixed_answer_is_never_printed(question):
    expected = np.asarray(question.reference(), dtype=float)
    for wrong in (expected * 2 + 1, expected[::-1] if expected.ndim else expected + 1):
        text = messages(simulate(question, lambda: wrong))
        shown = {format_number(v) for v in np.ravel(expected)} - {
            format_number(v) for v in np.ravel(wrong)}
        assert not [number for number in shown if number in text], text


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.hide_expected],
                         ids=lambda q: q.id)
def test_a_hidden_expected_value_is_never_printed(question):
    """A function whose expected numbers are what the learner must find out: a wrong
    answer's feedback names where it is wrong, never what is expected there."""
    def wrong(*args):
        return np.asarray(question.reference(*args), dtype=float) * 2 + 0.1

    result = simulate(question, wrong)
    text = messages(result)
    expected = {format_number(v) for _, case in question.cases(0)
                for v in np.ravel(question.reference(*case.args)) if not float(v).is_integer()}
    assert result.points < result.max_points and "wrong" in text, text
    assert not [number for number in expected if number in text], text


@pytest.mark.parametrize("question", [q for q in QUESTIONS if not any(
    p.driver for p in q.properties)], ids=lambda q: q.id)
def test_probe_data_round_trip_gives_the_same_verdict(question, tmp_path):
    """What the batch grader reads back from a kernel equals what check() sees."""
    answer = question.reference() if question.kind == "value" else question.reference
    for candidate in (answer, lambda *args: np.zeros(3), stub):
        cases = question.cases(seed=1234)
        folder = tmp_path / f"{question.id}-{id(candidate)}"
        batch._write_plan(folder, question, cases)
        run_probe({question.name: candidate}, question.name, str(folder))
        via_files = score(question, cases, batch.load_outcomes(folder, len(cases)))
        direct = grade_answer(question.id, candidate, seed=1234)
        assert (via_files.status, via_files.points, via_files.properties) == (
            direct.status, direct.points, direct.properties)


def test_sets_do_not_export_the_reference():
    """``from rnn_course.grading.sets.ex04 import rnn_cell_forward`` must not work."""
    for exercise_set in SETS:
        module = sys.modules[f"rnn_course.grading.sets.{exercise_set.id}"]
        public = [name for name, value in vars(module).items() if not name.startswith("_")
                  and getattr(value, "__module__", "").startswith("rnn_course.reference")]
        assert not public, f"{exercise_set.id} exports {public}"


# --- the batch grader over every set -------------------------------------------------------


def _notebooks(role_folder: str) -> dict[str, Path]:
    folder = ROOT / "exercises" / role_folder
    return {path.name.split("_")[0]: path for path in folder.glob("ex[0-9][0-9]_*.ipynb")}


@pytest.mark.parametrize("exercise_set", SETS, ids=lambda s: s.id)
def test_batch_gives_the_solution_full_marks_and_the_student_notebook_zero(exercise_set,
                                                                           tmp_path):
    """Under the grader's default limits (6 GiB, 60 s a cell): ex04's kernels import Keras."""
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "solution.ipynb").write_bytes(
        _notebooks("solutions")[exercise_set.id].read_bytes())
    (submissions / "student.ipynb").write_bytes(_notebooks(".")[exercise_set.id].read_bytes())
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "rnn_course.grading", "grade",
                          str(submissions), "--out", str(out), "--workers", "2",
                          "--exercise", exercise_set.id, "--seed", "41"],
                         capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stderr
    total = exercise_set.max_points
    assert f"solution: {total} / {total} points" in run.stdout, run.stdout
    assert f"student: 0 / {total} points" in run.stdout, run.stdout
    with open(out / "gradebook.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert {r["status"] for r in rows if r["submission"] == "student"} == {"not attempted"}
    assert {r["status"] for r in rows if r["submission"] == "solution"} == {"passed"}


# --- size guards ----------------------------------------------------------------------------


def test_probe_refuses_an_answer_too_large_to_be_a_result():
    huge = np.broadcast_to(np.zeros(1), (MAX_ARRAY_BYTES // 8 + 1,))  # no memory used
    outcome, array = describe(huge)
    assert outcome == {"status": "too large", "shape": [MAX_ARRAY_BYTES // 8 + 1]}
    assert array is None


def _probe_folder(tmp_path, question, answer):
    cases = question.cases(seed=5)
    batch._write_plan(tmp_path / "probe", question, cases)
    run_probe({question.name: answer}, question.name, str(tmp_path / "probe"))
    return tmp_path / "probe", len(cases)


def test_batch_refuses_an_output_archive_too_large(tmp_path, monkeypatch):
    question = registry.question("ex01.one_hot")
    folder, count = _probe_folder(tmp_path, question, question.reference)
    monkeypatch.setattr(batch, "MAX_ARRAY_BYTES", 16)  # the archive unpacks to far more
    with pytest.raises(ValueError, match="outputs.npz is too large"):
        batch.load_outcomes(folder, count)


def test_batch_refuses_outcomes_too_large_or_malformed(tmp_path, monkeypatch):
    question = registry.question("ex01.one_hot")
    folder, count = _probe_folder(tmp_path, question, question.reference)
    with pytest.raises(ValueError, match="does not describe"):
        batch.load_outcomes(folder, count + 1)
    monkeypatch.setattr(batch, "MAX_OUTCOMES_BYTES", 10)
    with pytest.raises(ValueError, match="outcomes.json is too large"):
        batch.load_outcomes(folder, count)


def test_an_archive_that_is_not_a_zip_is_an_error_not_a_crash(tmp_path):
    question = registry.question("ex01.one_hot")
    folder, count = _probe_folder(tmp_path, question, question.reference)
    (folder / "outputs.npz").write_text("not a zip")
    with pytest.raises(zipfile.BadZipFile):
        batch.load_outcomes(folder, count)


# --- copying, by any import path ------------------------------------------------------------


def _notebook(*sources: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.mark.parametrize("source", [
    "from rnn_course.reference import one_hot",
    "from rnn_course.reference.rnn import rnn_cell_forward as f",
    "import rnn_course.reference.rnn",
    "from rnn_course import reference",
    "from rnn_course.grading.sets.ex04 import CELL",
    "from rnn_course.grading.sets import ex04",
    "from rnn_course.grading import registry",
    "import rnn_course.grading.registry as r",
    "f = rnn_course.grading.registry.question('ex04.rnn_forward').reference",
    "import importlib\nm = importlib.import_module('rnn_course.reference')",
    "%time x = 1\nfrom rnn_course.reference import rnn",
    "def f(:\n  rnn_course.reference",  # not Python: the text is searched
])
def test_uses_reference_flags_every_import_path(source):
    assert uses_reference(_notebook("import numpy as np", source))


@pytest.mark.parametrize("source", [
    "from rnn_course.grading import check, check_all",
    "from rnn_course.data.words import encode_words",
    "from rnn_course.notebook import silence_tensorflow",
    "reference_answer = 3  # a name, not the course's code",
    "!pip list | grep rnn_course",
])
def test_uses_reference_leaves_honest_code_alone(source):
    assert not uses_reference(_notebook(source))


def test_an_answer_that_is_the_course_code_is_flagged_not_penalised():
    question = registry.question("ex04.rnn_cell_forward")
    result = grade_answer(question.id, question.reference)
    assert result.status == Status.PASSED
    assert any("rnn_course.reference.rnn.rnn_cell_forward" in note for note in result.notes)


# --- the grader's own faults ----------------------------------------------------------------


def test_a_failing_reference_is_a_grader_error_not_the_learners(tmp_path, monkeypatch):
    from rnn_course.grading import __main__ as cli

    def broken_score(*args, **kwargs):
        raise RuntimeError("the reference is broken")

    monkeypatch.setattr(batch, "score", broken_score)
    out = tmp_path / "out"
    code = cli.main(["grade", str(_notebooks("solutions")["ex01"]), "--out", str(out),
                     "--seed", "3", "--timeout", "60"])
    assert code == cli.GRADER_ERROR_EXIT
    with open(out / "gradebook.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert {r["status"] for r in rows} == {Status.GRADER_ERROR}
    assert all("the grader failed" in r["message"] and "not the learner's" in r["message"]
               for r in rows)


def test_check_reports_a_grader_error_instead_of_raising(monkeypatch, capsys):
    from rnn_course.grading import check, in_notebook

    monkeypatch.setattr(in_notebook, "score", lambda *args: 1 / 0)
    check("ex01.one_hot", stub)
    out = capsys.readouterr().out
    assert "GRADER ERROR" in out and "not your code" in out
