"""Chapter 3's memory networks: reference numbers, tables, the figure and the stepper demo."""

from __future__ import annotations

import json
import shutil
import subprocess

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

matplotlib.use("Agg")

from rnn_course.data.words import encode_words, split_words  # noqa: E402
from rnn_course.data.words import WORD_CODE  # noqa: E402
from rnn_course.plotting.memory import (format_vector, memory_table_markdown,  # noqa: E402
                                        plot_unrolled_network)
from rnn_course.reference import (jordan_memory_network, linear_memory_network,  # noqa: E402
                                  memory_network)
from rnn_course.reference.memory import uniform_weights  # noqa: E402
from rnn_course.widgets import all_demos  # noqa: E402
from rnn_course.widgets.memory import (MAX_WORDS, PRESET_WORDS,  # noqa: E402
                                       MemoryStepper)

CLASSIC = np.array([[1, 1], [1, 1], [2, 2]], dtype=float)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# -- Reference ---------------------------------------------------------------------------


def test_classic_example_elman():
    memories, outputs = linear_memory_network(CLASSIC)
    np.testing.assert_array_equal(outputs, [[4, 4], [12, 12], [32, 32]])
    np.testing.assert_array_equal(memories, [[2, 2], [6, 6], [16, 16]])


def test_classic_example_jordan_stores_outputs():
    memories, outputs = jordan_memory_network(CLASSIC)
    np.testing.assert_array_equal(outputs, [[4, 4], [20, 20], [88, 88]])
    np.testing.assert_array_equal(memories, outputs)


def test_elman_and_jordan_agree_on_step_one_then_differ():
    elman, jordan = linear_memory_network(CLASSIC)[1], jordan_memory_network(CLASSIC)[1]
    np.testing.assert_array_equal(elman[0], jordan[0])  # both read m_0 = 0
    assert not np.allclose(elman[1:], jordan[1:])


@pytest.mark.parametrize("network", [linear_memory_network, jordan_memory_network])
def test_shapes_and_batch_axis(network):
    rng = np.random.default_rng(0)
    batch = rng.integers(0, 3, size=(4, 5, 2)).astype(float)
    memories, outputs = network(batch)
    assert memories.shape == outputs.shape == (4, 5, 2)
    for sequence, sequence_memories, sequence_outputs in zip(batch, memories, outputs):
        single = network(sequence)
        assert single[0].shape == single[1].shape == (5, 2)
        np.testing.assert_allclose(single[0], sequence_memories)
        np.testing.assert_allclose(single[1], sequence_outputs)


@pytest.mark.parametrize("network", [linear_memory_network, jordan_memory_network])
def test_zero_inputs_and_zero_steps(network):
    memories, outputs = network(np.zeros((6, 2)))
    assert not memories.any() and not outputs.any()
    memories, outputs = network(np.zeros((0, 2)))
    assert memories.shape == outputs.shape == (0, 2)


def test_weight_parameter_matches_closed_forms():
    """Both units stay equal: per unit, a_t = w s_t + 2w a_{t-1} and y_t = 2w a_t (Elman),
    y_t = 2w^2 s_t + 4w^2 y_{t-1} (Jordan), with s_t = x_t[0] + x_t[1]."""
    inputs = np.array([[1, 0], [0, 2], [1, 1], [0, 0]], dtype=float)
    sums = inputs.sum(axis=1)
    for w in (0.0, 0.5, 1.0, 1.5):
        memories, outputs = linear_memory_network(inputs, weight=w)
        jordan_outputs = jordan_memory_network(inputs, weight=w)[1]
        a = y = 0.0
        for t, s in enumerate(sums):
            a = w * s + 2 * w * a
            y = 2 * w**2 * s + 4 * w**2 * y
            np.testing.assert_allclose(memories[t], [a, a])
            np.testing.assert_allclose(outputs[t], [2 * w * a, 2 * w * a])
            np.testing.assert_allclose(jordan_outputs[t], [y, y])


def test_memory_network_general_weights():
    kernel = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])   # (input_dim=2, units=3)
    recurrent = np.eye(3) * 0.5                              # (units, units)
    output_kernel = np.ones((3, 1))                          # (units, output_dim=1)
    hidden, memories, outputs = memory_network(CLASSIC, kernel, recurrent, output_kernel)
    assert hidden.shape == memories.shape == (3, 3) and outputs.shape == (3, 1)
    np.testing.assert_allclose(hidden, memories)
    np.testing.assert_allclose(hidden[1], CLASSIC[1] @ kernel + 0.5 * hidden[0])
    np.testing.assert_allclose(outputs, hidden @ output_kernel)
    jordan_recurrent = np.ones((1, 3))                       # (output_dim, units)
    hidden, memories, outputs = memory_network(CLASSIC, kernel, jordan_recurrent,
                                               output_kernel, network="jordan")
    np.testing.assert_allclose(memories, outputs)
    np.testing.assert_allclose(hidden[2], CLASSIC[2] @ kernel + outputs[1] @ jordan_recurrent)


def test_elman_is_a_linear_simple_rnn_without_bias():
    """The chapter 4 cell with a linear activation and zero bias computes the same memory."""
    from rnn_course.reference.rnn import rnn_forward

    kernel, recurrent, _ = uniform_weights(0.5)
    h_seq, _ = rnn_forward(CLASSIC[None], None, kernel, recurrent, np.zeros(2),
                           activation="linear")
    np.testing.assert_allclose(h_seq[0], linear_memory_network(CLASSIC, 0.5)[0])


