"""Exercise set ex05 (chapters 5 and 6): truncated BPTT, clipping by global norm, gradient flow.

Notebook: ``exercises/ex05_backprop_and_gradients.ipynb``. References:
:func:`rnn_course.reference.rnn_backward` with ``truncate=k`` (after :func:`~rnn_course.reference.rnn_forward`
on the same arguments), :func:`~rnn_course.reference.numerical_gradient` (the
finite-difference property), :func:`~rnn_course.reference.clip_by_global_norm` and
:func:`~rnn_course.reference.jacobian_norms` (a linear cell).

The learner's ``rnn_backward`` returns a dict and ``clip_by_global_norm`` a pair of a list
and a number; the probe's drivers ``bptt_gradient`` and ``clipped_gradient`` turn each
call into one array, picked by the case's first argument ``which``, so every case and
every mistake here is a function of ``(which, *the learner's arguments)``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rnn_course.grading.probe import BPTT_GRADIENTS
from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import bptt as _bptt
from rnn_course.reference import rnn as _rnn

# --- 5.1 truncated backpropagation through time -----------------------------------------


def _sizes(rng, count: int) -> list[int]:
    """``count`` different sizes, so that a wrong shape names its axis."""
    return [int(v) for v in rng.choice(np.arange(2, 9), count, replace=False)]


def _bptt_args(rng, batch_size: int, num_steps: int, input_dim: int, units: int, k: int,
               last_only: bool = False) -> tuple:
    """``(dh_seq, x, h0, kernel, recurrent_kernel, bias, k)``; weights of scale 0.5 keep
    tanh away from saturation, so that every mistake changes the numbers."""
    dh_seq = rng.normal(size=(batch_size, num_steps, units))
    if last_only:
        dh_seq[:, :-1] = 0.0
    return (dh_seq, rng.normal(size=(batch_size, num_steps, input_dim)),
            rng.uniform(-1, 1, size=(batch_size, units)),
            rng.normal(scale=0.5, size=(input_dim, units)),
            rng.normal(scale=0.5, size=(units, units)), rng.normal(scale=0.5, size=units),
            int(k))


def _each_gradient(args: tuple, which=range(len(BPTT_GRADIENTS)), note: str = "") -> list:
    return [Case((index, *args), note=note) for index in which]


def _random_shapes(rng, which) -> list[Case]:
    # the first case has input_dim == units: there a transposed kernel runs without an
    # error, so its hint names the mistake
    batch_size, num_steps, units = _sizes(rng, 3)
    square = _bptt_args(rng, batch_size, num_steps + 3, units, units, k=2)
    other_batch, input_dim, other_units = _sizes(rng, 3)
    other = _bptt_args(rng, other_batch, num_steps + 4, input_dim, other_units, k=3)
    return (_each_gradient(square, which, " (input_dim = units, k = 2)")
            + _each_gradient(other, which, " (k = 3)"))


def _window_cases(rng) -> list[Case]:
    """k = 1 (nothing crosses a step), k = 2 and 3 on 6 to 8 steps, a loss on the last step
    only (it reaches exactly the last k steps)."""
    return [*_each_gradient(_bptt_args(rng, 2, 6, 3, 4, k=1), note=" (k = 1)"),
            *_each_gradient(_bptt_args(rng, 3, 7, 2, 4, k=2), note=" (k = 2)"),
            *_each_gradient(_bptt_args(rng, 2, 8, 3, 3, k=3, last_only=True),
                            note=" (k = 3, a loss on the last state only)")]


def _edge_cases(rng) -> list[Case]:
    return [*_each_gradient(_bptt_args(rng, 1, 5, 3, 4, k=2), note=" (one example)"),
            *_each_gradient(_bptt_args(rng, 3, 1, 2, 4, k=1), note=" (a single step)"),
            *_each_gradient(_bptt_args(rng, 2, 6, 3, 1, k=4), note=" (one unit)"),
            *_each_gradient(_bptt_args(rng, 2, 4, 3, 4, k=4),
                            note=" (k = num_steps: the window reaches h0)")]


def _full_cases(rng) -> list[Case]:
    """k at least num_steps: truncation cuts nothing, so the true gradient."""
    return [*_each_gradient(_bptt_args(rng, 2, 3, 2, 3, k=3)),
            *_each_gradient(_bptt_args(rng, 1, 4, 3, 2, k=10))]


def _backward(dh_seq, x, h0, kernel, recurrent_kernel, bias, truncate=None, /,
              **cache_changes) -> dict:
    """The reference's gradients, truncated to windows of ``truncate`` steps, computed from
    a cache with ``cache_changes`` (what a mistaken backward pass uses in place of the
    right quantity)."""
    _, cache = _rnn.rnn_forward(x, h0, kernel, recurrent_kernel, bias)
    return _bptt.rnn_backward(dh_seq, replace(cache, **cache_changes), truncate)


def _windows(dh_seq, x, h0, kernel, recurrent_kernel, bias, first_of) -> dict:
    """Gradients when the loss at step s reaches back to step ``first_of(s, T)`` (``None``:
    that loss is dropped): a mistaken window, summed over the losses of every step."""
    num_steps = dh_seq.shape[1]
    total = None
    for s in range(num_steps):
        first = first_of(s, num_steps)
        if first is None:
            continue
        one = np.zeros_like(dh_seq)
        one[:, s] = dh_seq[:, s]
        grads = _backward(one, x, h0, kernel, recurrent_kernel, bias, s - first + 1)
        total = grads if total is None else {k: total[k] + v for k, v in grads.items()}
    return total if total is not None else {k: 0 * v for k, v in _backward(
        dh_seq, x, h0, kernel, recurrent_kernel, bias).items()}


def _carried_past_windows(dh_seq, x, h0, kernel, recurrent_kernel, bias, k) -> np.ndarray:
    """A mistaken ``dh0``: every loss's gradient as it leaves its window (at the state
    before the window's first step), added up as if each reached h0."""
    h_seq = _rnn.rnn_forward(x, h0, kernel, recurrent_kernel, bias)[0]
    total = np.zeros_like(h0, dtype=float)
    for s in range(dh_seq.shape[1]):
        first = max(0, s - k + 1)
        start = h0 if first == 0 else h_seq[:, first - 1]
        one = np.zeros((len(x), s - first + 1, dh_seq.shape[2]))
        one[:, -1] = dh_seq[:, s]
        total += _backward(one, x[:, first:s + 1], start, kernel, recurrent_kernel,
                           bias)["dh0"]
    return total


