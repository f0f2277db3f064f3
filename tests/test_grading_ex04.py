"""Exercise set ex04 (chapter 4, the RNN cell): right answers pass however they are written,
and typical mistakes fail with the hint written for them (the promises every set keeps are
in ``test_grading_contract.py``).

Only the Keras tests import TensorFlow, in this process, through a module fixture.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from grading_helpers import assert_graded, messages
from rnn_course.grading import grade_answer, registry
from rnn_course.grading.status import Status
from rnn_course.reference import rnn_cell_forward, simple_rnn_param_count


def test_encoder_reference_is_the_chapters_count():
    reference = registry.question("ex04.build_encoder").reference
    assert reference(80, 100, 64).tolist() == [18_816, 64]
    assert 18_816 == simple_rnn_param_count(100, 64) + simple_rnn_param_count(64, 64)


# --- 4.1 the cell ------------------------------------------------------------------------


def cell_per_example(x_t, h_prev, kernel, recurrent_kernel, bias):
    """One example at a time, with np.dot on vectors."""
    return np.array([np.tanh(np.dot(x, kernel) + np.dot(h, recurrent_kernel) + bias)
                     for x, h in zip(x_t, h_prev)])


def cell_column_vectors(x_t, h_prev, kernel, recurrent_kernel, bias):
    """A textbook's W x, computed on columns and turned back into rows."""
    z = kernel.T @ x_t.T + recurrent_kernel.T @ h_prev.T + bias[:, None]  # (units, batch)
    return np.tanh(z).T


CELL_RIGHT = [
    cell_per_example,
    cell_column_vectors,
    lambda x, h, k, r, b: np.tanh(np.einsum("bi,iu->bu", x, k) + np.einsum("bu,uv->bv", h, r)
                                  + b),
    lambda x, h, k, r, b: np.tanh(np.concatenate([x, h], axis=1) @ np.concatenate([k, r]) + b),
    lambda x, h, k, r, b: np.tanh(x.astype(np.float32) @ k.astype(np.float32)
                                  + h.astype(np.float32) @ r.astype(np.float32)
                                  + b.astype(np.float32)),
]


@pytest.mark.parametrize("answer", CELL_RIGHT)
def test_right_but_different_cells_pass(answer):
    assert_graded("ex04.rnn_cell_forward", answer)


CELL_WRONG = [
    (lambda x, h, k, r, b: x @ k + h @ r + b, "missing tanh"),
    (lambda x, h, k, r, b: np.tanh(x * k + h * r + b), "`*` multiplies element by element"),
    (lambda x, h, k, r, b: np.tanh(x @ k.T + h @ r + b), "transposed kernel"),
    (lambda x, h, k, r, b: np.tanh(x @ k + h @ r.T + b), "transposed recurrent kernel"),
    (lambda x, h, k, r, b: np.tanh(x @ k.T + h @ r.T + b), "transposed weights"),
    (lambda x, h, k, r, b: np.tanh(x @ r + h @ k + b), "swapped"),
    (lambda x, h, k, r, b: np.tanh(x @ k + h @ r), "the bias is missing"),
    (lambda x, h, k, r, b: np.tanh(x @ k + h @ r) + b, "bias goes INSIDE the tanh"),
    (lambda x, h, k, r, b: np.tanh(x @ k + b), "previous state is missing"),
    (lambda x, h, k, r, b: 1 / (1 + np.exp(-(x @ k + h @ r + b))), "not the sigmoid"),
    (lambda x, h, k, r, b: np.maximum(x @ k + h @ r + b, 0), "not relu"),
    (lambda x, h, k, r, b: np.tanh(k.T @ x.T + r.T @ h.T + b[:, None]),
     "not (units, batch_size)"),
]


@pytest.mark.parametrize("answer, hint", CELL_WRONG)
def test_wrong_but_plausible_cells_fail_with_their_hint(answer, hint):
    assert_graded("ex04.rnn_cell_forward", answer, hint)


# --- 4.2 the loop over time --------------------------------------------------------------


def forward_loop(x, h0, kernel, recurrent_kernel, bias, *, mistake=None):
    """The loop a learner writes; ``mistake`` names one typical slip (None: right)."""
    h = np.zeros_like(h0) if mistake == "zeros" else h0
    steps = range(x.shape[1])[::-1] if mistake == "reversed" else range(x.shape[1])
    states = [h0] if mistake == "with h0" else []
    for t in steps:
        h_new = rnn_cell_forward(x[:, t], h, kernel, recurrent_kernel, bias)
        states.append(h if mistake == "h_prev" else h_new)
        h = h0 if mistake == "not carried" else h_new
    if mistake == "last only":
        return h
    return np.stack(states, axis=0 if mistake == "time first" else 1)


