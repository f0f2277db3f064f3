"""Exercise set ex07 (chapter 7, the LSTM): right answers pass however they are written,
typical mistakes fail with the hint written for them, and the grader's NumPy gradient is
the one TensorFlow computes (the promises every set keeps are in
``test_grading_contract.py``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from grading_helpers import assert_graded, messages
from rnn_course.grading import grade_answer

# --- 7.1 the gradient that reaches c_prev --------------------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def dc_prev_learner(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias, dh_t, dc_t, *,
                    mistake=None):
    """The step a learner writes: the forward pass, then back; ``mistake`` names a slip."""
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=1)
    if mistake == "i f o c":
        z_i, z_f, z_o, z_c = np.split(z, 4, axis=1)
    i, f, o = sigmoid(z_i), sigmoid(z_f), sigmoid(z_o)
    c_t = f * c_prev + i * np.tanh(z_c)
    h_t = o * np.tanh(c_t)
    slope = {"no slope": 1.0, "slope of h": 1 - h_t ** 2,
             "slope at c_prev": 1 - np.tanh(c_prev) ** 2}.get(mistake, 1 - np.tanh(c_t) ** 2)
    dc_total = dc_t + (0 if mistake == "cell path only" else dh_t * o * slope)
    return dc_total * (i if mistake == "input gate" else f)


def dc_prev_per_unit(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias, dh_t, dc_t):
    """Gate by gate, with float32 weights sliced per block."""
    units = h_prev.shape[1]
    blocks = [slice(n * units, (n + 1) * units) for n in range(4)]
    pre = [x_t @ kernel[:, b] + h_prev @ recurrent_kernel[:, b] + bias[b] for b in blocks]
    i, f, c_tilde, o = sigmoid(pre[0]), sigmoid(pre[1]), np.tanh(pre[2]), sigmoid(pre[3])
    c_t = (f * c_prev + i * c_tilde).astype(np.float32)
    return f * dc_t + f * dh_t * o / np.cosh(c_t) ** 2   # sech^2 = tanh'


GRADIENT = "ex07.cell_state_gradient"


@pytest.mark.parametrize("answer", [dc_prev_learner, dc_prev_per_unit])
def test_right_but_different_gradients_pass(answer):
    assert_graded(GRADIENT, answer)


@pytest.mark.parametrize("mistake, hint", [
    ("cell path only", "c_t reaches the loss two ways"),
    ("no slope", "needs tanh's slope at c_t"),
    ("slope at c_prev", "not at c_prev"),
    ("slope of h", "not 1 - h_t**2"),
    ("input gate", "multiply by f"),
    ("i f o c", "not i, f, o, c"),
])
def test_wrong_gradients_fail_with_their_hint(mistake, hint):
    assert_graded(GRADIENT, lambda *args: dc_prev_learner(*args, mistake=mistake), hint)


def test_the_reference_is_what_gradient_tape_computes():
    """dL/dc_prev of L = sum(dh_t * h_t + dc_t * c_t), through Keras' own LSTMCell."""
    tf = pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(7)
    batch_size, input_dim, units = 3, 4, 5
    x_t = rng.normal(size=(batch_size, input_dim)).astype(np.float32)
    h_prev = rng.uniform(-1, 1, size=(batch_size, units)).astype(np.float32)
    c_prev = tf.Variable(rng.normal(scale=1.5, size=(batch_size, units)).astype(np.float32))
    weights = [rng.normal(scale=0.5, size=s).astype(np.float32)
               for s in ((input_dim, 4 * units), (units, 4 * units), (4 * units,))]
    dh_t, dc_t = (rng.normal(size=(batch_size, units)).astype(np.float32) for _ in range(2))
    cell = keras.layers.LSTMCell(units)
    cell.build((None, input_dim))
    cell.set_weights(weights)
    with tf.GradientTape() as tape:
        h_t, (_, c_t) = cell(x_t, [h_prev, c_prev])
        loss = tf.reduce_sum(dh_t * h_t) + tf.reduce_sum(dc_t * c_t)
    taped = tape.gradient(loss, c_prev).numpy()
    np.testing.assert_allclose(dc_prev_learner(x_t, h_prev, c_prev.numpy(), *weights,
                                               dh_t, dc_t), taped, rtol=1e-4, atol=1e-5)
    assert_graded(GRADIENT, dc_prev_learner)


def test_the_paths_have_their_own_property():
    result = grade_answer(GRADIENT, lambda *args: dc_prev_learner(*args,
                                                                  mistake="cell path only"))
    paths = next(p for p in result.properties if p.name.startswith("each path"))
    assert not paths.passed and "two ways" in paths.message


# --- 7.2 the forget bias ----------------------------------------------------------------


def bias_learner(fraction, num_steps):
    gate = fraction ** (1 / num_steps)
    return math.log(gate / (1 - gate))


def bias_by_bisection(fraction, num_steps):
    """Search the bias until sigmoid(b) ** num_steps hits the fraction."""
    low, high = -50.0, 50.0
    for _ in range(200):
        middle = (low + high) / 2
        if sigmoid(middle) ** num_steps < fraction:
            low = middle
        else:
            high = middle
    return (low + high) / 2


BIAS = "ex07.forget_bias_for"


@pytest.mark.parametrize("answer", [bias_learner, bias_by_bisection,
                                    lambda p, n: -np.log(1 / p ** (1 / n) - 1)])
def test_right_biases_pass(answer):
    assert_graded(BIAS, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda p, n: math.log(p / (1 - p)), "keeps `fraction` after ONE step"),
    (lambda p, n: p ** (1 / n), "invert the sigmoid"),
    (lambda p, n: math.log(p ** (1 / n)), "not by log(f)"),
    (lambda p, n: -bias_learner(p, n), "large POSITIVE bias"),
])
def test_wrong_biases_fail_with_their_hint(answer, hint):
    assert_graded(BIAS, answer, hint)


def test_the_chapter_example_is_a_case():
    """0.97 ** 50 = 0.22 (chapter 7's "Try it"): the bias for 0.22 over 50 steps is near
    logit(0.97)."""
    assert abs(bias_learner(0.97 ** 50, 50) - math.log(0.97 / 0.03)) < 1e-9
    result = grade_answer(BIAS, lambda p, n: 3.4761)  # logit(0.97), for every case
    assert result.points < result.max_points, messages(result)
