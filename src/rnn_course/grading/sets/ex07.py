"""Exercise set ex07 (chapter 7): the gradient through the LSTM's cell state, and the
forget bias that keeps a memory for a given number of steps.

Notebook: ``exercises/ex07_lstm.ipynb``. The references are written here, in NumPy:
``_dc_prev`` (checked against ``tf.GradientTape`` in ``tests/test_grading_ex07.py``) and
``_forget_bias``. The grader never imports TensorFlow, nor does the learner's kernel.
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import gated as _gated

_sigmoid = _gated.sigmoid
# Float32 answers (as Keras computes) are right too: their error is far below these.
RTOL, ATOL = 1e-4, 1e-5
GATE_ORDER = "ifco"  # Keras' column blocks: input, forget, candidate, output

# --- 7.1 one step of the LSTM backwards: the gradient that reaches c_prev ----------------


def _forward(x, h, c, k, r, b, order: str = GATE_ORDER) -> dict:
    """The gates and c_t of one step; blocks read in ``order``."""
    blocks = dict(zip(order, np.split(x @ k + h @ r + b, 4, axis=1)))
    gates = {g: _sigmoid(blocks[g]) for g in "ifo"}
    c_t = gates["f"] * c + gates["i"] * np.tanh(blocks["c"])
    return {**gates, "c_t": c_t}


def _dc_prev(x, h, c, k, r, b, dh, dc, *, order: str = GATE_ORDER, through_h: bool = True,
             slope: str = "c_t", keep_gate: str = "f") -> np.ndarray:
    """``dL/dc_prev``, or a typical mistake's: blocks read in ``order``, the path through
    ``h_t = o * tanh(c_t)`` left out, tanh's slope taken at another place (``"c_prev"``,
    ``"h_t"`` meaning ``1 - h_t**2``, ``"none"``), another gate multiplying on the way back."""
    s = _forward(x, h, c, k, r, b, order)
    tanh_c = np.tanh(s["c_t"])
    slopes = {"c_t": 1 - tanh_c ** 2, "c_prev": 1 - np.tanh(c) ** 2,
              "h_t": 1 - (s["o"] * tanh_c) ** 2, "none": 1.0}
    total = dc + (dh * s["o"] * slopes[slope] if through_h else 0)   # dL/dc_t
    return total * (s[keep_gate] if keep_gate else 1.0)


def _weights(rng, input_dim: int, units: int, scale: float = 0.5) -> tuple:
    """``(kernel, recurrent_kernel, bias)`` in Keras' layout, four blocks i, f, c, o; scale
    0.5 keeps the gates away from 0 and 1, so every mistake changes the numbers."""
    return (rng.normal(scale=scale, size=(input_dim, 4 * units)),
            rng.normal(scale=scale, size=(units, 4 * units)),
            rng.normal(scale=scale, size=4 * units))


def _distinct_sizes(rng) -> tuple[int, int, int]:
    """batch_size, input_dim, units all different, so a shape names its axis."""
    return tuple(int(v) for v in rng.choice(np.arange(2, 9), 3, replace=False))


def _grad_case(rng, batch_size: int, input_dim: int, units: int, note: str = "", *,
               scale: float = 0.5, bias=None, dh=None, dc=None) -> Case:
    x_t = rng.normal(size=(batch_size, input_dim))
    h_prev = rng.uniform(-1, 1, size=(batch_size, units))
    c_prev = rng.normal(scale=1.5, size=(batch_size, units))
    kernel, recurrent_kernel, random_bias = _weights(rng, input_dim, units, scale)
    dh_t = rng.normal(size=(batch_size, units)) if dh is None else dh
    dc_t = rng.normal(size=(batch_size, units)) if dc is None else dc
    return Case((x_t, h_prev, c_prev, kernel, recurrent_kernel,
                 random_bias if bias is None else bias, dh_t, dc_t), note=note)


def _gate_bias(units: int, **blocks: float) -> np.ndarray:
    """A bias with each named block (i, f, c, o) set to one value, the others 0."""
    return np.concatenate([np.full(units, blocks.get(g, 0.0)) for g in GATE_ORDER])


def _grad_values(rng) -> list[Case]:
    return [_grad_case(rng, *_distinct_sizes(rng)) for _ in range(3)]


def _grad_paths(rng) -> list[Case]:
    """Gates set by large biases, so that each path shows alone."""
    units = 4
    return [_grad_case(rng, 3, 2, units, ", forget gate open, output gate shut: dc_t "
                       "passes unchanged", bias=_gate_bias(units, i=0.5, f=20.0, c=0.3, o=-20.0)),
            _grad_case(rng, 3, 2, units, ", only dh_t (dc_t = 0): the path through h_t",
                       dc=np.zeros((3, units))),
            _grad_case(rng, 3, 2, units, ", forget gate shut: nothing reaches c_prev",
                       bias=_gate_bias(units, i=1.0, f=-20.0, c=0.5, o=1.0))]


def _grad_edges(rng) -> list[Case]:
    return [_grad_case(rng, 1, 4, 6, " (one example)"),
            _grad_case(rng, 2, 1, 1, " (one feature, one unit)"),
            _grad_case(rng, 4, 3, 5, ", large weights (the gates saturate)", scale=5.0)]


def _describe_grad(x, h, c, k, *rest) -> str:
    return f"batch_size={len(x)}, input_dim={k.shape[0]}, units={k.shape[1] // 4}"


GRADIENT = Question(
    name="cell_state_gradient", title="Send the gradient back to the previous cell state",
    reference=_dc_prev, describe=_describe_grad,
    args=("x_t", "h_prev", "c_prev", "kernel", "recurrent_kernel", "bias", "dh_t", "dc_t"),
    properties=(
        shape("shape (batch_size, units)"),
        Property("values of dL/dc_prev", 2, _grad_values),
        Property("each path alone (an open forget gate with a shut output gate, dc_t = 0, a "
                 "shut forget gate)", 1, _grad_paths),
        Property("edge cases (one example, one unit, saturated gates)", 1, _grad_edges)),
    mistakes={
        "c_t reaches the loss two ways: directly (dc_t) AND through h_t = o * tanh(c_t); add "
        "dh_t * o * (1 - tanh(c_t)**2) to dc_t before going back through the forget gate":
            lambda *a: _dc_prev(*a, through_h=False),
        "the path through h_t needs tanh's slope at c_t: dh_t * o * (1 - tanh(c_t)**2)":
            lambda *a: _dc_prev(*a, slope="none"),
        "tanh's slope is taken at c_t, the NEW cell state, not at c_prev":
            lambda *a: _dc_prev(*a, slope="c_prev"),
        "h_t = o * tanh(c_t), so the slope is 1 - tanh(c_t)**2, not 1 - h_t**2 (that would "
        "be right only with o = 1)": lambda *a: _dc_prev(*a, slope="h_t"),
        "c_prev reaches c_t through the forget gate: c_t = f * c_prev + ..., so multiply by "
        "f (not by the input gate)": lambda *a: _dc_prev(*a, keep_gate="i"),
        "the forget gate is missing on the way back: dL/dc_prev = dL/dc_t * f":
            lambda *a: _dc_prev(*a, keep_gate=None),
        "gate order: Keras' column blocks are i, f, c, o (the candidate third, the output "
        "gate last), not i, f, o, c": lambda *a: _dc_prev(*a, order="ifoc"),
        "gate order: Keras' column blocks are i, f, c, o (the input gate first), not "
        "f, i, c, o": lambda *a: _dc_prev(*a, order="fico"),
    },
    errors={
        r"not aligned|matmul: Input operand|size \d+ is different from":
            "kernel is (input_dim, 4 * units) and recurrent_kernel (units, 4 * units): "
            "compute x_t @ kernel + h_prev @ recurrent_kernel, then split its 4 * units "
            "columns into the four blocks",
    },
    rtol=RTOL, atol=ATOL,
)

# --- 7.2 choose the forget bias that keeps a memory for num_steps ------------------------


def _forget_bias(fraction, num_steps) -> float:
    """The bias b with sigmoid(b) ** num_steps == fraction."""
    gate = float(fraction) ** (1.0 / int(num_steps))
    return float(np.log(gate / (1.0 - gate)))


def _bias_cases(rng) -> list[tuple]:
    drawn = [(float(rng.uniform(0.05, 0.95)), int(rng.integers(2, 200))) for _ in range(3)]
    return [(0.9, 50), (0.5, 20), (0.22, 50), *drawn]


def _bias_edges(rng) -> list[tuple]:
    return [(0.5, 1), (0.99, 1000), (0.01, 3)]


def _logit(p):
    return float(np.log(p / (1 - p)))


BIAS = Question(
    name="forget_bias_for", title="Choose the forget bias that keeps a memory",
    reference=_forget_bias,
    properties=(Property("fractions and lengths from chapter 7 and random ones", 2,
                         _bias_cases),
                Property("edge cases (one step, a thousand steps, a tiny fraction)", 1,
                         _bias_edges)),
    mistakes={
        "that bias keeps `fraction` after ONE step: over num_steps steps the gate multiplies "
        "num_steps times, so the gate must be fraction ** (1 / num_steps)":
            lambda p, n: _logit(p),
        "that is the forget gate's value; the bias is its pre-activation: invert the "
        "sigmoid, b = log(f / (1 - f))": lambda p, n: float(p) ** (1 / int(n)),
        "sigma(b) = f is inverted by the logit, log(f / (1 - f)), not by log(f)":
            lambda p, n: float(np.log(float(p) ** (1 / int(n)))),
        "the power goes the other way: the gate is fraction ** (1 / num_steps), the "
        "num_steps-th root":
            lambda p, n: _logit(float(p) ** int(n)) if 0 < float(p) ** int(n) < 1 else np.nan,
        "the sign: an open gate (close to 1) needs a large POSITIVE bias":
            lambda p, n: -_forget_bias(p, n),
    },
    errors={r"division by zero|math domain":
            "the gate is strictly between 0 and 1 here: compute it as fraction ** (1 / "
            "num_steps) before the logit"},
    rtol=1e-6, atol=1e-9,
)

SET = ExerciseSet(chapter=7, title="Build an LSTM cell", questions=(GRADIENT, BIAS))