def forward_time_major(x, h0, kernel, recurrent_kernel, bias):
    """Time-major inside (like older frameworks), batch-first outside."""
    h, states = h0, []
    for x_t in np.swapaxes(x, 0, 1):
        h = np.tanh(np.einsum("bi,iu->bu", x_t, kernel) + h @ recurrent_kernel + bias)
        states.append(h)
    return np.swapaxes(np.array(states), 0, 1)


def forward_per_sequence(x, h0, kernel, recurrent_kernel, bias):
    """One sequence at a time, with 1-D vectors."""
    out = np.empty(x.shape[:2] + (kernel.shape[1],))
    for b, (sequence, h) in enumerate(zip(x, h0)):
        for t, x_t in enumerate(sequence):
            h = np.tanh(x_t @ kernel + h @ recurrent_kernel + bias)
            out[b, t] = h
    return out


FORWARD_RIGHT = [
    forward_loop,
    forward_time_major,
    forward_per_sequence,
    lambda x, h0, k, r, b: forward_loop(x.astype(np.float32), h0.astype(np.float32),
                                        k.astype(np.float32), r.astype(np.float32),
                                        b.astype(np.float32)),
]


@pytest.mark.parametrize("answer", FORWARD_RIGHT)
def test_right_but_different_loops_pass(answer):
    assert_graded("ex04.rnn_forward", answer)


FORWARD_WRONG = [
    ("not carried", "the state is not carried"),
    ("h_prev", "off by one step"),
    ("zeros", "start from h0"),
    ("reversed", "in time order"),
    ("last only", "not only the last one"),
    ("with h0", "do not include h0"),
    ("time first", "stack the states on axis 1"),
]


@pytest.mark.parametrize("mistake, hint", FORWARD_WRONG)
def test_wrong_but_plausible_loops_fail_with_their_hint(mistake, hint):
    assert_graded("ex04.rnn_forward",
                  lambda *args: forward_loop(*args, mistake=mistake), hint)


def test_returning_the_cache_too_is_refused_with_a_clear_message():
    result = grade_answer("ex04.rnn_forward", lambda *args: (forward_loop(*args), {}))
    assert result.points == 0 and "returned a tuple" in messages(result)


# --- 4.3 parameters of a stack -----------------------------------------------------------


def params_vectorised(input_dim, units_per_layer):
    units = np.asarray(units_per_layer)
    inputs = np.concatenate([[input_dim], units[:-1]])
    return (units * (inputs + units) + units).sum()


def params_loop(input_dim, units_per_layer):
    total, previous = 0, input_dim
    for units in list(units_per_layer):
        total += simple_rnn_param_count(previous, units)
        previous = units
    return total


@pytest.mark.parametrize("answer", [params_vectorised, params_loop,
                                    lambda d, us: float(params_loop(d, us))])
def test_right_but_different_counts_pass(answer):
    assert_graded("ex04.count_stack_params", answer)


def _sum_over_layers(count, inputs_of):
    """A learner's count with ``count(d, u)`` per layer and ``inputs_of(input_dim, units)``
    giving each layer's input size."""
    return lambda d, us: sum(count(i, int(u)) for i, u in zip(inputs_of(d, list(us)), us))


def _true_inputs(d, us):
    return [d, *us[:-1]]


PARAMS_WRONG = [
    (_sum_over_layers(lambda d, u: u * (d + u), _true_inputs), "the bias is missing"),
    (_sum_over_layers(simple_rnn_param_count, lambda d, us: [d] * len(us)),
     "reads the previous layer's states"),
    (_sum_over_layers(simple_rnn_param_count, lambda d, us: us),
     "not its own units"),
    (_sum_over_layers(lambda d, u: d * u + d * u + u, _true_inputs),
     "recurrent kernel is (units, units)"),
    (lambda d, us: simple_rnn_param_count(d, us[0]), "not only the first one"),
    (lambda d, us: simple_rnn_param_count(us[-2] if len(us) > 1 else d, us[-1]),
     "not only the last one"),
]


@pytest.mark.parametrize("answer, hint", PARAMS_WRONG)
def test_wrong_but_plausible_counts_fail_with_their_hint(answer, hint):
    assert_graded("ex04.count_stack_params", answer, hint)


# --- 4.4 real Keras models ---------------------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    import keras  # in requirements.txt: missing, the tests fail (never skip)

    return keras


def _sequential(keras, input_shape, *layers):
    return keras.Sequential([keras.Input(shape=input_shape), *layers])


