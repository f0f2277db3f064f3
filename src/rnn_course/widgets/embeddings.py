"""Live demo of chapter 1: the one-hot vs embedding explorer. Taught in chapter 1.

Twelve words of the generated corpus (:mod:`rnn_course.data.corpus`: four animals, four
foods, four places) are shown as one of three kinds of vectors: one-hot codes, the
untrained matrix of a fresh ``keras.layers.Embedding`` (uniform in ``[-0.05, 0.05]``, its
default initialiser) or the corpus' count-based embedding (truncated SVD of the PPMI
co-occurrence matrix). Python supplies what needs linear algebra or a random draw, once:
the vectors at the largest embedding dimension (their first ``k`` columns are the
``k``-dimensional vectors, for every ``k``) and, for every representation and dimension,
the 2-D PCA projection of the twelve vectors. The browser computes the cosine
similarities and the ranking of the query word's neighbours (``js/embeddings.js``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import traitlets

from rnn_course.data.corpus import (CATEGORIES, build_vocabulary, category_of,
                                    count_based_embeddings, make_corpus)
from rnn_course.reference import cosine_similarity, one_hot
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.controls import dropdown, slider

# Each representation and the text the reader sees for it (the drop-down keeps this order).
REPRESENTATIONS = {"learned": "learned (PPMI + SVD)", "random": "random (untrained)",
                   "one-hot": "one-hot"}
MAX_EMBEDDING_DIM = 16
EXPLORER_WORDS: tuple[str, ...] = tuple(w for words in CATEGORIES.values() for w in words)
# Similarities equal to this many decimals count as a tie (kept in EXPLORER_WORDS order):
# NumPy and JavaScript may differ in the last bits of a sum, never in the 9th decimal.
TIE_DECIMALS = 9


@lru_cache(maxsize=1)
def _corpus() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(sentence) for sentence in make_corpus())


@lru_cache(maxsize=1)
def explorer_vocabulary() -> tuple[str, ...]:
    """The vocabulary of the default generated corpus (``PAD`` has id 0)."""
    return tuple(build_vocabulary(_corpus()))


@lru_cache(maxsize=1)
def _learned_vectors() -> np.ndarray:
    # The first k columns of the SVD embedding are the k-dimensional embedding, so one
    # decomposition serves every slider position.
    return _read_only(count_based_embeddings(_corpus(), explorer_vocabulary(),
                                             MAX_EMBEDDING_DIM))


@lru_cache(maxsize=1)
def _random_vectors() -> np.ndarray:
    # One draw at the largest size, sliced per dimension, so that moving the slider
    # adds coordinates to the same vectors instead of drawing new ones.
    rng = np.random.default_rng(0)
    return _read_only(rng.uniform(-0.05, 0.05,
                                  size=(len(explorer_vocabulary()), MAX_EMBEDDING_DIM)))


def _read_only(array: np.ndarray) -> np.ndarray:
    # Cached arrays are shared by every caller: an in-place edit would corrupt the cache.
    array.setflags(write=False)
    return array


def word_vectors(representation: str, embedding_dim: int) -> np.ndarray:
    """Vectors of every vocabulary word, shape ``(vocab_size, dim)``.

    ``dim`` is ``vocab_size`` for ``"one-hot"`` (``embedding_dim`` is ignored) and
    ``embedding_dim`` for ``"random"`` and ``"learned"``.
    """
    vocab_size = len(explorer_vocabulary())
    if representation == "one-hot":
        return one_hot(np.arange(vocab_size), vocab_size)
    if not 1 <= embedding_dim <= MAX_EMBEDDING_DIM:
        raise ValueError(f"embedding_dim must lie in [1, {MAX_EMBEDDING_DIM}], "
                         f"got {embedding_dim}")
    if representation == "random":
        return _random_vectors()[:, :embedding_dim]
    if representation == "learned":
        return _learned_vectors()[:, :embedding_dim]
    raise ValueError(f"representation must be one of {list(REPRESENTATIONS)}, "
                     f"got {representation!r}")


def explorer_ids() -> list[int]:
    """Vocabulary ids of ``EXPLORER_WORDS``, in that order."""
    vocabulary = explorer_vocabulary()
    return [vocabulary.index(word) for word in EXPLORER_WORDS]


def rank_neighbours(similarity: np.ndarray, query: int) -> np.ndarray:
    """Indices of the other rows, most similar to row ``query`` first.

    Args:
        similarity: ``(n, n)`` cosine similarities.
        query: the row to rank the others against.

    Returns:
        ``(n - 1,)`` integer indices; similarities equal to ``TIE_DECIMALS`` decimals
        keep their index order.
    """
    key = np.floor(similarity[query] * 10.0**TIE_DECIMALS + 0.5)
    others = [i for i in range(len(key)) if i != query]
    return np.array(sorted(others, key=lambda i: (-key[i], i)))


def nearest_words(word: str, vectors: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` other words of ``EXPLORER_WORDS`` most cosine-similar to ``word``.

    Args:
        word: one of ``EXPLORER_WORDS``.
        vectors: vectors of the whole vocabulary, shape ``(vocab_size, dim)``.

    Returns:
        ``(word, similarity)`` pairs, most similar first (ties keep the list's order).
    """
    query = EXPLORER_WORDS.index(word)
    similarity = cosine_similarity(vectors[explorer_ids()])
    return [(EXPLORER_WORDS[i], float(similarity[query, i]))
            for i in rank_neighbours(similarity, query)[:k]]


