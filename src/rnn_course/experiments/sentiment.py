"""Sentiment of negation reviews: bag-of-words logistic regression against an LSTM. Chapter 10.

Many to one: the LSTM reads a padded review of ids ``(batch, NUM_STEPS)`` and its last
state goes through ``Dense(2)`` and a softmax, trained with (sparse) softmax
cross-entropy. The baseline a practitioner tries first is scikit-learn's logistic
regression on word counts, which cannot see word order (see
:mod:`rnn_course.data.sentiment`). :func:`padding_study` measures what padding and masking
do to the same LSTM.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_course.data.sentiment import encode_reviews, make_reviews, review_vocabulary

NUM_TRAIN, NUM_TEST = 2000, 1000
NUM_STEPS = 17          # the longest review the grammar makes
EMBEDDING, UNITS = 16, 32
EPOCHS, BATCH_SIZE, LEARNING_RATE = 5, 64, 1e-2
LONG_PADDING = 40       # the padding study pads to this length (most of each row: padding)


@dataclass(frozen=True)
class SentimentData:
    train_sentences: list
    train_labels: np.ndarray
    test_sentences: list
    test_labels: np.ndarray


def sentiment_data(seed: int = 0) -> SentimentData:
    """:data:`NUM_TRAIN` training and :data:`NUM_TEST` test reviews, from different seeds."""
    train = make_reviews(NUM_TRAIN, seed=2 * seed + 1)
    test = make_reviews(NUM_TEST, seed=2 * seed + 2)
    return SentimentData(train.sentences, train.labels, test.sentences, test.labels)


def word_counts(sentences) -> np.ndarray:
    """Bag of words: ``(N, vocab)`` counts of each word of :func:`review_vocabulary`."""
    index = {word: i for i, word in enumerate(review_vocabulary())}
    counts = np.zeros((len(sentences), len(index)))
    for row, sentence in enumerate(sentences):
        for word in sentence:
            counts[row, index[word]] += 1
    return counts


def bag_of_words_baseline(data: SentimentData) -> tuple[float, np.ndarray]:
    """Logistic regression on word counts: its test accuracy and test predictions ``(N,)``."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=1000)
    model.fit(word_counts(data.train_sentences), data.train_labels)
    predictions = model.predict(word_counts(data.test_sentences))
    return float(np.mean(predictions == data.test_labels)), predictions


def build_classifier(mask_zero: bool = True, units: int = UNITS):
    """Embedding (id 0 = padding, skipped when ``mask_zero``) -> LSTM -> Dense(2) softmax.

    Maps ids ``(batch, steps)`` to class probabilities ``(batch, 2)``.
    """
    import keras

    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(len(review_vocabulary()), EMBEDDING, mask_zero=mask_zero),
        keras.layers.LSTM(units),
        keras.layers.Dense(2, activation="softmax"),
    ])


def train_classifier(data: SentimentData, seed: int, padding: str = "post",
                     mask_zero: bool = True, num_steps: int = NUM_STEPS,
                     epochs: int = EPOCHS) -> tuple[object, list[float]]:
    """Train :func:`build_classifier` from ``seed``; the model and its test accuracy per epoch."""
    import keras

    keras.utils.set_random_seed(seed)
    x_train = encode_reviews(data.train_sentences, num_steps, padding)
    x_test = encode_reviews(data.test_sentences, num_steps, padding)
    model = build_classifier(mask_zero)
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, data.train_labels, batch_size=BATCH_SIZE, epochs=epochs,
                        validation_data=(x_test, data.test_labels), verbose=0)
    return model, [float(a) for a in history.history["val_accuracy"]]


PADDING_CASES = (("post", True), ("pre", False), ("post", False))


def padding_study(data: SentimentData, seed: int, epochs: int = 2,
                  cases=PADDING_CASES) -> dict[str, list[float]]:
    """Test accuracy per epoch for each ``(padding, mask_zero)`` case, every review padded
    to :data:`LONG_PADDING` steps (most of each row is padding).

    Post-padding without a mask makes the LSTM read 40-odd padding steps after the words
    before its last state is used; pre-padding puts the words last, so no mask is needed.
    """
    return {f"{padding}-padding, mask_zero={mask}": train_classifier(
                data, seed, padding, mask, LONG_PADDING, epochs)[1]
            for padding, mask in cases}
