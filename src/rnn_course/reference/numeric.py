"""Numerically stable softmax and log-sum-exp. Taught in chapters 9 and 10.

Both subtract the largest logit before exponentiating: ``exp(1000)`` overflows a float64,
``exp(1000 - 1000)`` does not, and the shift cancels out of the result. The demos'
JavaScript core (``softmax``, ``logSumExp``) mirrors these two functions.
"""

from __future__ import annotations

import numpy as np


def log_sum_exp(logits, axis: int = -1) -> np.ndarray:
    """``log(sum(exp(logits)))`` along ``axis``, finite for logits of any magnitude.

    Shape: ``logits`` with ``axis`` removed. Entries of ``-inf`` count as ``exp = 0``.
    """
    logits = np.asarray(logits, dtype=float)
    top = np.max(logits, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)   # a row of only -inf stays -inf
    total = np.sum(np.exp(logits - top), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        return np.squeeze(top + np.log(total), axis=axis)


def softmax(logits, axis: int = -1) -> np.ndarray:
    """``exp(logits) / sum(exp(logits))`` along ``axis``; same shape as ``logits``.

    Each slice along ``axis`` is a probability distribution (non-negative, sums to 1);
    entries of ``-inf`` get probability exactly 0.
    """
    logits = np.asarray(logits, dtype=float)
    return np.exp(logits - np.expand_dims(log_sum_exp(logits, axis), axis))
