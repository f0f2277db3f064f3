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


# --- 8.1 one step of the GRU, reset_after=False -------------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias, *, mistake=None):
    """The step a learner writes; ``mistake`` names one typical slip (None: right)."""
    units = h_prev.shape[1]
    x_z, x_r, x_h = np.split(x_t @ kernel + bias, 3, axis=1)
    U_z, U_r, U_h = np.split(recurrent_kernel, 3, axis=1)
    if mistake == "r z h":
        x_r, x_z, x_h = np.split(x_t @ kernel + bias, 3, axis=1)
        U_r, U_z, U_h = np.split(recurrent_kernel, 3, axis=1)
    z, r = sigmoid(x_z + h_prev @ U_z), sigmoid(x_r + h_prev @ U_r)
    if mistake == "reset after":  # chapter 8's form, with one bias
        h_tilde = np.tanh(x_h + r * (h_prev @ U_h))
    else:
        h_tilde = (sigmoid if mistake == "sigmoid candidate" else np.tanh)(
            x_h + (r * h_prev) @ U_h)
    if mistake == "swapped update":
        return (1 - z) * h_prev + z * h_tilde
    assert units == z.shape[1]
    return z * h_prev + (1 - z) * h_tilde


def gru_full_width(x_t, h_prev, kernel, recurrent_kernel, bias):
    """Gates from the full-width products, the candidate's product on its own, float32."""
    x_t, h_prev, kernel, recurrent_kernel, bias = (
        a.astype(np.float32) for a in (x_t, h_prev, kernel, recurrent_kernel, bias))
    units = h_prev.shape[1]
    gates = sigmoid(x_t @ kernel[:, :2 * units] + bias[:2 * units]
                    + h_prev @ recurrent_kernel[:, :2 * units])
    z, r = gates[:, :units], gates[:, units:]
    h_tilde = np.tanh(x_t @ kernel[:, 2 * units:] + bias[2 * units:]
                      + (r * h_prev) @ recurrent_kernel[:, 2 * units:])
    return h_tilde + z * (h_prev - h_tilde)  # the same update, rearranged


def chapter_gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    """Chapter 8's gru_step copied as it is (reset_after=True, bias rows 0 and 1)."""
    x_z, x_r, x_h = np.split(x_t @ kernel + bias[0], 3, axis=1)
    u_z, u_r, u_h = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=1)
    z, r = sigmoid(x_z + u_z), sigmoid(x_r + u_r)
    return z * h_prev + (1 - z) * np.tanh(x_h + r * u_h)


QUESTION = "ex08.gru_cell_forward_reset_before"


@pytest.mark.parametrize("answer", [gru_step, gru_full_width])
def test_right_but_different_gru_steps_pass(answer):
    assert_graded(QUESTION, answer)


@pytest.mark.parametrize("answer, hint", [
    (chapter_gru_step, "chapter 8's code for reset_after=True"),
    (lambda *args: gru_step(*args, mistake="reset after"), "acts BEFORE the product"),
    (lambda *args: gru_step(*args, mistake="swapped update"), "the update is swapped"),
    (lambda *args: gru_step(*args, mistake="r z h"), "not r, z, h"),
    (lambda *args: gru_step(*args, mistake="sigmoid candidate"), "the candidate h~ uses tanh"),
])
def test_wrong_gru_steps_fail_with_their_hint(answer, hint):
    assert_graded(QUESTION, answer, hint)


def test_the_reset_convention_has_its_own_property():
    result = grade_answer(QUESTION, lambda *args: gru_step(*args, mistake="reset after"))
    reset = next(p for p in result.properties if p.name.startswith("the reset gate"))
    assert not reset.passed and "BEFORE the product" in reset.message


def test_the_reference_is_keras_with_reset_after_false():
    """Keras' GRUCell(reset_after=False) computes what the grader expects."""
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    x_t, h_prev = rng.normal(size=(3, 4)), rng.uniform(-1, 1, size=(3, 5))
    weights = [rng.normal(scale=0.5, size=s) for s in ((4, 15), (5, 15), (15,))]
    cell = keras.layers.GRUCell(5, reset_after=False)
    cell.build((None, 4))
    cell.set_weights(weights)
    keras_h = np.asarray(cell(x_t.astype(np.float32), [h_prev.astype(np.float32)])[0])
    np.testing.assert_allclose(keras_h, gru_step(x_t, h_prev, *weights), rtol=1e-4, atol=1e-5)
    assert_graded(QUESTION, lambda *args: gru_step(*args))


# --- 8.3 the parameters of a bidirectional stack -----------------------------------------


def count_gru(input_dim, units, reset_after=True):
    bias = (2, 3 * units) if reset_after else (3 * units,)
    shapes = [(input_dim, 3 * units), (units, 3 * units), bias]
    return sum(int(np.prod(s)) for s in shapes)


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


# --- 8.4 a model that sees the future, measured ------------------------------------------


def window_sums(x):
    """What a perfect model predicts: the sum of steps t-2 .. t+2 (0 outside)."""
    padded = np.pad(x, ((0, 0), (2, 2), (0, 0)))
    return sum(padded[:, s:s + x.shape[1]] for s in range(5))


def causal_best(x):
    """What the best left-to-right model predicts: the seen values plus 1/2 per unseen one."""
    padded = np.pad(x, ((0, 0), (2, 0), (0, 0)))
    past = sum(padded[:, s:s + x.shape[1]] for s in range(3))
    unseen = np.minimum(2, x.shape[1] - 1 - np.arange(x.shape[1]))
    return past + 0.5 * unseen[None, :, None]


def noisy(predict, scale, seed=0):
    """A trained model's predictions: ``predict`` plus an error of up to ``scale``."""
    rng = np.random.default_rng(seed)
    return lambda x: predict(x) + rng.uniform(-scale, scale, size=x.shape)


def only_20_steps(x):
    if x.shape[1] != 20:
        raise ValueError('Input 0 of layer "functional" is incompatible with the layer: '
                         f'expected shape=(None, 20, 1), found shape={x.shape}')
    return window_sums(x)


WINDOW = "ex08.predict_window_sum"


def test_a_model_close_to_the_window_sum_passes():
    assert_graded(WINDOW, noisy(window_sums, 0.2))


def test_a_model_off_by_more_than_the_tolerance_fails():
    result = grade_answer(WINDOW, noisy(window_sums, 0.6))
    assert result.points < result.max_points


def test_a_one_way_model_is_told_to_look_ahead():
    result = assert_graded(WINDOW, noisy(causal_best, 0.1), "keras.layers.Bidirectional")
    assert result.points == 0, messages(result)


def test_a_model_built_for_20_steps_only_loses_the_other_lengths():
    result = assert_graded(WINDOW, only_20_steps, "keras.Input(shape=(None, 1))")
    assert [p.passed for p in result.properties] == [True, False, True]


@pytest.mark.parametrize("error", [NameError("name 'model' is not defined"),
                                   AttributeError("'NoneType' object has no attribute 'predict'")])
def test_a_model_that_was_never_trained_is_named(error):
    def untrained(x):
        raise error
    assert_graded(WINDOW, untrained, "there is no trained model")


def test_one_value_per_step_is_required():
    assert_graded(WINDOW, lambda x: window_sums(x)[:, -1], "shape")
