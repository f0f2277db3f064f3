"""Exercise set ex04 (chapter 4): the RNN cell, its loop over time, parameter counts, Keras.

Notebook: ``exercises/ex04_rnn_cell.ipynb``. References:
:func:`rnn_course.reference.rnn_cell_forward`, :func:`~rnn_course.reference.rnn_forward`
(only its ``h_seq``), :func:`rnn_course.reference.stacks.stacked_rnn_param_count`.
The Keras questions ask for ``build_encoder(num_steps, input_dim, units)`` (judged as
``[count_params(), *output shape without the batch axis]``) and for a cell class
``ElmanCell`` (run by the probe's drivers inside ``keras.layers.RNN``, with the weights
of a ``SimpleRNNCell`` copied into it). The grader never imports TensorFlow: only the
learner's kernel does.
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import rnn as _rnn
from rnn_course.reference import stacks as _stacks

_param_count, _stack_count = _rnn.simple_rnn_param_count, _stacks.stacked_rnn_param_count
# Float32 answers (as Keras computes) are right too: their error is far below these.
RTOL, ATOL = 1e-4, 1e-5

# --- random weights in the Keras layout --------------------------------------------------


def _weights(rng, input_dim: int, units: int, scale: float = 0.5) -> tuple:
    """``(kernel, recurrent_kernel, bias)``; scale 0.5 keeps tanh away from saturation, so
    every mistake changes the numbers."""
    return (rng.normal(scale=scale, size=(input_dim, units)),
            rng.normal(scale=scale, size=(units, units)), rng.normal(scale=scale, size=units))


def _distinct_sizes(rng) -> tuple[int, int, int]:
    """batch_size, input_dim, units all different, so a shape names its axis."""
    return tuple(int(v) for v in rng.choice(np.arange(2, 9), 3, replace=False))


def _cell(x, h, kernel, recurrent_kernel, bias, activation=np.tanh):
    return activation(x @ kernel + h @ recurrent_kernel + bias)


STAR = ("`*` multiplies element by element: use the matrix product @ (x_t @ kernel, "
        "h_prev @ recurrent_kernel)")

# --- 4.1 one step of the cell -----------------------------------------------------------


def _cell_case(rng, batch_size: int, input_dim: int, units: int, note: str = "",
               h_prev=None, scale: float = 0.5) -> Case:
    x_t = rng.normal(size=(batch_size, input_dim))
    h_prev = rng.uniform(-1, 1, size=(batch_size, units)) if h_prev is None else h_prev
    return Case((x_t, h_prev, *_weights(rng, input_dim, units, scale)), note=note)


def _cell_values(rng) -> list[Case]:
    # the square case first: there `*`, a transposed kernel or swapped kernels run
    # without an error, so its hint names the mistake
    return [_cell_case(rng, 3, 3, 3, " (every matrix is 3 x 3)"),
            *(_cell_case(rng, *_distinct_sizes(rng)) for _ in range(2))]


def _cell_edges(rng) -> list[Case]:
    return [_cell_case(rng, 1, 4, 6, " (one example)"),
            _cell_case(rng, 5, 3, 4, ", h_prev = 0 (the first step)", np.zeros((5, 4))),
            _cell_case(rng, 4, 2, 3, ", large weights (tanh saturates)", scale=5.0),
            Case((rng.normal(size=(2, 3)), np.zeros((2, 5)), np.zeros((3, 5)),
                  np.zeros((5, 5)), rng.normal(size=5)),
                 note=", zero weights (only the bias is left)")]


CELL = Question(
    name="rnn_cell_forward", title="Compute one step of the simple RNN cell",
    reference=_rnn.rnn_cell_forward,
    describe=lambda x, h, k, r, b: (f"batch_size={len(x)}, input_dim={k.shape[0]}, "
                                    f"units={k.shape[1]}"),
    properties=(shape("shape (batch_size, units)"),
                Property("values of h_t", 1, _cell_values),
                Property("edge cases (one example, zero state, saturation, zero weights)", 1,
                         _cell_edges)),
    mistakes={
        "missing tanh: h_t = tanh(x_t @ kernel + h_prev @ recurrent_kernel + bias)":
            lambda x, h, k, r, b: _cell(x, h, k, r, b, lambda z: z),
        STAR: lambda x, h, k, r, b: np.tanh(x * k + h * r + b),
        "the kernel and the recurrent kernel are swapped: x_t goes through kernel "
        "(input_dim, units), h_prev through recurrent_kernel":
            lambda x, h, k, r, b: _cell(x, h, r, k, b),
        "transposed weights: with row vectors and the Keras layout it is x_t @ kernel and "
        "h_prev @ recurrent_kernel, no .T": lambda x, h, k, r, b: _cell(x, h, k.T, r.T, b),
        "transposed kernel: kernel has shape (input_dim, units), so it is x_t @ kernel, no "
        ".T": lambda x, h, k, r, b: _cell(x, h, k.T, r, b),
        "transposed recurrent kernel: it is h_prev @ recurrent_kernel, no .T (Keras layout: "
        "rows of the matrix belong to h_prev's units)":
            lambda x, h, k, r, b: _cell(x, h, k, r.T, b),
        "the bias is missing: add bias (units,) inside the tanh":
            lambda x, h, k, r, b: _cell(x, h, k, r, 0 * b),
        "the bias goes INSIDE the tanh: tanh(... + bias), not tanh(...) + bias":
            lambda x, h, k, r, b: _cell(x, h, k, r, 0 * b) + b,
        "the previous state is missing: add h_prev @ recurrent_kernel":
            lambda x, h, k, r, b: _cell(x, 0 * h, k, r, b),
        "use tanh, the simple RNN's activation, not the sigmoid":
            lambda x, h, k, r, b: _cell(x, h, k, r, b, lambda z: 0.5 * (1 + np.tanh(z / 2))),
        "use tanh, the simple RNN's activation, not relu":
            lambda x, h, k, r, b: _cell(x, h, k, r, b, lambda z: np.maximum(z, 0)),
        "one row per example: the result has shape (batch_size, units), not (units, "
        "batch_size)": lambda x, h, k, r, b: _rnn.rnn_cell_forward(x, h, k, r, b).T,
    },
    rtol=RTOL, atol=ATOL,
)

# --- 4.2 the loop over time --------------------------------------------------------------


def _sequence_case(rng, batch_size: int, num_steps: int, input_dim: int, units: int,
                   note: str = "", h0=None) -> Case:
    x = rng.normal(size=(batch_size, num_steps, input_dim))
    h0 = rng.uniform(-1, 1, size=(batch_size, units)) if h0 is None else h0
    return Case((x, h0, *_weights(rng, input_dim, units)), note=note)


def _sequence_random(rng) -> list[Case]:
    cases = []
    for _ in range(2):
        batch_size, input_dim, units = _distinct_sizes(rng)
        num_steps = int(rng.integers(9, 15))  # longer than any other size: axes differ
        cases.append(_sequence_case(rng, batch_size, num_steps, input_dim, units))
    return cases


def _sequence_edges(rng) -> list[Case]:
    return [_sequence_case(rng, 3, 1, 2, 4, " (a single step)"),
            _sequence_case(rng, 1, 6, 3, 5, " (one sequence)"),
            _sequence_case(rng, 2, 7, 3, 4, ", h0 = 0", np.zeros((2, 4))),
            _sequence_case(rng, 2, 100, 3, 8, " (100 steps)")]


def _h_seq(x, h0, k, r, b):
    return _rnn.rnn_forward(x, h0, k, r, b)[0]


def _states_from(x, h0, k, r, b, step_state):
    """``h_seq`` of a loop whose state for the next step is ``step_state(h0, h_t)``."""
    h, states = h0, []
    for t in range(x.shape[1]):
        h_t = _cell(x[:, t], h, k, r, b)
        states.append(h_t)
        h = step_state(h0, h_t)
    return np.stack(states, axis=1)


def _with_h0_first(x, h0, k, r, b):
    return np.concatenate([h0[:, None], _h_seq(x, h0, k, r, b)], axis=1)


def _describe_sequence(x, h0, k, *weights) -> str:
    return f"x of shape {x.shape}, units={k.shape[1]}"


FORWARD = Question(
    name="rnn_forward", title="Run the cell over a whole sequence",
    reference=_h_seq, describe=_describe_sequence,
    properties=(shape("shape (batch_size, num_steps, units)"),
                Property("values of every state h_1 .. h_T", 1, _sequence_random),
                Property("edge cases (one step, one sequence, h0 = 0, 100 steps)", 1,
                         _sequence_edges)),
    mistakes={
        "the state is not carried: every step must read the state the previous step "
        "returned (h = cell(x_t, h)), not h0 again":
            lambda x, h0, k, r, b: _states_from(x, h0, k, r, b, lambda h0, h: h0),
        "off by one step: h_seq[:, t] is the state AFTER reading x[:, t] (h_1 .. h_T), not "
        "the state that step started from":
            lambda x, h0, k, r, b: _with_h0_first(x, h0, k, r, b)[:, :-1],
        "start from h0, the initial state you are given, not from zeros":
            lambda x, h0, k, r, b: _h_seq(x, 0 * h0, k, r, b),
        "read the steps in time order, x[:, 0] first":
            lambda x, h0, k, r, b: _h_seq(x[:, ::-1], h0, k, r, b),
        "missing tanh in the cell: h_t = tanh(x_t @ kernel + h_prev @ recurrent_kernel + "
        "bias)": lambda x, h0, k, r, b: _rnn.rnn_forward(x, h0, k, r, b, "linear")[0],
        "transposed recurrent kernel: it is h_prev @ recurrent_kernel, no .T":
            lambda x, h0, k, r, b: _h_seq(x, h0, k, r.T, b),
        "the bias is missing: add bias inside the tanh at every step":
            lambda x, h0, k, r, b: _h_seq(x, h0, k, r, 0 * b),
        "return the state of EVERY step, (batch_size, num_steps, units), like "
        "SimpleRNN(return_sequences=True); not only the last one":
            lambda x, h0, k, r, b: _h_seq(x, h0, k, r, b)[:, -1],
        "one state per step, h_1 .. h_T: do not include h0": _with_h0_first,
        "stack the states on axis 1, batch first: (batch_size, num_steps, units), e.g. "
        "np.stack(states, axis=1)":
            lambda x, h0, k, r, b: _h_seq(x, h0, k, r, b).transpose(1, 0, 2),
    },
    rtol=RTOL, atol=ATOL,
)

# --- 4.3 parameters of a stack ------------------------------------------------------------


def _stacks(rng) -> list[tuple]:
    cases = [(100, [64, 64])]  # chapter 4's encoder: 18,816
    for num_layers in (2, 3, 4):
        units = rng.choice(np.arange(2, 300), num_layers, replace=False)
        cases.append((int(rng.integers(300, 500)), [int(u) for u in units]))
    return cases


def _per_layer(input_dim, units_per_layer, count, inputs=None) -> int:
    """``count(layer input size, units)`` summed over the layers; ``inputs`` replaces the
    true input sizes (``input_dim``, then the previous layer's units)."""
    units = [int(u) for u in units_per_layer]
    true_inputs = [int(input_dim), *units[:-1]]
    return sum(count(d, u) for d, u in zip(inputs or true_inputs, units))


STACK_PARAMS = Question(
    name="count_stack_params", title="Count the parameters of stacked SimpleRNN layers",
    reference=_stack_count,
    properties=(
        Property("one layer", 1, lambda rng: [(10, [32]), (100, [64]), (
            int(rng.integers(2, 200)), [int(rng.integers(2, 200))])]),
        Property("stacks of 2 to 4 layers (chapter 4's encoder among them)", 3, _stacks)),
    mistakes={
        "the bias is missing: each layer also has a bias of `units` numbers":
            lambda d, us: _per_layer(d, us, lambda d, u: u * (d + u)),
        "a stacked layer reads the previous layer's states: its kernel is (units of the "
        "previous layer, units); only the first layer reads input_dim features":
            lambda d, us: _per_layer(d, us, _param_count, [int(d)] * len(us)),
        "the kernel of a layer is (size of ITS INPUT, units): the previous layer's units "
        "(input_dim for the first layer), not its own units":
            lambda d, us: _per_layer(d, us, _param_count, [int(u) for u in us]),
        "the recurrent kernel is (units, units): it maps the previous state, not the input":
            lambda d, us: _per_layer(d, us, lambda d, u: 2 * d * u + u),
        "add up every layer, not only the last one": lambda d, us: _param_count(
            int(us[-2]) if len(us) > 1 else int(d), int(us[-1])),
        "add up every layer, not only the first one":
            lambda d, us: _param_count(int(d), int(us[0])),
    },
    rtol=0.0, atol=0.0,
)

# --- 4.4 the stacked encoder in Keras -----------------------------------------------------


def encoder_summary(num_steps: int, input_dim: int, units: int) -> np.ndarray:
    """What the probe reports for the right model: ``[count_params(), units]``."""
    return np.array([_stack_count(input_dim, [units, units]), units])


def _sizes(rng) -> tuple[int, int]:
    return tuple(int(v) for v in rng.choice(np.arange(3, 40), 2, replace=False))


def _lstm_count(d: int, u: int) -> int:  # 4 gates' worth of SimpleRNN weights
    return 4 * _param_count(d, u)


def _gru_count(d: int, u: int) -> int:  # Keras' reset_after=True: two biases per gate
    return 3 * (_param_count(d, u) + u)


ENCODER = Question(
    name="build_encoder", title="Build the stacked encoder in Keras",
    reference=encoder_summary, parts=("parameter count", "output size"),
    describe=lambda n, d, u: f"build_encoder(num_steps={n}, input_dim={d}, units={u})",
    properties=(
        Property("[b, 80, 100] -> [b, 64] with 18,816 parameters", 1,
                 lambda rng: [(80, 100, 64)]),
        Property("other sizes", 1,
                 lambda rng: [(int(rng.integers(41, 90)), *_sizes(rng)) for _ in range(2)]),
        Property("weights shared over time: the same parameters for 1 step or 500", 1,
                 lambda rng: [(n, *_sizes(rng)) for n in (1, 500)])),
    mistakes={
        "the second layer must return only its last state, (batch_size, units): "
        "return_sequences=True belongs on the first layer only":
            lambda n, d, u: np.array([_stack_count(d, [u, u]), n, u]),
        "build the model from the arguments (num_steps, input_dim, units), not from the "
        "numbers 80, 100 and 64": lambda n, d, u: encoder_summary(80, 100, 64),
        "keras.Input takes shape=(num_steps, input_dim): the time steps first, then the "
        "features of each step": lambda n, d, u: encoder_summary(d, n, u),
        "stack TWO SimpleRNN layers: this model has the parameters of one":
            lambda n, d, u: np.array([_param_count(d, u), u]),
        "both layers have `units` units (here the first one has input_dim)":
            lambda n, d, u: np.array([_stack_count(d, [d, u]), u]),
        "the encoder ends with the second SimpleRNN: no Dense layer after it":
            lambda n, d, u: encoder_summary(n, d, u) + [u * u + u, 0],
        "use SimpleRNN layers: an LSTM has 4 times the weights (chapter 7)":
            lambda n, d, u: np.array([_lstm_count(d, u) + _lstm_count(u, u), u]),
        "use SimpleRNN layers: a GRU has about 3 times the weights":
            lambda n, d, u: np.array([_gru_count(d, u) + _gru_count(u, u), u]),
    },
    rtol=0.0, atol=0.0,
)

# --- 4.5 a custom Keras cell, checked against SimpleRNNCell -------------------------------


def _cell_layer_case(rng, batch_size: int, num_steps: int, input_dim: int, units: int,
                     note: str = "", scale: float = 0.5) -> Case:
    x = rng.normal(size=(batch_size, num_steps, input_dim))
    return Case((x, *_weights(rng, input_dim, units, scale)), note=note)


def _keras_cell_values(rng) -> list[Case]:
    # the square case first: there `*` runs without an error, so its hint names it
    batch_size, input_dim, units = _distinct_sizes(rng)
    return [_cell_layer_case(rng, 3, 5, 3, 3, " (every matrix is 3 x 3)"),
            _cell_layer_case(rng, batch_size, 9, input_dim, units)]


def _keras_cell_edges(rng) -> list[Case]:
    return [_cell_layer_case(rng, 2, 1, 3, 4, " (a single step)"),
            _cell_layer_case(rng, 1, 7, 2, 5, " (one sequence)"),
            _cell_layer_case(rng, 2, 4, 3, 2, ", large weights (tanh saturates)", scale=5.0)]


def _shape_rows(*shapes) -> np.ndarray:
    """The probe's description of a cell's weights: one row ``[ndim, size 0, size 1]``."""
    return np.array([[len(s), *(list(s) + [0, 0])[:2]] for s in shapes])


def _weight_shapes(input_dim: int, units: int) -> np.ndarray:
    return _shape_rows((input_dim, units), (units, units), (units,))


def _weight_cases(rng) -> list[Case]:
    input_dim, units = _sizes(rng)
    return [Case((d, u), f"input_dim={d}, units={u}") for d, u in ((input_dim, units), (4, 4))]


def _states_of_star_cell(x, k, r, b):
    h, states = np.zeros((len(x), k.shape[1])), []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] * k + h * r + b)
        states.append(h)
    return np.stack(states, axis=1)


