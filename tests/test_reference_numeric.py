"""Softmax, log-sum-exp, masked attention, the seeded sampler and packed arrays (NumPy side)."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.reference import (Mulberry32, dot_attention, log_sum_exp, sample_categorical,
                                  softmax)
from rnn_course.widgets.arrays import pack_array, unpack_array

RNG = np.random.default_rng(5)


def test_softmax_and_log_sum_exp_are_stable_and_consistent():
    logits = np.array([[1e3, 1e3 - 1, -1e3], [0.0, 0.0, 0.0]])
    probabilities = softmax(logits)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    np.testing.assert_allclose(probabilities[1], 1 / 3)
    np.testing.assert_allclose(log_sum_exp(logits[1]), np.log(3))
    np.testing.assert_allclose(np.log(probabilities[0, :2]), logits[0, :2] - log_sum_exp(logits[0]))
    assert softmax(np.array([-np.inf, 0.0]))[0] == 0.0
    assert log_sum_exp(np.array([-np.inf, -np.inf])) == -np.inf


def test_softmax_matches_tensorflow():
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    import tensorflow as tf

    logits = RNG.normal(scale=30, size=(4, 9))
    np.testing.assert_allclose(softmax(logits), tf.nn.softmax(logits).numpy(), rtol=1e-12)
    np.testing.assert_allclose(log_sum_exp(logits), tf.reduce_logsumexp(logits, axis=-1).numpy())


def test_attention_weights_are_a_masked_softmax_of_scaled_scores():
    query, keys = RNG.normal(size=(2, 4)), RNG.normal(size=(2, 6, 4))
    values = RNG.normal(size=(2, 6, 3))
    mask = np.array([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]], bool)
    context, weights = dot_attention(query, keys, values, mask)
    assert context.shape == (2, 3) and weights.shape == (2, 6)
    assert (weights[0, 3:] == 0).all()
    scores = np.einsum("btd,bd->bt", keys, query) / 2.0
    np.testing.assert_allclose(weights[1], softmax(scores[1]))
    np.testing.assert_allclose(weights[0, :3], softmax(scores[0, :3]))
    np.testing.assert_allclose(context, np.einsum("bt,btv->bv", weights, values))
    _, huge = dot_attention(query * 1e3, keys * 1e3, values)
    assert np.isfinite(huge).all()
    with pytest.raises(ValueError, match="at least one real"):
        dot_attention(query, keys, values, np.zeros((2, 6), bool))
    with pytest.raises(ValueError, match="shapes do not fit"):
        dot_attention(query, keys[:, :, :3], values)


def test_sampler_inverts_the_cumulative_distribution():
    logits = np.log([0.2, 0.5, 0.3])
    assert [sample_categorical(logits, 1.0, u) for u in (0.0, 0.19, 0.21, 0.69, 0.71, 0.999)] == \
        [0, 0, 1, 1, 2, 2]
    assert sample_categorical(logits, 0, 0.0) == 1
    with pytest.raises(ValueError, match="temperature"):
        sample_categorical(logits, -1.0, 0.5)
    first = Mulberry32(3)
    draws = [first.next() for _ in range(5)]
    resumed = Mulberry32(3)
    resumed.next()
    assert [Mulberry32(resumed.state).next() for _ in range(1)] == draws[1:2]
    assert all(0 <= u < 1 for u in draws)


def test_packed_arrays_round_trip_and_refuse_lossy_integers():
    weights = RNG.normal(size=(3, 8)).astype(np.float32)
    np.testing.assert_array_equal(unpack_array(pack_array(weights)), weights)
    exact = RNG.normal(size=5)
    np.testing.assert_array_equal(unpack_array(pack_array(exact, "float64")), exact)
    assert len(pack_array(np.zeros(1000), "uint8")["data"]) < 1400
    with pytest.raises(ValueError, match="fit uint8"):
        pack_array([300], "uint8")
    with pytest.raises(ValueError, match="dtype must be one of"):
        pack_array([1.0], "float16")
