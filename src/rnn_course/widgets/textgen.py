"""Live demo of chapter 10: a trained character LSTM writing Tang quatrains in the browser.

Taught in chapter 10. The weights of :mod:`rnn_course.experiments.char_model`'s model
(float32, packed by :func:`~rnn_course.widgets.arrays.pack_array`) travel with the widget;
``js/textgen.js`` runs the demo core's ``lstmStep``, ``softmax`` and seeded
``sampleCategorical`` (mulberry32, ``createRng``): it feeds "\\n" + the prompt, then draws
one character at a time from ``softmax(logits / temperature)``. One seed gives the same
text every time. The figure shows the text and the ten most likely next characters at the
chosen step, the drawn one highlighted.
"""

from __future__ import annotations

import numpy as np
import traitlets

from rnn_course.experiments.char_model import (END_OF_POEM, WEIGHT_NAMES, encode_text,
                                               generate_ids)
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.arrays import array_trait, pack_array
from rnn_course.widgets.controls import slider, text_box

LENGTH = 34     # one 7-character quatrain and its newline


class TextGenerator(LiveDemo):
    """Generate text with a trained character LSTM (Keras layout, gate order i, f, c, o).

    Args:
        weights: arrays named as :data:`WEIGHT_NAMES` (``embedding (vocab, E)``, ``kernel
            (E, 4u)``, ``recurrent (u, 4u)``, ``bias (4u,)``, ``dense_kernel (u, vocab)``,
            ``dense_bias (vocab,)``) and ``vocabulary`` (its characters; the last one stands
            for every unknown character), as ``char_model.export_weights`` returns them;
            ``None`` (the default): the model shipped with the package.
        prompt, temperature, seed, step: the controls' starting values.
        length: how many characters to generate.
    """

    _module = "textgen.js"
    parity_cases = ()  # built from weights: see parity_demos()

    prompt = text_box("春", label="first characters", suggestions=("春", "月", "山", "白日"))
    temperature = slider(0.75, 0.0, 2.0, step=0.05, digits=2, label="temperature T")
    seed = slider(10, 0, 999, label="seed")
    step = slider(1, 1, lambda demo: demo.length, label="show step")
    length = traitlets.Int(LENGTH).tag(sync=True)
    vocabulary = traitlets.List(traitlets.Unicode()).tag(sync=True)
    embedding = array_trait()
    kernel = array_trait()
    recurrent = array_trait()
    bias = array_trait()
    dense_kernel = array_trait()
    dense_bias = array_trait()

    def __init__(self, weights: dict | None = None, prompt: str = "春", temperature: float = 0.75,
                 seed: int = 10, step: int = 1, length: int = LENGTH) -> None:
        if weights is None:
            from rnn_course.experiments.char_model import load_shipped_weights

            weights = load_shipped_weights()
        packed = {name: pack_array(weights[name]) for name in WEIGHT_NAMES}
        super().__init__(vocabulary=[str(ch) for ch in weights["vocabulary"]], length=length,
                         prompt=prompt, temperature=temperature, seed=seed, step=step,
                         **packed)

    @classmethod
    def parity_demos(cls) -> list[TextGenerator]:
        """Demos on seeded random weights, plus unknown characters and temperature 0."""
        rng = np.random.default_rng(0)
        demos = []
        for vocab, units, prompt, temperature, step in ((6, 3, "ab", 1.0, 4),
                                                         (9, 5, "cz", 0.0, 2),
                                                         (12, 8, "", 1.7, 20)):
            vocabulary = ["\n", *"abcdefghijk"[:vocab - 2], "□"]
            weights = {"embedding": rng.normal(size=(vocab, 4)),
                       "kernel": rng.normal(size=(4, 4 * units)),
                       "recurrent": rng.normal(size=(units, 4 * units)),
                       "bias": rng.normal(size=4 * units),
                       "dense_kernel": rng.normal(scale=2, size=(units, vocab)),
                       "dense_bias": rng.normal(size=vocab), "vocabulary": vocabulary}
            demos.append(cls(weights, prompt, temperature, seed=units, step=step, length=20))
        return demos

    def weights(self) -> dict:
        """The synced weights as the browser reads them (float32 values, as float64)."""
        return {**{name: self.array(name) for name in WEIGHT_NAMES},
                "vocabulary": self.vocabulary}

    def reference(self) -> dict[str, np.ndarray]:
        """The generated ids ``(length,)`` and the distribution drawn from at ``step``."""
        prompt_ids = encode_text(END_OF_POEM + self.prompt, self.vocabulary)
        ids, distributions = generate_ids(self.weights(), prompt_ids, self.temperature,
                                          self.seed, self.length)
        return {"ids": np.array(ids), "distribution": distributions[self.step - 1]}
