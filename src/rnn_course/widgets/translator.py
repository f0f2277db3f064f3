"""Live demo of chapter 9: the trained translator, computed in the reader's browser.

Taught in chapter 9. The reader types a number (1 to 8 digits) and picks a model (plain,
or with attention) and a beam width; ``js/translator.js`` runs the trained encoder and the
decoder's step function (the demo core's ``gruStep``, ``dotAttention``, ``logSumExp``) with
beam search, and draws the output (characters that differ from the rule-based reading
marked), the attention weights of the output as a heatmap, and the hypotheses the beam
kept at every step with their log-probabilities. Width 1 is greedy decoding.

The weights travel as packed float32 arrays (:func:`~rnn_course.widgets.arrays.pack_array`),
one dict per model, in the layout of :class:`rnn_course.experiments.translator.Translator`.
"""

from __future__ import annotations

import re

import numpy as np
import traitlets

from rnn_course.data.numerals import (END_ID, MAX_DIGITS, MAX_TARGET_LEN, START_ID,
                                      TARGET_TOKENS, to_chinese)
from rnn_course.reference.seq2seq import beam_search
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.arrays import pack_array, unpack_array
from rnn_course.widgets.controls import dropdown, slider, text_box

MODELS = {"attention": "with attention", "plain": "plain (context vector only)"}
SUGGESTIONS = ("3012", "105000", "10000100", "12345678", "90807060", "20000001")
NUMBER = re.compile(r"^(0|[1-9][0-9]{0,%d})$" % (MAX_DIGITS - 1))


def parse_number(text: str) -> int | None:
    """The number the reader typed (1 to 8 digits, no leading zero), or None."""
    text = text.strip()
    return int(text) if NUMBER.match(text) else None


class TranslatorDemo(LiveDemo):
    """Translate a typed number with a trained model, in the browser.

    Args:
        translators: ``{"plain": Translator, "attention": Translator}``; ``None`` (the
            default): the models shipped with the package
            (:func:`rnn_course.experiments.translator.load_translators`).
        number, model, beam_width: the controls' first values.
    """

    _module = "translator.js"
    parity_cases = ()  # built from the shipped weights: see parity_demos()

    number = text_box("3012", label="number (1 to 8 digits)", suggestions=SUGGESTIONS)
    model = dropdown("attention", MODELS, label="model")
    beam_width = slider(1, 1, 5, label="beam width")
    weights = traitlets.Dict().tag(sync=True)   # {model: {weight name: packed float32}}
    target_tokens = traitlets.List(list(TARGET_TOKENS)).tag(sync=True)   # id -> text

    def __init__(self, translators: dict | None = None, number: str = "3012",
                 model: str = "attention", beam_width: int = 1) -> None:
        if translators is None:
            from rnn_course.experiments.translator import load_translators

            translators = load_translators()
        weights = {kind: {name: pack_array(value) for name, value in t.weights.items()}
                   for kind, t in translators.items()}
        super().__init__(weights=weights, number=number, model=model, beam_width=beam_width)

    @classmethod
    def parity_demos(cls) -> list[TranslatorDemo]:
        """The shipped models on numbers with zeros inside, the longest inputs, widths 1-5."""
        from rnn_course.experiments.translator import load_translators

        translators = load_translators()
        return [cls(translators, "3012"), cls(translators, "105000", "plain", 3),
                cls(translators, "12345678", "attention", 5),
                cls(translators, "90807060", "plain", 1), cls(translators, "7", "plain", 2),
                cls(translators, "12x")]

    def translator(self):
        """The chosen model, from the weights as the browser reads them (float64)."""
        from rnn_course.experiments.translator import Translator

        return Translator(self.model, {name: unpack_array(packed) for name, packed
                                       in self.weights[self.model].items()}, dtype=np.float64)

    def reference(self) -> dict[str, np.ndarray]:
        """What ``compute`` returns: the best output's ids and log-probability, its
        attention weights ``(len(output) + 1, num_digits)`` (empty for the plain model), the
        log-probabilities the beam kept at each step (flat) and how many per step, and the
        rule-based reading as code points; ``valid`` 0 for text that is not a number."""
        number = parse_number(self.number)
        if number is None:
            return {"valid": np.array(0)}
        translator = self.translator()
        trace: list = []
        tokens, log_prob = beam_search(translator.step, translator.encode(number), START_ID,
                                       END_ID, MAX_TARGET_LEN + 1, self.beam_width, trace)
        _, attention = translator.follow([number], [tokens])
        return {"valid": np.array(1), "output": np.array(tokens), "log_prob": np.array(log_prob),
                "attention": np.zeros(0) if attention is None else attention[0, :, :len(str(number))],
                "beam_scores": np.array([score for kept in trace for _, score, _ in kept]),
                "beam_sizes": np.array([len(kept) for kept in trace]),
                "expected": np.array([ord(c) for c in to_chinese(number)])}
