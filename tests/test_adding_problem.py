"""The adding problem's generator: shapes, markers, targets and the chance baseline."""

import numpy as np
import pytest

from rnn_course.data.adding import CHANCE_MSE, make_adding_problem


@pytest.mark.parametrize("num_steps", [2, 3, 10, 51])
def test_two_markers_one_per_half_and_target_is_their_sum(num_steps):
    x, y = make_adding_problem(64, num_steps, seed=3)
    assert x.shape == (64, num_steps, 2) and y.shape == (64, 1)
    assert x.dtype == y.dtype == np.float32
    markers = x[..., 1]
    assert np.all(markers.sum(axis=1) == 2)
    half = num_steps // 2
    assert np.all(markers[:, :half].sum(axis=1) == 1)
    np.testing.assert_allclose(y[:, 0], (x[..., 0] * markers).sum(axis=1), rtol=1e-6)


def test_seeded_and_chance_mse_is_the_target_variance():
    a, _ = make_adding_problem(5, 20, seed=1)
    b, _ = make_adding_problem(5, 20, seed=1)
    np.testing.assert_array_equal(a, b)
    _, y = make_adding_problem(200_000, 20, seed=0)
    assert abs(np.mean((y - 1.0) ** 2) - CHANCE_MSE) < 0.005


def test_too_short_is_refused():
    with pytest.raises(ValueError, match="at least 2"):
        make_adding_problem(3, 1)
