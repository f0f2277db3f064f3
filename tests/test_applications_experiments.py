"""Chapter 10's experiments: baselines, the char model's shipped weights and its NumPy path."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.experiments import char_model as cm
from rnn_course.experiments.forecasting import last_value_forecast
from rnn_course.experiments.sentiment import bag_of_words_baseline, sentiment_data, word_counts
from rnn_course.notebook import silence_tensorflow


@pytest.fixture(scope="module")
def poems():
    return cm.poem_data(cm.SHIPPED_SEED)


@pytest.fixture(scope="module")
def shipped():
    return cm.load_shipped_weights()


def test_bag_of_words_counts_words_and_misses_negation():
    counts = word_counts([["the", "plot", "was", "not", "bad"]])
    assert counts.sum() == 5 and counts.shape[1] == 24
    accuracy, _ = bag_of_words_baseline(sentiment_data(0))
    assert 0.55 < accuracy < 0.75


def test_last_value_forecast_repeats_each_window_end():
    np.testing.assert_array_equal(last_value_forecast(np.arange(6.0).reshape(2, 3)), [2, 5])


def test_poems_are_encoded_shifted_by_one_with_unknown_characters(poems):
    assert poems.vocabulary[-1] == cm.UNKNOWN and poems.vocabulary[0] == "\n"
    real = poems.train_weights > 0
    np.testing.assert_array_equal(poems.train_inputs[:, 1:][real[:, 1:]],
                                  poems.train_targets[:, :-1][real[:, 1:]])
    assert set(poems.train_weights.sum(axis=1)) == {25.0, 33.0}
    assert list(cm.encode_text("床𠀀", ["床", cm.UNKNOWN])) == [0, 1]


def test_bigram_beats_uniform(poems):
    bigram, weight = cm.best_bigram_perplexity(poems)
    assert cm.uniform_perplexity(poems) == pytest.approx(len(poems.vocabulary))
    assert bigram < 0.3 * len(poems.vocabulary) and weight in cm.BIGRAM_WEIGHTS


def test_shipped_weights_are_small_float32_and_give_the_claimed_perplexity(poems, shipped):
    assert list(shipped["vocabulary"]) == poems.vocabulary
    assert all(a.dtype == np.float32 for name, a in shipped.items() if name != "vocabulary")
    ids = poems.test_inputs[0][poems.test_weights[0] > 0]
    logits, _ = cm.next_logits(shipped, ids)
    silence_tensorflow()
    model = cm.model_from_weights(shipped)
    np.testing.assert_allclose(logits, model.predict(ids[None], verbose=0)[0], atol=1e-4)
    bigram, _ = cm.best_bigram_perplexity(poems)
    assert cm.model_perplexity(model, poems) < 0.9 * bigram


def test_generation_is_reproducible_and_learns_the_line_length(shipped):
    from rnn_course.data.quatrains import share_of_regular_lines

    text, distribution = cm.generate(shipped, "春", 0.5, seed=3, length=60)
    again, _ = cm.generate(shipped, "春", 0.5, seed=3, length=60)
    assert text == again and len(text) == 60
    assert distribution.shape == (len(shipped["vocabulary"]),)
    assert distribution.sum() == pytest.approx(1.0)
    def regular(temperature):  # share of 5- or 7-character lines, three samples
        return np.mean([share_of_regular_lines(cm.generate(shipped, "", temperature, seed=s,
                                                           length=500)[0]) for s in range(3)])

    cold, hot = regular(0.25), regular(2.0)
    assert cold >= 0.6 and cold >= 3 * hot, (cold, hot)
