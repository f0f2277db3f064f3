"""Exercise set ex01 (chapter 1): right answers pass however they are written, and
typical mistakes fail with the hint written for them (the promises every set keeps are
in ``test_grading_contract.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from grading_helpers import assert_graded


def _windows_loop(series, num_steps):
    return np.array([[[series[start + t]] for t in range(num_steps)]
                     for start in range(len(series) - num_steps + 1)])


def _one_hot_loop(indices, vocab_size):
    out = np.zeros(np.shape(indices) + (vocab_size,))
    for position in np.ndindex(np.shape(indices)):
        out[position + (indices[position],)] = 1
    return out


RIGHT_BUT_DIFFERENT = [
    ("ex01.sliding_windows", _windows_loop),
    ("ex01.sliding_windows",
     lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n)[:, :, None]),
    ("ex01.sliding_windows", lambda s, n: np.stack([s[i:i + n] for i in range(len(s) - n + 1)])
     .reshape(-1, n, 1)),
    ("ex01.one_hot", _one_hot_loop),
    ("ex01.one_hot", lambda i, v: (i[..., None] == np.arange(v)).astype(np.float32)),
    ("ex01.one_hot", lambda i, v: i[..., None] == np.arange(v)),  # booleans are numbers too
    ("ex01.one_hot", lambda i, v: np.eye(v, dtype=int)[i].tolist()),  # a nested list
    ("ex01.embedding_lookup", lambda i, e: np.eye(len(e))[i] @ e),
    ("ex01.embedding_lookup", lambda i, e: np.einsum("...v,vd->...d", np.eye(len(e))[i], e)),
    ("ex01.embedding_lookup", lambda i, e: np.take(e, i, axis=0)),
    ("ex01.embedding_lookup", lambda i, e: np.array([e[t] for t in i.ravel()]).reshape(
        i.shape + e.shape[1:])),
]


@pytest.mark.parametrize("question_id, answer", RIGHT_BUT_DIFFERENT)
def test_right_but_different_answers_pass(question_id, answer):
    assert_graded(question_id, answer)


def _windows_short(s, n):
    return np.stack([s[i:i + n] for i in range(len(s) - n)])[:, :, None]


WRONG_BUT_PLAUSIBLE = [
    ("ex01.sliding_windows", lambda s, n: _windows_short(s, n) if len(s) > n else
     np.zeros((0, n, 1)), "one window short"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n),
     "missing the feature axis"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n).T[
        :, :, None], "batch and time axes swapped"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(s, n)[
        :, None, :], "time and feature axes swapped"),
    ("ex01.sliding_windows", lambda s, n: s[: len(s) // n * n].reshape(-1, n, 1),
     "windows must overlap"),
    ("ex01.sliding_windows", lambda s, n: np.lib.stride_tricks.sliding_window_view(
        s[::-1], n)[::-1, :, None], "keep time order"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i - 1], "off by one"),
    ("ex01.one_hot", lambda i, v: np.eye(v + 1)[i], "one position too many"),
    ("ex01.one_hot", lambda i, v: np.eye(i.max() + 1)[i], "not indices.max() + 1"),
    ("ex01.one_hot", lambda i, v: np.moveaxis(np.eye(v)[i], -1, 0), "must be the last axis"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i.ravel()], "do not flatten"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i] * 2, "wrong value at"),
    ("ex01.one_hot", lambda i, v: np.where(np.eye(v)[i] > 0, np.nan, 0.0), "NaN"),
    ("ex01.one_hot", lambda i, v: str(np.eye(v)[i]), "expected a NumPy array of numbers"),
    ("ex01.one_hot", lambda i, v: None, "returned a NoneType"),
    ("ex01.one_hot", lambda i, v: np.eye(v)[i][np.newaxis], "4 axes instead of 3"),
    ("ex01.embedding_lookup", lambda i, e: e[i - 1], "off by one"),
    ("ex01.embedding_lookup", lambda i, e: e[:, i], "you picked columns"),
    ("ex01.embedding_lookup", lambda i, e: e[i.ravel()], "do not flatten"),
    ("ex01.embedding_lookup", lambda i, e: e[i] + 1e-3, "wrong value at"),
    ("ex01.embedding_lookup", lambda i, e: e.T[i], "raised IndexError"),
]


@pytest.mark.parametrize("question_id, answer, hint", WRONG_BUT_PLAUSIBLE)
def test_wrong_but_plausible_answers_fail_with_their_hint(question_id, answer, hint):
    assert_graded(question_id, answer, hint)
