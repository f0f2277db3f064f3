"""Chapter 4's trained networks on chapter 2's arrive/leave task: window net vs SimpleRNN.

Taught in chapter 4 (section 4.12) and re-checked on any seed by
:mod:`rnn_course.claims.ch04`. The data sets are chapter 2's (fixed seeds: the chapter
compares against chapter 2's numbers); ``seed`` sets the weights and the shuffling.
:func:`train_networks` trains the three networks once per seed and keeps the last result,
so the chapter's tables and its claim read the same trained models.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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


@dataclass(frozen=True)
class SlotNetworks:
    """The data sets and the three trained networks of chapter 4, section 4.12."""

    train: SlotFillingData      # chapter 2's 4,000 training sentences (0-4 fillers)
    test: SlotFillingData       # chapter 2's 2,000 test sentences
    far_test: SlotFillingData   # 2,000 sentences with up to 10 fillers (cues up to 41 back)
    pool: SlotFillingData       # 4,000 sentences with up to 10 fillers, for the far-only net
    window_net: object          # chapter 2's window network, 10 epochs
    rnn_net: object             # SimpleRNN(16) on the training sentences, 4 epochs
    far_net: object             # the same network trained only on cues >= FAR_CUE back

    def correct(self, model, data: SlotFillingData) -> np.ndarray:
        """``(num_sentences,)`` booleans: ``model``'s answer is right (threshold 0.5)."""
        inputs = (window_ids(data, WINDOW_SIZE, slot_vocabulary()) if model is self.window_net
                  else sentence_ids(data))
        return (model.predict(inputs, verbose=0)[:, 0] > 0.5) == data.labels


@lru_cache(maxsize=1)
def train_networks(seed: int) -> SlotNetworks:
    """Train the window net, the SimpleRNN and the far-only SimpleRNN from ``seed``.

    Each network starts from ``seed_everything(seed)``, so one seed gives one result on a
    given machine whatever ran before. About 15 s on two CPU cores.
    """
    train = make_slot_filling(4000, max_fillers=4, seed=1)  # chapter 2's training sentences
    test = make_slot_filling(2000, max_fillers=4, seed=2)   # and its test sentences
    far_test = make_slot_filling(2000, max_fillers=10, seed=3)
    pool = make_slot_filling(4000, max_fillers=10, seed=5)

    seed_everything(seed)
    window_net = window_network()
    window_net.fit(window_ids(train, WINDOW_SIZE, slot_vocabulary()), train.labels,
                   epochs=10, batch_size=64, verbose=0)
    seed_everything(seed)
    rnn_net = slot_rnn()
    rnn_net.fit(sentence_ids(train), train.labels, epochs=4, batch_size=128, verbose=0)
    seed_everything(seed)
    far_only = pool.cue_distance >= FAR_CUE
    far_net = slot_rnn()
    far_net.fit(sentence_ids(pool)[far_only], pool.labels[far_only], epochs=4,
                batch_size=128, verbose=0)
    return SlotNetworks(train, test, far_test, pool, window_net, rnn_net, far_net)
