"""The NumPy simple RNN (rnn_course.reference.rnn) against Keras' SimpleRNNCell/SimpleRNN."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.notebook import silence_tensorflow
from rnn_course.reference import (RNNCache, rnn_cell_forward, rnn_forward,
                                  simple_rnn_param_count)

TOLERANCE = 1e-5
# (batch_size, num_steps, input_dim, units): one example, long sequences,
# input_dim larger / smaller than units, input_dim == units.
SHAPES = [(1, 3, 2, 4), (3, 60, 5, 8), (4, 7, 10, 3), (2, 5, 6, 6)]


@pytest.fixture(scope="module")
def keras():
    silence_tensorflow()  # before TensorFlow is imported, or its C++ logs reach stderr
    return pytest.importorskip("keras")


def random_weights(rng, input_dim, units, scale=0.5):
    return (rng.normal(scale=scale, size=(input_dim, units)).astype(np.float32),
            rng.normal(scale=scale, size=(units, units)).astype(np.float32),
            rng.normal(scale=scale, size=units).astype(np.float32))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("batch_size, num_steps, input_dim, units", SHAPES)
def test_cell_matches_keras_simple_rnn_cell(keras, batch_size, num_steps, input_dim, units,
                                            activation):
    rng = np.random.default_rng(units)
    weights = random_weights(rng, input_dim, units)
    x_t = rng.normal(size=(batch_size, input_dim)).astype(np.float32)
    h_prev = rng.normal(size=(batch_size, units)).astype(np.float32)
    cell = keras.layers.SimpleRNNCell(units, activation=activation)
    cell.build((None, input_dim))
    cell.set_weights(list(weights))
    output, states = cell(x_t, [h_prev])
    ours = rnn_cell_forward(x_t, h_prev, *weights, activation=activation)
    assert ours.shape == (batch_size, units)
    np.testing.assert_allclose(ours, np.asarray(output), atol=TOLERANCE)
    np.testing.assert_allclose(ours, np.asarray(states[0]), atol=TOLERANCE)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("batch_size, num_steps, input_dim, units", SHAPES)
def test_forward_matches_keras_simple_rnn(keras, batch_size, num_steps, input_dim, units,
                                          activation):
    rng = np.random.default_rng(num_steps)
    # relu states can grow without bound: smaller weights keep long sequences finite.
    weights = random_weights(rng, input_dim, units, scale=0.5 if activation == "tanh" else 0.2)
    x = rng.normal(size=(batch_size, num_steps, input_dim)).astype(np.float32)
    h0 = rng.normal(size=(batch_size, units)).astype(np.float32)
    layer = keras.layers.SimpleRNN(units, activation=activation, return_sequences=True)
    layer.build((None, num_steps, input_dim))
    layer.set_weights(list(weights))
    h_seq, cache = rnn_forward(x, h0, *weights, activation=activation)
    assert h_seq.shape == (batch_size, num_steps, units)
    np.testing.assert_allclose(h_seq, np.asarray(layer(x, initial_state=[h0])),
                               rtol=TOLERANCE, atol=TOLERANCE)
    np.testing.assert_allclose(h_seq[:, -1], np.asarray(
        keras.layers.RNN(layer.cell)(x, initial_state=[h0])), rtol=TOLERANCE, atol=TOLERANCE)
    assert isinstance(cache, RNNCache)


def test_zero_initial_state_by_default(keras):
    rng = np.random.default_rng(0)
    weights = random_weights(rng, 3, 4)
    x = rng.normal(size=(2, 6, 3)).astype(np.float32)
    layer = keras.layers.SimpleRNN(4)
    layer.build((None, 6, 3))
    layer.set_weights(list(weights))
    h_seq, _ = rnn_forward(x, None, *weights)
    np.testing.assert_allclose(h_seq[:, -1], np.asarray(layer(x)), atol=TOLERANCE)


@pytest.mark.parametrize("input_dim, units", [(100, 64), (64, 64), (1, 1), (3, 7)])
def test_param_count_matches_keras(keras, input_dim, units):
    layer = keras.layers.SimpleRNN(units)
    layer.build((None, 5, input_dim))
    assert simple_rnn_param_count(input_dim, units) == layer.count_params()


def test_forward_is_the_cell_applied_step_by_step():
    rng = np.random.default_rng(1)
    weights = random_weights(rng, 2, 3)
    x = rng.normal(size=(4, 5, 2))
    h_seq, _ = rnn_forward(x, np.zeros((4, 3)), *weights)
    h = np.zeros((4, 3))
    for t in range(5):
        h = rnn_cell_forward(x[:, t], h, *weights)
        np.testing.assert_allclose(h_seq[:, t], h)


def test_cache_holds_what_backpropagation_needs():
    rng = np.random.default_rng(2)
    weights = random_weights(rng, 2, 3)
    x, h0 = rng.normal(size=(4, 5, 2)), rng.normal(size=(4, 3))
    h_seq, cache = rnn_forward(x, h0, *weights)
    np.testing.assert_array_equal(cache.x, x)
    np.testing.assert_array_equal(cache.h0, h0)
    np.testing.assert_array_equal(cache.h_seq, h_seq)
    assert cache.pre_activations.shape == cache.h_prev.shape == (4, 5, 3)
    np.testing.assert_allclose(np.tanh(cache.pre_activations), h_seq)
    np.testing.assert_array_equal(cache.h_prev[:, 0], h0)
    np.testing.assert_array_equal(cache.h_prev[:, 1:], h_seq[:, :-1])
    expected_z = x @ weights[0] + cache.h_prev @ weights[1] + weights[2]
    np.testing.assert_allclose(cache.pre_activations, expected_z, rtol=1e-6, atol=1e-6)
    assert cache.activation == "tanh"
    for name, weight in zip(("kernel", "recurrent_kernel", "bias"), weights):
        np.testing.assert_array_equal(getattr(cache, name), weight)


@pytest.mark.parametrize("activation, expected", [
    ("linear", [[-1.0, 2.0]]), ("relu", [[0.0, 2.0]]),
    ("tanh", np.tanh([[-1.0, 2.0]])), ("sigmoid", 1 / (1 + np.exp([[1.0, -2.0]])))])
def test_activations_on_a_known_case(activation, expected):
    # Identity kernel and zero state: the pre-activation is the input itself.
    h = rnn_cell_forward([[-1.0, 2.0]], np.zeros((1, 2)), np.eye(2), np.zeros((2, 2)),
                         np.zeros(2), activation=activation)
    np.testing.assert_allclose(h, expected)


@pytest.mark.parametrize("args, message", [
    (((1, 3), (1, 4), (2, 4), (4, 4), (4,)), "x_t must have shape"),
    (((3,), (1, 4), (3, 4), (4, 4), (4,)), "x_t must have shape"),
    (((1, 3), (2, 4), (3, 4), (4, 4), (4,)), "h_prev must have shape"),
    (((1, 3), (1, 4), (3, 4), (4, 3), (4,)), "recurrent_kernel must have shape"),
    (((1, 3), (1, 4), (3, 4), (4, 4), (3,)), "bias must have shape"),
    (((1, 3), (1, 4), (12,), (4, 4), (4,)), "kernel must have shape"),
])
def test_cell_rejects_wrong_shapes(args, message):
    with pytest.raises(ValueError, match=message):
        rnn_cell_forward(*(np.zeros(shape) for shape in args))


@pytest.mark.parametrize("x_shape, h0_shape, message", [
    ((2, 5), (2, 4), "x must have shape"),
    ((2, 5, 2), (2, 4), "x must have shape"),
    ((2, 0, 3), (2, 4), "at least one step"),
    ((2, 5, 3), (4,), "h0 must have shape"),
])
def test_forward_rejects_wrong_shapes(x_shape, h0_shape, message):
    with pytest.raises(ValueError, match=message):
        rnn_forward(np.zeros(x_shape), np.zeros(h0_shape), np.zeros((3, 4)),
                    np.zeros((4, 4)), np.zeros(4))


def test_unknown_activation_is_rejected():
    with pytest.raises(ValueError, match="activation must be one of"):
        rnn_cell_forward(np.zeros((1, 2)), np.zeros((1, 2)), np.eye(2), np.eye(2),
                         np.zeros(2), activation="softmax")
