"""Chapter 1's generated corpus, count-based embedding, the explorer's data and widget,
and the chapter's GPU cell on a machine without a GPU."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest

from rnn_course.data.corpus import (PAD, SIGNATURES, TEMPLATES, build_vocabulary,
                                    category_of, cooccurrence_counts,
                                    count_based_embeddings, encode, make_corpus, ppmi)
from rnn_course.reference import cosine_similarity
from rnn_course.widgets.embeddings import (EXPLORER_WORDS, MAX_EMBEDDING_DIM,
                                           EmbeddingExplorer,
                                           explorer_projections, explorer_vocabulary,
                                           nearest_words, pca_projection, rank_neighbours,
                                           word_vectors)

CHAPTER = Path(__file__).resolve().parents[1] / "chapters" / "01_sequences_and_embeddings.ipynb"


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


def test_ties_keep_the_list_order_and_rounding_noise_is_a_tie():
    similarity = np.array([[1.0, 0.5, 0.5 + 1e-15, 0.9],
                           [0.5, 1.0, 0.0, 0.0],
                           [0.5, 0.0, 1.0, 0.0],
                           [0.9, 0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(rank_neighbours(similarity, 0), [3, 1, 2])
    np.testing.assert_array_equal(rank_neighbours(similarity, 1), [0, 2, 3])


def test_pca_projection_keeps_the_geometry_of_points_in_a_plane():
    points = np.array([[0.0, 0.0, 1.0], [3.0, 0.0, 1.0], [0.0, 1.0, 1.0], [3.0, 1.0, 1.0]])
    projected = pca_projection(points)
    assert projected.shape == (4, 2)
    distances = np.linalg.norm(points[:, None] - points[None], axis=-1)
    np.testing.assert_allclose(np.linalg.norm(projected[:, None] - projected[None], axis=-1),
                               distances, atol=1e-12)
    one_column = pca_projection(points[:, :1])
    np.testing.assert_array_equal(one_column[:, 1], 0)


def test_widget_carries_every_dimension_and_projection():
    demo = EmbeddingExplorer(representation="random", embedding_dim=3, word="rice")
    ids = [explorer_vocabulary().index(w) for w in EXPLORER_WORDS]
    assert demo.words == list(EXPLORER_WORDS) and demo.word_ids == ids
    assert demo.categories[:4] == ["animal"] * 4
    for representation in ("random", "learned"):
        carried = np.asarray(getattr(demo, representation))
        assert carried.shape == (len(EXPLORER_WORDS), MAX_EMBEDDING_DIM)
        for dim in (1, 5, MAX_EMBEDDING_DIM):  # the first dim columns are the dim-D vectors
            np.testing.assert_allclose(carried[:, :dim], word_vectors(representation, dim)[ids])
        assert len(demo.projections[representation]) == MAX_EMBEDDING_DIM
    assert len(demo.projections["one-hot"]) == 1
    np.testing.assert_allclose(demo.projections["learned"][1],
                               explorer_projections()["learned"][1])


def test_widget_reference_names_the_nearest_words():
    reference = EmbeddingExplorer(representation="learned", embedding_dim=8).reference()
    assert reference["similarity"].shape == (len(EXPLORER_WORDS),) * 2
    nearest = [EXPLORER_WORDS[i] for i in reference["ranking"][:3]]
    assert nearest == [w for w, _ in nearest_words("cat", word_vectors("learned", 8))]
    one_hot_reference = EmbeddingExplorer(representation="one-hot", word="tokyo").reference()
    assert [EXPLORER_WORDS[i] for i in one_hot_reference["ranking"][:2]] == ["cat", "dog"]


@pytest.mark.parametrize("kwargs, message", [
    ({"representation": "glove"}, "representation must be one of"),
    ({"embedding_dim": MAX_EMBEDDING_DIM + 1}, "embedding_dim must lie in"),
    ({"word": "zebra"}, "word must be one of"),
])
def test_widget_refuses_bad_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        EmbeddingExplorer(**kwargs)


def test_gpu_cell_without_a_gpu_says_so_and_times_nothing():
    tf = pytest.importorskip("tensorflow")
    if tf.config.list_physical_devices("GPU"):
        pytest.skip("a GPU is present: nbval runs the cell itself")
    notebook = nbformat.read(CHAPTER, as_version=4)
    (cell,) = [c for c in notebook.cells if "gpu" in c.metadata.get("tags", [])]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(cell.source, {"tf": tf, "keras": tf.keras})  # the chapter imports both
    assert "No GPU" in printed.getvalue()
    assert "look-up took" not in printed.getvalue()
