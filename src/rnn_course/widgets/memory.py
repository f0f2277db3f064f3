"""Live demo of chapter 3: the memory stepper. Taught in chapter 3.

A word order (typed, or one of :data:`PRESET_WORDS`) is turned into 2-bit inputs with a
code table and read by the chapter's linear network, every weight equal to ``weight``,
as an Elman network (the memory stores the hidden values) or a Jordan network (it stores
the outputs). The demo draws the unrolled network with its numbers filled in up to
``step``. Splitting, encoding and the network run in the browser (``js/memory.js``); the
NumPy reference is :func:`rnn_course.reference.memory.memory_network`.
"""

from __future__ import annotations

import numpy as np
import traitlets

from rnn_course.data.words import WORD_CODE, encode_words, split_words
from rnn_course.reference.memory import NETWORKS, memory_network, uniform_weights
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.controls import dropdown, slider, text_box

# The two sentences, the classic example, and one input followed by silence.
PRESET_WORDS = ("你祖我孫", "我祖你孫", "11 11 22", "11 00 00 00 00 00")
MAX_WORDS = 8  # more steps than this no longer fit the drawing's width


def unknown_word(words: list[str], code: dict) -> int:
    """Position (from 1) of the first word that is neither in ``code`` nor two digits; 0 if none.

    ``split_words`` returns either a single character or a pair of digits, so a word of
    two characters is always an input vector such as ``"11"``.
    """
    return next((position for position, word in enumerate(words, start=1)
                 if word not in code and len(word) != 2), 0)


class MemoryStepper(LiveDemo):
    """Word order, step, network and weight -> the unrolled network with its numbers.

    Args:
        word_order: the words, read by :func:`~rnn_course.data.words.split_words`:
            characters of ``word_code`` and/or input vectors written as two digits.
            Unknown words, no words or more than :data:`MAX_WORDS` draw a message.
        step: how many steps are filled in (0: only ``m_0 = 0`` is known); kept between
            0 and the number of words.
        network: ``"elman"`` or ``"jordan"``.
        weight: the value of every weight (0 to 2 on the slider).
        word_code: the code table, character -> 2-bit vector (default: the notes' table).
    """

    _module = "memory.js"
    parity_cases = (
        {"word_order": "你祖我孫", "step": 4, "network": "elman", "weight": 1.0},
        {"word_order": "我祖你孫", "step": 2, "network": "jordan", "weight": 0.5},
        {"word_order": "11 11 22", "step": 0, "network": "elman", "weight": 2.0},
        {"word_order": "11 00 00 00 00 00", "step": 6, "network": "jordan", "weight": 0.0},
        {"word_order": "你 祖我孫", "step": 9, "network": "elman", "weight": 1.35,
         "word_code": {"你": [1, 0], "祖": [1, 1], "我": [0, 1], "孫": [0, 0]}},
        {"word_order": "我 x 孫", "step": 3, "network": "jordan", "weight": 1.0},
        {"word_order": "１１ 2 11", "step": 1, "network": "elman", "weight": 1.0},
        {"word_order": "１１00我", "step": 3, "network": "jordan", "weight": 0.75},
        {"word_order": "11" * (MAX_WORDS + 1), "step": 9, "network": "elman", "weight": 1.0},
        {"word_order": "", "step": 0, "network": "jordan", "weight": 1.0},
    )

    word_order = text_box("你祖我孫", label="word order", suggestions=PRESET_WORDS)
    # js/memory.js narrows the slider to the number of words as the text changes.
    step = slider(4, 0, MAX_WORDS, label="step")
    network = dropdown("elman", {name: name.title() for name in NETWORKS},
                       label="network")
    weight = slider(1.0, 0.0, 2.0, step=0.05, digits=2, label="every weight")
    word_code = traitlets.Dict().tag(sync=True)
    max_words = traitlets.Int(MAX_WORDS).tag(sync=True)

    def __init__(self, word_order: str = "你祖我孫", step: int = 4, network: str = "elman",
                 weight: float = 1.0, word_code: dict | None = None) -> None:
        code = {word: list(bits) for word, bits in (word_code or WORD_CODE).items()}
        super().__init__(word_order=word_order, step=min(step, self._last_step(word_order)),
                         network=network, weight=weight, word_code=code)

    @staticmethod
    def _last_step(word_order: str) -> int:
        return max(1, min(len(split_words(word_order)), MAX_WORDS))

    @traitlets.observe("word_order")
    def _fit_step(self, change: dict) -> None:
        # The step slider runs from 0 to the number of words (js/memory.js does the same).
        self.step = min(self.step, self._last_step(change["new"]))

    def reference(self) -> dict[str, np.ndarray]:
        """What ``compute()`` returns, with NumPy.

        ``num_words``; ``unknown`` (see :func:`unknown_word`); ``step``, the number of
        steps drawn (``step`` clipped to the number of words); and, when the words can be
        drawn, ``inputs``, ``hidden``, ``memories``, ``outputs``, each ``(num_words, 2)``
        as :func:`~rnn_course.reference.memory.memory_network` returns them (empty
        otherwise).
        """
        words = split_words(self.word_order)
        unknown = unknown_word(words, self.word_code)
        arrays = dict.fromkeys(("inputs", "hidden", "memories", "outputs"), np.zeros(0))
        if not unknown and 1 <= len(words) <= self.max_words:
            inputs = encode_words(self.word_order, self.word_code)
            hidden, memories, outputs = memory_network(inputs, *uniform_weights(self.weight),
                                                       network=self.network)
            arrays = {"inputs": inputs, "hidden": hidden, "memories": memories,
                      "outputs": outputs}
        return {**arrays, "num_words": np.array(len(words)), "unknown": np.array(unknown),
                "step": np.array(min(self.step, len(words)))}

