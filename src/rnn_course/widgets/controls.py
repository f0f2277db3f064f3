"""Controls of the live demos, declared once, in Python.

A demo declares each control as a synced trait::

    weight_scale = slider(0.9, 0.0, 3.0, step=0.05, digits=2, label="weight scale")
    input_pattern = dropdown("impulse", {"impulse": "impulse", "sine": "sine wave"},
                             label="input")

The declaration travels to the browser in the demo's ``_controls`` trait, where the demo
kit's ``mountDemo`` builds the labelled controls in declaration order and redraws when one
moves; the JavaScript module repeats none of it. Setting a value outside a slider's range
or a drop-down's choices raises ``ValueError``. A range end or the choices may be a
function of the demo (``high=lambda demo: len(demo.sequences) - 1``) when they depend on
its data.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import traitlets

_ORDER = itertools.count()


def _resolve(value: Any, demo: Any) -> Any:
    return value(demo) if callable(value) else value


class _Control:
    """What every control trait adds to its traitlets type: a label, an order, a check."""

    kind = ""

    def _setup(self, label: str, spec: dict[str, Any]) -> None:
        self.order, self.label, self.spec = next(_ORDER), label, spec
        self.tag(sync=True)

    def describe(self, demo: Any) -> dict[str, Any]:
        """The declaration the front end reads, with every callable resolved for ``demo``."""
        return {"name": self.name, "kind": self.kind, "label": self.label,
                **{key: _resolve(value, demo) for key, value in self.spec.items()}}

    def check(self, demo: Any, value: Any) -> None:
        """Raise ``ValueError`` when ``value`` is not one the control can show."""

    def validate(self, obj: Any, value: Any) -> Any:
        value = super().validate(obj, value)
        if getattr(obj, "_controls_ready", False):  # ranges may read data set during init
            self.check(obj, value)
        return value


class _Slider(_Control):
    kind = "slider"

    def check(self, demo: Any, value: Any) -> None:
        low, high = _resolve(self.spec["min"], demo), _resolve(self.spec["max"], demo)
        if not low <= value <= high:
            raise ValueError(f"{self.name} must lie in [{low}, {high}] (the range of the "
                             f"'{self.label}' slider), got {value}")


class _IntSlider(_Slider, traitlets.Int):
    pass


class _FloatSlider(_Slider, traitlets.Float):
    pass


class _Dropdown(_Control, traitlets.Unicode):
    kind = "dropdown"

    def check(self, demo: Any, value: Any) -> None:
        values = [choice for choice, _ in _resolve(self.spec["options"], demo)]
        if value not in values:
            raise ValueError(f"{self.name} must be one of {values} (the choices of the "
                             f"'{self.label}' drop-down), got {value!r}")


class _TextBox(_Control, traitlets.Unicode):
    kind = "text"


def slider(default: float, low: float | Callable, high: float | Callable, *, label: str,
           step: float = 1, digits: int = 0) -> traitlets.TraitType:
    """A slider over ``[low, high]`` in steps of ``step``, showing ``digits`` decimals.

    An integer trait when ``default`` and ``step`` are integers, else a float trait.
    """
    integer = all(isinstance(v, int) for v in (default, step))
    trait = (_IntSlider if integer else _FloatSlider)(default)
    trait._setup(label, {"min": low, "max": high, "step": step, "digits": digits})
    return trait


def dropdown(default: str, options: Mapping[str, str] | Callable, *,
             label: str) -> traitlets.TraitType:
    """A drop-down whose ``options`` map each value to the text the reader sees."""
    pairs = (options if callable(options)
             else [[value, text] for value, text in options.items()])
    trait = _Dropdown(default)
    trait._setup(label, {"options": pairs})
    return trait


def text_box(default: str, *, label: str, suggestions: tuple[str, ...] = (),
             width: str = "11em") -> traitlets.TraitType:
    """A free-text box with ``suggestions`` offered as the reader types."""
    trait = _TextBox(default)
    trait._setup(label, {"suggestions": list(suggestions), "width": width})
    return trait


def control_traits(demo_class: type) -> list[_Control]:
    """The controls of a demo class, in the order they were declared."""
    return sorted((trait for trait in demo_class.class_traits().values()
                   if isinstance(trait, _Control)), key=lambda trait: trait.order)
