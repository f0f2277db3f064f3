"""Shared by the grading tests: an untouched stub, the text of a check's verdict, and the
one assertion every set's tests make about a learner's answer."""

from __future__ import annotations

from rnn_course.grading import grade_answer, registry

# The set the notebook, batch and Gradescope tests submit: its points come from its spec.
EX01 = registry.exercise_set("ex01")


def stub(*args):
    """What a student notebook holds before the learner writes anything."""
    raise NotImplementedError("Exercise N.M: replace this line with your code")


def messages(result) -> str:
    """Every hint and message of a graded answer, as one string to search."""
    return " ".join(p.message for p in result.properties) + result.message


def points(question_id: str) -> int:
    """The points a question is worth, as its spec says."""
    return registry.question(question_id).max_points


def assert_graded(question_id: str, answer, hint: str | None = None):
    """Grade ``answer`` to ``question_id`` as ``check`` does and assert the verdict a
    learner must get: with no ``hint``, a right answer passes every property; with a
    ``hint``, a wrong answer loses points and its feedback contains ``hint`` (the text
    written for that mistake). Returns the result for further checks."""
    result = grade_answer(question_id, answer)
    if hint is None:
        assert result.status == "passed", f"{question_id}: {messages(result)}"
    else:
        assert result.points < result.max_points, \
            f"{question_id}: a wrong answer earned every point: {messages(result)}"
        assert hint in messages(result), \
            f"{question_id}: hint {hint!r} missing from: {messages(result)}"
    return result
