"""Chapter 9's translator: the NumPy step loop against the Keras model it came from."""

import numpy as np
import pytest

from rnn_course.data.numerals import END_ID, encode_target, to_chinese
from rnn_course.experiments import translator as tr
from rnn_course.reference import beam_search

NUMBERS = [7, 15, 3012, 105000, 10000100, 12345678, 90807060]


@pytest.fixture(scope="module")
def keras():
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    return pytest.importorskip("keras")


def argmax_agreement(translator, model, numbers, margin=1e-4):
    """Positions where the loop fed the gold prefix picks the teacher-forced argmax, and
    how many positions were compared (ties closer than ``margin`` are left out)."""
    source, decoder_inputs, targets = tr.dataset(numbers)
    forced = np.asarray(model([source, decoder_inputs]))
    agree = compared = 0
    for row, number in enumerate(numbers):
        length = int(np.argmax(targets[row] == END_ID)) + 1
        state, token = translator.encode(number), tr.START_ID
        for position in range(length):            # one step at a time, the demo's way
            logits, state = translator.step(token, state)
            expected = forced[row, position]
            np.testing.assert_allclose(logits, expected, atol=1e-4)
            top2 = np.sort(expected)[-2:]
            if top2[1] - top2[0] > margin:
                agree += int(np.argmax(logits) == np.argmax(expected))
                compared += 1
            token = targets[row, position]
    batched, _ = translator.follow(numbers, targets[:, :-1])
    np.testing.assert_allclose(batched, forced, atol=1e-4)  # padding included
    return agree, compared


@pytest.mark.parametrize("kind", tr.KINDS)
def test_step_loop_fed_the_gold_prefix_is_the_teacher_forced_model(keras, kind):
    keras.utils.set_random_seed(1)
    model = tr.build_model(kind)           # untrained: any weights must agree
    agree, compared = argmax_agreement(tr.Translator.from_model(model), model, NUMBERS)
    assert compared > 40 and agree == compared


@pytest.fixture(scope="module")
def shipped():
    return tr.load_translators()


@pytest.mark.parametrize("kind", tr.KINDS)
def test_shipped_weights_round_trip_through_keras(keras, shipped, kind):
    translator = shipped[kind]
    assert all(w.dtype == np.float32 for w in translator.weights.values())
    agree, compared = argmax_agreement(translator, translator.to_model(), NUMBERS)
    assert agree == compared


def test_distinct_inputs_decode_distinctly(shipped):
    for translator in shipped.values():
        outputs = [translator.translate(n) for n in NUMBERS]
        assert len(set(outputs)) == len(NUMBERS), outputs


def test_attention_weights_are_distributions_over_the_real_digits(shipped):
    gold = encode_target(["三千零一十二", "十五"])[:, :6]
    logits, attention = shipped["attention"].follow([3012, 15], gold)
    assert logits.shape == (2, 7, len(tr.TARGET_TOKENS)) and attention.shape == (2, 7, 8)
    np.testing.assert_allclose(attention.sum(axis=2), 1.0, atol=1e-6)
    assert np.all(attention[0, :, 4:] == 0.0) and np.all(attention[1, :, 2:] == 0.0)
    assert shipped["plain"].follow([3012], [[]])[1] is None


def test_batched_greedy_is_the_reference_greedy_loop(shipped):
    numbers = tr.make_splits(seed=5).test[:40]
    for translator in shipped.values():
        assert translator.greedy_batch(numbers) == [translator.translate(n) for n in numbers]


def test_shipped_weights_give_the_chapters_figures(shipped):
    splits = tr.make_splits(tr.NUM_TRAIN, tr.NUM_VALIDATION, tr.NUM_TEST, seed=tr.SHIPPED_SEED)
    scores = {kind: tr.score(t, splits.test) for kind, t in shipped.items()}
    assert tr.figures(scores) == pytest.approx(tr.load_figures(), abs=1e-9)


def test_beam_search_over_the_step_function_is_never_less_likely_than_greedy(shipped):
    for translator in shipped.values():
        for number in NUMBERS:
            state = translator.encode(number)
            scores = [beam_search(translator.step, state, tr.START_ID, END_ID,
                                  tr.MAX_TARGET_LEN + 1, width)[1] for width in (1, 3)]
            assert scores[1] >= scores[0] - 1e-9
        assert translator.translate(3012, beam_width=3) == to_chinese(3012)
