"""Backpropagation through time for the simple RNN, gradient clipping and gradient checks.

Taught in chapter 5 (:func:`rnn_backward`, :func:`numerical_gradient`,
:func:`gradient_check`) and chapter 6 (:func:`clip_by_norm`, :func:`clip_by_global_norm`,
:func:`jacobian_norms`).

Notation (rows are examples, Keras layout, as in :mod:`rnn_course.reference.rnn`): the
states are ``h_0`` (initial) and ``h_1 .. h_T`` with ``h_t = f(z_t)``,
``z_t = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias``. In arrays, ``h_t`` for
``t >= 1`` is ``h_seq[:, t - 1]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from rnn_course.reference.rnn import RNNCache, rnn_forward

# f'(z_t) from the pre-activation z and the state h = f(z), for each activation of
# rnn.ACTIVATIONS. Using h avoids recomputing tanh and sigmoid. relu' is taken as 0 at 0,
# as TensorFlow does.
ACTIVATION_DERIVATIVES = {
    "tanh": lambda z, h: 1 - h**2,
    "relu": lambda z, h: (z > 0).astype(z.dtype),
    "sigmoid": lambda z, h: h * (1 - h),
    "linear": lambda z, h: np.ones_like(z),
}


def _derivative(name: str) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    try:
        return ACTIVATION_DERIVATIVES[name]
    except KeyError:
        raise ValueError(f"activation must be one of {sorted(ACTIVATION_DERIVATIVES)}, "
                         f"got {name!r}") from None


def rnn_backward(dh_seq, cache: RNNCache, truncate: int | None = None) -> dict[str, np.ndarray]:
    """Backpropagation through time: the gradients of a loss through :func:`rnn_forward`.

    The loss ``L`` is any scalar computed from the states; ``dh_seq[:, t - 1]`` is its
    *direct* gradient with respect to ``h_t`` (what the layers after the RNN send back,
    e.g. ``dL/dh_t`` of a loss summed over steps; zeros except the last step for a loss on
    the last state only). Going back from ``t = T`` to 1, the gradient of ``h_t`` is its
    direct part plus what step ``t + 1`` sends back through ``recurrent_kernel``::

        dh_t = dh_seq[:, t-1] + dz_{t+1} @ recurrent_kernel.T     # (batch_size, units)
        dz_t = dh_t * f'(z_t)                                     # (batch_size, units)
        dkernel += x_t.T @ dz_t;  drecurrent_kernel += h_{t-1}.T @ dz_t;  dbias += sum of dz_t
        dx_t = dz_t @ kernel.T                                    # (batch_size, input_dim)

    Args:
        dh_seq: ``dL/dh_t`` for every step, ``(batch_size, num_steps, units)``.
        cache: the :class:`RNNCache` returned by :func:`rnn_forward`.
        truncate: ``None`` for full BPTT. An integer ``k >= 1`` for *truncated* BPTT: the
            gradient that enters at ``h_s`` flows back through at most ``k`` steps (it
            reaches ``z_s, ..., z_{s-k+1}`` and no further); ``k = 1`` sends nothing
            through ``recurrent_kernel`` to earlier steps.

    Returns:
        A dict of gradients, each with the shape of what it differentiates:
        ``dx (batch_size, num_steps, input_dim)``, ``dh0 (batch_size, units)``,
        ``dkernel (input_dim, units)``, ``drecurrent_kernel (units, units)``,
        ``dbias (units,)``.

    Raises:
        ValueError: ``dh_seq`` does not have the shape of ``cache.h_seq``, ``truncate < 1``
            or the activation is unknown.
    """
    dh_seq = np.asarray(dh_seq)
    if dh_seq.shape != cache.h_seq.shape:
        raise ValueError(f"dh_seq must have the shape of the states (batch_size, num_steps, "
                         f"units) = {cache.h_seq.shape}, got {dh_seq.shape}")
    if truncate is not None and truncate < 1:
        raise ValueError(f"truncate must be None or at least 1, got {truncate}")
    activation_derivative = _derivative(cache.activation)
    # f'(z_t) and h_{t-1} for every step at once: (batch_size, num_steps, units).
    slopes = activation_derivative(cache.pre_activations, cache.h_seq)
    h_prev = cache.h_prev
    num_steps = dh_seq.shape[1]
    dtype = np.result_type(dh_seq, cache.h_seq)
    dz = np.zeros(dh_seq.shape, dtype=dtype)   # dL/dz_t, summed over every path
    dh0 = np.zeros(cache.h0.shape, dtype=dtype)
    # Each source step s sends its gradient back through `reach` steps (all of them for
    # full BPTT). Full BPTT can add every source's gradient into one running dh, so it
    # needs one backward sweep; truncation keeps the sources apart, one sweep each.
    sources = [None] if truncate is None else range(num_steps)
    for s in sources:
        dh = np.zeros_like(dh0)
        last = num_steps - 1 if s is None else s
        first = 0 if s is None else max(0, s - truncate + 1)
        for t in range(last, first - 1, -1):
            dh = dh + (dh_seq[:, t] if s is None or t == s else 0)
            dz_t = dh * slopes[:, t]
            dz[:, t] += dz_t
            dh = dz_t @ cache.recurrent_kernel.T   # dL/dh_{t-1} along this path
        if first == 0:
            dh0 += dh
    return {
        "dx": dz @ cache.kernel.T,
        "dh0": dh0,
        "dkernel": np.einsum("bti,btu->iu", cache.x, dz),
        "drecurrent_kernel": np.einsum("bti,btu->iu", h_prev, dz),
        "dbias": dz.sum(axis=(0, 1)),
    }


def clip_by_norm(grad, max_norm: float) -> np.ndarray:
    """Rescale one gradient so that its L2 norm is at most ``max_norm`` (direction kept).

    Same as ``tf.clip_by_norm`` and Keras' ``clipnorm`` (applied to each weight's
    gradient separately). Taught in chapter 6.

    Args:
        grad: any array.
        max_norm: the largest norm allowed, ``> 0``.

    Returns:
        ``grad * max_norm / max(norm(grad), max_norm)``, the shape of ``grad``.
    """
    grad = np.asarray(grad)
    norm = np.sqrt(np.sum(grad.astype(np.float64) ** 2))
    return grad * (max_norm / max(norm, max_norm))


def clip_by_global_norm(grads: Sequence, max_norm: float) -> tuple[list[np.ndarray], float]:
    """Rescale a list of gradients together so that their global norm is at most ``max_norm``.

    The global norm is the L2 norm of all the numbers of all the gradients, as if they
    were one long vector: ``sqrt(sum_i ||g_i||^2)``. Every gradient is multiplied by the
    same factor ``max_norm / max(global_norm, max_norm)``, so the update keeps its
    direction; gradients already within the limit (and all-zero gradients) are returned
    unchanged. Same as ``tf.clip_by_global_norm`` and Keras' ``global_clipnorm``,
    including that a non-finite global norm turns every entry into NaN. Taught in
    chapter 6.

    Args:
        grads: a list of arrays of any shapes (e.g. the gradients of kernel,
            recurrent_kernel and bias).
        max_norm: the largest global norm allowed, ``> 0``.

    Returns:
        ``(clipped, global_norm)``: the list of clipped arrays (same shapes, same order)
        and the global norm *before* clipping, a float.

    Raises:
        ValueError: ``max_norm`` is not positive.
    """
    if not max_norm > 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    grads = [np.asarray(g) for g in grads]
    global_norm = float(np.sqrt(sum(np.sum(g.astype(np.float64) ** 2) for g in grads)))
    scale = max_norm / max(global_norm, max_norm) if np.isfinite(global_norm) else np.nan
    return [g * np.asarray(scale, dtype=g.dtype) for g in grads], global_norm


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    """The gradient of a scalar function by central finite differences.

    Entry ``i`` is ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``: two calls of ``f`` per
    entry of ``x``, so use it on small arrays. Its error is about ``eps**2`` (from the
    curvature) plus ``1e-16 / eps`` (rounding): compute in float64. Taught in chapter 5.

    Args:
        f: maps an array shaped like ``x`` to a scalar loss; it receives a fresh float64
            copy at every call.
        x: the point, any shape.
        eps: the step.

    Returns:
        ``df/dx``, float64, the shape of ``x``.
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += eps
        minus[index] -= eps
        grad[index] = (float(f(plus)) - float(f(minus))) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """``max |a - b| / max(max |a|, max |b|)``: how far apart two gradients are.

    Measured against the larger of the two gradients' largest entries, so entries that are
    (nearly) zero in both do not blow the ratio up; 0 when both are all zeros.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"the gradients' shapes differ: {a.shape} and {b.shape}")
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    return 0.0 if scale == 0 else float(np.abs(a - b).max() / scale)


def gradient_check(f: Callable[[np.ndarray], float], x, analytic, eps: float = 1e-6) -> float:
    """Compare an analytic gradient of ``f`` at ``x`` with finite differences.

    Shared by the chapters and the grader. In float64 a correct gradient of a smooth
    function typically gives about ``1e-9`` or less; a wrong one ``1e-2`` or more.
    Taught in chapter 5.

    Args:
        f: maps an array shaped like ``x`` to a scalar (see :func:`numerical_gradient`).
        x: the point, any shape.
        analytic: the gradient to check, the shape of ``x``.
        eps: the finite-difference step.

    Returns:
        :func:`relative_error` between ``analytic`` and :func:`numerical_gradient`.
    """
    return relative_error(analytic, numerical_gradient(f, x, eps))


def jacobian_norms(x, h0, kernel, recurrent_kernel, bias,
                   activation: str = "tanh") -> np.ndarray:
    """How much the last state depends on earlier states: ``||dh_T / dh_{T-d}||_2`` by distance.

    Runs :func:`rnn_forward` on the same arguments, then multiplies the one-step Jacobians
    backwards from the last step. One step's Jacobian (entry ``[j, i]`` is
    ``dh_t[j] / dh_{t-1}[i]``), in the Keras layout, is
    ``diag(f'(z_t)) @ recurrent_kernel.T``, shape ``(units, units)``, so::

        dh_T/dh_{T-d} = diag(f'(z_T)) W^T  diag(f'(z_{T-1})) W^T  ...  diag(f'(z_{T-d+1})) W^T

    with ``W = recurrent_kernel`` (``d`` factors; the identity for ``d = 0``). Its
    spectral norm (largest singular value) is the most that a change of ``h_{T-d}`` can be
    stretched on its way to ``h_T``, and equally how much a gradient at ``h_T`` can be
    stretched on its way back to ``h_{T-d}``. Taught in chapter 6; the gradient-flow
    demo draws it on a log scale.

    Args:
        x: inputs ``(batch_size, num_steps, input_dim)`` (they set the ``z_t``, hence
            ``f'(z_t)``; with a linear activation they do not matter).
        h0: initial state ``(batch_size, units)``, or ``None`` for zeros.
        kernel: ``(input_dim, units)``.
        recurrent_kernel: ``(units, units)``.
        bias: ``(units,)``.
        activation: ``"tanh"``, ``"relu"``, ``"sigmoid"`` or ``"linear"``.

    Returns:
        float64 array ``(batch_size, num_steps + 1)``: entry ``[b, d]`` is
        ``||dh_T / dh_{T-d}||_2`` for example ``b``, for distances ``d = 0 .. num_steps``
        (``d = 0`` gives 1; ``d = num_steps`` is the initial state ``h_0``), where
        ``T = num_steps``.
    """
    _, cache = rnn_forward(x, h0, kernel, recurrent_kernel, bias, activation)
    slopes = _derivative(activation)(cache.pre_activations, cache.h_seq).astype(np.float64)
    batch_size, num_steps, units = slopes.shape
    w_t = np.asarray(recurrent_kernel, dtype=np.float64).T
    jacobian = np.broadcast_to(np.eye(units), (batch_size, units, units))
    norms = [np.ones(batch_size)]
    for t in range(num_steps - 1, -1, -1):   # array index t holds step t + 1
        # J @ diag(f'(z)) @ W^T: scale J's columns by f'(z), then multiply by W^T.
        jacobian = (jacobian * slopes[:, t, None, :]) @ w_t
        norms.append(np.linalg.norm(jacobian, ord=2, axis=(1, 2)))
    return np.stack(norms, axis=1)
