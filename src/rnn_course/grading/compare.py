"""Judge one outcome of a learner's answer against the reference, with a specific hint.

Shared by the in-notebook checks and the batch grader (always run in the grader's own
process, on data). Order of the tests, so the most useful hint wins: the answer did not
run or returned no numbers -> it equals a known wrong variant -> wrong shape (which
axis) -> NaN or infinity -> wrong values (where, by how much).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnn_course.grading.spec import Case, Property, Question, WrongVariant


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str = ""


PASS = Verdict(True)


def _fail(message: str) -> Verdict:
    return Verdict(False, message)


def format_number(value: float) -> str:
    """A number for people: whole numbers with thousands separators (``18,816``), others
    with 4 significant digits."""
    value = float(value)
    if np.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


def _shapes_text(shapes) -> str:
    return " and ".join("?" if s is None else str(tuple(s)) for s in shapes)


def _placeholder_message(outcome: dict, question: Question | None) -> str:
    if outcome.get("placeholder") == "...":
        if question is not None and question.kind == "value":
            return "is still `...`: replace the `...` with your answer"
        return "still returns `...`: write your code in place of the `...`"
    return "still raises NotImplementedError: write your code in place of the `raise` line"


def _error_hint(outcome: dict, question: Question | None) -> str:
    text = f"{outcome.get('exception', '')}: {outcome.get('message', '')}"
    for pattern, hint in (question.errors if question is not None else ()):
        if re.search(pattern, text):
            return f" -> {hint}"
    return ""


def describe_failure_to_answer(outcome: dict, question: Question | None = None) -> str:
    """The message for an outcome that carries no array."""
    status = outcome.get("status")
    if status == "raised":
        return (f"raised {outcome.get('exception', 'an error')}: "
                f"{outcome.get('message', '')}{_error_hint(outcome, question)}")
    if status == "not numeric":
        if outcome.get("shapes") and len(set(map(str, outcome["shapes"]))) > 1:
            return (f"returned a {outcome.get('type')} of arrays of different shapes "
                    f"{_shapes_text(outcome['shapes'])}; each part must have the shape "
                    "the exercise asks for")
        dtype = f" of dtype {outcome['dtype']}" if "dtype" in outcome else ""
        return (f"returned a {outcome.get('type', 'value')}{dtype}; "
                "expected a NumPy array of numbers")
    if status == "not callable":
        return f"the answer is a {outcome.get('type', 'value')}, not a function"
    if status == "too large":
        return f"returned an array of shape {tuple(outcome.get('shape', ()))}: far too large"
    if status == "missing":
        return "the answer is not defined in the notebook (run its cell)"
    if status == "not attempted":
        return _placeholder_message(outcome, question)
    return f"gave no usable answer ({status})"


def shape_hint(got: tuple, expected: tuple) -> str:
    """Say how a shape differs: number of axes, axis order, or which axis has which size."""
    prefix = f"wrong shape {got}, expected {expected}"
    if len(got) != len(expected):
        return f"{prefix}: {len(got)} axes instead of {len(expected)}"
    if sorted(got) == sorted(expected):
        return f"{prefix}: the axes are in the wrong order"
    axis = next(i for i, (g, e) in enumerate(zip(got, expected)) if g != e)
    return f"{prefix}: axis {axis} has size {got[axis]}, expected {expected[axis]}"


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float,
           equal_nan: bool = False) -> bool:
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _matching_variant(got: np.ndarray, expected: np.ndarray, args: tuple,
                      variants: Sequence[WrongVariant], shape_only: bool,
                      rtol: float, atol: float) -> str | None:
    for variant in variants:
        try:
            wrong = np.asarray(variant.compute(*args))
        except Exception:  # the mistake cannot even run on these inputs
            continue
        if shape_only and wrong.shape == expected.shape:
            continue  # a shape property only names mistakes that change the shape
        if _close(wrong, expected, rtol, atol):
            continue  # on these inputs the mistake happens to give the right answer
        # NaN where the mistake gives NaN is that mistake (e.g. dividing 0 by 0)
        if _close(got.astype(float), wrong.astype(float), rtol, atol, equal_nan=True):
            return variant.hint
    return None


def where(question: Question, index: tuple[int, ...]) -> str:
    """Name an entry of the answer: ``"parameter count"``, ``"outputs[2, 0]"``, ``"[1, 3]"``."""
    if question.parts and index and index[0] < len(question.parts):
        rest = index[1:]
        return question.parts[index[0]] + (f"[{', '.join(map(str, rest))}]" if rest else "")
    return f"[{', '.join(map(str, index))}]" if index else "the answer"


def _value_hint(question: Question, got: np.ndarray, expected: np.ndarray) -> str:
    got, expected = got.astype(float), expected.astype(float)
    wrong = ~np.isclose(got, expected, rtol=question.rtol, atol=question.atol)
    if not question.reveals_expected:  # the expected numbers are the answer itself
        if wrong.size == 1 or wrong.all():
            return "wrong value" if wrong.size == 1 else "every value is wrong"
        names = [where(question, tuple(int(i) for i in w)) for w in np.argwhere(wrong)]
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4
                                         else "")
        return f"wrong value{'s' if len(names) > 1 else ''}: {shown} (the others are right)"
    error = np.where(wrong, np.abs(got - expected), 0.0)
    index = np.unravel_index(int(np.argmax(error)), error.shape) if error.ndim else ()
    index = tuple(int(i) for i in index)
    count = int(wrong.sum())
    others = f" ({count - 1} other number{'s' if count > 2 else ''} wrong too)" \
        if count > 1 else ""
    tolerance = "" if question.rtol == question.atol == 0 else \
        f", off by {format_number(error[index] if index else error)}"
    place = where(question, index) if question.parts else \
        f"wrong value at {where(question, index)}"
    return (f"{place}: expected {format_number(expected[index])}, got "
            f"{format_number(got[index])}{tolerance}{others}")


def judge(question: Question, prop: Property, case: Case, outcome: dict,
          got: np.ndarray | None) -> Verdict:
    """Compare one outcome (``got`` is its array, if any) with the reference on ``case``."""
    if got is None or outcome.get("status") != "returned":
        return _fail(describe_failure_to_answer(outcome, question))
    args = case.args if case.args is not None else ()
    expected = np.asarray((prop.reference or question.reference)(*args))
    got = np.asarray(got)
    shape_only = prop.mode == "shape"
    hint = _matching_variant(got, expected, args, question.mistakes, shape_only,
                             question.rtol, question.atol)
    if hint:
        return _fail(hint)
    if got.shape != expected.shape:
        return _fail(shape_hint(got.shape, expected.shape))
    if shape_only:
        return PASS
    bad = ~np.isfinite(got.astype(float)) & np.isfinite(expected.astype(float))
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        return _fail(f"contains NaN or infinity (first at {where(question, index)})")
    if not np.allclose(got.astype(float), expected.astype(float),
                       rtol=question.rtol, atol=question.atol):
        return _fail(_value_hint(question, got, expected))
    return PASS
