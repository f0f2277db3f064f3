"""Gated recurrent cells (LSTM and GRU) in NumPy, in Keras' layout. Taught in chapters 7 and 8.

LSTM (chapter 7), Keras' ``keras.layers.LSTM`` with its default activations. The kernel
``(input_dim, 4 * units)``, recurrent kernel ``(units, 4 * units)`` and bias
``(4 * units,)`` hold four blocks of ``units`` columns, in the order **i, f, c, o**::

    z   = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias    # (batch_size, 4 * units)
    i   = sigmoid(z[:, 0H:1H])       # input gate
    f   = sigmoid(z[:, 1H:2H])       # forget gate (1 = keep the old cell state)
    c~  = tanh(z[:, 2H:3H])          # candidate, what may be written
    o   = sigmoid(z[:, 3H:4H])       # output gate
    c_t = f * c_{t-1} + i * c~
    h_t = o * tanh(c_t)

GRU (chapter 8), ``keras.layers.GRU``, blocks in the order **z, r, h** (update gate, reset
gate, candidate). With ``reset_after=True`` (Keras' default) the bias is ``(2, 3 * units)``:
row 0 is added to the input part, row 1 to the recurrent part, and the reset gate
multiplies the recurrent part *after* the product with the recurrent kernel::

    x_z, x_r, x_h = split(x_t @ kernel + bias[0])
    u_z, u_r, u_h = split(h_{t-1} @ recurrent_kernel + bias[1])
    z  = sigmoid(x_z + u_z);  r = sigmoid(x_r + u_r)
    h~ = tanh(x_h + r * u_h)
    h_t = z * h_{t-1} + (1 - z) * h~

With ``reset_after=False`` the bias is ``(3 * units,)`` and the candidate resets the state
*before* the product: ``h~ = tanh(x_h + (r * h_{t-1}) @ recurrent_kernel[:, 2H:3H])``.
"""

from __future__ import annotations

import numpy as np

from rnn_course.reference.rnn import ACTIVATIONS, simple_rnn_param_count

sigmoid = ACTIVATIONS["sigmoid"]

LSTM_GATES = ("i", "f", "c_tilde", "o")
"""Keras' order of the LSTM's four column blocks: input, forget, candidate, output."""
GRU_GATES = ("z", "r", "h_tilde")
"""Keras' order of the GRU's three column blocks: update, reset, candidate."""


# ---------------------------------------------------------------- shape checks

def _check_gated_weights(kernel, recurrent_kernel, bias, blocks: int,
                         bias_shape) -> tuple[np.ndarray, ...]:
    """Return the weights as arrays after checking ``blocks`` column blocks of ``units``."""
    kernel, recurrent_kernel, bias = map(np.asarray, (kernel, recurrent_kernel, bias))
    if kernel.ndim != 2 or kernel.shape[1] % blocks:
        raise ValueError(f"kernel must have shape (input_dim, {blocks} * units), "
                         f"got {kernel.shape}")
    units = kernel.shape[1] // blocks
    if recurrent_kernel.shape != (units, blocks * units):
        raise ValueError(f"recurrent_kernel must have shape (units, {blocks} * units) = "
                         f"{(units, blocks * units)} to match kernel {kernel.shape}, "
                         f"got {recurrent_kernel.shape}")
    expected = bias_shape(units)
    if bias.shape != expected:
        raise ValueError(f"bias must have shape {expected}, got {bias.shape}")
    return kernel, recurrent_kernel, bias


def _check_inputs(x, input_dim: int) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 3 or x.shape[2] != input_dim or x.shape[1] == 0:
        raise ValueError(f"x must have shape (batch_size, num_steps, input_dim) with "
                         f"num_steps >= 1 and input_dim = {input_dim} (kernel rows), "
                         f"got {x.shape}")
    return x


def _initial_state(h, x: np.ndarray, units: int, name: str) -> np.ndarray:
    """``h`` checked against ``(batch_size, units)``; ``None`` means zeros (Keras' default)."""
    if h is None:
        return np.zeros((x.shape[0], units), dtype=x.dtype)
    h = np.asarray(h)
    if h.shape != (x.shape[0], units):
        raise ValueError(f"{name} must have shape (batch_size, units) = "
                         f"{(x.shape[0], units)}, got {h.shape}")
    return h


def _step_input(x_t) -> np.ndarray:
    """A single step ``(batch_size, input_dim)`` as a one-step sequence."""
    x_t = np.asarray(x_t)
    if x_t.ndim != 2:
        raise ValueError(f"x_t must have shape (batch_size, input_dim), got {x_t.shape}")
    return x_t[:, None, :]


# ---------------------------------------------------------------- LSTM (chapter 7)

def _check_lstm(kernel, recurrent_kernel, bias):
    return _check_gated_weights(kernel, recurrent_kernel, bias, 4, lambda u: (4 * u,))


