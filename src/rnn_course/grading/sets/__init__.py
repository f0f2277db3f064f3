"""One module per exercise set (``ex01`` for chapter 1, ...), each defining ``SET``.

:mod:`rnn_course.grading.registry` finds them; see its docstring to add a set.
"""
