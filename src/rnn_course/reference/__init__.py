"""NumPy reference implementations: the single source of truth for the course's numbers.

Chapters teach from these functions, widgets draw with them, and the grader compares
learners' answers with them. Conventions: batch-first arrays, Keras weight layout.
"""

from rnn_course.reference.embeddings import cosine_similarity, embedding_lookup, one_hot

__all__ = ["cosine_similarity", "embedding_lookup", "one_hot"]
