"""Static figures of the course (matplotlib): diagrams and plots that are not demos.

The interactive demos draw themselves in the browser (``rnn_course.widgets``); the
figures here share the course's style and the colours of a network's parts with them.
"""

from __future__ import annotations

from importlib import resources

import matplotlib.pyplot as plt

STYLE_FILE = "rnn_course.mplstyle"

# The parts of a network have the same colour in every figure of the course.
INPUT_COLOR, HIDDEN_COLOR, OUTPUT_COLOR = "#c6dbef", "#e0e0e0", "#c7e9c0"
MEMORY_COLOR = "#fcbba1"


def use_course_style() -> None:
    """Apply the course's matplotlib style (``rnn_course/rnn_course.mplstyle``, shipped in
    the package so that Colab has it too)."""
    style = resources.files("rnn_course").joinpath(STYLE_FILE)
    with resources.as_file(style) as path:
        plt.style.use(path)
