"""Figures of chapter 1: how similar words look as one-hot, random and learned vectors.

Taught in chapter 1. The words come from the generated corpus of
:mod:`rnn_course.data.corpus`; the learned vectors are its count-based embedding (SVD of
the PPMI co-occurrence matrix), the random ones imitate an untrained
``keras.layers.Embedding`` (uniform in ``[-0.05, 0.05]``, its default initialiser).
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from rnn_course.data.corpus import (CATEGORIES, build_vocabulary, category_of,
                                    count_based_embeddings, make_corpus)
from rnn_course.plotting import add_background, render_rgba
from rnn_course.reference import cosine_similarity, one_hot

REPRESENTATIONS = ("one-hot", "random", "learned")
_LABELS = {"one-hot": "one-hot vectors", "random": "random (untrained) embedding",
           "learned": "learned embedding (PPMI + SVD)"}
MAX_EMBEDDING_DIM = 16
EXPLORER_WORDS: tuple[str, ...] = tuple(w for words in CATEGORIES.values() for w in words)
# Away from the red and blue of the similarity colour map.
CATEGORY_COLORS = {"animal": "C4", "food": "C3", "place": "C2"}
FIGSIZE = (8.0, 3.6)
# Fixed axes rectangles (left, bottom, width, height in figure fractions) instead of the
# course style's constrained layout: the frames drawn once by _frame_pixels must line up
# with the axes drawn at every update.
_HEATMAP_RECT = (0.09, 0.13, 0.38, 0.65)
_PROJECTION_RECT = (0.55, 0.13, 0.43, 0.65)
_GROUP_SIZE = len(EXPLORER_WORDS) // len(CATEGORIES)
_WORD_COLORS = [CATEGORY_COLORS[category_of(word)] for word in EXPLORER_WORDS]


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
    raise ValueError(f"representation must be one of {REPRESENTATIONS}, "
                     f"got {representation!r}")


def nearest_words(word: str, vectors: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` other words of ``EXPLORER_WORDS`` most cosine-similar to ``word``.

    Args:
        word: one of ``EXPLORER_WORDS``.
        vectors: vectors of the whole vocabulary, shape ``(vocab_size, dim)``.

    Returns:
        ``(word, similarity)`` pairs, most similar first (ties keep the list's order).
    """
    vocabulary = explorer_vocabulary()
    candidates = [w for w in EXPLORER_WORDS if w != word]
    rows = vectors[[vocabulary.index(w) for w in [word, *candidates]]]
    similarity = cosine_similarity(rows)[0, 1:]
    order = np.argsort(-similarity, kind="stable")[:k]
    return [(candidates[i], float(similarity[i])) for i in order]


def _projection_2d(vectors: np.ndarray) -> np.ndarray:
    """First two principal components of the rows, shape ``(n, 2)`` (signs fixed)."""
    centred = vectors - vectors.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    points = u[:, :2] * s[:2]
    if points.shape[1] < 2:  # a 1-D embedding has a single component
        points = np.column_stack([points, np.zeros(len(points))])
    largest = points[np.abs(points).argmax(axis=0), [0, 1]]
    return points * np.where(largest < 0, -1.0, 1.0)


def _heatmap_frame(ax) -> None:
    """What never changes around the heatmap: limits, labels, title."""
    size = len(EXPLORER_WORDS)
    ax.set(xlim=(-0.5, size - 0.5), ylim=(size - 0.5, -0.5), aspect="equal")
    # Rows name the words; the matrix is symmetric, so columns only name the categories.
    ax.set_yticks(np.arange(size), EXPLORER_WORDS)
    ax.set_xticks(np.arange(len(CATEGORIES)) * _GROUP_SIZE + (_GROUP_SIZE - 1) / 2,
                  [f"{name}s" for name in CATEGORIES])
    # Coloured labels double as the legend of the projection next to the heatmap.
    for label, category in zip(ax.get_xticklabels(), CATEGORIES):
        label.set_color(CATEGORY_COLORS[category])
    for label, color in zip(ax.get_yticklabels(), _WORD_COLORS):
        label.set_color(color)
    # The title names the colour scale: a colour bar would be one more axes to draw.
    ax.set_title("cosine similarity (blue −1, white 0, red +1)", fontsize=9)