def test_bad_shapes_and_network_raise():
    ones = np.ones((2, 2))
    with pytest.raises(ValueError, match="network"):
        memory_network(CLASSIC, ones, ones, ones, network="lstm")
    with pytest.raises(ValueError, match="recurrent_kernel"):
        memory_network(CLASSIC, ones, np.ones((3, 2)), ones)
    with pytest.raises(ValueError, match="inputs"):
        memory_network(np.ones(2), ones, ones, ones)
    with pytest.raises(ValueError, match="matrices"):
        memory_network(CLASSIC, np.ones(2), ones, ones)


def test_word_code_and_encoding():
    assert split_words("你 祖我孫") == ["你", "祖", "我", "孫"]
    assert split_words("111122") == split_words("11 11 22") == ["11", "11", "22"]
    np.testing.assert_array_equal(encode_words("11 11 22"), CLASSIC)
    codes = encode_words("你祖我孫")
    assert codes.shape == (4, 2) and len({tuple(c) for c in codes}) == 4
    assert encode_words("").shape == (0, 2)
    with pytest.raises(ValueError, match="word 2"):
        encode_words("你x")


def test_sentences_same_bag_of_words_different_outputs():
    first, second = encode_words("你祖我孫"), encode_words("我祖你孫")
    np.testing.assert_array_equal(np.sort(first, axis=0), np.sort(second, axis=0))
    assert linear_memory_network(first)[1][-1, 0] != linear_memory_network(second)[1][-1, 0]


def test_equal_weights_cannot_separate_mirror_codes():
    """If 你 and 我 have the same bit sum, equal input weights see the same sequence."""
    mirror = {"你": (1, 0), "祖": (1, 1), "我": (0, 1), "孫": (0, 0)}
    first, second = encode_words("你祖我孫", mirror), encode_words("我祖你孫", mirror)
    np.testing.assert_array_equal(linear_memory_network(first)[1],
                                  linear_memory_network(second)[1])
    kernel = np.array([[1.0, 1.0], [2.0, 2.0]])  # the second bit counts twice
    _, recurrent, output_kernel = uniform_weights(1.0)
    assert not np.allclose(memory_network(first, kernel, recurrent, output_kernel)[2],
                           memory_network(second, kernel, recurrent, output_kernel)[2])


# -- Tables and figures ------------------------------------------------------------------


def test_memory_table_rows_and_columns():
    results = {"Elman": linear_memory_network(CLASSIC),
               "Jordan": jordan_memory_network(CLASSIC)}
    table = memory_table_markdown(split_words("11 11 22"), CLASSIC, results).splitlines()
    assert len(table) == 2 + 3
    assert table[0].count("|") == 1 + 3 + 2 * 2
    assert table[-1] == "| 3 | 22 | [2, 2] | [16, 16] | [32, 32] | [88, 88] | [88, 88] |"
    assert format_vector([-0.0, 1.5]) == "[0, 1.5]"


def test_unrolled_network_has_both_networks():
    fig = plot_unrolled_network(num_steps=2)
    assert [ax.get_title().split()[0] for ax in fig.axes] == ["Elman", "Jordan"]
    assert "$m_2$" in [text.get_text() for text in fig.axes[0].texts]


# -- Demo --------------------------------------------------------------------------------


def test_stepper_data_is_the_code_table_and_the_chapter_numbers():
    demo = MemoryStepper()
    assert demo.word_code == {word: list(bits) for word, bits in WORD_CODE.items()}
    text_box = next(c for c in demo._controls if c["name"] == "word_order")
    assert text_box["suggestions"] == list(PRESET_WORDS) and MemoryStepper in all_demos()
    np.testing.assert_array_equal(demo.reference()["outputs"][-1], [16, 16])
    jordan = MemoryStepper("11 11 22", step=3, network="jordan").reference()
    np.testing.assert_array_equal(jordan["outputs"][:, 0], [4, 20, 88])
    with pytest.raises(ValueError, match="network"):
        MemoryStepper(network="lstm")


def test_stepper_step_follows_the_number_of_words():
    demo = MemoryStepper("11 00 00 00 00 00", step=6)
    demo.word_order = "11 00"
    assert demo.step == 2
    demo.word_order = "11 " * (MAX_WORDS + 3)  # more words: the step stays where it was
    assert demo.step == 2
    assert MemoryStepper("你祖", step=7).step == 2


def draw_in_node(states: list[dict], tmp_path) -> list[dict]:
    """The module's draw(state, 700) for each state: {title, svg, height, label}."""
    module = tmp_path / "memory.mjs"
    module.write_text(MemoryStepper._esm, encoding="utf-8")
    script = (f"const m = await import({json.dumps(module.as_uri())});"
              f"console.log(JSON.stringify({json.dumps(states)}.map(s => m.draw(s, 700))));")
    result = subprocess.run([shutil.which("node"), "--input-type=module", "-e", script],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_stepper_drawing_explains_words_it_cannot_read(tmp_path):
    words = ["你x孫", "", "11" * (MAX_WORDS + 1), "11 11 22"]
    drawn = draw_in_node([MemoryStepper(w, network="jordan").draw_state() for w in words],
                         tmp_path)
    assert 'Word 2 (&quot;x&quot;) is not in the code table' in drawn[0]["svg"]
    assert "Type a word order" in drawn[1]["svg"]
    assert f"type 1 to {MAX_WORDS} words" in drawn[2]["svg"]
    for word_order, out in zip(words, drawn):
        assert f'word order "{word_order}"' in out["title"] and "Jordan" in out["title"]
    assert ">88<" in drawn[3]["svg"] and "y_3 = [88, 88]" in drawn[3]["title"]
