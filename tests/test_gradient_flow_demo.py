"""The gradient-flow explorer of chapter 6: its numbers and its widget's data."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.widgets.gradient_flow import (MAX_STEPS, GradientFlowExplorer,
                                              explorer_data, gradient_norms)


@pytest.mark.parametrize("scale", [0.5, 1.0, 1.3])
def test_linear_network_stretches_by_exactly_the_spectral_radius_per_step(scale):
    # A scaled orthogonal matrix has every singular value equal to the scale.
    norms = gradient_norms(scale, "linear", 30)
    np.testing.assert_allclose(norms, scale ** np.arange(31), rtol=1e-9)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_saturating_slopes_never_beat_the_linear_bound(activation):
    # |f'| <= 1 for tanh and ReLU, so each step can only shrink what W stretches.
    norms = gradient_norms(1.2, activation, 50)
    assert np.all(norms <= 1.2 ** np.arange(51) * (1 + 1e-9))


def test_tanh_vanishes_below_one_and_even_at_one():
    assert gradient_norms(0.9, "tanh", 100)[-1] < 1e-4
    assert gradient_norms(1.0, "tanh", 100)[-1] < 1e-2  # tanh' < 1 shrinks it even at 1


def test_widget_carries_the_seeded_data_and_refuses_bad_values():
    demo = GradientFlowExplorer(units=5, seed=3)
    orthogonal, kernel, x = explorer_data(5, 3)
    np.testing.assert_array_equal(demo.orthogonal, orthogonal)
    assert np.array(demo.x).shape == (MAX_STEPS, kernel.shape[0])
    with pytest.raises(ValueError, match="activation must be one of"):
        GradientFlowExplorer(activation="sigmoid")
    with pytest.raises(ValueError, match="num_steps must lie in"):
        gradient_norms(1.0, "tanh", MAX_STEPS + 1)
