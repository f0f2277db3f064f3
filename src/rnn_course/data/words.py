"""Chapter 3's four-word language: the 2-bit word code and word orders as inputs.

Data and helpers, not graded answers: chapters, figures, widgets and exercise notebooks
import them from here. Taught in chapter 3.

- :data:`WORD_CODE` -- the code table of the lecture notes, character -> 2-bit vector;
- :data:`PINYIN` -- the characters' pinyin, for figures (their font has no Chinese glyphs);
- :func:`split_words` -- a word order as a list of words;
- :func:`encode_words` -- a word order as the network's inputs, shape ``(num_steps, 2)``.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import numpy as np

# The code table of the lecture notes. Any four distinct 2-bit codes use 00, 01, 10 and 11
# once each; which word gets which code matters (chapter 3 shows why).
WORD_CODE: dict[str, tuple[int, int]] = {"你": (0, 0), "祖": (1, 0), "我": (0, 1),
                                         "孫": (1, 1)}
# Matplotlib's default font has no Chinese glyphs, so figures label words in pinyin.
PINYIN: dict[str, str] = {"你": "nǐ", "祖": "zǔ", "我": "wǒ", "孫": "sūn"}

# A word is one non-space character, or two digits written as an input vector ("22").
_WORD = re.compile(r"\d\d|\S")
_VECTOR = re.compile(r"\d\d")


def split_words(text: str) -> list[str]:
    """Split a word order into words: single characters, and digit pairs such as ``"11"``.

    Spaces only separate: ``"你祖我孫"`` and ``"你 祖 我 孫"`` give the same four words,
    ``"11 11 22"`` and ``"111122"`` the same three input vectors.
    """
    return _WORD.findall(text)


def encode_words(text: str, code: Mapping[str, Sequence[float]] = WORD_CODE) -> np.ndarray:
    """Turn a word order into the network's inputs, one 2-vector per word.

    Args:
        text: characters of ``code`` (e.g. ``"你祖我孫"``) and/or input vectors written as
            two digits (``"11 11 22"`` is ``[1, 1], [1, 1], [2, 2]``), see :func:`split_words`.
        code: the code book, character -> 2-vector (default :data:`WORD_CODE`).

    Returns:
        Float array of shape ``(num_steps, 2)``.

    Raises:
        ValueError: a word is neither in ``code`` nor a pair of digits (a lone digit, as
            in ``"11 1"``, is one component short).
    """
    rows = []
    for position, word in enumerate(split_words(text), start=1):
        if word in code:
            rows.append(code[word])
        elif _VECTOR.fullmatch(word):
            rows.append([int(digit) for digit in word])
        else:
            raise ValueError(f"word {position} ({word!r}) is not in the code book "
                             f"({' '.join(code)}) and is not an input vector written as "
                             "two digits ('11')")
    return np.array(rows, dtype=float).reshape(len(rows), 2)
