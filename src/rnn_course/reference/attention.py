"""Scaled dot-product attention, batch first. Taught in chapter 9.

A decoder state (the *query*) scores every encoder state (the *keys*) by a dot product
divided by ``sqrt(d)``; the softmax of the scores over the time axis gives the attention
weights, and the weighted sum of the *values* is the context vector for this step.
Positions that are padding are masked out *before* the softmax, so their weight is
exactly 0 (not merely small). The demos' JavaScript ``dotAttention`` mirrors this.
"""

from __future__ import annotations

import numpy as np

from rnn_course.reference.numeric import softmax


def dot_attention(query, keys, values, mask=None) -> tuple[np.ndarray, np.ndarray]:
    """Attend from ``query`` over the ``T`` time steps of ``keys`` / ``values``.

    Args:
        query: ``(batch, d)``, e.g. the decoder's state at this step.
        keys: ``(batch, T, d)``, e.g. the encoder's states.
        values: ``(batch, T, d_v)``, what is averaged (often the keys themselves).
        mask: optional ``(batch, T)`` booleans, ``True`` where a position is real;
            ``None`` means every position is real. Each row needs one ``True``.

    Returns:
        ``(context, weights)``: context ``(batch, d_v)`` = ``sum_t weights[:, t] *
        values[:, t]``, weights ``(batch, T)`` = softmax over T of ``keys . query /
        sqrt(d)`` (0 exactly at masked positions); stable for scores of magnitude 1e3.

    Raises:
        ValueError: the shapes do not fit, or a row of ``mask`` has no real position.
    """
    query, keys, values = (np.asarray(a, dtype=float) for a in (query, keys, values))
    if query.ndim != 2 or keys.ndim != 3 or values.ndim != 3:
        raise ValueError(f"query must be (batch, d), keys (batch, T, d) and values "
                         f"(batch, T, d_v); got {query.shape}, {keys.shape}, {values.shape}")
    if keys.shape[::2] != query.shape or values.shape[:2] != keys.shape[:2]:
        raise ValueError(f"shapes do not fit: query {query.shape} (batch, d), keys "
                         f"{keys.shape} (batch, T, d), values {values.shape} (batch, T, d_v)")
    scores = np.einsum("btd,bd->bt", keys, query) / np.sqrt(query.shape[1])
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != scores.shape:
            raise ValueError(f"mask must have shape (batch, T) = {scores.shape}, "
                             f"got {mask.shape}")
        if not mask.any(axis=1).all():
            raise ValueError("every row of mask needs at least one real (True) position")
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=1)
    return np.einsum("bt,btv->bv", weights, values), weights
