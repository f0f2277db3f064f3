"""Find exercise sets and questions by id (``"ex01"``, ``"ex01.one_hot"``).

Every module ``rnn_course.grading.sets.exNN`` defines ``SET``, an
:class:`~rnn_course.grading.spec.ExerciseSet`; dropping in a module adds a set to the
in-notebook ``check``, to the batch grader and to the contract tests at once.

## How a chapter adds its exercise set (e.g. ``ex05``)

1. Any new reference function goes in ``rnn_course.reference`` (the grader compares with
   it); data and helpers the learner may use go in ``rnn_course.data``.
2. ``src/rnn_course/grading/sets/ex05.py`` defines ``SET``: the format, with a complete
   example set, is in the docstring of :mod:`rnn_course.grading.spec`. Import the
   reference as a module under a private name (``from rnn_course.reference import rnn as
   _rnn``), so that the set never re-exports an answer.
3. ``exercises/masters/ex05_<slug>.ipynb``: copy ex01's. It holds prose and code only:
   the introduction, then per question a markdown prompt followed by its solution cell
   (``metadata.rnn_course.question = "ex05.<name>"``, solution between ``# BEGIN
   SOLUTION`` and ``# END SOLUTION``), optionally an ``example`` cell and
   ``solution-only`` cells. Titles, numbers, points, check cells and ``check_all`` are
   rendered from the spec (``rnn_course.authoring.exercises`` explains the cells).
4. ``python scripts/build_exercises.py exercises/masters/ex05_*.ipynb`` writes the
   student and solution notebooks; add the student notebook to ``_toc.yml``. The
   contract tests (``tests/test_grading_contract.py``) pick the set up by themselves;
   write ``tests/test_grading_ex05.py`` with learners' right and wrong answers only.
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
