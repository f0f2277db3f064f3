"""Turn the outcomes of a question's cases into points, property by property.

A property earns its points when every one of its cases passes; its message is the first
failing case's hint, prefixed by that case's label. A question whose answer still raises
``NotImplementedError`` (or is still ``...``) is "not attempted" and earns 0 points.
Used by the in-notebook checks and by the batch grader alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rnn_course.grading.compare import describe_failure_to_answer, judge
from rnn_course.grading.spec import Case, Question

# Statuses of a question (a column of the gradebook).
PASSED, PARTIAL, FAILED = "passed", "partial", "failed"
NOT_ATTEMPTED, MISSING = "not attempted", "missing"


@dataclass(frozen=True)
class PropertyResult:
    name: str
    points: int
    max_points: int
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.points == self.max_points


@dataclass(frozen=True)
class QuestionResult:
    """How one question went. ``status`` is one of passed, partial, failed, not attempted,
    missing, or a submission-level status set by the batch grader (timeout, error...)."""

    question: Question
    status: str
    properties: tuple[PropertyResult, ...] = ()
    message: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def points(self) -> int:
        return sum(p.points for p in self.properties)

    @property
    def max_points(self) -> int:
        return self.question.max_points


def unanswered(question: Question, status: str, message: str | None = None) -> QuestionResult:
    """A result with 0 points and no properties (not attempted, missing, timeout...).

    Without ``message``, the standard one for ``status`` naming the learner's answer.
    """
    if message is None:
        message = f"{question.name}: {describe_failure_to_answer({'status': status})}"
    return QuestionResult(question, status, message=message)


def score(question: Question, cases: Sequence[tuple[int, Case]],
          outcomes: Sequence[tuple[dict, np.ndarray | None]]) -> QuestionResult:
    """Score a question from its cases and the matching ``(outcome, array)`` pairs."""
    statuses = {outcome.get("status") for outcome, _ in outcomes}
    if len(statuses) == 1 and statuses & {MISSING, NOT_ATTEMPTED}:
        return unanswered(question, statuses.pop())
    failures: dict[int, str] = {}
    for (index, case), (outcome, array) in zip(cases, outcomes):
        if index in failures:
            continue
        prop = question.properties[index]
        verdict = judge(question, case, prop.mode, outcome, array)
        if not verdict.passed:
            failures[index] = f"{case.label}: {verdict.message}"
    results = tuple(
        PropertyResult(prop.name, 0 if i in failures else prop.points, prop.points,
                       failures.get(i, ""))
        for i, prop in enumerate(question.properties))
    earned = sum(r.points for r in results)
    status = PASSED if earned == question.max_points else PARTIAL if earned else FAILED
    return QuestionResult(question, status, results)
