"""Live demo of chapter 4: the hidden-state explorer. Taught in chapter 4.

A tanh cell with ``units`` hidden units reads a one-feature input sequence from a zero
state; the demo shows its states ``h_t`` as a heatmap, one row per unit and one column per
step. The weights are drawn once from a seed: the kernel ``(1, units)`` from a standard
normal, the recurrent kernel ``(units, units)`` as a random orthogonal matrix (Keras'
default initialiser for it) multiplied by ``weight_scale``, the bias zero. An orthogonal
matrix keeps a vector's length, so ``weight_scale`` is the factor by which the recurrent
kernel stretches the state at every step: below 1 the state fades, above 1 it grows until
tanh saturates. The forward pass runs in the browser (``js/hidden_state.js``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import traitlets

from rnn_course.reference import random_orthogonal, rnn_forward
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.controls import dropdown, slider

INPUT_PATTERNS = ("impulse", "constant", "sine", "noise")
UNITS = 16
MAX_STEPS = 100
SINE_PERIOD = 12


@lru_cache(maxsize=None)
def _base_weights(units: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The seeded kernel ``(1, units)`` and orthogonal recurrent kernel ``(units, units)``."""
    rng = np.random.default_rng(seed)
    kernel = rng.normal(size=(1, units))
    return kernel, random_orthogonal(rng, units)


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


class HiddenStateExplorer(LiveDemo):
    """Weight scale, input pattern and length -> heatmap of ``h_t`` (units x steps).

    Args:
        weight_scale: factor applied to the orthogonal recurrent kernel (0 to 3).
        input_pattern: one of :data:`INPUT_PATTERNS`.
        num_steps: length of the sequence, 5 to :data:`MAX_STEPS`.
        units: number of hidden units (rows of the heatmap).
        seed: seed of the weights and of the noise input.
    """

    _module = "hidden_state.js"
    parity_cases = (
        {"weight_scale": 0.9, "input_pattern": "impulse", "num_steps": 40},
        {"weight_scale": 3.0, "input_pattern": "constant", "num_steps": 100},
        {"weight_scale": 1.3, "input_pattern": "sine", "num_steps": 25},
        {"weight_scale": 0.0, "input_pattern": "noise", "num_steps": 5},
        {"weight_scale": 2.2, "input_pattern": "noise", "num_steps": 60, "units": 3, "seed": 7},
    )

    weight_scale = slider(0.9, 0.0, 3.0, step=0.05, digits=2, label="weight scale")
    input_pattern = dropdown("impulse", {p: p for p in INPUT_PATTERNS}, label="input")
    num_steps = slider(40, 5, MAX_STEPS, step=5, label="steps")
    sine_period = traitlets.Int(SINE_PERIOD).tag(sync=True)
    kernel = traitlets.List().tag(sync=True)
    orthogonal = traitlets.List().tag(sync=True)
    noise = traitlets.List().tag(sync=True)

    def __init__(self, weight_scale: float = 0.9, input_pattern: str = "impulse",
                 num_steps: int = 40, units: int = UNITS, seed: int = 0) -> None:
        input_sequence(input_pattern, num_steps)  # refuses bad values before any drawing
        kernel, orthogonal = _base_weights(units, seed)
        self.seed = seed
        super().__init__(weight_scale=weight_scale, input_pattern=input_pattern,
                         num_steps=num_steps, kernel=kernel.tolist(),
                         orthogonal=orthogonal.tolist(), noise=_noise(seed).tolist())

    def reference(self) -> dict[str, np.ndarray]:
        """``x (num_steps,)`` and ``h (num_steps, units)``, computed with NumPy."""
        x, h_seq = hidden_states(self.weight_scale, self.input_pattern, self.num_steps,
                                 units=len(self.kernel[0]), seed=self.seed)
        return {"x": x, "h": h_seq}

