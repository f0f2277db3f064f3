"""Figure of chapter 2 ("why recurrence"): the five shapes of sequence tasks.

Taught in chapter 2. The window-vs-distance explorer of the same chapter is a live demo,
``rnn_course.widgets.recurrence``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from rnn_course.plotting import HIDDEN_COLOR, INPUT_COLOR, OUTPUT_COLOR

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
    return max(num_steps, 3.2) + 0.2


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
    ax.set_title(title, fontsize=10.5)
    ax.set_xlabel(example, fontsize=9.5)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_task_shapes(fig: Figure) -> None:
    """Draw the five input/output shapes of sequence tasks, one panel each.

    Boxes in the course's shared colours: inputs ``INPUT_COLOR`` (light blue), the
    network's state at each step ``HIDDEN_COLOR`` (grey; the arrows to the right carry it
    on), outputs ``OUTPUT_COLOR`` (light green). Each panel names real applications.
    """
    widths = [_panel_width(num_steps) for _, _, num_steps, _ in TASK_SHAPES.values()]
    axes = fig.subplots(1, len(TASK_SHAPES), gridspec_kw={"width_ratios": widths})
    for ax, (title, shape) in zip(axes, TASK_SHAPES.items()):
        _draw_task_shape(ax, title, *shape)


def plot_task_shapes() -> Figure:
    """Create a figure and draw :func:`draw_task_shapes` on it."""
    fig = plt.figure(figsize=(9, 2.5))
    draw_task_shapes(fig)
    return fig
