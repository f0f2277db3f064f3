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

SHUT = -8.0  # sigmoid(-8) = 0.0003
INPUT_OPEN = ("every step", "step 1 only", "steps 1-3")
FORGET_SHUT = ("never", "step 6")
GATES = ("i", "f", "c_tilde", "o", "c", "h")


def explorer_signals(candidate: float, input_signal: float, input_open: str,
                     forget_signal: float, forget_shut: str, num_steps: int) -> np.ndarray:
    """The explorer's pre-activations, ``(num_steps, 4)`` in Keras' order ``z_i, z_f, z, z_o``
    (the output gate's column is filled in by :meth:`LSTMGateExplorer.reference`)."""
    if input_open not in INPUT_OPEN or forget_shut not in FORGET_SHUT:
        raise ValueError(f"input_open must be one of {INPUT_OPEN} and forget_shut one of "
                         f"{FORGET_SHUT}, got {input_open!r}, {forget_shut!r}")
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
    candidate = traitlets.Float(1.0).tag(sync=True)
    input_signal = traitlets.Float(4.0).tag(sync=True)
    input_open = traitlets.Unicode("step 1 only").tag(sync=True)
    forget_signal = traitlets.Float(3.0).tag(sync=True)
    forget_shut = traitlets.Unicode("never").tag(sync=True)
    output_signal = traitlets.Float(2.0).tag(sync=True)
    num_steps = traitlets.Int(12).tag(sync=True)

    def __init__(self, **values) -> None:
        super().__init__(**values)
        self.signals()  # refuses unknown schedule names at once

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
    """

    _module = "lstm.js"
    parity_cases = ()  # built from trained weights: see parity_demos()

    view = traitlets.Unicode("trained").tag(sync=True)
    gate = traitlets.Unicode("f").tag(sync=True)
    sequence_index = traitlets.Int(0).tag(sync=True)
    sequences = traitlets.List().tag(sync=True)
    targets = traitlets.List().tag(sync=True)
    kernel = traitlets.List().tag(sync=True)
    recurrent_kernel = traitlets.List().tag(sync=True)
    bias = traitlets.List().tag(sync=True)
    readout_kernel = traitlets.List().tag(sync=True)
    readout_bias = traitlets.List().tag(sync=True)

    def __init__(self, lstm_weights, readout_weights, sequences, targets, gate: str = "f",
                 sequence_index: int = 0) -> None:
        if gate not in GATES:
            raise ValueError(f"gate must be one of {GATES}, got {gate!r}")
        kernel, recurrent_kernel, bias = (np.asarray(w, float) for w in lstm_weights)
        readout_kernel, readout_bias = (np.asarray(w, float) for w in readout_weights)
        super().__init__(gate=gate, sequence_index=sequence_index,
                         sequences=np.asarray(sequences, float).tolist(),
                         targets=np.asarray(targets, float).reshape(-1).tolist(),
                         kernel=kernel.tolist(), recurrent_kernel=recurrent_kernel.tolist(),
                         bias=bias.tolist(), readout_kernel=readout_kernel.tolist(),
                         readout_bias=readout_bias.tolist())

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
        x = np.asarray(self.sequences)[self.sequence_index][None]
        gates = lstm_gates(x, None, None, self.kernel, self.recurrent_kernel, self.bias)
        prediction = gates["h"][0, -1] @ np.asarray(self.readout_kernel) + self.readout_bias
        return {**{name: value[0] for name, value in gates.items()}, "prediction": prediction}


DEMOS = (LSTMGateExplorer, TrainedLSTMGates)
