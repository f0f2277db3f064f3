"""What a graded question is: its inputs, its properties, its reference and its known mistakes.

The spec is the one source of truth of an exercise set: ids, numbers, titles and points
are written here only. ``rnn_course.authoring.exercises`` (run by
``scripts/build_exercises.py``) renders the notebook's title, each
question's heading ("Exercise N.M: title (P points)"), its list of graded properties,
its check cell and the closing ``check_all`` cell from it.

A question is judged property by property (``shape``, ``values``, ``edge cases``...). Each
property has points and builds its own test cases from a random generator, so the
in-notebook :func:`~rnn_course.grading.check` (public seed) and the batch grader (a seed
the learner never saw) run the very same cases code on different numbers. A case's
arguments are NumPy arrays, plain ``int``/``float``/``bool``/``str`` scalars, or lists of
scalars only: the batch grader sends them into the learner's kernel as data (``.npz``
and JSON).

Two kinds of answer:

- ``"function"``: the learner defines a function (or a class); each case calls it with
  the case's arguments (through a probe ``driver`` if the property names one, e.g. a
  Keras cell class run inside ``keras.layers.RNN``);
- ``"value"``: the learner assigns a value (a shape, a parameter count); the reference is
  called with no arguments, and the expected value is never printed (it is the answer).

Known mistakes turn a failure into a specific hint: when the learner's output equals
what a typical mistake computes on the same inputs (transposed weights, off by one time
step, missing ``tanh``...), the hint names that mistake. ``errors`` does the same for an
answer that raises: a regular expression of the error message -> a hint.

## A complete exercise set (a toy version of ``src/rnn_course/grading/sets/ex05.py``)

```python
import numpy as np

from rnn_course.grading.spec import ExerciseSet, Property, Question, shape
from rnn_course.reference import rnn as reference_rnn   # never import names publicly


def _cases(rng):                      # fixed edge cases first, then random ones
    return [(rng.normal(size=(b, 3)), rng.normal(size=(3, 5))) for b in (1, 4)]


SET = ExerciseSet(chapter=5, title="Backpropagate through time", questions=(
    Question(
        name="squash", title="Squash the projection",   # -> ex05.squash, Exercise 5.1
        reference=lambda x, w: np.tanh(x @ w),
        properties=(shape("shape (batch_size, units)"),  # 1 point, reuses the cases below
                    Property("values", 2, _cases)),
        mistakes={"missing tanh: h = tanh(x @ w)": lambda x, w: x @ w},
    ),
    Question(
        name="num_params", title="Count the parameters", kind="value",
        reference=lambda: reference_rnn.simple_rnn_param_count(3, 5),
        properties=(Property("the count", 2),),           # a value has one case
    ),
))
```

That is all: case labels are built from the argument names and shapes
(``x of shape (4, 3), w of shape (3, 5)``), ids are ``<set id>.<name>``, numbers
``<chapter>.<position>``. Options of :class:`Question`: ``args`` (argument names for
labels, default: the reference's), ``describe`` (a function of the arguments giving the
label), ``parts`` (names of the answer's entries along its first axis, for messages such
as "parameter count: expected 18,816, got 512,064"), ``errors``, ``rtol``/``atol``, and
``hide_expected`` (a function whose expected numbers must not be printed either, e.g.
when they are what the exercise asks the learner to find out).
A mistake written once can serve several questions: keep it in a module-level dict and
spread it (``mistakes={**SHARED, ...}``). Then write the master notebook (see
``rnn_course.authoring.exercises``) and run ``python scripts/build_exercises.py``.
"""

from __future__ import annotations

import inspect
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

PUBLIC_SEED = 0  # the seed of the in-notebook checks; the grader picks its own


@dataclass(frozen=True)
class Case:
    """One call of the learner's answer.

    ``args``: positional arguments (None for a value question). ``label`` names the input
    for the learner (default: built from the arguments); ``note`` is appended to it, e.g.
    ``" (one example)"``. A case maker may also return a plain tuple of arguments.
    """

    args: tuple | None
    label: str = ""
    note: str = ""


CaseMaker = Callable[[np.random.Generator], Sequence["Case | tuple"]]


@dataclass(frozen=True)
class Property:
    """One graded property.

    ``mode="shape"`` compares only array shapes; ``"values"`` also compares the numbers
    (with the question's tolerances). Without ``make_cases``, a shape property reuses the
    cases of the question's first values property, and a value question's property has
    its one case, the learner's value. ``driver`` names a function of
    :mod:`rnn_course.grading.probe` that calls the answer (default: call it directly);
    ``reference`` replaces the question's for this property's cases.
    """

    name: str
    points: int
    make_cases: CaseMaker | None = None
    mode: str = "values"
    driver: str | None = None
    reference: Callable[..., Any] | None = None


def shape(name: str, points: int = 1, make_cases: CaseMaker | None = None) -> Property:
    """A shape property (by default on the cases of the first values property)."""
    return Property(name, points, make_cases, mode="shape")


@dataclass(frozen=True)
class WrongVariant:
    """A typical mistake: ``compute(*args)`` returns what the mistaken code would return;
    ``hint`` says what is wrong and how to fix it."""

    hint: str
    compute: Callable[..., Any]


