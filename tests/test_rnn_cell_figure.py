"""The chapter 4 cell diagram names every weight with its Keras name and shape."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from rnn_course.plotting.rnn_cell import plot_rnn_cell


@pytest.fixture(scope="module")
def texts():
    fig = plot_rnn_cell()
    fig.canvas.draw()  # the figure renders (mathtext included)
    found = [text.get_text() for text in fig.axes[0].texts]
    plt.close(fig)
    return found


@pytest.mark.parametrize("name, shape", [("kernel", "(input_dim, units)"),
                                         ("recurrent_kernel", "(units, units)"),
                                         ("bias", "(units,)")])
def test_each_weight_is_labelled_with_its_keras_shape(texts, name, shape):
    assert any(text.startswith(name + " ") and text.endswith(shape) for text in texts)


def test_inputs_state_and_activation_are_drawn(texts):
    joined = "\n".join(texts)
    for part in ("$x_t$\n(batch_size, input_dim)", "$h_{t-1}$\n(batch_size, units)",
                 "$h_t$\n(batch_size, units)", "tanh", "$h_t$ becomes $h_{t-1}$"):
        assert part in joined
