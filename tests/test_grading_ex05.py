"""Exercise set ex05 (chapters 5 and 6, BPTT and gradients): right answers pass however they
are written, and typical mistakes fail with the hint written for them (the promises every
set keeps are in ``test_grading_contract.py``).

The answers are written as a learner writes them, not computed from the reference.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from grading_helpers import assert_graded, messages
from rnn_course.grading import grade_answer, registry
from rnn_course.grading.compare import format_number


# --- 5.1 rnn_backward ----------------------------------------------------------------------


def forward(x, h0, kernel, recurrent_kernel, bias):
    h, states = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        states.append(h)
    return np.stack(states, axis=1)


def backward_loop(dh_seq, x, h0, kernel, recurrent_kernel, bias, *, mistake=None):
    """The loop a learner writes, after chapter 5's; ``mistake`` names one typical slip."""
    h_seq = forward(x, h0, kernel, recurrent_kernel, bias)
    grads = {"dx": np.zeros_like(x), "dkernel": np.zeros_like(kernel),
             "drecurrent_kernel": np.zeros_like(recurrent_kernel),
             "dbias": np.zeros_like(bias)}
    if mistake == "dbias over units":
        grads["dbias"] = np.zeros(len(x))
    dx_list, dz_next = [], np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        h_prev = h0 if t == 0 else h_seq[:, t - 1]
        back = dz_next @ (recurrent_kernel if mistake == "recurrent not transposed"
                          else recurrent_kernel.T)
        dh = dh_seq[:, t] + (0 if mistake == "not carried" else back)
        slope = {"no tanh'": 1.0, "tanh of h": 1 - np.tanh(h_seq[:, t]) ** 2}.get(
            mistake, 1 - h_seq[:, t] ** 2)
        dz = dh * slope
        kernel_share = dz.T @ x[:, t] if mistake == "dz.T @ x" else x[:, t].T @ dz
        state = h_seq[:, t] if mistake == "h_t" else h_prev
        recurrent_share = dz.T @ state if mistake == "dz.T @ x" else state.T @ dz
        if mistake == "overwrite":
            grads["dkernel"], grads["drecurrent_kernel"] = kernel_share, recurrent_share
            grads["dbias"] = dz.sum(axis=0)
        else:
            grads["dkernel"] += kernel_share
            grads["drecurrent_kernel"] += recurrent_share
            grads["dbias"] += dz.sum(axis=1 if mistake == "dbias over units" else 0)
        dx_list.append(dz @ (kernel if mistake == "kernel not transposed" else kernel.T))
        dz_next = dz
    grads["dx"] = np.stack(dx_list if mistake == "dx reversed" else dx_list[::-1], axis=1)
    grads["dh0"] = np.zeros_like(h0) if mistake == "dh0 zero" else dz_next @ recurrent_kernel.T
    return grads


def backward_vectorised(dh_seq, x, h0, kernel, recurrent_kernel, bias, *, mistake=None):
    """dz for every step first, then every gradient at once (the solution's way)."""
    h_seq = forward(x, h0, kernel, recurrent_kernel, bias)
    h_prev = np.concatenate([h0[:, None], h_seq[:, :-1]], axis=1)
    dz, from_next = np.zeros_like(h_seq), np.zeros_like(h0)
    for t in range(x.shape[1] - 1, -1, -1):
        dz[:, t] = (dh_seq[:, t] + from_next) * (1 - h_seq[:, t] ** 2)
        from_next = dz[:, t] @ recurrent_kernel.T
    return {"dx": dz @ kernel.T, "dh0": from_next,
            "dkernel": np.einsum("bti,btu->iu", x, dz),
            "drecurrent_kernel": np.einsum("bti,btu->iu", h_prev, dz),
            "dbias": dz.sum(axis=0 if mistake == "dbias not over time" else (0, 1))}


