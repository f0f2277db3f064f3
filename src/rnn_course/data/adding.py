"""The adding problem: a long-range dependency task generated from a seed.

Taught in chapter 6 (and reused in chapter 7). Each sequence has ``num_steps`` steps of
two features: a value drawn uniformly from ``[0, 1)`` and a marker that is 1 at exactly
two steps and 0 elsewhere. The target is the sum of the two marked values. One marker
sits in the first half of the sequence and one in the second half, so a model must carry
the first marked value across at least ``num_steps // 2`` steps when predicting at the end.

The chance baseline is predicting the mean of the target, 1, for every sequence; its mean
squared error is the target's variance, ``2 * (1/12) = 1/6`` (:data:`CHANCE_MSE`).
"""

from __future__ import annotations

import numpy as np

CHANCE_MSE = 1.0 / 6.0
"""MSE of always predicting the target's mean (the variance of a sum of two U(0, 1))."""


def make_adding_problem(num_sequences: int, num_steps: int,
                        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Generate ``num_sequences`` adding-problem sequences of length ``num_steps``.

    Returns:
        ``(x, y)``: ``x`` float32 of shape ``(num_sequences, num_steps, 2)`` (feature 0 the
        values, feature 1 the markers) and ``y`` float32 of shape ``(num_sequences, 1)``,
        the sum of the two marked values.

    Raises:
        ValueError: ``num_steps < 2`` (two markers need two steps).
    """
    if num_steps < 2:
        raise ValueError(f"num_steps must be at least 2, got {num_steps}")
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(num_sequences, num_steps))
    half = num_steps // 2
    first = rng.integers(0, half, size=num_sequences)
    second = rng.integers(half, num_steps, size=num_sequences)
    markers = np.zeros_like(values)
    rows = np.arange(num_sequences)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1).astype(np.float32)
    y = (values[rows, first] + values[rows, second])[:, None].astype(np.float32)
    return x, y
