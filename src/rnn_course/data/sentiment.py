"""Short reviews whose sentiment depends on word order: negation and "but". Chapter 10.

Generated from a small grammar, offline and deterministic for a seed. A review is one
clause ("the plot was not bad at all") or two joined by "but", and the label is what the
**last** clause says (1 = positive, 0 = negative): the adjective's polarity, flipped by a
"not" in the same clause. So "the acting was not good but the plot was bad" (negative)
and "the acting was good but the plot was not bad" (positive) hold the same words: a
bag-of-words model cannot tell them apart, and even for one clause it cannot compute
"not" XOR "good" with one weight per word. A recurrent model reads the order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_course.data.corpus import PAD, build_vocabulary, encode

SUBJECTS = ("the movie", "the plot", "the acting", "the music", "the ending", "the cast")
POSITIVE = ("good", "great", "fun", "moving")
NEGATIVE = ("bad", "dull", "awful", "boring")
INTENSIFIERS = ("really", "very", "quite")
NEGATION_RATE = 0.3   # a clause says "not" this often; the rest a bag of words can read


@dataclass(frozen=True)
class Reviews:
    """Tokenised reviews and their labels (1 = positive, 0 = negative), ``(N,)`` int64."""

    sentences: list[list[str]]
    labels: np.ndarray


def _clause(rng: np.random.Generator) -> tuple[list[str], int]:
    """One clause and its sentiment: "<subject> was [not] [intensifier] <adj> [at all]"."""
    positive = bool(rng.integers(2))
    negated = bool(rng.random() < NEGATION_RATE)
    words = rng.choice(SUBJECTS).split() + ["was"]
    if negated:
        words.append("not")
    if rng.random() < 0.3:
        words.append(str(rng.choice(INTENSIFIERS)))
    words.append(str(rng.choice(POSITIVE if positive else NEGATIVE)))
    if negated and rng.random() < 0.5:
        words += ["at", "all"]
    return words, int(positive != negated)


def make_reviews(num_reviews: int = 2000, seed: int = 0, two_clause_rate: float = 0.5
                 ) -> Reviews:
    """Generate ``num_reviews`` reviews; about ``two_clause_rate`` of them have a "but".

    Labels are balanced in expectation (each clause is positive or negative, negated or
    not, with probability 1/2). Lengths run from 4 to 17 words.
    """
    rng = np.random.default_rng(seed)
    sentences, labels = [], []
    for _ in range(num_reviews):
        words, label = _clause(rng)
        if rng.random() < two_clause_rate:
            second, label = _clause(rng)
            words = words + ["but"] + second
        sentences.append(words)
        labels.append(label)
    return Reviews(sentences, np.array(labels, dtype=np.int64))


def review_vocabulary() -> list[str]:
    """Every word the grammar can produce, ``PAD`` (id 0) first; the same for every seed."""
    words = [subject.split() for subject in SUBJECTS]
    words += [["was", "not", "but", "at", "all"], list(INTENSIFIERS), list(POSITIVE),
              list(NEGATIVE)]
    return build_vocabulary(words)


def encode_reviews(sentences, num_steps: int, padding: str = "post",
                   vocabulary=None) -> np.ndarray:
    """Integer ids ``(N, num_steps)``, padded with ``PAD`` (0) after (``"post"``) or before
    (``"pre"``) the words; the vocabulary defaults to :func:`review_vocabulary`."""
    if padding not in ("pre", "post"):
        raise ValueError(f"padding must be 'pre' or 'post', got {padding!r}")
    vocabulary = review_vocabulary() if vocabulary is None else vocabulary
    ids = encode(sentences, vocabulary, num_steps)
    if padding == "pre":
        for row, sentence in enumerate(sentences):
            ids[row] = np.roll(ids[row], num_steps - min(len(sentence), num_steps))
    return ids


__all__ = ["PAD", "Reviews", "make_reviews", "review_vocabulary", "encode_reviews"]
