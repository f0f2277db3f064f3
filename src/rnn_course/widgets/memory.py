"""Live demo of chapter 3: the memory stepper. Taught in chapter 3.

Controls over :func:`rnn_course.plotting.memory.draw_memory_stepper`: pick or type a word
order, step through time, switch between the Elman and the Jordan network, change the
weight, and watch inputs, memory and outputs fill in.
"""

from __future__ import annotations

import ipywidgets as widgets

from rnn_course.plotting.memory import (MAX_STEPS, STEPPER_DEFAULTS, STEPPER_FIGSIZE,
                                        draw_memory_stepper)
from rnn_course.data.words import split_words
from rnn_course.widgets import FigureDemo

# The two sentences, the classic example, and one input followed by silence.
PRESET_WORDS = ("你祖我孫", "我祖你孫", "11 11 22", "11 00 00 00 00 00")


def _num_steps(words: str) -> int:
    return min(len(split_words(words)), MAX_STEPS)


def memory_stepper_demo(**defaults) -> FigureDemo:
    """Word order, time step, network type and weight -> the unrolled network with numbers.

    The word box offers :data:`PRESET_WORDS` and accepts typed text (characters of the
    code book, or input vectors as two digits: ``11 11 22``); the step slider always runs
    from 0 to the number of words. When calling ``demo.update``, pass ``words`` before
    ``step``.

    Args:
        **defaults: starting values for ``words``, ``step``, ``network`` (``"elman"`` or
            ``"jordan"``) and ``weight`` (default: ``STEPPER_DEFAULTS``, the static
            figure's view).
    """
    values = {**STEPPER_DEFAULTS, **defaults}
    style = {"description_width": "initial"}
    words = widgets.Combobox(value=values["words"], options=list(PRESET_WORDS),
                             ensure_option=False, continuous_update=False,
                             description="word order", style=style,
                             layout=widgets.Layout(width="210px"))
    step = widgets.IntSlider(value=values["step"], min=0, max=_num_steps(values["words"]),
                             description="step", continuous_update=False, style=style,
                             layout=widgets.Layout(width="230px"))
    network = widgets.ToggleButtons(options=[("Elman", "elman"), ("Jordan", "jordan")],
                                    value=values["network"], style={"button_width": "64px"})
    weight = widgets.FloatSlider(value=values["weight"], min=0.0, max=2.0, step=0.25,
                                 description="weight", continuous_update=False,
                                 style=style, layout=widgets.Layout(width="230px"))

    def fit_step_slider(change: dict) -> None:
        step.max = _num_steps(change["new"])  # also pulls the step back inside the range

    # Observed before FigureDemo observes the controls, so the redraw sees the new range.
    words.observe(fit_step_slider, names="value")
    controls = {"words": words, "step": step, "network": network, "weight": weight}
    return FigureDemo(draw_memory_stepper, controls, figsize=STEPPER_FIGSIZE)


DEMOS = (memory_stepper_demo,)
