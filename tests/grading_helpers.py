"""Shared by the grading tests: an untouched stub and the text of a check's verdict."""

from __future__ import annotations


def stub(*args):
    """What a student notebook holds before the learner writes anything."""
    raise NotImplementedError("Exercise N.M: replace this line with your code")


def messages(result) -> str:
    """Every hint and message of a graded answer, as one string to search."""
    return " ".join(p.message for p in result.properties) + result.message
