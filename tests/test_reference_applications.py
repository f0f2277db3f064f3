"""Temperature sampling, perplexity and forecasting windows (chapter 10's reference)."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.reference import make_windows, perplexity, sample_with_temperature, softmax

RNG = np.random.default_rng(10)


def _draw_frequencies(logits, temperature, draws=20000, seed=0):
    rng = np.random.default_rng(seed)
    counts = np.bincount([sample_with_temperature(logits, temperature, rng)
                          for _ in range(draws)], minlength=len(logits))
    return counts / draws


@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0])
def test_draws_follow_the_tempered_softmax(temperature):
    logits = np.array([2.0, 1.0, 0.0, -1.0])
    expected = softmax(logits / temperature)
    np.testing.assert_allclose(_draw_frequencies(logits, temperature), expected, atol=0.015)


def test_same_seed_same_draws_and_the_global_generator_is_untouched():
    logits = RNG.normal(size=12)
    np.random.seed(3)
    before = np.random.get_state()[1].copy()
    first = [sample_with_temperature(logits, 1.0, np.random.default_rng(7)) for _ in range(1)]
    rng_a, rng_b = np.random.default_rng(7), np.random.default_rng(7)
    a = [sample_with_temperature(logits, 1.3, rng_a) for _ in range(50)]
    b = [sample_with_temperature(logits, 1.3, rng_b) for _ in range(50)]
    assert a == b and first[0] == a[0]
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_temperature_zero_is_the_argmax_and_large_logits_are_stable():
    logits = np.array([1e3, 1e3 - 2.0, -1e3])
    assert sample_with_temperature(logits, 0, np.random.default_rng(0)) == 0
    frequencies = _draw_frequencies(logits, 1.0, draws=5000)
    np.testing.assert_allclose(frequencies[:2], softmax(logits)[:2], atol=0.02)
    assert frequencies[2] == 0
    with pytest.raises(ValueError, match="temperature must be >= 0"):
        sample_with_temperature(logits, -1.0, np.random.default_rng(0))


def test_perplexity_matches_tensorflow_cross_entropy():
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    import tensorflow as tf

    logits = RNG.normal(scale=3, size=(40, 7))
    targets = RNG.integers(0, 7, size=40)
    loss = tf.keras.losses.sparse_categorical_crossentropy(targets, logits, from_logits=True)
    np.testing.assert_allclose(perplexity(logits, targets), np.exp(np.mean(loss.numpy())),
                               rtol=1e-6)


def test_perplexity_of_uniform_logits_is_the_vocabulary_size_and_large_logits_are_finite():
    assert perplexity(np.full((5, 27), 4.2), np.arange(5)) == pytest.approx(27)
    # Logits of magnitude 1e3: only their differences matter (a naive exp overflows).
    logits = np.array([[1e3, 1e3 - 3.0], [-1e3, 1e3]])
    assert perplexity(logits, np.array([0, 1])) == pytest.approx(np.exp(np.log1p(np.exp(-3)) / 2))
    expected = np.exp((3 + np.log1p(np.exp(-3)) + 0) / 2)
    assert perplexity(logits, np.array([1, 1])) == pytest.approx(expected)
    with pytest.raises(ValueError, match=r"targets must lie in \[0, 2\)"):
        perplexity(logits, np.array([0, 2]))


def test_make_windows_by_hand():
    series = np.arange(10.0)
    X, y = make_windows(series, window=3, horizon=2)
    assert X.shape == (6, 3) and y.shape == (6,)
    np.testing.assert_array_equal(X[0], [0, 1, 2])
    np.testing.assert_array_equal(X[-1], [5, 6, 7])
    np.testing.assert_array_equal(y, [4, 5, 6, 7, 8, 9])   # series[i + 3 + 2 - 1]
    X1, y1 = make_windows(series, window=4, horizon=1)
    np.testing.assert_array_equal(y1, X1[:, -1] + 1)        # the very next value


def test_make_windows_rejects_series_too_short():
    assert make_windows(np.arange(5.0), 3, 2)[0].shape == (1, 3)
    with pytest.raises(ValueError, match="too short for window=3 and horizon=3"):
        make_windows(np.arange(5.0), 3, 3)
    with pytest.raises(ValueError, match="must be >= 1"):
        make_windows(np.arange(5.0), 0, 1)