def _as_variants(mistakes) -> tuple[WrongVariant, ...]:
    if isinstance(mistakes, Mapping):
        return tuple(WrongVariant(hint, compute) for hint, compute in mistakes.items())
    return tuple(mistakes)


def _label_part(name: str, value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"{name} of shape {value.shape}"
    return f"{name}={value!r}" if not isinstance(value, float) else f"{name}={value:g}"


@dataclass(frozen=True)
class Question:
    """One exercise question (see the module docstring for a complete example).

    Attributes:
        name: the name the learner defines in the notebook (function, class or value).
        title: a short imperative title.
        reference: computes the expected answer from a case's args (see ``kind``).
        properties: the graded properties, in the order they are reported.
        mistakes: known wrong answers, ``{hint: compute}`` (or :class:`WrongVariant`\\ s).
        kind: ``"function"`` or ``"value"``.
        rtol, atol: tolerances of value comparisons.
        parts: names of the answer's entries along its first axis, for messages.
        args: the argument names used in case labels (default: the reference's).
        describe: ``describe(*args) -> label`` (default: names and shapes of the args).
        errors: ``{regular expression of an error message: hint}`` for answers that raise.
        hide_expected: never print the expected numbers of a function either (a value's
            are never printed).
        id, number: ``"ex04.rnn_forward"``, ``"4.2"``; set by :class:`ExerciseSet`.
    """

    name: str
    title: str
    reference: Callable[..., Any]
    properties: tuple[Property, ...]
    mistakes: tuple[WrongVariant, ...] | Mapping[str, Callable[..., Any]] = ()
    kind: str = "function"
    rtol: float = 1e-5
    atol: float = 1e-6
    parts: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    describe: Callable[..., str] | None = None
    errors: tuple[tuple[str, str], ...] | Mapping[str, str] = ()
    hide_expected: bool = False
    id: str = ""
    number: str = ""

    def __post_init__(self):
        object.__setattr__(self, "mistakes", _as_variants(self.mistakes))
        errors = self.errors.items() if isinstance(self.errors, Mapping) else self.errors
        object.__setattr__(self, "errors", tuple(errors))
        if self.kind not in ("function", "value"):
            raise ValueError(f"{self.name}: kind must be 'function' or 'value'")
        if not self.args and self.kind == "function":
            try:
                names = tuple(inspect.signature(self.reference).parameters)
            except (TypeError, ValueError):
                names = ()
            object.__setattr__(self, "args", names)

    @property
    def set_id(self) -> str:
        return self.id.split(".")[0]

    @property
    def max_points(self) -> int:
        return sum(p.points for p in self.properties)

    @property
    def reveals_expected(self) -> bool:
        """Whether messages may print expected numbers: not for a fixed answer (a value),
        where the expected number is the answer itself, nor where ``hide_expected``."""
        return self.kind == "function" and not self.hide_expected

    def label(self, case: Case) -> str:
        """What a learner reads to know which input failed."""
        if case.label:
            return case.label + case.note
        if case.args is None:
            return "your answer" + case.note
        if self.describe is not None:
            return self.describe(*case.args) + case.note
        names = list(self.args) + [f"argument {i + 1}" for i in range(len(case.args))]
        return ", ".join(_label_part(n, a) for n, a in zip(names, case.args)) + case.note

    def cases(self, seed: int) -> list[tuple[int, Case]]:
        """All cases as ``(property index, case)``, generated from ``seed`` and the id."""
        rng = np.random.default_rng([seed, zlib.crc32(self.id.encode())])
        made: dict[int, list[Case]] = {}
        for index, prop in enumerate(self.properties):
            if prop.make_cases is not None:
                made[index] = [c if isinstance(c, Case) else Case(tuple(c))
                               for c in prop.make_cases(rng)]
        first_values = next((made[i] for i, p in enumerate(self.properties)
                             if p.mode == "values" and i in made), None)
        default = [Case(None)] if self.kind == "value" else first_values
        if default is None:
            raise ValueError(f"{self.id}: a property without cases needs a values "
                             "property with cases to borrow them from")
        return [(index, case) for index in range(len(self.properties))
                for case in made.get(index, default)]


@dataclass(frozen=True)
class ExerciseSet:
    """The questions of one exercise notebook, e.g. ``ex01`` for chapter 1.

    ``id`` defaults to ``exNN`` from the chapter; each question gets its id
    (``<set id>.<name>``) and its number (``<chapter>.<position>``) from here.
    ``requires``: what the set's notebook and cases need beyond the package's own
    dependencies and Keras (pip names, e.g. ``"scikit-learn"`` for a data set it loads);
    the Gradescope bundle installs them.
    """

    chapter: int
    title: str
    questions: tuple[Question, ...] = field(default_factory=tuple)
    id: str = ""
    requires: tuple[str, ...] = ()

    def __post_init__(self):
        set_id = self.id or f"ex{self.chapter:02d}"
        object.__setattr__(self, "id", set_id)
        object.__setattr__(self, "questions", tuple(
            replace(q, id=f"{set_id}.{q.name}", number=f"{self.chapter}.{position}")
            for position, q in enumerate(self.questions, 1)))

    @property
    def max_points(self) -> int:
        return sum(q.max_points for q in self.questions)

    def question(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name or question.id == name:
                return question
        raise KeyError(name)
