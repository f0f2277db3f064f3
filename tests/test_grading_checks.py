"""In-process tests of the graded checks' mechanics: what ``check`` and ``check_all``
print, value questions, messages that name parts and format numbers, seeds, imports.
The promises every set keeps are in ``test_grading_contract.py``."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from grading_helpers import EX01, messages, points, stub
from rnn_course.grading import check, check_all, grade_answer, registry
from rnn_course.grading.compare import format_number, shape_hint
from rnn_course.grading.probe import call_answer
from rnn_course.grading.scoring import score
from rnn_course.grading.spec import ExerciseSet, Property, Question


def test_check_prints_one_line_per_property_and_the_score(capsys):
    check("ex01.one_hot", lambda i, v: np.eye(v)[i - 1])
    lines = capsys.readouterr().out.splitlines()
    question = registry.question("ex01.one_hot")
    assert lines[0].startswith(f"Exercise {question.number}: ")
    assert [line.split()[0] for line in lines[1:4]] == ["PASS", "FAIL", "FAIL"]
    assert "off by one" in lines[2] and "indices of shape" in lines[2]
    shape = question.properties[0].points  # only the shape is right
    assert lines[-1] == f"Score: {shape} / {question.max_points} points"


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
    one_hot_points = points("ex01.one_hot")
    assert re.search(rf"one_hot +{one_hot_points} / {one_hot_points} points +passed", out)
    assert "not attempted" in out and "missing" in out  # embedding_lookup is not defined
    assert out.rstrip().endswith(f"Total: {one_hot_points} / {EX01.max_points} points")


def test_check_all_reads_the_callers_globals(capsys):
    check_all("ex01")  # this module defines none of the answers
    assert f"Total: 0 / {EX01.max_points} points" in capsys.readouterr().out


def test_unknown_ids_name_the_known_ones():
    with pytest.raises(KeyError, match="ex01.one_hot"):
        registry.question("ex01.one_hto")
    with pytest.raises(KeyError, match="ex01"):
        registry.exercise_set("ex77")


VALUE_QUESTION = ExerciseSet(chapter=9, title="Shapes", questions=(Question(
    name="text_batch_shape", title="Give a shape", reference=lambda: (32, 80, 100),
    kind="value", parts=("batch_size", "num_steps", "input_dim"),
    properties=(Property("shape tuple", 1),)),)).questions[0]


def test_ids_and_numbers_come_from_the_set():
    assert (VALUE_QUESTION.id, VALUE_QUESTION.number) == ("ex09.text_batch_shape", "9.1")


@pytest.mark.parametrize("answer, status, hint", [
    ((32, 80, 100), "passed", ""), ([32, 80, 100], "passed", ""),
    (..., "not attempted", "replace the `...` with your answer"),
    ((80, 32, 100), "failed", "wrong values: batch_size, num_steps (the others are right)"),
    ((1, 2, 3), "failed", "every value is wrong"),
    ("32, 80, 100", "failed", "expected a NumPy array")])
def test_value_questions(answer, status, hint):
    cases = VALUE_QUESTION.cases(seed=0)
    result = score(VALUE_QUESTION, cases, [call_answer(answer, c.args) for _, c in cases])
    assert result.status == status and hint in messages(result)


def test_messages_name_the_part_and_format_numbers_for_people():
    result = grade_answer("ex04.build_encoder", lambda n, d, u: np.array([512_064, u]))
    assert "parameter count: expected 18,816, got 512,064" in messages(result)
    assert "index (0,)" not in messages(result) and "tolerance" not in messages(result)
    assert [format_number(v) for v in (18816, 0.5, -2.0, 1e-7)] == [
        "18,816", "0.5", "-2", "1e-07"]


def test_memory_tables_name_memories_and_outputs():
    reference = registry.question("ex03.memory_table").reference
    result = grade_answer("ex03.memory_table",
                          lambda x, w: (reference(x, w)[0], reference(x, w)[1] + 0.5))
    assert "outputs[0, 0]: expected 4, got 4.5" in messages(result)


def test_a_pair_of_different_shapes_says_so():
    result = grade_answer("ex03.memory_table", lambda x, w: (np.zeros((len(x), 2)),
                                                             np.zeros(len(x))))
    assert "arrays of different shapes" in messages(result)


def test_shape_hints_name_the_axis():
    assert "axis 1 has size 4, expected 5" in shape_hint((2, 4, 1), (2, 5, 1))
    assert "axes are in the wrong order" in shape_hint((5, 2, 1), (2, 5, 1))
    assert "2 axes instead of 3" in shape_hint((2, 5), (2, 5, 1))


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
