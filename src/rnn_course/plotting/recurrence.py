"""Figures of chapter 2 ("why recurrence"): task shapes and the fixed-window explorer.

Taught in chapter 2. The explorer plots two parameter counts from
``rnn_course.reference``: a dense layer over a flattened window of word vectors, and a
recurrent cell (previewed in chapter 2, taught in chapter 4).
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from rnn_course.data.slot_filling import (CUE_WORDS, LABELS, accuracy_ceiling, has_cue,
                                          make_slot_filling)
from rnn_course.plotting import (HIDDEN_COLOR, INPUT_COLOR, OUTPUT_COLOR, add_background,
                                 render_rgba)
from rnn_course.reference.rnn import simple_rnn_param_count
from rnn_course.reference.sequences import window_dense_params

WINDOW_COLOR, CUE_SEEN_COLOR, CUE_MISSED_COLOR = "#fdd49e", "#2ca02c", "#d62728"


# -- Task shapes -------------------------------------------------------------------------

# name: (input steps, output steps, number of steps, example applications)
TASK_SHAPES = {
    "one-to-one": ((0,), (0,), 1, "image classification\n(no sequence)"),
    "one-to-many": ((0,), (0, 1, 2, 3), 4, "image captioning,\nmusic generation"),
    "many-to-one": ((0, 1, 2, 3), (3,), 4, "sentiment of a review,\naction in a video"),
    "many-to-many\n(aligned)": ((0, 1, 2, 3), (0, 1, 2, 3), 4,
                                "slot filling,\npart-of-speech tagging"),
    "many-to-many\n(encoder-decoder)": ((0, 1, 2), (3, 4, 5), 6,
                                       "machine translation,\nspeech recognition"),
}


def _box(ax, x: float, y: float, color: str) -> None:
    ax.add_patch(Rectangle((x - 0.3, y - 0.25), 0.6, 0.5, facecolor=color,
                           edgecolor="0.3", linewidth=0.8))


def _arrow(ax, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "->", "color": "0.3", "lw": 0.8,
                            "shrinkA": 0, "shrinkB": 0})


def _panel_width(num_steps: int) -> float:
    """Width in steps of a task panel: wide enough for its boxes and its caption."""
    return max(num_steps, 2.6) + 0.2


def _draw_task_shape(ax, title: str, inputs, outputs, num_steps: int, example: str) -> None:
    for step in range(num_steps):
        _box(ax, step, 1, HIDDEN_COLOR)
        if step + 1 < num_steps:
            _arrow(ax, (step + 0.3, 1), (step + 0.7, 1))
    for step in inputs:
        _box(ax, step, 0, INPUT_COLOR)
        _arrow(ax, (step, 0.25), (step, 0.75))
    for step in outputs:
        _box(ax, step, 2, OUTPUT_COLOR)
        _arrow(ax, (step, 1.25), (step, 1.75))
    center, half_width = (num_steps - 1) / 2, _panel_width(num_steps) / 2
    ax.set_xlim(center - half_width, center + half_width)
    ax.set_ylim(-0.5, 2.5)
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=9)
    ax.set_xlabel(example, fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_task_shapes(fig: Figure) -> None:
    """Draw the five input/output shapes of sequence tasks, one panel each.

    Blue boxes are inputs, grey boxes the network's state at each step (arrows to the
    right carry it on), red boxes outputs. Each panel names real applications.
    """
    widths = [_panel_width(num_steps) for _, _, num_steps, _ in TASK_SHAPES.values()]
    axes = fig.subplots(1, len(TASK_SHAPES), gridspec_kw={"width_ratios": widths})
    for ax, (title, shape) in zip(axes, TASK_SHAPES.items()):
        _draw_task_shape(ax, title, *shape)


def plot_task_shapes() -> Figure:
    """Create a figure and draw :func:`draw_task_shapes` on it."""
    fig = plt.figure(figsize=(8.5, 2.3))
    draw_task_shapes(fig)
    return fig


# -- Fixed window vs cue distance ------------------------------------------------------

WINDOW_DEFAULTS = {"window_size": 5, "max_fillers": 4, "sentence_index": 0}
WINDOW_FIGSIZE = (8, 4.4)
MAX_WINDOW = 40
NUM_SENTENCES = 2000
INPUT_DIM, UNITS = 100, 64  # word vectors and units of the parameter plot (as in ch. 4)
# A live update must stay near 50 ms, and drawing two full axes (ticks, labels, titles)
# costs more than that. Everything that does not move with the window size or the
# sentence is therefore rendered once per data set into an image (_plots_background).
# An update adds that image to the figure and draws only the markers and the sentence on
# top, all as figure-level artists in figure fractions: no axes to create or clear.
_CEILING_RECT, _PARAMS_RECT = (0.07, 0.4, 0.41, 0.52), (0.57, 0.4, 0.41, 0.52)
_CEILING_YLIM = (0.45, 1.03)
_K_LIM, _K_TICKS = (0, MAX_WINDOW + 1), (1, 10, 20, 30, 40)
_SENTENCE_TITLE_Y, _SENTENCE_TOP, _SENTENCE_LEFT = 0.24, 0.165, 0.015
_SENTENCE_FONTSIZE = 9
_LINE_SPACING = 1.9  # sentence lines apart, in font sizes


@lru_cache(maxsize=None)
def ceiling_curve(max_fillers: int, max_window: int = MAX_WINDOW) -> np.ndarray:
    """``(max_window,)`` accuracy ceilings of windows of size 1 .. ``max_window``.

    Computed once per data set (``make_slot_filling(NUM_SENTENCES, max_fillers)``) so a
    demo update only looks the values up.
    """
    data = make_slot_filling(NUM_SENTENCES, max_fillers)
    curve = np.array([accuracy_ceiling(data, k) for k in range(1, max_window + 1)])
    curve.setflags(write=False)  # shared by every caller through the cache
    return curve


def _params_ylim(input_dim: int, units: int) -> tuple[float, float]:
    top = window_dense_params(MAX_WINDOW, input_dim, units)
    return -0.04 * top, 1.04 * top


def _draw_ceiling_axes(ax, curve: np.ndarray) -> None:
    sizes = np.arange(1, len(curve) + 1)
    ax.plot(sizes, curve, color="C0", drawstyle="steps-mid")  # defined at whole k only
    ax.axhline(0.95, color="0.6", linestyle="--", linewidth=1)
    ax.set(xlim=_K_LIM, ylim=_CEILING_YLIM, xticks=_K_TICKS, yticks=(0.5, 0.75, 0.95),
           yticklabels=("50%", "75%", "95%"), xlabel="window size k",
           title="Best accuracy of a window of k words")


def _draw_params_axes(ax, input_dim: int, units: int) -> None:
    sizes = np.arange(1, MAX_WINDOW + 1)
    dense = window_dense_params(sizes, input_dim, units)
    recurrent = simple_rnn_param_count(input_dim, units)
    ax.plot(sizes, dense, color="C0")
    ax.axhline(recurrent, color="C2")
    ax.text(2, dense[-1], "dense layer over the window", color="C0", fontsize=8, va="top")
    ax.text(MAX_WINDOW, recurrent, f"recurrent cell, any length: {recurrent:,}",
            color="C2", fontsize=8, ha="right", va="bottom")
    top = int(dense[-1])
    ax.set(xlim=_K_LIM, ylim=_params_ylim(input_dim, units), xticks=_K_TICKS,
           yticks=(0, top // 2, top),
           yticklabels=("0", f"{top // 2000}k", f"{top // 1000}k"), xlabel="window size k",
           title=f"Parameters (d = {input_dim}, u = {units})")


@lru_cache(maxsize=32)
def _plots_background(max_fillers: int, figsize: tuple[float, float], dpi: float,
                      input_dim: int, units: int) -> np.ndarray:
    """``(height, width, 4)`` RGBA pixels of the two plots without their markers."""
    def draw(fig: Figure) -> None:
        _draw_ceiling_axes(fig.add_axes(_CEILING_RECT), ceiling_curve(max_fillers))
        _draw_params_axes(fig.add_axes(_PARAMS_RECT), input_dim, units)

    return render_rgba(draw, figsize, dpi)


def precompute_window_vs_distance(fig: Figure, max_fillers: int, input_dim: int = INPUT_DIM,
                                  units: int = UNITS) -> None:
    """Render and cache what only changes with ``max_fillers``, for figures like ``fig``.

    A demo calls it for every ``max_fillers`` its slider offers, so no update pays for it.
    """
    _plots_background(max_fillers, tuple(fig.get_size_inches()), fig.dpi, input_dim, units)


def _in_figure(rect, xlim, ylim, x: float, y: float) -> tuple[float, float]:
    """Figure-fraction position of data point (x, y) of axes at ``rect`` with these limits."""
    left, bottom, width, height = rect
    return (left + width * (x - xlim[0]) / (xlim[1] - xlim[0]),
            bottom + height * (y - ylim[0]) / (ylim[1] - ylim[0]))


def _mark(fig: Figure, position: tuple[float, float]) -> None:
    """A marker for the current window at ``position`` (figure fractions)."""
    marker = Line2D([position[0]], [position[1]], marker="o", linestyle="none", color="C1",
                    transform=fig.transFigure)
    marker.set_figure(fig)
    # In fig.lines, not fig.artists: IPython's inline backend shows nothing for a figure
    # that has neither axes nor lines, and this figure has no axes.
    fig.lines.append(marker)


def _label(fig: Figure, rect, x: float, y: float, text: str, **alignment) -> None:
    """Write ``text`` at axes fraction (x, y) of the axes at ``rect`` (kept off the curves)."""
    left, bottom, width, height = rect
    fig.text(left + width * x, bottom + height * y, text, color="C1", fontsize=9,
             **alignment)


@lru_cache(maxsize=None)
def char_width(fontsize: float, dpi: float) -> float:
    """Advance of one monospace character in points, as Agg really draws it at ``dpi``.

    Measured on a long run of characters rather than taken from the font metrics:
    depending on the matplotlib version, Agg's hinting may round each advance to whole
    pixels.
    """
    run = 100
    fig = Figure(dpi=dpi)
    text = fig.text(0, 0, "x" * run, family="monospace", fontsize=fontsize)
    width = text.get_window_extent(FigureCanvasAgg(fig).get_renderer()).width
    return width / run * 72 / dpi


def _word_layout(words, chars_per_line: int) -> list[tuple[int, int]]:
    """(line, first character) of each word when the sentence wraps at ``chars_per_line``."""
    positions, line, column = [], 0, 0
    for word in words:
        if column and column + len(word) > chars_per_line:
            line, column = line + 1, 0
        positions.append((line, column))
        column += len(word) + 1
    return positions


def _text_runs(words, positions, styles) -> list[list]:
    """Consecutive words on one line with the same style: [line, column, text, style]."""
    runs = []
    for word, (line, column), style in zip(words, positions, styles):
        if runs and runs[-1][0] == line and runs[-1][3] == style:
            runs[-1][2] += " " + word
        else:
            runs.append([line, column, word, style])
    return runs


def _draw_sentence(fig: Figure, data, index: int, window_size: int) -> None:
    """Write the sentence under the plots with the window shaded, in figure fractions."""
    width_points, height_points = fig.get_figwidth() * 72, fig.get_figheight() * 72
    char_x = char_width(_SENTENCE_FONTSIZE, fig.dpi) / width_points  # in figure x
    line_y = _LINE_SPACING * _SENTENCE_FONTSIZE / height_points
    chars_per_line = int((1 - 2 * _SENTENCE_LEFT) / char_x)

    def place(line: int, column: float) -> tuple[float, float]:
        return _SENTENCE_LEFT + column * char_x, _SENTENCE_TOP - line * line_y

    words = data.sentences[index]
    target, cue = int(data.target_index[index]), int(data.cue_index[index])
    seen = has_cue(data.window(index, window_size))
    positions = _word_layout(words, chars_per_line)
    first = max(0, target - window_size + 1)
    for line in sorted({positions[i][0] for i in range(first, target + 1)}):
        shaded = [i for i in range(first, target + 1) if positions[i][0] == line]
        start = positions[shaded[0]][1]
        end = positions[shaded[-1]][1] + len(words[shaded[-1]])
        x, y = place(line, start - 0.4)
        fig.add_artist(Rectangle((x, y - 0.42 * line_y), (end - start + 0.8) * char_x,
                                 0.84 * line_y, facecolor=WINDOW_COLOR, edgecolor="none",
                                 transform=fig.transFigure))
    cue_color = CUE_SEEN_COLOR if seen else CUE_MISSED_COLOR
    styles = [("bold", cue_color) if i == cue else ("bold", "black") if i == target
              else ("normal", "black") for i in range(len(words))]
    for line, column, text, (weight, color) in _text_runs(words, positions, styles):
        fig.text(*place(line, column), text, family="monospace", va="center",
                 fontsize=_SENTENCE_FONTSIZE, fontweight=weight, color=color)
    label = int(data.labels[index])
    verdict = "in the window: known" if seen else "outside: a 50% guess"
    fig.text(0.5, _SENTENCE_TITLE_Y, f"Sentence {index}, {LABELS[label]}: cue "
             f"'{CUE_WORDS[label]}' {target - cue} words back, {verdict}",
             ha="center", va="center", fontsize=9)


def draw_window_vs_distance(fig: Figure,
                            window_size: int = WINDOW_DEFAULTS["window_size"],
                            max_fillers: int = WINDOW_DEFAULTS["max_fillers"],
                            sentence_index: int = WINDOW_DEFAULTS["sentence_index"],
                            input_dim: int = INPUT_DIM, units: int = UNITS) -> None:
    """Draw the fixed-window explorer on an empty figure (laid out for ``WINDOW_FIGSIZE``).

    Top left: the best accuracy a window of ``k`` words ending at the target can reach on
    ``make_slot_filling(NUM_SENTENCES, max_fillers)`` (computed from the data), with the
    current ``window_size`` marked. Top right: parameters of a dense layer over the
    window (``window_dense_params``) against a recurrent cell (``simple_rnn_param_count``),
    for word vectors of ``input_dim`` numbers and ``units`` hidden units. Bottom: sentence
    ``sentence_index`` with the window shaded and the cue coloured (green when seen).

    Positions are laid out for the figure's own size and dpi (save it at that dpi).
    """
    add_background(fig, _plots_background(max_fillers, tuple(fig.get_size_inches()),
                                          fig.dpi, input_dim, units))
    ceiling = ceiling_curve(max_fillers)[window_size - 1]
    _mark(fig, _in_figure(_CEILING_RECT, _K_LIM, _CEILING_YLIM, window_size, ceiling))
    _label(fig, _CEILING_RECT, 0.97, 0.1, f"k = {window_size}: {ceiling:.1%}", ha="right")
    params = window_dense_params(window_size, input_dim, units)
    _mark(fig, _in_figure(_PARAMS_RECT, _K_LIM, _params_ylim(input_dim, units),
                          window_size, params))
    _label(fig, _PARAMS_RECT, 0.04, 0.8, f"k = {window_size}: {params:,}")
    _draw_sentence(fig, make_slot_filling(NUM_SENTENCES, max_fillers), sentence_index,
                   window_size)


def plot_window_vs_distance(window_size: int = WINDOW_DEFAULTS["window_size"],
                            max_fillers: int = WINDOW_DEFAULTS["max_fillers"],
                            sentence_index: int = WINDOW_DEFAULTS["sentence_index"]
                            ) -> Figure:
    """Create a figure and draw :func:`draw_window_vs_distance` (defaults: the demo's)."""
    fig = plt.figure(figsize=WINDOW_FIGSIZE)
    draw_window_vs_distance(fig, window_size, max_fillers, sentence_index)
    return fig
