"""Exercise set ex04 (chapter 4): the RNN cell, its loop over time, parameter counts, Keras.

Notebook: ``exercises/ex04_rnn_cell.ipynb``. References:
:func:`rnn_course.reference.rnn_cell_forward`, :func:`~rnn_course.reference.rnn_forward`
(only its ``h_seq``), :func:`rnn_course.reference.stacks.stacked_rnn_param_count`.
The Keras question asks for ``build_encoder(num_steps, input_dim, units)``; the probe
judges a returned model as ``[count_params(), *output shape without the batch axis]``.
The grader never imports TensorFlow: only the learner's kernel does.
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, WrongVariant
from rnn_course.reference.rnn import rnn_cell_forward, rnn_forward, simple_rnn_param_count
from rnn_course.reference.stacks import stacked_rnn_param_count

# Float32 answers (as Keras computes) are right too: their error is far below these.
RTOL, ATOL = 1e-4, 1e-5

# --- random weights in the Keras layout --------------------------------------------------


def _weights(rng: np.random.Generator, input_dim: int, units: int,
             scale: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(kernel, recurrent_kernel, bias)``; scale 0.5 keeps tanh away from saturation, so
    every mistake changes the numbers."""
    return (rng.normal(scale=scale, size=(input_dim, units)),
            rng.normal(scale=scale, size=(units, units)),
            rng.normal(scale=scale, size=units))


def _sizes(batch_size: int, input_dim: int, units: int) -> str:
    return f"batch_size={batch_size}, input_dim={input_dim}, units={units}"


# --- 4.1 one step of the cell -----------------------------------------------------------


def _cell_case(rng: np.random.Generator, batch_size: int, input_dim: int, units: int,
               note: str = "", h_prev: np.ndarray | None = None, scale: float = 0.5) -> Case:
    x_t = rng.normal(size=(batch_size, input_dim))
    h_prev = rng.uniform(-1, 1, size=(batch_size, units)) if h_prev is None else h_prev
    return Case((x_t, h_prev, *_weights(rng, input_dim, units, scale)),
                _sizes(batch_size, input_dim, units) + note)


def _distinct_sizes(rng: np.random.Generator) -> tuple[int, int, int]:
    """batch_size, input_dim, units all different, so a shape names its axis."""
    batch_size, input_dim, units = (int(v) for v in rng.choice(np.arange(2, 9), 3,
                                                                replace=False))
    return batch_size, input_dim, units


def _cell_shape_cases(rng: np.random.Generator) -> list[Case]:
    return [_cell_case(rng, *_distinct_sizes(rng)) for _ in range(2)]


def _cell_value_cases(rng: np.random.Generator) -> list[Case]:
    # the square case first: there `*`, a transposed kernel or swapped kernels run
    # without an error, so its hint names the mistake
    return [_cell_case(rng, 3, 3, 3, " (every matrix is 3 x 3)"),
            *(_cell_case(rng, *_distinct_sizes(rng)) for _ in range(2))]


def _cell_edge_cases(rng: np.random.Generator) -> list[Case]:
    return [_cell_case(rng, 1, 4, 6, " (one example)"),
            _cell_case(rng, 5, 3, 4, ", h_prev = 0 (the first step)", np.zeros((5, 4))),
            _cell_case(rng, 4, 2, 3, ", large weights (tanh saturates)", scale=5.0),
            Case((rng.normal(size=(2, 3)), np.zeros((2, 5)), np.zeros((3, 5)),
                  np.zeros((5, 5)), rng.normal(size=5)),
                 _sizes(2, 3, 5) + ", zero weights (only the bias is left)")]


def _cell(x, h, kernel, recurrent_kernel, bias, activation=np.tanh):
    return activation(x @ kernel + h @ recurrent_kernel + bias)