def encoders(keras):
    """name -> (builder, hint or None for a right answer)."""
    rnn = keras.layers.SimpleRNN

    def functional(n, d, u):
        inputs = keras.Input(shape=(n, d))
        return keras.Model(inputs, rnn(u)(rnn(u, return_sequences=True)(inputs)))

    return {
        "sequential": (lambda n, d, u: _sequential(
            keras, (n, d), rnn(u, return_sequences=True), rnn(u)), None),
        "functional": (functional, None),
        "with dropout": (lambda n, d, u: _sequential(
            keras, (n, d), rnn(u, return_sequences=True, dropout=0.5), rnn(u, dropout=0.5)),
            None),
        "both return sequences": (lambda n, d, u: _sequential(
            keras, (n, d), rnn(u, return_sequences=True), rnn(u, return_sequences=True)),
            "return_sequences=True belongs on the first layer only"),
        "first forgets return_sequences": (lambda n, d, u: _sequential(
            keras, (n, d), rnn(u), rnn(u)), "expected ndim=3, found ndim=2"),
        "one layer": (lambda n, d, u: _sequential(keras, (n, d), rnn(u)),
                      "stack TWO SimpleRNN layers"),
        "input axes swapped": (lambda n, d, u: _sequential(
            keras, (d, n), rnn(u, return_sequences=True), rnn(u)),
            "time steps first, then the features"),
        "hard-coded sizes": (lambda n, d, u: _sequential(
            keras, (80, 100), rnn(64, return_sequences=True), rnn(64)),
            "not from the numbers 80, 100 and 64"),
        "dense head": (lambda n, d, u: _sequential(
            keras, (n, d), rnn(u, return_sequences=True), rnn(u), keras.layers.Dense(u)),
            "no Dense layer after it"),
        "lstm": (lambda n, d, u: _sequential(
            keras, (n, d), keras.layers.LSTM(u, return_sequences=True),
            keras.layers.LSTM(u)), "an LSTM has 4 times the weights"),
        "gru": (lambda n, d, u: _sequential(
            keras, (n, d), keras.layers.GRU(u, return_sequences=True), keras.layers.GRU(u)),
            "a GRU has about 3 times the weights"),
        "flattened dense": (lambda n, d, u: _sequential(
            keras, (n, d), keras.layers.Flatten(), keras.layers.Dense(u)),
            "parameter count: expected"),
    }


def test_keras_encoders_are_judged_by_count_and_shape(keras):
    start = time.perf_counter()
    for name, (builder, hint) in encoders(keras).items():
        assert_graded("ex04.build_encoder", builder, hint)
    assert time.perf_counter() - start < 60  # model building only, no training


def test_a_flattening_model_fails_the_weight_sharing_property(keras):
    builder, _ = encoders(keras)["flattened dense"]
    result = grade_answer("ex04.build_encoder", builder)
    sharing = result.properties[-1]
    assert sharing.name.startswith("weights shared over time") and not sharing.passed


# --- 4.5 a custom Keras cell ------------------------------------------------------------


def cell_class(keras, mistake=None):
    """The ElmanCell a learner writes; ``mistake`` names one typical slip (None: right)."""
    ops = keras.ops

    class ElmanCell(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            if mistake != "no state_size":
                self.state_size = units

        def build(self, input_shape):
            if mistake == "stub":
                raise NotImplementedError("Exercise 4.5: replace this line with your code")
            kernel = (self.units, input_shape[-1]) if mistake == "kernel transposed" else \
                (input_shape[-1], self.units)
            self.kernel = self.add_weight(shape=kernel, name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units))
            if mistake != "no bias":
                self.bias = self.add_weight(shape=(self.units,), initializer="zeros")

        def call(self, inputs, states):
            h_prev = states[0] if isinstance(states, (list, tuple)) else states
            if mistake == "star":
                z = inputs * self.kernel + h_prev * self.recurrent_kernel + self.bias
            elif mistake == "no bias":
                z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel)
            elif mistake == "kernel transposed":
                z = inputs @ ops.transpose(self.kernel) + h_prev @ self.recurrent_kernel
            else:
                z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) \
                    + self.bias
            h = z if mistake == "no tanh" else ops.tanh(z)
            if mistake == "state not returned":
                return h
            return (h, h) if mistake == "state not a list" else (h, [h])

    return ElmanCell


@pytest.mark.parametrize("mistake, status, hint", [
    (None, Status.PASSED, ""),
    ("state not a list", Status.PASSED, ""),  # Keras 3 accepts a bare state too
    ("stub", Status.NOT_ATTEMPTED, "`raise` line"),
    ("star", Status.FAILED, "`*` multiplies element by element"),
    ("state not returned", Status.FAILED, "return h, [h]"),
    ("no tanh", Status.PARTIAL, "missing tanh"),
    ("kernel transposed", Status.FAILED, "the kernel is (input_dim, units)"),
    ("no bias", Status.FAILED, "create the bias too"),
    ("no state_size", Status.FAILED, "set self.state_size = units"),
])
def test_keras_cells_are_run_against_simple_rnn_cell(keras, mistake, status, hint):
    result = grade_answer("ex04.ElmanCell", cell_class(keras, mistake))
    assert result.status == status, messages(result)
    assert hint in messages(result)
