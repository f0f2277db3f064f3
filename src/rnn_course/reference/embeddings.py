"""One-hot encoding and embedding look-up. Taught in chapter 1."""

from __future__ import annotations

import numpy as np


def one_hot(indices: np.ndarray, vocab_size: int, dtype=np.float32) -> np.ndarray:
    """Encode integer token ids as one-hot vectors.

    Args:
        indices: integer array of any shape ``S`` (e.g. ``(batch_size, num_steps)``),
            each value in ``[0, vocab_size)``.
        vocab_size: number of distinct tokens ``V``.

    Returns:
        Array of shape ``S + (V,)`` with a single 1 on the last axis of each position.

    Raises:
        ValueError: an index is negative or not smaller than ``vocab_size``.
    """
    indices = np.asarray(indices)
    if not np.issubdtype(indices.dtype, np.integer):
        raise ValueError(f"indices must be integers, got dtype {indices.dtype}")
    if indices.size and (indices.min() < 0 or indices.max() >= vocab_size):
        raise ValueError(f"indices must lie in [0, {vocab_size}), got "
                         f"[{indices.min()}, {indices.max()}]")
    return np.eye(vocab_size, dtype=dtype)[indices]


def embedding_lookup(indices: np.ndarray, embeddings: np.ndarray) -> np.ndarray:
    """Replace each token id by its row of the embedding matrix (what ``keras.layers.Embedding`` does).

    Args:
        indices: integer array of shape ``S`` (e.g. ``(batch_size, num_steps)``).
        embeddings: matrix of shape ``(vocab_size, embedding_dim)``, one row per token.

    Returns:
        Array of shape ``S + (embedding_dim,)``. Equal to
        ``one_hot(indices, vocab_size) @ embeddings``, without building the one-hot tensor.
    """
    return np.asarray(embeddings)[np.asarray(indices)]


def cosine_similarity(vectors: np.ndarray) -> np.ndarray:
    """Pairwise cosine similarity of the rows of ``vectors``.

    Args:
        vectors: array of shape ``(n, dim)``.

    Returns:
        Array of shape ``(n, n)`` with entries in ``[-1, 1]``; a zero row has
        similarity 0 with every row.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return unit @ unit.T
