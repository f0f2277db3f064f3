"""Turn the outcomes of a question's cases into points, property by property.

A property earns its points when every one of its cases passes; its message is the first
failing case's hint, prefixed by that case's label. A question whose answer is still the
stub (it raises ``NotImplementedError`` or is ``...``) is "not attempted" and earns 0
points. Used by the in-notebook checks and by the batch grader alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rnn_course.grading.compare import describe_failure_to_answer, judge
from rnn_course.grading.spec import Case, Question
from rnn_course.grading.status import Status


@dataclass(frozen=True)
class PropertyResult:
    name: str
    points: int
    max_points: int
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.points == self.max_points

    def record(self) -> dict:
        return {"name": self.name, "points": self.points, "max_points": self.max_points,
                "passed": self.passed, "message": self.message}


@dataclass(frozen=True)
class QuestionResult:
    """How one question went: a :class:`~rnn_course.grading.status.Status`, the points of
    each property, a message when there are no properties, and notes (e.g. copying)."""

    question: Question
    status: Status
    properties: tuple[PropertyResult, ...] = ()
    message: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def points(self) -> int:
        return sum(p.points for p in self.properties)

    @property
    def max_points(self) -> int:
        return self.question.max_points


def unanswered(question: Question, status: Status, message: str | None = None,
               outcome: dict | None = None) -> QuestionResult:
    """A result with 0 points and no properties (not attempted, missing, timeout...).

    Without ``message``, the standard one for ``status`` (or for ``outcome``, the call's
    outcome, e.g. which placeholder is still there) naming the learner's answer.
    """
    if message is None:
        message = f"{question.name}: " + describe_failure_to_answer(
            outcome or {"status": str(status)}, question)
    return QuestionResult(question, Status(status), message=message)


def copying_note(outcomes: Sequence[tuple[dict, np.ndarray | None]]) -> tuple[str, ...]:
    """A note when the answer is the course's own code (flagged, never penalised)."""
    names = {outcome["course_code"] for outcome, _ in outcomes if "course_code" in outcome}
    return tuple(f"the answer is the course's own {name}, not code written in the notebook "
                 "(flagged for the instructor)" for name in sorted(names))


def score(question: Question, cases: Sequence[tuple[int, Case]],
          outcomes: Sequence[tuple[dict, np.ndarray | None]]) -> QuestionResult:
    """Score a question from its cases and the matching ``(outcome, array)`` pairs."""
    statuses = {outcome.get("status") for outcome, _ in outcomes}
    if len(statuses) == 1 and statuses & {Status.MISSING, Status.NOT_ATTEMPTED}:
        return unanswered(question, Status(statuses.pop()), outcome=outcomes[0][0])
    failures: dict[int, str] = {}
    for (index, case), (outcome, array) in zip(cases, outcomes):
        if index in failures:
            continue
        prop = question.properties[index]
        verdict = judge(question, prop, case, outcome, array)
        if not verdict.passed:
            failures[index] = f"{question.label(case)}: {verdict.message}"
    results = tuple(
        PropertyResult(prop.name, 0 if i in failures else prop.points, prop.points,
                       failures.get(i, ""))
        for i, prop in enumerate(question.properties))
    earned = sum(r.points for r in results)
    status = (Status.PASSED if earned == question.max_points else
              Status.PARTIAL if earned else Status.FAILED)
    return QuestionResult(question, status, results, notes=copying_note(outcomes))
