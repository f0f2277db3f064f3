"""Chapter 9's reference: teacher forcing's shift, greedy decoding, beam search, attention."""

import itertools

import numpy as np
import pytest

from rnn_course.reference import (beam_search, dot_attention, greedy_decode, log_sum_exp,
                                  shift_right)

START, END, VOCAB = 0, 1, 4


def toy_step(seed):
    """A step function whose logits depend on the whole history (kept in the state)."""
    def step(token, history):
        history = history + (token,)
        rng = np.random.default_rng([seed, *history])
        return rng.normal(0.0, 2.0, size=VOCAB), history
    return step


def brute_force(step, max_len):
    """Score every possible output: k < max_len tokens + END, or max_len tokens."""
    best = None
    for k in range(max_len + 1):
        for tokens in itertools.product([t for t in range(VOCAB) if t != END], repeat=k):
            total, state, previous = 0.0, (), START
            for token in tokens + ((END,) if k < max_len else ()):
                logits, state = step(previous, state)
                total += logits[token] - log_sum_exp(logits)
                previous = token
            if best is None or total > best[1]:
                best = (list(tokens), total)
    return best


def test_shift_right_prepends_start_and_drops_the_last_token():
    targets = np.array([[5, 6, 7, 2], [8, 2, 0, 0]])
    before = targets.copy()
    shifted = shift_right(targets, start_id=1)
    assert shifted.tolist() == [[1, 5, 6, 7], [1, 8, 2, 0]]
    assert np.array_equal(targets, before) and shifted.dtype == targets.dtype


@pytest.mark.parametrize("seed", range(5))
def test_beam_search_at_full_width_equals_brute_force(seed):
    step, max_len = toy_step(seed), 4
    tokens, log_prob = beam_search(step, (), START, END, max_len, width=VOCAB ** max_len)
    expected_tokens, expected_log_prob = brute_force(step, max_len)
    assert tokens == expected_tokens
    assert log_prob == pytest.approx(expected_log_prob, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_beam_search_of_width_one_is_greedy_and_wider_is_never_worse(seed):
    step, max_len = toy_step(seed), 5
    greedy = greedy_decode(step, (), START, END, max_len)
    tokens, greedy_score = beam_search(step, (), START, END, max_len, width=1)
    assert tokens == greedy
    assert beam_search(step, (), START, END, max_len, width=3)[1] >= greedy_score - 1e-12


def test_greedy_decode_stops_at_end_and_passes_the_state_on():
    seen = []

    def step(token, state):                 # counts up 2, 3, 4, ... then says END
        seen.append((token, state))
        logits = np.full(10, -5.0)
        logits[END if state == 4 else state + 2] = 5.0
        return logits, state + 1

    assert greedy_decode(step, 0, START, END, max_len=10) == [2, 3, 4, 5]
    assert seen == [(START, 0), (2, 1), (3, 2), (4, 3), (5, 4)]
    assert greedy_decode(step, 0, START, END, max_len=2) == [2, 3]


def test_beam_trace_keeps_width_hypotheses_per_step():
    trace = []
    beam_search(toy_step(1), (), START, END, 3, width=2, trace=trace)
    assert trace and all(len(kept) <= 2 for kept in trace)
    scores = [score for _, score, _ in trace[0]]
    assert scores == sorted(scores, reverse=True)


def test_dot_attention_equals_keras_attention_with_a_prescaled_query():
    import keras

    rng = np.random.default_rng(0)
    batch, steps, d, d_v = 3, 6, 4, 5
    query = rng.normal(size=(batch, d))
    keys, values = rng.normal(size=(batch, steps, d)), rng.normal(size=(batch, steps, d_v))
    mask = np.arange(steps)[None, :] < np.array([[6], [3], [1]])
    context, weights = dot_attention(query, keys, values, mask)
    layer = keras.layers.Attention(score_mode="dot")
    # Keras 3.10 does not expand a (batch, T) value mask without use_causal_mask: it
    # would broadcast against the batch axis, so the mask goes in as (batch, 1, T).
    k_context, k_weights = layer(
        [(query / np.sqrt(d))[:, None, :].astype("float32"), values.astype("float32"),
         keys.astype("float32")],
        mask=[None, mask[:, None, :]], return_attention_scores=True)
    np.testing.assert_allclose(weights, np.asarray(k_weights)[:, 0], atol=1e-5)
    np.testing.assert_allclose(context, np.asarray(k_context)[:, 0], atol=1e-5)
    assert np.all(weights[~mask] == 0.0)
