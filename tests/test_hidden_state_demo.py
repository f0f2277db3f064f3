"""The hidden-state explorer of chapter 4: its numbers and its widget's data."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.widgets.hidden_state import (INPUT_PATTERNS, MAX_STEPS, UNITS,
                                             HiddenStateExplorer, explorer_weights,
                                             hidden_states, input_sequence)


@pytest.mark.parametrize("pattern", INPUT_PATTERNS)
def test_shapes_and_range(pattern):
    x, h_seq = hidden_states(2.0, pattern, 30)
    assert x.shape == (30,)
    assert h_seq.shape == (30, UNITS)
    assert np.all(np.abs(h_seq) < 1)  # tanh


def test_weights_keras_layout_and_scaled_orthogonal_recurrent_kernel():
    kernel, recurrent_kernel, bias = explorer_weights(1.5, units=8)
    assert kernel.shape == (1, 8) and recurrent_kernel.shape == (8, 8) and bias.shape == (8,)
    # weight_scale is exactly how much the recurrent kernel stretches any state
    np.testing.assert_allclose(recurrent_kernel.T @ recurrent_kernel, 1.5**2 * np.eye(8),
                               atol=1e-12)
    np.testing.assert_array_equal(explorer_weights(1.5, units=8)[0], kernel)  # seeded


def test_input_patterns_on_known_cases():
    np.testing.assert_array_equal(input_sequence("impulse", 4), [1, 0, 0, 0])
    np.testing.assert_array_equal(input_sequence("constant", 3), [1, 1, 1])
    np.testing.assert_allclose(input_sequence("sine", 4), np.sin(2 * np.pi * np.arange(4) / 12))
    # A longer noise sequence extends the shorter one (moving the slider adds steps).
    np.testing.assert_array_equal(input_sequence("noise", 10), input_sequence("noise", 20)[:10])


@pytest.mark.parametrize("args, message", [
    (("square", 10), "input_pattern must be one of"),
    (("impulse", 0), "num_steps must lie in"),
    (("impulse", MAX_STEPS + 1), "num_steps must lie in"),
])
def test_bad_arguments_are_rejected(args, message):
    with pytest.raises(ValueError, match=message):
        input_sequence(*args)


def test_no_recurrence_forgets_the_impulse_at_once():
    _, h_seq = hidden_states(0.0, "impulse", 10)
    assert np.abs(h_seq[0]).max() > 0.1
    np.testing.assert_array_equal(h_seq[1:], 0)


def test_small_weights_forget_and_large_weights_saturate():
    _, small = hidden_states(0.5, "impulse", 60)
    _, large = hidden_states(2.0, "impulse", 60)
    norms = np.linalg.norm(small, axis=1)
    assert np.all(np.diff(norms) <= 0)  # scale < 1 and |tanh(z)| <= |z|: never grows
    assert np.abs(small[-1]).max() < 1e-6


def test_widget_carries_the_seeded_weights_and_refuses_bad_values():
    demo = HiddenStateExplorer(weight_scale=1.5, units=8, seed=2)
    kernel, recurrent_kernel, _ = explorer_weights(1.5, units=8, seed=2)
    np.testing.assert_array_equal(demo.kernel, kernel)
    np.testing.assert_allclose(1.5 * np.asarray(demo.orthogonal), recurrent_kernel)
    assert len(demo.noise) == MAX_STEPS  # the longest sequence the slider allows
    with pytest.raises(ValueError, match="input_pattern must be one of"):
        HiddenStateExplorer(input_pattern="square")
