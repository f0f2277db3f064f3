"""Figure of chapter 4: the hidden state of a simple RNN over time (hidden-state explorer).

Taught in chapter 4. A tanh cell with ``units`` hidden units reads a one-feature input
sequence; its states ``h_t`` (computed with :func:`rnn_course.reference.rnn_forward`) are
drawn as a heatmap, one row per unit and one column per step. The weights are drawn once
from a seed: the kernel ``(1, units)`` from a standard normal, the recurrent kernel
``(units, units)`` as a random orthogonal matrix (Keras' default initialiser for it)
multiplied by ``weight_scale``, the bias zero. Because an orthogonal matrix keeps a
vector's length, ``weight_scale`` is the factor by which the recurrent kernel stretches
the state at every step: below 1 the state fades, above 1 it grows until tanh saturates.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from rnn_course.plotting import add_background, render_rgba
from rnn_course.reference import rnn_forward

INPUT_PATTERNS = ("impulse", "constant", "sine", "noise")
UNITS = 16
MAX_STEPS = 100
SINE_PERIOD = 12
FIGSIZE = (7.0, 3.8)
# (left, bottom, width, height) of the panels, as fractions of the figure.
INPUT_RECT = (0.08, 0.74, 0.78, 0.17)
STATE_RECT = (0.08, 0.13, 0.78, 0.56)
COLORBAR_RECT = (0.88, 0.13, 0.02, 0.78)


@lru_cache(maxsize=None)
def _base_weights(units: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The seeded kernel ``(1, units)`` and orthogonal recurrent kernel ``(units, units)``."""
    rng = np.random.default_rng(seed)
    kernel = rng.normal(size=(1, units))
    q, r = np.linalg.qr(rng.normal(size=(units, units)))
    return kernel, q * np.sign(np.diag(r))  # the signs make the draw unique (Haar)


@lru_cache(maxsize=None)
def _noise(seed: int) -> np.ndarray:
    # One draw at the longest length, so a longer sequence extends the same noise.
    return np.random.default_rng(seed + 1).normal(size=MAX_STEPS)


def input_sequence(input_pattern: str, num_steps: int, seed: int = 0) -> np.ndarray:
    """The explorer's one-feature input, shape ``(num_steps,)``.

    ``"impulse"``: 1 at the first step, then 0 (how long is it remembered?);
    ``"constant"``: 1 at every step; ``"sine"``: a sine wave of period 12 steps;
    ``"noise"``: seeded standard normal values.
    """
    if not 1 <= num_steps <= MAX_STEPS:
        raise ValueError(f"num_steps must lie in [1, {MAX_STEPS}], got {num_steps}")
    steps = np.arange(num_steps)
    if input_pattern == "impulse":
        return (steps == 0).astype(float)
    if input_pattern == "constant":
        return np.ones(num_steps)
    if input_pattern == "sine":
        return np.sin(2 * np.pi * steps / SINE_PERIOD)
    if input_pattern == "noise":
        return _noise(seed)[:num_steps]
    raise ValueError(f"input_pattern must be one of {INPUT_PATTERNS}, got {input_pattern!r}")


