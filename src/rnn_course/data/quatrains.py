"""Tang-dynasty quatrains (绝句), a small character corpus with visible structure. Chapter 10.

The file ``texts/tang_quatrains.txt`` holds 88 well-known quatrains of the Tang dynasty
(618-907) by Li Bai, Du Fu, Wang Wei, Meng Haoran, Du Mu, Li Shangyin and others, one
poem a line, in simplified characters: 48 of four 5-character lines (五言绝句) and 40 of
four 7-character lines (七言绝句), each line ended by "，" or "。". The poems are
more than a thousand years old and in the public domain; the text was transcribed for
this course from the traditional anthologies (e.g. 唐诗三百首, compiled 1763), without
titles or authors. What a character model can learn here is the form: every line of a
poem has the same length (5 or 7), punctuation alternates "，" "。", and a poem is four
lines then a newline.
"""

from __future__ import annotations

import re
from importlib import resources

import numpy as np

LINE_BREAKS = "，。"
END_OF_POEM = "\n"


def load_quatrains() -> list[str]:
    """The 88 poems, each a string like ``"床前明月光，疑是地上霜。举头望明月，低头思故乡。"``."""
    text = resources.files("rnn_course.data").joinpath("texts/tang_quatrains.txt")
    return text.read_text(encoding="utf-8").splitlines()


def split_poems(poems: list[str], num_held_out: int = 12, seed: int = 0
                ) -> tuple[str, str]:
    """Training and held-out text: ``num_held_out`` poems drawn by ``seed`` are held out.

    Each text is its poems joined, every poem followed by a newline.
    """
    order = np.random.default_rng(seed).permutation(len(poems))
    held_out = set(order[:num_held_out].tolist())
    train = "".join(p + END_OF_POEM for i, p in enumerate(poems) if i not in held_out)
    test = "".join(p + END_OF_POEM for i, p in enumerate(poems) if i in held_out)
    return train, test


def char_vocabulary(text: str) -> list[str]:
    """The distinct characters of ``text``, sorted (a character's position is its id)."""
    return sorted(set(text))


def line_lengths(text: str) -> list[int]:
    """Lengths of the lines of ``text``: the runs of characters between "，", "。" and newlines.

    A well-formed quatrain gives four 5s or four 7s; a trailing unfinished line is dropped.
    """
    pieces = re.split(f"[{LINE_BREAKS}{END_OF_POEM}]", text)
    return [len(piece) for piece in pieces[:-1] if piece]


def share_of_regular_lines(text: str) -> float:
    """The fraction of ``text``'s lines that are 5 or 7 characters long (0.0 if none)."""
    lengths = line_lengths(text)
    return float(np.mean([n in (5, 7) for n in lengths])) if lengths else 0.0
