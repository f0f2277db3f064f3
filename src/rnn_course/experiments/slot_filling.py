"""Chapter 4's trained networks on chapter 2's arrive/leave task: window net vs SimpleRNN.

Taught in chapter 4 (section 4.12) and re-checked on any seed by
:mod:`rnn_course.claims.ch04`. The data sets are chapter 2's (fixed seeds: the chapter
compares against chapter 2's numbers); ``seed`` sets the weights and the shuffling. Each
``trained_*`` function keeps its last network, so the chapter's tables and its claims read
the same trained models.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from rnn_course.data.slot_filling import (SlotFillingData, make_slot_filling,
                                          slot_vocabulary, window_ids)
from rnn_course.notebook import seed_everything

WINDOW_SIZE = 8
FAR_CUE = 25
"""The far-only network trains on sentences whose cue is at least this many words back."""


def sentence_ids(data: SlotFillingData) -> np.ndarray:
    """Each sentence up to its target (the month) as ids, pre-padded: (num_sentences, longest).

    Pre-padding puts the month at the last step of every row; id 0 is ``<pad>``.
    """
    import keras

    vocabulary = slot_vocabulary()
    ids = [[vocabulary[word] for word in sentence[:target + 1]]
           for sentence, target in zip(data.sentences, data.target_index)]
    return keras.utils.pad_sequences(ids, padding="pre")


def window_network():
    """Chapter 2's window network: ``(batch_size, 8)`` ids -> P(departure date), compiled."""
    import keras

    model = keras.Sequential([
        keras.Input(shape=(WINDOW_SIZE,), dtype="int64"),
        keras.layers.Embedding(len(slot_vocabulary()), 8),  # (batch_size, 8, 8)
        keras.layers.Flatten(),                               # (batch_size, 64)
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),          # P(departure date)
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def slot_rnn():
    """Embedding (masked) -> SimpleRNN(16) -> P(departure date), compiled as the window net.

    Reads ``(batch_size, num_steps)`` ids of any length; ``mask_zero`` skips the padding.
    """
    import keras

    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int64"),                  # any num_steps
        keras.layers.Embedding(len(slot_vocabulary()), 8, mask_zero=True,
                               name="embedding"),                   # (batch_size, num_steps, 8)
        keras.layers.SimpleRNN(16, name="simple_rnn"),              # (batch_size, 16)
        keras.layers.Dense(1, activation="sigmoid", name="output"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


class SlotData(NamedTuple):
    """The four data sets of section 4.12 (fixed seeds)."""

    train: SlotFillingData      # chapter 2's 4,000 training sentences (0-4 fillers)
    test: SlotFillingData       # chapter 2's 2,000 test sentences
    far_test: SlotFillingData   # 2,000 sentences with up to 10 fillers (cues up to 41 back)
    pool: SlotFillingData       # 4,000 sentences with up to 10 fillers, for the far-only net


@lru_cache(maxsize=1)
def data_sets() -> SlotData:
    """Chapter 2's training and test sentences, and the two sets with cues further back."""
    return SlotData(train=make_slot_filling(4000, max_fillers=4, seed=1),
                    test=make_slot_filling(2000, max_fillers=4, seed=2),
                    far_test=make_slot_filling(2000, max_fillers=10, seed=3),
                    pool=make_slot_filling(4000, max_fillers=10, seed=5))


@lru_cache(maxsize=1)
def trained_window_net(seed: int):
    """Chapter 2's window network trained from ``seed`` on chapter 2's sentences (10 epochs)."""
    train = data_sets().train
    seed_everything(seed)
    model = window_network()
    model.fit(window_ids(train, WINDOW_SIZE, slot_vocabulary()), train.labels, epochs=10,
              batch_size=64, verbose=0)
    return model


@lru_cache(maxsize=1)
def trained_rnn(seed: int):
    """:func:`slot_rnn` trained from ``seed`` on chapter 2's training sentences (4 epochs)."""
    train = data_sets().train
    seed_everything(seed)
    model = slot_rnn()
    model.fit(sentence_ids(train), train.labels, epochs=4, batch_size=128, verbose=0)
    return model


@lru_cache(maxsize=1)
def trained_far_net(seed: int):
    """:func:`slot_rnn` trained from ``seed`` only on pool sentences whose cue is >= FAR_CUE back."""
    pool = data_sets().pool
    far_only = pool.cue_distance >= FAR_CUE
    seed_everything(seed)
    model = slot_rnn()
    model.fit(sentence_ids(pool)[far_only], pool.labels[far_only], epochs=4, batch_size=128,
              verbose=0)
    return model


def window_correct(model, data: SlotFillingData) -> np.ndarray:
    """``(num_sentences,)`` booleans: the window network's answer is right (threshold 0.5)."""
    inputs = window_ids(data, WINDOW_SIZE, slot_vocabulary())
    return (model.predict(inputs, verbose=0)[:, 0] > 0.5) == data.labels


def rnn_correct(model, data: SlotFillingData) -> np.ndarray:
    """``(num_sentences,)`` booleans: a :func:`slot_rnn`'s answer is right (threshold 0.5)."""
    return (model.predict(sentence_ids(data), verbose=0)[:, 0] > 0.5) == data.labels