def pca_projection(vectors: np.ndarray) -> np.ndarray:
    """First two principal components of the rows, shape ``(n, 2)``.

    A vector with a single coordinate has one component; the second column is then 0.
    Each column's sign is fixed (largest entry positive) so that every LAPACK build
    draws the same picture.
    """
    centred = vectors - vectors.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    points = u[:, :2] * s[:2]
    if points.shape[1] < 2:
        points = np.column_stack([points, np.zeros(len(points))])
    largest = points[np.abs(points).argmax(axis=0), [0, 1]]
    return points * np.where(largest < 0, -1.0, 1.0)


@lru_cache(maxsize=1)
def explorer_projections() -> dict[str, tuple[np.ndarray, ...]]:
    """PCA projections ``(12, 2)`` of the explorer's words, by representation.

    One per embedding dimension ``1..MAX_EMBEDDING_DIM`` (index ``dim - 1``) for
    ``"random"`` and ``"learned"``; a single one for ``"one-hot"``.
    """
    dims = {"one-hot": (1,), "random": range(1, MAX_EMBEDDING_DIM + 1),
            "learned": range(1, MAX_EMBEDDING_DIM + 1)}
    return {rep: tuple(_read_only(pca_projection(word_vectors(rep, dim)[explorer_ids()]))
                       for dim in dims[rep]) for rep in REPRESENTATIONS}


class EmbeddingExplorer(LiveDemo):
    """Representation, embedding dimension and query word -> similarities and a 2-D map.

    Shows the cosine similarity of every pair of ``EXPLORER_WORDS``, the other words
    ranked by their similarity to the query word, and the words' 2-D PCA projection.

    Args:
        representation: one of :data:`REPRESENTATIONS`.
        embedding_dim: 1 to :data:`MAX_EMBEDDING_DIM` (one-hot vectors ignore it: their
            length is the vocabulary size).
        word: the query word, one of :data:`EXPLORER_WORDS`.
    """

    _module = "embeddings.js"
    # Every representation meets every dimension among 1, 2, 8, 16, and every word is a
    # query once (3 and 4 are coprime, so the 12 cases give all 12 pairs).
    parity_cases = tuple(
        {"representation": list(REPRESENTATIONS)[i % 3], "embedding_dim": (1, 2, 8, 16)[i % 4],
         "word": word} for i, word in enumerate(EXPLORER_WORDS))

    representation = dropdown("learned", REPRESENTATIONS, label="vectors")
    embedding_dim = slider(8, 1, MAX_EMBEDDING_DIM, label="embedding_dim")
    word = dropdown("cat", {w: w for w in EXPLORER_WORDS}, label="word")
    words = traitlets.List().tag(sync=True)
    categories = traitlets.List().tag(sync=True)
    vocab_size = traitlets.Int().tag(sync=True)
    word_ids = traitlets.List().tag(sync=True)
    random = traitlets.List().tag(sync=True)
    learned = traitlets.List().tag(sync=True)
    projections = traitlets.Dict().tag(sync=True)

    def __init__(self, representation: str = "learned", embedding_dim: int = 8,
                 word: str = "cat") -> None:
        word_vectors(representation, embedding_dim)  # refuses bad values before drawing
        ids = explorer_ids()
        super().__init__(
            representation=representation, embedding_dim=embedding_dim, word=word,
            words=list(EXPLORER_WORDS),
            categories=[category_of(w) for w in EXPLORER_WORDS],
            vocab_size=len(explorer_vocabulary()), word_ids=ids,
            random=_random_vectors()[ids].tolist(), learned=_learned_vectors()[ids].tolist(),
            projections={rep: [p.tolist() for p in points]
                         for rep, points in explorer_projections().items()})

    def reference(self) -> dict[str, np.ndarray]:
        """``similarity (12, 12)``, ``ranking (11,)`` of the query's neighbours and the
        PCA ``points (12, 2)``, computed with NumPy."""
        vectors = word_vectors(self.representation, self.embedding_dim)[explorer_ids()]
        similarity = cosine_similarity(vectors)
        projections = explorer_projections()[self.representation]
        return {"similarity": similarity,
                "ranking": rank_neighbours(similarity, EXPLORER_WORDS.index(self.word)),
                "points": projections[min(self.embedding_dim, len(projections)) - 1]}