def _dz(*args) -> np.ndarray:
    """``dL/dz_t`` of every step, ``(batch_size, num_steps, units)``: since
    ``dx = dz @ kernel.T``, it is the reference's ``dx`` with the identity as kernel."""
    units = len(args[4])
    return _backward(*args, kernel=np.eye(units))["dx"]


def _picked(mistaken):
    """A mistake written as a whole dict of gradients, as the grader sees it: one entry."""
    return lambda which, *args: mistaken(*args)[BPTT_GRADIENTS[which]]


def _changed(**changes):
    """A mistake that gets some gradients wrong and the others right."""
    def mistaken(*args):
        gradients = _backward(*args)
        return gradients | {name: change(gradients, *args) for name, change in changes.items()}
    return _picked(mistaken)


def _gradient(which, *args) -> np.ndarray:
    return _backward(*args)[BPTT_GRADIENTS[which]]


def _finite_difference(which, dh_seq, x, h0, kernel, recurrent_kernel, bias, k) -> np.ndarray:
    """The gradient of ``L = sum(dh_seq * h_seq)`` with respect to the forward pass's
    argument ``which`` (x, h0, kernel, recurrent_kernel or bias), by central differences
    (what truncation with ``k >= num_steps`` must give)."""
    point = [x, h0, kernel, recurrent_kernel, bias]

    def loss(value):
        changed = point[:which] + [value] + point[which + 1:]
        return np.sum(dh_seq * _rnn.rnn_forward(*changed)[0])

    return _bptt.numerical_gradient(loss, point[which])


