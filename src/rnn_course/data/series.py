"""Generated time series for forecasting, clearly labelled as such. Chapter 10.

Two series that look alike on a plot but differ in what can be predicted:

* :func:`noisy_sine`: a seasonal signal (period 24 steps, like hours in a day) plus
  independent noise. The future depends on the phase, which a model can read from the
  past: a learned forecast beats repeating the last value.
* :func:`random_walk`: each step adds independent noise to the last value. The best
  forecast of the next value is the last value itself; a model can only match it.
"""

from __future__ import annotations

import numpy as np

PERIOD = 24


def noisy_sine(num_steps: int = 2000, noise: float = 0.3, period: int = PERIOD,
               seed: int = 0) -> np.ndarray:
    """``sin(2 pi t / period) + noise * N(0, 1)`` for ``t = 0 .. num_steps - 1``; ``(T,)`` float32."""
    rng = np.random.default_rng(seed)
    t = np.arange(num_steps)
    return (np.sin(2 * np.pi * t / period) + noise * rng.normal(size=num_steps)).astype(np.float32)


def random_walk(num_steps: int = 2000, step: float = 0.05, seed: int = 0) -> np.ndarray:
    """Cumulative sum of ``step * N(0, 1)`` steps, starting at 0; ``(T,)`` float32."""
    rng = np.random.default_rng(seed)
    return np.cumsum(step * rng.normal(size=num_steps)).astype(np.float32)


def chronological_split(series: np.ndarray, train_fraction: float = 0.8
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The first ``train_fraction`` of the series and the later rest (never shuffled: a
    forecast is judged on a period after everything it was trained on)."""
    cut = int(len(series) * train_fraction)
    return series[:cut], series[cut:]
