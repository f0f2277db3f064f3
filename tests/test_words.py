"""Chapter 3's word orders as inputs: a mistyped order gets a message that says which word
is wrong and how to write it, never a NumPy error."""

from __future__ import annotations

import numpy as np
import pytest

from rnn_course.data.words import encode_words


@pytest.mark.parametrize("text, position, word", [
    ("1", 1, "1"),            # one component of a vector
    ("11 1", 2, "1"),
    ("111", 2, "1"),          # digits pair up from the left: "11", then a lone "1"
    ("你 2 孫", 2, "2"),
    ("你x", 2, "x"),
])
def test_a_word_that_is_not_an_input_names_itself(text, position, word):
    with pytest.raises(ValueError, match=f"word {position} \\('{word}'\\).*two digits"):
        encode_words(text)


def test_digit_pairs_and_characters_mix():
    np.testing.assert_array_equal(encode_words("11 你 20"), [[1, 1], [0, 0], [2, 0]])