def _describe_bptt(which, dh_seq, x, h0, kernel, recurrent_kernel, bias, k) -> str:
    batch_size, num_steps, input_dim = x.shape
    return (f"{BPTT_GRADIENTS[which]}, batch_size={batch_size}, num_steps={num_steps}, "
            f"input_dim={input_dim}, units={kernel.shape[1]}, k={k}")


BY_NAME = "bptt_gradient"  # the probe's driver: one gradient of the dict per case
SHAPES_TEXT = ("dx (batch_size, num_steps, input_dim), dh0 (batch_size, units), dkernel "
               "(input_dim, units), drecurrent_kernel (units, units), dbias (units,)")
MISMATCH = ("a product of mismatched shapes: every gradient has the shape of what it "
            "differentiates. In the Keras layout dx_t = dz_t @ kernel.T, dh_(t-1) gets "
            "dz_t @ recurrent_kernel.T, dkernel += x_t.T @ dz_t, drecurrent_kernel += "
            "h_(t-1).T @ dz_t")

BACKWARD = Question(
    name="rnn_backward_truncated", title="Backpropagate through time, truncated to k steps",
    reference=_gradient, describe=_describe_bptt,
    args=("which", "dh_seq", "x", "h0", "kernel", "recurrent_kernel", "bias", "k"),
    properties=(
        Property(f"shapes: {SHAPES_TEXT}", 1,
                 lambda rng: [c for _ in range(2) for c in _each_gradient(
                     _bptt_args(rng, *_sizes(rng, 4), k=2))], mode="shape", driver=BY_NAME),
        Property("every gradient on random shapes, k = 2 and 3", 2,
                 lambda rng: _random_shapes(rng, range(len(BPTT_GRADIENTS))), driver=BY_NAME),
        Property("the window: each loss reaches exactly k steps back (k = 1, 2, 3; a loss on "
                 "the last step only)", 2, _window_cases, driver=BY_NAME),
        Property("edge cases (one example, one step, one unit, k = num_steps reaching h0)",
                 1, _edge_cases, driver=BY_NAME),
        Property("k >= num_steps cuts nothing: finite differences of L = sum(dh_seq * h_seq) "
                 "agree", 1, _full_cases, driver=BY_NAME, reference=_finite_difference)),
    mistakes={
        "k is ignored: that is full BPTT. The gradient that enters at h_s may flow back "
        "through k steps only, to z_s, ..., z_(s-k+1)":
            _picked(lambda *args: _backward(*args[:6])),
        "one step too far: the loss at step s reaches z_s, ..., z_(s-k+1), k steps counting "
        "its own": _picked(lambda *args: _backward(*args[:6], args[6] + 1)),
        "one step short: the loss at step s reaches z_s, ..., z_(s-k+1), k steps counting "
        "its own": _picked(lambda *args: _backward(*args[:6], args[6] - 1)),
        "the window belongs to EACH loss step, not to the sequence: a loss at step s reaches "
        "back k steps from s, however early s is. (One cut at step T - k is the chunked "
        "variant, which is a different algorithm.)": _picked(lambda *args: _windows(
            *args[:6], lambda s, T, k=args[6]: T - k if s >= T - k else 0)),
        "every loss counts, not only those of the last k steps: the loss at step s reaches "
        "back k steps from s": _picked(lambda *args: _windows(
            *args[:6], lambda s, T, k=args[6]: T - k if s >= T - k else None)),
        "the tanh' factor is missing: dz_t = dh_t * (1 - h_t**2), not dz_t = dh_t":
            _picked(lambda *args: _backward(*args, activation="linear")),
        "transposed recurrent kernel on the way back: dh_(t-1) gets dz_t @ "
        "recurrent_kernel.T (the forward pass multiplied by recurrent_kernel)":
            _picked(lambda *args: _backward(*args, recurrent_kernel=args[4].T)),
        "transposed kernel on the way back: dx_t = dz_t @ kernel.T, shape "
        "(batch_size, input_dim)": _picked(lambda *args: _backward(*args, kernel=args[3].T)),
        "drecurrent_kernel pairs dz_t with the state that ENTERED step t, h_(t-1) (h0 at "
        "the first step), not with h_t": _changed(drecurrent_kernel=lambda g, *args: np.einsum(
            "btu,btv->uv", _rnn.rnn_forward(*args[1:6])[0], _dz(*args))),
        "dx[:, t] belongs to step t: the loop runs backwards, so put each step's dx_t at "
        "its own index (or reverse the list you collected)":
            _changed(dx=lambda g, *args: g["dx"][:, ::-1]),
        "dh0 gets a gradient only from the losses whose window reaches back to step 1, those "
        "at steps 1 .. k; what a shorter window carries past its first step is dropped":
            _changed(dh0=lambda g, *args: _carried_past_windows(*args)),
    },
    errors={
        r"KeyError|not subscriptable|indices must be integers":
            "return a dict of the five gradients under the keys 'dx', 'dh0', 'dkernel', "
            "'drecurrent_kernel' and 'dbias'",
        r"matmul|not aligned|could not be broadcast": MISMATCH,
    },
)

