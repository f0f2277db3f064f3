"""Figures and tables of chapter 3 ("memory by hand"). Taught in chapter 3.

- :func:`memory_table_markdown` -- every step's input, memory and output as a Markdown table, for
  one network or several side by side (Elman vs Jordan);
- :func:`draw_unrolled_network` -- the unrolled graph of both networks, with symbols;
- :func:`draw_memory_stepper` -- the unrolled graph of one word order with its numbers,
  filled in up to a chosen step (the memory stepper demo of ``rnn_course.widgets.memory``).

The numbers come from :mod:`rnn_course.reference.memory`, with its index convention:
``memories[t]`` is the memory after the step that read ``inputs[t]``.
"""

from __future__ import annotations

import textwrap
from typing import Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from rnn_course.plotting import HIDDEN_COLOR, INPUT_COLOR, MEMORY_COLOR, OUTPUT_COLOR
from rnn_course.data.words import PINYIN, encode_words, split_words
from rnn_course.reference.memory import NETWORKS, memory_network, uniform_weights

NETWORK_NAMES = {"elman": "Elman", "jordan": "Jordan"}
STORED = {"elman": "memory = hidden values", "jordan": "memory = outputs"}
CURRENT_STEP_COLOR = "#fff5cc"

# Layout of the unrolled graph, in data units: step t sits at x = t * COLUMN, the memory
# it writes half a column to its right, so the memory boxes sit between the steps.
COLUMN, HALF_BOX = 1.5, 0.25
INPUT_Y, HIDDEN_Y, OUTPUT_Y = 0.0, 1.0, 2.0

STEPPER_DEFAULTS = {"words": "你祖我孫", "step": 4, "network": "elman", "weight": 1.0}
STEPPER_FIGSIZE = (8.0, 3.2)
MAX_STEPS = 8  # more steps than this no longer fit the figure's width


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


def _node(ax, x: float, y: float, text: str, color: str, shown: bool) -> None:
    ax.add_patch(Rectangle((x - HALF_BOX, y - HALF_BOX), 2 * HALF_BOX, 2 * HALF_BOX,
                           facecolor=color if shown else "white",
                           edgecolor="0.3" if shown else "0.75", linewidth=0.8))
    ax.text(x, y, text if shown else "?", ha="center", va="center", fontsize=8,
            color="black" if shown else "0.6")


def _arrow(ax, start: tuple[float, float], end: tuple[float, float], shown: bool) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": "0.25" if shown else "0.8",
                            "lw": 0.9, "shrinkA": 0, "shrinkB": 0, "mutation_scale": 8})


def _draw_step(ax, t: int, texts: Mapping[str, Sequence[str]], network: str,
               shown: bool) -> None:
    """Step ``t`` (1-based): x_t -> a_t -> y_t, m_{t-1} -> a_t, and a_t or y_t -> m_t."""
    x, memory_x = t * COLUMN, t * COLUMN + COLUMN / 2
    _node(ax, x, INPUT_Y, texts["input"][t - 1], INPUT_COLOR, shown)
    _node(ax, x, HIDDEN_Y, texts["hidden"][t - 1], HIDDEN_COLOR, shown)
    _node(ax, x, OUTPUT_Y, texts["output"][t - 1], OUTPUT_COLOR, shown)
    _arrow(ax, (x, INPUT_Y + HALF_BOX), (x, HIDDEN_Y - HALF_BOX), shown)
    _arrow(ax, (x, HIDDEN_Y + HALF_BOX), (x, OUTPUT_Y - HALF_BOX), shown)
    _arrow(ax, (x - COLUMN / 2 + HALF_BOX, HIDDEN_Y), (x - HALF_BOX, HIDDEN_Y), shown)
    if network == "elman":
        _arrow(ax, (x + HALF_BOX, HIDDEN_Y), (memory_x - HALF_BOX, HIDDEN_Y), shown)
    else:
        _arrow(ax, (x + HALF_BOX / 2, OUTPUT_Y - HALF_BOX),
               (memory_x - HALF_BOX / 2, HIDDEN_Y + HALF_BOX), shown)


def _draw_unrolled(ax, texts: Mapping[str, Sequence[str]], network: str, step: int,
                   words: Sequence[str] = (), highlight: bool = False) -> None:
    """Draw the unrolled graph; steps after ``step`` are left as empty '?' boxes.

    ``texts`` holds the text of each box: ``"input"``, ``"hidden"`` and ``"output"``
    one per step, ``"memory"`` one more (``m_0`` first).
    """
    num_steps = len(texts["input"])
    if highlight and step > 0:
        ax.axvspan(step * COLUMN - COLUMN / 2 + HALF_BOX, (step + 1) * COLUMN - HALF_BOX,
                   color=CURRENT_STEP_COLOR, zorder=0)
    for t in range(1, num_steps + 1):
        _draw_step(ax, t, texts, network, shown=t <= step)
    for t in range(num_steps + 1):
        _node(ax, t * COLUMN + COLUMN / 2, HIDDEN_Y, texts["memory"][t], MEMORY_COLOR,
              shown=t <= step)
    for t, word in enumerate(words, start=1):
        ax.text(t * COLUMN, INPUT_Y - HALF_BOX - 0.1, word, ha="center", va="top",
                fontsize=8)
    ax.set_xlim(COLUMN / 2 - 2 * HALF_BOX, (num_steps + 0.5) * COLUMN + 2 * HALF_BOX)
    ax.set_ylim(INPUT_Y - 0.65, OUTPUT_Y + 0.35)
    ax.set_xticks([])
    ax.set_yticks([INPUT_Y, HIDDEN_Y, OUTPUT_Y],
                  ["input $x_t$", "hidden $a_t$\nmemory $m_t$", "output $y_t$"], fontsize=8)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _symbols(num_steps: int) -> dict[str, list[str]]:
    steps = range(1, num_steps + 1)
    return {"input": [f"$x_{t}$" for t in steps], "hidden": [f"$a_{t}$" for t in steps],
            "output": [f"$y_{t}$" for t in steps],
            "memory": [f"$m_{t}$" for t in range(num_steps + 1)]}


