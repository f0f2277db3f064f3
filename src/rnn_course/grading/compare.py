"""Judge one outcome of a learner's answer against the reference, with a specific hint.

Shared by the in-notebook checks and the batch grader (always run in the grader's own
process, on data). Order of the tests, so the most useful hint wins: the answer did not
run or returned no numbers -> it equals a known wrong variant -> wrong shape (which
axis) -> NaN or infinity -> wrong values (where, by how much).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnn_course.grading.spec import Case, Question, WrongVariant


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str = ""


PASS = Verdict(True)


def _fail(message: str) -> Verdict:
    return Verdict(False, message)


def describe_failure_to_answer(outcome: dict) -> str:
    """The message for an outcome that carries no array."""
    status = outcome.get("status")
    if status == "raised":
        return f"raised {outcome.get('exception', 'an error')}: {outcome.get('message', '')}"
    if status == "not numeric":
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
        return ("still raises NotImplementedError: write your code in place of the "
                "`raise` line")
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


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False))


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
        if _close(got.astype(float), wrong.astype(float), rtol, atol):
            return variant.hint
    return None


def _value_hint(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    error = np.abs(got.astype(float) - expected.astype(float))
    index = np.unravel_index(int(np.argmax(error)), error.shape) if error.ndim else ()
    where = f" at index {tuple(int(i) for i in index)}" if index else ""
    return (f"wrong values{where}: expected {float(expected[index]):.4g}, got "
            f"{float(got[index]):.4g} (largest error {float(error.max()):.3g}; "
            f"tolerance {atol:g} + {rtol:g} x |expected|)")


def judge(question: Question, case: Case, mode: str, outcome: dict,
          got: np.ndarray | None) -> Verdict:
    """Compare one outcome (``got`` is its array, if any) with the reference on ``case``."""
    if got is None or outcome.get("status") != "returned":
        return _fail(describe_failure_to_answer(outcome))
    args = case.args if case.args is not None else ()
    expected = np.asarray(question.reference(*args))
    got = np.asarray(got)
    shape_only = mode == "shape"
    hint = _matching_variant(got, expected, args, question.variants, shape_only,
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
        return _fail(f"contains NaN or infinity (first at index {index})")
    if not np.allclose(got.astype(float), expected.astype(float),
                       rtol=question.rtol, atol=question.atol):
        return _fail(_value_hint(got, expected, question.rtol, question.atol))
    return PASS
