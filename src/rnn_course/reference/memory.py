"""The linear memory networks of chapter 3 (Elman and Jordan), in NumPy. Taught in chapter 3.

The network has 2 inputs, 2 linear hidden units, 2 linear outputs, no bias, and a memory
that starts at zero. At step ``t`` (steps numbered ``1 .. num_steps``), with row vectors
and the Keras weight layout::

    a_t = x_t @ kernel + m_{t-1} @ recurrent_kernel     # hidden values (linear)
    y_t = a_t @ output_kernel                           # outputs (linear)
    m_t = a_t   (Elman network: stores the hidden values)
    m_t = y_t   (Jordan network: stores the outputs)
    m_0 = 0

Shapes: ``x_t (input_dim,)``, ``kernel (input_dim, units)``, ``recurrent_kernel
(memory_dim, units)``, ``output_kernel (units, output_dim)``; ``memory_dim`` is ``units``
for Elman and ``output_dim`` for Jordan.

Index convention of every returned array: row ``t`` (0-based) belongs to the step that
read ``inputs[t]``, and ``memories[t]`` is the memory *after* that step, the value the
next step (``inputs[t + 1]``) reads. The zero memory the first step reads is not
returned.

With every weight equal to ``w`` the two hidden units always hold the same value and the
network only sees ``s_t = x_t[0] + x_t[1]``; per unit, Elman gives
``a_t = w s_t + 2w a_{t-1}`` and ``y_t = 2w a_t``, Jordan ``y_t = 2w^2 s_t + 4w^2 y_{t-1}``.

The chapter's sentences are turned into inputs by
:func:`rnn_course.data.words.encode_words`.
"""

from __future__ import annotations

import numpy as np

NETWORKS = ("elman", "jordan")


def uniform_weights(weight: float = 1.0, size: int = 2) -> tuple[np.ndarray, ...]:
    """``(kernel, recurrent_kernel, output_kernel)``, each ``(size, size)`` and full of ``weight``."""
    return tuple(np.full((size, size), float(weight)) for _ in range(3))


def _check_shapes(inputs, kernel, recurrent_kernel, output_kernel, network) -> None:
    if network not in NETWORKS:
        raise ValueError(f"network must be one of {NETWORKS}, got {network!r}")
    if inputs.ndim < 2:
        raise ValueError("inputs must have shape (num_steps, input_dim) or "
                         f"(batch_size, num_steps, input_dim), got {inputs.shape}")
    if not kernel.ndim == recurrent_kernel.ndim == output_kernel.ndim == 2:
        raise ValueError("kernel, recurrent_kernel and output_kernel must be matrices")
    units = kernel.shape[1]
    memory_dim = units if network == "elman" else output_kernel.shape[1]
    expected = {"kernel": (inputs.shape[-1], units),
                "recurrent_kernel": (memory_dim, units),
                "output_kernel": (units, output_kernel.shape[1])}
    actual = {"kernel": kernel.shape, "recurrent_kernel": recurrent_kernel.shape,
              "output_kernel": output_kernel.shape}
    for name, shape in expected.items():
        if actual[name] != shape:
            raise ValueError(f"{name} has shape {actual[name]}, expected {shape} "
                             f"for a {network} network on inputs of shape {inputs.shape}")


def memory_network(inputs, kernel, recurrent_kernel, output_kernel,
                   network: str = "elman") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run a linear Elman or Jordan network with any weights over a sequence.

    Args:
        inputs: ``(num_steps, input_dim)``, or ``(batch_size, num_steps, input_dim)``.
        kernel: input -> hidden weights, ``(input_dim, units)``.
        recurrent_kernel: memory -> hidden weights, ``(memory_dim, units)``.
        output_kernel: hidden -> output weights, ``(units, output_dim)``.
        network: ``"elman"`` (memory = hidden values, ``memory_dim = units``) or
            ``"jordan"`` (memory = outputs, ``memory_dim = output_dim``).

    Returns:
        ``(hidden, memories, outputs)`` with shapes ``(..., num_steps, units)``,
        ``(..., num_steps, memory_dim)`` and ``(..., num_steps, output_dim)``; row ``t``
        belongs to the step that read ``inputs[t]`` (``memories[t]`` is the memory after
        it). The memory starts at zero.

    Raises:
        ValueError: unknown ``network``, or shapes that do not fit together.
    """
    inputs = np.asarray(inputs, dtype=float)
    kernel, recurrent_kernel, output_kernel = (
        np.asarray(w, dtype=float) for w in (kernel, recurrent_kernel, output_kernel))
    _check_shapes(inputs, kernel, recurrent_kernel, output_kernel, network)
    *batch, num_steps, _ = inputs.shape
    hidden = np.empty((*batch, num_steps, kernel.shape[1]))
    outputs = np.empty((*batch, num_steps, output_kernel.shape[1]))
    memories = hidden if network == "elman" else outputs  # the stored copy, step by step
    memory = np.zeros((*batch, recurrent_kernel.shape[0]))
    for t in range(num_steps):
        hidden[..., t, :] = inputs[..., t, :] @ kernel + memory @ recurrent_kernel
        outputs[..., t, :] = hidden[..., t, :] @ output_kernel
        memory = memories[..., t, :]
    return hidden, memories.copy(), outputs


def linear_memory_network(inputs, weight: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The chapter 3 Elman network: every weight equals ``weight``, memory = hidden values.

    ``a_t = x_t @ W + m_{t-1} @ W``, ``y_t = a_t @ W``, ``m_t = a_t``, ``m_0 = 0``, where
    ``W`` is ``(2, 2)`` and full of ``weight``. With ``weight=1``, inputs
    ``[1, 1], [1, 1], [2, 2]`` give memories ``[2, 2], [6, 6], [16, 16]`` and outputs
    ``[4, 4], [12, 12], [32, 32]`` (Hung-yi Lee's classic example).

    Args:
        inputs: ``(num_steps, 2)``, or ``(batch_size, num_steps, 2)``.
        weight: the value of every weight.

    Returns:
        ``(memories, outputs)``, each shaped like ``inputs``; ``memories[t]`` is the memory
        after the step that read ``inputs[t]`` (what the next step reads).
    """
    _, memories, outputs = memory_network(inputs, *uniform_weights(weight), network="elman")
    return memories, outputs


def jordan_memory_network(inputs, weight: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The chapter 3 Jordan network: like :func:`linear_memory_network`, memory = outputs.

    ``a_t = x_t @ W + m_{t-1} @ W``, ``y_t = a_t @ W``, ``m_t = y_t``, ``m_0 = 0``. With
    ``weight=1``, inputs ``[1, 1], [1, 1], [2, 2]`` give outputs (and memories)
    ``[4, 4], [20, 20], [88, 88]``.

    Args:
        inputs: ``(num_steps, 2)``, or ``(batch_size, num_steps, 2)``.
        weight: the value of every weight.

    Returns:
        ``(memories, outputs)``, each shaped like ``inputs``; here ``memories`` equals
        ``outputs`` (the network stores what it outputs).
    """
    _, memories, outputs = memory_network(inputs, *uniform_weights(weight), network="jordan")
    return memories, outputs
