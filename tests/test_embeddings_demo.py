"""Chapter 1's generated corpus, count-based embedding, explorer figure and demo."""

from __future__ import annotations

import inspect

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

from rnn_course.data.corpus import (CATEGORIES, PAD, SIGNATURES, TEMPLATES,  # noqa: E402
                                    build_vocabulary, category_of,
                                    cooccurrence_counts, count_based_embeddings, encode,
                                    make_corpus, ppmi)
from rnn_course.plotting.embeddings import (EXPLORER_WORDS, REPRESENTATIONS,  # noqa: E402
                                            explorer_vocabulary, nearest_words,
                                            plot_embedding_explorer, word_vectors)
from rnn_course.reference import cosine_similarity  # noqa: E402
from rnn_course.widgets.embeddings import DEMOS, embedding_explorer_demo  # noqa: E402


def similarity(vectors: np.ndarray, a: str, b: str) -> float:
    vocabulary = explorer_vocabulary()
    pair = vectors[[vocabulary.index(a), vocabulary.index(b)]]
    return float(cosine_similarity(pair)[0, 1])


def test_corpus_is_deterministic_and_made_of_templates():
    corpus = make_corpus(num_sentences=50, seed=3)
    assert corpus == make_corpus(num_sentences=50, seed=3)
    assert corpus != make_corpus(num_sentences=50, seed=4)
    template_shapes = {tuple("{}" if t.startswith("{") else t for t in template.split())
                       for template in TEMPLATES}
    for sentence in corpus:
        shape = tuple("{}" if category_of(w) else w for w in sentence)
        assert " ".join(sentence) in SIGNATURES or shape in template_shapes, sentence


def test_every_slot_word_is_used():
    words = {w for sentence in make_corpus() for w in sentence}
    assert set(EXPLORER_WORDS) <= words
    assert category_of("cat") == "animal" and category_of("the") is None


def test_vocabulary_puts_pad_first_then_frequent_words():
    vocabulary = build_vocabulary([["b", "a", "b"], ["c", "b", "a"]])
    assert vocabulary == [PAD, "b", "a", "c"]


def test_encode_pads_and_truncates():
    vocabulary = [PAD, "the", "cat", "purrs"]
    ids = encode([["the", "cat", "purrs"], ["the", "cat"]], vocabulary, num_steps=2)
    np.testing.assert_array_equal(ids, [[1, 2], [1, 2]])
    ids = encode([["the", "cat"]], vocabulary, num_steps=4)
    np.testing.assert_array_equal(ids, [[1, 2, 0, 0]])
    assert ids.dtype.kind == "i"


def test_cooccurrence_counts_a_window():
    vocabulary = [PAD, "a", "b", "c"]
    counts = cooccurrence_counts([["a", "b", "c"]], vocabulary, window=1)
    expected = np.zeros((4, 4))
    expected[1, 2] = expected[2, 1] = expected[2, 3] = expected[3, 2] = 1
    np.testing.assert_array_equal(counts, expected)
    wide = cooccurrence_counts([["a", "b", "c"]], vocabulary, window=2)
    assert wide[1, 3] == wide[3, 1] == 1


def test_ppmi_is_zero_for_independent_words_and_never_negative():
    independent = np.outer([1.0, 2.0], [3.0, 4.0])  # p(w, c) = p(w) p(c)
    np.testing.assert_allclose(ppmi(independent), 0.0, atol=1e-12)
    counts = np.array([[0.0, 4.0], [4.0, 1.0]])
    values = ppmi(counts)
    assert values.min() >= 0 and values[0, 0] == 0
    np.testing.assert_allclose(values[0, 1], np.log(4 * 9 / (4 * 5)))


def test_count_based_embeddings_shape_and_nesting():
    corpus = make_corpus(num_sentences=200)
    vocabulary = build_vocabulary(corpus)
    small = count_based_embeddings(corpus, vocabulary, 3)
    large = count_based_embeddings(corpus, vocabulary, 6)
    assert small.shape == (len(vocabulary), 3)
    np.testing.assert_allclose(large[:, :3], small)
    with pytest.raises(ValueError):
        count_based_embeddings(corpus, vocabulary, 0)


def test_one_hot_words_are_never_similar():
    vectors = word_vectors("one-hot", embedding_dim=3)
    assert vectors.shape == (len(explorer_vocabulary()),) * 2
    assert similarity(vectors, "cat", "dog") == 0.0
    assert [s for _, s in nearest_words("cat", vectors)] == [0.0, 0.0, 0.0]


def test_learned_vectors_group_words_of_a_category():
    vectors = word_vectors("learned", embedding_dim=8)
    assert vectors.shape == (len(explorer_vocabulary()), 8)
    assert similarity(vectors, "cat", "dog") > 0.8
    assert similarity(vectors, "paris", "tokyo") > 0.8
    assert abs(similarity(vectors, "cat", "paris")) < 0.2
    assert {w for w, _ in nearest_words("cat", vectors)} == {"dog", "horse", "rabbit"}


def test_random_vectors_grow_by_adding_coordinates():
    vectors = word_vectors("random", embedding_dim=4)
    np.testing.assert_array_equal(word_vectors("random", embedding_dim=2), vectors[:, :2])
    assert np.abs(vectors).max() <= 0.05


def test_word_vectors_rejects_bad_arguments():
    with pytest.raises(ValueError):
        word_vectors("glove", embedding_dim=4)
    with pytest.raises(ValueError):
        word_vectors("random", embedding_dim=0)


def test_plot_draws_heatmap_and_projection():
    fig = plot_embedding_explorer(representation="one-hot", word="dog")
    heatmap, projection = fig.axes[:2]
    np.testing.assert_allclose(heatmap.images[0].get_array(), np.eye(len(EXPLORER_WORDS)))
    words, query = (c.get_offsets() for c in projection.collections)
    assert len(words) == len(EXPLORER_WORDS)
    np.testing.assert_allclose(query, words[EXPLORER_WORDS.index("dog")][np.newaxis])
    assert [t.get_text() for t in projection.texts] == ["dog"]
    assert "'dog'" in fig.get_suptitle()


def test_demo_defaults_match_the_static_figure():
    plot_defaults = {name: p.default for name, p in
                     inspect.signature(plot_embedding_explorer).parameters.items()}
    demo_defaults = {name: p.default for name, p in
                     inspect.signature(embedding_explorer_demo).parameters.items()}
    assert plot_defaults == demo_defaults
    assert embedding_explorer_demo().values == demo_defaults


def test_demo_update_redraws():
    demo = embedding_explorer_demo()
    before = demo.figure.axes[0].images[0].get_array().copy()
    for representation in REPRESENTATIONS:
        figure = demo.update(representation=representation, embedding_dim=2, word="rice")
        assert figure is demo.figure
        assert demo.values["representation"] == representation
    after = demo.figure.axes[0].images[0].get_array()
    assert not np.allclose(before, after)
    assert "'rice'" in demo.figure.get_suptitle()


def test_demos_are_zero_argument_factories():
    assert DEMOS == (embedding_explorer_demo,)
    assert all(callable(factory) for factory in DEMOS)
    assert list(CATEGORIES) == ["animal", "food", "place"]
