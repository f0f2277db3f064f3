"""The adding-problem experiment of chapter 6: a SimpleRNN and an LSTM at two lengths.

Taught in chapter 6; its claims, re-checkable on any seed, are in
:mod:`rnn_course.claims.ch06`. Each run trains one small model on sequences from
:func:`rnn_course.data.adding.make_adding_problem` and records the mean squared error on
held-out sequences after every epoch. The claims: at the short length both cells learn, at
the long length the SimpleRNN stays near the chance MSE while the LSTM beats it clearly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rnn_course.data.adding import CHANCE_MSE, make_adding_problem
from rnn_course.notebook import quiet_native_stderr

CELLS = ("SimpleRNN", "LSTM")  # the two this experiment compares
LAYERS = ("SimpleRNN", "LSTM", "GRU")  # what build_model builds (chapter 8 adds the GRU)
SHORT, LONG = 10, 50
UNITS = 32
NUM_TRAIN, NUM_TEST = 4000, 1000
EPOCHS = 8
BATCH_SIZE = 100
# Adam's learning rate per cell, each the one that worked better for it in a few trial runs
# (a setting, not a claim: rnn_course.claims.ch06 checks only the outcome).
LEARNING_RATE = {"SimpleRNN": 1e-2, "LSTM": 2e-2}
GLOBAL_CLIPNORM = 1.0
# The margins the chapter asserts, as fractions of the chance MSE (1/6).
LEARNED_BELOW = 0.2 * CHANCE_MSE      # "learns": 5 times better than chance
NEAR_CHANCE_ABOVE = 0.6 * CHANCE_MSE  # "near chance": keeps at least 60 % of chance's error


@dataclass(frozen=True)
class Run:
    """One trained model: which cell, which length, which seed, and its test MSE per epoch."""

    cell: str
    num_steps: int
    seed: int
    test_mse: tuple[float, ...]   # after each epoch, on NUM_TEST held-out sequences

    @property
    def final_mse(self) -> float:
        return self.test_mse[-1]


def build_model(cell: str, units: int = UNITS, num_steps: int | None = None):
    """The adding problem's model: ``cell`` (one of :data:`LAYERS`) with ``units`` units
    reading ``(num_steps, 2)`` (any length if ``None``), then ``Dense(1)``.

    The model maps ``(batch_size, num_steps, 2)`` to ``(batch_size, 1)``, the predicted sum;
    its first layer (``model.layers[0]``) is the recurrent one. ``use_cudnn=False`` keeps
    the gated layers on the generic loop, which XLA can compile (on a CPU there is no
    other). Chapter 6 and :mod:`rnn_course.experiments.cell_comparison` build with it.
    """
    import keras

    if cell not in LAYERS:
        raise ValueError(f"cell must be one of {LAYERS}, got {cell!r}")
    recurrent = (keras.layers.SimpleRNN(units) if cell == "SimpleRNN"
                 else getattr(keras.layers, cell)(units, use_cudnn=False))
    return keras.Sequential([keras.Input(shape=(num_steps, 2)), recurrent,
                             keras.layers.Dense(1)])


@lru_cache(maxsize=None)  # a Run is a few numbers; the chapter and its claim share one training
def train(cell: str, num_steps: int, seed: int = 0, epochs: int = EPOCHS) -> Run:
    """Train one model from a fresh seed and return its held-out MSE after every epoch.

    Adam (the cell's :data:`LEARNING_RATE`) on the mean squared error, the gradients
    clipped to a global norm of :data:`GLOBAL_CLIPNORM`, batches of :data:`BATCH_SIZE`.
    The training and test sequences come from different seeds (``seed`` and
    ``seed + 1000``); the weights and the shuffling are seeded with ``seed``.

    The training step is the loop of ``model.fit`` written out and compiled with XLA
    (``jit_compile=True``): on a CPU that runs a recurrent layer's small per-step
    operations several times faster. (``fit`` itself does not use XLA once
    ``configure_notebook`` has switched on deterministic operations.)
    """
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    x_train, y_train = make_adding_problem(NUM_TRAIN, num_steps, seed=seed)
    x_test, y_test = make_adding_problem(NUM_TEST, num_steps, seed=seed + 1000)
    model = build_model(cell)
    optimizer = keras.optimizers.Adam(LEARNING_RATE[cell], global_clipnorm=GLOBAL_CLIPNORM)
    mse = keras.losses.MeanSquaredError()

    @tf.function(jit_compile=True)
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = mse(y, model(x, training=True))
        optimizer.apply(tape.gradient(loss, model.trainable_variables),
                        model.trainable_variables)

    @tf.function(jit_compile=True)
    def test_loss(x, y):
        return mse(y, model(x))

    rng = np.random.default_rng(seed)
    test_mse = []
    with quiet_native_stderr():  # XLA's C++ log lines at its first compile
        for _ in range(epochs):
            order = rng.permutation(NUM_TRAIN)
            for start in range(0, NUM_TRAIN - BATCH_SIZE + 1, BATCH_SIZE):  # full batches
                batch = order[start:start + BATCH_SIZE]
                train_step(x_train[batch], y_train[batch])
            test_mse.append(float(test_loss(x_test, y_test)))
    return Run(cell, num_steps, seed, tuple(test_mse))


def chance_ratio(mse: float) -> float:
    """An MSE as a fraction of the chance MSE (1 = no better than predicting the mean)."""
    return float(np.asarray(mse) / CHANCE_MSE)