# --- 5.2 clipping by global norm --------------------------------------------------------

NORM = -1  # ``which`` of the global norm; 0, 1, ... pick an array of the clipped list
BY_PART = "clipped_gradient"  # the probe's driver: one part of the answer per case


def _clip_case(grads: list, max_norm: float, note: str = "") -> list[Case]:
    return [Case((which, float(max_norm), *grads), note=note)
            for which in (*range(len(grads)), NORM)]


def _random_grads(rng, norm_ratio: float) -> tuple[list, float]:
    """2 to 4 arrays of different shapes (one of them 3-D) whose global norm is
    ``norm_ratio`` times ``max_norm``."""
    shapes = [(3, 4), (4, 4), (4,), (2, 3, 2)]
    chosen = rng.permutation(len(shapes))[: int(rng.integers(2, 5))]
    grads = [rng.normal(size=shapes[i]) for i in chosen]
    max_norm = float(rng.uniform(0.5, 5.0))
    scale = norm_ratio * max_norm / np.sqrt(sum(np.sum(g**2) for g in grads))
    return [g * scale for g in grads], max_norm


def _large(rng) -> list[Case]:
    fixed = [rng.normal(size=(3, 4)), 3 * rng.normal(size=(4,)), rng.normal(size=(2, 5, 2))]
    return [*_clip_case(fixed, 1.0, " (three arrays)"),
            *_clip_case(*_random_grads(rng, float(rng.uniform(2, 10))))]


def _small(rng) -> list[Case]:
    return [*_clip_case(*_random_grads(rng, 0.5), " (global norm half of max_norm)"),
            *_clip_case(*_random_grads(rng, 0.9), " (global norm 0.9 max_norm)")]


def _zeros(rng) -> list[Case]:
    return [*_clip_case([np.zeros((3, 4)), np.zeros(4)], 1.0, " (all zeros)"),
            *_clip_case([np.zeros((2, 2)), 10 * rng.normal(size=(3,))], 1.0,
                        " (one array of zeros)")]


def _clip_part(which, clipped, global_norm):
    return global_norm if which == NORM else clipped[which]


def _clipped(which, max_norm, *grads):
    return _clip_part(which, *_bptt.clip_by_global_norm(list(grads), max_norm))


def _global_norm(grads) -> float:
    return float(np.sqrt(sum(np.sum(g**2) for g in grads)))


def _scaled(which, grads, scale, global_norm):
    return _clip_part(which, [g * scale for g in grads], global_norm)


def _direction_times_length(which, max_norm, *grads):
    """``g / global_norm * min(global_norm, max_norm)``: right, except 0 / 0 = NaN for a
    zero gradient."""
    norm = _global_norm(grads)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _scaled(which, [g / norm for g in grads], min(norm, max_norm), norm)


