"""Exercise set ex08 (chapter 8: GRU, bidirectional and deep layers): right answers pass
however they are written, typical mistakes fail with the hint written for them, and the
grader's Keras-free reference counts and shapes agree with Keras (the promises every set
keeps are in ``test_grading_contract.py``).

Only the Keras test imports TensorFlow, in this process, through a module fixture.
"""

from __future__ import annotations

import numpy as np
import pytest

from grading_helpers import assert_graded, messages
from rnn_course.grading import grade_answer
from rnn_course.grading.status import Status
from rnn_course.reference import (bidirectional_stack_output_shapes,
                                  bidirectional_stack_param_count)


# --- 8.1 one step of the GRU --------------------------------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias, *, mistake=None):
    """The step a learner writes; ``mistake`` names one typical slip (None: right)."""
    units = h_prev.shape[1]
    x_z, x_r, x_h = np.split(x_t @ kernel + bias[0], 3, axis=1)
    u_z, u_r, u_h = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=1)
    if mistake == "r z h":
        x_r, x_z, x_h = np.split(x_t @ kernel + bias[0], 3, axis=1)
        u_r, u_z, u_h = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=1)
    z, r = sigmoid(x_z + u_z), sigmoid(x_r + u_r)
    if mistake == "reset before":  # the textbook GRU, with both biases added
        u_h = (r * h_prev) @ recurrent_kernel[:, 2 * units:] + bias[1, 2 * units:]
        h_tilde = np.tanh(x_h + u_h)
    else:
        h_tilde = (sigmoid if mistake == "sigmoid candidate" else np.tanh)(x_h + r * u_h)
    if mistake == "swapped update":
        return (1 - z) * h_prev + z * h_tilde
    return z * h_prev + (1 - z) * h_tilde


def gru_per_gate(x_t, h_prev, kernel, recurrent_kernel, bias):
    """Separate W, U and biases per block, sliced out first, in float32."""
    x_t, h_prev, kernel, recurrent_kernel, bias = (
        a.astype(np.float32) for a in (x_t, h_prev, kernel, recurrent_kernel, bias))
    W_z, W_r, W_h = np.split(kernel, 3, axis=1)
    U_z, U_r, U_h = np.split(recurrent_kernel, 3, axis=1)
    (b_z, b_r, b_h), (c_z, c_r, c_h) = np.split(bias[0], 3), np.split(bias[1], 3)
    z = sigmoid(x_t @ W_z + b_z + h_prev @ U_z + c_z)
    r = sigmoid(x_t @ W_r + b_r + h_prev @ U_r + c_r)
    h_tilde = np.tanh(x_t @ W_h + b_h + r * (h_prev @ U_h + c_h))
    return h_tilde + z * (h_prev - h_tilde)  # the same update, rearranged


@pytest.mark.parametrize("answer", [gru_step, gru_per_gate])
def test_right_but_different_gru_steps_pass(answer):
    assert_graded("ex08.gru_cell_forward", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("reset before", "applies the reset gate AFTER the recurrent product"),
    ("swapped update", "the update is swapped"),
    ("r z h", "not r, z, h"),
    ("sigmoid candidate", "the candidate h~ uses tanh"),
])
def test_wrong_gru_steps_fail_with_their_hint(mistake, hint):
    assert_graded("ex08.gru_cell_forward",
                  lambda *args: gru_step(*args, mistake=mistake), hint)


def test_a_bias_added_whole_raises_with_a_hint_on_its_rows():
    result = grade_answer("ex08.gru_cell_forward",
                          lambda x, h, k, r, b: np.tanh(x @ k + h @ r + b)[:, :h.shape[1]])
    assert result.status == Status.FAILED
    assert "bias has two rows, (2, 3 * units)" in messages(result)


def test_the_reset_after_convention_has_its_own_property():
    result = grade_answer("ex08.gru_cell_forward",
                  lambda *args: gru_step(*args, mistake="reset before"))
    reset = next(p for p in result.properties if p.name.startswith("the reset gate"))
    assert not reset.passed and "AFTER the recurrent product" in reset.message


# --- 8.2 the GRU's parameter count ---------------------------------------------------------


def count_gru(input_dim, units, reset_after=True):
    bias = (2, 3 * units) if reset_after else (3 * units,)
    shapes = [(input_dim, 3 * units), (units, 3 * units), bias]
    return sum(int(np.prod(s)) for s in shapes)


@pytest.mark.parametrize("answer", [count_gru,
                                   lambda d, u, after: 3 * u * (d + u + 1 + int(after))])
def test_right_gru_counts_pass(answer):
    assert_graded("ex08.count_gru_params", answer)


@pytest.mark.parametrize("answer, hint, failing", [
    (lambda d, u, after: 3 * (u * (d + u) + u), "each block has two biases", [0]),
    (lambda d, u, after: 3 * (u * (d + u) + 2 * u), "one bias per block", [1]),
    (lambda d, u, after: 4 * (u * (d + u) + u), "not four like the LSTM", [0, 1]),
    (lambda d, u, after: 3 * u * (d + u), "the biases are missing", [0, 1]),
])
def test_wrong_gru_counts_fail_with_their_hint(answer, hint, failing):
    result = assert_graded("ex08.count_gru_params", answer, hint)
    assert [i for i, p in enumerate(result.properties) if not p.passed] == failing


# --- 8.3 the parameters of a bidirectional stack -----------------------------------------


