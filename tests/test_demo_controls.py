"""Demo controls are declared once, in Python, and checked there.

The declaration (``rnn_course.widgets.controls``) reaches the browser in ``_controls``; the
kit builds the controls from it, so no JavaScript module lists traits, ranges or choices.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from rnn_course.widgets import LiveDemo, all_demos
from rnn_course.widgets.controls import slider

DEMOS = all_demos()
FIRST_DEMOS = [demo_class.parity_demos()[0] for demo_class in DEMOS]


def _ids(demo) -> str:
    return type(demo).__name__


@pytest.mark.parametrize("demo", FIRST_DEMOS, ids=_ids)
def test_every_control_reads_a_synced_value_the_module_receives(demo):
    assert demo._controls, "a demo without controls is a figure"
    for control in demo._controls:
        assert control["name"] in demo._state_traits and control["label"]
        value = getattr(demo, control["name"])
        if control["kind"] == "slider":
            assert control["min"] <= value <= control["max"] and control["step"] > 0
        if control["kind"] == "dropdown":
            assert value in [choice for choice, _ in control["options"]]


@pytest.mark.parametrize("demo", FIRST_DEMOS, ids=_ids)
def test_values_outside_a_control_are_refused_with_a_clear_message(demo):
    for control in demo._controls:
        name = control["name"]
        if control["kind"] == "slider":
            for bad in (control["max"] + control["step"], control["min"] - control["step"]):
                with pytest.raises(ValueError, match=rf"{name} must lie in \["):
                    setattr(demo, name, bad)
        if control["kind"] == "dropdown":
            with pytest.raises(ValueError, match=f"{name} must be one of"):
                setattr(demo, name, "no such choice")


@pytest.mark.parametrize("demo", FIRST_DEMOS, ids=_ids)
def test_draw_state_names_each_drop_down_choice_as_the_reader_sees_it(demo):
    labels = demo.draw_state()["_labels"]
    for control in demo._controls:
        if control["kind"] == "dropdown":
            assert labels[control["name"]] == dict(control["options"])[getattr(demo, control["name"])]


def test_modules_repeat_no_declaration():
    folder = resources.files("rnn_course.widgets").joinpath("js")
    repeated = re.compile(r"traits:\s*\[|\b(?:slider|dropdown|textBox)\(model|options:\s*\[\[")
    for module in {demo_class._module for demo_class in DEMOS}:
        source = folder.joinpath(module).read_text(encoding="utf-8")
        assert not repeated.search(source), f"{module} declares controls in JavaScript"


def test_a_new_demo_class_registers_itself_and_checks_its_ranges():
    class Tiny(LiveDemo):
        _module = "hidden_state.js"
        level = slider(2, 0, 5, label="level")

    try:
        assert Tiny in all_demos()
        assert Tiny().level == 2 and Tiny(level=5).level == 5
        with pytest.raises(ValueError, match=r"level must lie in \[0, 5\]"):
            Tiny(level=6)
    finally:
        from rnn_course import widgets
        widgets._REGISTRY.remove(Tiny)
