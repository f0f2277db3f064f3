"""The NumPy LSTM and GRU (rnn_course.reference.gated) against Keras with copied weights."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.notebook import silence_tensorflow
from rnn_course.reference import (bidirectional_param_count, gru_cell_forward, gru_forward,
                                  gru_gates, gru_param_count, lstm_cell_forward,
                                  lstm_forward, lstm_gates, lstm_param_count)

TOLERANCE = 1e-5
# (batch_size, num_steps, input_dim, units): the smallest case, one example, long
# sequences, input_dim larger / smaller than / equal to units.
SHAPES = [(1, 1, 1, 1), (1, 3, 2, 4), (3, 60, 5, 8), (4, 7, 10, 3), (2, 5, 6, 6)]


@pytest.fixture(scope="module")
def keras():
    silence_tensorflow()  # before TensorFlow is imported, or its C++ logs reach stderr
    return pytest.importorskip("keras")


def random_weights(rng, input_dim, units, blocks, bias_shape, scale=0.5):
    return [rng.normal(scale=scale, size=(input_dim, blocks * units)).astype(np.float32),
            rng.normal(scale=scale, size=(units, blocks * units)).astype(np.float32),
            rng.normal(scale=scale, size=bias_shape).astype(np.float32)]


def random_sequence(rng, batch_size, num_steps, input_dim, units):
    x = rng.normal(size=(batch_size, num_steps, input_dim)).astype(np.float32)
    return x, [rng.normal(size=(batch_size, units)).astype(np.float32) for _ in range(2)]


def keras_layer(keras, layer, weights, input_dim, **kwargs):
    layer = layer(return_sequences=True, return_state=True, **kwargs)
    layer.build((None, None, input_dim))
    layer.set_weights(weights)
    return layer


@pytest.mark.parametrize("batch_size, num_steps, input_dim, units", SHAPES)
def test_lstm_matches_keras(keras, batch_size, num_steps, input_dim, units):
    rng = np.random.default_rng(num_steps + units)
    weights = random_weights(rng, input_dim, units, 4, (4 * units,))
    x, (h0, c0) = random_sequence(rng, batch_size, num_steps, input_dim, units)
    layer = keras_layer(keras, keras.layers.LSTM, weights, input_dim, units=units)
    h_keras, h_last, c_last = (np.asarray(a) for a in layer(x, initial_state=[h0, c0]))

    h_seq, c_seq = lstm_forward(x, h0, c0, *weights)
    assert h_seq.shape == c_seq.shape == (batch_size, num_steps, units)
    np.testing.assert_allclose(h_seq, h_keras, atol=TOLERANCE)
    np.testing.assert_allclose(c_seq[:, -1], c_last, atol=TOLERANCE)

    cell = keras.layers.LSTMCell(units)
    cell.build((None, input_dim))
    cell.set_weights(weights)
    h_cell, (_, c_cell) = cell(x[:, 0], [h0, c0])
    h1, c1 = lstm_cell_forward(x[:, 0], h0, c0, *weights)
    assert h1.shape == c1.shape == (batch_size, units)
    np.testing.assert_allclose(h1, np.asarray(h_cell), atol=TOLERANCE)
    np.testing.assert_allclose(c1, np.asarray(c_cell), atol=TOLERANCE)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("batch_size, num_steps, input_dim, units", SHAPES)
def test_gru_matches_keras(keras, batch_size, num_steps, input_dim, units, reset_after):
    rng = np.random.default_rng(num_steps * units)
    bias_shape = (2, 3 * units) if reset_after else (3 * units,)
    weights = random_weights(rng, input_dim, units, 3, bias_shape)
    x, (h0, _) = random_sequence(rng, batch_size, num_steps, input_dim, units)
    layer = keras_layer(keras, keras.layers.GRU, weights, input_dim, units=units,
                        reset_after=reset_after)
    h_keras, h_last = (np.asarray(a) for a in layer(x, initial_state=[h0]))

    h_seq = gru_forward(x, h0, *weights, reset_after=reset_after)
    assert h_seq.shape == (batch_size, num_steps, units)
    np.testing.assert_allclose(h_seq, h_keras, atol=TOLERANCE)
    np.testing.assert_allclose(h_seq[:, -1], h_last, atol=TOLERANCE)

    cell = keras.layers.GRUCell(units, reset_after=reset_after)
    cell.build((None, input_dim))
    cell.set_weights(weights)
    h_cell, _ = cell(x[:, 0], [h0])
    h1 = gru_cell_forward(x[:, 0], h0, *weights, reset_after=reset_after)
    np.testing.assert_allclose(h1, np.asarray(h_cell), atol=TOLERANCE)


def test_reset_after_changes_the_candidate():
    """The two conventions differ once the reset gate is not all ones (same weights)."""
    rng = np.random.default_rng(0)
    kernel, recurrent_kernel, bias = random_weights(rng, 3, 4, 3, (3 * 4,))
    x, (h0, _) = random_sequence(rng, 2, 5, 3, 4)
    before = gru_forward(x, h0, kernel, recurrent_kernel, bias, reset_after=False)
    after = gru_forward(x, h0, kernel, recurrent_kernel, np.stack([bias, 0 * bias]),
                        reset_after=True)
    assert not np.allclose(before, after, atol=1e-3)


def test_gates_are_in_range_and_consistent():
    rng = np.random.default_rng(1)
    x, _ = random_sequence(rng, 2, 9, 3, 5)
    lstm = lstm_gates(x, None, None, *random_weights(rng, 3, 5, 4, (20,)))
    assert set(lstm) == {"i", "f", "c_tilde", "o", "c", "h"}
    for name in ("i", "f", "o"):
        assert lstm[name].shape == (2, 9, 5) and np.all((lstm[name] > 0) & (lstm[name] < 1))
    c_prev = np.concatenate([np.zeros((2, 1, 5)), lstm["c"][:, :-1]], axis=1)
    np.testing.assert_allclose(lstm["c"], lstm["f"] * c_prev + lstm["i"] * lstm["c_tilde"],
                               rtol=1e-6)
    np.testing.assert_allclose(lstm["h"], lstm["o"] * np.tanh(lstm["c"]), rtol=1e-6)

    gru = gru_gates(x, None, *random_weights(rng, 3, 5, 3, (2, 15)))
    assert set(gru) == {"z", "r", "h_tilde", "h"}
    h_prev = np.concatenate([np.zeros((2, 1, 5)), gru["h"][:, :-1]], axis=1)
    np.testing.assert_allclose(gru["h"], gru["z"] * h_prev + (1 - gru["z"]) * gru["h_tilde"],
                               rtol=1e-6)


def test_open_forget_gate_keeps_the_cell_state():
    """Forget gate 1, input gate 0: c_t = c_{t-1}, the notes' "open means remember"."""
    units, big = 2, 50.0
    bias = np.concatenate([-big * np.ones(units), big * np.ones(units),  # i shut, f open
                           np.zeros(units), np.zeros(units)])
    kernel, recurrent_kernel = np.zeros((1, 4 * units)), np.zeros((units, 4 * units))
    c0 = np.array([[0.7, -0.3]])
    _, c_seq = lstm_forward(np.ones((1, 20, 1)), np.zeros((1, units)), c0,
                            kernel, recurrent_kernel, bias)
    np.testing.assert_allclose(c_seq[0, -1], c0[0], atol=1e-12)


