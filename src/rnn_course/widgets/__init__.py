"""Live demos: widgets that compute and draw in the reader's browser.

A demo is one :class:`LiveDemo` subclass (an ``anywidget.AnyWidget``) plus one JavaScript
module in ``rnn_course/widgets/js/``. Python declares the controls (:mod:`.controls`: range
and step, choices and their labels, checked when set from Python) and supplies, as synced
traits, whatever JavaScript should not redo (seeded weights and inputs drawn with NumPy,
anything that needs linear algebra or training; large arrays packed by
:func:`.arrays.pack_array`). The module computes the demo's small model with the shared
numeric core (``js/core.js``) and draws it (SVG) whenever a control moves, so the same
widget works in Jupyter (ipywidgets 7.7 and 8), in Colab, and on the static website with no
kernel and no network. Each demo's ``reference()`` computes with NumPy what its module's
``compute()`` returns; the parity test runs both on the demo's ``parity_demos()``.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib import resources
from typing import Any, ClassVar

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets

from rnn_course.widgets.arrays import unpack_array
from rnn_course.widgets.controls import control_traits

SHARED_MODULES = ("core.js", "demo_kit.js")
"""Prepended, in this order, to every demo's module: the numeric core, then the kit."""

_REGISTRY: list[type[LiveDemo]] = []


def esm_source(module: str) -> str:
    """The ES module a demo runs: the numeric core, the kit, then the demo's own module."""
    folder = resources.files("rnn_course.widgets").joinpath("js")
    return "\n".join(folder.joinpath(name).read_text(encoding="utf-8")
                     for name in (*SHARED_MODULES, module))


class LiveDemo(anywidget.AnyWidget):
    """Base class of the live demos.

    A subclass names its JavaScript module in ``_module``, declares its controls with
    :func:`~rnn_course.widgets.controls.slider`, ``dropdown`` and ``text_box`` and its data as
    synced ``traitlets``, lists the keyword arguments to test in ``parity_cases`` (or
    overrides :meth:`parity_demos`), and implements :meth:`reference`. Defining the class
    registers it: :func:`all_demos` finds it for the parity and browser tests.
    """

    _module: ClassVar[str] = ""
    parity_cases: ClassVar[tuple[dict[str, Any], ...]] = ()

    _controls = traitlets.List().tag(sync=True)
    _state_traits = traitlets.List().tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("_module"):
            cls._esm = esm_source(cls._module)
            _REGISTRY.append(cls)

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        controls = control_traits(type(self))
        for control in controls:  # ranges may depend on data, set just now
            control.check(self, getattr(self, control.name))
        self._controls_ready = True
        self._controls = [control.describe(self) for control in controls]
        self._state_traits = sorted(self.js_state())

    @classmethod
    def parity_demos(cls) -> list[LiveDemo]:
        """The demos whose JavaScript ``compute()`` the parity test checks."""
        return [cls(**case) for case in cls.parity_cases]

    def js_state(self) -> dict[str, Any]:
        """The synced values the module's ``compute(state)`` reads, by trait name."""
        return {name: getattr(self, name) for name in self.trait_names(sync=True)
                if not name.startswith("_") and name not in widgets.DOMWidget.class_trait_names()}

    def array(self, name: str) -> np.ndarray:
        """The packed trait ``name`` as the browser reads it (float32 values as float64)."""
        return unpack_array(getattr(self, name))

    def model_state(self) -> dict[str, Any]:
        """Every synced value the module reads from its model: :meth:`js_state` plus the
        control declaration (``_controls``, ``_state_traits``); a stand-in model for a
        preview page holds these."""
        return {**self.js_state(), "_controls": self._controls,
                "_state_traits": self._state_traits}

    def draw_state(self) -> dict[str, Any]:
        """What the kit's ``mountDemo`` passes to the module's ``draw(state, width)``:
        :meth:`js_state` plus ``_labels``, the shown text of each drop-down's value."""
        labels = {c["name"]: dict(c["options"])[getattr(self, c["name"])]
                  for c in self._controls if c["kind"] == "dropdown"}
        return {**self.js_state(), "_labels": labels}

    def reference(self) -> dict[str, np.ndarray]:
        """NumPy values equal to what the module's ``compute(self.js_state())`` returns."""
        raise NotImplementedError


def all_demos() -> list[type[LiveDemo]]:
    """Every live demo class of the package, after importing each widgets module."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return list(_REGISTRY)
