"""Parameter count of stacked SimpleRNN layers. Taught in chapter 4 (sections 4.7 and 4.10).

In a stack, layer ``l`` reads the states of layer ``l - 1`` (the first layer reads the
``input_dim`` features), so its kernel is ``(units of layer l - 1, units of layer l)``
while its recurrent kernel is ``(units, units)`` and its bias ``(units,)``.
"""

from __future__ import annotations

from collections.abc import Iterable

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