def _keras_cell_states(x, kernel, recurrent_kernel, bias):
    """What ``keras.layers.RNN(SimpleRNNCell(units), return_sequences=True)`` returns."""
    return _rnn.rnn_forward(x, None, kernel, recurrent_kernel, bias)[0]


KERAS_CELL = Question(
    name="ElmanCell", title="Write the simple RNN cell as a Keras layer",
    reference=_keras_cell_states,
    describe=lambda x, k, r, b: f"x of shape {x.shape}, units={k.shape[1]}",
    properties=(
        Property("weights: kernel (input_dim, units), recurrent_kernel (units, units), "
                 "bias (units,), in this order", 1, _weight_cases,
                 driver="keras_cell_weights", reference=_weight_shapes),
        Property("the same states as SimpleRNNCell with the same weights", 2,
                 _keras_cell_values, driver="keras_cell_outputs"),
        Property("edge cases (one step, one sequence, saturation)", 1, _keras_cell_edges,
                 driver="keras_cell_outputs")),
    mistakes={
        STAR: _states_of_star_cell,
        "missing tanh: h = tanh(inputs @ kernel + h_prev @ recurrent_kernel + bias)":
            lambda x, k, r, b: _rnn.rnn_forward(x, None, k, r, b, "linear")[0],
        "transposed kernel: it is inputs @ kernel, kernel of shape (input_dim, units)":
            lambda x, k, r, b: _keras_cell_states(x, k.T, r, b),
        "transposed recurrent kernel: it is h_prev @ recurrent_kernel, no .T":
            lambda x, k, r, b: _keras_cell_states(x, k, r.T, b),
        "the bias is missing: add self.bias inside the tanh":
            lambda x, k, r, b: _keras_cell_states(x, k, r, 0 * b),
        "the kernel is (input_dim, units): add_weight(shape=(input_shape[-1], self.units))":
            lambda d, u: _shape_rows((u, d), (u, u), (u,)),
        "the recurrent kernel is (units, units): it maps the previous state":
            lambda d, u: _shape_rows((d, u), (d, u), (u,)),
        "create the bias too, after the two kernels: add_weight(shape=(self.units,))":
            lambda d, u: _shape_rows((d, u), (u, u)),
        "the bias is a vector of shape (units,), not a matrix":
            lambda d, u: _shape_rows((d, u), (u, u), (1, u)),
    },
    errors={
        r"too many values to unpack|not enough values to unpack":
            "call must return two things, the output and the list of new states: "
            "return h, [h]",
        r"Incompatible shapes|Op:Mul\b|could not be broadcast": STAR,
        r"state_size": "set self.state_size = units in __init__: keras.layers.RNN reads it",
        r"set_weights|weight list of length|not compatible with provided weight shape":
            "create exactly three weights in build(), in this order: kernel (input_dim, "
            "units), recurrent_kernel (units, units), bias (units,), as SimpleRNNCell does",
    },
    rtol=RTOL, atol=ATOL,
)

SET = ExerciseSet(chapter=4, title="Build a recurrent cell",
                  questions=(CELL, FORWARD, STACK_PARAMS, ENCODER, KERAS_CELL))