def _projection_frame(ax) -> None:
    """What never changes around the projection: no ticks (PCA axes have no units), title."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("2-D projection (PCA), coloured by category", fontsize=9)


def _draw_frames(fig: Figure) -> None:
    _heatmap_frame(fig.add_axes(_HEATMAP_RECT))
    _projection_frame(fig.add_axes(_PROJECTION_RECT))


@lru_cache(maxsize=8)
def _frame_pixels(figsize: tuple[float, float], dpi: float) -> np.ndarray:
    """RGBA pixels of both frames, drawn once per figure size: an update only draws the
    data over this picture."""
    return render_rgba(_draw_frames, figsize, dpi)


def _add_frames(fig: Figure) -> None:
    add_background(fig, _frame_pixels(tuple(fig.get_size_inches()), fig.dpi))


def _data_axes(fig: Figure, rect: tuple[float, float, float, float]):
    """Transparent axes without decorations at ``rect``, over the cached frame."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    return ax


def _draw_heatmap(ax, similarity: np.ndarray, query: int) -> None:
    # No numbers in the cells: a dozen text objects would double the redraw time, and
    # the figure's title gives the values that matter (the query's nearest words).
    ax.imshow(similarity, cmap="RdBu_r", vmin=-1, vmax=1)  # same limits as the frame
    boundaries = np.arange(1, len(CATEGORIES)) * _GROUP_SIZE - 0.5
    limits = (-0.5, len(EXPLORER_WORDS) - 0.5)
    ax.hlines(boundaries, *limits, color="white", linewidth=1)
    ax.vlines(boundaries, *limits, color="white", linewidth=1)
    ax.add_patch(Rectangle((-0.5, query - 0.5), len(EXPLORER_WORDS), 1, fill=False,
                           edgecolor="black", linewidth=1.5))


def _draw_projection(ax, points: np.ndarray, query: int) -> None:
    # Colour tells the category; only the query word is named, since a dozen labels
    # would overlap inside tight clusters.
    ax.scatter(points[:, 0], points[:, 1], s=25, color=_WORD_COLORS)
    ax.scatter(*points[query], s=90, facecolors="none", edgecolors="black")
    ax.annotate(EXPLORER_WORDS[query], points[query], xytext=(6, 4),
                textcoords="offset points", fontsize=9, fontweight="bold")
    ax.margins(0.15)


def draw_embedding_explorer(fig: Figure, representation: str = "learned",
                            embedding_dim: int = 8, word: str = "cat") -> None:
    """Cosine-similarity heatmap and 2-D projection of animal, food and place words.

    Args:
        fig: an empty figure to draw on.
        representation: ``"one-hot"``, ``"random"`` (untrained embedding) or
            ``"learned"`` (count-based embedding of the generated corpus).
        embedding_dim: length of the embedding vectors (ignored for one-hot, whose
            length is ``vocab_size``).
        word: the query word; its row is outlined, its point circled, and its nearest
            words are named in the title.
    """
    vectors = word_vectors(representation, embedding_dim)
    vocabulary = explorer_vocabulary()
    shown = vectors[[vocabulary.index(w) for w in EXPLORER_WORDS]]
    query = EXPLORER_WORDS.index(word)
    fig.set_layout_engine("none")
    _add_frames(fig)
    _draw_heatmap(_data_axes(fig, _HEATMAP_RECT), cosine_similarity(shown), query)
    _draw_projection(_data_axes(fig, _PROJECTION_RECT), _projection_2d(shown), query)
    neighbours = ", ".join(f"{w} {s:.2f}" for w, s in nearest_words(word, vectors))
    fig.suptitle(f"{_LABELS[representation]}, {vectors.shape[1]} numbers per word\n"
                 f"closest to '{word}': {neighbours}", fontsize=10)


def plot_embedding_explorer(representation: str = "learned", embedding_dim: int = 8,
                            word: str = "cat") -> Figure:
    """A new figure drawn by :func:`draw_embedding_explorer` (the demo's default view)."""
    fig = plt.figure(figsize=FIGSIZE)
    draw_embedding_explorer(fig, representation=representation,
                            embedding_dim=embedding_dim, word=word)
    return fig
