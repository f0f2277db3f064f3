"""Exercise set ex01 (chapter 1): sequence tensors, one-hot encoding, embedding look-up.

Notebook: ``exercises/ex01_sequences_and_embeddings.ipynb``. References:
:func:`rnn_course.reference.sliding_windows`, :func:`~rnn_course.reference.one_hot`,
:func:`~rnn_course.reference.embedding_lookup`.
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.spec import ExerciseSet, Property, Question, shape
from rnn_course.reference import embeddings as _embeddings
from rnn_course.reference import sequences as _sequences

_sliding_windows, _one_hot = _sequences.sliding_windows, _embeddings.one_hot

# --- 1.1 sliding windows: a price series becomes a (batch_size, num_steps, 1) batch ------


def _windows(rng, length: int, num_steps: int, series=None) -> tuple:
    return (rng.normal(100.0, 5.0, size=length) if series is None else series, num_steps)


def _windows_random(rng) -> list[tuple]:
    lengths = [int(n) for n in rng.integers(8, 40, size=3)]
    return [_windows(rng, n, int(rng.integers(2, min(n, 10)))) for n in lengths]


def _windows_edges(rng) -> list[tuple]:
    return [_windows(rng, 6, 6),  # a single window: batch size 1
            _windows(rng, 5, 1),
            _windows(rng, 1_000, 100),  # the chapter's [batch, 100, 1] prices
            _windows(rng, 7, 3, np.zeros(7))]


SLIDING_WINDOWS = Question(
    name="sliding_windows", title="Cut a price series into windows",
    reference=_sliding_windows,
    describe=lambda series, num_steps: f"series of length {len(series)}, num_steps={num_steps}",
    properties=(shape("shape (batch_size, num_steps, 1)"),
                Property("values of every window", 1, _windows_random),
                Property("edge cases (one window, num_steps=1, long series, zeros)", 1,
                         _windows_edges)),
    mistakes={
        "one window short: a series of length L has L - num_steps + 1 windows; the last one "
        "ends with the last value": lambda s, n: _sliding_windows(s, n)[:-1],
        "missing the feature axis: each step holds one feature, so the shape is "
        "(batch_size, num_steps, 1)": lambda s, n: _sliding_windows(s, n)[..., 0],
        "batch and time axes swapped: batch-first puts the windows on axis 0 and the time "
        "steps on axis 1": lambda s, n: _sliding_windows(s, n).transpose(1, 0, 2),
        "time and feature axes swapped: time steps go on axis 1, the single feature on "
        "axis 2": lambda s, n: _sliding_windows(s, n).transpose(0, 2, 1),
        "the windows must overlap: start a new window at every step (stride 1), not every "
        "num_steps steps": lambda s, n: s[: len(s) // n * n].reshape(-1, n, 1),
        "each window must keep time order, oldest value first":
            lambda s, n: _sliding_windows(s, n)[:, ::-1],
    },
)

# --- 1.2 one-hot encoding -----------------------------------------------------------------


def _ids(rng, shape: tuple[int, ...], vocab_size: int) -> np.ndarray:
    return rng.integers(0, vocab_size, size=shape)


def _one_hot_shapes(rng) -> list[tuple]:  # 1-D and 2-D ids: the new axis goes last
    vocab_size = int(rng.integers(4, 12))
    return [(_ids(rng, shape, vocab_size), vocab_size)
            for shape in [(int(rng.integers(3, 9)),), (int(rng.integers(2, 6)), 7), (1, 5)]]


def _one_hot_values(rng) -> list[tuple]:
    cases = []
    for _ in range(3):
        vocab_size = int(rng.integers(4, 12))
        shape = (int(rng.integers(2, 6)), int(rng.integers(3, 9)))
        cases.append((_ids(rng, shape, vocab_size), vocab_size))
    return cases


def _one_hot_edges(rng) -> list[tuple]:
    return [(np.zeros((2, 3), dtype=np.int64), 5),
            (np.array([4, 0, 4, 2]), 5),  # the largest id, vocab_size - 1, must fit
            (np.array([3]), 4),
            (_ids(rng, (1, 1_000), 50), 50)]


# A mistake shared by one_hot and embedding_lookup, written once.
FLATTENED = "keep the shape of indices and add one axis at the end; do not flatten the batch"

ONE_HOT = Question(
    name="one_hot", title="One-hot encode token ids",
    reference=_one_hot,
    properties=(shape("shape indices.shape + (vocab_size,)", 1, _one_hot_shapes),
                Property("a single 1 at each token's id", 2, _one_hot_values),
                Property("edge cases (all zeros, highest id, one token, long sequence)", 1,
                         _one_hot_edges)),
    mistakes={
        "off by one: token id i must put its 1 at position i (ids count from 0)":
            lambda i, v: np.eye(v)[np.asarray(i) - 1],
        "one position too many: the last axis has exactly vocab_size entries":
            lambda i, v: np.eye(v + 1)[i],
        "the length of the one-hot axis is the vocab_size argument, not indices.max() + 1":
            lambda i, v: np.eye(np.max(i) + 1)[i],
        "the one-hot axis must be the last axis: shape indices.shape + (vocab_size,)":
            lambda i, v: np.moveaxis(_one_hot(i, v), -1, 0),
        FLATTENED: lambda i, v: _one_hot(i, v).reshape(-1, v),
    },
    atol=0.0, rtol=0.0,
)

# --- 1.3 embedding look-up ----------------------------------------------------------------


def _matrix(rng, vocab_size: int | None = None) -> np.ndarray:
    # vocab_size > embedding_dim, as in practice, so rows and columns cannot be confused
    vocab_size = int(rng.integers(8, 20)) if vocab_size is None else vocab_size
    return rng.normal(size=(vocab_size, int(rng.integers(2, 6))))


def _lookups(rng, shapes) -> list[tuple]:
    matrices = [_matrix(rng) for _ in shapes]
    return [(_ids(rng, shape, len(m)), m) for shape, m in zip(shapes, matrices)]


def _lookup_edges(rng) -> list[tuple]:
    matrix = _matrix(rng, vocab_size=30)
    return [(np.zeros((1, 1), dtype=np.int64), matrix),
            (_ids(rng, (1, 500), 30), matrix),
            (_ids(rng, (2, 3), 30), np.zeros((30, 4))),
            (np.array([29, 29, 0]), matrix)]


EMBEDDING_LOOKUP = Question(
    name="embedding_lookup", title="Look up embeddings",
    reference=_embeddings.embedding_lookup,
    properties=(
        shape("shape indices.shape + (embedding_dim,)", 1,
              lambda rng: _lookups(rng, [(int(rng.integers(3, 9)),), (3, 7), (1, 4)])),
        Property("each token's row of the embedding matrix", 2, lambda rng: _lookups(
            rng, [(int(rng.integers(2, 6)), int(rng.integers(3, 9))) for _ in range(3)])),
        Property("edge cases (one token, long sequence, zero matrix, last id)", 1,
                 _lookup_edges)),
    mistakes={
        "off by one: token id i selects row i of the matrix (ids count from 0)":
            lambda i, e: np.asarray(e)[np.asarray(i) - 1],
        "you picked columns: the embedding matrix has one ROW per token, shape "
        "(vocab_size, embedding_dim)": lambda i, e: np.asarray(e)[:, i],
        FLATTENED: lambda i, e: np.asarray(e)[np.ravel(i)],
    },
)

SET = ExerciseSet(chapter=1, title="Turn sequences into arrays",
                  questions=(SLIDING_WINDOWS, ONE_HOT, EMBEDDING_LOOKUP))
