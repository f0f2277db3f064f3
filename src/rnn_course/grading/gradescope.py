"""Gradescope export: one ``results.json`` per submission, in Gradescope's autograder format.

Format (Gradescope "autograder specifications"): ``{"score", "output", "tests": [{"name",
"score", "max_score", "status", "output"}]}``, one test per question; its output is the
same per-property feedback the learner's ``check`` prints.
"""

from __future__ import annotations

from collections.abc import Sequence


def results_json(rows: Sequence[dict], summary: str) -> dict:
    """Gradescope's results for one submission from its gradebook rows (with ``details``)."""
    tests = [{"name": row["title"], "score": row["points"], "max_score": row["max_points"],
              "status": "passed" if row["points"] == row["max_points"] else "failed",
              "output": row["details"]} for row in rows if row["max_points"]]
    return {"score": sum(row["points"] for row in rows), "output": summary,
            "visibility": "visible", "tests": tests}
