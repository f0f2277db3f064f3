"""Live demos: ipywidgets controls around the ``rnn_course.plotting`` draw functions.

A demo needs a kernel; the website shows the same drawing as a static figure (the
``plot_*`` twin of each ``draw_*`` function, called with the demo's default values).
Widgets use only the API shared by ipywidgets 7.7 (Google Colab) and 8.x.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Mapping

import ipywidgets as widgets
from IPython.display import Image, clear_output, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

DrawFunction = Callable[..., None]


class FigureDemo:
    """A row of controls above a matplotlib figure that is redrawn when a control moves.

    Args:
        draw: ``draw(fig, **values)`` draws on an empty figure; ``values`` maps each
            control's name to its current value.
        controls: the named controls, in display order.
        figsize: size of the figure in inches.

    ``update(**values)`` is the single entry point: the controls call it when they move,
    and tests and benchmarks call it directly.
    """

    def __init__(self, draw: DrawFunction, controls: Mapping[str, widgets.ValueWidget],
                 figsize: tuple[float, float] | None = None) -> None:
        self._draw = draw
        self.controls = dict(controls)
        # A figure outside pyplot: the inline backend does not show it a second time at
        # the end of the cell, and its Agg canvas gives us the rendered pixels.
        self.figure = Figure(figsize=figsize)
        self._canvas = FigureCanvasAgg(self.figure)
        self.output = widgets.Output()
        self._updating = False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.controls.values())), self.output])
        self.update()

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> Figure:
        """Set the given controls, then redraw and show the figure once; return it."""
        self._updating = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._updating = False
        self.figure.clear()
        self._draw(self.figure, **self.values)
        with self.output:
            clear_output(wait=True)
            display(Image(data=self.render_png(), format="png"))
        return self.figure

    def render_png(self) -> bytes:
        """Draw the figure once and encode its pixels as a PNG.

        Cheaper than ``display(figure)``, whose inline backend draws twice (to crop with
        ``bbox_inches="tight"``) and compresses harder; this keeps an update near 50 ms.
        """
        self._canvas.draw()
        width, height = self._canvas.get_width_height()
        pixels = PILImage.frombuffer("RGBA", (width, height), self._canvas.buffer_rgba(),
                                     "raw", "RGBA", 0, 1)
        png = io.BytesIO()
        pixels.save(png, format="png", compress_level=1)
        return png.getvalue()

    def _on_change(self, _change: dict) -> None:
        if not self._updating:
            self.update()

    def _ipython_display_(self) -> None:
        display(self.widget)