CELL = Question(
    id="ex04.rnn_cell_forward", number="4.1", name="rnn_cell_forward",
    title="Compute one step of the simple RNN cell",
    reference=rnn_cell_forward,
    properties=(
        Property("shape (batch_size, units)", 1, _cell_shape_cases, mode="shape"),
        Property("values of h_t", 2, _cell_value_cases),
        Property("edge cases (one example, zero state, saturation, zero weights)", 1,
                 _cell_edge_cases),
    ),
    variants=(
        WrongVariant("missing tanh: h_t = tanh(x_t @ kernel + h_prev @ recurrent_kernel "
                     "+ bias)", lambda x, h, k, r, b: _cell(x, h, k, r, b, lambda z: z)),
        WrongVariant("`*` multiplies element by element: use the matrix product @ "
                     "(x_t @ kernel, h_prev @ recurrent_kernel)",
                     lambda x, h, k, r, b: np.tanh(x * k + h * r + b)),
        WrongVariant("the kernel and the recurrent kernel are swapped: x_t goes through "
                     "kernel (input_dim, units), h_prev through recurrent_kernel",
                     lambda x, h, k, r, b: _cell(x, h, r, k, b)),
        WrongVariant("transposed weights: with row vectors and the Keras layout it is "
                     "x_t @ kernel and h_prev @ recurrent_kernel, no .T",
                     lambda x, h, k, r, b: _cell(x, h, k.T, r.T, b)),
        WrongVariant("transposed kernel: kernel has shape (input_dim, units), so it is "
                     "x_t @ kernel, no .T", lambda x, h, k, r, b: _cell(x, h, k.T, r, b)),
        WrongVariant("transposed recurrent kernel: it is h_prev @ recurrent_kernel, "
                     "no .T (Keras layout: rows of the matrix belong to h_prev's units)",
                     lambda x, h, k, r, b: _cell(x, h, k, r.T, b)),
        WrongVariant("the bias is missing: add bias (units,) inside the tanh",
                     lambda x, h, k, r, b: _cell(x, h, k, r, 0 * b)),
        WrongVariant("the bias goes INSIDE the tanh: tanh(... + bias), not tanh(...) + bias",
                     lambda x, h, k, r, b: _cell(x, h, k, r, 0 * b) + b),
        WrongVariant("the previous state is missing: add h_prev @ recurrent_kernel",
                     lambda x, h, k, r, b: _cell(x, 0 * h, k, r, b)),
        WrongVariant("use tanh, the simple RNN's activation, not the sigmoid",
                     lambda x, h, k, r, b: _cell(x, h, k, r, b,
                                                 lambda z: 0.5 * (1 + np.tanh(z / 2)))),
        WrongVariant("use tanh, the simple RNN's activation, not relu",
                     lambda x, h, k, r, b: _cell(x, h, k, r, b, lambda z: np.maximum(z, 0))),
        WrongVariant("one row per example: the result has shape (batch_size, units), "
                     "not (units, batch_size)",
                     lambda x, h, k, r, b: rnn_cell_forward(x, h, k, r, b).T),
    ),
    rtol=RTOL, atol=ATOL,
)

# --- 4.2 the loop over time --------------------------------------------------------------


def _forward_case(rng: np.random.Generator, batch_size: int, num_steps: int,
                  input_dim: int, units: int, note: str = "",
                  h0: np.ndarray | None = None) -> Case:
    x = rng.normal(size=(batch_size, num_steps, input_dim))
    h0 = rng.uniform(-1, 1, size=(batch_size, units)) if h0 is None else h0
    return Case((x, h0, *_weights(rng, input_dim, units)),
                f"x of shape {x.shape}, units={units}{note}")


def _forward_random_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for _ in range(2):
        batch_size, input_dim, units = _distinct_sizes(rng)
        num_steps = int(rng.integers(9, 15))  # longer than any other size: axes differ
        cases.append(_forward_case(rng, batch_size, num_steps, input_dim, units))
    return cases


def _forward_edge_cases(rng: np.random.Generator) -> list[Case]:
    return [_forward_case(rng, 3, 1, 2, 4, " (a single step)"),
            _forward_case(rng, 1, 6, 3, 5, " (one sequence)"),
            _forward_case(rng, 2, 7, 3, 4, ", h0 = 0", np.zeros((2, 4))),
            _forward_case(rng, 2, 100, 3, 8, " (100 steps)")]


def _h_seq(x, h0, k, r, b):
    return rnn_forward(x, h0, k, r, b)[0]


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


