"""Chapter 8's measurements: a task where the future matters, one direction vs two, and depth.

Taught in chapter 8 and re-checked on any seed by :mod:`rnn_course.claims.ch08`.

**The task (window sum).** Each sequence has ``NUM_STEPS`` values drawn uniformly from
``[0, 1)``, one feature per step; the target at step ``t`` is the sum of the values at
steps ``t - HALF_WIDTH`` to ``t + HALF_WIDTH`` (steps outside the sequence count as 0).
A many-to-many model reads ``(batch_size, NUM_STEPS, 1)`` and returns
``(batch_size, NUM_STEPS, 1)``. A model that reads left to right has not seen the
``HALF_WIDTH`` future values when it answers at step ``t``; the best it can do is to
predict their mean, which leaves their variance (1/12 each) as error:
:func:`causal_floor`. A bidirectional layer sees them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

NUM_STEPS, HALF_WIDTH = 20, 2
NUM_TRAIN, NUM_TEST = 2_000, 500
EPOCHS, BATCH_SIZE, LEARNING_RATE = 12, 64, 0.01

MODELS = {
    "GRU(16)": dict(units=16, layers=1, bidirectional=False),
    "Bidirectional(GRU(10))": dict(units=10, layers=1, bidirectional=True),
    "2 x GRU(11)": dict(units=11, layers=2, bidirectional=False),
}
"""The compared models: one direction, two directions, two stacked layers (800-1,300
parameters each); each ends with a ``Dense(1)`` applied at every step."""


def window_sums(x: np.ndarray) -> np.ndarray:
    """The targets of ``x`` ``(n, num_steps, 1)``: at step ``t`` the sum of steps
    ``t - HALF_WIDTH .. t + HALF_WIDTH`` (0 outside the sequence), ``(n, num_steps, 1)``."""
    x = np.asarray(x)
    num_steps = x.shape[1]
    padded = np.pad(x, ((0, 0), (HALF_WIDTH, HALF_WIDTH), (0, 0)))
    return sum(padded[:, shift:shift + num_steps] for shift in range(2 * HALF_WIDTH + 1))


def make_window_sum(num_sequences: int, seed: int, num_steps: int = NUM_STEPS
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``x`` ``(n, num_steps, 1)`` uniform on [0, 1) and ``y`` ``(n, num_steps, 1)`` its window sums."""
    x = np.random.default_rng(seed).random((num_sequences, num_steps, 1)).astype(np.float32)
    return x, window_sums(x).astype(np.float32)


def causal_floor() -> float:
    """The lowest expected MSE of any model that sees only steps ``<= t`` at step ``t``.

    At step ``t`` the unseen values are steps ``t+1 .. t+HALF_WIDTH`` inside the sequence;
    predicting their mean 1/2 leaves their variance, 1/12 each. Averaged over the steps.
    """
    unseen = [min(HALF_WIDTH, NUM_STEPS - 1 - t) for t in range(NUM_STEPS)]
    return float(np.mean(unseen) / 12)


def test_data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``NUM_TEST`` test sequences and targets that :func:`train` evaluates on."""
    return make_window_sum(NUM_TEST, seed=2 * seed + 2)


def build(name: str):
    """The model ``name`` (a key of :data:`MODELS`): ``(b, NUM_STEPS, 1) -> (b, NUM_STEPS, 1)``."""
    import keras

    spec = MODELS[name]
    layers = [keras.Input(shape=(NUM_STEPS, 1))]
    for _ in range(spec["layers"]):
        gru = keras.layers.GRU(spec["units"], return_sequences=True)
        layers.append(keras.layers.Bidirectional(gru) if spec["bidirectional"] else gru)
    layers.append(keras.layers.Dense(1))       # the same Dense at every step
    model = keras.Sequential(layers, name=name.replace(" ", "").replace("(", "_")
                             .replace(")", "").replace(",", ""))
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="mse")
    return model


@dataclass(frozen=True)
class WindowSumResult:
    """One trained model: its name, parameters, training seconds and test MSE."""

    name: str
    parameters: int
    seconds: float
    test_mse: float
    model: object = None   # the trained Keras model


@lru_cache(maxsize=None)  # small models; the chapter and its claims share one training
def train(name: str, seed: int) -> WindowSumResult:
    """Train the model ``name`` on the window-sum task from ``seed`` (data and weights)."""
    from rnn_course.notebook import seed_everything

    x_train, y_train = make_window_sum(NUM_TRAIN, seed=2 * seed + 1)
    x_test, y_test = test_data(seed)
    seed_everything(seed)
    model = build(name)
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=0)
    seconds = time.perf_counter() - start
    return WindowSumResult(name, model.count_params(), seconds,
                           float(model.evaluate(x_test, y_test, verbose=0)), model)