def _lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias) -> dict:
    """Every gate of one LSTM step, each ``(batch_size, units)`` (inputs already checked)."""
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias       # (batch_size, 4 * units)
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=1)               # Keras' order i, f, c, o
    i, f, c_tilde, o = sigmoid(z_i), sigmoid(z_f), np.tanh(z_c), sigmoid(z_o)
    c = f * c_prev + i * c_tilde                              # the additive path
    return {"i": i, "f": f, "c_tilde": c_tilde, "o": o, "c": c, "h": o * np.tanh(c)}


def lstm_gates(x, h0, c0, kernel, recurrent_kernel, bias,
               state_names=("h0", "c0")) -> dict[str, np.ndarray]:
    """Run an LSTM over a sequence and return every gate's activations at every step.

    Args:
        x: the inputs, ``(batch_size, num_steps, input_dim)``.
        h0, c0: the initial hidden and cell states, ``(batch_size, units)``; ``None``
            means zeros (Keras' default).
        kernel: ``(input_dim, 4 * units)``, column blocks i, f, c, o.
        recurrent_kernel: ``(units, 4 * units)``, same blocks.
        bias: ``(4 * units,)``, same blocks.
        state_names: how error messages name ``h0`` and ``c0``.

    Returns:
        A dict of arrays ``(batch_size, num_steps, units)``: ``"i"`` (input gate),
        ``"f"`` (forget gate), ``"c_tilde"`` (candidate), ``"o"`` (output gate), ``"c"``
        (cell state ``c_t``) and ``"h"`` (hidden state ``h_t``, the layer's output).
        Used by chapter 7's gate heatmaps.

    Raises:
        ValueError: a shape does not fit the layout above, or ``num_steps`` is 0.
    """
    kernel, recurrent_kernel, bias = _check_lstm(kernel, recurrent_kernel, bias)
    units = recurrent_kernel.shape[0]
    x = _check_inputs(x, kernel.shape[0])
    h = _initial_state(h0, x, units, state_names[0])
    c = _initial_state(c0, x, units, state_names[1])
    steps = []
    for t in range(x.shape[1]):
        step = _lstm_step(x[:, t], h, c, kernel, recurrent_kernel, bias)
        h, c = step["h"], step["c"]
        steps.append(step)
    return {name: np.stack([s[name] for s in steps], axis=1) for name in steps[0]}


def lstm_forward(x, h0, c0, kernel, recurrent_kernel, bias) -> tuple[np.ndarray, np.ndarray]:
    """Run an LSTM over every step of a batch of sequences. Taught in chapter 7.

    Arguments as in :func:`lstm_gates`. Returns ``(h_seq, c_seq)``, both
    ``(batch_size, num_steps, units)``: ``h_seq`` is what ``LSTM(return_sequences=True)``
    returns, ``h_seq[:, -1]`` and ``c_seq[:, -1]`` are the final states that
    ``return_state=True`` adds.
    """
    gates = lstm_gates(x, h0, c0, kernel, recurrent_kernel, bias)
    return gates["h"], gates["c"]


