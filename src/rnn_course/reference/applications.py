"""Temperature sampling, perplexity and forecasting windows. Taught in chapter 10.

Three small functions that every application in chapter 10 leans on:

* :func:`sample_with_temperature` draws the next symbol of generated text from a
  ``numpy.random.Generator`` (the browser demo uses :func:`~rnn_course.reference.sampling.sample_categorical`
  with the seeded :class:`~rnn_course.reference.sampling.Mulberry32` instead, because
  NumPy's generators do not exist there);
* :func:`perplexity` scores a language model on held-out text (``exp`` of the mean
  cross-entropy in nats: a model that guesses uniformly among ``V`` symbols scores ``V``);
* :func:`make_windows` turns one series into supervised ``(window, target)`` pairs.
"""

from __future__ import annotations

import numpy as np

from rnn_course.reference.numeric import log_sum_exp, softmax


def sample_with_temperature(logits, temperature: float, rng: np.random.Generator) -> int:
    """One index drawn from ``softmax(logits / temperature)``, using only ``rng``.

    Args:
        logits: ``(vocab,)`` unnormalised log-probabilities, any magnitude (1e3 is fine:
            the softmax subtracts the largest logit first).
        temperature: ``> 0`` divides the logits (below 1 sharpens the distribution,
            above 1 flattens it); ``0`` means greedy decoding, the argmax, and draws
            nothing from ``rng``.
        rng: a ``numpy.random.Generator``; the same seed gives the same draws (the global
            ``np.random`` state is never touched).

    Returns:
        The drawn index, an ``int`` in ``[0, vocab)``.
    """
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 1 or logits.size == 0:
        raise ValueError(f"logits must have shape (vocab,) with vocab >= 1, got {logits.shape}")
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if temperature == 0:
        return int(np.argmax(logits))
    probabilities = softmax(logits / temperature)
    return int(rng.choice(logits.size, p=probabilities))


def perplexity(logits, targets) -> float:
    """``exp(mean cross-entropy)`` of ``targets`` under ``softmax(logits)``, in nats.

    Args:
        logits: ``(N, vocab)``, one row of unnormalised log-probabilities per position.
        targets: ``(N,)`` integer ids of the symbols that actually came next.

    Returns:
        The perplexity, ``>= 1``: the number of equally likely symbols the model is as
        unsure as. Uniform logits give exactly ``vocab``. Computed with a log-sum-exp, so
        logits of magnitude 1e3 give a finite answer.
    """
    logits = np.asarray(logits, dtype=float)
    targets = np.asarray(targets)
    if logits.ndim != 2:
        raise ValueError(f"logits must have shape (N, vocab), got {logits.shape}")
    if targets.shape != logits.shape[:1]:
        raise ValueError(f"targets must have shape ({logits.shape[0]},), got {targets.shape}")
    if not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"targets must be integer ids, got dtype {targets.dtype}")
    if targets.size and (targets.min() < 0 or targets.max() >= logits.shape[1]):
        raise ValueError(f"targets must lie in [0, {logits.shape[1]}), "
                         f"got values from {targets.min()} to {targets.max()}")
    log_probability = logits[np.arange(len(targets)), targets] - log_sum_exp(logits, axis=-1)
    return float(np.exp(-np.mean(log_probability)))


def make_windows(series, window: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Supervised pairs from one series: each window of inputs and the value ``horizon`` later.

    Args:
        series: ``(T,)`` values in time order.
        window: how many consecutive values each input holds (``>= 1``).
        horizon: how many steps after the window's last value the target lies (``>= 1``;
            1 = the very next value).

    Returns:
        ``X`` of shape ``(N, window)`` with ``X[i] = series[i:i + window]`` and ``y`` of
        shape ``(N,)`` with ``y[i] = series[i + window + horizon - 1]``, where
        ``N = T - window - horizon + 1``. The target never lies inside its own window.

    Raises:
        ValueError: if ``window`` or ``horizon`` is below 1, or the series is too short
            for a single pair (``N < 1``).
    """
    series = np.asarray(series)
    if series.ndim != 1:
        raise ValueError(f"series must have shape (T,), got {series.shape}")
    if window < 1 or horizon < 1:
        raise ValueError(f"window and horizon must be >= 1, got window={window}, "
                         f"horizon={horizon}")
    count = len(series) - window - horizon + 1
    if count < 1:
        raise ValueError(f"a series of length {len(series)} is too short for window={window} "
                         f"and horizon={horizon}: it needs at least {window + horizon} values")
    starts = np.arange(count)
    X = series[starts[:, None] + np.arange(window)]
    y = series[starts + window + horizon - 1]
    return X, y
