"""Chapter 9's live translator: what it accepts, what it carries, what it computes.

(The JavaScript's parity with NumPy is in test_demo_parity.py, with the other demos.)
"""

import json

import numpy as np
import pytest

from rnn_course.data.numerals import to_chinese
from rnn_course.experiments.translator import load_translators
from rnn_course.widgets.translator import TranslatorDemo, parse_number


@pytest.mark.parametrize("text, number", [("3012", 3012), (" 7 ", 7), ("0", 0),
                                          ("99999999", 99_999_999), ("012", None),
                                          ("123456789", None), ("12x", None), ("", None),
                                          ("-5", None)])
def test_only_numbers_of_one_to_eight_digits_are_read(text, number):
    assert parse_number(text) == number


@pytest.fixture(scope="module")
def translators():
    return load_translators()


def test_the_weights_travel_packed_and_small(translators):
    demo = TranslatorDemo(translators)
    size = len(json.dumps(demo.weights))
    floats = sum(t.weights[name].size for t in translators.values() for name in t.weights)
    assert size < 4 * floats * 4 / 3 * 1.1      # base64 float32, not one number per line
    assert size < 600_000


def test_at_width_one_the_demo_decodes_as_greedy_decoding(translators):
    for number, model in [("12345678", "attention"), ("3012", "plain")]:
        demo = TranslatorDemo(translators, number, model)
        result = demo.reference()
        assert result["output"].tolist() == _greedy_ids(translators[model], int(number))
        assert result["expected"].tolist() == [ord(c) for c in to_chinese(int(number))]
        if model == "attention":
            np.testing.assert_allclose(result["attention"].sum(axis=1), 1.0)


def _greedy_ids(translator, number):
    from rnn_course.data.numerals import END_ID, MAX_TARGET_LEN, START_ID
    from rnn_course.reference import greedy_decode

    return greedy_decode(translator.step, translator.encode(number), START_ID, END_ID,
                         MAX_TARGET_LEN + 1)


def test_a_wrong_model_or_width_is_refused(translators):
    with pytest.raises(ValueError):
        TranslatorDemo(translators, model="transformer")
    with pytest.raises(Exception):
        TranslatorDemo(translators, beam_width=6)
