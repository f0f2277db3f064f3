"""Chapter 2: the arrive/leave data set, the window ceiling, parameter counts, figures."""

from __future__ import annotations

import inspect

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from rnn_course.data.slot_filling import (CUE_WORDS, LABELS, PAD, accuracy_ceiling,
                                          cue_in_window, make_slot_filling,
                                          slot_vocabulary, window_ids)
from rnn_course.plotting.recurrence import (MAX_WINDOW, TASK_SHAPES, WINDOW_DEFAULTS,
                                            ceiling_curve, char_width, plot_task_shapes,
                                            plot_window_vs_distance)
from rnn_course.reference import simple_rnn_param_count, window_dense_params
from rnn_course.widgets.recurrence import DEMOS, window_vs_distance_demo

MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"}


@pytest.fixture(scope="module")
def data():
    return make_slot_filling(500, max_fillers=4, seed=1)


def test_generator_is_seeded_and_labels_follow_the_cue(data):
    again = make_slot_filling.__wrapped__(500, max_fillers=4, seed=1)  # bypass the cache
    assert again.sentences == data.sentences
    np.testing.assert_array_equal(again.labels, data.labels)
    assert make_slot_filling(500, 4, seed=2).sentences != data.sentences
    for sentence, target, cue, label in zip(data.sentences, data.target_index,
                                            data.cue_index, data.labels):
        assert sentence[cue] == CUE_WORDS[label]
        assert sentence[target] in MONTHS and sentence[target - 1] == "on"
        assert sum(word in CUE_WORDS for word in sentence) == 1
    assert set(np.unique(data.labels)) == {0, 1} and len(LABELS) == 2


def test_fillers_set_the_cue_distance():
    assert set(make_slot_filling(200, max_fillers=0).cue_distance) == {3}
    distances = make_slot_filling(500, max_fillers=4).cue_distance
    assert distances.min() == 3 and distances.max() > 12


def test_window_ends_at_the_target_and_pads_on_the_left(data):
    sentence, target = data.sentences[0], int(data.target_index[0])
    assert data.window(0, 1) == (sentence[target],)
    assert data.window(0, 3) == sentence[target - 2:target + 1]
    long = data.window(0, target + 4)
    assert long == (PAD,) * 3 + sentence[:target + 1]


def test_ceiling_is_one_half_without_cue_and_one_with_it(data):
    assert accuracy_ceiling(data, 3) == 0.5  # the cue is always >= 3 words back
    assert accuracy_ceiling(data, int(data.cue_distance.max()) + 1) == 1.0
    for window_size in (4, 8, 12):
        seen = data.cue_distance < window_size  # independent of the word scan
        np.testing.assert_array_equal(cue_in_window(data, window_size), seen)
        assert accuracy_ceiling(data, window_size) == pytest.approx(
            seen.mean() + 0.5 * (1 - seen.mean()))


def test_ceiling_curve_grows_with_the_window():
    curve = ceiling_curve(4)
    assert curve.shape == (MAX_WINDOW,)
    assert np.all(np.diff(curve) >= 0) and curve[0] == 0.5 and curve[-1] == 1.0


def test_window_ids_use_a_shared_vocabulary(data):
    vocabulary = slot_vocabulary()
    assert vocabulary[PAD] == 0
    ids = window_ids(data, 6, vocabulary)
    assert ids.shape == (len(data), 6)
    other = make_slot_filling(50, max_fillers=8, seed=9)  # every word has an id
    assert window_ids(other, 40, vocabulary).max() < len(vocabulary)


def test_parameter_counts():
    # Dense over 3 vectors of 4 numbers, 2 units: kernel (12, 2) + bias (2,)
    assert window_dense_params(3, 4, 2) == 26
    # SimpleRNN(3) on 4 inputs: kernel (4, 3) + recurrent_kernel (3, 3) + bias (3,)
    assert simple_rnn_param_count(4, 3) == 24
    np.testing.assert_array_equal(window_dense_params(np.arange(1, 4), 4, 2), [10, 18, 26])


def test_task_shapes_figure_has_one_panel_per_shape():
    fig = plot_task_shapes()
    assert len(fig.axes) == len(TASK_SHAPES) == 5
    plt.close(fig)


def test_static_figure_defaults_are_the_demo_defaults():
    signature = inspect.signature(plot_window_vs_distance)
    plot_defaults = {name: p.default for name, p in signature.parameters.items()}
    assert plot_defaults == WINDOW_DEFAULTS
    assert window_vs_distance_demo().values == WINDOW_DEFAULTS
    assert DEMOS == (window_vs_distance_demo,)


def _texts(fig) -> list[str]:
    return [text.get_text() for text in fig.texts]


def _markers(fig) -> list[tuple[float, float]]:
    """Figure-fraction positions of the current-window markers (ceiling, parameters)."""
    return [(float(line.get_xdata()[0]), float(line.get_ydata()[0]))
            for line in fig.lines]


def test_update_redraws_the_figure():
    demo = window_vs_distance_demo()
    assert f"k = 5: {ceiling_curve(4)[4]:.1%}" in _texts(demo.figure)
    assert f"k = 5: {window_dense_params(5, 100, 64):,}" in _texts(demo.figure)
    before, sentence_texts = _markers(demo.figure), _texts(demo.figure)
    demo.update(window_size=20, sentence_index=3)
    after = _markers(demo.figure)
    assert f"k = 20: {ceiling_curve(4)[19]:.1%}" in _texts(demo.figure)
    assert len(after) == 2 and all(a[0] > b[0] and a[1] > b[1] for a, b in zip(after, before))
    assert _texts(demo.figure) != sentence_texts
    fresh = plot_window_vs_distance(window_size=20, sentence_index=3)
    assert len(demo.figure.artists) == len(fresh.artists)  # cleared, not stacked
    assert len(demo.figure.texts) == len(fresh.texts)
    plt.close(fresh)
    demo.update(max_fillers=0)
    assert "k = 20: 100.0%" in _texts(demo.figure)  # no fillers: the cue is 3 words back


def test_sentence_uses_the_width_agg_draws():
    fig = Figure(figsize=(4, 1), dpi=100)
    text = fig.text(0, 0, "x" * 50, family="monospace", fontsize=9)
    width = text.get_window_extent(FigureCanvasAgg(fig).get_renderer()).width
    assert char_width(9, 100) == pytest.approx(width / 50 * 72 / 100)
