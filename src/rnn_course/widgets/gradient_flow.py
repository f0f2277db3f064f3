"""Live demo of chapter 6: the gradient-flow explorer. Taught in chapter 6.

A simple RNN with ``units`` hidden units reads ``num_steps`` seeded random inputs; the
demo draws ``||dh_T / dh_{T-d}||_2`` against the distance ``d`` on a log scale
(:func:`rnn_course.reference.bptt.jacobian_norms`). The recurrent kernel is a seeded
random orthogonal matrix times ``weight_scale``: every eigenvalue of an orthogonal matrix
has modulus 1, so ``weight_scale`` is the recurrent kernel's spectral radius, and also its
largest singular value, which makes ``weight_scale**d`` the most a linear network can
stretch a gradient over ``d`` steps (the dashed line). The forward pass and the Jacobian
products run in the browser (``js/gradient_flow.js``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import traitlets

from rnn_course.reference import random_orthogonal
from rnn_course.reference.bptt import jacobian_norms
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.controls import dropdown, slider

ACTIVATIONS = {"tanh": "tanh", "relu": "ReLU", "linear": "linear"}  # name -> label
UNITS = 16
INPUT_DIM = 4
MAX_STEPS = 100


@lru_cache(maxsize=None)
def explorer_data(units: int = UNITS, seed: int = 0) -> tuple[np.ndarray, ...]:
    """The seeded ``(orthogonal, kernel, x)``: recurrent directions ``(units, units)``,
    input kernel ``(INPUT_DIM, units)`` scaled by ``1/sqrt(INPUT_DIM)``, and inputs
    ``(MAX_STEPS, INPUT_DIM)`` drawn from a standard normal."""
    rng = np.random.default_rng(seed)
    orthogonal = random_orthogonal(rng, units)
    kernel = rng.normal(size=(INPUT_DIM, units)) / np.sqrt(INPUT_DIM)
    x = rng.normal(size=(MAX_STEPS, INPUT_DIM))
    return orthogonal, kernel, x


def gradient_norms(weight_scale: float, activation: str, num_steps: int,
                   units: int = UNITS, seed: int = 0) -> np.ndarray:
    """``||dh_T / dh_{T-d}||_2`` for ``d = 0 .. num_steps``, shape ``(num_steps + 1,)``."""
    if not 1 <= num_steps <= MAX_STEPS:
        raise ValueError(f"num_steps must lie in [1, {MAX_STEPS}], got {num_steps}")
    orthogonal, kernel, x = explorer_data(units, seed)
    return jacobian_norms(x[None, :num_steps], None, kernel, weight_scale * orthogonal,
                          np.zeros(units), activation)[0]


class GradientFlowExplorer(LiveDemo):
    """Weight scale, activation and length -> gradient norm against distance (log scale).

    Args:
        weight_scale: spectral radius of the recurrent kernel (0.5 to 3).
        activation: one of :data:`ACTIVATIONS`.
        num_steps: sequence length ``T``, 5 to :data:`MAX_STEPS`.
        units: number of hidden units.
        seed: seed of the weights and inputs.
    """

    _module = "gradient_flow.js"
    parity_cases = (
        {"weight_scale": 1.0, "activation": "tanh", "num_steps": 60},
        {"weight_scale": 3.0, "activation": "tanh", "num_steps": 100},
        {"weight_scale": 0.5, "activation": "relu", "num_steps": 40},
        {"weight_scale": 1.2, "activation": "relu", "num_steps": 30},
        {"weight_scale": 0.9, "activation": "linear", "num_steps": 25},
        {"weight_scale": 1.1, "activation": "linear", "num_steps": 5, "units": 3, "seed": 4},
    )

    weight_scale = slider(1.0, 0.5, 3.0, step=0.05, digits=2,
                          label="weight scale (spectral radius)")
    activation = dropdown("tanh", ACTIVATIONS, label="activation")
    num_steps = slider(60, 5, MAX_STEPS, step=5, label="steps")
    orthogonal = traitlets.List().tag(sync=True)
    kernel = traitlets.List().tag(sync=True)
    x = traitlets.List().tag(sync=True)

    def __init__(self, weight_scale: float = 1.0, activation: str = "tanh",
                 num_steps: int = 60, units: int = UNITS, seed: int = 0) -> None:
        orthogonal, kernel, x = explorer_data(units, seed)
        self.seed = seed
        super().__init__(weight_scale=weight_scale, activation=activation,
                         num_steps=num_steps, orthogonal=orthogonal.tolist(),
                         kernel=kernel.tolist(), x=x.tolist())

    def reference(self) -> dict[str, np.ndarray]:
        """``distance (num_steps + 1,)`` and ``norm (num_steps + 1,)``, computed with NumPy."""
        norms = gradient_norms(self.weight_scale, self.activation, self.num_steps,
                               units=len(self.orthogonal), seed=self.seed)
        return {"distance": np.arange(self.num_steps + 1), "norm": norms}

