"""Chapter 7's small LSTM trained on the adding problem, and what its gates learned.

Taught in chapter 7 (section 7.8) and re-checked on any seed by
:mod:`rnn_course.claims.ch07`. :func:`train_adder` trains an ``LSTM(UNITS)`` +
``Dense(1)`` in rounds and records the test MSE after each; :func:`memory_unit_figures`
reads the trained gates (``rnn_course.reference.lstm_gates``) on many test sequences and
measures, for the unit whose input gate best separates the markers from the other steps,
how far it opens at the markers, how high its forget gate stays and how much of its cell
state's movement happens at the markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rnn_course.data.adding import make_adding_problem
from rnn_course.reference import lstm_gates

NUM_STEPS, UNITS = 30, 8
NUM_TRAIN, NUM_TEST = 2_000, 500
ROUNDS = (3, 4, 3)
"""Epochs per training round; the test MSE is recorded after each round."""
LEARNING_RATE, BATCH_SIZE = 0.02, 32


def build_adder(units: int = UNITS):
    """``LSTM(units)`` named ``lstm`` + ``Dense(1)`` named ``readout``: ``(b, 30, 2) -> (b, 1)``."""
    import keras

    model = keras.Sequential([keras.Input(shape=(NUM_STEPS, 2)),
                              keras.layers.LSTM(units, name="lstm"),
                              keras.layers.Dense(1, name="readout")], name="adder")
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="mse")
    return model


@dataclass
class TrainedAdder:
    """The model trained from ``seed``, its data, and its test MSE after each round so far."""

    seed: int
    model: object
    x_train: np.ndarray   # (NUM_TRAIN, NUM_STEPS, 2)
    y_train: np.ndarray   # (NUM_TRAIN, 1)
    x_test: np.ndarray    # (NUM_TEST, NUM_STEPS, 2)
    y_test: np.ndarray    # (NUM_TEST, 1)
    test_mse: list[float] = field(default_factory=list)


_LAST: list[TrainedAdder] = []   # the adder of the last seed asked for, trained so far


def train_adder(seed: int, rounds: int = len(ROUNDS)) -> TrainedAdder:
    """The adder trained from ``seed`` (data and weights) for the first ``rounds`` rounds.

    Training resumes where the last call for the same seed stopped, so a chapter can train
    round by round in separate cells and its claim then reads the same model. A new seed
    starts a fresh model (only one is kept).
    """
    from rnn_course.notebook import seed_everything

    if not _LAST or _LAST[0].seed != seed:
        x_train, y_train = make_adding_problem(NUM_TRAIN, NUM_STEPS, seed=2 * seed + 1)
        x_test, y_test = make_adding_problem(NUM_TEST, NUM_STEPS, seed=2 * seed + 2)
        seed_everything(seed)
        _LAST[:] = [TrainedAdder(seed, build_adder(), x_train, y_train, x_test, y_test)]
    adder = _LAST[0]
    while len(adder.test_mse) < rounds:
        adder.model.fit(adder.x_train, adder.y_train, batch_size=BATCH_SIZE,
                        epochs=ROUNDS[len(adder.test_mse)], verbose=0)
        adder.test_mse.append(float(adder.model.evaluate(adder.x_test, adder.y_test,
                                                         verbose=0)))
    return adder


def trained_gates(adder: TrainedAdder, x: np.ndarray) -> dict[str, np.ndarray]:
    """The trained LSTM's gates and states on ``x`` ``(b, num_steps, 2)``: each ``(b, num_steps, units)``."""
    return lstm_gates(x, None, None, *adder.model.get_layer("lstm").get_weights())


def memory_unit_figures(gates: dict[str, np.ndarray], x: np.ndarray) -> dict[str, float]:
    """How the unit whose input gate best tells markers from other steps behaves on ``x``.

    ``x`` is ``(b, num_steps, 2)`` (feature 1 is the marker); ``gates`` its
    :func:`trained_gates`. Averages over all ``b`` sequences, from step 5 on where the
    state has settled: the input-gate contrast (mean at the markers minus elsewhere), the
    forget gate's mean and the share of the cell state's total movement (sum of
    ``|c_t - c_{t-1}|``) that happens at the two marker steps.
    """
    at_marker = x[:, :, 1] > 0.5                                    # (b, num_steps)
    contrast = (gates["i"][at_marker].mean(axis=0)
                - gates["i"][~at_marker].mean(axis=0))              # (units,)
    unit = int(np.argmax(contrast))
    moves = np.abs(np.diff(gates["c"][:, :, unit], axis=1, prepend=0.0))  # (b, num_steps)
    settled = np.arange(x.shape[1]) >= 5
    return {
        "memory unit": unit,
        "input-gate contrast": float(contrast[unit]),
        "forget gate": float(gates["f"][:, settled, unit].mean()),
        "cell movement at markers": float(moves[at_marker & settled].sum()
                                          / moves[:, settled].sum()),
        "marker share of steps": float((at_marker & settled).sum() / at_marker[:, settled].size),
    }
