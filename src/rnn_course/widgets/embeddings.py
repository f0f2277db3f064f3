"""Live demo of chapter 1: the one-hot vs embedding explorer.

Taught in chapter 1. Controls (representation, embedding dimension, query word) over
:func:`rnn_course.plotting.embeddings.draw_embedding_explorer`.
"""

from __future__ import annotations

import ipywidgets as widgets

from rnn_course.plotting.embeddings import (EXPLORER_WORDS, FIGSIZE, MAX_EMBEDDING_DIM,
                                            REPRESENTATIONS, draw_embedding_explorer)
from rnn_course.widgets import FigureDemo


def embedding_explorer_demo(representation: str = "learned", embedding_dim: int = 8,
                            word: str = "cat") -> FigureDemo:
    """Compare word similarities under one-hot, random and learned representations.

    The defaults are those of :func:`~rnn_course.plotting.embeddings.plot_embedding_explorer`,
    so the demo first shows the static figure of the book.
    """
    controls = {
        "representation": widgets.Dropdown(options=list(REPRESENTATIONS),
                                           value=representation,
                                           description="vectors"),
        "embedding_dim": widgets.IntSlider(value=embedding_dim, min=1,
                                           max=MAX_EMBEDDING_DIM,
                                           description="embedding_dim",
                                           continuous_update=False,
                                           style={"description_width": "initial"}),
        "word": widgets.Dropdown(options=list(EXPLORER_WORDS), value=word,
                                 description="word"),
    }
    return FigureDemo(draw_embedding_explorer, controls, figsize=FIGSIZE)


DEMOS = (embedding_explorer_demo,)
