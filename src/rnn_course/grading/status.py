"""The one list of statuses a graded question can have (the gradebook's ``status`` column).

Every record the grader writes (``results/<submission>.json``, ``gradebook.csv``, the
Gradescope files) and every in-notebook check uses these values; compare with the enum
(``row["status"] == Status.TIMEOUT``), never by parsing text.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How one question of one submission went.

    The learner's answer ran and was judged:

    - ``PASSED``: every property earned its points;
    - ``PARTIAL``: some did;
    - ``FAILED``: none did.

    No answer to judge (0 points), because of the learner's notebook:

    - ``NOT_ATTEMPTED``: still the stub (``raise NotImplementedError``, ``...``);
    - ``MISSING``: the function or value is not defined when the notebook has run;
    - ``TIMEOUT``: the notebook or the answer ran past its time limit;
    - ``ERROR``: the kernel died, or the answer could not be read back;
    - ``INVALID``: not a notebook (not JSON, no cells, no code, too large);
    - ``WRONG_EXERCISE``: a notebook of another exercise set;
    - ``UNKNOWN_EXERCISE``: no exercise set could be told or it does not exist.

    Because of the grader itself (never the learner's fault; the batch exits non-zero):

    - ``GRADER_ERROR``: the grader failed, e.g. its reference raised.
    """

    PASSED = "passed"
    PARTIAL = "partial"
    FAILED = "failed"
    NOT_ATTEMPTED = "not attempted"
    MISSING = "missing"
    TIMEOUT = "timeout"
    ERROR = "error"
    INVALID = "invalid"
    WRONG_EXERCISE = "wrong exercise"
    UNKNOWN_EXERCISE = "unknown exercise"
    GRADER_ERROR = "grader error"