def _describe_clip(which, max_norm, *grads) -> str:
    part = "global_norm" if which == NORM else f"clipped[{which}]"
    shapes = ", ".join(str(g.shape) for g in grads)
    return f"{part}, grads of shapes {shapes}, max_norm={max_norm:.3g}"


DIVIDED_BY_ZERO = ("a zero gradient has global norm 0: return it as it is (zeros), never "
                   "divide by the global norm when it is 0, e.g. scale = max_norm / "
                   "max(global_norm, max_norm)")

CLIP = Question(
    name="clip_by_global_norm", title="Clip gradients by their global norm",
    reference=_clipped, describe=_describe_clip,
    properties=(
        Property("several arrays of different shapes above max_norm: one factor for all, "
                 "and the global norm before clipping", 1, _large, driver=BY_PART),
        Property("gradients already within max_norm come back unchanged", 1, _small,
                 driver=BY_PART),
        Property("a zero gradient comes back as zeros (no NaN), global norm 0", 1, _zeros,
                 driver=BY_PART)),
    mistakes={
        "each array was clipped by its own norm: compute ONE global norm, sqrt of the sum "
        "of every array's squared entries, and scale every array by the same factor":
            lambda which, c, *grads: _clip_part(
                which, [_bptt.clip_by_norm(g, c) for g in grads], _global_norm(grads)),
        "that is clipping by value (np.clip): clipping by global norm rescales every array "
        "by the same factor, which keeps the direction":
            lambda which, c, *grads: _clip_part(
                which, [np.clip(g, -c, c) for g in grads], _global_norm(grads)),
        "the global norm is sqrt(sum of ||g_i||^2) over the arrays, not the sum of their "
        "norms": lambda which, c, *grads: (lambda norm: _scaled(
            which, grads, c / max(norm, c), norm))(sum(np.linalg.norm(g) for g in grads)),
        "the global norm is the square root of the sum of squares: the sqrt is missing":
            lambda which, c, *grads: (lambda norm: _scaled(which, grads, c / max(norm, c),
                                                           norm))(_global_norm(grads) ** 2),
        DIVIDED_BY_ZERO: _direction_times_length,
        "only shrink: gradients whose global norm is at most max_norm come back "
        "unchanged (the factor is max_norm / max(global_norm, max_norm), never above 1)":
            lambda which, c, *grads: (lambda norm: _scaled(which, grads, c / norm, norm))(
                _global_norm(grads)),
        "return the global norm BEFORE clipping, as tf.clip_by_global_norm does":
            lambda which, c, *grads: (lambda norm: _scaled(
                which, grads, c / max(norm, c), min(norm, c)))(_global_norm(grads)),
    },
    errors={
        r"ZeroDivisionError|division by zero": DIVIDED_BY_ZERO,
        r"values to unpack|cannot unpack|expected a pair":
            "return two things, the list of clipped arrays and the global norm before "
            "clipping: return clipped, global_norm",
        r"could not be broadcast":
            "the arrays have different shapes: add up each array's sum of squares "
            "(np.sum(g ** 2)) instead of adding the arrays together",
    },
)

# --- 5.3 how the gradient norm scales with distance --------------------------------------

MAX_STEPS = 30  # the longest num_steps of a case; entry d of the answer is distance d


def _norms(recurrent_kernel, num_steps) -> np.ndarray:
    """``||dh_T / dh_(T-d)||_2`` for ``d = 0 .. num_steps`` of a linear cell: its inputs
    and bias do not matter, so zeros."""
    units = len(recurrent_kernel)
    return _bptt.jacobian_norms(np.zeros((1, int(num_steps), 1)), None, np.zeros((1, units)),
                                recurrent_kernel, np.zeros(units), "linear")[0]


def _with_radius(rng, units: int, radius: float) -> np.ndarray:
    """A random (not symmetric, not normal) matrix scaled to spectral radius ``radius``."""
    matrix = rng.normal(size=(units, units))
    return matrix * radius / np.abs(np.linalg.eigvals(matrix)).max()


