"""Graded exercises: in-notebook checks and the instructor's batch grader.

In a notebook::

    from rnn_course.grading import check, check_all
    check("ex01.one_hot", one_hot)   # per-property PASS/FAIL with hints, "k / n points"
    check_all("ex01")                # summary of the whole exercise set

Instructors: ``python -m rnn_course.grading grade SUBMISSIONS... --out DIR``.

Modules: ``spec`` (what a question is, how to write a set), ``registry`` (find sets;
``sets/exNN.py`` hold them), ``status`` (the statuses of a question), ``probe`` (call an
answer, report data), ``compare`` (judge one output, hints), ``scoring`` (points per
property), ``report`` (printed and markdown feedback),
``in_notebook`` (``check``), ``submissions`` (read and identify notebooks), ``sandbox``
(run one submission in a limited kernel), ``batch`` (grade many), ``gradescope``
(Gradescope's ``results.json``), ``gradescope_bundle`` (Gradescope's autograder zip).
Importing this package imports neither TensorFlow nor Jupyter, nor anything else:
``check``, ``check_all`` and ``grade_answer`` load the exercise sets (and NumPy) when
first asked for. The grader's sandbox worker, a fresh process per submission, imports
``rnn_course.grading.sandbox`` only, so it starts without them.
"""

__all__ = ["check", "check_all", "grade_answer"]


def __getattr__(name: str):
    """``check``, ``check_all`` and ``grade_answer`` from :mod:`.in_notebook`, imported on
    first use (PEP 562)."""
    if name in __all__:
        from rnn_course.grading import in_notebook

        return getattr(in_notebook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
