"""What a graded question is: its inputs, its properties, its reference and its known mistakes.

A question is judged property by property (``shape``, ``values``, ``edge cases``...). Each
property has points and builds its own test cases from a random generator, so the
in-notebook :func:`~rnn_course.grading.check` (public seed) and the batch grader (a seed
the learner never saw) run the very same cases code on different numbers. A case's
arguments are NumPy arrays or plain ``int``/``float`` scalars only: the batch grader sends
them into the learner's kernel as data (``.npz`` and JSON).

Two kinds of answer:

- ``"function"``: the learner defines a function; each case calls it with ``Case.args``.
- ``"value"``: the learner assigns a value (a shape, a parameter count); cases have
  ``args=None`` and the reference is called with no arguments.

Known wrong variants (:class:`WrongVariant`) turn a failure into a specific hint: when the
learner's output equals what a typical mistake computes on the same inputs (transposed
weights, off by one time step, missing ``tanh``...), the hint names that mistake.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

PUBLIC_SEED = 0  # the seed of the in-notebook checks; the grader picks its own


@dataclass(frozen=True)
class Case:
    """One call of the learner's answer: positional ``args`` (None for a value) and a label
    that tells the learner which input failed, e.g. ``"indices of shape (1, 7)"``."""

    args: tuple | None
    label: str


@dataclass(frozen=True)
class Property:
    """One graded property. ``mode="shape"`` compares only array shapes; ``"values"`` also
    compares the numbers (with the question's tolerances)."""

    name: str
    points: int
    make_cases: Callable[[np.random.Generator], Sequence[Case]]
    mode: str = "values"


@dataclass(frozen=True)
class WrongVariant:
    """A typical mistake: ``compute(*args)`` returns what the mistaken code would return;
    ``hint`` says what is wrong and how to fix it."""

    hint: str
    compute: Callable[..., Any]


@dataclass(frozen=True)
class Question:
    """One exercise question.

    Attributes:
        id: ``"<set id>.<name>"``, e.g. ``"ex01.one_hot"``; what ``check`` is called with.
        number: the number shown to learners, e.g. ``"1.2"``.
        title: a short imperative title.
        name: the name the learner defines in the notebook (function or variable).
        reference: computes the expected answer from a case's args (see ``kind``).
        properties: the graded properties, in the order they are reported.
        variants: known wrong answers with their hints.
        kind: ``"function"`` or ``"value"``.
        rtol, atol: tolerances of value comparisons.
    """

    id: str
    number: str
    title: str
    name: str
    reference: Callable[..., Any]
    properties: tuple[Property, ...]
    variants: tuple[WrongVariant, ...] = ()
    kind: str = "function"
    rtol: float = 1e-5
    atol: float = 1e-6

    @property
    def set_id(self) -> str:
        return self.id.split(".")[0]

    @property
    def max_points(self) -> int:
        return sum(p.points for p in self.properties)

    def cases(self, seed: int) -> list[tuple[int, Case]]:
        """All cases as ``(property index, case)``, generated from ``seed`` and the id."""
        rng = np.random.default_rng([seed, zlib.crc32(self.id.encode())])
        return [(index, case) for index, prop in enumerate(self.properties)
                for case in prop.make_cases(rng)]


@dataclass(frozen=True)
class ExerciseSet:
    """The questions of one exercise notebook, e.g. ``ex01`` for chapter 1."""

    id: str
    title: str
    chapter: int
    questions: tuple[Question, ...] = field(default_factory=tuple)

    @property
    def max_points(self) -> int:
        return sum(q.max_points for q in self.questions)

    def question(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name or question.id == name:
                return question
        raise KeyError(name)
