"""Chapter 8's bidirectional explorer: what each direction can have seen, and Keras agrees."""

from __future__ import annotations

import numpy as np

from rnn_course.widgets.bidirectional import (BidirectionalReach, bidirectional_states,
                                             direction_weights, noise, with_update_bias)


def test_each_direction_is_untouched_by_what_it_has_not_read():
    for marker in (0, 8, 23):
        result = BidirectionalReach(marker=marker).reference()
        assert (result["forward_effect"][:marker] == 0).all()
        assert (result["backward_effect"][marker + 1:] == 0).all()
        assert result["forward_effect"][marker] > 0 and result["backward_effect"][marker] > 0


def test_states_equal_keras_bidirectional_gru():
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    import keras

    weights = direction_weights(8, seed=2)
    x = noise(24, seed=2).copy()
    x[5] += 1.0
    layer = keras.layers.Bidirectional(keras.layers.GRU(8, return_sequences=True),
                                       merge_mode=None)
    forward, backward = layer(x[None, :, None].astype("float32"))   # builds the layer
    layer.set_weights([*with_update_bias(weights[0], 1.5), *with_update_bias(weights[1], 1.5)])
    forward, backward = (out.numpy()[0] for out in layer(x[None, :, None].astype("float32")))
    ours = bidirectional_states(x, weights, 1.5)
    np.testing.assert_allclose(ours[0], forward, atol=1e-5)
    np.testing.assert_allclose(ours[1], backward, atol=1e-5)
