"""The hidden-state explorer of chapter 4: its numbers, its figure and its demo."""

from __future__ import annotations

import inspect

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from rnn_course.plotting.hidden_state import (INPUT_PATTERNS, MAX_STEPS, UNITS,  # noqa: E402
                                              draw_hidden_state, explorer_weights,
                                              hidden_states, input_sequence,
                                              plot_hidden_state)
from rnn_course.widgets.hidden_state import DEMOS, hidden_state_demo  # noqa: E402


def heatmap(fig) -> np.ndarray:
    """The h_t image of the figure, (units, num_steps)."""
    (image,) = [im for ax in fig.axes for im in ax.get_images()]
    return np.asarray(image.get_array())


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
    assert np.abs(large[-1]).max() > 0.9


def test_draw_shows_the_states_as_units_by_steps():
    fig = plot_hidden_state(1.3, "sine", 25)
    _, h_seq = hidden_states(1.3, "sine", 25)
    np.testing.assert_allclose(heatmap(fig), h_seq.T)
    assert len(fig.axes) == 2  # input and heatmap, over the cached frame and colour bar


def test_demo_defaults_are_the_static_figure_defaults():
    plot_defaults = {name: p.default for name, p in
                     inspect.signature(plot_hidden_state).parameters.items()}
    demo_defaults = {name: p.default for name, p in
                     inspect.signature(hidden_state_demo).parameters.items()}
    assert plot_defaults == demo_defaults
    assert hidden_state_demo().values == plot_defaults
    draw_defaults = inspect.signature(draw_hidden_state).parameters
    assert all(draw_defaults[name].default == value for name, value in plot_defaults.items())


def test_update_changes_the_figure():
    demo = DEMOS[0]()
    before = heatmap(demo.figure).copy()
    demo.update(weight_scale=2.0, input_pattern="constant")
    after = heatmap(demo.figure)
    assert demo.values["weight_scale"] == 2.0
    assert not np.allclose(before, after)
    demo.update(num_steps=60)
    assert heatmap(demo.figure).shape == (UNITS, 60)
