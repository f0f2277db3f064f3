"""The simple recurrent cell as a diagram, with the shape of every weight. Taught in chapter 4.

The figure reads left to right: the step input ``x_t`` and the previous state
``h_{t-1}`` are each multiplied by their weight matrix (Keras' ``kernel`` and
``recurrent_kernel``), the two products and the ``bias`` are added, ``tanh`` squashes
the sum, and the result ``h_t`` is both the cell's output and, at the next step, its
``h_{t-1}`` (the dashed arrow back).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch

from rnn_course.plotting import HIDDEN_COLOR, INPUT_COLOR, MEMORY_COLOR, OUTPUT_COLOR

WEIGHT_COLOR = "#fff2cc"
FONTSIZE = 12
# name: (centre x, centre y, width, text, colour); every shape is batch-first.
CELL_BOXES = {
    "x_t": (1.4, 2.2, 2.75, "$x_t$\n(batch_size, input_dim)", INPUT_COLOR),
    "h_prev": (1.4, 0.0, 2.75, "$h_{t-1}$\n(batch_size, units)", MEMORY_COLOR),
    "kernel": (4.9, 2.2, 2.9, "kernel $W_{xh}$\n(input_dim, units)", WEIGHT_COLOR),
    "recurrent_kernel": (4.9, 0.0, 2.9, "recurrent_kernel $W_{hh}$\n(units, units)",
                         WEIGHT_COLOR),
    "bias": (7.5, 2.9, 1.4, "bias $b$\n(units,)", WEIGHT_COLOR),
    "tanh": (9.0, 1.1, 1.0, "tanh", HIDDEN_COLOR),
    "h_t": (11.1, 1.1, 2.5, "$h_t$\n(batch_size, units)", OUTPUT_COLOR),
}
SUM_CENTER, SUM_RADIUS = (7.5, 1.1), 0.3
LOOP_Y = -1.0  # height of the dashed path that carries h_t back to the next step
BOX_HEIGHT = 0.95


def _box(ax, name: str) -> None:
    x, y, width, text, color = CELL_BOXES[name]
    ax.add_patch(FancyBboxPatch((x - width / 2, y - BOX_HEIGHT / 2), width, BOX_HEIGHT,
                                boxstyle="round,pad=0.05", facecolor=color,
                                edgecolor="0.3", linewidth=1))
    ax.text(x, y, text, ha="center", va="center", fontsize=FONTSIZE, gid=name)


def _arrow(ax, start, end, style: str = "-|>", **kwargs) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": style, "color": "0.25", "lw": 1.3,
                            "shrinkA": 0, "shrinkB": 0, "mutation_scale": 14, **kwargs})


def _edge(name: str, side: str) -> tuple[float, float]:
    """The middle of one side ("left", "right", "top", "bottom") of a box."""
    x, y, width, _, _ = CELL_BOXES[name]
    return {"left": (x - width / 2 - 0.05, y), "right": (x + width / 2 + 0.05, y),
            "top": (x, y + BOX_HEIGHT / 2 + 0.05),
            "bottom": (x, y - BOX_HEIGHT / 2 - 0.05)}[side]


def draw_rnn_cell(fig: Figure) -> None:
    """Draw ``h_t = tanh(x_t W_xh + h_{t-1} W_hh + b)`` with Keras' weight names and shapes."""
    ax = fig.add_subplot()
    for name in CELL_BOXES:
        _box(ax, name)
    (sx, sy), r = SUM_CENTER, SUM_RADIUS
    ax.add_patch(Circle(SUM_CENTER, r, facecolor="white", edgecolor="0.3", linewidth=1))
    ax.text(sx, sy, "+", ha="center", va="center", fontsize=FONTSIZE + 4)

    _arrow(ax, _edge("x_t", "right"), _edge("kernel", "left"))
    _arrow(ax, _edge("h_prev", "right"), _edge("recurrent_kernel", "left"))
    _arrow(ax, _edge("kernel", "right"), (sx - r * 0.7, sy + r * 0.7))
    _arrow(ax, _edge("recurrent_kernel", "right"), (sx - r * 0.7, sy - r * 0.7))
    _arrow(ax, _edge("bias", "bottom"), (sx, sy + r))
    _arrow(ax, (sx + r, sy), _edge("tanh", "left"))
    _arrow(ax, _edge("tanh", "right"), _edge("h_t", "left"))
    ax.text(8.15, 0.8, "$z_t$", ha="center", va="center", fontsize=FONTSIZE)

    # The new state goes back in as the next step's h_{t-1}: the recurrence.
    (hx, hy), (bx, by) = _edge("h_t", "bottom"), _edge("h_prev", "bottom")
    ax.plot([hx, hx, bx], [hy, LOOP_Y, LOOP_Y], color="0.25", lw=1.3, linestyle="--")
    _arrow(ax, (bx, LOOP_Y), (bx, by), linestyle="--")
    ax.text((hx + bx) / 2, LOOP_Y - 0.3, "next step: $h_t$ becomes $h_{t-1}$", ha="center",
            va="center", fontsize=FONTSIZE - 1, color="0.25")
    ax.text(12.45, 1.1, "output", ha="left", va="center", fontsize=FONTSIZE - 1,
            color="0.25")

    ax.set_xlim(-0.1, 13.4)
    ax.set_ylim(-1.5, 3.5)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_rnn_cell() -> Figure:
    """Create a figure and draw :func:`draw_rnn_cell` on it."""
    fig = plt.figure(figsize=(9, 3.4))
    draw_rnn_cell(fig)
    return fig
