"""Figures and tables of chapter 3 ("memory by hand"). Taught in chapter 3.

- :func:`memory_table_markdown` -- every step's input, memory and output as a Markdown table, for
  one network or several side by side (Elman vs Jordan);
- :func:`draw_unrolled_network` -- the unrolled graph of both networks, with symbols.

The memory stepper, the same graph with the numbers of any word order, is a live demo
drawn in the browser (``rnn_course.widgets.memory``).

The numbers come from :mod:`rnn_course.reference.memory`, with its index convention:
``memories[t]`` is the memory after the step that read ``inputs[t]``.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from rnn_course.plotting import HIDDEN_COLOR, INPUT_COLOR, MEMORY_COLOR, OUTPUT_COLOR
from rnn_course.reference.memory import NETWORKS

NETWORK_NAMES = {"elman": "Elman", "jordan": "Jordan"}
STORED = {"elman": "memory = hidden values", "jordan": "memory = outputs"}

# Layout of the unrolled graph, in data units: step t sits at x = t * COLUMN, the memory
# it writes half a column to its right, so the memory boxes sit between the steps.
COLUMN, HALF_BOX = 1.5, 0.25
INPUT_Y, HIDDEN_Y, OUTPUT_Y = 0.0, 1.0, 2.0
FONT_SIZE = 11  # the figure is drawn at the page's width (about 690 px), so 11 pt stays legible


# -- Tables --------------------------------------------------------------------------


def format_number(value: float) -> str:
    """Four significant digits, no trailing zeros, never ``-0``."""
    return f"{value + 0.0:.4g}"


def format_vector(vector: Iterable[float]) -> str:
    """``[4, 4]``-style text of a vector."""
    return "[" + ", ".join(format_number(value) for value in vector) + "]"


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown (GitHub / CommonMark pipe) table with the given header and rows."""
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def memory_table_markdown(words: Sequence[str], inputs: np.ndarray,
                 results: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> str:
    """Every step of one or more networks as a Markdown table (show it with ``Markdown``).

    Args:
        words: the word read at each step, ``num_steps`` strings (``split_words(text)``).
        inputs: ``(num_steps, input_dim)``.
        results: network name -> ``(memories, outputs)``, each ``(num_steps, dim)``, as
            :func:`~rnn_course.reference.memory.linear_memory_network` returns them; one
            pair of columns per network, in the mapping's order.

    Returns:
        A table with one row per step ``t = 1 .. num_steps``: the word, ``x_t``, and for
        each network the memory ``m_t`` it stores and its output ``y_t``.
    """
    columns = ["t", "word", "input x_t"]
    for name in results:
        columns += [f"{name}: memory m_t", f"{name}: output y_t"]
    rows = []
    for t, (word, x) in enumerate(zip(words, inputs)):
        row = [str(t + 1), word, format_vector(x)]
        for memories, outputs in results.values():
            row += [format_vector(memories[t]), format_vector(outputs[t])]
        rows.append(row)
    return markdown_table(columns, rows)


# -- The unrolled graph ----------------------------------------------------------------


def _node(ax, x: float, y: float, text: str, color: str) -> None:
    ax.add_patch(Rectangle((x - HALF_BOX, y - HALF_BOX), 2 * HALF_BOX, 2 * HALF_BOX,
                           facecolor=color, edgecolor="0.3", linewidth=0.8))
    ax.text(x, y, text, ha="center", va="center", fontsize=FONT_SIZE)


def _arrow(ax, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": "0.25", "lw": 0.9, "shrinkA": 0,
                            "shrinkB": 0, "mutation_scale": 10})


def _draw_step(ax, t: int, network: str) -> None:
    """Step ``t`` (1-based): x_t -> a_t -> y_t, m_{t-1} -> a_t, and a_t or y_t -> m_t."""
    x, memory_x = t * COLUMN, t * COLUMN + COLUMN / 2
    _node(ax, x, INPUT_Y, f"$x_{t}$", INPUT_COLOR)
    _node(ax, x, HIDDEN_Y, f"$a_{t}$", HIDDEN_COLOR)
    _node(ax, x, OUTPUT_Y, f"$y_{t}$", OUTPUT_COLOR)
    _arrow(ax, (x, INPUT_Y + HALF_BOX), (x, HIDDEN_Y - HALF_BOX))
    _arrow(ax, (x, HIDDEN_Y + HALF_BOX), (x, OUTPUT_Y - HALF_BOX))
    _arrow(ax, (x - COLUMN / 2 + HALF_BOX, HIDDEN_Y), (x - HALF_BOX, HIDDEN_Y))
    if network == "elman":
        _arrow(ax, (x + HALF_BOX, HIDDEN_Y), (memory_x - HALF_BOX, HIDDEN_Y))
    else:
        _arrow(ax, (x + HALF_BOX / 2, OUTPUT_Y - HALF_BOX),
               (memory_x - HALF_BOX / 2, HIDDEN_Y + HALF_BOX))


def _draw_unrolled(ax, network: str, num_steps: int) -> None:
    """Draw one network unrolled over ``num_steps`` steps, with symbols in the boxes."""
    for t in range(1, num_steps + 1):
        _draw_step(ax, t, network)
    for t in range(num_steps + 1):
        _node(ax, t * COLUMN + COLUMN / 2, HIDDEN_Y, f"$m_{t}$", MEMORY_COLOR)
    ax.set_xlim(COLUMN / 2 - 2 * HALF_BOX, (num_steps + 0.5) * COLUMN + 2 * HALF_BOX)
    ax.set_ylim(INPUT_Y - 0.35, OUTPUT_Y + 0.35)
    ax.set_xticks([])
    ax.set_yticks([INPUT_Y, HIDDEN_Y, OUTPUT_Y],
                  ["input $x_t$", "hidden $a_t$\nmemory $m_t$", "output $y_t$"],
                  fontsize=FONT_SIZE)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_unrolled_network(fig: Figure, num_steps: int = 3) -> None:
    """Draw the Elman and the Jordan network unrolled over ``num_steps`` steps, one above the other.

    Blue: inputs ``x_t``; grey: hidden values ``a_t``; green: outputs ``y_t``; red: the
    memory ``m_t`` (``m_0 = 0``). Each step reads ``m_{t-1}``; Elman writes ``m_t = a_t``,
    Jordan ``m_t = y_t``. Every step uses the same weights.
    """
    for ax, network in zip(fig.subplots(len(NETWORKS), 1), NETWORKS):
        _draw_unrolled(ax, network, num_steps)
        ax.set_title(f"{NETWORK_NAMES[network]} network: {STORED[network]}",
                     fontsize=FONT_SIZE + 1)


def plot_unrolled_network(num_steps: int = 3) -> Figure:
    """Create a figure and draw :func:`draw_unrolled_network` on it."""
    fig = plt.figure(figsize=(6.9, 4.8))
    draw_unrolled_network(fig, num_steps)
    return fig
