"""Chapter 10's offline data: negation reviews, Tang quatrains, generated series."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.data.quatrains import (char_vocabulary, line_lengths, load_quatrains,
                                       share_of_regular_lines, split_poems)
from rnn_course.data.sentiment import encode_reviews, make_reviews, review_vocabulary
from rnn_course.data.series import chronological_split, noisy_sine, random_walk


def test_review_labels_follow_the_last_clause_and_negation():
    reviews = make_reviews(3000, seed=1)
    assert 0.45 < reviews.labels.mean() < 0.55
    for words, label in zip(reviews.sentences, reviews.labels):
        last = words[len(words) - 1 - words[::-1].index("but") + 1:] if "but" in words else words
        positive = any(word in ("good", "great", "fun", "moving") for word in last)
        assert label == int(positive != ("not" in last)), words
    again = make_reviews(50, seed=4)
    assert make_reviews(50, seed=4).sentences == again.sentences


def test_bag_of_words_cannot_separate_reviews_with_the_same_words():
    reviews = make_reviews(3000, seed=0)
    labels_of_bag = {}
    for words, label in zip(reviews.sentences, reviews.labels):
        labels_of_bag.setdefault(tuple(sorted(words)), set()).add(int(label))
    assert any(len(labels) == 2 for labels in labels_of_bag.values())


def test_padding_pre_and_post_keep_the_words_in_order():
    words = "the plot was not bad at all".split()
    vocabulary = review_vocabulary()
    post = encode_reviews([words], 10, "post")[0]
    pre = encode_reviews([words], 10, "pre")[0]
    ids = [vocabulary.index(word) for word in words]
    assert list(post) == ids + [0, 0, 0] and list(pre) == [0, 0, 0] + ids
    with pytest.raises(ValueError, match="padding must be"):
        encode_reviews([words], 10, "middle")


def test_quatrains_are_regular_and_split_by_poem():
    poems = load_quatrains()
    assert len(poems) == 88 and poems[0].startswith("床前明月光")
    assert all(len(set(line_lengths(poem))) == 1 for poem in poems)
    train, test = split_poems(poems, num_held_out=12, seed=0)
    assert test.count("\n") == 12 and train.count("\n") == 76
    assert share_of_regular_lines(train) == 1.0
    assert share_of_regular_lines("一二三四五，一二三，") == 0.5
    assert char_vocabulary("ba\na") == ["\n", "a", "b"]


def test_series_are_seeded_and_split_in_time_order():
    sine = noisy_sine(500, seed=3)
    np.testing.assert_array_equal(sine, noisy_sine(500, seed=3))
    assert sine.dtype == np.float32 and abs(np.corrcoef(sine[:-24], sine[24:])[0, 1]) > 0.7
    walk = random_walk(500, seed=3)
    assert walk[0] == pytest.approx(0.05 * np.random.default_rng(3).normal(), abs=1e-6)
    train, test = chronological_split(np.arange(10), 0.8)
    assert list(train) == list(range(8)) and list(test) == [8, 9]