FORWARD = Question(
    id="ex04.rnn_forward", number="4.2", name="rnn_forward",
    title="Run the cell over a whole sequence",
    reference=_h_seq,
    properties=(
        Property("shape (batch_size, num_steps, units)", 1, _forward_random_cases,
                 mode="shape"),
        Property("values of every state h_1 .. h_T", 2, _forward_random_cases),
        Property("edge cases (one step, one sequence, h0 = 0, 100 steps)", 1,
                 _forward_edge_cases),
    ),
    variants=(
        WrongVariant("the state is not carried: every step must read the state the "
                     "previous step returned (h = cell(x_t, h)), not h0 again",
                     lambda x, h0, k, r, b: _states_from(x, h0, k, r, b, lambda h0, h: h0)),
        WrongVariant("off by one step: h_seq[:, t] is the state AFTER reading x[:, t] "
                     "(h_1 .. h_T), not the state that step started from",
                     lambda x, h0, k, r, b: _with_h0_first(x, h0, k, r, b)[:, :-1]),
        WrongVariant("start from h0, the initial state you are given, not from zeros",
                     lambda x, h0, k, r, b: _h_seq(x, 0 * h0, k, r, b)),
        WrongVariant("read the steps in time order, x[:, 0] first",
                     lambda x, h0, k, r, b: _h_seq(x[:, ::-1], h0, k, r, b)),
        WrongVariant("missing tanh in the cell: h_t = tanh(x_t @ kernel + h_prev @ "
                     "recurrent_kernel + bias)",
                     lambda x, h0, k, r, b: rnn_forward(x, h0, k, r, b, "linear")[0]),
        WrongVariant("transposed recurrent kernel: it is h_prev @ recurrent_kernel, no .T",
                     lambda x, h0, k, r, b: _h_seq(x, h0, k, r.T, b)),
        WrongVariant("the bias is missing: add bias inside the tanh at every step",
                     lambda x, h0, k, r, b: _h_seq(x, h0, k, r, 0 * b)),
        WrongVariant("return the state of EVERY step, (batch_size, num_steps, units), like "
                     "SimpleRNN(return_sequences=True); not only the last one",
                     lambda x, h0, k, r, b: _h_seq(x, h0, k, r, b)[:, -1]),
        WrongVariant("one state per step, h_1 .. h_T: do not include h0",
                     _with_h0_first),
        WrongVariant("stack the states on axis 1, batch first: (batch_size, num_steps, "
                     "units), e.g. np.stack(states, axis=1)",
                     lambda x, h0, k, r, b: _h_seq(x, h0, k, r, b).transpose(1, 0, 2)),
    ),
    rtol=RTOL, atol=ATOL,
)

# --- 4.3 parameters of a stack ------------------------------------------------------------


def _stack_case(input_dim: int, units_per_layer) -> Case:
    units = np.array(units_per_layer, dtype=np.int64)
    return Case((input_dim, units),
                f"input_dim={input_dim}, units_per_layer={units.tolist()}")


def _one_layer_cases(rng: np.random.Generator) -> list[Case]:
    return [_stack_case(10, [32]), _stack_case(100, [64]),
            _stack_case(int(rng.integers(2, 200)), [int(rng.integers(2, 200))])]


def _stack_cases(rng: np.random.Generator) -> list[Case]:
    cases = [_stack_case(100, [64, 64])]  # chapter 4's encoder: 18,816
    for num_layers in (2, 3, 4):
        units = rng.choice(np.arange(2, 300), num_layers, replace=False)
        cases.append(_stack_case(int(rng.integers(300, 500)), units))
    return cases


def _per_layer(input_dim, units_per_layer, count, inputs=None) -> int:
    """``count(layer input size, units)`` summed over the layers; ``inputs`` replaces the
    true input sizes (``input_dim``, then the previous layer's units)."""
    units = [int(u) for u in units_per_layer]
    true_inputs = [int(input_dim), *units[:-1]]
    return sum(count(d, u) for d, u in zip(inputs or true_inputs, units))


STACK_PARAMS = Question(
    id="ex04.count_stack_params", number="4.3", name="count_stack_params",
    title="Count the parameters of stacked SimpleRNN layers",
    reference=stacked_rnn_param_count,
    properties=(
        Property("one layer", 1, _one_layer_cases),
        Property("stacks of 2 to 4 layers (chapter 4's encoder among them)", 2,
                 _stack_cases),
    ),
    variants=(
        WrongVariant("the bias is missing: each layer also has a bias of `units` numbers",
                     lambda d, us: _per_layer(d, us, lambda d, u: u * (d + u))),
        WrongVariant("a stacked layer reads the previous layer's states: its kernel is "
                     "(units of the previous layer, units); only the first layer reads "
                     "input_dim features",
                     lambda d, us: _per_layer(d, us, simple_rnn_param_count,
                                              [int(d)] * len(us))),
        WrongVariant("the kernel of a layer is (size of ITS INPUT, units): the previous "
                     "layer's units (input_dim for the first layer), not its own units",
                     lambda d, us: _per_layer(d, us, simple_rnn_param_count,
                                              [int(u) for u in us])),
        WrongVariant("the recurrent kernel is (units, units): it maps the previous state, "
                     "not the input",
                     lambda d, us: _per_layer(d, us, lambda d, u: 2 * d * u + u)),
        WrongVariant("add up every layer, not only the last one",
                     lambda d, us: simple_rnn_param_count(
                         int(us[-2]) if len(us) > 1 else int(d), int(us[-1]))),
        WrongVariant("add up every layer, not only the first one",
                     lambda d, us: simple_rnn_param_count(int(d), int(us[0]))),
    ),
    rtol=0.0, atol=0.0,
)