def draw_unrolled_network(fig: Figure, num_steps: int = 3) -> None:
    """Draw the Elman and the Jordan network unrolled over ``num_steps`` steps, side by side.

    Blue: inputs ``x_t``; grey: hidden values ``a_t``; green: outputs ``y_t``; red: the
    memory ``m_t`` (``m_0 = 0``). Each step reads ``m_{t-1}``; Elman writes ``m_t = a_t``,
    Jordan ``m_t = y_t``. Every step uses the same weights.
    """
    for ax, network in zip(fig.subplots(1, len(NETWORKS)), NETWORKS):
        _draw_unrolled(ax, _symbols(num_steps), network, step=num_steps)
        ax.set_title(f"{NETWORK_NAMES[network]} network: {STORED[network]}")


def plot_unrolled_network(num_steps: int = 3) -> Figure:
    """Create a figure and draw :func:`draw_unrolled_network` on it."""
    fig = plt.figure(figsize=(10, 2.8))
    draw_unrolled_network(fig, num_steps)
    return fig


# -- The memory stepper ------------------------------------------------------------------


def _latin(text: str) -> str:
    """``text`` with the code book's characters in pinyin and other CJK characters as '?'.

    Matplotlib's default font has no Chinese glyphs (it would warn on stderr).
    """
    return "".join(PINYIN.get(char, char if ord(char) < 0x2000 else "?") for char in text)


def _draw_message(fig: Figure, message: str) -> None:
    fig.text(0.5, 0.5, textwrap.fill(_latin(message), 70), ha="center", va="center",
             fontsize=10)


def _numbers(inputs: np.ndarray, network: str, weight: float) -> dict[str, list[str]]:
    hidden, memories, outputs = memory_network(inputs, *uniform_weights(weight),
                                               network=network)
    memories = np.concatenate([np.zeros((1, memories.shape[1])), memories])
    # One number per line: a column vector fits the narrow boxes.
    return {name: ["\n".join(format_number(value) for value in row) for row in values]
            for name, values in (("input", inputs), ("hidden", hidden),
                                 ("output", outputs), ("memory", memories))}


# (left, bottom, width, height) of the unrolled diagram in the stepper, room above for the title
STEPPER_RECT = (0.1, 0.01, 0.89, 0.9)


def draw_memory_stepper(fig: Figure, words: str = STEPPER_DEFAULTS["words"],
                        step: int = STEPPER_DEFAULTS["step"],
                        network: str = STEPPER_DEFAULTS["network"],
                        weight: float = STEPPER_DEFAULTS["weight"]) -> None:
    """Draw a word order through an Elman or Jordan network, filled in up to ``step``.

    Args:
        fig: an empty figure.
        words: the word order, read by :func:`~rnn_course.data.words.split_words`
            (characters of the code book, or input vectors written as two digits).
        step: how many steps have run (``0``: only ``m_0 = 0`` is known); larger values
            are clipped to the number of words.
        network: ``"elman"`` or ``"jordan"``.
        weight: the value of every weight.

    Text that cannot be read, or longer than ``MAX_STEPS`` words, draws a message instead.
    """
    tokens = split_words(words)
    try:
        inputs = encode_words(words)
    except ValueError as error:
        _draw_message(fig, f"Cannot read this word order: {error}.")
        return
    if not 1 <= len(tokens) <= MAX_STEPS:
        _draw_message(fig, f"Type 1 to {MAX_STEPS} words: characters of the code book "
                      f"or input vectors such as 11 11 22 (got {len(tokens)} words).")
        return
    step = min(step, len(tokens))
    # A fixed position instead of the style's constrained layout, whose solve took about
    # half of every redraw of the demo.
    fig.set_layout_engine("none")
    ax = fig.add_axes(STEPPER_RECT)
    _draw_unrolled(ax, _numbers(inputs, network, weight), network, step,
                   words=[_latin(token) for token in tokens], highlight=True)
    ax.set_title(f"{NETWORK_NAMES[network]} network ({STORED[network]}), every weight "
                 f"{weight:g}: step {step} of {len(tokens)}")


def plot_memory_stepper(words: str = STEPPER_DEFAULTS["words"],
                        step: int = STEPPER_DEFAULTS["step"],
                        network: str = STEPPER_DEFAULTS["network"],
                        weight: float = STEPPER_DEFAULTS["weight"]) -> Figure:
    """Create a figure and draw :func:`draw_memory_stepper` (defaults: the demo's)."""
    fig = plt.figure(figsize=STEPPER_FIGSIZE)
    draw_memory_stepper(fig, words, step, network, weight)
    return fig
