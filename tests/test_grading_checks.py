"""In-process tests of the graded checks: right answers pass, stubs are "not attempted",
typical mistakes fail with the hint written for them, and data round-trips unchanged."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from grading_helpers import messages, stub
from rnn_course.grading import check, check_all, grade_answer, registry
from rnn_course.grading.batch import _write_plan, load_outcomes
from rnn_course.grading.compare import shape_hint
from rnn_course.grading.probe import call_answer, run_probe
from rnn_course.grading.scoring import score
from rnn_course.grading.spec import Case, Property, Question

ALL_QUESTIONS = [q for set_id in registry.set_ids()
                 for q in registry.exercise_set(set_id).questions]




@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda q: q.id)
def test_reference_answer_earns_full_marks(question):
    answer = question.reference() if question.kind == "value" else question.reference
    result = grade_answer(question.id, answer)
    assert result.status == "passed" and result.points == question.max_points > 0


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda q: q.id)
def test_stub_is_not_attempted(question, capsys):
    answer = ... if question.kind == "value" else stub
    result = grade_answer(question.id, answer)
    assert (result.status, result.points) == ("not attempted", 0)
    check(question.id, answer)  # prints, never raises
    out = capsys.readouterr().out
    assert "NOT ATTEMPTED" in out and f"Score: 0 / {question.max_points} points" in out


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda q: q.id)
def test_every_property_has_points_and_cases(question):
    for prop in question.properties:
        assert prop.points > 0 and prop.mode in ("shape", "values")
        assert prop.make_cases(np.random.default_rng(0))


def _windows_loop(series, num_steps):
    return np.array([[[series[start + t]] for t in range(num_steps)]
                     for start in range(len(series) - num_steps + 1)])


def _one_hot_loop(indices, vocab_size):
    out = np.zeros(np.shape(indices) + (vocab_size,))
    for position in np.ndindex(np.shape(indices)):
        out[position + (indices[position],)] = 1
    return out


RIGHT_BUT_DIFFERENT = [
    ("ex01.sliding_windows", _windows_loop),
    ("ex01.sliding_windows",
     lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n)[:, :, None]),
    ("ex01.sliding_windows", lambda s, n: np.stack([s[i:i + n] for i in range(len(s) - n + 1)])
     .reshape(-1, n, 1)),
    ("ex01.one_hot", _one_hot_loop),
    ("ex01.one_hot", lambda i, v: (i[..., None] == np.arange(v)).astype(np.float32)),
    ("ex01.one_hot", lambda i, v: i[..., None] == np.arange(v)),  # booleans are numbers too
    ("ex01.one_hot", lambda i, v: np.eye(v, dtype=int)[i].tolist()),  # a nested list
    ("ex01.embedding_lookup", lambda i, e: np.eye(len(e))[i] @ e),
    ("ex01.embedding_lookup", lambda i, e: np.einsum("...v,vd->...d", np.eye(len(e))[i], e)),
    ("ex01.embedding_lookup", lambda i, e: np.take(e, i, axis=0)),
    ("ex01.embedding_lookup", lambda i, e: np.array([e[t] for t in i.ravel()]).reshape(
        i.shape + e.shape[1:])),
]


@pytest.mark.parametrize("question_id, answer", RIGHT_BUT_DIFFERENT)
def test_right_but_different_answers_pass(question_id, answer):
    result = grade_answer(question_id, answer)
    assert result.status == "passed", messages(result)


def _windows_short(s, n):
    return np.stack([s[i:i + n] for i in range(len(s) - n)])[:, :, None]


WRONG_BUT_PLAUSIBLE = [
    ("ex01.sliding_windows", lambda s, n: _windows_short(s, n) if len(s) > n else
     np.zeros((0, n, 1)), "one window short"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n),
     "missing the feature axis"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n).T[
        :, :, None], "batch and time axes swapped"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n)[
        :, None, :], "time and feature axes swapped"),
    ("ex01.sliding_windows", lambda s, n: s[: len(s) // n * n].reshape(-1, n, 1),
     "windows must overlap"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(
        s[::-1], n)[::-1, :, None], "keep time order"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i - 1], "off by one"),
    ("ex01.one_hot", lambda i, v: np.eye(v + 1)[i], "one position too many"),
    ("ex01.one_hot", lambda i, v: np.eye(i.max() + 1)[i], "not indices.max() + 1"),
    ("ex01.one_hot", lambda i, v: np.moveaxis(np.eye(v)[i], -1, 0), "must be the last axis"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i.ravel()], "do not flatten"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i] * 2, "wrong values"),
    ("ex01.one_hot", lambda i, v: np.where(np.eye(v)[i] > 0, np.nan, 0.0), "NaN"),
    ("ex01.one_hot", lambda i, v: str(np.eye(v)[i]), "expected a NumPy array of numbers"),
    ("ex01.one_hot", lambda i, v: None, "returned a NoneType"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i][np.newaxis], "4 axes instead of 3"),
    ("ex01.embedding_lookup", lambda i, e: e[i - 1], "off by one"),
    ("ex01.embedding_lookup", lambda i, e: e[:, i], "you picked columns"),
    ("ex01.embedding_lookup", lambda i, e: e[i.ravel()], "do not flatten"),
    ("ex01.embedding_lookup", lambda i, e: e[i] + 1e-3, "wrong values"),
    ("ex01.embedding_lookup", lambda i, e: e.T[i], "raised IndexError"),
]


@pytest.mark.parametrize("question_id, answer, hint", WRONG_BUT_PLAUSIBLE)
def test_wrong_but_plausible_answers_fail_with_their_hint(question_id, answer, hint):
    result = grade_answer(question_id, answer)
    assert result.points < result.max_points
    assert hint in messages(result)


def test_check_prints_one_line_per_property_and_the_score(capsys):
    check("ex01.one_hot", lambda i, v: np.eye(v)[i - 1])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Exercise 1.2: ")
    assert [line.split()[0] for line in lines[1:4]] == ["PASS", "FAIL", "FAIL"]
    assert "off by one" in lines[2] and "indices of shape" in lines[2]
    assert lines[-1] == "Score: 1 / 4 points"


def test_learner_mutating_inputs_cannot_corrupt_the_reference():
    def mutating(indices, vocab_size):
        result = np.eye(vocab_size)[indices]
        indices[...] = 0
        return result

    assert grade_answer("ex01.one_hot", mutating).status == "passed"


def test_check_all_sums_the_notebook(capsys):
    from rnn_course.reference import one_hot

    check_all("ex01", namespace={"one_hot": one_hot, "sliding_windows": stub})
    out = capsys.readouterr().out
    assert "one_hot           4 / 4 points  passed" in out
    assert "not attempted" in out and "missing" in out  # embedding_lookup is not defined
    assert out.rstrip().endswith("Total: 4 / 11 points")


def test_check_all_reads_the_callers_globals(capsys):
    check_all("ex01")  # this module defines none of the answers
    assert "Total: 0 / 11 points" in capsys.readouterr().out


def test_unknown_ids_name_the_known_ones():
    with pytest.raises(KeyError, match="ex01.one_hot"):
        registry.question("ex01.one_hto")
    with pytest.raises(KeyError, match="ex01"):
        registry.exercise_set("ex77")


VALUE_QUESTION = Question(
    id="ex01.text_batch_shape", number="1.9", title="Give a shape", name="text_batch_shape",
    reference=lambda: (32, 80, 100), kind="value",
    properties=(Property("shape tuple", 1, lambda rng: [Case(None, "your answer")]),))


@pytest.mark.parametrize("answer, status, hint", [
    ((32, 80, 100), "passed", ""), ([32, 80, 100], "passed", ""),
    (..., "not attempted", ""), ((80, 32, 100), "failed", "wrong values at index (0,)"),
    ("32, 80, 100", "failed", "expected a NumPy array")])
def test_value_questions(answer, status, hint):
    cases = VALUE_QUESTION.cases(seed=0)
    result = score(VALUE_QUESTION, cases, [call_answer(answer, c.args) for _, c in cases])
    assert result.status == status and hint in messages(result)


def test_shape_hints_name_the_axis():
    assert "axis 1 has size 4, expected 5" in shape_hint((2, 4, 1), (2, 5, 1))
    assert "axes are in the wrong order" in shape_hint((5, 2, 1), (2, 5, 1))
    assert "2 axes instead of 3" in shape_hint((2, 5), (2, 5, 1))


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda q: q.id)
def test_probe_data_round_trip_gives_the_same_verdict(question, tmp_path):
    """What the batch grader reads back from a kernel equals what check() sees."""
    wrong = lambda *args: np.zeros(3)  # noqa: E731
    answer = question.reference() if question.kind == "value" else question.reference
    for candidate in (answer, wrong, stub):
        cases = question.cases(seed=1234)
        folder = tmp_path / f"{question.id}-{id(candidate)}"
        _write_plan(folder, cases)
        run_probe({question.name: candidate}, question.name, str(folder))
        via_files = score(question, cases, load_outcomes(folder, len(cases)))
        direct = grade_answer(question.id, candidate, seed=1234)
        assert (via_files.status, via_files.points, via_files.properties) == (
            direct.status, direct.points, direct.properties)


def test_grader_seed_gives_inputs_the_notebook_never_showed():
    question = registry.question("ex01.one_hot")
    public = [c.args[0].tolist() for _, c in question.cases(seed=0)]
    secret = [c.args[0].tolist() for _, c in question.cases(seed=987)]
    assert public != secret


def test_checks_need_neither_jupyter_nor_tensorflow():
    """Learners import the checks in Colab: NumPy only, nothing heavy."""
    code = ("import sys, rnn_course.grading; "
            "print(sorted(m for m in ('tensorflow', 'nbformat', 'nbclient') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_a_keras_model_is_judged_by_parameter_count_and_output_shape():
    class FakeTensor:
        shape = (None, 80, 64)

    class FakeModel:  # the two attributes of a built keras.Model the probe reads
        outputs = [FakeTensor()]

        def count_params(self):
            return 10_560

    outcome, array = call_answer(lambda: FakeModel(), ())
    assert outcome == {"status": "returned"} and array.tolist() == [10_560, 80, 64]


def test_reference_sliding_windows_known_case():
    from rnn_course.reference.sequences import sliding_windows

    windows = sliding_windows(np.array([10.0, 11.0, 12.0, 13.0, 14.0]), 3)
    assert windows.shape == (3, 3, 1)
    np.testing.assert_array_equal(windows[:, :, 0], [[10, 11, 12], [11, 12, 13], [12, 13, 14]])
    with pytest.raises(ValueError):
        sliding_windows(np.arange(3.0), 4)
