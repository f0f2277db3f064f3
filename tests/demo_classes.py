"""Every live demo class of the package, found through the ``DEMOS`` of each widgets module."""

from __future__ import annotations

import importlib
import pkgutil

import rnn_course.widgets
from rnn_course.widgets import LiveDemo


def live_demo_classes() -> list[type[LiveDemo]]:
    found = []
    for info in pkgutil.iter_modules(rnn_course.widgets.__path__):
        module = importlib.import_module(f"rnn_course.widgets.{info.name}")
        found += [demo for demo in getattr(module, "DEMOS", ())
                  if isinstance(demo, type) and issubclass(demo, LiveDemo)]
    return found
