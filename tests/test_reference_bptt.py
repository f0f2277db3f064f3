"""Backpropagation through time, clipping and Jacobian norms (rnn_course.reference.bptt)
against TensorFlow's automatic differentiation and finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.notebook import silence_tensorflow
from rnn_course.reference import (clip_by_global_norm, clip_by_norm, gradient_check,
                                  jacobian_norms, numerical_gradient, relative_error,
                                  rnn_backward, rnn_forward)

TOLERANCE = 1e-5
# (batch_size, num_steps, input_dim, units): B=1, T=1, H=1, and ordinary shapes.
SHAPES = [(1, 4, 3, 5), (3, 1, 2, 4), (2, 6, 3, 1), (1, 1, 1, 1), (4, 12, 5, 6)]
ACTIVATIONS = ["tanh", "relu", "sigmoid", "linear"]
PARAMETERS = ("kernel", "recurrent_kernel", "bias")


@pytest.fixture(scope="module")
def tf():
    silence_tensorflow()  # before TensorFlow is imported, or its C++ logs reach stderr
    return pytest.importorskip("tensorflow")


def problem(shape, seed=0, scale=0.5):
    """float64 inputs, initial state, weights and an upstream gradient dh_seq."""
    batch_size, num_steps, input_dim, units = shape
    rng = np.random.default_rng(seed)
    return {
        "x": rng.normal(size=(batch_size, num_steps, input_dim)),
        "h0": rng.normal(size=(batch_size, units)),
        "kernel": rng.normal(scale=scale, size=(input_dim, units)),
        "recurrent_kernel": rng.normal(scale=scale, size=(units, units)),
        "bias": rng.normal(scale=scale, size=units),
        "dh_seq": rng.normal(size=(batch_size, num_steps, units)),
    }


def tf_states(tf, x, h0, kernel, recurrent_kernel, bias, activation, stop_before=None):
    """The states h_1..h_T computed with TensorFlow ops, stacked (batch_size, T, units).

    ``stop_before=t`` stops the gradient of the state entering array step ``t``.
    """
    f = {"tanh": tf.tanh, "relu": tf.nn.relu, "sigmoid": tf.sigmoid,
         "linear": lambda z: z}[activation]
    h, states = h0, []
    for t in range(x.shape[1]):
        if t == stop_before:
            h = tf.stop_gradient(h)
        h = f(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        states.append(h)
    return tf.stack(states, axis=1)


def tape_gradients(tf, p, activation, stop_before=None):
    names = ("x", "h0") + PARAMETERS
    variables = {n: tf.Variable(p[n]) for n in names}
    with tf.GradientTape() as tape:
        h_seq = tf_states(tf, *(variables[n] for n in names), activation, stop_before)
        loss = tf.reduce_sum(h_seq * p["dh_seq"])  # so dL/dh_t = dh_seq[:, t]
    grads = tape.gradient(loss, [variables[n] for n in names])
    return {"d" + n: np.zeros_like(p[n]) if g is None else g.numpy()
            for n, g in zip(names, grads)}


def ours(p, activation, truncate=None):
    _, cache = rnn_forward(p["x"], p["h0"], *(p[n] for n in PARAMETERS), activation)
    return rnn_backward(p["dh_seq"], cache, truncate)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_rnn_backward_matches_gradient_tape(tf, shape, activation):
    p = problem(shape, seed=sum(shape))
    expected = tape_gradients(tf, p, activation)
    got = ours(p, activation)
    assert set(got) == set(expected) == {"dx", "dh0", "dkernel", "drecurrent_kernel", "dbias"}
    for name, value in got.items():
        assert value.shape == expected[name].shape, name
        assert relative_error(value, expected[name]) < TOLERANCE, name


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_rnn_backward_matches_finite_differences(shape):
    p = problem(shape, seed=len(shape) + shape[1])
    got = ours(p, "tanh")

    for name in ("x", "h0") + PARAMETERS:
        def loss(value, name=name):
            args = {n: p[n] for n in ("x", "h0") + PARAMETERS} | {name: value}
            h_seq, _ = rnn_forward(args["x"], args["h0"],
                                   *(args[n] for n in PARAMETERS), "tanh")
            return np.sum(h_seq * p["dh_seq"])

        assert gradient_check(loss, p[name], got["d" + name]) < TOLERANCE, name


def test_rnn_backward_matches_keras_simple_rnn_float32(tf):
    import keras

    p = problem((3, 7, 4, 5), seed=1)
    layer = keras.layers.SimpleRNN(5, return_sequences=True)
    layer.build((None, 7, 4))
    layer.set_weights([p[n].astype(np.float32) for n in PARAMETERS])
    x = tf.Variable(p["x"].astype(np.float32))
    h0 = tf.Variable(p["h0"].astype(np.float32))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x, initial_state=[h0]) * p["dh_seq"].astype(np.float32))
    dx, dh0, *dweights = tape.gradient(loss, [x, h0] + layer.trainable_weights)
    got = ours({n: v.astype(np.float32) for n, v in p.items()}, "tanh")
    for name, expected in zip(["dx", "dh0", "dkernel", "drecurrent_kernel", "dbias"],
                              [dx, dh0, *dweights]):
        assert got[name].dtype == np.float32
        assert relative_error(got[name], expected.numpy()) < 1e-4, name


@pytest.mark.parametrize("truncate", [1, 2, 5])
def test_truncated_bptt_loss_at_last_step_matches_stop_gradient(tf, truncate):
    p = problem((2, 8, 3, 4), seed=truncate)
    p["dh_seq"][:, :-1] = 0  # a loss on the last state only
    expected = tape_gradients(tf, p, "tanh", stop_before=8 - truncate)
    got = ours(p, "tanh", truncate=truncate)
    for name, value in got.items():
        assert relative_error(value, expected[name]) < TOLERANCE, name
    reached = np.abs(got["dx"]).max(axis=(0, 2)) > 0
    assert reached.tolist() == [False] * (8 - truncate) + [True] * truncate


def test_truncated_bptt_each_loss_reaches_k_steps_back():
    shape = (2, 9, 3, 4)
    p = problem(shape, seed=4)
    for s in range(9):  # one loss term at a time, then all at once: sums must agree
        one = dict(p, dh_seq=np.where(np.arange(9)[None, :, None] == s, p["dh_seq"], 0))
        reached = np.abs(ours(one, "tanh", truncate=3)["dx"]).max(axis=(0, 2)) > 0
        assert np.flatnonzero(reached).tolist() == list(range(max(0, s - 2), s + 1))
    full, long_truncation = ours(p, "tanh"), ours(p, "tanh", truncate=9)
    for name in full:
        np.testing.assert_allclose(long_truncation[name], full[name], rtol=1e-12, atol=1e-12)


def test_rnn_backward_refuses_bad_input():
    p = problem((2, 3, 2, 4))
    _, cache = rnn_forward(p["x"], p["h0"], *(p[n] for n in PARAMETERS))
    with pytest.raises(ValueError, match="shape of the states"):
        rnn_backward(p["dh_seq"][:, :2], cache)
    with pytest.raises(ValueError, match="truncate"):
        rnn_backward(p["dh_seq"], cache, truncate=0)


@pytest.mark.parametrize("scale", [0.0, 0.1, 1.0, 30.0])
def test_clip_by_global_norm_matches_tensorflow(tf, scale):
    rng = np.random.default_rng(7)
    grads = [scale * rng.normal(size=s).astype(np.float32) for s in [(3, 4), (4, 4), (4,)]]
    expected, expected_norm = tf.clip_by_global_norm(grads, 5.0)
    clipped, global_norm = clip_by_global_norm(grads, 5.0)
    assert global_norm == pytest.approx(float(expected_norm), rel=1e-6)
    for got, want, original in zip(clipped, expected, grads):
        assert got.shape == original.shape and got.dtype == original.dtype
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-6, atol=1e-7)
    if global_norm <= 5.0:  # zero and small gradients come back unchanged
        for got, original in zip(clipped, grads):
            np.testing.assert_array_equal(got, original)
    else:
        new_norm = np.sqrt(sum(np.sum(g.astype(np.float64) ** 2) for g in clipped))
        assert new_norm == pytest.approx(5.0, rel=1e-6)


def test_clip_by_global_norm_of_infinity_is_nan_like_tensorflow(tf):
    grads = [np.array([np.inf, 1.0], dtype=np.float32), np.ones(3, dtype=np.float32)]
    expected, _ = tf.clip_by_global_norm(grads, 1.0)
    clipped, global_norm = clip_by_global_norm(grads, 1.0)
    assert global_norm == np.inf
    assert all(np.isnan(g).all() for g in clipped)
    assert all(np.isnan(w.numpy()).all() for w in expected)
    with pytest.raises(ValueError, match="positive"):
        clip_by_global_norm(grads, 0.0)


@pytest.mark.parametrize("scale", [0.0, 0.1, 10.0])
def test_clip_by_norm_matches_tensorflow(tf, scale):
    grad = scale * np.random.default_rng(3).normal(size=(5, 3))
    np.testing.assert_allclose(clip_by_norm(grad, 1.0),
                               tf.clip_by_norm(grad, 1.0).numpy(), rtol=1e-12)


def test_numerical_gradient_and_check_on_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2,
                               rtol=1e-8)
    assert gradient_check(lambda v: np.sum(v**3), x, 3 * x**2) < 1e-8
    assert gradient_check(lambda v: np.sum(v**3), x, 2 * x**2) > 0.1  # a wrong gradient
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
@pytest.mark.parametrize("shape", [(1, 1, 1, 1), (2, 9, 3, 5), (1, 20, 2, 8)], ids=str)
def test_jacobian_norms_match_autodiff(tf, shape, activation):
    batch_size, num_steps, input_dim, units = shape
    p = problem(shape, seed=num_steps, scale=0.6)
    args = [p[n] for n in ("x", "h0") + PARAMETERS]
    got = jacobian_norms(*args, activation=activation)
    assert got.shape == (batch_size, num_steps + 1)

    h0 = tf.constant(p["h0"])
    f = {"tanh": tf.tanh, "relu": tf.nn.relu, "linear": lambda z: z}[activation]
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(h0)
        states = [h0]
        for t in range(num_steps):
            states.append(f(p["x"][:, t] @ p["kernel"] + states[-1] @ p["recurrent_kernel"]
                            + p["bias"]))
    for distance in range(num_steps + 1):
        jac = tape.batch_jacobian(states[-1], states[num_steps - distance],
                                  experimental_use_pfor=False).numpy()
        expected = np.linalg.norm(jac, ord=2, axis=(1, 2))  # (batch_size, units, units)
        np.testing.assert_allclose(got[:, distance], expected, rtol=1e-8, atol=1e-12)


def test_jacobian_norms_of_a_linear_orthogonal_network_stay_at_the_scale_power():
    q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(6, 6)))
    norms = jacobian_norms(np.zeros((1, 15, 1)), None, np.zeros((1, 6)), 0.9 * q,
                           np.zeros(6), activation="linear")
    np.testing.assert_allclose(norms[0], 0.9 ** np.arange(16), rtol=1e-10)
