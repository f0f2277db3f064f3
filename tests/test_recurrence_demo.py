"""Chapter 2: the arrive/leave data set, the window ceiling, parameter counts, the live
demo's data, the task-shapes figure and its caption."""

from __future__ import annotations

import ast
import colorsys
import json
from collections import defaultdict
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from rnn_course.data.slot_filling import (CUE_WORDS, LABELS, PAD, accuracy_ceiling,
                                          cue_in_window, make_slot_filling,
                                          slot_vocabulary, window_ids)
from rnn_course.plotting import HIDDEN_COLOR, INPUT_COLOR, OUTPUT_COLOR
from rnn_course.plotting.recurrence import TASK_SHAPES, plot_task_shapes
from rnn_course.reference import simple_rnn_param_count, window_dense_params
from rnn_course.widgets.arrays import unpack_array
from rnn_course.widgets.recurrence import (MAX_FILLERS, MAX_WINDOW, NUM_EXAMPLES,
                                           NUM_SENTENCES, WindowVsDistance, ceiling_curve)

CHAPTER = Path(__file__).resolve().parents[1] / "chapters" / "02_why_recurrence.ipynb"

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


def test_ceiling_curve_is_the_ceiling_of_each_window_size():
    small = make_slot_filling(300, max_fillers=2, seed=3)
    curve = ceiling_curve(2, num_sentences=300, seed=3, max_window=12)
    np.testing.assert_allclose(curve, [accuracy_ceiling(small, k) for k in range(1, 13)])
    assert ceiling_curve(0)[3] == 1.0  # no fillers: every cue is 3 words back


def test_widget_carries_every_data_set_and_refuses_bad_values():
    demo = WindowVsDistance(window_size=7, max_fillers=2, sentence_index=4,
                            num_sentences=300, seed=3)
    distances = unpack_array(demo.cue_distances)
    assert distances.shape == (MAX_FILLERS + 1, 300)
    for max_fillers in range(MAX_FILLERS + 1):
        data = make_slot_filling(300, max_fillers, seed=3)
        np.testing.assert_array_equal(distances[max_fillers], data.cue_distance)
        assert demo.example_cues[max_fillers] == data.cue_index[:NUM_EXAMPLES].tolist()
        assert demo.example_targets[max_fillers] == data.target_index[:NUM_EXAMPLES].tolist()
        assert demo.sentences[max_fillers] == [" ".join(s) for s in data.sentences[:NUM_EXAMPLES]]
        assert demo.labels[max_fillers] == data.labels[:NUM_EXAMPLES].tolist()
    assert demo.label_names == list(LABELS) and demo.max_window == MAX_WINDOW
    default = WindowVsDistance()  # the chapter's data set at the default 4 fillers
    assert (default.window_size, default.max_fillers, default.sentence_index) == (5, 4, 0)
    np.testing.assert_array_equal(unpack_array(default.cue_distances)[4],
                                  make_slot_filling(NUM_SENTENCES, 4).cue_distance)
    for bad, message in [({"window_size": 0}, "window_size"),
                         ({"max_fillers": MAX_FILLERS + 1}, "max_fillers"),
                         ({"sentence_index": NUM_EXAMPLES}, "sentence_index")]:
        with pytest.raises(ValueError, match=f"{message} must lie in"):
            WindowVsDistance(**bad)
        with pytest.raises(ValueError, match=f"{message} must lie in"):
            setattr(default, *bad.popitem())  # moved from Python, as a learner might


def test_parity_cases_cover_every_control_edge():
    cases = WindowVsDistance.parity_cases
    assert {1, MAX_WINDOW} <= {c["window_size"] for c in cases}
    assert {0, MAX_FILLERS} <= {c["max_fillers"] for c in cases}
    assert {0, NUM_EXAMPLES - 1} <= {c["sentence_index"] for c in cases}


def test_task_shapes_figure_has_one_panel_per_shape_in_the_shared_colours():
    fig = plot_task_shapes()
    assert len(fig.axes) == len(TASK_SHAPES) == 5
    colours = {to_rgb(patch.get_facecolor()) for ax in fig.axes for patch in ax.patches
               if isinstance(patch, Rectangle)}
    assert colours == {to_rgb(c) for c in (INPUT_COLOR, HIDDEN_COLOR, OUTPUT_COLOR)}
    plt.close(fig)


def _colour_name(colour: str) -> str:
    hue, _, saturation = colorsys.rgb_to_hls(*to_rgb(colour))
    if saturation < 0.1:
        return "grey"
    return "green" if 75 <= 360 * hue <= 165 else "blue" if 180 <= 360 * hue <= 260 else "?"


def _chapter_cells() -> list[dict]:
    return json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]


def test_chapter_caption_names_the_colours_the_figure_draws():
    figure_cells = [c for c in _chapter_cells()
                    if "plot_task_shapes()" in "".join(c["source"])]
    options = figure_cells[-1]["metadata"]["mystnb"]
    caption, alt = options["figure"]["caption"], options["image"]["alt"]
    for part, colour in (("inputs", INPUT_COLOR), ("state", HIDDEN_COLOR),
                         ("outputs", OUTPUT_COLOR)):
        assert f"{_colour_name(colour)} boxes" in caption, (part, caption)
    assert "red" not in caption and len(alt) > 80


def _module_bindings(tree: ast.Module) -> set[str]:
    """Names a cell binds in the notebook's namespace (not inside functions or comprehensions)."""
    names, todo = set(), list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                             ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        todo.extend(ast.iter_child_nodes(node))
    return names


def test_chapter_binds_each_name_in_one_cell_only():
    # Re-running a cell must not silently change what a later cell computes.
    cells = defaultdict(list)
    for index, cell in enumerate(_chapter_cells()):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "%pip" not in source:
            for name in _module_bindings(ast.parse(source)):
                cells[name].append(index)
    rebound = {name: where for name, where in cells.items() if len(where) > 1}
    assert not rebound, f"names bound in several cells: {rebound}"


