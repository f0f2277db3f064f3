"""A tiny English corpus generated from templates, and word vectors counted from it.

Taught in chapter 1. The corpus is made so that words of one category (animals, foods,
places) appear in the same contexts ("the ___ eats", "we flew to ___"): by the
distributional hypothesis such words should end up with similar vectors, and the
count-based embedding below (SVD of a PPMI co-occurrence matrix) shows that they do.
Everything is computed offline, in NumPy, and is deterministic for a given seed.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np

PAD = "<pad>"
"""Padding token; always id 0 of a vocabulary built by :func:`build_vocabulary`."""

CATEGORIES: dict[str, tuple[str, ...]] = {
    "animal": ("cat", "dog", "horse", "rabbit"),
    "food": ("apple", "bread", "rice", "cheese"),
    "place": ("paris", "tokyo", "london", "cairo"),
}

# Each slot names a category; every template gives its slot words a typical context.
TEMPLATES: tuple[str, ...] = (
    "the {animal} eats {food}",
    "my {animal} sleeps on the sofa",
    "the {animal} runs in the garden",
    "a small {animal} drinks water",
    "we bought {food} at the market",
    "fresh {food} tastes good",
    "she cooks {food} for dinner",
    "we flew to {place} last year",
    "{place} is a big city",
    "the museum in {place} is old",
    "she ate {food} in {place}",
)

# One context of its own per slot word, so that words of a category are similar but
# not identical (a cat purrs, a dog barks).
SIGNATURES: tuple[str, ...] = (
    "the cat purrs", "the dog barks", "the horse pulls the cart", "the rabbit digs a hole",
    "the apple is crunchy", "the bread is baked", "the rice is boiled",
    "the cheese is melted", "paris is in france", "tokyo is in japan",
    "london is in england", "cairo is in egypt",
)


def category_of(word: str) -> str | None:
    """The category (``"animal"``, ``"food"``, ``"place"``) of a slot word, else None."""
    return next((name for name, words in CATEGORIES.items() if word in words), None)


def make_corpus(num_sentences: int = 600, seed: int = 0,
                signature_rate: float = 0.2) -> list[list[str]]:
    """Generate tokenised sentences by filling random templates with random slot words.

    Args:
        num_sentences: how many sentences to generate.
        seed: seed of the generator; the same seed gives the same corpus.
        signature_rate: probability that a sentence is one of the word-specific
            ``SIGNATURES`` instead of a filled template.

    Returns:
        A list of ``num_sentences`` sentences, each a list of lower-case words.
    """
    rng = np.random.default_rng(seed)
    sentences = []
    for _ in range(num_sentences):
        pool = SIGNATURES if rng.random() < signature_rate else TEMPLATES
        template = pool[rng.integers(len(pool))]
        words = []
        for token in template.split():
            if token.startswith("{"):
                choices = CATEGORIES[token.strip("{}")]
                token = choices[rng.integers(len(choices))]
            words.append(token)
        sentences.append(words)
    return sentences


def build_vocabulary(sentences: Sequence[Sequence[str]]) -> list[str]:
    """List the distinct words, ``PAD`` first, then by decreasing count (ties alphabetical).

    A word's position in the list is its integer id (its row of an embedding matrix).
    """
    counts = Counter(word for sentence in sentences for word in sentence)
    return [PAD] + sorted(counts, key=lambda word: (-counts[word], word))


def encode(sentences: Sequence[Sequence[str]], vocabulary: Sequence[str],
           num_steps: int) -> np.ndarray:
    """Turn sentences into a padded integer array of token ids.

    Args:
        sentences: tokenised sentences; every word must be in ``vocabulary``.
        vocabulary: list of words, as returned by :func:`build_vocabulary`.
        num_steps: length of every row; longer sentences are cut, shorter ones are
            padded at the end with the id of ``PAD`` (0).

    Returns:
        Integer array of shape ``(len(sentences), num_steps)``.
    """
    index = {word: i for i, word in enumerate(vocabulary)}
    ids = np.full((len(sentences), num_steps), index[PAD], dtype=np.int64)
    for row, sentence in enumerate(sentences):
        tokens = [index[word] for word in sentence[:num_steps]]
        ids[row, :len(tokens)] = tokens
    return ids


def cooccurrence_counts(sentences: Sequence[Sequence[str]], vocabulary: Sequence[str],
                        window: int = 2) -> np.ndarray:
    """Count how often each word appears within ``window`` words of each other word.

    Returns:
        Symmetric array of shape ``(vocab_size, vocab_size)``; entry ``[w, c]`` counts
        the times context word ``c`` was at most ``window`` positions from word ``w``.
    """
    index = {word: i for i, word in enumerate(vocabulary)}
    counts = np.zeros((len(vocabulary), len(vocabulary)))
    for sentence in sentences:
        ids = [index[word] for word in sentence]
        for position, word_id in enumerate(ids):
            for context_id in ids[max(0, position - window):position]:
                counts[word_id, context_id] += 1
                counts[context_id, word_id] += 1
    return counts


def ppmi(counts: np.ndarray) -> np.ndarray:
    """Positive pointwise mutual information ``max(0, log p(w, c) / (p(w) p(c)))``.

    Pairs that never co-occur (and rows of words never seen, such as ``PAD``) get 0.
    """
    total = counts.sum()
    word_totals = counts.sum(axis=1, keepdims=True)
    context_totals = counts.sum(axis=0, keepdims=True)
    expected = word_totals * context_totals / total
    ratio = np.divide(counts, expected, out=np.zeros_like(counts), where=counts > 0)
    return np.log(ratio, out=np.zeros_like(ratio), where=ratio > 1)


def count_based_embeddings(sentences: Sequence[Sequence[str]], vocabulary: Sequence[str],
                           embedding_dim: int, window: int = 2) -> np.ndarray:
    """Word vectors from the truncated SVD of the PPMI co-occurrence matrix.

    The ``embedding_dim`` leading singular vectors, scaled by the square root of their
    singular values, are the word vectors. Each column's sign is fixed (largest entry
    positive) so that every LAPACK build returns the same matrix.

    Returns:
        Array of shape ``(vocab_size, embedding_dim)``: row ``i`` is the vector of
        ``vocabulary[i]``, in the layout of ``keras.layers.Embedding``'s matrix.
    """
    if not 1 <= embedding_dim <= len(vocabulary):
        raise ValueError(f"embedding_dim must lie in [1, {len(vocabulary)}], "
                         f"got {embedding_dim}")
    u, s, _ = np.linalg.svd(ppmi(cooccurrence_counts(sentences, vocabulary, window)))
    vectors = u[:, :embedding_dim] * np.sqrt(s[:embedding_dim])
    largest = vectors[np.abs(vectors).argmax(axis=0), np.arange(embedding_dim)]
    return vectors * np.where(largest < 0, -1.0, 1.0)
