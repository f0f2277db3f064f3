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


def test_one_model_builder_for_chapters_6_and_8():
    """Chapter 6's cells and chapter 8's comparison share ``adding.build_model``: the
    recurrent layer has the reference's parameter count, the output one number per sequence."""
    from rnn_course.experiments.adding import LAYERS, build_model
    from rnn_course.experiments.cell_comparison import LAYER_UNITS, NUM_STEPS
    from rnn_course.notebook import silence_tensorflow
    from rnn_course.reference import gru_param_count, lstm_param_count, simple_rnn_param_count

    silence_tensorflow()
    count = {"SimpleRNN": simple_rnn_param_count, "LSTM": lstm_param_count,
             "GRU": gru_param_count}
    assert set(LAYER_UNITS) <= set(LAYERS)
    for layer in LAYERS:
        model = build_model(layer, LAYER_UNITS[layer], NUM_STEPS)
        assert model.layers[0].count_params() == count[layer](2, LAYER_UNITS[layer])
        x, _ = make_adding_problem(3, NUM_STEPS, seed=0)
        assert model(x).shape == (3, 1)
    with pytest.raises(ValueError, match="GRU"):
        build_model("Transformer")
