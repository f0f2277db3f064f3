"""A generated slot-filling data set where the deciding word can sit far from the target.

Taught in chapter 2. Every sentence books a trip, for example::

    I will arrive Taipei with my family after the conference on November 2nd

The target word is the month (``November``). Its slot is ``arrival date`` when the
cue verb is ``arrive`` and ``departure date`` when it is ``leave``; the filler phrases
between the city and the date are drawn independently of the label, so they carry no
information about it. The number of filler phrases sets the cue distance (how many
words before the target the cue sits). A fixed window of ``window_size`` words ending at
the target can only know the label when the cue falls inside it; otherwise the best it
can do is guess, which is right half of the time.

Everything is generated from a seed; nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rnn_course.data.corpus import PAD

LABELS = ("arrival date", "departure date")
CUE_WORDS = ("arrive", "leave")  # CUE_WORDS[label] decides LABELS[label]

_SUBJECTS = (("I", "will"), ("we", "will"), ("my", "parents", "will"),
             ("the", "whole", "team", "will"), ("she", "will"))
_CITIES = ("Taipei", "Tokyo", "Seoul", "Kaohsiung", "Osaka", "Manila")
_FILLERS = (
    ("with", "my", "family"),
    ("after", "the", "conference"),
    ("early", "in", "the", "morning"),
    ("if", "the", "weather", "is", "fine"),
    ("on", "a", "cheap", "flight"),
    ("together", "with", "two", "colleagues"),
    ("for", "the", "first", "time"),
    ("as", "planned"),
    ("with", "one", "small", "suitcase"),
    ("once", "the", "visa", "is", "ready"),
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("1st", "2nd", "3rd", "5th", "9th", "14th", "20th", "28th")


@dataclass(frozen=True)
class SlotFillingData:
    """Sentences of a generated slot-filling data set.

    Attributes:
        sentences: ``num_sentences`` tuples of words (lengths vary).
        target_index: ``(num_sentences,)`` position of the target word (the month).
        cue_index: ``(num_sentences,)`` position of the cue verb (``arrive``/``leave``).
        labels: ``(num_sentences,)`` integers, 0 = ``arrival date``, 1 = ``departure date``.
    """

    sentences: tuple[tuple[str, ...], ...]
    target_index: np.ndarray
    cue_index: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def cue_distance(self) -> np.ndarray:
        """``(num_sentences,)`` how many words before the target the cue sits (>= 3)."""
        return self.target_index - self.cue_index

    def window(self, index: int, window_size: int) -> tuple[str, ...]:
        """The ``window_size`` words ending at the target of sentence ``index``.

        Positions before the start of the sentence are filled with :data:`PAD`.
        """
        sentence, end = self.sentences[index], int(self.target_index[index]) + 1
        start = end - window_size
        return (PAD,) * max(0, -start) + sentence[max(0, start):end]


def _sentence(rng: np.random.Generator, label: int, num_fillers: int
              ) -> tuple[tuple[str, ...], int, int]:
    subject = _SUBJECTS[rng.integers(len(_SUBJECTS))]
    city = _CITIES[rng.integers(len(_CITIES))]
    fillers = [_FILLERS[i] for i in rng.choice(len(_FILLERS), num_fillers, replace=False)]
    month, day = _MONTHS[rng.integers(len(_MONTHS))], _DAYS[rng.integers(len(_DAYS))]
    words = [*subject, CUE_WORDS[label], city]
    cue_index = len(subject)
    for phrase in fillers:
        words.extend(phrase)
    words.append("on")
    target_index = len(words)
    words.extend((month, day))
    return tuple(words), target_index, cue_index


@lru_cache(maxsize=32)
def make_slot_filling(num_sentences: int = 2000, max_fillers: int = 4, seed: int = 0
                      ) -> SlotFillingData:
    """Generate the arrive/leave data set (cached: the same arguments give the same object).

    Args:
        num_sentences: how many sentences to draw.
        max_fillers: each sentence gets between 0 and ``max_fillers`` distinct filler
            phrases (uniformly) between the city and the date; more fillers push the cue
            further from the target. At most ``len(_FILLERS)`` (10).
        seed: seed of the NumPy random generator; the labels are fair coin flips.

    Returns:
        A :class:`SlotFillingData`.
    """
    if not 0 <= max_fillers <= len(_FILLERS):
        raise ValueError(f"max_fillers must lie in [0, {len(_FILLERS)}], got {max_fillers}")
    rng = np.random.default_rng(seed)
    labels = rng.integers(2, size=num_sentences)
    num_fillers = rng.integers(max_fillers + 1, size=num_sentences)
    rows = [_sentence(rng, int(label), int(count))
            for label, count in zip(labels, num_fillers)]
    sentences, target_index, cue_index = zip(*rows) if rows else ((), (), ())
    return SlotFillingData(sentences=tuple(sentences),
                           target_index=np.array(target_index, dtype=int),
                           cue_index=np.array(cue_index, dtype=int),
                           labels=labels)


def has_cue(words) -> bool:
    """True when ``words`` contain a cue verb (``arrive`` or ``leave``)."""
    return any(word in CUE_WORDS for word in words)


def cue_in_window(data: SlotFillingData, window_size: int) -> np.ndarray:
    """``(num_sentences,)`` booleans: does the window ending at the target hold a cue word?

    Read from the words themselves (not from ``cue_index``), so it is what a window
    model could actually see.
    """
    return np.array([has_cue(sentence[max(0, target - window_size + 1):target + 1])
                     for sentence, target in zip(data.sentences, data.target_index)],
                    dtype=bool)


def accuracy_ceiling(data: SlotFillingData, window_size: int) -> float:
    """Best expected accuracy of any model that sees only a window of ``window_size`` words.

    Where the cue is inside the window the label is certain (accuracy 1); elsewhere the
    window's words are independent of the label, a fair coin, so no rule beats 1/2.
    """
    return float(np.mean(np.where(cue_in_window(data, window_size), 1.0, 0.5)))


def slot_vocabulary() -> dict[str, int]:
    """Map every word the generator can produce to an id: :data:`PAD` is 0, then sorted.

    Built from the generator's word lists, not from one data set, so a training set and
    a test set drawn with different seeds share the same ids.
    """
    phrases = (*_SUBJECTS, CUE_WORDS, _CITIES, *_FILLERS, ("on",), _MONTHS, _DAYS)
    words = sorted({word for phrase in phrases for word in phrase})
    return {word: i for i, word in enumerate([PAD, *words])}


def window_ids(data: SlotFillingData, window_size: int, vocabulary: dict[str, int]
               ) -> np.ndarray:
    """``(num_sentences, window_size)`` word ids of each target's window (padded with 0)."""
    return np.array([[vocabulary[word] for word in data.window(i, window_size)]
                     for i in range(len(data))], dtype=np.int64).reshape(len(data),
                                                                         window_size)
