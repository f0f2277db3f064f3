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

from importlib import resources
from typing import Any, ClassVar

import anywidget
import ipywidgets as widgets
import numpy as np

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


def all_demos() -> list[type[LiveDemo]]:
    """Every live demo class of the package (parity test, browser benchmark, preview)."""
    import importlib
    import pkgutil

    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += [demo for demo in getattr(module, "DEMOS", ())
                  if isinstance(demo, type) and issubclass(demo, LiveDemo)]
    return found