def backward_per_example(dh_seq, x, h0, kernel, recurrent_kernel, bias):
    """One sequence at a time, with 1-D vectors and np.outer."""
    grads = {"dx": np.zeros_like(x), "dh0": np.zeros_like(h0), "dkernel": np.zeros_like(kernel),
             "drecurrent_kernel": np.zeros_like(recurrent_kernel), "dbias": np.zeros_like(bias)}
    for b in range(len(x)):
        h_seq = forward(x[b:b + 1], h0[b:b + 1], kernel, recurrent_kernel, bias)[0]
        states = np.vstack([h0[b], h_seq])       # h_0 .. h_T
        dh_next = np.zeros(len(bias))
        for t in range(x.shape[1] - 1, -1, -1):
            dz = (dh_seq[b, t] + dh_next) * (1 - states[t + 1] ** 2)
            grads["dkernel"] += np.outer(x[b, t], dz)
            grads["drecurrent_kernel"] += np.outer(states[t], dz)
            grads["dbias"] += dz
            grads["dx"][b, t] = kernel @ dz
            dh_next = recurrent_kernel @ dz
        grads["dh0"][b] = dh_next
    return grads


BACKWARD_RIGHT = [
    backward_loop,
    backward_vectorised,
    backward_per_example,
    lambda *args: backward_loop(*args) | {"dh_seq": args[0]},  # an extra entry is ignored
]


@pytest.mark.parametrize("answer", BACKWARD_RIGHT)
def test_right_but_different_backward_passes(answer):
    assert_graded("ex05.rnn_backward", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("no tanh'", "the tanh' factor is missing"),
    ("not carried", "dh_t is not accumulated"),
    ("recurrent not transposed", "transposed recurrent kernel on the way back"),
    ("kernel not transposed", "transposed kernel on the way back"),
    ("kernel not transposed", "a product of mismatched shapes"),  # where input_dim != units
    ("dz.T @ x", "transposed weight gradients"),
    ("overwrite", "ADD UP every step's share"),
    ("h_t", "the state that ENTERED step t"),
    ("dbias over units", "dbias is summed over the wrong axis"),
    ("dx reversed", "dx[:, t] belongs to step t"),
    ("dh0 zero", "dh0 is not zero"),
])
def test_wrong_backward_loops_fail_with_their_hint(mistake, hint):
    assert_graded("ex05.rnn_backward",
                 lambda *args: backward_loop(*args, mistake=mistake), hint)


def test_a_bias_gradient_not_summed_over_time_is_named():
    assert_graded("ex05.rnn_backward",
                 lambda *args: backward_vectorised(*args, mistake="dbias not over time"),
                 "dbias must be summed over the steps too")


def test_tanh_of_the_state_fails_the_values_and_the_gradient_check():
    result = grade_answer("ex05.rnn_backward",
                  lambda *args: backward_loop(*args, mistake="tanh of h"))
    failed = {p.name for p in result.properties if not p.passed}
    assert result.properties[0].passed  # the shapes are right
    assert any(name.startswith("the true gradient") for name in failed), messages(result)


@pytest.mark.parametrize("answer, hint", [
    (lambda *args: tuple(backward_loop(*args).values()),
     "return a dict of the five gradients"),
    (lambda *args: {k: v for k, v in backward_loop(*args).items() if k != "dh0"},
     "return a dict of the five gradients"),
])
def test_an_answer_that_is_not_the_dict_says_so(answer, hint):
    assert_graded("ex05.rnn_backward", answer, hint)


# --- 5.2 clip_by_global_norm ---------------------------------------------------------------


def clip_learner(grads, max_norm, *, mistake=None):
    """How a learner clips; ``mistake`` names one typical slip (None: right)."""
    squares = [np.sum(g ** 2) for g in grads]
    if mistake == "sum of norms":
        global_norm = sum(np.sqrt(s) for s in squares)
    elif mistake == "no sqrt":
        global_norm = sum(squares)
    elif mistake == "python floats":
        global_norm = math.sqrt(sum(float(s) for s in squares))
    else:
        global_norm = np.sqrt(sum(squares))
    if mistake == "own norm":
        clipped = [g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-300)) for g in grads]
    elif mistake == "by value":
        clipped = [np.clip(g, -max_norm, max_norm) for g in grads]
    elif mistake == "direction times length":
        with np.errstate(invalid="ignore"):
            clipped = [g / global_norm * min(global_norm, max_norm) for g in grads]
    elif mistake == "python floats":  # always rescales: small gradients grow, 0 / 0 raises
        clipped = [g * (max_norm / global_norm) for g in grads]
    else:
        clipped = [g * max_norm / max(global_norm, max_norm) for g in grads]
    return clipped, min(global_norm, max_norm) if mistake == "norm after" else global_norm


