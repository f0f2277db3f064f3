"""Exercise set ex07 (chapter 7): one step of the LSTM cell and its parameter count.

Notebook: ``exercises/ex07_lstm.ipynb``. References:
:func:`rnn_course.reference.lstm_cell_forward` (its pair ``(h_t, c_t)`` is judged as one
array of shape ``(2, batch_size, units)``) and
:func:`~rnn_course.reference.lstm_param_count`. NumPy only: the grader never imports
TensorFlow, nor does the learner's kernel for this set.
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import gated as _gated
from rnn_course.reference import rnn as _rnn

_sigmoid, _rnn_count = _gated.sigmoid, _rnn.simple_rnn_param_count
# Float32 answers (as Keras computes) are right too: their error is far below these.
RTOL, ATOL = 1e-4, 1e-5
GATE_ORDER = "ifco"  # Keras' column blocks: input, forget, candidate, output

# --- 7.1 one step of the LSTM cell -------------------------------------------------------


def _lstm(x, h, c, k, r, b, *, order: str = GATE_ORDER, gate=_sigmoid, candidate=np.tanh,
          keep: bool = True, squash=np.tanh, read_new: bool = True) -> np.ndarray:
    """``[h_t, c_t]`` of one step, or of a typical mistake: the column blocks read in
    ``order``, other activations for the gates or the candidate, ``c_prev`` dropped
    (``keep=False``), no tanh on the cell state (``squash``), or ``h_t`` read from
    ``c_prev`` (``read_new=False``)."""
    blocks = dict(zip(order, np.split(x @ k + h @ r + b, 4, axis=1)))
    i, f, o = gate(blocks["i"]), gate(blocks["f"]), gate(blocks["o"])
    c_t = (f * c if keep else 0) + i * candidate(blocks["c"])
    return np.array([o * squash(c_t if read_new else c), c_t])


def _weights(rng, input_dim: int, units: int, scale: float = 0.5) -> tuple:
    """``(kernel, recurrent_kernel, bias)`` in Keras' layout, four blocks i, f, c, o; scale
    0.5 keeps the gates away from 0 and 1, so every mistake changes the numbers."""
    return (rng.normal(scale=scale, size=(input_dim, 4 * units)),
            rng.normal(scale=scale, size=(units, 4 * units)),
            rng.normal(scale=scale, size=4 * units))


def _distinct_sizes(rng) -> tuple[int, int, int]:
    """batch_size, input_dim, units all different, so a shape names its axis."""
    return tuple(int(v) for v in rng.choice(np.arange(2, 9), 3, replace=False))


def _cell_case(rng, batch_size: int, input_dim: int, units: int, note: str = "", *,
               zero_state: bool = False, scale: float = 0.5) -> Case:
    x_t = rng.normal(size=(batch_size, input_dim))
    h_prev = rng.uniform(-1, 1, size=(batch_size, units))
    c_prev = rng.normal(scale=2.0, size=(batch_size, units))  # a cell state leaves (-1, 1)
    if zero_state:
        h_prev, c_prev = np.zeros_like(h_prev), np.zeros_like(c_prev)
    return Case((x_t, h_prev, c_prev, *_weights(rng, input_dim, units, scale)), note=note)


def _cell_values(rng) -> list[Case]:
    return [_cell_case(rng, *_distinct_sizes(rng)) for _ in range(3)]


def _gate_bias(units: int, **blocks: float) -> np.ndarray:
    """A bias with each named block (i, f, c, o) set to one value, the others 0."""
    return np.concatenate([np.full(units, blocks.get(g, 0.0)) for g in GATE_ORDER])


def _memory_case(rng, note: str, **blocks: float) -> Case:
    """Zero weights: only the bias sets the gates, so the cell's memory is easy to read.
    Every block gets its own value, so reading the blocks in another order shows."""
    batch_size, input_dim, units = 3, 2, 4
    return Case((rng.normal(size=(batch_size, input_dim)),
                 rng.uniform(-1, 1, size=(batch_size, units)),
                 rng.normal(scale=2.0, size=(batch_size, units)),
                 np.zeros((input_dim, 4 * units)), np.zeros((units, 4 * units)),
                 _gate_bias(units, **blocks)), note=note)


def _cell_memory(rng) -> list[Case]:
    return [_memory_case(rng, ", forget gate open, input gate shut (c_t keeps c_prev)",
                         i=-20.0, f=20.0, c=0.7, o=3.0),
            _memory_case(rng, ", forget gate shut, input gate open (c_t is the candidate)",
                         i=20.0, f=-20.0, c=0.7, o=1.0),
            _memory_case(rng, ", every gate half open", c=-0.4)]


def _cell_edges(rng) -> list[Case]:
    return [_cell_case(rng, 1, 4, 6, " (one example)"),
            _cell_case(rng, 5, 3, 2, ", h_prev = c_prev = 0 (the first step)",
                       zero_state=True),
            _cell_case(rng, 2, 1, 1, " (one feature, one unit)"),
            _cell_case(rng, 4, 3, 5, ", large weights (the gates saturate)", scale=5.0)]


def _describe_cell(x, h, c, k, *weights) -> str:
    return f"batch_size={len(x)}, input_dim={k.shape[0]}, units={k.shape[1] // 4}"


CELL = Question(
    name="lstm_cell_forward", title="Compute one step of the LSTM cell",
    reference=_gated.lstm_cell_forward, describe=_describe_cell, parts=("h_t", "c_t"),
    properties=(
        shape("shape: (h_t, c_t), each (batch_size, units)"),
        Property("values of h_t and c_t", 2, _cell_values),
        Property("the memory: an open forget gate keeps c_prev, a shut one clears it", 1,
                 _cell_memory),
        Property("edge cases (one example, zero states, one unit, saturated gates)", 1,
                 _cell_edges)),
    mistakes={
        "gate order: Keras' column blocks are i, f, c, o (the candidate third, the output "
        "gate last), not i, f, o, c": lambda *a: _lstm(*a, order="ifoc"),
        "gate order: Keras' column blocks are i, f, c, o (the input gate first), not "
        "f, i, c, o": lambda *a: _lstm(*a, order="fico"),
        "the candidate c~ uses tanh (values in (-1, 1), what may be written), not the "
        "sigmoid; only the gates i, f, o use the sigmoid":
            lambda *a: _lstm(*a, candidate=_sigmoid),
        "the gates i, f, o use the sigmoid (between 0 = shut and 1 = open), not tanh":
            lambda *a: _lstm(*a, gate=np.tanh),
        "c_prev is missing: c_t = f * c_prev + i * c~ (the forget gate decides how much of "
        "the old cell state is kept)": lambda *a: _lstm(*a, keep=False),
        "h_t = o * tanh(c_t): the tanh on the cell state is missing":
            lambda *a: _lstm(*a, squash=lambda c: c),
        "h_t reads the NEW cell state: h_t = o * tanh(c_t), not o * tanh(c_prev)":
            lambda *a: _lstm(*a, read_new=False),
        "return the pair in this order: (h_t, c_t)": lambda *a: _lstm(*a)[::-1],
        "return both states, the pair (h_t, c_t), not h_t alone": lambda *a: _lstm(*a)[0],
        "the previous hidden state is missing: add h_prev @ recurrent_kernel":
            lambda x, h, c, k, r, b: _lstm(x, 0 * h, c, k, r, b),
        "the bias is missing: add bias (4 * units,) to both products":
            lambda x, h, c, k, r, b: _lstm(x, h, c, k, r, 0 * b),
    },
    errors={
        r"not aligned|matmul: Input operand|size \d+ is different from":
            "kernel is (input_dim, 4 * units) and recurrent_kernel (units, 4 * units): "
            "compute x_t @ kernel + h_prev @ recurrent_kernel, then split its 4 * units "
            "columns into the four blocks",
        r"equal division": "split the 4 * units columns (axis 1) into four blocks of units: "
                           "np.split(z, 4, axis=1)",
    },
    rtol=RTOL, atol=ATOL,
)

# --- 7.2 the parameter count -------------------------------------------------------------

# (input_dim, units). Sizes with input_dim = 2 * units - 1, such as (3, 2), give two of
# the mistakes below the same count, so they come after a size that tells them apart.
CHAPTER_LAYERS = [(100, 64), (2, 8), (28, 128), (10, 32), (3, 2)]


def _random_layers(rng) -> list[tuple[int, int]]:
    sizes = rng.integers(1, 500, size=(4, 2))
    return [*((int(d), int(u)) for d, u in sizes), (1, 1)]


COUNT = Question(
    name="count_lstm_params", title="Count the parameters of an LSTM layer",
    reference=_gated.lstm_param_count,
    properties=(Property("the chapter's layers", 1, lambda rng: CHAPTER_LAYERS),
                Property("other sizes, from 1 unit on 1 feature to hundreds", 1,
                         _random_layers)),
    mistakes={
        "an LSTM has four blocks (i, f, c, o), each the size of a SimpleRNN on the same "
        "input: multiply the SimpleRNN's u(d + u) + u by 4": _rnn_count,
        "four blocks, not three: the candidate c~ has its own weights too, like the gates i, "
        "f and o": lambda d, u: 3 * _rnn_count(d, u),
        "the bias is missing: the bias has 4 * units numbers": lambda d, u: 4 * u * (d + u),
        "each of the four blocks has its own bias: 4 * units numbers, not units":
            lambda d, u: 4 * u * (d + u) + u,
        "each of the four blocks reads h_prev with its own weights: the recurrent kernel is "
        "(units, 4 * units)": lambda d, u: 4 * u * d + u * u + 4 * u,
        "unit_forget_bias adds no parameters: it only sets the forget gate's bias to 1 when "
        "the layer is created": lambda d, u: _gated.lstm_param_count(d, u) + u,
    },
    rtol=0.0, atol=0.0,
)

SET = ExerciseSet(chapter=7, title="Build an LSTM cell", questions=(CELL, COUNT))
