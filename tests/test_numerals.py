"""The Arabic -> Chinese numeral converter of chapter 9 and its data splits."""

import numpy as np
import pytest

from rnn_course.data.numerals import (END_ID, MAX_TARGET_LEN, TARGET_TOKENS, decode_target,
                                      encode_source, encode_target, make_splits,
                                      to_chinese)


@pytest.mark.parametrize("number, text", [
    (0, "零"), (2, "二"), (7, "七"),
    (10, "十"), (11, "十一"), (15, "十五"), (19, "十九"), (20, "二十"),   # 10-19: no 一
    (110, "一百一十"), (115, "一百一十五"),                              # 一十 inside
    (1005, "一千零五"), (3012, "三千零一十二"), (1010, "一千零一十"),     # zeros inside
    (1200, "一千二百"), (20000000, "二千萬"),                            # trailing zeros
    (10000, "一萬"), (10005, "一萬零五"), (100015, "十萬零一十五"),        # 萬 boundary
    (105000, "十萬五千"), (150000, "十五萬"), (101010, "十萬一千零一十"),
    (10001000, "一千萬一千"), (10000100, "一千萬零一百"),
    (12345678, "一千二百三十四萬五千六百七十八"),
    (99999999, "九千九百九十九萬九千九百九十九"),
])
def test_hand_picked_readings(number, text):
    assert to_chinese(number) == text


@pytest.mark.parametrize("bad", [-1, 10 ** 8, 3.0, "12", True])
def test_out_of_range_or_not_an_int_is_refused(bad):
    with pytest.raises(ValueError):
        to_chinese(bad)


def test_never_two_zeros_in_a_row_nor_a_trailing_zero():
    for number in np.random.default_rng(0).integers(1, 10 ** 8, size=2000):
        text = to_chinese(int(number))
        assert "零零" not in text and not text.endswith("零"), (number, text)
        assert len(text) <= MAX_TARGET_LEN


def test_splits_are_disjoint_fixed_by_the_seed_and_cover_every_length():
    splits = make_splits(2000, 200, 400, seed=3)
    train, validation, test = (set(a.tolist()) for a in
                               (splits.train, splits.validation, splits.test))
    assert (len(train), len(validation), len(test)) == (2000, 200, 400)
    assert not train & test and not train & validation and not validation & test
    assert np.array_equal(make_splits(2000, 200, 400, seed=3).test, splits.test)
    assert not np.array_equal(make_splits(2000, 200, 400, seed=4).test, splits.test)
    assert {len(str(n)) for n in test} >= set(range(3, 9))


def test_encodings_round_trip():
    numbers = [7, 3012, 12345678]
    source = encode_source(numbers)
    assert source.shape == (3, 8) and source[0].tolist() == [8, 0, 0, 0, 0, 0, 0, 0]
    target = encode_target([to_chinese(n) for n in numbers])
    assert target.shape == (3, MAX_TARGET_LEN + 1)
    assert target[0, 1] == END_ID and TARGET_TOKENS[target[0, 0]] == "七"
    assert [decode_target(row) for row in target] == [to_chinese(n) for n in numbers]
