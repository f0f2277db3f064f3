"""The checks learners run in their notebook: ``check`` one answer, ``check_all`` of a set.

``check("ex01.one_hot", one_hot)`` calls ``one_hot`` on the question's inputs (fixed edge
cases and random ones from a public seed), compares with the reference and prints one
PASS/FAIL line per property with a hint, then ``Score: k / n points``. It never raises
because of the learner's code, so "Run all" always reaches the end of the notebook.
These are feedback for learning; the instructor's grade comes from the batch grader
(``python -m rnn_course.grading grade``), which runs the same cases on unseen inputs.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from rnn_course.grading import registry, report
from rnn_course.grading.probe import call_answer
from rnn_course.grading.scoring import QuestionResult, score, unanswered
from rnn_course.grading.spec import PUBLIC_SEED, Question
from rnn_course.grading.status import Status


def grade_answer(question_id: str, answer: Any, *, seed: int = PUBLIC_SEED) -> QuestionResult:
    """Score ``answer`` (the learner's function or value) for ``question_id``, silently."""
    question = registry.question(question_id)
    cases = question.cases(seed)
    outcomes = [call_answer(answer, case.args, question.properties[index].driver)
                for index, case in cases]
    return score(question, cases, outcomes)


def _graded(question_id: str, answer: Any) -> QuestionResult:
    """:func:`grade_answer`, or a ``grader error`` result if the grader itself fails."""
    try:
        return grade_answer(question_id, answer)
    except Exception as error:  # the reference or a case maker failed: not the learner
        return unanswered(registry.question(question_id), Status.GRADER_ERROR,
                          f"the check itself failed, not your code ({error!r}); please "
                          "tell your instructor")


def check(question_id: str, answer: Any) -> None:
    """Check one answer and print per-property feedback and the score.

    Args:
        question_id: e.g. ``"ex01.one_hot"`` (the exercise's check cell names it).
        answer: the function you wrote (or, for a value question, your value).
    """
    print(report.check_text(_graded(question_id, answer)))


def _caller_namespace() -> Mapping[str, Any]:
    frame = inspect.currentframe()
    try:
        return frame.f_back.f_back.f_globals  # check_all's caller: the notebook
    finally:
        del frame


def _result_in(question: Question, namespace: Mapping[str, Any]) -> QuestionResult:
    if question.name not in namespace:
        return unanswered(question, Status.MISSING)
    return _graded(question.id, namespace[question.name])


def check_all(set_id: str, namespace: Mapping[str, Any] | None = None) -> None:
    """Re-check every question of an exercise set and print a summary with the total.

    Args:
        set_id: the exercise set, e.g. ``"ex01"``.
        namespace: where to find the answers by name; default: the notebook's globals.
    """
    namespace = _caller_namespace() if namespace is None else namespace
    exercise_set = registry.exercise_set(set_id)
    results = [_result_in(q, namespace) for q in exercise_set.questions]
    lines = [f"Exercise set {exercise_set.id}: {exercise_set.title}",
             *("  " + line for line in report.summary_table(results)),
             f"Total: {sum(r.points for r in results)} / {exercise_set.max_points} points"]
    print("\n".join(lines))
