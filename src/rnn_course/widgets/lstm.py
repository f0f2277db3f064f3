"""Live demos of chapter 7: the LSTM gate explorer and the gates of a trained LSTM.

Taught in chapter 7. Both run :func:`rnn_course.reference.lstm_gates`'s computation in the
browser (``js/lstm.js``, Keras layout, gate order i, f, c, o).

- :class:`LSTMGateExplorer`: one LSTM unit with no recurrent weights, whose four
  pre-activations ``z_i, z_f, z, z_o`` the reader sets directly (the notes' "four inputs,
  one output" view: ``c' = g(z)·σ(z_i) + c·σ(z_f)``, ``a = h(c')·σ(z_o)``). The input gate
  can be opened at every step or only at the first ones, and the forget gate shut for one
  step; a shut gate gets the pre-activation :data:`SHUT`.
- :class:`TrainedLSTMGates`: the weights of an LSTM trained in the chapter and a few test
  sequences of the adding problem; the reader picks a sequence and a gate and sees it as a
  heatmap, units by steps, with the model's prediction.
"""

from __future__ import annotations

import numpy as np
import traitlets

from rnn_course.reference import lstm_gates
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.arrays import array_trait, pack_array
from rnn_course.widgets.controls import dropdown, slider

SHUT = -8.0  # sigmoid(-8) = 0.0003
# Each choice and the text the reader sees for it.
INPUT_OPEN = {"every step": "open at every step", "step 1 only": "open at step 1 only",
              "steps 1-3": "open at steps 1-3"}
FORGET_SHUT = {"never": "never shut", "step 6": "shut at step 6"}
GATES = {"i": "input gate i", "f": "forget gate f", "c_tilde": "candidate c̃",
         "o": "output gate o", "c": "cell state c", "h": "hidden state h"}


def explorer_signals(candidate: float, input_signal: float, input_open: str,
                     forget_signal: float, forget_shut: str, num_steps: int) -> np.ndarray:
    """The explorer's pre-activations, ``(num_steps, 4)`` in Keras' order ``z_i, z_f, z, z_o``
    (the output gate's column is filled in by :meth:`LSTMGateExplorer.reference`)."""
    if input_open not in INPUT_OPEN or forget_shut not in FORGET_SHUT:
        raise ValueError(f"input_open must be one of {list(INPUT_OPEN)} and forget_shut one "
                         f"of {list(FORGET_SHUT)}, got {input_open!r}, {forget_shut!r}")
    steps = np.arange(num_steps)
    open_steps = {"every step": steps >= 0, "step 1 only": steps == 0,
                  "steps 1-3": steps < 3}[input_open]
    shut_steps = (steps == 5) if forget_shut == "step 6" else np.zeros(num_steps, bool)
    signals = np.zeros((num_steps, 4))
    signals[:, 0] = np.where(open_steps, input_signal, SHUT)
    signals[:, 1] = np.where(shut_steps, SHUT, forget_signal)
    signals[:, 2] = candidate
    return signals


class LSTMGateExplorer(LiveDemo):
    """Set one LSTM unit's pre-activations; watch its gates, cell state and output.

    Args:
        candidate: ``z``, the candidate's pre-activation (``c̃ = tanh(z)``).
        input_signal, forget_signal, output_signal: ``z_i, z_f, z_o`` (gate = sigmoid).
        input_open: when the input gate gets ``input_signal`` (else it is shut), one of
            :data:`INPUT_OPEN`.
        forget_shut: whether the forget gate is shut for one step, one of :data:`FORGET_SHUT`.
        num_steps: length of the sequence.
    """

    _module = "lstm.js"
    parity_cases = (
        {},
        {"candidate": -2.0, "input_open": "step 1 only", "forget_signal": 5.0,
         "output_signal": -6.0},
        {"candidate": 3.0, "input_signal": 6.0, "input_open": "every step",
         "forget_signal": 6.0, "forget_shut": "step 6"},
        {"input_open": "steps 1-3", "forget_signal": 0.0, "num_steps": 30},
    )

    view = traitlets.Unicode("explorer").tag(sync=True)
    candidate = slider(1.0, -3.0, 3.0, step=0.25, digits=2, label="candidate z")
    input_signal = slider(4.0, -6.0, 6.0, step=0.5, digits=2, label="input gate z_i")
    input_open = dropdown("step 1 only", INPUT_OPEN, label="input gate")
    forget_signal = slider(3.0, -6.0, 6.0, step=0.5, digits=2, label="forget gate z_f")
    forget_shut = dropdown("never", FORGET_SHUT, label="forget gate")
    output_signal = slider(2.0, -6.0, 6.0, step=0.5, digits=2, label="output gate z_o")
    num_steps = traitlets.Int(12).tag(sync=True)

    def __init__(self, **values) -> None:
        super().__init__(**values)

    def signals(self) -> np.ndarray:
        """Pre-activations ``(num_steps, 4)``, order ``z_i, z_f, z, z_o``."""
        signals = explorer_signals(self.candidate, self.input_signal, self.input_open,
                                   self.forget_signal, self.forget_shut, self.num_steps)
        signals[:, 3] = self.output_signal
        return signals

    def reference(self) -> dict[str, np.ndarray]:
        """Every gate ``(num_steps, 1)``: one unit whose kernel passes the signals through."""
        gates = lstm_gates(self.signals()[None], None, None, np.eye(4), np.zeros((1, 4)),
                           np.zeros(4))
        return {name: value[0] for name, value in gates.items()}


