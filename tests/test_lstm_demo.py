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


def test_trained_view_computes_what_keras_computes_with_the_given_weights():
    """The trained view's h, c and prediction equal Keras' LSTM + Dense with the same weights."""
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    import keras

    demo = TrainedLSTMGates.parity_demos()[1]
    kernel, recurrent_kernel, bias, readout_kernel, readout_bias = map(
        demo.array, ("kernel", "recurrent_kernel", "bias", "readout_kernel", "readout_bias"))
    x = demo.array("sequences")[demo.sequence_index][None]           # (1, num_steps, 2)
    inputs = keras.Input(shape=x.shape[1:])
    h_seq, _, c_last = keras.layers.LSTM(len(recurrent_kernel), return_sequences=True,
                                         return_state=True, use_cudnn=False)(inputs)
    prediction = keras.layers.Dense(1)(h_seq[:, -1])
    model = keras.Model(inputs, [h_seq, c_last, prediction])
    model.set_weights([kernel, recurrent_kernel, bias, readout_kernel, readout_bias])
    keras_h, keras_c, keras_prediction = model.predict(x.astype("float32"), verbose=0)
    gates = demo.reference()
    np.testing.assert_allclose(gates["h"], keras_h[0], atol=1e-5)   # Keras runs in float32
    np.testing.assert_allclose(gates["c"][-1], keras_c[0], atol=1e-5)
    np.testing.assert_allclose(gates["prediction"], keras_prediction[0], atol=1e-5)


def test_trained_view_refuses_an_unknown_gate_or_sequence():
    demo = TrainedLSTMGates.parity_demos()[0]
    with pytest.raises(ValueError, match="gate must be one of"):
        demo.gate = "g"
    with pytest.raises(ValueError, match="sequence_index must lie in"):
        demo.sequence_index = 4