def clip_with_minimum(grads, max_norm):
    """The factor as min(1, max_norm / norm): dividing a NumPy 0 gives inf, and min keeps 1."""
    global_norm = np.linalg.norm(np.concatenate([np.ravel(g) for g in grads]))
    with np.errstate(divide="ignore"):
        factor = np.minimum(1.0, max_norm / global_norm)
    return tuple(g * factor for g in grads), float(global_norm)


@pytest.mark.parametrize("answer", [clip_learner, clip_with_minimum])
def test_right_but_different_clippings(answer):
    assert_graded("ex05.clip_by_global_norm", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("own norm", "clipped by its own norm"),
    ("by value", "clipping by value"),
    ("sum of norms", "not the sum of their norms"),
    ("no sqrt", "the sqrt is missing"),
    ("direction times length", "a zero gradient has global norm 0"),
    ("python floats", "only shrink"),
    ("python floats", "a zero gradient has global norm 0"),  # raised ZeroDivisionError
    ("norm after", "the global norm BEFORE clipping"),
])
def test_wrong_clippings_fail_with_their_hint(mistake, hint):
    assert_graded("ex05.clip_by_global_norm",
                 lambda grads, c: clip_learner(grads, c, mistake=mistake), hint)


def test_returning_only_the_list_asks_for_the_pair():
    assert_graded("ex05.clip_by_global_norm",
                 lambda grads, c: clip_learner(grads, c)[0], "return two things")


def test_the_zero_gradient_is_judged_on_its_own():
    """Right except for the zero gradient: only that property fails."""
    result = grade_answer("ex05.clip_by_global_norm", lambda grads, c: clip_learner(
        grads, c, mistake="direction times length"))
    assert [p.passed for p in result.properties] == [True, True, False]


# --- 5.3 gradient_norms ----------------------------------------------------------------


def norms_loop(recurrent_kernel, num_steps):
    jacobian, norms = np.eye(len(recurrent_kernel)), [1.0]
    for _ in range(num_steps):
        jacobian = jacobian @ recurrent_kernel.T
        norms.append(np.linalg.norm(jacobian, 2))
    return np.array(norms)


NORMS_RIGHT = [
    norms_loop,
    lambda w, n: [np.linalg.norm(np.linalg.matrix_power(w, d), 2) for d in range(n + 1)],
    # W instead of W^T: a matrix and its transpose have the same singular values
    lambda w, n: np.array([np.linalg.svd(np.linalg.matrix_power(w, d), compute_uv=False)[0]
                           for d in range(n + 1)]),
]


@pytest.mark.parametrize("answer", NORMS_RIGHT)
def test_right_but_different_norms(answer):
    assert_graded("ex05.gradient_norms", answer)


def _radius(w):
    return np.abs(np.linalg.eigvals(w)).max()


@pytest.mark.parametrize("answer, hint", [
    (lambda w, n: _radius(w) ** np.arange(n + 1), "rho**d"),
    (lambda w, n: np.linalg.norm(w, 2) ** np.arange(n + 1), "only an upper bound"),
    (lambda w, n: [np.linalg.norm(np.linalg.matrix_power(w, d)) for d in range(n + 1)],
     "Frobenius"),
    (lambda w, n: norms_loop(w, n)[1:], "return num_steps + 1 numbers"),
    (lambda w, n: norms_loop(w, n + 1)[1:], "off by one"),
    (lambda w, n: norms_loop(w, n)[::-1], "entry d is distance d"),
])
def test_wrong_norms_fail_with_their_hint(answer, hint):
    assert_graded("ex05.gradient_norms", answer, hint)


def test_feedback_never_shows_the_expected_norms():
    """A wrong answer with no known mistake: told where, not what."""
    question = registry.question("ex05.gradient_norms")
    result = grade_answer(question.id, lambda w, n: np.max(np.real(np.linalg.eigvals(w))) **
                          np.arange(n + 1))
    text = messages(result)
    assert result.points < result.max_points and "wrong value" in text
    for _, case in question.cases(0):
        shown = [format_number(v) for v in question.reference(*case.args)[1:]
                 if format_number(v) in text]
        assert not shown, text
