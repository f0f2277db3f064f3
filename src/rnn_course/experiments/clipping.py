"""Chapter 6's IRNN on the adding problem, trained with and without gradient clipping.

Taught in chapter 6 (section 6.3, "Clipping saves a training run") and re-checked on any
seed by :mod:`rnn_course.claims.ch06`. The training loop is written out so that the
clipping is visible: ``tf.clip_by_global_norm`` with an infinite limit changes nothing
and only reports the norm.
"""

from __future__ import annotations

import numpy as np

from rnn_course.data.adding import make_adding_problem

NUM_STEPS, NUM_SEQUENCES, UNITS = 50, 1000, 32
LEARNING_RATE = 0.01


def irnn(units: int = UNITS):
    """``SimpleRNN(relu, identity recurrent kernel)`` + ``Dense(1)``: ``(b, 50, 2) -> (b, 1)``."""
    import keras

    return keras.Sequential([
        keras.Input(shape=(NUM_STEPS, 2)),
        keras.layers.SimpleRNN(units, activation="relu", recurrent_initializer="identity"),
        keras.layers.Dense(1)])


def train_irnn(max_norm: float, seed: int, epochs: int = 2, batch_size: int = 50
               ) -> np.ndarray:
    """Train an IRNN by plain SGD, gradients clipped to global norm ``max_norm``.

    Returns ``(num_batches, 2)``: the training loss and the global gradient norm (before
    clipping) of every batch. ``max_norm=np.inf`` is training without clipping. The data
    (``NUM_SEQUENCES`` sequences of ``NUM_STEPS`` steps) and the weights come from ``seed``.
    """
    import keras
    import tensorflow as tf

    from rnn_course.notebook import seed_everything

    x, y = make_adding_problem(NUM_SEQUENCES, NUM_STEPS, seed=seed)
    seed_everything(seed)
    model = irnn()
    optimizer = keras.optimizers.SGD(learning_rate=LEARNING_RATE)

    @tf.function
    def step(x_batch, y_batch):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((model(x_batch, training=True) - y_batch) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        clipped, norm = tf.clip_by_global_norm(grads, max_norm)
        optimizer.apply(clipped, model.trainable_variables)
        return loss, norm

    return np.array([step(x[i:i + batch_size], y[i:i + batch_size])
                     for _ in range(epochs) for i in range(0, len(x), batch_size)])
