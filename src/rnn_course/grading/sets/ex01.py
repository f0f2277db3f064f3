"""Exercise set ex01 (chapter 1): sequence tensors, one-hot encoding, embedding look-up.

Notebook: ``exercises/ex01_sequences_and_embeddings.ipynb``. References:
:func:`rnn_course.reference.sliding_windows`, :func:`~rnn_course.reference.one_hot`,
:func:`~rnn_course.reference.embedding_lookup`.
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, WrongVariant
from rnn_course.reference.embeddings import embedding_lookup, one_hot
from rnn_course.reference.sequences import sliding_windows

# --- 1.1 sliding windows: a price series becomes a (batch_size, num_steps, 1) batch ------


def _windows_case(rng: np.random.Generator, length: int, num_steps: int,
                  series: np.ndarray | None = None) -> Case:
    series = rng.normal(100.0, 5.0, size=length) if series is None else series
    return Case((series, num_steps), f"series of length {length}, num_steps={num_steps}")


def _random_windows_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for _ in range(3):
        length = int(rng.integers(8, 40))
        cases.append(_windows_case(rng, length, int(rng.integers(2, min(length, 10)))))
    return cases


def _edge_windows_cases(rng: np.random.Generator) -> list[Case]:
    return [_windows_case(rng, 6, 6),  # a single window: batch size 1
            _windows_case(rng, 5, 1),
            _windows_case(rng, 1_000, 100),  # the chapter's [batch, 100, 1] prices
            _windows_case(rng, 7, 3, np.zeros(7))]


SLIDING_WINDOWS = Question(
    id="ex01.sliding_windows", number="1.1", name="sliding_windows",
    title="Cut a price series into windows",
    reference=sliding_windows,
    properties=(
        Property("shape (batch_size, num_steps, 1)", 1, _random_windows_cases, mode="shape"),
        Property("values of every window", 1, _random_windows_cases),
        Property("edge cases (one window, num_steps=1, long series, zeros)", 1,
                 _edge_windows_cases),
    ),
    variants=(
        WrongVariant("one window short: a series of length L has L - num_steps + 1 "
                     "windows; the last one ends with the last value",
                     lambda s, n: sliding_windows(s, n)[:-1]),
        WrongVariant("missing the feature axis: each step holds one feature, so the shape "
                     "is (batch_size, num_steps, 1)",
                     lambda s, n: sliding_windows(s, n)[..., 0]),
        WrongVariant("batch and time axes swapped: batch-first puts the windows on axis 0 "
                     "and the time steps on axis 1",
                     lambda s, n: sliding_windows(s, n).transpose(1, 0, 2)),
        WrongVariant("time and feature axes swapped: time steps go on axis 1, the single "
                     "feature on axis 2",
                     lambda s, n: sliding_windows(s, n).transpose(0, 2, 1)),
        WrongVariant("the windows must overlap: start a new window at every step "
                     "(stride 1), not every num_steps steps",
                     lambda s, n: s[: len(s) // n * n].reshape(-1, n, 1)),
        WrongVariant("each window must keep time order, oldest value first",
                     lambda s, n: sliding_windows(s, n)[:, ::-1]),
    ),
)

# --- 1.2 one-hot encoding -----------------------------------------------------------------


def _ids(rng: np.random.Generator, shape: tuple[int, ...], vocab_size: int) -> np.ndarray:
    return rng.integers(0, vocab_size, size=shape)


def _ids_label(indices: np.ndarray) -> str:
    return f"indices of shape {indices.shape}"


def _one_hot_case(indices: np.ndarray, vocab_size: int) -> Case:
    return Case((indices, vocab_size), f"{_ids_label(indices)}, vocab_size={vocab_size}")


def _one_hot_shape_cases(rng: np.random.Generator) -> list[Case]:
    vocab_size = int(rng.integers(4, 12))
    return [_one_hot_case(_ids(rng, shape, vocab_size), vocab_size)
            for shape in [(int(rng.integers(3, 9)),), (int(rng.integers(2, 6)), 7), (1, 5)]]


def _one_hot_value_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for _ in range(3):
        vocab_size = int(rng.integers(4, 12))
        shape = (int(rng.integers(2, 6)), int(rng.integers(3, 9)))
        cases.append(_one_hot_case(_ids(rng, shape, vocab_size), vocab_size))
    return cases


def _one_hot_edge_cases(rng: np.random.Generator) -> list[Case]:
    highest = np.array([4, 0, 4, 2])  # the largest id, vocab_size - 1, must fit
    return [_one_hot_case(np.zeros((2, 3), dtype=np.int64), 5),
            _one_hot_case(highest, 5),
            _one_hot_case(np.array([3]), 4),
            _one_hot_case(_ids(rng, (1, 1_000), 50), 50)]


ONE_HOT = Question(
    id="ex01.one_hot", number="1.2", name="one_hot",
    title="One-hot encode token ids",
    reference=one_hot,
    properties=(
        Property("shape indices.shape + (vocab_size,)", 1, _one_hot_shape_cases,
                 mode="shape"),
        Property("a single 1 at each token's id", 2, _one_hot_value_cases),
        Property("edge cases (all zeros, highest id, one token, long sequence)", 1,
                 _one_hot_edge_cases),
    ),
    variants=(
        WrongVariant("off by one: token id i must put its 1 at position i (ids count from 0)",
                     lambda i, v: np.eye(v)[np.asarray(i) - 1]),
        WrongVariant("one position too many: the last axis has exactly vocab_size entries",
                     lambda i, v: np.eye(v + 1)[i]),
        WrongVariant("the length of the one-hot axis is the vocab_size argument, not "
                     "indices.max() + 1",
                     lambda i, v: np.eye(np.max(i) + 1)[i]),
        WrongVariant("the one-hot axis must be the last axis: shape "
                     "indices.shape + (vocab_size,)",
                     lambda i, v: np.moveaxis(one_hot(i, v), -1, 0)),
        WrongVariant("keep the shape of indices and add one axis at the end; do not "
                     "flatten the batch", lambda i, v: one_hot(i, v).reshape(-1, v)),
    ),
    atol=0.0, rtol=0.0,
)

# --- 1.3 embedding look-up ----------------------------------------------------------------


def _lookup_case(indices: np.ndarray, embeddings: np.ndarray) -> Case:
    vocab_size, embedding_dim = embeddings.shape
    return Case((indices, embeddings), f"{_ids_label(indices)}, embeddings of shape "
                                       f"({vocab_size}, {embedding_dim})")


def _embeddings(rng: np.random.Generator, vocab_size: int | None = None) -> np.ndarray:
    # vocab_size > embedding_dim, as in practice, so rows and columns cannot be confused
    vocab_size = int(rng.integers(8, 20)) if vocab_size is None else vocab_size
    return rng.normal(size=(vocab_size, int(rng.integers(2, 6))))


def _lookup_random_cases(rng: np.random.Generator, shapes) -> list[Case]:
    cases = []
    for shape in shapes:
        embeddings = _embeddings(rng)
        cases.append(_lookup_case(_ids(rng, shape, len(embeddings)), embeddings))
    return cases


def _lookup_shape_cases(rng: np.random.Generator) -> list[Case]:
    return _lookup_random_cases(rng, [(int(rng.integers(3, 9)),), (3, 7), (1, 4)])


def _lookup_value_cases(rng: np.random.Generator) -> list[Case]:
    return _lookup_random_cases(rng, [(int(rng.integers(2, 6)), int(rng.integers(3, 9)))
                                      for _ in range(3)])


def _lookup_edge_cases(rng: np.random.Generator) -> list[Case]:
    embeddings = _embeddings(rng, vocab_size=30)
    return [_lookup_case(np.zeros((1, 1), dtype=np.int64), embeddings),
            _lookup_case(_ids(rng, (1, 500), 30), embeddings),
            _lookup_case(_ids(rng, (2, 3), 30), np.zeros((30, 4))),
            _lookup_case(np.array([29, 29, 0]), embeddings)]


EMBEDDING_LOOKUP = Question(
    id="ex01.embedding_lookup", number="1.3", name="embedding_lookup",
    title="Look up embeddings",
    reference=embedding_lookup,
    properties=(
        Property("shape indices.shape + (embedding_dim,)", 1, _lookup_shape_cases,
                 mode="shape"),
        Property("each token's row of the embedding matrix", 2, _lookup_value_cases),
        Property("edge cases (one token, long sequence, zero matrix, last id)", 1,
                 _lookup_edge_cases),
    ),
    variants=(
        WrongVariant("off by one: token id i selects row i of the matrix (ids count from 0)",
                     lambda i, e: np.asarray(e)[np.asarray(i) - 1]),
        WrongVariant("you picked columns: the embedding matrix has one ROW per token, "
                     "shape (vocab_size, embedding_dim)",
                     lambda i, e: np.asarray(e)[:, i]),
        WrongVariant("keep the shape of indices and add one axis at the end; do not "
                     "flatten the batch",
                     lambda i, e: np.asarray(e)[np.ravel(i)]),
    ),
)

SET = ExerciseSet(id="ex01", title="Sequences and embeddings", chapter=1,
                  questions=(SLIDING_WINDOWS, ONE_HOT, EMBEDDING_LOOKUP))
