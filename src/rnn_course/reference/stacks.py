"""Stacked recurrent layers: parameter counts and output shapes.

SimpleRNN stacks are taught in chapter 4 (sections 4.7 and 4.10), stacks of
``Bidirectional`` layers in chapter 8 (sections 8.3 and 8.4). In a stack, layer ``l``
reads the outputs of layer ``l - 1`` (the first layer reads the ``input_dim`` features),
so its kernel is ``(features of layer l - 1, units of layer l)`` while its recurrent
kernel is ``(units, units)`` and its bias ``(units,)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rnn_course.reference.gated import bidirectional_param_count
from rnn_course.reference.rnn import simple_rnn_param_count


def stacked_rnn_param_count(input_dim: int, units_per_layer: Iterable[int]) -> int:
    """Trainable parameters of ``SimpleRNN`` layers stacked in this order.

    Args:
        input_dim: features per step of the stack's input.
        units_per_layer: each layer's ``units``, first layer first, e.g. ``[64, 64]``.

    Returns:
        The sum of :func:`~rnn_course.reference.rnn.simple_rnn_param_count` over the
        layers, each counted on the size of its own input; e.g. ``18_816`` for
        ``input_dim=100, units_per_layer=[64, 64]`` (chapter 4's sentence encoder).
        It does not depend on ``num_steps``.
    """
    total, layer_input = 0, int(input_dim)
    for units in units_per_layer:
        total += simple_rnn_param_count(layer_input, int(units))
        layer_input = int(units)  # the next layer reads this layer's states
    return total


# ---------------------------------------------------------------- bidirectional stacks

MERGE_WIDTHS = {"concat": 2, "sum": 1, "mul": 1, "ave": 1}
"""Features per step a ``Bidirectional`` layer outputs, in units of its wrapped layer's
``units``: ``"concat"`` (Keras' default) puts both directions side by side, the others
combine them element by element. Taught in chapter 8."""


def _merged_widths(units_per_layer: Iterable[int], merge_modes: Iterable[str]) -> list[int]:
    """Each layer's output features, checked: one merge mode per layer, each known."""
    units, modes = [int(u) for u in units_per_layer], list(merge_modes)
    if len(units) != len(modes) or not units:
        raise ValueError(f"give one merge mode per layer: {len(units)} layers, "
                         f"{len(modes)} merge modes")
    unknown = [m for m in modes if m not in MERGE_WIDTHS]
    if unknown:
        raise ValueError(f"merge modes must be among {sorted(MERGE_WIDTHS)} in a stack "
                         f"(None returns two outputs, which no layer can read), got {unknown}")
    return [MERGE_WIDTHS[m] * u for u, m in zip(units, modes)]


def bidirectional_stack_param_count(layer: str, input_dim: int,
                                    units_per_layer: Iterable[int],
                                    merge_modes: Iterable[str]) -> int:
    """Trainable parameters of stacked ``Bidirectional(<layer>(units), merge_mode=...)``.

    Each layer counts twice its wrapped layer (:func:`~rnn_course.reference.gated.
    bidirectional_param_count`, GRUs with Keras' default ``reset_after=True``), counted on
    the size of its own input: ``input_dim`` for the first layer, then the previous
    layer's merged output (``2 * units`` after ``"concat"``, ``units`` after ``"sum"``,
    ``"mul"`` or ``"ave"``). Taught in chapter 8 (section 8.4).

    Args:
        layer: ``"simple_rnn"``, ``"lstm"`` or ``"gru"``, the layer every level wraps.
        input_dim: features per step of the stack's input.
        units_per_layer: each layer's ``units`` (per direction), first layer first.
        merge_modes: each layer's ``merge_mode``, same length.
    """
    widths = _merged_widths(units_per_layer, merge_modes)
    inputs = [int(input_dim), *widths[:-1]]
    return sum(bidirectional_param_count(layer, d, int(u))
               for d, u in zip(inputs, units_per_layer))


def bidirectional_stack_output_shapes(batch_size: int, num_steps: int,
                                      units_per_layer: Iterable[int],
                                      merge_modes: Iterable[str],
                                      return_sequences: bool) -> list[tuple[int, ...]]:
    """The output shape of every layer of a stack of ``Bidirectional`` recurrent layers.

    Every layer but the last returns its sequence (the next layer needs a time axis):
    ``(batch_size, num_steps, features)``; the last one does so only when
    ``return_sequences``, else ``(batch_size, features)``. ``features`` is ``2 * units``
    for ``"concat"``, ``units`` for ``"sum"``, ``"mul"`` and ``"ave"``, whatever the
    wrapped layer (SimpleRNN, LSTM or GRU). Taught in chapter 8 (sections 8.3 and 8.4).

    Args:
        batch_size, num_steps: the first two axes of the stack's input.
        units_per_layer, merge_modes: as in :func:`bidirectional_stack_param_count`.
        return_sequences: the last layer's setting.

    Returns:
        One shape tuple per layer, first layer first.
    """
    widths = _merged_widths(units_per_layer, merge_modes)
    shapes = [(int(batch_size), int(num_steps), w) for w in widths]
    if not return_sequences:
        shapes[-1] = (int(batch_size), widths[-1])
    return shapes
