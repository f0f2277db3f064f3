"""Scikit-learn's 8 x 8 digits read one row per time step by an LSTM. Chapter 10.

The notes' row-by-row MNIST classifier (TF1: ``placeholder``, ``dynamic_rnn``), rewritten
for Keras 3 on a data set that ships with scikit-learn: an image ``(8, 8)`` is a sequence
of 8 steps of 8 pixels, ``(batch, 8, 8)`` -> ``LSTM(64)`` -> ``Dense(10)`` softmax.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# 40 epochs: at 30 the accuracy still swings by +-0.02 from epoch to epoch (0.953 on seed 5);
# at 40 seeds 0-19 all end between 0.971 and 0.991.
UNITS, EPOCHS, BATCH_SIZE, LEARNING_RATE = 64, 40, 64, 1e-2
TEST_FRACTION = 0.25
EXERCISE_SEED = 2024
"""The split of exercise 10.4: the learner trains on :func:`exercise_training_digits`,
the grader measures on :func:`exercise_held_out_digits`, the images that split leaves out."""


def digits_data(seed: int = 0):
    """``(x_train, y_train, x_test, y_test)``: images ``(N, 8, 8)`` scaled to [0, 1],
    labels ``(N,)``; a stratified split drawn by ``seed`` (450 test images)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)
    x_train, x_test, y_train, y_test = train_test_split(
        images, digits.target, test_size=TEST_FRACTION, random_state=seed,
        stratify=digits.target)
    return x_train, y_train, x_test, y_test


def exercise_training_digits():
    """``(x_train, y_train)`` of exercise 10.4: 1,347 images ``(N, 8, 8)`` in [0, 1] and
    their labels ``(N,)``; the grader keeps the other 450 (:func:`exercise_held_out_digits`)."""
    x_train, y_train, _, _ = digits_data(EXERCISE_SEED)
    return x_train, y_train


def exercise_held_out_digits():
    """``(images, labels)``: the 450 digits exercise 10.4's grader measures a model on,
    never among :func:`exercise_training_digits`."""
    _, _, x_held_out, y_held_out = digits_data(EXERCISE_SEED)
    return x_held_out, y_held_out


def build_row_reader(units: int = UNITS, rows: int = 8, pixels: int = 8):
    """``(batch, rows, pixels)`` -> ``LSTM(units)`` -> ``Dense(10)`` softmax ``(batch, 10)``."""
    import keras

    return keras.Sequential([keras.Input(shape=(rows, pixels)), keras.layers.LSTM(units),
                             keras.layers.Dense(10, activation="softmax")])


def train_row_reader(seed: int, epochs: int = EPOCHS, data=None):
    """Train :func:`build_row_reader` from ``seed``; the model and its test accuracy."""
    import keras

    keras.utils.set_random_seed(seed)
    x_train, y_train, x_test, y_test = data if data is not None else digits_data(seed)
    model = build_row_reader(pixels=x_train.shape[2])
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=epochs, verbose=0)
    return model, accuracy(model, x_test, y_test)


@lru_cache(maxsize=4)
def trained_row_reader(seed: int):
    """:func:`train_row_reader` on ``seed``'s split, kept: the claim and the chapter's plots
    use one trained model instead of training twice. Returns ``(model, test accuracy)``."""
    return train_row_reader(seed)


def accuracy(model, images, labels) -> float:
    """The fraction of ``images`` ``(N, rows, pixels)`` whose argmax class is the label."""
    return float(np.mean(np.argmax(model.predict(images, verbose=0), axis=1) == labels))


def accuracy_from_first_rows(model, images, labels) -> list[float]:
    """Accuracy when the LSTM has read only the first k rows, for k = 1 .. rows.

    The same trained model reads the truncated sequence ``images[:, :k]``: what its hidden
    state "has seen" after k rows.
    """
    return [accuracy(model, images[:, :k], labels) for k in range(1, images.shape[1] + 1)]