def explorer_weights(weight_scale: float, units: int = UNITS,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The explorer cell's ``(kernel, recurrent_kernel, bias)`` in the Keras layout.

    Shapes ``(1, units)``, ``(units, units)`` and ``(units,)``; the recurrent kernel is the
    seeded orthogonal matrix times ``weight_scale``, the bias is zero.
    """
    kernel, orthogonal = _base_weights(units, seed)
    return kernel, weight_scale * orthogonal, np.zeros(units)


def hidden_states(weight_scale: float, input_pattern: str, num_steps: int,
                  units: int = UNITS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Run the explorer's tanh cell from a zero state.

    Returns:
        ``(x, h_seq)``: the input ``(num_steps,)`` and the states ``(num_steps, units)``
        (the batch of one sequence and its single feature are squeezed out).
    """
    x = input_sequence(input_pattern, num_steps, seed)
    weights = explorer_weights(weight_scale, units, seed)
    h_seq, _ = rnn_forward(x[None, :, None], None, *weights)  # one sequence, one feature
    return x, h_seq[0]


def _limits(x: np.ndarray, num_steps: int, units: int) -> dict:
    """Axis limits shared by the cached frame and the data drawn over it."""
    low, high = min(x.min(), 0.0), max(x.max(), 1.0)
    pad = 0.1 * (high - low)
    return {"input": ((-0.5, num_steps - 0.5), (low - pad, high + pad)),
            "state": ((-0.5, num_steps - 0.5), (units - 0.5, -0.5))}


@lru_cache(maxsize=64)
def _frame(input_pattern: str, num_steps: int, units: int, seed: int,
           figsize: tuple[float, float], dpi: float) -> np.ndarray:
    """RGBA pixels of the axes, labels and colour bar, which do not depend on the weights:
    an update draws only the curve, the heatmap and the title over them."""
    limits = _limits(input_sequence(input_pattern, num_steps, seed), num_steps, units)

    def draw(fig: Figure) -> None:
        input_ax = fig.add_axes(INPUT_RECT)
        input_ax.set(xlim=limits["input"][0], ylim=limits["input"][1], ylabel="$x_t$")
        input_ax.tick_params(labelbottom=False)
        state_ax = fig.add_axes(STATE_RECT)
        state_ax.set(xlim=limits["state"][0], ylim=limits["state"][1],
                     xlabel="step $t$", ylabel="hidden unit", yticks=np.arange(0, units, 5))
        colors = ScalarMappable(Normalize(-1, 1), cmap="RdBu_r")
        fig.colorbar(colors, cax=fig.add_axes(COLORBAR_RECT), label="$h_t$",
                     ticks=[-1, -0.5, 0, 0.5, 1])

    return render_rgba(draw, figsize, dpi)


def _data_axes(fig: Figure, rect, xlim, ylim):
    ax = fig.add_axes(rect, xlim=xlim, ylim=ylim)
    ax.set_axis_off()
    return ax


def draw_hidden_state(fig: Figure, weight_scale: float = 0.9,
                      input_pattern: str = "impulse", num_steps: int = 40,
                      units: int = UNITS, seed: int = 0) -> None:
    """The input over time (top) and a heatmap of ``h_t``, units x steps (bottom).

    Args:
        fig: an empty figure to draw on.
        weight_scale: factor applied to the orthogonal recurrent kernel.
        input_pattern: one of :data:`INPUT_PATTERNS`.
        num_steps: length of the sequence, 1 to :data:`MAX_STEPS`.
        units: number of hidden units (rows of the heatmap).
        seed: seed of the weights and of the noise input.

    Fixed panel positions (no constrained layout) let the axes, labels and colour bar be
    rendered once per input and length (:func:`_frame`); only the data is drawn here.
    """
    x, h_seq = hidden_states(weight_scale, input_pattern, num_steps, units, seed)
    add_background(fig, _frame(input_pattern, num_steps, units, seed,
                               tuple(fig.get_size_inches()), fig.dpi))
    limits = _limits(x, num_steps, units)
    input_ax = _data_axes(fig, INPUT_RECT, *limits["input"])
    input_ax.plot(np.arange(num_steps), x, color="C0")
    state_ax = _data_axes(fig, STATE_RECT, *limits["state"])
    state_ax.imshow(h_seq.T, aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1,
                    interpolation="nearest",
                    extent=(-0.5, num_steps - 0.5, units - 0.5, -0.5))
    fig.text(INPUT_RECT[0] + INPUT_RECT[2] / 2, INPUT_RECT[1] + INPUT_RECT[3] + 0.02,
             f"input: {input_pattern} | weight scale {weight_scale:.2f} | "
             f"largest $|h_t|$ at the last step: {np.abs(h_seq[-1]).max():.2f}",
             ha="center", va="bottom", fontsize=plt.rcParams["axes.titlesize"])


def plot_hidden_state(weight_scale: float = 0.9, input_pattern: str = "impulse",
                      num_steps: int = 40) -> Figure:
    """A new figure drawn by :func:`draw_hidden_state` (the demo's default view)."""
    fig = plt.figure(figsize=FIGSIZE)
    draw_hidden_state(fig, weight_scale=weight_scale, input_pattern=input_pattern,
                      num_steps=num_steps)
    return fig
