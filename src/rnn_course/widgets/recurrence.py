"""Live demo of chapter 2: how far back can a fixed window see? Taught in chapter 2.

For the arrive/leave data set (:mod:`rnn_course.data.slot_filling`) with up to
``max_fillers`` filler phrases, the demo plots the accuracy ceiling of a window of ``k``
words ending at the target, for every ``k``; the parameters of a dense layer over that
window against a recurrent cell's; and one example sentence with its window shaded and
its cue verb marked seen or missed. Python supplies the sentences as data: for every
``max_fillers`` setting the cue and target positions of all ``NUM_SENTENCES`` sentences,
and the words and labels of the first ``NUM_EXAMPLES``. The distances travel packed as
bytes (:func:`~rnn_course.widgets.arrays.pack_array`): 18,000 of them would otherwise be
one JSON number per line in the stored notebook. The browser
(``js/recurrence.js``) works out which cues fall in the window and the ceilings.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import traitlets

from rnn_course.data.slot_filling import (LABELS, accuracy_ceiling, cue_in_window,
                                          make_slot_filling)
from rnn_course.reference import simple_rnn_param_count, window_dense_params
from rnn_course.widgets import LiveDemo
from rnn_course.widgets.arrays import array_trait, pack_array
from rnn_course.widgets.controls import slider

MAX_WINDOW = 40
MAX_FILLERS = 8
NUM_SENTENCES = 2000  # the chapter's data set: make_slot_filling(2000, 4, seed=0)
NUM_EXAMPLES = 20  # sentences the reader can step through
INPUT_DIM, UNITS = 100, 64  # word vectors and units of the parameter plot (as in ch. 4)


@lru_cache(maxsize=None)
def ceiling_curve(max_fillers: int, num_sentences: int = NUM_SENTENCES, seed: int = 0,
                  max_window: int = MAX_WINDOW) -> np.ndarray:
    """``(max_window,)`` accuracy ceilings of windows of 1 .. ``max_window`` words.

    On ``make_slot_filling(num_sentences, max_fillers, seed)``; read-only (cached).
    """
    data = make_slot_filling(num_sentences, max_fillers, seed)
    curve = np.array([accuracy_ceiling(data, k) for k in range(1, max_window + 1)])
    curve.setflags(write=False)  # shared by every caller through the cache
    return curve


class WindowVsDistance(LiveDemo):
    """Window size, longest gap and example sentence -> ceiling, parameters, sentence.

    Args:
        window_size: ``k``, the words the window holds, ending at the target
            (1 to :data:`MAX_WINDOW`).
        max_fillers: at most this many filler phrases per sentence (0 to
            :data:`MAX_FILLERS`); more fillers push the cue further back.
        sentence_index: which of the first :data:`NUM_EXAMPLES` sentences to show.
        num_sentences, seed: the data sets, ``make_slot_filling(num_sentences, m, seed)``
            for every ``m`` the slider offers.
    """

    _module = "recurrence.js"
    parity_cases = (
        {"window_size": 5, "max_fillers": 4, "sentence_index": 0},
        {"window_size": 1, "max_fillers": 0, "sentence_index": 19},
        {"window_size": MAX_WINDOW, "max_fillers": MAX_FILLERS, "sentence_index": 7},
        {"window_size": 4, "max_fillers": 0, "sentence_index": 3},
        {"window_size": 19, "max_fillers": 4, "sentence_index": 12, "num_sentences": 300,
         "seed": 5},
    )

    window_size = slider(5, 1, lambda demo: demo.max_window, label="window size k")
    max_fillers = slider(4, 0, MAX_FILLERS, label="filler phrases ≤")
    sentence_index = slider(0, 0, NUM_EXAMPLES - 1, label="sentence")
    max_window = traitlets.Int(MAX_WINDOW).tag(sync=True)
    input_dim = traitlets.Int(INPUT_DIM).tag(sync=True)
    units = traitlets.Int(UNITS).tag(sync=True)
    label_names = traitlets.List(list(LABELS)).tag(sync=True)
    # One entry per max_fillers setting 0 .. MAX_FILLERS:
    cue_distances = array_trait()  # packed (settings, num_sentences)
    example_cues = traitlets.List().tag(sync=True)  # (NUM_EXAMPLES,) positions
    example_targets = traitlets.List().tag(sync=True)  # (NUM_EXAMPLES,) positions
    sentences = traitlets.List().tag(sync=True)  # NUM_EXAMPLES sentences, words joined by spaces
    labels = traitlets.List().tag(sync=True)  # (NUM_EXAMPLES,) 0 arrival, 1 departure

    def __init__(self, window_size: int = 5, max_fillers: int = 4, sentence_index: int = 0,
                 num_sentences: int = NUM_SENTENCES, seed: int = 0) -> None:
        self.num_sentences, self.seed = num_sentences, seed
        data = [make_slot_filling(num_sentences, m, seed) for m in range(MAX_FILLERS + 1)]
        super().__init__(
            window_size=window_size, max_fillers=max_fillers, sentence_index=sentence_index,
            cue_distances=pack_array([d.cue_distance for d in data], "uint8"),
            example_cues=[d.cue_index[:NUM_EXAMPLES].tolist() for d in data],
            example_targets=[d.target_index[:NUM_EXAMPLES].tolist() for d in data],
            sentences=[[" ".join(words) for words in d.sentences[:NUM_EXAMPLES]] for d in data],
            labels=[d.labels[:NUM_EXAMPLES].tolist() for d in data])

    def reference(self) -> dict[str, np.ndarray]:
        """The module's numbers, computed with NumPy on the current data set.

        ``ceiling (max_window,)`` for k = 1 .. max_window; ``cue_in_window
        (num_sentences,)`` at ``window_size``; ``dense_params (max_window,)`` and
        ``rnn_params ()``; the shown sentence's ``cue_distance ()`` and ``cue_seen ()``.
        """
        data = make_slot_filling(self.num_sentences, self.max_fillers, self.seed)
        seen = cue_in_window(data, self.window_size)
        sizes = np.arange(1, self.max_window + 1)
        return {
            "ceiling": ceiling_curve(self.max_fillers, self.num_sentences, self.seed,
                                     self.max_window),
            "cue_in_window": seen.astype(float),
            "dense_params": window_dense_params(sizes, self.input_dim, self.units),
            "rnn_params": np.array(simple_rnn_param_count(self.input_dim, self.units)),
            "cue_distance": np.array(data.cue_distance[self.sentence_index]),
            "cue_seen": np.array(float(seen[self.sentence_index])),
        }

