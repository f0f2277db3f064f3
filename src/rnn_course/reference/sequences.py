"""Sequence tensors: cutting a long series into a batch of windows (chapter 1), and
what a fixed window costs a dense layer (chapter 2).

A batch of sequences is batch-first: ``(batch_size, num_steps, input_dim)``. A single price
series of shape ``(length,)`` becomes ``length - num_steps + 1`` overlapping windows of
``num_steps`` prices, each step holding ``input_dim = 1`` feature.
"""

from __future__ import annotations

import numpy as np


def sliding_windows(series: np.ndarray, num_steps: int) -> np.ndarray:
    """Cut a 1-D series into every window of ``num_steps`` consecutive values.

    Args:
        series: array of shape ``(length,)``, e.g. daily prices.
        num_steps: window length, ``1 <= num_steps <= length``.

    Returns:
        Array of shape ``(length - num_steps + 1, num_steps, 1)``; window ``i`` holds
        ``series[i : i + num_steps]`` (stride 1, so windows overlap).
    """
    series = np.asarray(series)
    if series.ndim != 1 or not 1 <= num_steps <= len(series):
        raise ValueError(f"need a 1-D series and 1 <= num_steps <= {len(series)}, got "
                         f"shape {series.shape} and num_steps={num_steps}")
    return np.lib.stride_tricks.sliding_window_view(series, num_steps)[..., np.newaxis].copy()


def window_dense_params(window_size, input_dim: int, units: int):
    """Parameters of ``Dense(units)`` over ``window_size`` flattened word vectors.

    The kernel has shape ``(window_size * input_dim, units)`` (one block of weights per
    position in the window), the bias ``(units,)``. ``window_size`` may be an integer
    array, giving one count per size. Taught in chapter 2.
    """
    return window_size * input_dim * units + units
