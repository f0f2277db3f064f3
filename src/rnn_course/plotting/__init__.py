"""Static figures of the course: what the website shows where a live demo needs a kernel.

Every interactive demo in ``rnn_course.widgets`` is a thin layer of controls over a
``draw_*`` function here; the same function, called with the demo's default values, draws
the static figure the book publishes.
"""

from __future__ import annotations

from importlib import resources

import matplotlib.pyplot as plt

STYLE_FILE = "rnn_course.mplstyle"


def use_course_style() -> None:
    """Apply the course's matplotlib style (shipped as ``assets/rnn_course.mplstyle``)."""
    style = resources.files("rnn_course").joinpath(STYLE_FILE)
    with resources.as_file(style) as path:
        plt.style.use(path)
