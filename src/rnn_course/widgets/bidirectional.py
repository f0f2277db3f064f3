"""Live demo of chapter 8: what each direction of a bidirectional GRU has seen at step t.

Two GRUs with seeded weights (Keras layout, ``reset_after=True``) read the same sequence
of ``NUM_STEPS`` one-feature inputs: weak seeded noise plus one marked value (an impulse
of height 1) at step ``marker``. The forward GRU reads left to right; the backward GRU
reads the reversed sequence, and its outputs are reversed back so that step ``t`` of both
lines up, as ``keras.layers.Bidirectional`` returns them. The demo draws, for every step,
how far each direction's state moved because of the marked value (the norm of the
difference between its states with and without the impulse): the forward state can only
know about the marker from step ``marker`` on, the backward state only up to it, and the
layer's output at step ``step`` concatenates both. ``update_bias`` is added to the update
gate's input bias: a high bias keeps the update gate near 1, so each direction keeps what
it saw for longer. The GRU steps run in the browser on the demo core (``js/bidirectional.js``);
:meth:`BidirectionalReach.reference` computes the same with
:func:`rnn_course.reference.gru_forward`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import traitlets

from rnn_course.reference import gru_forward
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.controls import slider

NUM_STEPS = 24
UNITS = 8
NOISE = 0.3  # standard deviation of the unmarked inputs


@lru_cache(maxsize=None)
def direction_weights(units: int = UNITS, seed: int = 0) -> tuple[tuple[np.ndarray, ...], ...]:
    """Seeded ``(kernel (1, 3u), recurrent_kernel (u, 3u), bias (2, 3u))`` of the forward
    and of the backward GRU, Keras' layout (blocks z, r, h), biases 0."""
    rng = np.random.default_rng(seed)
    return tuple((rng.normal(size=(1, 3 * units)),
                  rng.normal(size=(units, 3 * units)) / np.sqrt(units),
                  np.zeros((2, 3 * units))) for _ in range(2))


@lru_cache(maxsize=None)
def noise(num_steps: int = NUM_STEPS, seed: int = 0) -> np.ndarray:
    """The unmarked inputs ``(num_steps,)``: seeded normal values times :data:`NOISE`."""
    return NOISE * np.random.default_rng(seed + 1).normal(size=num_steps)


def with_update_bias(weights: tuple[np.ndarray, ...], update_bias: float) -> tuple:
    """The weights with ``update_bias`` added to the update gate's input bias (block z)."""
    kernel, recurrent_kernel, bias = weights
    units = recurrent_kernel.shape[0]
    bias = bias.copy()
    bias[0, :units] += update_bias
    return kernel, recurrent_kernel, bias


def bidirectional_states(x: np.ndarray, weights, update_bias: float) -> tuple[np.ndarray, ...]:
    """``(forward, backward)`` states ``(num_steps, units)`` of the two GRUs on ``x
    (num_steps,)``, the backward one reversed back into time order."""
    sequence = x[None, :, None]                              # one sequence, one feature
    forward = gru_forward(sequence, None, *with_update_bias(weights[0], update_bias))[0]
    backward = gru_forward(sequence[:, ::-1], None,
                           *with_update_bias(weights[1], update_bias))[0][::-1]
    return forward, backward


class BidirectionalReach(LiveDemo):
    """Marker, step and update-gate bias -> what each direction has seen of the marker.

    Args:
        marker: the step (from 0) that holds the marked value.
        step: the step whose output the title reads, from 0.
        update_bias: added to the update gate's input bias of both GRUs (-3 to 3).
        units, seed: size and seed of the two GRUs and of the noise.
    """

    _module = "bidirectional.js"
    parity_cases = (
        {},
        {"marker": 0, "step": 23, "update_bias": 3.0},
        {"marker": 23, "step": 0, "update_bias": -3.0},
        {"marker": 5, "step": 17, "update_bias": 1.25, "units": 1, "seed": 3},
    )

    marker = slider(8, 0, NUM_STEPS - 1, label="marked value at step")
    step = slider(14, 0, NUM_STEPS - 1, label="output at step t")
    update_bias = slider(0.0, -3.0, 3.0, step=0.25, digits=2, label="update-gate bias")
    noise = traitlets.List().tag(sync=True)
    forward_weights = traitlets.List().tag(sync=True)
    backward_weights = traitlets.List().tag(sync=True)

    def __init__(self, marker: int = 8, step: int = 14, update_bias: float = 0.0,
                 units: int = UNITS, seed: int = 0) -> None:
        forward, backward = direction_weights(units, seed)
        super().__init__(marker=marker, step=step, update_bias=update_bias,
                         noise=noise(NUM_STEPS, seed).tolist(),
                         forward_weights=[w.tolist() for w in forward],
                         backward_weights=[w.tolist() for w in backward])

    def reference(self) -> dict[str, np.ndarray]:
        """``forward``, ``backward`` ``(num_steps, units)`` with the marker;
        ``forward_effect``, ``backward_effect`` ``(num_steps,)``: the norm of each
        direction's state change caused by the marked value, step by step."""
        weights = [tuple(map(np.asarray, ws)) for ws in (self.forward_weights,
                                                          self.backward_weights)]
        plain = np.asarray(self.noise)
        marked = plain.copy()
        marked[self.marker] += 1.0
        with_marker = bidirectional_states(marked, weights, self.update_bias)
        without = bidirectional_states(plain, weights, self.update_bias)
        effects = [np.linalg.norm(a - b, axis=1) for a, b in zip(with_marker, without)]
        return {"forward": with_marker[0], "backward": with_marker[1],
                "forward_effect": effects[0], "backward_effect": effects[1]}
