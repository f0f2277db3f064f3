"""Find exercise sets and questions by id (``"ex01"``, ``"ex01.one_hot"``).

Every module ``rnn_course.grading.sets.exNN`` defines ``SET``, an
:class:`~rnn_course.grading.spec.ExerciseSet`; dropping in a module adds a set to the
in-notebook ``check`` and to the batch grader at once.

## How a chapter adds its exercise set (e.g. ``ex04``)

1. Put any new reference function in ``rnn_course.reference`` (the grader compares with it).
2. Create ``src/rnn_course/grading/sets/ex04.py``:

   ```python
   import numpy as np

   from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, WrongVariant
   from rnn_course.reference import rnn_cell_forward

   def _cell_cases(rng):  # fixed edge cases + seeded random ones
       cases = []
       for batch_size in (1, 4):
           x_t = rng.normal(size=(batch_size, 3)); h_prev = rng.normal(size=(batch_size, 5))
           kernel, recurrent_kernel = rng.normal(size=(3, 5)), rng.normal(size=(5, 5))
           bias = rng.normal(size=5)
           cases.append(Case((x_t, h_prev, kernel, recurrent_kernel, bias),
                             f"batch_size={batch_size}, input_dim=3, units=5"))
       return cases

   CELL = Question(
       id="ex04.rnn_cell_forward", number="4.1", name="rnn_cell_forward",
       title="Compute one step of a simple RNN cell", reference=rnn_cell_forward,
       properties=(Property("shape (batch_size, units)", 1, _cell_cases, mode="shape"),
                   Property("values", 2, _cell_cases)),
       variants=(WrongVariant("missing tanh", lambda x, h, k, r, b: x @ k + h @ r + b),
                 WrongVariant("transposed recurrent weights: use h_prev @ recurrent_kernel",
                              lambda x, h, k, r, b: np.tanh(x @ k + h @ r.T + b))),
   )
   SET = ExerciseSet(id="ex04", title="The RNN cell", chapter=4, questions=(CELL,))
   ```

   A value answer (e.g. a parameter count) is ``Question(..., kind="value",
   reference=lambda: 5 * (3 + 5) + 5)`` with one ``Case(None, "your answer")``; its stub
   in the student notebook is ``name = ...``. A Keras question asks for a builder, e.g.
   ``build_encoder(num_steps, input_dim, units) -> keras.Model``; a returned model is
   judged as ``[count_params(), *output shape without the batch axis]`` (see
   :func:`rnn_course.grading.probe.describe`), so its reference returns
   ``np.array([units * (input_dim + units) + units, units])`` and a variant can name
   "return_sequences=True" by its ``[..., num_steps, units]``.
3. Write the master notebook ``exercises/masters/ex04_<slug>.ipynb`` (copy ex01's:
   prompts with points, solution cells with ``# BEGIN SOLUTION`` / ``# END SOLUTION``
   and ``metadata.rnn_course.question``, then ``check("ex04.rnn_cell_forward",
   rnn_cell_forward)`` cells, and ``check_all("ex04")`` last).
4. ``python scripts/build_exercises.py`` writes the student and solution notebooks; add
   the student notebook to ``_toc.yml``. The tests pick the new set up by themselves.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

from rnn_course.grading import sets
from rnn_course.grading.spec import ExerciseSet, Question

SET_ID = re.compile(r"^ex\d{2}$")


@lru_cache(maxsize=1)
def set_ids() -> tuple[str, ...]:
    """Ids of every exercise set shipped with the package, sorted."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(sets.__path__)
                        if SET_ID.match(m.name)))


@lru_cache(maxsize=None)
def exercise_set(set_id: str) -> ExerciseSet:
    """The set ``set_id`` (``"ex01"``); ``KeyError`` naming the known sets if unknown."""
    if set_id not in set_ids():
        raise KeyError(f"unknown exercise set {set_id!r}; known: {', '.join(set_ids())}")
    return importlib.import_module(f"{sets.__name__}.{set_id}").SET


def question(question_id: str) -> Question:
    """The question ``"exNN.name"``; ``KeyError`` with the valid ids if unknown."""
    set_id = question_id.split(".")[0]
    questions = exercise_set(set_id).questions
    for candidate in questions:
        if candidate.id == question_id:
            return candidate
    raise KeyError(f"unknown question {question_id!r}; {set_id} has "
                   f"{', '.join(q.id for q in questions)}")
