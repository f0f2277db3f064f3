"""Words for results: the lines ``check`` prints and the instructor's markdown feedback.

Learners and instructors read the same per-property lines: ``PASS``/``FAIL``, the
property, its points, and for a failure the failing input and a specific hint.
"""

from __future__ import annotations

from collections.abc import Sequence

from rnn_course.grading.scoring import QuestionResult


def heading(result: QuestionResult) -> str:
    question = result.question
    return f"Exercise {question.number}: {question.title} ({question.id})"


def property_lines(result: QuestionResult) -> list[str]:
    """One line per property, or one line saying why there are none."""
    if not result.properties:
        return [f"{result.status.upper()}: {result.message}"]
    lines = []
    for prop in result.properties:
        word = "PASS" if prop.passed else "FAIL"
        line = f"{word}  {prop.name} ({prop.points}/{prop.max_points})"
        lines.append(f"{line}: {prop.message}" if prop.message else line)
    return lines


def score_line(points: int, max_points: int) -> str:
    return f"Score: {points} / {max_points} points"


def check_text(result: QuestionResult) -> str:
    """What ``check`` prints."""
    lines = [heading(result), *("  " + line for line in property_lines(result))]
    lines += [f"  note: {note}" for note in result.notes]
    lines.append(score_line(result.points, result.max_points))
    return "\n".join(lines)


def summary_table(results: Sequence[QuestionResult]) -> list[str]:
    """One aligned line per question: number, name, points, status."""
    width = max(len(r.question.name) for r in results)
    return [f"Exercise {r.question.number}  {r.question.name:<{width}}  "
            f"{r.points} / {r.max_points} points  {r.status}" for r in results]


def feedback_markdown(submission: str, set_title: str, results: Sequence[QuestionResult],
                      notes: Sequence[str]) -> str:
    """The instructor's per-submission feedback file."""
    total = sum(r.points for r in results)
    possible = sum(r.max_points for r in results)
    lines = [f"# Feedback: {submission}", "", f"Exercise set: {set_title}", "",
             f"**{score_line(total, possible)}**", ""]
    if notes:
        lines += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    for result in results:
        lines += [f"## {heading(result)}", "",
                  f"{result.points} / {result.max_points} points ({result.status})", ""]
        lines += [f"- {line}" for line in property_lines(result)]
        lines += [f"- note: {note}" for note in result.notes]
        lines.append("")
    return "\n".join(lines)
