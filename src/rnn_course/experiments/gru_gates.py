"""What a GRU trained on the adding problem does with its update gate (chapter 8).

Keras' GRU keeps ``h_t = z_t * h_{t-1} + (1 - z_t) * h~_t``: an update gate ``z`` near 1
keeps the state, near 0 writes the candidate. :func:`writer_unit_figures` finds the unit
whose update gate best tells the markers from the other steps and measures how much it
writes at the markers and how much it keeps elsewhere.
"""

from __future__ import annotations

import numpy as np

from rnn_course.reference import gru_gates


def trained_gru_gates(model, x: np.ndarray) -> dict[str, np.ndarray]:
    """Gates of the first layer of ``model`` (a Keras ``GRU``) on ``x`` ``(b, num_steps, d)``.

    Each array is ``(b, num_steps, units)``: ``"z"``, ``"r"``, ``"h_tilde"``, ``"h"``.
    """
    kernel, recurrent_kernel, bias = model.layers[0].get_weights()
    return gru_gates(x, None, kernel, recurrent_kernel, bias, reset_after=True)


def writer_unit_figures(gates: dict[str, np.ndarray], x: np.ndarray) -> dict[str, float]:
    """The unit whose write share ``1 - z`` is largest at the markers relative to elsewhere.

    ``x`` is ``(b, num_steps, 2)`` of the adding problem (feature 1 is the marker). Averages
    over all sequences from step 1 on (step 0 starts from a zero state): the write share
    ``1 - z`` at the markers, the keep share ``z`` at the other steps, and their contrast.
    """
    at_marker = x[:, :, 1] > 0.5
    at_marker[:, 0] = False
    others = ~at_marker
    others[:, 0] = False
    write = 1 - gates["z"]                                          # (b, num_steps, units)
    contrast = write[at_marker].mean(axis=0) - write[others].mean(axis=0)
    unit = int(np.argmax(contrast))
    return {"writer unit": unit,
            "write at markers": float(write[at_marker][:, unit].mean()),
            "keep elsewhere": float(gates["z"][others][:, unit].mean()),
            "write contrast": float(contrast[unit])}
