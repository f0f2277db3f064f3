"""Exercise set ex03 (chapter 3, memory tables): right answers pass however they are written,
and typical mistakes fail with the hint written for them (the promises every set keeps are
in ``test_grading_contract.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from grading_helpers import assert_graded
from rnn_course.grading import grade_answer, registry


def test_reference_gives_the_chapters_numbers():
    question = registry.question("ex03.memory_table")
    memories, outputs = question.reference(np.array([[1.0, 1.0], [1.0, 1.0], [2.0, 2.0]]), 1.0)
    np.testing.assert_array_equal(outputs[:, 0], [4, 12, 32])
    np.testing.assert_array_equal(memories[:, 0], [2, 6, 16])
    answer = registry.question("ex03.jordan_position_weights").reference()
    np.testing.assert_array_equal(answer, [128, 32, 8, 2])


# --- a learner's loop, with one switch per typical mistake ------------------------------


def learner_loop(inputs, weight, *, jordan=False, mistake=None):
    """The loop a learner writes; ``mistake`` names one typical slip (None: right)."""
    W = np.full((2, 2), weight)
    recurrent = weight * np.eye(2) if mistake == "own cell" else W
    memory = np.zeros(2)
    memories, outputs, hiddens = [], [], []
    for x_t in inputs:
        if mistake == "reset":
            memory = np.zeros(2)
        a_t = x_t @ W + memory @ recurrent
        y_t = (memory if mistake == "output from old memory" else a_t) @ W
        read = memory
        memory = y_t if jordan else a_t
        memories.append(read if mistake == "lagged" else memory)
        outputs.append(a_t if mistake == "output is hidden" else y_t)
        hiddens.append(a_t)
    memories, outputs = np.array(memories), np.array(outputs)
    if mistake == "memories are hidden":
        memories = np.array(hiddens)
    if mistake == "only outputs":
        return outputs
    if mistake == "only last":
        return memories[-1], outputs[-1]
    if mistake == "columns":
        return memories.T, outputs.T
    if mistake == "swapped":
        return outputs, memories
    return memories, outputs


def closed_form_elman(inputs, weight):
    """a_t = w s_t + 2w a_{t-1} solved for every t at once (no loop)."""
    s = np.asarray(inputs).sum(axis=1)
    t, k = np.indices((len(s), len(s)))
    coefficients = np.where(k <= t, weight * (2.0 * weight) ** np.maximum(t - k, 0), 0.0)
    hidden = np.repeat((coefficients @ s)[:, None], 2, axis=1)
    return hidden, 2 * weight * hidden


def jordan_scalar_recursion(inputs, weight):
    """y_t = 2 w^2 s_t + 4 w^2 y_{t-1}, one unit, copied to both."""
    y, outputs = 0.0, []
    for s_t in np.asarray(inputs).sum(axis=1):
        y = 2 * weight**2 * s_t + 4 * weight**2 * y
        outputs.append([y, y])
    return outputs, outputs  # nested lists are numbers too


RIGHT_BUT_DIFFERENT = [
    ("ex03.memory_table", learner_loop),
    ("ex03.memory_table", closed_form_elman),
    ("ex03.memory_table", lambda x, w: tuple(a.astype(np.float32)
                                             for a in closed_form_elman(x, w))),
    ("ex03.memory_table", lambda x, w: np.stack(closed_form_elman(x, w))),
    ("ex03.jordan_table", lambda x, w: learner_loop(x, w, jordan=True)),
    ("ex03.jordan_table", jordan_scalar_recursion),
]


@pytest.mark.parametrize("question_id, answer", RIGHT_BUT_DIFFERENT)
def test_right_but_different_answers_pass(question_id, answer):
    assert_graded(question_id, answer)


@pytest.mark.parametrize("value", [[128, 32, 8, 2], (128.0, 32.0, 8.0, 2.0),
                                   2 * 4 ** np.arange(3, -1, -1)])
def test_position_weights_in_any_numeric_form_pass(value):
    assert_graded("ex03.jordan_position_weights", value)


WRONG_BUT_PLAUSIBLE = [
    ("ex03.memory_table", {"jordan": True}, "that is the Jordan network"),
    ("ex03.memory_table", {"mistake": "reset"}, "memory is not carried"),
    ("ex03.memory_table", {"mistake": "own cell"}, "BOTH memory cells"),
    ("ex03.memory_table", {"mistake": "lagged"}, "off by one step: memories[t]"),
    ("ex03.memory_table", {"mistake": "output from old memory"},
     "off by one step in the outputs"),
    ("ex03.memory_table", {"mistake": "output is hidden"}, "not the hidden values"),
    ("ex03.memory_table", {"mistake": "swapped"}, "return (memories, outputs)"),
    ("ex03.memory_table", {"mistake": "only outputs"}, "return both arrays"),
    ("ex03.memory_table", {"mistake": "only last"}, "one row per step"),
    ("ex03.memory_table", {"mistake": "columns"}, "not (2, num_steps)"),
    ("ex03.jordan_table", {}, "that is the Elman network"),
    ("ex03.jordan_table", {"jordan": True, "mistake": "reset"}, "memory is not carried"),
    ("ex03.jordan_table", {"jordan": True, "mistake": "own cell"}, "BOTH memory cells"),
    ("ex03.jordan_table", {"jordan": True, "mistake": "lagged"}, "off by one step"),
    ("ex03.jordan_table", {"jordan": True, "mistake": "memories are hidden"},
     "memory of a Jordan network IS its output"),
    ("ex03.jordan_table", {"jordan": True, "mistake": "only outputs"}, "return both arrays"),
]


@pytest.mark.parametrize("question_id, switches, hint", WRONG_BUT_PLAUSIBLE)
def test_wrong_but_plausible_loops_fail_with_their_hint(question_id, switches, hint):
    assert_graded(question_id, lambda x, w: learner_loop(x, w, **switches), hint)


def test_weight_fixed_at_one_fails_only_where_the_weight_matters():
    result = grade_answer("ex03.memory_table", lambda x, w: learner_loop(x, 1.0))
    failed = [p for p in result.properties if not p.passed]
    assert [p.name.split(" (")[0] for p in failed] == [
        "random word orders and other weights", "edge cases"]
    assert all("not 1" in p.message for p in failed)


@pytest.mark.parametrize("value, hint", [
    ([2, 8, 32, 128], "reversed"),
    ([8, 4, 2, 1], "Elman network's memory a_4"),
    ([16, 8, 4, 2], "Elman network's weights"),
    ([256, 64, 16, 4], "bit sum s = 2"),
    ([64, 16, 4, 1], "last hidden value a_4"),
    ([128, 32, 8], "axis 0 has size 3"),
])
def test_wrong_position_weights_fail_with_their_hint(value, hint):
    assert_graded("ex03.jordan_position_weights", value, hint)