@pytest.mark.parametrize("call, message", [
    (lambda: lstm_forward(np.zeros((1, 2, 3)), None, None, np.zeros((3, 7)),
                          np.zeros((2, 8)), np.zeros(8)), "kernel"),
    (lambda: lstm_forward(np.zeros((1, 2, 3)), None, None, np.zeros((3, 8)),
                          np.zeros((2, 8)), np.zeros(4)), "bias"),
    (lambda: lstm_cell_forward(np.zeros((1, 3)), np.zeros((2, 2)), np.zeros((1, 2)),
                               np.zeros((3, 8)), np.zeros((2, 8)), np.zeros(8)), "h_prev"),
    (lambda: gru_forward(np.zeros((1, 2, 3)), None, np.zeros((3, 6)), np.zeros((2, 6)),
                         np.zeros(6)), "bias"),
    (lambda: gru_cell_forward(np.zeros((1, 2, 3)), np.zeros((1, 2)), np.zeros((3, 6)),
                              np.zeros((2, 6)), np.zeros((2, 6))), "x_t"),
    (lambda: gru_forward(np.zeros((1, 0, 3)), None, np.zeros((3, 6)), np.zeros((2, 6)),
                         np.zeros((2, 6))), "num_steps"),
])
def test_wrong_shapes_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("input_dim, units", [(1, 1), (2, 32), (100, 64), (7, 3)])
def test_param_counts_match_keras(keras, input_dim, units):
    def count(layer):
        layer.build((None, None, input_dim))
        return layer.count_params()

    assert lstm_param_count(input_dim, units) == count(keras.layers.LSTM(units))
    for reset_after in (True, False):
        assert gru_param_count(input_dim, units, reset_after) == count(
            keras.layers.GRU(units, reset_after=reset_after))
    layers = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM,
              "gru": keras.layers.GRU}
    for name, layer in layers.items():
        for merge_mode in ("concat", "sum"):
            wrapped = keras.layers.Bidirectional(layer(units), merge_mode=merge_mode)
            assert bidirectional_param_count(name, input_dim, units) == count(wrapped)
    assert bidirectional_param_count("gru", input_dim, units, reset_after=False) == count(
        keras.layers.Bidirectional(keras.layers.GRU(units, reset_after=False)))
    with pytest.raises(ValueError, match="layer must be one of"):
        bidirectional_param_count("transformer", input_dim, units)
