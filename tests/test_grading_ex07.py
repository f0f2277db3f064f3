"""Exercise set ex07 (chapter 7, the LSTM): right answers pass however they are written, and
typical mistakes fail with the hint written for them (the promises every set keeps are in
``test_grading_contract.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

from grading_helpers import assert_graded, messages
from rnn_course.grading import grade_answer
from rnn_course.grading.status import Status


# --- 7.1 one step of the LSTM -------------------------------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias, *, mistake=None):
    """The step a learner writes; ``mistake`` names one typical slip (None: right)."""
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    if mistake == "i f o c":
        z_i, z_f, z_o, z_c = np.split(z, 4, axis=1)
    else:
        z_i, z_f, z_c, z_o = np.split(z, 4, axis=1)
    i, f, o = sigmoid(z_i), sigmoid(z_f), sigmoid(z_o)
    c_tilde = sigmoid(z_c) if mistake == "sigmoid candidate" else np.tanh(z_c)
    c_t = i * c_tilde if mistake == "no c_prev" else f * c_prev + i * c_tilde
    h_t = o * c_t if mistake == "no tanh on c" else o * np.tanh(c_t)
    if mistake == "c first":
        return c_t, h_t
    return h_t if mistake == "h only" else (h_t, c_t)


def lstm_per_gate(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """Twelve matrices, as the equations of section 7.3 write them, one slice per gate."""
    units = recurrent_kernel.shape[0]

    def pre_activation(block):
        columns = slice(block * units, (block + 1) * units)
        return x_t @ kernel[:, columns] + h_prev @ recurrent_kernel[:, columns] + bias[columns]

    i, f, o = (sigmoid(pre_activation(b)) for b in (0, 1, 3))
    c_t = f * c_prev + i * np.tanh(pre_activation(2))
    return [o * np.tanh(c_t), c_t]  # a list is as good as a tuple


def lstm_concatenated(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """[x_t, h_prev] @ [[kernel], [recurrent_kernel]], one product, in float32."""
    inputs = np.concatenate([x_t, h_prev], axis=1).astype(np.float32)
    weights = np.concatenate([kernel, recurrent_kernel]).astype(np.float32)
    gates = (inputs @ weights + bias.astype(np.float32)).reshape(len(x_t), 4, -1)
    i, f, c_tilde, o = sigmoid(gates[:, 0]), sigmoid(gates[:, 1]), np.tanh(gates[:, 2]), \
        sigmoid(gates[:, 3])
    c_t = f * c_prev.astype(np.float32) + i * c_tilde
    return np.stack([o * np.tanh(c_t), c_t])


@pytest.mark.parametrize("answer", [lstm_step, lstm_per_gate, lstm_concatenated])
def test_right_but_different_lstm_steps_pass(answer):
    assert_graded("ex07.lstm_cell_forward", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("i f o c", "not i, f, o, c"),
    ("sigmoid candidate", "the candidate c~ uses tanh"),
    ("no c_prev", "c_prev is missing"),
    ("no tanh on c", "the tanh on the cell state is missing"),
    ("c first", "return the pair in this order: (h_t, c_t)"),
    ("h only", "not h_t alone"),
])
def test_wrong_lstm_steps_fail_with_their_hint(mistake, hint):
    assert_graded("ex07.lstm_cell_forward",
                  lambda *args: lstm_step(*args, mistake=mistake), hint)


def test_forgetting_c_prev_fails_the_memory_property():
    result = grade_answer("ex07.lstm_cell_forward",
                  lambda *args: lstm_step(*args, mistake="no c_prev"))
    memory = next(p for p in result.properties if p.name.startswith("the memory"))
    assert not memory.passed and "c_prev is missing" in memory.message


def test_a_transposed_kernel_raises_with_a_layout_hint():
    result = grade_answer("ex07.lstm_cell_forward",
                          lambda x, h, c, k, r, b: lstm_step(x, h, c, k.T, r, b))
    assert result.status == Status.FAILED
    assert "kernel is (input_dim, 4 * units)" in messages(result)


# --- 7.2 the parameter count ---------------------------------------------------------------


def count_per_array(input_dim, units):
    kernel, recurrent_kernel, bias = (input_dim, 4 * units), (units, 4 * units), (4 * units,)
    return sum(int(np.prod(shape)) for shape in (kernel, recurrent_kernel, bias))


@pytest.mark.parametrize("answer", [count_per_array,
                                    lambda d, u: 4 * (u * (d + u) + u),
                                    lambda d, u: float(4 * u * (d + u + 1)),
                                    lambda d, u: np.int64(4 * u * (d + u + 1))])
def test_right_counts_pass(answer):
    assert_graded("ex07.count_lstm_params", answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda d, u: u * (d + u) + u, "multiply the SimpleRNN's u(d + u) + u by 4"),
    (lambda d, u: 3 * (u * (d + u) + u), "four blocks, not three"),
    (lambda d, u: 4 * u * (d + u), "the bias is missing"),
    (lambda d, u: 4 * u * (d + u) + u, "each of the four blocks has its own bias"),
    (lambda d, u: 4 * d * u + u * u + 4 * u, "the recurrent kernel is (units, 4 * units)"),
    (lambda d, u: 4 * (u * (d + u) + u) + u, "unit_forget_bias adds no parameters"),
])
def test_wrong_counts_fail_with_their_hint(answer, hint):
    assert_graded("ex07.count_lstm_params", answer, hint)


def test_a_hard_coded_number_fails_on_other_sizes():
    result = grade_answer("ex07.count_lstm_params", lambda d, u: 5_504)
    assert result.points == 0 and "expected" in messages(result)
