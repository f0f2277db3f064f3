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
from rnn_course.experiments import bidirectional as _window
from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import gated as _gated
from rnn_course.reference import stacks as _stacks

_sigmoid, _gru_count = _gated.sigmoid, _gated.gru_param_count
# Float32 answers (as Keras computes) are right too: their error is far below these.
RTOL, ATOL = 1e-4, 1e-5
MERGE_MODES = tuple(_stacks.MERGE_WIDTHS)  # concat, sum, mul, ave

# --- 8.1 one step of the GRU, the other convention (reset_after=False) -------------------


def _gru(x, h, k, r, b, *, order: str = "zrh", candidate=np.tanh, reset: str = "before",
         keep: bool = True, swap_update: bool = False, with_bias: bool = True) -> np.ndarray:
    """``h_t`` of one ``reset_after=False`` step, or of a typical mistake: blocks read in
    ``order``, another ``candidate`` activation, the reset gate applied ``"before"`` the
    recurrent product (right here), ``"after"`` it (Keras' default form, chapter 8's code)
    or ``"none"``, ``h_prev`` dropped from the update, ``z`` and ``1 - z`` swapped, or no
    bias. ``b`` is ``(3 * units,)``, added to the input part."""
    x_blocks = dict(zip(order, np.split(x @ k + (b if with_bias else 0), 3, axis=1)))
    u_blocks = dict(zip(order, np.split(r, 3, axis=1)))
    z = _sigmoid(x_blocks["z"] + h @ u_blocks["z"])
    gate_r = _sigmoid(x_blocks["r"] + h @ u_blocks["r"])
    recurrent = {"before": (gate_r * h) @ u_blocks["h"],
                 "after": gate_r * (h @ u_blocks["h"]),
                 "none": h @ u_blocks["h"]}[reset]
    h_tilde = candidate(x_blocks["h"] + recurrent)
    z = 1 - z if swap_update else z
    return (z * h if keep else 0) + (1 - z) * h_tilde


def _chapter_code(x, h, k, r, b) -> np.ndarray:
    """Chapter 8's ``gru_step`` (reset after, two bias rows) run on a 1-D bias: ``bias[0]``
    and ``bias[1]`` are then single numbers added to every column."""
    x_z, x_r, x_h = np.split(x @ k + b[0], 3, axis=1)
    u_z, u_r, u_h = np.split(h @ r + b[1], 3, axis=1)
    z, gate_r = _sigmoid(x_z + u_z), _sigmoid(x_r + u_r)
    return z * h + (1 - z) * np.tanh(x_h + gate_r * u_h)


def _reference_before(x_t, h_prev, kernel, recurrent_kernel, bias) -> np.ndarray:
    return _gated.gru_cell_forward(x_t, h_prev, kernel, recurrent_kernel, bias,
                                   reset_after=False)


def _distinct_sizes(rng) -> tuple[int, int, int]:
    """batch_size, input_dim, units all different, so that a shape names its axis."""
    return tuple(int(v) for v in rng.choice(np.arange(3, 10), 3, replace=False))


def _gru_case(rng, batch_size: int, input_dim: int, units: int, note: str = "", *,
              h_prev=None, scale: float = 0.5, recurrent_scale: float | None = None,
              bias=None) -> Case:
    """``(x_t, h_prev, kernel, recurrent_kernel, bias)``, blocks z, r, h, bias ``(3 * units,)``."""
    x_t = rng.normal(size=(batch_size, input_dim))
    h_prev = rng.uniform(-1, 1, size=(batch_size, units)) if h_prev is None else h_prev
    kernel = rng.normal(scale=scale, size=(input_dim, 3 * units))
    recurrent_kernel = rng.normal(scale=recurrent_scale or scale, size=(units, 3 * units))
    random_bias = rng.normal(scale=scale, size=3 * units)
    return Case((x_t, h_prev, kernel, recurrent_kernel,
                 random_bias if bias is None else bias), note=note)


def _gru_values(rng) -> list[Case]:
    return [_gru_case(rng, *_distinct_sizes(rng)) for _ in range(3)]


def _reset_cases(rng) -> list[Case]:
    """A large recurrent kernel and states far from 0: where the reset gate acts matters."""
    return [_gru_case(rng, *_distinct_sizes(rng), ", a large recurrent kernel",
                      recurrent_scale=2.0) for _ in range(2)]


def _gru_edges(rng) -> list[Case]:
    units = 4
    keep = np.zeros(3 * units)
    keep[:units] = 20.0  # z = 1: the state is copied
    return [_gru_case(rng, 1, 3, 5, " (one example)"),
            _gru_case(rng, 4, 3, 6, ", h_prev = 0 (the first step)", h_prev=np.zeros((4, 6))),
            _gru_case(rng, 3, 1, 1, " (one feature, one unit)"),
            _gru_case(rng, 5, 3, units, ", update gate z = 1 (the state is kept)", bias=keep),
            _gru_case(rng, 4, 3, 5, ", large weights (the gates saturate)", scale=5.0)]


def _describe_gru(x, h, k, *weights) -> str:
    return f"batch_size={len(x)}, input_dim={k.shape[0]}, units={k.shape[1] // 3}"


