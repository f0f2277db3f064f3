"""Arabic numerals into Traditional Chinese numerals: chapter 9's toy translation task.

Taught in chapter 9. The input is a number written with 1 to 8 Arabic digits
(``"3012"``), the output the same number in Chinese characters (``"三千零一十二"``).
Input and output lengths differ, and the output is not a digit-by-digit copy: zeros
vanish or become one 零, and unit characters (十, 百, 千, 萬) appear between digits.

One convention, applied by :func:`to_chinese` (the reference every model is scored on):

* digits 零一二三四五六七八九; 2 is always 二 (never 兩); units 十 百 千 and 萬 (10^4);
* numbers of 5 to 8 digits are read in two groups of four: the upper group followed
  by 萬, then the lower group (``12345678 → 一千二百三十四萬五千六百七十八``);
* inside the number, a run of zeros followed by a non-zero digit is read as one 零
  (``1005 → 一千零五``, ``3012 → 三千零一十二``), trailing zeros are silent
  (``1200 → 一千二百``, ``105000 → 十萬五千``), and a lower group below 1000 after a
  non-zero upper group starts with 零 (``10005 → 一萬零五``, but
  ``10001000 → 一千萬一千``);
* 一十 loses its 一 only at the very start of the number (``15 → 十五``,
  ``150000 → 十五萬``), not inside it (``115 → 一百一十五``, ``3012 → 三千零一十二``);
* 0 is 零.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIGITS = "零一二三四五六七八九"
UNITS = ("", "十", "百", "千")
TEN_THOUSAND = "萬"
MAX_DIGITS = 8

# Vocabularies. Id 0 is padding in both, so Keras' ``mask_zero`` and the loss mask agree.
PAD = "<pad>"
START, END = "<s>", "</s>"
SOURCE_TOKENS = (PAD, *"0123456789")
"""Input vocabulary: padding, then the ten Arabic digits (id = digit + 1)."""
TARGET_TOKENS = (PAD, START, END, *DIGITS, *UNITS[1:], TEN_THOUSAND)
"""Output vocabulary: padding, start, end, the ten Chinese digits, 十 百 千 萬."""
PAD_ID, START_ID, END_ID = 0, 1, 2
MAX_SOURCE_LEN = MAX_DIGITS
MAX_TARGET_LEN = len("一千二百三十四萬五千六百七十八")  # 15, the longest output (8 non-zero digits)


def _group(number: int) -> str:
    """Read ``1 <= number <= 9999`` with units, one 零 per inner run of zeros."""
    digits = f"{number:04d}"
    out, pending_zero, started = [], False, False
    for position, digit in enumerate(digits):
        value = int(digit)
        if value == 0:
            pending_zero = started   # zeros before the first digit are not read
            continue
        if pending_zero:
            out.append(DIGITS[0])
            pending_zero = False
        out.append(DIGITS[value] + UNITS[3 - position])
        started = True
    return "".join(out)


def to_chinese(number: int) -> str:
    """The Traditional Chinese reading of ``0 <= number < 10**8`` (convention: module docs).

    Raises:
        ValueError: ``number`` is negative, has more than 8 digits or is not an integer.
    """
    if isinstance(number, bool) or not isinstance(number, (int, np.integer)):
        raise ValueError(f"number must be an int, got {number!r}")
    number = int(number)
    if not 0 <= number < 10 ** MAX_DIGITS:
        raise ValueError(f"number must be in [0, 10**{MAX_DIGITS}), got {number}")
    if number == 0:
        return DIGITS[0]
    upper, lower = divmod(number, 10_000)
    text = ""
    if upper:
        text = _group(upper) + TEN_THOUSAND
        if 0 < lower < 1000:
            text += DIGITS[0]
    if lower:
        text += _group(lower)
    if text.startswith("一十"):
        text = text[1:]
    return text


# ---------------------------------------------------------------- encoding

def encode_source(numbers, length: int = MAX_SOURCE_LEN) -> np.ndarray:
    """Digit ids of each number, left-aligned and padded with 0: ``(batch, length)`` int32."""
    out = np.zeros((len(numbers), length), dtype=np.int32)
    for row, number in enumerate(numbers):
        ids = [SOURCE_TOKENS.index(c) for c in str(int(number))]
        out[row, :len(ids)] = ids
    return out


def encode_target(texts, length: int = MAX_TARGET_LEN + 1) -> np.ndarray:
    """Character ids of each text followed by ``END_ID``, padded with 0: ``(batch, length)``."""
    out = np.zeros((len(texts), length), dtype=np.int32)
    for row, text in enumerate(texts):
        ids = [TARGET_TOKENS.index(c) for c in text] + [END_ID]
        out[row, :len(ids)] = ids
    return out


def decode_target(ids) -> str:
    """Characters of target ids, stopping at the first end token; pad/start are dropped."""
    chars = []
    for i in ids:
        if int(i) == END_ID:
            break
        if int(i) > END_ID:
            chars.append(TARGET_TOKENS[int(i)])
    return "".join(chars)


# ---------------------------------------------------------------- splits

@dataclass(frozen=True)
class NumeralSplits:
    """Train / validation / test numbers (int64 arrays), pairwise disjoint."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray


def make_splits(num_train: int = 20_000, num_validation: int = 1_000,
                num_test: int = 2_000, seed: int = 0) -> NumeralSplits:
    """Distinct numbers of 1 to 8 digits, shuffled and split three ways.

    Every number appears once in the three splits together, so no test (or validation)
    number is ever seen in training. The pool is shared equally among the digit counts
    1 to 8, drawn without replacement; a count with fewer numbers than its share (there
    are only 10 one-digit, 90 two-digit and 900 three-digit numbers) gives all it has
    and leaves the rest to the longer counts.
    """
    total = num_train + num_validation + num_test
    rng = np.random.default_rng(seed)
    pools, remaining = [], total
    for length in range(1, MAX_DIGITS + 1):
        low = 0 if length == 1 else 10 ** (length - 1)
        population = 10 ** length - low
        share = min(population, -(-remaining // (MAX_DIGITS + 1 - length)))
        pools.append(low + rng.choice(population, size=share, replace=False))
        remaining -= share
    chosen = rng.permutation(np.concatenate(pools).astype(np.int64))
    return NumeralSplits(train=chosen[:num_train],
                         validation=chosen[num_train:num_train + num_validation],
                         test=chosen[num_train + num_validation:total])
