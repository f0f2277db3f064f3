"""Seeded sampling that the browser repeats draw for draw. Taught in chapter 10.

The live demos sample text in the reader's browser, where NumPy's generators do not
exist. :class:`Mulberry32` is a tiny 32-bit generator whose state is one integer the
caller carries; the demos' JavaScript core runs the same arithmetic, so one seed gives the
same draws on the page, in node and here. :func:`sample_categorical` turns one uniform
number into a draw from ``softmax(logits / temperature)`` by inverting the cumulative
distribution, the same way the JavaScript ``sampleCategorical`` does.
"""

from __future__ import annotations

import numpy as np

from rnn_course.reference.numeric import softmax

_MASK = 0xFFFFFFFF


def _imul(a: int, b: int) -> int:
    """JavaScript's ``Math.imul``: the low 32 bits of ``a * b``, as an unsigned int."""
    return (a * b) & _MASK


class Mulberry32:
    """The mulberry32 generator: ``next()`` gives floats in ``[0, 1)``, ``state`` is an int.

    ``Mulberry32(seed)`` starts from ``seed % 2**32``; reading ``state`` and building a new
    generator from it continues the same stream (what a widget does between redraws).
    """

    def __init__(self, seed: int) -> None:
        self.state = int(seed) & _MASK

    def next(self) -> float:
        self.state = (self.state + 0x6D2B79F5) & _MASK
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & _MASK
        return ((t ^ (t >> 14)) & _MASK) / 2 ** 32


def sample_categorical(logits, temperature: float, uniform: float) -> int:
    """The index drawn from ``softmax(logits / temperature)`` by the uniform number ``uniform``.

    Args:
        logits: ``(vocab,)`` unnormalised log-probabilities; any magnitude.
        temperature: ``> 0`` divides the logits (below 1 sharpens, above 1 flattens);
            ``0`` means no randomness: the argmax (the first one on ties).
        uniform: a number in ``[0, 1)``; the draw is the first index whose cumulative
            probability exceeds it.
    """
    logits = np.asarray(logits, dtype=float)
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if temperature == 0:
        return int(np.argmax(logits))
    cumulative = np.cumsum(softmax(logits / temperature))
    return int(min(np.searchsorted(cumulative, uniform, side="right"), len(logits) - 1))