def lstm_cell_forward(x_t, h_prev, c_prev, kernel, recurrent_kernel,
                      bias) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step (``keras.layers.LSTMCell``). Taught in chapter 7.

    Args:
        x_t: the input at this step, ``(batch_size, input_dim)``.
        h_prev, c_prev: the previous hidden and cell states, ``(batch_size, units)``.
        kernel, recurrent_kernel, bias: as in :func:`lstm_gates`.

    Returns:
        ``(h_t, c_t)``, both ``(batch_size, units)``.
    """
    gates = lstm_gates(_step_input(x_t), h_prev, c_prev, kernel, recurrent_kernel, bias,
                       state_names=("h_prev", "c_prev"))
    return gates["h"][:, 0], gates["c"][:, 0]


# ---------------------------------------------------------------- GRU (chapter 8)

def _check_gru(kernel, recurrent_kernel, bias, reset_after: bool):
    shape = (lambda u: (2, 3 * u)) if reset_after else (lambda u: (3 * u,))
    return _check_gated_weights(kernel, recurrent_kernel, bias, 3, shape)


def _gru_step(x_t, h_prev, kernel, recurrent_kernel, bias, reset_after: bool) -> dict:
    """Every gate of one GRU step, each ``(batch_size, units)`` (inputs already checked)."""
    input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, 0.0)
    x_z, x_r, x_h = np.split(x_t @ kernel + input_bias, 3, axis=1)
    U_z, U_r, U_h = np.split(recurrent_kernel, 3, axis=1)
    if reset_after:
        u_z, u_r, u_h = np.split(h_prev @ recurrent_kernel + recurrent_bias, 3, axis=1)
    else:
        u_z, u_r = h_prev @ U_z, h_prev @ U_r
    z, r = sigmoid(x_z + u_z), sigmoid(x_r + u_r)
    if reset_after:
        h_tilde = np.tanh(x_h + r * u_h)              # reset after the product
    else:
        h_tilde = np.tanh(x_h + (r * h_prev) @ U_h)   # reset before the product
    return {"z": z, "r": r, "h_tilde": h_tilde, "h": z * h_prev + (1 - z) * h_tilde}


def gru_gates(x, h0, kernel, recurrent_kernel, bias, reset_after: bool = True,
              state_name: str = "h0") -> dict[str, np.ndarray]:
    """Run a GRU over a sequence and return every gate's activations at every step.

    Args:
        x: the inputs, ``(batch_size, num_steps, input_dim)``.
        h0: the initial state, ``(batch_size, units)``; ``None`` means zeros.
        kernel: ``(input_dim, 3 * units)``, column blocks z, r, h.
        recurrent_kernel: ``(units, 3 * units)``, same blocks.
        bias: ``(2, 3 * units)`` when ``reset_after`` (Keras' default), else
            ``(3 * units,)``.
        reset_after: Keras' convention, see the module docstring.
        state_name: how error messages name ``h0``.

    Returns:
        A dict of arrays ``(batch_size, num_steps, units)``: ``"z"`` (update gate),
        ``"r"`` (reset gate), ``"h_tilde"`` (candidate) and ``"h"`` (state ``h_t``).

    Raises:
        ValueError: a shape does not fit the layout above, or ``num_steps`` is 0.
    """
    kernel, recurrent_kernel, bias = _check_gru(kernel, recurrent_kernel, bias, reset_after)
    x = _check_inputs(x, kernel.shape[0])
    h = _initial_state(h0, x, recurrent_kernel.shape[0], state_name)
    steps = []
    for t in range(x.shape[1]):
        step = _gru_step(x[:, t], h, kernel, recurrent_kernel, bias, reset_after)
        h = step["h"]
        steps.append(step)
    return {name: np.stack([s[name] for s in steps], axis=1) for name in steps[0]}


def gru_forward(x, h0, kernel, recurrent_kernel, bias, reset_after: bool = True) -> np.ndarray:
    """Run a GRU over every step of a batch of sequences. Taught in chapter 8.

    Arguments as in :func:`gru_gates`. Returns ``h_seq``, ``(batch_size, num_steps,
    units)``, what ``GRU(return_sequences=True, reset_after=reset_after)`` returns.
    """
    return gru_gates(x, h0, kernel, recurrent_kernel, bias, reset_after)["h"]


def gru_cell_forward(x_t, h_prev, kernel, recurrent_kernel, bias,
                     reset_after: bool = True) -> np.ndarray:
    """One GRU step (``keras.layers.GRUCell``). Taught in chapter 8.

    Args:
        x_t: the input at this step, ``(batch_size, input_dim)``.
        h_prev: the previous state, ``(batch_size, units)``.
        kernel, recurrent_kernel, bias, reset_after: as in :func:`gru_gates`.

    Returns:
        The new state ``h_t = z * h_prev + (1 - z) * h_tilde``, ``(batch_size, units)``.
    """
    return gru_gates(_step_input(x_t), h_prev, kernel, recurrent_kernel, bias, reset_after,
                     state_name="h_prev")["h"][:, 0]


# ---------------------------------------------------------------- parameter counts

def lstm_param_count(input_dim: int, units: int) -> int:
    """Trainable parameters of ``LSTM(units)`` on ``input_dim`` features: ``4[u(d+u)+u]``.

    Four blocks (i, f, c, o), each the size of a ``SimpleRNN``. Taught in chapter 7.
    """
    return 4 * simple_rnn_param_count(input_dim, units)


def gru_param_count(input_dim: int, units: int, reset_after: bool = True) -> int:
    """Trainable parameters of ``GRU(units, reset_after=...)`` on ``input_dim`` features.

    Three blocks (z, r, h): ``3[u(d+u)+2u]`` with ``reset_after=True`` (two biases per
    block), ``3[u(d+u)+u]`` without. Taught in chapter 8.
    """
    biases_per_block = 2 if reset_after else 1
    return 3 * (units * (input_dim + units) + biases_per_block * units)


_PARAM_COUNTS = {
    "simple_rnn": lambda d, u, reset_after: simple_rnn_param_count(d, u),
    "lstm": lambda d, u, reset_after: lstm_param_count(d, u),
    "gru": gru_param_count,
}


def bidirectional_param_count(layer: str, input_dim: int, units: int,
                              reset_after: bool = True) -> int:
    """Trainable parameters of ``Bidirectional(<layer>(units))`` on ``input_dim`` features.

    Both directions read the same ``input_dim`` features with their own weights, so the
    count is twice one layer's, whatever the ``merge_mode``. Taught in chapter 8.

    Args:
        layer: ``"simple_rnn"``, ``"lstm"`` or ``"gru"``.
        input_dim, units: as for the wrapped layer.
        reset_after: only for ``"gru"``.
    """
    try:
        count = _PARAM_COUNTS[layer]
    except KeyError:
        raise ValueError(f"layer must be one of {sorted(_PARAM_COUNTS)}, "
                         f"got {layer!r}") from None
    return 2 * count(input_dim, units, reset_after)
