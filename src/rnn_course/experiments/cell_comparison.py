"""SimpleRNN, LSTM and GRU of about the same size, trained on the adding problem.

Taught in chapter 8 (the comparison table); its claim, re-checkable on any seed, is in
:mod:`rnn_course.claims.ch08`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rnn_course.data.adding import make_adding_problem
from rnn_course.experiments.adding import build_model

NUM_STEPS = 20
"""Sequence length of the comparison (chapter 6 uses 50; 20 trains in seconds)."""
LAYER_UNITS = {"SimpleRNN": 17, "LSTM": 8, "GRU": 9}
"""Units per layer type, chosen so the three layers have 340-352 parameters on 2 features."""
EPOCHS, BATCH_SIZE, LEARNING_RATE = 10, 32, 0.02


@dataclass(frozen=True)
class ComparisonResult:
    """One trained model: its layer, trainable parameters, training seconds and test MSE."""

    layer: str
    parameters: int
    seconds: float
    test_mse: float
    model: object = None   # the trained Keras model (chapter 8 reads the GRU's gates)


def adding_data(seed: int = 0):
    """``(x_train, y_train, x_test, y_test)``: 1,500 training and 500 test sequences."""
    return (*make_adding_problem(1_500, NUM_STEPS, seed=2 * seed + 1),
            *make_adding_problem(500, NUM_STEPS, seed=2 * seed + 2))


def train_adder(layer: str, seed: int, data=None) -> ComparisonResult:
    """Train ``layer`` (a key of :data:`LAYER_UNITS`) + ``Dense(1)`` on the adding problem
    (the model of :func:`rnn_course.experiments.adding.build_model`).

    Seeds Keras with ``seed`` first, so one seed gives one result on a given machine.
    """
    import keras

    keras.utils.set_random_seed(seed)
    x_train, y_train, x_test, y_test = data if data is not None else adding_data(seed)
    model = build_model(layer, LAYER_UNITS[layer], NUM_STEPS)
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="mse")
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=0)
    seconds = time.perf_counter() - start
    return ComparisonResult(layer, model.layers[0].count_params(), seconds,
                            float(model.evaluate(x_test, y_test, verbose=0)), model)
