"""NumPy reference implementations: the single source of truth for the course's numbers.

Chapters teach from these functions, widgets draw with them, and the grader compares
learners' answers with them. Conventions: batch-first arrays, Keras weight layout.
"""

from rnn_course.reference.attention import dot_attention
from rnn_course.reference.bptt import (clip_by_global_norm, clip_by_norm, gradient_check,
                                       jacobian_norms, numerical_gradient, relative_error,
                                       rnn_backward)
from rnn_course.reference.embeddings import cosine_similarity, embedding_lookup, one_hot
from rnn_course.reference.gated import (bidirectional_param_count, gru_cell_forward,
                                        gru_forward, gru_gates, gru_param_count,
                                        lstm_cell_forward, lstm_forward, lstm_gates,
                                        lstm_param_count)
from rnn_course.reference.initializers import random_orthogonal
from rnn_course.reference.memory import (jordan_memory_network, linear_memory_network,
                                         memory_network)
from rnn_course.reference.numeric import log_sum_exp, softmax
from rnn_course.reference.rnn import (RNNCache, rnn_cell_forward, rnn_forward,
                                      simple_rnn_param_count)
from rnn_course.reference.seq2seq import beam_search, greedy_decode, shift_right
from rnn_course.reference.sampling import Mulberry32, sample_categorical
from rnn_course.reference.stacks import (bidirectional_stack_output_shapes,
                                        bidirectional_stack_param_count,
                                        stacked_rnn_param_count)
from rnn_course.reference.sequences import sliding_windows, window_dense_params

__all__ = ["cosine_similarity", "embedding_lookup", "one_hot",
           "jordan_memory_network", "linear_memory_network",
           "memory_network",
           "sliding_windows", "window_dense_params",
           "RNNCache", "rnn_cell_forward", "rnn_forward", "simple_rnn_param_count",
           "bidirectional_stack_output_shapes", "bidirectional_stack_param_count",
           "stacked_rnn_param_count",
           "clip_by_global_norm", "clip_by_norm", "gradient_check", "jacobian_norms",
           "numerical_gradient", "relative_error", "rnn_backward",
           "bidirectional_param_count", "gru_cell_forward", "gru_forward", "gru_gates",
           "gru_param_count", "lstm_cell_forward", "lstm_forward", "lstm_gates",
           "lstm_param_count",
           "dot_attention", "log_sum_exp", "softmax", "Mulberry32", "sample_categorical",
           "random_orthogonal", "beam_search", "greedy_decode", "shift_right"]
