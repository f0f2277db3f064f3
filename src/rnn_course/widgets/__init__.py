"""Live demos: widgets that compute and draw in the reader's browser.

A demo is one :class:`LiveDemo` subclass (an ``anywidget.AnyWidget``) plus one JavaScript
module in ``rnn_course/widgets/js/``. Python supplies, as synced traits, the control values
and whatever JavaScript should not redo (seeded weights and inputs drawn with NumPy,
anything that needs linear algebra or training); the module computes the demo's small
model and draws it (SVG) whenever a control moves. The same widget therefore works in
Jupyter (ipywidgets 7.7 and 8), in Colab, and on the static website with no kernel and no
network. Each demo's ``reference()`` computes with NumPy what its module's ``compute()``
returns; the parity test runs both on the demo's ``parity_cases``.
"""

from __future__ import annotations

import io
from importlib import resources
from typing import Any, Callable, ClassVar, Mapping

import anywidget
import ipywidgets as widgets
import numpy as np
from IPython.display import Image, clear_output, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

DrawFunction = Callable[..., None]
KIT_MODULE = "demo_kit.js"


def esm_source(module: str) -> str:
    """The ES module a demo runs: the shared kit followed by the demo's own module."""
    folder = resources.files("rnn_course.widgets").joinpath("js")
    return "\n".join(folder.joinpath(name).read_text(encoding="utf-8")
                     for name in (KIT_MODULE, module))


class LiveDemo(anywidget.AnyWidget):
    """Base class of the live demos.

    A subclass names its JavaScript module in ``_module``, declares its synced traits
    (``traitlets`` with ``.tag(sync=True)``; arrays as nested lists), lists the keyword
    arguments to test in ``parity_cases`` (or overrides :meth:`parity_demos`), and
    implements :meth:`reference`.
    """

    _module: ClassVar[str] = ""
    parity_cases: ClassVar[tuple[dict[str, Any], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if cls.__dict__.get("_module"):
            cls._esm = esm_source(cls._module)
        super().__init_subclass__(**kwargs)

    @classmethod
    def parity_demos(cls) -> list[LiveDemo]:
        """The demos whose JavaScript ``compute()`` the parity test checks."""
        return [cls(**case) for case in cls.parity_cases]

    def js_state(self) -> dict[str, Any]:
        """The synced values the module's ``compute(state)`` reads, by trait name."""
        return {name: getattr(self, name) for name in self.trait_names(sync=True)
                if not name.startswith("_") and name not in widgets.DOMWidget.class_trait_names()}

    def reference(self) -> dict[str, np.ndarray]:
        """NumPy values equal to what the module's ``compute(self.js_state())`` returns."""
        raise NotImplementedError


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
