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
Importing this package imports neither TensorFlow nor Jupyter.
"""

from rnn_course.grading.in_notebook import check, check_all, grade_answer

__all__ = ["check", "check_all", "grade_answer"]