def _transient(rng, units: int) -> np.ndarray:
    """Spectral radius 0.5 but a norm above 2: a triangular matrix, hidden by a rotation,
    whose powers grow before they shrink. (Kept to few steps: the powers of a matrix
    this far from normal lose precision fast.)"""
    triangular = 0.5 * np.eye(units) + np.triu(rng.uniform(1.5, 2.0, (units, units)), 1)
    rotation, _ = np.linalg.qr(rng.normal(size=(units, units)))
    return rotation @ triangular @ rotation.T


def _radius_cases(rng) -> list[Case]:
    return [Case((_with_radius(rng, int(rng.integers(3, 7)), radius), MAX_STEPS), note=note)
            for radius, note in ((0.8, " (spectral radius below 1)"),
                                 (1.0, " (spectral radius 1)"),
                                 (1.2, " (spectral radius above 1)"))]


def _edge_norm_cases(rng) -> list[Case]:
    return [Case((_transient(rng, 3), 8), note=" (the norm grows before it shrinks)"),
            Case((np.array([[-float(rng.uniform(0.6, 0.95))]]), 12),
                 note=" (one unit, a negative weight)"),
            Case((_with_radius(rng, 4, 0.9), 1), note=" (a single step)")]


def _powers(recurrent_kernel, num_steps, first: int = 0) -> list[np.ndarray]:
    return [np.linalg.matrix_power(recurrent_kernel, d)
            for d in range(first, first + int(num_steps) + 1)]


def _radius(recurrent_kernel) -> float:
    return float(np.abs(np.linalg.eigvals(recurrent_kernel)).max())


GRADIENT_NORMS = Question(
    name="gradient_norms", title="Measure how the gradient norm scales with distance",
    reference=_norms, hide_expected=True,
    parts=tuple(f"distance {d}" for d in range(MAX_STEPS + 1)),
    describe=lambda w, n: f"recurrent_kernel of shape {w.shape}, num_steps={n}",
    properties=(
        shape("shape (num_steps + 1,): distances 0 .. num_steps", 1,
              lambda rng: [Case((_with_radius(rng, 3, 0.9), int(n))) for n in (5, 11)]),
        Property("random matrices with spectral radius below, at and above 1", 2,
                 _radius_cases),
        Property("edge cases (a norm that grows before it shrinks, one unit, one step)", 1,
                 _edge_norm_cases)),
    mistakes={
        "return num_steps + 1 numbers, distances 0 .. num_steps: at distance 0 the product "
        "has no factor, dh_T/dh_T is the identity, norm 1":
            lambda w, n: _norms(w, n)[1:],
        "off by one: at distance d the product has d factors (none at distance 0: the "
        "identity, norm 1)": lambda w, n: np.array(
            [np.linalg.norm(p, 2) for p in _powers(w, n, first=1)]),
        "entry d is distance d: the first entry is distance 0 (the identity), the last "
        "one distance num_steps": lambda w, n: _norms(w, n)[::-1],
        "np.linalg.norm(A) is the Frobenius norm of all the entries; the gradient norm "
        "here is the spectral norm np.linalg.norm(A, 2), the largest singular value":
            lambda w, n: np.array([np.linalg.norm(p) for p in _powers(w, n)]),
        "rho**d, the spectral radius to the power d, is only the long-run rate "
        "(||W^d||^(1/d) tends to rho): compute the norm of the product W^d itself":
            lambda w, n: _radius(w) ** np.arange(int(n) + 1),
        "||W||**d is only an upper bound (each factor stretches by at most ||W||, but not "
        "every factor in the same direction): compute the norm of the product W^d itself":
            lambda w, n: np.linalg.norm(w, 2) ** np.arange(int(n) + 1),
    },
    rtol=1e-6, atol=0.0,
)

SET = ExerciseSet(chapter=5, title="Backpropagate through time and tame the gradients",
                  questions=(BACKWARD, CLIP, GRADIENT_NORMS))
