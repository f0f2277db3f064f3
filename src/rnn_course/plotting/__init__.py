"""Static figures of the course: what the website shows where a live demo needs a kernel.

Every interactive demo in ``rnn_course.widgets`` is a thin layer of controls over a
``draw_*`` function here; the same function, called with the demo's default values, draws
the static figure the book publishes.
"""

from __future__ import annotations

from importlib import resources
from typing import Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import BboxImage
from matplotlib.transforms import Bbox, TransformedBbox

STYLE_FILE = "rnn_course.mplstyle"

# The parts of a network have the same colour in every figure of the course.
INPUT_COLOR, HIDDEN_COLOR, OUTPUT_COLOR = "#c6dbef", "#e0e0e0", "#c7e9c0"
MEMORY_COLOR = "#fcbba1"


def use_course_style() -> None:
    """Apply the course's matplotlib style (shipped as ``assets/rnn_course.mplstyle``)."""
    style = resources.files("rnn_course").joinpath(STYLE_FILE)
    with resources.as_file(style) as path:
        plt.style.use(path)


def render_rgba(draw: Callable[[Figure], None], figsize: tuple[float, float],
                dpi: float) -> np.ndarray:
    """Draw on a fresh fixed-layout figure and return its pixels, ``(height, width, 4)``.

    Demos use it to render the parts of a figure that do not change with the controls
    (axes, tick labels, titles: most of the drawing time) once, and cache the result;
    the array is read-only because such caches share it between callers.
    """
    fig = Figure(figsize=figsize, dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    fig.set_layout_engine("none")
    draw(fig)
    canvas.draw()
    pixels = np.array(canvas.buffer_rgba())
    pixels.setflags(write=False)
    return pixels


def add_background(fig: Figure, pixels: np.ndarray) -> None:
    """Show ``pixels`` (from :func:`render_rgba`, same size and dpi) across the whole figure.

    The box is looked up at draw time, so the picture follows the figure when savefig
    crops it (``bbox_inches="tight"``, as the inline backend does).
    """
    fig.set_layout_engine("none")
    image = BboxImage(lambda _renderer: TransformedBbox(Bbox.unit(), fig.transFigure),
                      interpolation="nearest")
    image.set_data(pixels)
    fig.add_artist(image)
