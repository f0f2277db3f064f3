"""The LSTM demos of chapter 7: the explorer's schedule and the trained view's data."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.reference import lstm_forward
from rnn_course.reference.gated import sigmoid
from rnn_course.widgets.lstm import SHUT, LSTMGateExplorer, TrainedLSTMGates


def test_one_write_then_an_open_forget_gate_keeps_the_value_decaying_by_f():
    demo = LSTMGateExplorer(candidate=1.0, input_signal=6.0, input_open="step 1 only",
                            forget_signal=3.0, output_signal=2.0)
    gates = demo.reference()
    c = gates["c"][:, 0]
    expected = sigmoid(6.0) * np.tanh(1.0) * sigmoid(3.0) ** np.arange(12)
    np.testing.assert_allclose(c, expected, atol=5e-3)  # a shut input gate adds 3e-4 a step
    np.testing.assert_allclose(gates["h"][:, 0], sigmoid(2.0) * np.tanh(c), rtol=1e-12)


def test_shutting_the_forget_gate_for_one_step_clears_the_memory():
    gates = LSTMGateExplorer(input_open="step 1 only", forget_signal=6.0,
                             forget_shut="step 6").reference()
    c = gates["c"][:, 0]
    assert c[4] > 0.5 and abs(c[5]) < 1e-3 and abs(c[-1]) < 1e-2


def test_explorer_signals_follow_the_schedule_and_refuse_unknown_names():
    signals = LSTMGateExplorer(input_signal=2.0, input_open="steps 1-3").signals()
    np.testing.assert_array_equal(signals[:, 0], [2.0] * 3 + [SHUT] * 9)
    with pytest.raises(ValueError, match="input_open must be one of"):
        LSTMGateExplorer(input_open="sometimes")


def test_trained_view_runs_the_given_weights():
    demo = TrainedLSTMGates.parity_demos()[1]
    x = np.asarray(demo.sequences)[demo.sequence_index][None]
    h_seq, c_seq = lstm_forward(x, None, None, demo.kernel, demo.recurrent_kernel, demo.bias)
    gates = demo.reference()
    np.testing.assert_allclose(gates["h"], h_seq[0], rtol=1e-12)
    np.testing.assert_allclose(gates["c"], c_seq[0], rtol=1e-12)
    with pytest.raises(ValueError, match="gate must be one of"):
        TrainedLSTMGates(([0],) * 3, ([0],) * 2, [], [], gate="g")
