"""The generation demo writes, in JavaScript, what the trained model's Keras forward pass gives."""

from __future__ import annotations

import numpy as np
import pytest
from test_demo_parity import run_compute

from rnn_course.experiments import char_model
from rnn_course.reference import softmax
from rnn_course.widgets.textgen import TextGenerator


@pytest.fixture(scope="module")
def weights():
    return char_model.load_shipped_weights()


@pytest.fixture(scope="module")
def keras_model(weights):
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    return char_model.model_from_weights(weights)


@pytest.mark.parametrize("temperature, seed", [(1.0, 3), (0.5, 10), (2.0, 42)])
def test_page_distributions_equal_keras_along_the_generated_text(weights, keras_model,
                                                                 temperature, seed, tmp_path):
    steps = (1, 6, 13, 30)
    demos = [TextGenerator(weights, prompt="月", temperature=temperature, seed=seed, step=step)
             for step in steps]
    results = run_compute(TextGenerator, [demo.js_state() for demo in demos], tmp_path)
    ids = results[0]["ids"]
    assert all(result["ids"] == ids for result in results)     # one seed, one text
    vocabulary = list(weights["vocabulary"])
    inputs = char_model.encode_text("\n月", vocabulary).tolist() + ids
    logits = keras_model.predict(np.array([inputs]), verbose=0)[0]
    for step, result in zip(steps, results):
        expected = softmax(logits[len(inputs) - len(ids) - 2 + step] / temperature)
        np.testing.assert_allclose(result["distribution"], expected, atol=1e-4)


def test_page_draws_follow_the_distributions(tmp_path):
    """Over many seeds, the first character drawn follows the first step's distribution
    (a small random model: 500 states of the shipped weights would be 300 MB of JSON)."""
    small = TextGenerator.parity_demos()[0].weights()
    seeds = range(500)
    demos = [TextGenerator(small, prompt="ab", temperature=1.0, seed=seed, length=1)
             for seed in seeds]
    results = run_compute(TextGenerator, [demo.js_state() for demo in demos], tmp_path)
    distribution = np.asarray(results[0]["distribution"])
    first = np.bincount([r["ids"][0] for r in results], minlength=len(distribution)) / len(seeds)
    np.testing.assert_allclose(first, distribution, atol=0.06)


def test_controls_are_checked(weights):
    with pytest.raises(ValueError, match="temperature must lie in"):
        TextGenerator(weights, temperature=3.0)
    with pytest.raises(ValueError, match="step must lie in"):
        TextGenerator(weights, step=40)


def test_default_demo_runs_the_shipped_model(weights):
    demo = TextGenerator()
    assert demo.vocabulary == [str(ch) for ch in weights["vocabulary"]]
    np.testing.assert_allclose(demo.weights()["dense_bias"], weights["dense_bias"])