def one_direction(layer, d, u):
    return 4 * (u * (d + u) + u) if layer == "lstm" else count_gru(d, u)


def stack_count(layer, input_dim, units_per_layer, merge_modes, *, mistake=None):
    """The count a learner writes; ``mistake`` names one typical slip (None: right)."""
    total, features = 0, input_dim
    for units, mode in zip(units_per_layer, merge_modes):
        count = one_direction(layer, features, units)
        if mistake == "gru bias once" and layer == "gru":
            count = count_gru(features, units, reset_after=False)
        total += count if mistake == "not doubled" else 2 * count
        if mistake == "concat ignored":
            features = units
        elif mistake == "always input_dim":
            features = input_dim
        else:
            features = units * (2 if mode == "concat" else 1)
    return total


def stack_count_vectorised(layer, input_dim, units_per_layer, merge_modes):
    units = np.array(units_per_layer)
    widths = units * np.where(np.array(merge_modes) == "concat", 2, 1)
    inputs = np.concatenate([[input_dim], widths[:-1]])
    blocks, biases = (4, 1) if layer == "lstm" else (3, 2)
    return int((2 * blocks * (units * (inputs + units) + biases * units)).sum())


@pytest.mark.parametrize("answer", [stack_count, stack_count_vectorised])
def test_right_stack_counts_pass(answer):
    assert_graded("ex08.count_bidirectional_params", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("not doubled", "count each layer twice"),
    ("concat ignored", "2 * units features, not units"),
    ("always input_dim", "only the first layer reads input_dim"),
    ("gru bias once", "two biases per block"),
])
def test_wrong_stack_counts_fail_with_their_hint(mistake, hint):
    assert_graded("ex08.count_bidirectional_params",
                  lambda *args: stack_count(*args, mistake=mistake), hint)


# --- 8.4 the output shapes of a bidirectional stack --------------------------------------


def stack_shapes(batch_size, num_steps, units_per_layer, merge_modes, return_sequences, *,
                 mistake=None):
    """The shapes a learner writes; ``mistake`` names one typical slip (None: right)."""
    shapes = []
    for position, (units, mode) in enumerate(zip(units_per_layer, merge_modes)):
        width = 2 * units if mode == "concat" and mistake != "concat not doubled" else units
        last = position == len(units_per_layer) - 1
        keeps_time = return_sequences if (last or mistake == "all follow the last") else True
        batch = None if mistake == "None batch" else batch_size
        shapes.append((batch, num_steps, width) if keeps_time else (batch, width))
    if mistake == "last layer only":
        return shapes[-1:]
    return shapes[-1] if mistake == "last shape only" else shapes


@pytest.mark.parametrize("answer", [
    stack_shapes,
    lambda *args: [list(s) for s in stack_shapes(*args)],
    lambda *args: [np.array(s) for s in stack_shapes(*args)],
    lambda *args: tuple(stack_shapes(*args)),
])
def test_right_shapes_pass_as_tuples_lists_or_arrays(answer):
    assert_graded("ex08.bidirectional_stack_shapes", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("concat not doubled", "puts the two directions side by side: 2 * units"),
    ("all follow the last", "every layer but the last returns its whole sequence"),
    ("None batch", "use batch_size, not None"),
    ("last shape only", "return a list with one shape per layer"),
    ("last layer only", "not only the last layer's"),
])
def test_wrong_shapes_fail_with_their_hint(mistake, hint):
    assert_graded("ex08.bidirectional_stack_shapes",
                  lambda *args: stack_shapes(*args, mistake=mistake), hint)


@pytest.mark.parametrize("stub, status", [
    (lambda *args: ..., Status.NOT_ATTEMPTED),
    (lambda *args: stack_shapes(*args)[:-1], Status.FAILED),
])
def test_the_shape_driver_passes_the_stub_on_and_judges_missing_layers(stub, status):
    result = grade_answer("ex08.bidirectional_stack_shapes", stub)
    assert result.status == status, messages(result)


# --- the references against Keras, once -------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    import keras  # in requirements.txt: missing, the tests fail (never skip)

    return keras


STACKS = [  # layer, batch_size, num_steps, input_dim, units_per_layer, merge_modes, last
    ("lstm", 4, 10, 5, [8], ["concat"], False),
    ("gru", 3, 7, 10, [32], ["sum"], True),
    ("lstm", 4, 10, 5, [8, 4], ["concat", "sum"], False),
    ("gru", 2, 6, 3, [5, 7, 4], ["ave", "concat", "mul"], True),
    ("lstm", 1, 3, 9, [6, 6, 2, 3], ["mul", "concat", "concat", "ave"], False),
]


@pytest.mark.parametrize("layer, batch_size, num_steps, input_dim, units, modes, last", STACKS)
def test_reference_shapes_and_counts_match_keras(keras, layer, batch_size, num_steps,
                                                 input_dim, units, modes, last):
    recurrent = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[layer]
    layers = [keras.layers.Bidirectional(
        recurrent(u, return_sequences=(i < len(units) - 1) or last), merge_mode=m)
        for i, (u, m) in enumerate(zip(units, modes))]
    model = keras.Sequential([keras.Input(shape=(num_steps, input_dim),
                                          batch_size=batch_size), *layers])
    assert [tuple(lay.output.shape) for lay in model.layers] == \
        bidirectional_stack_output_shapes(batch_size, num_steps, units, modes, last)
    assert model.count_params() == bidirectional_stack_param_count(layer, input_dim, units,
                                                                   modes)