class TrainedLSTMGates(LiveDemo):
    """The gates of a trained LSTM (units x steps) on test sequences of the adding problem.

    Args:
        lstm_weights: the LSTM layer's ``get_weights()``: kernel ``(2, 4 * units)``,
            recurrent kernel ``(units, 4 * units)``, bias ``(4 * units,)``.
        readout_weights: the Dense readout's ``get_weights()``: ``(units, 1)``, ``(1,)``.
        sequences: test inputs ``(num_sequences, num_steps, 2)`` (values, markers).
        targets: their targets ``(num_sequences,)`` or ``(num_sequences, 1)``.
        gate: which array to show first, one of :data:`GATES`.

    Weights, sequences and targets travel as float32 (what Keras trains in), packed by
    :func:`~rnn_course.widgets.arrays.pack_array`; :meth:`reference` reads the same values.
    """

    _module = "lstm.js"
    parity_cases = ()  # built from trained weights: see parity_demos()

    view = traitlets.Unicode("trained").tag(sync=True)
    gate = dropdown("f", GATES, label="show")
    sequence_index = slider(0, 0, lambda demo: demo.sequences["shape"][0] - 1,
                            label="sequence")
    sequences = array_trait()
    targets = array_trait()
    kernel = array_trait()
    recurrent_kernel = array_trait()
    bias = array_trait()
    readout_kernel = array_trait()
    readout_bias = array_trait()

    def __init__(self, lstm_weights, readout_weights, sequences, targets, gate: str = "f",
                 sequence_index: int = 0) -> None:
        kernel, recurrent_kernel, bias = map(pack_array, lstm_weights)
        readout_kernel, readout_bias = map(pack_array, readout_weights)
        super().__init__(gate=gate, sequence_index=sequence_index,
                         sequences=pack_array(sequences),
                         targets=pack_array(np.reshape(targets, -1)),
                         kernel=kernel, recurrent_kernel=recurrent_kernel, bias=bias,
                         readout_kernel=readout_kernel, readout_bias=readout_bias)

    @classmethod
    def parity_demos(cls) -> list[TrainedLSTMGates]:
        """Demos on seeded random weights (the parity test cannot train a network)."""
        rng = np.random.default_rng(0)
        demos = []
        for units, num_steps in ((3, 7), (8, 30), (1, 2)):
            weights = (rng.normal(size=(2, 4 * units)), rng.normal(size=(units, 4 * units)),
                       rng.normal(size=4 * units))
            readout = (rng.normal(size=(units, 1)), rng.normal(size=1))
            x = np.stack([rng.uniform(size=(4, num_steps)),
                          rng.integers(0, 2, size=(4, num_steps))], axis=-1)
            demos.append(cls(weights, readout, x, rng.uniform(size=4), sequence_index=units % 4))
        return demos

    def reference(self) -> dict[str, np.ndarray]:
        """Every gate ``(num_steps, units)`` of the chosen sequence, and the prediction."""
        x = self.array("sequences")[self.sequence_index][None]
        gates = lstm_gates(x, None, None, *map(self.array, ("kernel", "recurrent_kernel",
                                                              "bias")))
        prediction = gates["h"][0, -1] @ self.array("readout_kernel") + self.array("readout_bias")
        return {**{name: value[0] for name, value in gates.items()}, "prediction": prediction}

