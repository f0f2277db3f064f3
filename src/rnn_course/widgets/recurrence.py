"""Live demo of chapter 2: how far back can a fixed window see? Taught in chapter 2.

Controls over :func:`rnn_course.plotting.recurrence.draw_window_vs_distance`.
"""

from __future__ import annotations

import ipywidgets as widgets

from rnn_course.plotting.recurrence import (MAX_WINDOW, WINDOW_DEFAULTS, WINDOW_FIGSIZE,
                                            draw_window_vs_distance,
                                            precompute_window_vs_distance)
from rnn_course.widgets import FigureDemo

MAX_FILLERS = 8
NUM_EXAMPLES = 20  # sentences the reader can step through


def window_vs_distance_demo(**defaults) -> FigureDemo:
    """Window size, longest gap (filler phrases) and example sentence -> the explorer.

    Args:
        **defaults: starting values for ``window_size``, ``max_fillers`` and
            ``sentence_index`` (default: ``WINDOW_DEFAULTS``, the static figure's view).
    """
    values = {**WINDOW_DEFAULTS, **defaults}
    style = {"description_width": "initial"}
    slider = dict(continuous_update=False, style=style)
    controls = {
        "window_size": widgets.IntSlider(value=values["window_size"], min=1, max=MAX_WINDOW,
                                         description="window size k", **slider),
        "max_fillers": widgets.IntSlider(value=values["max_fillers"], min=0,
                                         max=MAX_FILLERS, description="filler phrases ≤",
                                         **slider),
        "sentence_index": widgets.IntSlider(value=values["sentence_index"], min=0,
                                            max=NUM_EXAMPLES - 1, description="sentence",
                                            **slider),
    }
    demo = FigureDemo(draw_window_vs_distance, controls, figsize=WINDOW_FIGSIZE)
    for max_fillers in range(MAX_FILLERS + 1):
        precompute_window_vs_distance(demo.figure, max_fillers)  # updates only redraw
    return demo


DEMOS = (window_vs_distance_demo,)