# --- 4.4 the stacked encoder in Keras -----------------------------------------------------


def encoder_summary(num_steps: int, input_dim: int, units: int) -> np.ndarray:
    """What the probe reports for the right model: ``[count_params(), units]``."""
    return np.array([stacked_rnn_param_count(input_dim, [units, units]), units])


def _encoder_case(num_steps: int, input_dim: int, units: int, note: str = "") -> Case:
    return Case((num_steps, input_dim, units),
                f"build_encoder(num_steps={num_steps}, input_dim={input_dim}, "
                f"units={units}){note}")


def _random_sizes(rng: np.random.Generator) -> tuple[int, int]:
    input_dim, units = (int(v) for v in rng.choice(np.arange(3, 40), 2, replace=False))
    return input_dim, units


def _encoder_other_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for _ in range(2):
        input_dim, units = _random_sizes(rng)
        cases.append(_encoder_case(int(rng.integers(41, 90)), input_dim, units))
    return cases


def _encoder_any_length_cases(rng: np.random.Generator) -> list[Case]:
    input_dim, units = _random_sizes(rng)
    return [_encoder_case(num_steps, input_dim, units) for num_steps in (1, 500)]


def _lstm_count(d: int, u: int) -> int:  # 4 gates' worth of SimpleRNN weights
    return 4 * simple_rnn_param_count(d, u)


def _gru_count(d: int, u: int) -> int:  # Keras' reset_after=True: two biases per gate
    return 3 * (simple_rnn_param_count(d, u) + u)


ENCODER = Question(
    id="ex04.build_encoder", number="4.4", name="build_encoder",
    title="Build the stacked encoder in Keras",
    reference=encoder_summary,
    properties=(
        Property("[b, 80, 100] -> [b, 64] with 18,816 parameters", 1,
                 lambda rng: [_encoder_case(80, 100, 64)]),
        Property("other sizes", 1, _encoder_other_cases),
        Property("weights shared over time: the same parameters for 1 step or 500", 1,
                 _encoder_any_length_cases),
    ),
    variants=(
        WrongVariant("the second layer must return only its last state, (batch_size, "
                     "units): return_sequences=True belongs on the first layer only",
                     lambda n, d, u: np.array([stacked_rnn_param_count(d, [u, u]), n, u])),
        WrongVariant("build the model from the arguments (num_steps, input_dim, units), "
                     "not from the numbers 80, 100 and 64",
                     lambda n, d, u: encoder_summary(80, 100, 64)),
        WrongVariant("keras.Input takes shape=(num_steps, input_dim): the time steps "
                     "first, then the features of each step",
                     lambda n, d, u: encoder_summary(d, n, u)),
        WrongVariant("stack TWO SimpleRNN layers: this model has the parameters of one",
                     lambda n, d, u: np.array([simple_rnn_param_count(d, u), u])),
        WrongVariant("both layers have `units` units (here the first one has input_dim)",
                     lambda n, d, u: np.array([stacked_rnn_param_count(d, [d, u]), u])),
        WrongVariant("the encoder ends with the second SimpleRNN: no Dense layer after it",
                     lambda n, d, u: encoder_summary(n, d, u) + [u * u + u, 0]),
        WrongVariant("use SimpleRNN layers: an LSTM has 4 times the weights (chapter 7)",
                     lambda n, d, u: np.array([_lstm_count(d, u) + _lstm_count(u, u), u])),
        WrongVariant("use SimpleRNN layers: a GRU has about 3 times the weights",
                     lambda n, d, u: np.array([_gru_count(d, u) + _gru_count(u, u), u])),
    ),
    rtol=0.0, atol=0.0,
)

SET = ExerciseSet(id="ex04", title="The RNN cell", chapter=4,
                  questions=(CELL, FORWARD, STACK_PARAMS, ENCODER))
