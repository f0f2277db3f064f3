"""Exercise set ex08 (chapter 8): the GRU step, parameter counts, bidirectional stacks.

Notebook: ``exercises/ex08_gru_bidirectional_deep.ipynb``. References:
:func:`rnn_course.reference.gru_cell_forward` (Keras' default ``reset_after=True``, bias
``(2, 3 * units)``), :func:`~rnn_course.reference.gru_param_count`,
:func:`~rnn_course.reference.bidirectional_stack_param_count` and
:func:`~rnn_course.reference.bidirectional_stack_output_shapes` (a list of shapes, judged
through the probe's ``shape_list`` driver as rows padded with 0). All NumPy and plain
Python: the reference shapes are checked against Keras in ``tests/test_grading_ex08.py``,
never by the grader.
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.probe import SHAPE_WIDTH
from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import gated as _gated
from rnn_course.reference import rnn as _rnn
from rnn_course.reference import stacks as _stacks

_sigmoid, _rnn_count, _gru_count = _gated.sigmoid, _rnn.simple_rnn_param_count, \
    _gated.gru_param_count
# Float32 answers (as Keras computes) are right too: their error is far below these.
RTOL, ATOL = 1e-4, 1e-5
MERGE_MODES = tuple(_stacks.MERGE_WIDTHS)  # concat, sum, mul, ave

# --- 8.1 one step of the GRU (reset_after=True) ------------------------------------------


def _gru(x, h, k, r, b, *, order: str = "zrh", candidate=np.tanh, reset: str = "after",
         input_bias=None, recurrent_bias=None, keep: bool = True,
         swap_update: bool = False) -> np.ndarray:
    """``h_t`` of one step, or of a typical mistake: blocks read in ``order``, another
    ``candidate`` activation, the reset gate applied ``"after"`` the recurrent product
    (Keras), ``"before"`` it, ``"outside"`` (to the product but not to ``bias[1]``) or
    ``"none"``, other bias rows, ``h_prev`` dropped from the update, or the update's
    ``z`` and ``1 - z`` swapped."""
    b_x = b[0] if input_bias is None else input_bias
    b_h = b[1] if recurrent_bias is None else recurrent_bias
    x_blocks = dict(zip(order, np.split(x @ k + b_x, 3, axis=1)))
    h_blocks = dict(zip(order, np.split(h @ r, 3, axis=1)))
    bias_blocks = dict(zip(order, np.split(b_h, 3)))
    z = _sigmoid(x_blocks["z"] + h_blocks["z"] + bias_blocks["z"])
    gate_r = _sigmoid(x_blocks["r"] + h_blocks["r"] + bias_blocks["r"])
    recurrent = {"after": gate_r * (h_blocks["h"] + bias_blocks["h"]),
                 "outside": gate_r * h_blocks["h"] + bias_blocks["h"],
                 "none": h_blocks["h"] + bias_blocks["h"]}.get(reset)
    if reset == "before":
        recurrent = (gate_r * h) @ dict(zip(order, np.split(r, 3, axis=1)))["h"] + \
            bias_blocks["h"]
    h_tilde = candidate(x_blocks["h"] + recurrent)
    z = 1 - z if swap_update else z
    return (z * h if keep else 0) + (1 - z) * h_tilde


def _gru_weights(rng, input_dim: int, units: int, scale: float = 0.5) -> tuple:
    """``(kernel, recurrent_kernel, bias)``, blocks z, r, h; bias ``(2, 3 * units)``: row
    0 for the input part, row 1 for the recurrent part."""
    return (rng.normal(scale=scale, size=(input_dim, 3 * units)),
            rng.normal(scale=scale, size=(units, 3 * units)),
            rng.normal(scale=scale, size=(2, 3 * units)))


def _distinct_sizes(rng) -> tuple[int, int, int]:
    """batch_size, input_dim, units all different (and none 2, the bias' first axis), so a
    shape names its axis."""
    return tuple(int(v) for v in rng.choice(np.arange(3, 10), 3, replace=False))


def _gru_case(rng, batch_size: int, input_dim: int, units: int, note: str = "", *,
              h_prev=None, scale: float = 0.5, bias=None) -> Case:
    x_t = rng.normal(size=(batch_size, input_dim))
    h_prev = rng.uniform(-1, 1, size=(batch_size, units)) if h_prev is None else h_prev
    kernel, recurrent_kernel, random_bias = _gru_weights(rng, input_dim, units, scale)
    return Case((x_t, h_prev, kernel, recurrent_kernel,
                 random_bias if bias is None else bias), note=note)


def _gru_values(rng) -> list[Case]:
    return [_gru_case(rng, *_distinct_sizes(rng)) for _ in range(3)]


def _recurrent_bias_cases(rng) -> list[Case]:
    """Only bias[1]'s candidate block is large: the reset gate scales it in Keras' form."""
    cases = []
    for batch_size, input_dim, units in ((3, 4, 5), _distinct_sizes(rng)):
        bias = rng.normal(scale=0.5, size=(2, 3 * units))
        bias[1, 2 * units:] = rng.choice([-3.0, 3.0], size=units)
        cases.append(_gru_case(rng, batch_size, input_dim, units,
                               ", a large recurrent bias bias[1] on the candidate", bias=bias))
    return cases


def _gru_edges(rng) -> list[Case]:
    units = 4
    keep = np.zeros((2, 3 * units))
    keep[0, :units] = 20.0  # z = 1: the state is copied
    return [_gru_case(rng, 1, 3, 5, " (one example)"),
            _gru_case(rng, 4, 3, 6, ", h_prev = 0 (the first step)", h_prev=np.zeros((4, 6))),
            _gru_case(rng, 3, 1, 1, " (one feature, one unit)"),
            _gru_case(rng, 5, 3, units, ", update gate z = 1 (the state is kept)", bias=keep),
            _gru_case(rng, 4, 3, 5, ", large weights (the gates saturate)", scale=5.0)]


def _describe_gru(x, h, k, *weights) -> str:
    return f"batch_size={len(x)}, input_dim={k.shape[0]}, units={k.shape[1] // 3}"


BIAS_ROWS = ("bias has two rows, (2, 3 * units): add bias[0] to x_t @ kernel and bias[1] to "
             "h_prev @ recurrent_kernel")

CELL = Question(
    name="gru_cell_forward", title="Compute one step of the GRU (Keras' reset_after=True)",
    reference=_gated.gru_cell_forward, describe=_describe_gru,
    properties=(
        shape("shape (batch_size, units)"),
        Property("values of h_t", 2, _gru_values),
        Property("the reset gate scales the recurrent bias too (bias[1])", 1,
                 _recurrent_bias_cases),
        Property("edge cases (one example, h_prev = 0, one unit, z = 1 keeps the state, "
                 "saturated gates)", 1, _gru_edges)),
    mistakes={
        "Keras' default reset_after=True applies the reset gate AFTER the recurrent product: "
        "h~ = tanh(x_h + r * (h_prev @ U_h + bias[1]_h)), not (r * h_prev) @ U_h":
            lambda *a: _gru(*a, reset="before"),
        "the reset gate multiplies the whole recurrent part of the candidate, bias[1] "
        "included: r * (h_prev @ U_h + bias[1]_h)": lambda *a: _gru(*a, reset="outside"),
        "the reset gate is missing: the candidate reads r * (h_prev @ U_h + bias[1]_h)":
            lambda *a: _gru(*a, reset="none"),
        "the update is swapped: Keras computes h_t = z * h_prev + (1 - z) * h~ (z = 1 keeps "
        "the old state); (1 - z) * h_prev + z * h~ is Cho et al.'s way of writing it":
            lambda *a: _gru(*a, swap_update=True),
        "h_prev is missing from the update: h_t = z * h_prev + (1 - z) * h~":
            lambda *a: _gru(*a, keep=False),
        "gate order: Keras' column blocks are z, r, h (the update gate first), not r, z, h":
            lambda *a: _gru(*a, order="rzh"),
        "the candidate h~ uses tanh, not the sigmoid; only z and r use the sigmoid":
            lambda *a: _gru(*a, candidate=_sigmoid),
        "the bias rows are swapped: bias[0] goes with the input part (x_t @ kernel), "
        "bias[1] with the recurrent part":
            lambda x, h, k, r, b: _gru(x, h, k, r, b[::-1]),
        "bias[1] is missing: " + BIAS_ROWS:
            lambda *a: _gru(*a, recurrent_bias=np.zeros(a[-1].shape[1])),
        "the bias is missing: " + BIAS_ROWS:
            lambda x, h, k, r, b: _gru(x, h, k, r, 0 * b),
    },
    errors={r"could not be broadcast.*\(2, ?\d+\)": BIAS_ROWS,
            r"not aligned|matmul: Input operand|size \d+ is different from":
                "kernel is (input_dim, 3 * units) and recurrent_kernel (units, 3 * units): "
                "compute x_t @ kernel and h_prev @ recurrent_kernel, then split their "
                "3 * units columns into the blocks z, r, h"},
    rtol=RTOL, atol=ATOL,
)

# --- 8.2 the GRU's parameter count, both conventions ------------------------------------

CHAPTER_SIZES = [(3, 4), (2, 9), (100, 64), (10, 32)]  # (input_dim, units), section 8.2


def _sizes(rng, reset_after: bool) -> list[tuple]:
    drawn = [(int(d), int(u)) for d, u in rng.integers(1, 500, size=(3, 2))]
    return [(d, u, reset_after) for d, u in [*CHAPTER_SIZES, *drawn, (1, 1)]]


GRU_COUNT = Question(
    name="count_gru_params", title="Count the parameters of a GRU layer, both conventions",
    reference=_gru_count,
    properties=(
        Property("reset_after=True (Keras' default)", 1, lambda rng: _sizes(rng, True)),
        Property("reset_after=False", 1, lambda rng: _sizes(rng, False))),
    mistakes={
        "with reset_after=True each block has two biases (bias (2, 3 * units): one for the "
        "input part, one for the recurrent part): 3[u(d + u) + 2u]":
            lambda d, u, after: _gru_count(d, u, False),
        "with reset_after=False the bias is (3 * units,): one bias per block, "
        "3[u(d + u) + u]": lambda d, u, after: _gru_count(d, u, True),
        "a GRU has three blocks (z, r, h), not four like the LSTM":
            lambda d, u, after: 4 * _gru_count(d, u, after) // 3,
        "a GRU has three blocks (z, r, h), each with the weights of a SimpleRNN: multiply by "
        "3": lambda d, u, after: _gru_count(d, u, after) // 3,
        "the biases are missing: 3 * units of them per row of the bias":
            lambda d, u, after: 3 * u * (d + u),
        "each of the three blocks reads h_prev with its own weights: the recurrent kernel is "
        "(units, 3 * units)": lambda d, u, after: _gru_count(d, u, after) - 2 * u * u,
    },
    rtol=0.0, atol=0.0,
)

# --- 8.3 the parameters of a bidirectional stack -----------------------------------------


def _one_layer(rng) -> list[tuple]:
    return [("gru", 10, [32], ["concat"]),  # section 8.2's "Try it": 8,448
            ("lstm", 5, [8], ["sum"]),  # section 8.3
            *((layer, int(rng.integers(2, 300)), [int(rng.integers(2, 300))],
               [str(rng.choice(MERGE_MODES))]) for layer in ("lstm", "gru"))]


def _stack(rng, modes) -> tuple:
    num_layers = int(rng.integers(2, 5))
    units = rng.choice(np.arange(2, 200), num_layers, replace=False)
    return (str(rng.choice(["lstm", "gru"])), int(rng.integers(200, 400)),
            [int(u) for u in units], [str(rng.choice(modes)) for _ in range(num_layers)])


def _concat_stacks(rng) -> list[tuple]:
    return [("lstm", 5, [8, 8], ["concat", "concat"]),
            *(_stack(rng, ["concat"]) for _ in range(3))]


def _mixed_stacks(rng) -> list[tuple]:
    return [("gru", 16, [8, 4], ["sum", "concat"]),
            *(_stack(rng, MERGE_MODES) for _ in range(3))]


def _stack_count(layer, input_dim, units, modes, *, doubled=True, widths=None,
                 count=None) -> int:
    """A stack's count, or a typical mistake's: each layer not ``doubled``, other input
    widths (``widths(units, modes)``: what each layer outputs), another per-layer count."""
    count = count or (lambda d, u: _gated.bidirectional_param_count(layer, d, u) //
                      (1 if doubled else 2))
    outputs = (widths or _merged)(units, modes)
    inputs = [int(input_dim), *outputs[:-1]]
    return sum(count(d, int(u)) for d, u in zip(inputs, units))


def _merged(units, modes) -> list[int]:
    return [_stacks.MERGE_WIDTHS[m] * int(u) for u, m in zip(units, modes)]


def _one_direction(layer: str):
    """The count of one direction, with a GRU's reset_after bias counted once."""
    return lambda d, u: _gru_count(d, u, False) if layer == "gru" else \
        _gated.lstm_param_count(d, u)


STACK_COUNT = Question(
    name="count_bidirectional_params",
    title="Count the parameters of stacked Bidirectional layers",
    reference=_stacks.bidirectional_stack_param_count,
    properties=(
        Property("one Bidirectional layer (LSTM or GRU, any merge mode)", 1, _one_layer),
        Property("stacks of 2 to 4 layers with merge_mode='concat' (the default)", 2,
                 _concat_stacks),
        Property("stacks mixing the merge modes", 1, _mixed_stacks)),
    mistakes={
        "Bidirectional holds two copies of the layer, a forward and a backward one, each "
        "with its own weights: count each layer twice":
            lambda *a: _stack_count(*a, doubled=False),
        "after merge_mode='concat' the next layer reads both directions side by side: "
        "2 * units features, not units":
            lambda *a: _stack_count(*a, widths=lambda us, ms: [int(u) for u in us]),
        "'sum', 'mul' and 'ave' combine the two directions element by element: the next "
        "layer reads units features, not 2 * units":
            lambda *a: _stack_count(*a, widths=lambda us, ms: [2 * int(u) for u in us]),
        "a stacked layer reads the previous layer's merged output: only the first layer "
        "reads input_dim features":
            lambda *a: _stack_count(*a, widths=lambda us, ms: [int(a[1])] * len(us)),
        "a GRU with Keras' default reset_after=True has two biases per block, bias "
        "(2, 3 * units): 3[u(d + u) + 2u] per direction":
            lambda layer, *a: _stack_count(layer, *a, count=lambda d, u: 2 * _one_direction(
                layer)(d, u)),
        "add up every layer, not only the first one":
            lambda layer, d, us, ms: _stack_count(layer, d, us[:1], ms[:1]),
        "add up every layer, not only the last one":
            lambda layer, d, us, ms: _stack_count(layer, (_merged(us, ms)[-2:-1] or [d])[0],
                                                  us[-1:], ms[-1:]),
    },
    errors={r"KeyError|unhashable": "layer is 'lstm' or 'gru', and each merge mode one of "
                                    "'concat', 'sum', 'mul', 'ave'"},
    rtol=0.0, atol=0.0,
)

# --- 8.4 the output shapes of a bidirectional stack -------------------------------------


def _rows(shapes) -> np.ndarray:
    """What the probe's ``shape_list`` driver makes of a list of shapes."""
    return np.array([list(s) + [0] * (SHAPE_WIDTH - len(s)) for s in shapes])


def _stack_shapes(batch_size, num_steps, units, modes, return_sequences) -> np.ndarray:
    return _rows(_stacks.bidirectional_stack_output_shapes(
        batch_size, num_steps, units, modes, return_sequences))


def _shape_sizes(rng) -> tuple[int, int]:
    """batch_size and num_steps, different from each other and from every width below."""
    return int(rng.integers(2, 7)), int(rng.integers(11, 40))


def _single_layers(rng) -> list[tuple]:
    batch_size, num_steps = _shape_sizes(rng)
    units = int(rng.integers(41, 90))
    return [(batch_size, num_steps, [units], [mode], return_sequences)
            for mode in MERGE_MODES for return_sequences in (False, True)]


def _shape_stacks(rng, return_sequences: bool) -> list[tuple]:
    cases = []
    for num_layers in (2, 3, 4):
        batch_size, num_steps = _shape_sizes(rng)
        units = [int(u) for u in rng.choice(np.arange(41, 128), num_layers, replace=False)]
        modes = [str(m) for m in rng.choice(MERGE_MODES, num_layers)]
        doubled, kept = rng.choice(num_layers, 2, replace=False)  # both kinds of width
        modes[doubled], modes[kept] = "concat", str(rng.choice(MERGE_MODES[1:]))
        cases.append((batch_size, num_steps, units, modes, return_sequences))
    if not return_sequences:  # a small stack with the default merge mode first
        cases.insert(0, (4, 10, [8, 4], ["concat", "concat"], False))
    return cases


def _shapes_mistake(batch_size, num_steps, units, modes, return_sequences, *,
                    widths=None, all_follow_last=False, last_ignored=False, batch=True,
                    reverse=False, time_last=False) -> np.ndarray:
    """The rows a typical mistake returns (see the hints)."""
    features = (widths or _merged)(units, modes)
    keep_time = [True] * (len(units) - 1) + [bool(return_sequences)]
    if all_follow_last:
        keep_time = [bool(return_sequences)] * len(units)
    if last_ignored:
        keep_time = [True] * len(units)
    shapes = []
    for width, time in zip(features, keep_time):
        axes = [num_steps, width] if time else [width]
        axes = axes[::-1] if time_last and time else axes
        shapes.append(([batch_size] if batch is True else [batch] if batch else []) + axes)
    return _rows(shapes[::-1] if reverse else shapes)


SHAPES = Question(
    name="bidirectional_stack_shapes",
    title="Predict the output shapes of a bidirectional stack",
    reference=_stack_shapes, parts=tuple(f"layer {n}'s shape" for n in range(1, 11)),
    describe=lambda b, n, us, ms, rs: (f"batch_size={b}, num_steps={n}, units_per_layer={us}, "
                                       f"merge_modes={ms}, return_sequences={rs}"),
    properties=(
        Property("one layer, every merge mode, with and without return_sequences", 1,
                 _single_layers, driver="shape_list"),
        Property("stacks of 2 to 4 layers whose last layer returns one vector per sequence", 1,
                 lambda rng: _shape_stacks(rng, False), driver="shape_list"),
        Property("stacks of 2 to 4 layers that return a sequence (e.g. to tag every step)", 1,
                 lambda rng: _shape_stacks(rng, True), driver="shape_list")),
    mistakes={
        "merge_mode='concat' puts the two directions side by side: 2 * units features":
            lambda *a: _shapes_mistake(*a, widths=lambda us, ms: [int(u) for u in us]),
        "'sum', 'mul' and 'ave' combine the two directions element by element: units "
        "features, not 2 * units":
            lambda *a: _shapes_mistake(*a, widths=lambda us, ms: [2 * int(u) for u in us]),
        "every layer but the last returns its whole sequence, (batch_size, num_steps, "
        "features), so that the next layer gets a time axis; return_sequences is the last "
        "layer's setting": lambda *a: _shapes_mistake(*a, all_follow_last=True),
        "with return_sequences=False the last layer returns its last step only: "
        "(batch_size, features), no time axis": lambda *a: _shapes_mistake(*a,
                                                                           last_ignored=True),
        "each shape starts with the batch axis: (batch_size, num_steps, features) or "
        "(batch_size, features)": lambda *a: _shapes_mistake(*a, batch=False),
        "the batch size is known here: use batch_size, not None":
            lambda *a: _shapes_mistake(*a, batch=-1),
        "batch first, then time, then features: (batch_size, num_steps, features)":
            lambda *a: _shapes_mistake(*a, time_last=True),
        "one shape per layer, in the order of the stack: the first layer first":
            lambda *a: _shapes_mistake(*a, reverse=True),
        "return one shape per layer (a list as long as units_per_layer), not only the last "
        "layer's": lambda *a: _stack_shapes(*a)[-1:],
    },
    errors={r"not iterable|has no len\(\)":
            "return a list with one shape per layer, e.g. [(4, 10, 16), (4, 8)], even for a "
            "single layer"},
    rtol=0.0, atol=0.0,
)

SET = ExerciseSet(chapter=8, title="Choose gated, bidirectional and deep layers",
                  questions=(CELL, GRU_COUNT, STACK_COUNT, SHAPES))