CELL = Question(
    name="gru_cell_forward_reset_before",
    title="Compute one step of the GRU in the other convention (reset_after=False)",
    reference=_reference_before, describe=_describe_gru,
    args=("x_t", "h_prev", "kernel", "recurrent_kernel", "bias"),
    properties=(
        shape("shape (batch_size, units)"),
        Property("values of h_t", 2, _gru_values),
        Property("the reset gate acts before the recurrent product (a large recurrent "
                 "kernel)", 1, _reset_cases),
        Property("edge cases (one example, h_prev = 0, one unit, z = 1 keeps the state, "
                 "saturated gates)", 1, _gru_edges)),
    mistakes={
        "that is chapter 8's code for reset_after=True run on a bias of shape (3 * units,): "
        "bias[0] and bias[1] are then single numbers. Here the bias is one row, added to "
        "x_t @ kernel, and the reset gate acts before the product": _chapter_code,
        "with reset_after=False the reset gate acts BEFORE the product: "
        "h~ = tanh(x_h + (r * h_prev) @ U_h), not r * (h_prev @ U_h) (Keras' default form)":
            lambda *a: _gru(*a, reset="after"),
        "the reset gate is missing: the candidate reads (r * h_prev) @ U_h":
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
        "the bias is missing: add bias, (3 * units,), to x_t @ kernel":
            lambda *a: _gru(*a, with_bias=False),
    },
    errors={r"not aligned|matmul: Input operand|size \d+ is different from":
            "kernel is (input_dim, 3 * units) and recurrent_kernel (units, 3 * units); the "
            "candidate's product is (r * h_prev) @ recurrent_kernel[:, 2 * units:], "
            "(batch_size, units) @ (units, units)",
            r"too many indices|index 1 is out of bounds":
            "with reset_after=False the bias is one row, (3 * units,): there is no bias[1]"},
    rtol=RTOL, atol=ATOL,
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

# --- 8.4 a model that must see the future, measured on the grader's sequences -----------

WINDOW_ATOL = 0.5
"""How far each prediction may be from the true window sum. A model that reads left to
right cannot know x_(t+1) + x_(t+2) (spread +-1 around their mean 1): it misses by more
than this on almost every batch of sequences; a trained bidirectional GRU (largest error
about 0.35 over 10,000 predictions) stays inside it."""


def _window_cases(rng, num_steps: int, count: int = 3, note: str = "") -> list[Case]:
    return [Case((rng.random((8, num_steps, 1)).astype(np.float32),), note=note)
            for _ in range(count)]


def _window_edges(rng) -> list[Case]:
    return [Case((np.zeros((2, 20, 1), np.float32),), note=", all zeros"),
            Case((np.full((2, 20, 1), 0.95, np.float32),), note=", every value nearly one"),
            Case((np.where(np.arange(20)[None, :, None] == 10, 1.0, 0.0
                           ).astype(np.float32).repeat(2, axis=0),),
                 note=", zeros but a single one in the middle")]


def _causal_best(x) -> np.ndarray:
    """The best a left-to-right model can do: the seen part of the window, plus 1/2 for
    each future step inside the sequence."""
    x = np.asarray(x, float)
    num_steps = x.shape[1]
    seen = np.pad(x, ((0, 0), (_window.HALF_WIDTH, 0), (0, 0)))
    past = sum(seen[:, shift:shift + num_steps] for shift in range(_window.HALF_WIDTH + 1))
    future = np.minimum(_window.HALF_WIDTH, num_steps - 1 - np.arange(num_steps))
    return past + 0.5 * future[None, :, None]


def _describe_window(x) -> str:
    steps = {12: "twelve", 20: "twenty", 30: "thirty"}.get(x.shape[1], "other numbers of")
    return f"sequences of {steps} steps"  # no digits: a window sum could print as one


WINDOW = Question(
    name="predict_window_sum", title="Train a model that sees the future, measured",
    reference=_window.window_sums, describe=_describe_window, hide_expected=True,
    properties=(
        Property("20-step sequences the grader draws: every prediction within 0.5", 2,
                 lambda rng: _window_cases(rng, 20)),
        Property("sequences of 12 and 30 steps (build the model for any length)", 1,
                 lambda rng: [*_window_cases(rng, 12, 1), *_window_cases(rng, 30, 1)]),
        Property("edge inputs (all zeros, all 0.95, a single 1)", 1, _window_edges)),
    mistakes={
        "your predictions are what a model reading left to right can do at best: the "
        "past part of the window plus the mean 1/2 for each future value. At step t it has "
        "not seen x_(t+1) and x_(t+2): wrap the recurrent layer in keras.layers.Bidirectional "
        "(and keep return_sequences=True)": _causal_best,
    },
    errors={r"expected shape=\(None, 20, 1\)|incompatible with the layer":
            "your model accepts only 20 steps: build it on keras.Input(shape=(None, 1)) so that "
            "it reads sequences of any length",
            r"is not defined|'NoneType' object has no attribute":
            "there is no trained model: write build_and_train so that it returns your trained "
            "model (model is None until it does); if the cell ran out of time, train for "
            "fewer epochs"},
    rtol=0.0, atol=WINDOW_ATOL,
)

SET = ExerciseSet(chapter=8, title="Choose gated, bidirectional and deep layers",
                  questions=(CELL, STACK_COUNT, SHAPES, WINDOW))
