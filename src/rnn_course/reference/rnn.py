"""The simple (Elman) recurrent cell and its loop over time, in NumPy. Taught in chapter 4.

One step of the cell, with the Keras weight layout (what ``keras.layers.SimpleRNNCell``
computes)::

    z_t = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias     # pre-activation
    h_t = activation(z_t)                                        # new state = output

Shapes: ``x_t (batch_size, input_dim)``, ``h_{t-1} (batch_size, units)``,
``kernel (input_dim, units)``, ``recurrent_kernel (units, units)``, ``bias (units,)``.
:func:`rnn_forward` applies the same cell (the same weights) at every step of a
batch-first sequence ``(batch_size, num_steps, input_dim)``, like ``keras.layers.SimpleRNN``
with ``return_sequences=True``, and returns the :class:`RNNCache` that chapter 5's
backward pass (backpropagation through time) reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Named like Keras' activations, so a learner can pass the same string to both.
ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "sigmoid": lambda z: 0.5 * (1 + np.tanh(z / 2)),  # = 1 / (1 + e^-z), no overflow
    "linear": lambda z: z,
}


@dataclass(frozen=True)
class RNNCache:
    """What :func:`rnn_forward` remembers for the backward pass (chapter 5).

    Backpropagation through time needs, at every step ``t``: the input ``x_t`` and the
    state that entered the step ``h_{t-1}`` (for the weight gradients), the derivative of
    the activation at ``z_t`` (``1 - h_t**2`` for tanh, ``z_t > 0`` for relu), and the
    weights (to send the gradient back to ``h_{t-1}`` and ``x_t``).

    Attributes:
        x: the inputs, ``(batch_size, num_steps, input_dim)``.
        h0: the initial state, ``(batch_size, units)``.
        pre_activations: ``z_t`` of every step, ``(batch_size, num_steps, units)``.
        h_seq: ``h_t`` of every step, ``(batch_size, num_steps, units)``.
        kernel: ``(input_dim, units)``.
        recurrent_kernel: ``(units, units)``.
        bias: ``(units,)``.
        activation: the activation's name, a key of :data:`ACTIVATIONS`.
    """

    x: np.ndarray
    h0: np.ndarray
    pre_activations: np.ndarray
    h_seq: np.ndarray
    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray
    activation: str

    @property
    def h_prev(self) -> np.ndarray:
        """The state entering each step, ``h_{t-1}``: ``(batch_size, num_steps, units)``.

        Step 0 receives ``h0``; step ``t > 0`` receives ``h_seq[:, t - 1]``.
        """
        return np.concatenate([self.h0[:, None, :], self.h_seq[:, :-1, :]], axis=1)


def simple_rnn_param_count(input_dim: int, units: int) -> int:
    """Number of trainable numbers of a ``SimpleRNN(units)`` layer on ``input_dim`` features.

    ``kernel`` has ``input_dim * units``, ``recurrent_kernel`` ``units * units`` and
    ``bias`` ``units``: ``units * (input_dim + units) + units``. The count does not depend
    on ``num_steps``, because every step shares the same weights.
    """
    return units * (input_dim + units) + units


def _activation(name: str):
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, "
                         f"got {name!r}") from None


def _check_weights(kernel, recurrent_kernel, bias) -> tuple[np.ndarray, ...]:
    """Return the weights as arrays after checking that they fit the Keras layout."""
    kernel, recurrent_kernel, bias = map(np.asarray, (kernel, recurrent_kernel, bias))
    if kernel.ndim != 2:
        raise ValueError(f"kernel must have shape (input_dim, units), got {kernel.shape}")
    units = kernel.shape[1]
    if recurrent_kernel.shape != (units, units):
        raise ValueError(f"recurrent_kernel must have shape (units, units) = "
                         f"{(units, units)} to match kernel {kernel.shape}, "
                         f"got {recurrent_kernel.shape}")
    if bias.shape != (units,):
        raise ValueError(f"bias must have shape (units,) = {(units,)}, got {bias.shape}")
    return kernel, recurrent_kernel, bias


def _check_state(h, batch_size: int, units: int, name: str) -> np.ndarray:
    h = np.asarray(h)
    if h.shape != (batch_size, units):
        raise ValueError(f"{name} must have shape (batch_size, units) = "
                         f"{(batch_size, units)}, got {h.shape}")
    return h


def _step(x_t, h_prev, kernel, recurrent_kernel, bias, activation):
    """Pre-activation and new state of one step (inputs already checked)."""
    z_t = x_t @ kernel + h_prev @ recurrent_kernel + bias
    return z_t, activation(z_t)


def rnn_cell_forward(x_t, h_prev, kernel, recurrent_kernel, bias,
                     activation: str = "tanh") -> np.ndarray:
    """One step of the simple RNN cell: ``h_t = activation(x_t W_xh + h_{t-1} W_hh + b)``.

    Args:
        x_t: the input at this step, ``(batch_size, input_dim)``.
        h_prev: the previous state ``h_{t-1}``, ``(batch_size, units)``.
        kernel: ``W_xh``, ``(input_dim, units)``.
        recurrent_kernel: ``W_hh``, ``(units, units)``.
        bias: ``b``, ``(units,)``.
        activation: ``"tanh"`` (Keras' default), ``"relu"``, ``"sigmoid"`` or ``"linear"``.

    Returns:
        The new state ``h_t``, ``(batch_size, units)``; it is also the cell's output.

    Raises:
        ValueError: a shape does not fit the layout above, or the activation is unknown.
    """
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias)
    x_t = np.asarray(x_t)
    if x_t.ndim != 2 or x_t.shape[1] != kernel.shape[0]:
        raise ValueError(f"x_t must have shape (batch_size, input_dim) with input_dim = "
                         f"{kernel.shape[0]} (kernel rows), got {x_t.shape}")
    h_prev = _check_state(h_prev, x_t.shape[0], kernel.shape[1], "h_prev")
    _, h_t = _step(x_t, h_prev, kernel, recurrent_kernel, bias, _activation(activation))
    return h_t


def rnn_forward(x, h0, kernel, recurrent_kernel, bias,
                activation: str = "tanh") -> tuple[np.ndarray, RNNCache]:
    """Run the simple RNN cell over every step of a batch of sequences.

    Args:
        x: the inputs, ``(batch_size, num_steps, input_dim)``.
        h0: the initial state, ``(batch_size, units)``; ``None`` means zeros (Keras'
            default initial state).
        kernel: ``W_xh``, ``(input_dim, units)``.
        recurrent_kernel: ``W_hh``, ``(units, units)``.
        bias: ``b``, ``(units,)``.
        activation: as in :func:`rnn_cell_forward`.

    Returns:
        ``(h_seq, cache)``: ``h_seq`` holds every state ``h_1 .. h_T``,
        ``(batch_size, num_steps, units)`` (what ``SimpleRNN(return_sequences=True)``
        returns; ``h_seq[:, -1]`` is what ``SimpleRNN()`` returns), and ``cache`` is the
        :class:`RNNCache` for the backward pass.

    Raises:
        ValueError: a shape does not fit the layout above, ``num_steps`` is 0, or the
            activation is unknown.
    """
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias)
    input_dim, units = kernel.shape
    x = np.asarray(x)
    if x.ndim != 3 or x.shape[2] != input_dim:
        raise ValueError(f"x must have shape (batch_size, num_steps, input_dim) with "
                         f"input_dim = {input_dim} (kernel rows), got {x.shape}")
    batch_size, num_steps, _ = x.shape
    if num_steps == 0:
        raise ValueError("x must have at least one step (num_steps >= 1)")
    if h0 is None:
        h0 = np.zeros((batch_size, units), dtype=np.result_type(x, kernel))
    h0 = _check_state(h0, batch_size, units, "h0")
    act = _activation(activation)
    h_t, pre_activations, states = h0, [], []
    for t in range(num_steps):
        z_t, h_t = _step(x[:, t], h_t, kernel, recurrent_kernel, bias, act)
        pre_activations.append(z_t)
        states.append(h_t)
    h_seq = np.stack(states, axis=1)
    cache = RNNCache(x=x, h0=h0, pre_activations=np.stack(pre_activations, axis=1),
                     h_seq=h_seq, kernel=kernel, recurrent_kernel=recurrent_kernel,
                     bias=bias, activation=activation)
    return h_seq, cache
