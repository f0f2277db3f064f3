"""Print each interactive demo's update latency (target: median <= 50 ms on 2 CPU cores).

    python benchmarks/widget_latency.py [--updates 30]

Every module of ``rnn_course.widgets`` lists its demo factories in ``DEMOS``. For each
demo, the script moves every control through its range and calls ``demo.update(...)``
directly; an update recomputes, draws and renders the PNG that Jupyter shows, so the
time is what a learner waits for in a kernel.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import itertools
import pkgutil
import statistics
import time

import ipywidgets as widgets

import rnn_course.widgets
from rnn_course.plotting import use_course_style


def control_values(control: widgets.ValueWidget, count: int = 6) -> list:
    """A few valid values spread over a control's range (its current value excluded)."""
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        lo, hi = control.min, control.max
        values = [lo + (hi - lo) * i / (count - 1) for i in range(count)]
        values = [type(control.value)(round(v) if isinstance(control, widgets.IntSlider) else v)
                  for v in values]
    elif hasattr(control, "options"):
        values = [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
    elif isinstance(control, widgets.Checkbox):
        values = [True, False]
    else:
        values = []
    return [v for v in values if v != control.value] or [control.value]


def demo_factories():
    for module_info in pkgutil.iter_modules(rnn_course.widgets.__path__):
        module = importlib.import_module(f"rnn_course.widgets.{module_info.name}")
        for factory in getattr(module, "DEMOS", ()):
            yield f"{module_info.name}.{factory.__name__}", factory


def measure(factory, updates: int) -> list[float]:
    demo = factory()
    changes = [(name, value) for name, control in demo.controls.items()
               for value in control_values(control)]
    seconds = []
    for name, value in itertools.islice(itertools.cycle(changes), updates):
        start = time.perf_counter()
        demo.update(**{name: value})
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=30, help="updates per demo (>= 20)")
    args = parser.parse_args()
    use_course_style()  # as configure_notebook() does in every chapter
    print(f"{'demo':45s} {'median ms':>10s} {'max ms':>8s}  updates")
    for label, factory in demo_factories():
        with contextlib.redirect_stdout(io.StringIO()):  # display() prints outside a kernel
            seconds = measure(factory, args.updates)
        print(f"{label:45s} {1000 * statistics.median(seconds):10.1f} "
              f"{1000 * max(seconds):8.1f}  {len(seconds)}")


if __name__ == "__main__":
    main()
