"""Live demo of chapter 4: the hidden-state explorer.

Taught in chapter 4. Controls (recurrent weight scale, input pattern, sequence length)
over :func:`rnn_course.plotting.hidden_state.draw_hidden_state`.
"""

from __future__ import annotations

import ipywidgets as widgets

from rnn_course.plotting.hidden_state import (FIGSIZE, INPUT_PATTERNS, MAX_STEPS,
                                              draw_hidden_state)
from rnn_course.widgets import FigureDemo


def hidden_state_demo(weight_scale: float = 0.9, input_pattern: str = "impulse",
                      num_steps: int = 40) -> FigureDemo:
    """Watch a tanh RNN's hidden state evolve as the recurrent weights grow.

    The defaults are those of :func:`~rnn_course.plotting.hidden_state.plot_hidden_state`,
    so the demo first shows the static figure of the book.
    """
    controls = {
        "weight_scale": widgets.FloatSlider(value=weight_scale, min=0.0, max=3.0, step=0.05,
                                            description="weight scale",
                                            continuous_update=False,
                                            style={"description_width": "initial"}),
        "input_pattern": widgets.Dropdown(options=list(INPUT_PATTERNS), value=input_pattern,
                                          description="input"),
        "num_steps": widgets.IntSlider(value=num_steps, min=5, max=MAX_STEPS, step=5,
                                       description="num_steps", continuous_update=False,
                                       style={"description_width": "initial"}),
    }
    return FigureDemo(draw_hidden_state, controls, figsize=FIGSIZE)


DEMOS = (hidden_state_demo,)
