"""Live demo of chapter 5: what backpropagation through time sends back, step by step.

A simple RNN (the seeded weights and inputs of chapter 6's gradient-flow explorer:
``rnn_course.widgets.gradient_flow.explorer_data``) reads ``num_steps`` inputs; a loss on
the last state sends back ``dL/dh_T``, a unit vector. The demo draws the norm of the
gradient that reaches every state, ``||dL/dh_t||``, on a log scale, shades the steps that
truncated BPTT with a window of ``window`` steps never reaches, and prints the share of
``dL/dW_hh`` (relative Frobenius norm) that the truncation throws away. The forward pass
and the backward pass run in the browser (``js/bptt.js``); :meth:`BPTTExplorer.reference`
computes the same with chapter 5's :func:`rnn_course.reference.rnn_backward`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import traitlets

from rnn_course.reference import rnn_backward, rnn_forward
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.controls import dropdown, slider
from rnn_course.widgets.gradient_flow import ACTIVATIONS, explorer_data

UNITS = 8
MAX_STEPS = 60


def bptt_reach(weight_scale: float, activation: str, num_steps: int, window: int,
               units: int = UNITS, seed: int = 0) -> dict[str, np.ndarray]:
    """``reach (num_steps,)``: ``||dL/dh_t||`` for a loss on ``h_T`` with ``dL/dh_T`` a unit
    vector; ``kept (num_steps,)``: the same inside the last ``window`` steps, 0 before;
    ``share``: ``||dW_hh(full) - dW_hh(truncated)||_F / ||dW_hh(full)||_F``."""
    if not 1 <= num_steps <= MAX_STEPS:
        raise ValueError(f"num_steps must lie in [1, {MAX_STEPS}], got {num_steps}")
    orthogonal, kernel, x = explorer_data(units, seed)
    recurrent = weight_scale * orthogonal
    _, cache = rnn_forward(x[None, :num_steps], None, kernel, recurrent, np.zeros(units),
                           activation)
    dh_seq = np.zeros((1, num_steps, units))
    dh_seq[0, -1] = 1 / np.sqrt(units)
    # One full backward pass with the identity as kernel gives dL/dz_t as its dx (dz @ I);
    # the kernel enters no other gradient, so its drecurrent_kernel is the real one.
    grads = rnn_backward(dh_seq, replace(cache, kernel=np.eye(units)))
    dz = grads["dx"][0]
    dh = np.vstack([dz[1:] @ recurrent.T, dh_seq[0, -1:]])        # dL/dh_t, (T, units)
    reach = np.linalg.norm(dh, axis=1)
    k = min(int(window), num_steps)
    kept = np.where(np.arange(num_steps) >= num_steps - k, reach, 0.0)
    full = grads["drecurrent_kernel"]
    truncated = rnn_backward(dh_seq, cache, truncate=k)["drecurrent_kernel"]
    size = np.linalg.norm(full)
    share = np.linalg.norm(full - truncated) / size if size > 0 else 0.0
    return {"reach": reach, "kept": kept, "share": np.float64(share)}


class BPTTExplorer(LiveDemo):
    """Length, weight scale, activation and truncation window -> ``||dL/dh_t||`` per step.

    Args:
        weight_scale: spectral radius of the recurrent kernel (a seeded orthogonal matrix
            times this factor), 0.5 to 2.
        activation: one of ``gradient_flow.ACTIVATIONS``.
        num_steps: sequence length ``T``, 5 to :data:`MAX_STEPS`.
        window: truncation window ``k`` (steps of BPTT kept), 1 to :data:`MAX_STEPS`
            (a window longer than the sequence cuts nothing).
        units: number of hidden units.
        seed: seed of the weights and inputs.
    """

    _module = "bptt.js"
    parity_cases = (
        {},
        {"weight_scale": 1.5, "activation": "tanh", "num_steps": 60, "window": 10},
        {"weight_scale": 0.7, "activation": "relu", "num_steps": 25, "window": 25},
        {"weight_scale": 1.1, "activation": "linear", "num_steps": 40, "window": 1},
        {"weight_scale": 2.0, "activation": "linear", "num_steps": 5, "window": 60, "units": 3,
         "seed": 4},
    )

    weight_scale = slider(1.0, 0.5, 2.0, step=0.05, digits=2,
                          label="weight scale (spectral radius)")
    activation = dropdown("tanh", ACTIVATIONS, label="activation")
    num_steps = slider(30, 5, MAX_STEPS, step=5, label="steps T")
    window = slider(10, 1, MAX_STEPS, label="truncation window k")
    orthogonal = traitlets.List().tag(sync=True)
    kernel = traitlets.List().tag(sync=True)
    x = traitlets.List().tag(sync=True)

    def __init__(self, weight_scale: float = 1.0, activation: str = "tanh",
                 num_steps: int = 30, window: int = 10, units: int = UNITS,
                 seed: int = 0) -> None:
        orthogonal, kernel, x = explorer_data(units, seed)
        self.seed = seed
        super().__init__(weight_scale=weight_scale, activation=activation,
                         num_steps=num_steps, window=window, orthogonal=orthogonal.tolist(),
                         kernel=kernel.tolist(), x=x[:MAX_STEPS].tolist())

    def reference(self) -> dict[str, np.ndarray]:
        """``reach``, ``kept`` (each ``(num_steps,)``) and ``share``, computed with NumPy."""
        return bptt_reach(self.weight_scale, self.activation, self.num_steps, self.window,
                          units=len(self.orthogonal), seed=self.seed)
