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


# --- 5.1 rnn_backward_truncated ----------------------------------------------------------


def forward(x, h0, kernel, recurrent_kernel, bias):
    h, states = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        states.append(h)
    return np.stack(states, axis=1)


def truncated_per_loss(dh_seq, x, h0, kernel, recurrent_kernel, bias, k, *, mistake=None):
    """One backward sweep per loss step s, stopped after k steps; ``mistake`` names a slip."""
    h_seq = forward(x, h0, kernel, recurrent_kernel, bias)
    num_steps = x.shape[1]
    dz = np.zeros_like(h_seq)
    dh0 = np.zeros_like(h0)
    for s in range(num_steps):
        if mistake == "last k losses only" and s < num_steps - k:
            continue
        first = {"full": 0, "k + 1": max(0, s - k),
                 "one cut": (num_steps - k if s >= num_steps - k else 0)}.get(
                     mistake, max(0, s - k + 1))
        dh = dh_seq[:, s]
        for t in range(s, first - 1, -1):
            slope = 1.0 if mistake == "no tanh'" else 1 - h_seq[:, t] ** 2
            dz[:, t] += dh * slope
            dh = (dh * slope) @ recurrent_kernel.T
        if first == 0 or mistake == "dh0 always":
            dh0 += dh
    h_prev = np.concatenate([h0[:, None], h_seq[:, :-1]], axis=1)
    dx = dz @ kernel.T
    return {"dx": dx[:, ::-1] if mistake == "dx reversed" else dx, "dh0": dh0,
            "dkernel": np.einsum("bti,btu->iu", x, dz),
            "drecurrent_kernel": np.einsum("bti,btu->iu", h_prev, dz),
            "dbias": dz.sum(axis=(0, 1))}


def truncated_by_age(dh_seq, x, h0, kernel, recurrent_kernel, bias, k):
    """One sweep that keeps the gradients apart by how far they have travelled, and drops
    each once it has crossed k steps."""
    h_seq = forward(x, h0, kernel, recurrent_kernel, bias)
    grads = {"dx": np.zeros_like(x), "dkernel": np.zeros_like(kernel),
             "drecurrent_kernel": np.zeros_like(recurrent_kernel), "dbias": np.zeros_like(bias)}
    travelling = []  # travelling[a]: what has crossed a steps so far
    for t in reversed(range(x.shape[1])):
        arriving = [dh_seq[:, t], *travelling][:k]  # ages 0 .. k - 1 may enter step t
        parts = [g * (1 - h_seq[:, t] ** 2) for g in arriving]
        dz = sum(parts)
        h_prev = h0 if t == 0 else h_seq[:, t - 1]
        grads["dkernel"] += x[:, t].T @ dz
        grads["drecurrent_kernel"] += h_prev.T @ dz
        grads["dbias"] += dz.sum(axis=0)
        grads["dx"][:, t] = dz @ kernel.T
        travelling = [p @ recurrent_kernel.T for p in parts]
    grads["dh0"] = sum(travelling)
    return grads


TRUNCATED = "ex05.rnn_backward_truncated"


@pytest.mark.parametrize("answer", [truncated_per_loss, truncated_by_age])
def test_right_but_different_truncations_pass(answer):
    assert_graded(TRUNCATED, answer)


@pytest.mark.parametrize("mistake, hint", [
    ("full", "k is ignored"),
    ("k + 1", "one step too far"),
    ("one cut", "the window belongs to EACH loss step"),
    ("last k losses only", "every loss counts"),
    ("no tanh'", "the tanh' factor is missing"),
    ("dx reversed", "dx[:, t] belongs to step t"),
    ("dh0 always", "dh0 gets a gradient only from the losses whose window reaches back"),
])
def test_wrong_truncations_fail_with_their_hint(mistake, hint):
    assert_graded(TRUNCATED, lambda *args: truncated_per_loss(*args, mistake=mistake), hint)


def test_full_bptt_passes_only_where_k_cuts_nothing():
    """Ignoring k is right exactly when k >= num_steps: the last property passes."""
    result = grade_answer(TRUNCATED, lambda *args: truncated_per_loss(*args, mistake="full"))
    assert result.properties[0].passed and result.properties[-1].passed
    assert not result.properties[2].passed, messages(result)


def test_the_reference_matches_stop_gradient_in_tensorflow():
    """Truncation as TensorFlow does it: each loss's sweep sees its window's states as
    functions of the weights and everything before as constants (tf.stop_gradient)."""
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(5)
    x, h0 = rng.normal(size=(2, 6, 3)), rng.uniform(-1, 1, size=(2, 4))
    kernel, recurrent_kernel = rng.normal(scale=0.5, size=(3, 4)), rng.normal(scale=0.5, size=(4, 4))
    bias, dh_seq, k = rng.normal(scale=0.5, size=4), rng.normal(size=(2, 6, 4)), 2
    variables = [tf.Variable(a) for a in (kernel, recurrent_kernel, bias)]
    h_seq = forward(x, h0, kernel, recurrent_kernel, bias)
    total = [np.zeros_like(a) for a in (kernel, recurrent_kernel, bias)]
    for s in range(6):
        first = max(0, s - k + 1)
        with tf.GradientTape() as tape:
            h = tf.constant(h0 if first == 0 else h_seq[:, first - 1])  # a constant: cut
            for t in range(first, s + 1):
                h = tf.tanh(x[:, t] @ variables[0] + h @ variables[1] + variables[2])
            loss = tf.reduce_sum(dh_seq[:, s] * h)
        total = [a + g.numpy() for a, g in zip(total, tape.gradient(loss, variables))]
    ours = truncated_per_loss(dh_seq, x, h0, kernel, recurrent_kernel, bias, k)
    for name, taped in zip(("dkernel", "drecurrent_kernel", "dbias"), total):
        np.testing.assert_allclose(ours[name], taped, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("answer, hint", [
    (lambda *args: tuple(truncated_per_loss(*args).values()),
     "return a dict of the five gradients"),
    (lambda *args: {k: v for k, v in truncated_per_loss(*args).items() if k != "dh0"},
     "return a dict of the five gradients"),
])
def test_an_answer_that_is_not_the_dict_says_so(answer, hint):
    assert_graded(TRUNCATED, answer, hint)


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
