"""Exercise set ex09 (chapter 9: sequence to sequence): right answers pass however they
are written, typical mistakes fail with the hint written for them, and the trained
translator is measured on the grader's own numbers (the promises every set keeps are in
``test_grading_contract.py``)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from grading_helpers import assert_graded, messages
from rnn_course.data.numerals import to_chinese
from rnn_course.grading import grade_answer
from rnn_course.grading.status import Status
from rnn_course.reference import greedy_decode

# --- 9.1 shift_right ---------------------------------------------------------------------


def shift(targets, start_id, *, mistake=None):
    """The shift a learner writes; ``mistake`` names one typical slip (None: right)."""
    start = np.full((targets.shape[0], 1), start_id)
    if mistake == "appended":
        return np.concatenate([targets[:, 1:], start], axis=1)
    if mistake == "last kept":
        return np.concatenate([start, targets], axis=1)
    if mistake == "overwritten":
        out = targets.copy()
        out[:, 0] = start_id
        return out
    return np.concatenate([start, targets[:, :-1]], axis=1)


def shift_with_roll(targets, start_id):
    out = np.roll(targets, 1, axis=1)
    out[:, 0] = start_id
    return out


@pytest.mark.parametrize("answer", [shift, shift_with_roll,
                                    lambda t, s: np.pad(t, ((0, 0), (1, 0)),
                                                        constant_values=s)[:, :-1].tolist()])
def test_right_shifts_pass(answer):
    assert_graded("ex09.shift_right", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("appended", "the start token goes first (prepended), not last"),
    ("last kept", "the last target must be dropped"),
    ("overwritten", "replaces the first target instead of shifting"),
])
def test_wrong_shifts_fail_with_their_hint(mistake, hint):
    assert_graded("ex09.shift_right", lambda t, s: shift(t, s, mistake=mistake), hint)


# --- 9.2 greedy_decode -------------------------------------------------------------------


def greedy(step, state, start_id, end_id, max_len, *, mistake=None):
    """The loop a learner writes; ``mistake`` names one typical slip (None: right)."""
    tokens, token = [], start_id
    for _ in range(max_len + (mistake == "one more")):
        logits, new_state = step(token, state)
        if mistake != "state dropped":
            state = new_state
        token = int(np.argmax(logits))
        if token == end_id:
            if mistake == "end kept":
                tokens.append(token)
            break
        tokens.append(token)
        if mistake == "start every step":
            token = start_id
    return [start_id, *tokens] if mistake == "start kept" else tokens


def greedy_while(step, state, start_id, end_id, max_len):
    out, token = [], start_id
    while len(out) < max_len:
        logits, state = step(token, state)
        token = np.argmax(logits)
        if token == end_id:
            return out
        out.append(token)
    return np.array(out)


@pytest.mark.parametrize("answer", [greedy, greedy_while, greedy_decode])
def test_right_greedy_decoders_pass(answer):
    assert_graded("ex09.greedy_decode", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("end kept", "the end token is not part of the output"),
    ("start kept", "do not include start_id"),
    ("start every step", "not start_id, at every step"),
    ("state dropped", "pass on the new state"),
    ("one more", "at most max_len tokens"),
])
def test_wrong_greedy_decoders_fail_with_their_hint(mistake, hint):
    assert_graded("ex09.greedy_decode", lambda *a: greedy(*a, mistake=mistake), hint)


def test_a_step_result_not_unpacked_gets_a_hint():
    def unpacks_nothing(step, state, start_id, end_id, max_len):
        return [int(np.argmax(step(start_id, state)))]
    assert_graded("ex09.greedy_decode", unpacks_nothing, "returns a pair (logits, new_state)")


# --- 9.3 dot_attention -------------------------------------------------------------------


def softmax(scores, axis):
    e = np.exp(scores - scores.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def attend(query, keys, values, *, mistake=None):
    """The attention a learner writes; ``mistake`` names one typical slip (None: right)."""
    scores = np.einsum("btd,bd->bt", keys, query)
    if mistake != "no scale":
        scores = scores / np.sqrt(query.shape[1])
    if mistake == "overflow":
        weights = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    else:
        weights = softmax(scores, axis=0 if mistake == "batch axis" else 1)
    mixed = keys if mistake == "keys mixed" else values
    return np.einsum("bt,btv->bv", weights, mixed), weights


def attend_with_matmul(query, keys, values):
    scores = (keys @ query[:, :, None])[:, :, 0] / query.shape[-1] ** 0.5
    weights = softmax(scores.astype(np.float32), axis=-1)
    return (weights[:, None, :] @ values)[:, 0, :], weights


@pytest.mark.parametrize("answer", [attend, attend_with_matmul])
def test_right_attention_passes(answer):
    assert_graded("ex09.dot_attention", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("no scale", "divide the scores by sqrt(d)"),
    ("batch axis", "over the time axis T"),
    ("overflow", "subtract each row's largest score"),
    ("keys mixed", "the weighted sum of the values"),
])
def test_wrong_attention_fails_with_its_hint(mistake, hint):
    with np.errstate(over="ignore", invalid="ignore"):
        assert_graded("ex09.dot_attention", lambda *a: attend(*a, mistake=mistake), hint)


def test_attention_returning_one_array_is_told_to_return_the_pair():
    assert_graded("ex09.dot_attention", lambda *a: attend(*a)[1], "return the pair")


# --- 9.4 the trained translator ----------------------------------------------------------


def test_a_perfect_translator_passes_and_a_weak_one_fails_with_its_score():
    assert_graded("ex09.translate", to_chinese)
    result = assert_graded("ex09.translate",
                           lambda n: to_chinese(n) if n < 10 ** 5 else "一", "exact match")
    assert "got 0." in messages(result)


def test_a_slow_translator_is_stopped_with_a_clear_row():
    from rnn_course.grading.probe import call_answer
    from rnn_course.grading.sets.ex09 import TRANSLATE

    numbers, codes, _ = TRANSLATE.properties[0].make_cases(np.random.default_rng(0))[0].args

    def slow(number):
        time.sleep(0.01)
        return to_chinese(number)

    outcome, _ = call_answer(slow, (numbers, codes, 0.05), driver="translation_exact")
    assert outcome["status"] == "raised" and "took more than 0.05 s" in outcome["message"]


def test_a_missing_translator_is_not_attempted():
    result = grade_answer("ex09.translate", lambda n: ...)
    assert result.status == Status.NOT_ATTEMPTED, messages(result)
