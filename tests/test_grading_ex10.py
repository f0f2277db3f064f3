"""Exercise set ex10 (chapter 10: applications): right answers pass however they are
written, typical mistakes fail with the hint written for them, and the trained digits
classifier is measured on the images the grader holds back (the promises every set keeps
are in ``test_grading_contract.py``)."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

from grading_helpers import assert_graded, messages
from rnn_course.grading import grade_answer
from rnn_course.grading.status import Status
from rnn_course.reference import make_windows

# --- 10.1 sample_with_temperature --------------------------------------------------------


def sampler(logits, temperature, rng, *, mistake=None):
    """The sampler a learner writes; ``mistake`` names one typical slip (None: right)."""
    logits = np.asarray(logits, dtype=float)
    if temperature == 0 and mistake != "divides by zero":
        return int(np.argmax(logits))
    scaled = {"multiplies": logits * temperature, "ignores T": logits}.get(
        mistake, logits / temperature)
    weights = np.exp(scaled if mistake == "overflows" else scaled - scaled.max())
    p = weights / weights.sum()
    if mistake == "global numpy":
        return int(np.random.choice(len(p), p=p))
    if mistake == "python random":
        return random.choices(range(len(p)), weights=p)[0]
    if mistake == "fresh generator":
        return int(np.random.default_rng().choice(len(p), p=p))
    if mistake == "array":
        return rng.choice(len(p), size=1, p=p)
    if mistake == "argmax":
        return int(np.argmax(p))
    return int(rng.choice(len(p), p=p))


def inverse_cdf_sampler(logits, temperature, rng):
    logits = np.asarray(logits, dtype=np.float32)
    if not temperature:
        return np.argmax(logits)
    cumulative = np.cumsum(np.exp(logits / temperature - np.max(logits / temperature)))
    return min(int(np.searchsorted(cumulative, rng.random() * cumulative[-1], "right")),
               len(logits) - 1)


@pytest.mark.parametrize("answer", [sampler, inverse_cdf_sampler])
def test_right_samplers_pass(answer):
    assert_graded("ex10.sample_with_temperature", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("multiplies", "divide the logits by the temperature, do not multiply"),
    ("ignores T", "the temperature has no effect"),
    ("argmax", "the argmax is for temperature 0 only"),
    ("global numpy", "np.random.choice and Python's random use a global state"),
    ("python random", "np.random.choice and Python's random use a global state"),
    ("fresh generator", "do not create a generator inside the function"),
    ("divides by zero", "return the argmax before you divide"),
    ("overflows", "subtract the largest scaled logit before np.exp"),
    ("array", "with size=1, rng.choice returns an array"),
])
def test_wrong_samplers_fail_with_their_hint(mistake, hint):
    assert_graded("ex10.sample_with_temperature",
                  lambda *a: sampler(*a, mistake=mistake), hint)


def test_the_sampler_feedback_never_prints_the_expected_distribution():
    result = assert_graded("ex10.sample_with_temperature",
                           lambda logits, t, rng: int(rng.integers(len(logits))),
                           "every value is wrong")
    assert "expected" not in messages(result)


# --- 10.2 perplexity -----------------------------------------------------------------------


def cross_entropies(logits, targets):
    logits = np.asarray(logits, dtype=float)
    top = logits.max(axis=1, keepdims=True)
    log_p = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(targets)), targets]


def perplexity(logits, targets, *, mistake=None):
    """The perplexity a learner writes; ``mistake`` names one typical slip (None: right)."""
    losses = cross_entropies(logits, targets)
    if mistake == "sum":
        return np.exp(losses.sum())
    if mistake == "2 ** nats":
        return 2 ** losses.mean()
    if mistake == "exp of bits":
        return np.exp((losses / np.log(2)).mean())
    if mistake == "sign":
        return np.exp(-losses.mean())
    if mistake == "mean of exp":
        return np.exp(losses).mean()
    if mistake == "every symbol":
        log_p = np.asarray(logits, float) - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return np.exp(-log_p.mean())
    if mistake == "naive":
        e = np.exp(np.asarray(logits, dtype=float))
        return np.exp(-np.log(e[np.arange(len(targets)), targets] / e.sum(axis=1)).mean())
    return float(np.exp(losses.mean()))


def perplexity_in_bits(logits, targets):
    return 2.0 ** np.mean(cross_entropies(logits, targets) / np.log(2))


@pytest.mark.parametrize("answer", [perplexity, perplexity_in_bits])
def test_right_perplexities_pass(answer):
    assert_graded("ex10.perplexity", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("sum", "take the MEAN cross-entropy"),
    ("2 ** nats", "2 ** mean goes with log base 2"),
    ("exp of bits", "bits go with 2 ** mean, not np.exp"),
    ("naive", "exp overflows at logits of 1000"),
    ("sign", "the sign is missing"),
    ("mean of exp", "exp(mean), not mean(exp)"),
    ("every symbol", "the log-probability of the target only"),
])
def test_wrong_perplexities_fail_with_their_hint(mistake, hint):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        assert_graded("ex10.perplexity", lambda *a: perplexity(*a, mistake=mistake), hint)


# --- 10.3 make_windows ---------------------------------------------------------------------


def windows(series, window, horizon, *, mistake=None):
    """The windows a learner writes; ``mistake`` names one typical slip (None: right)."""
    series = np.asarray(series)
    shift = 1 if mistake == "horizon ignored" else horizon
    count = len(series) - window - shift + 1 - (mistake == "one short") + (
        mistake == "one too many")
    if count < 1:
        if mistake == "no error":
            return np.zeros((0, window)), np.zeros(0)
        raise ValueError("" if mistake == "empty message" else
                         f"{len(series)} values cannot hold window {window} + horizon {horizon}")
    X = np.stack([series[i:i + window] for i in range(count)])
    target = {"inside": window - 1}.get(mistake, window + shift - 1)
    y = np.array([series[i + target] for i in range(count)])
    return X, (y[:, None] if mistake == "column" else y)


def windows_with_views(series, window, horizon):
    series = np.asarray(series, dtype=float)
    if len(series) < window + horizon:
        raise ValueError("series too short")
    X = np.lib.stride_tricks.sliding_window_view(series[:len(series) - horizon], window)
    return X, series[window + horizon - 1:].tolist()


@pytest.mark.parametrize("answer", [windows, windows_with_views, make_windows])
def test_right_windows_pass(answer):
    assert_graded("ex10.make_windows", answer)


@pytest.mark.parametrize("mistake, hint", [
    ("inside", "the target lies inside its own window"),
    ("horizon ignored", "the horizon is ignored"),
    ("one short", "one pair short"),
    ("one too many", "the last target is series[T - 1]"),
    ("column", "y has shape (N,)"),
    ("no error", "raise ValueError when the series is too short"),
    ("empty message", "give the ValueError a message"),
])
def test_wrong_windows_fail_with_their_hint(mistake, hint):
    assert_graded("ex10.make_windows", lambda *a: windows(*a, mistake=mistake), hint)


def test_windows_returned_as_one_array_are_told_to_return_the_pair():
    assert_graded("ex10.make_windows", lambda *a: windows(*a)[0], "return the pair (X, y)")


# --- 10.4 the trained digits classifier ----------------------------------------------------


class Oracle:
    """Stands in for a trained Keras model: knows the held-out digits' labels and gets the
    share ``right`` of them right (a fixed, spread-out subset)."""

    input_shape = (None, 8, 8)

    def __init__(self, right=1.0, delay=0.0):
        from rnn_course.experiments.digits_rows import exercise_held_out_digits

        images, labels = exercise_held_out_digits()
        self.labels = {image.tobytes(): int(label) for image, label in zip(images, labels)}
        self.right, self.delay = right, delay

    def predict(self, images, verbose=0):
        time.sleep(self.delay)
        labels = np.array([self.labels[image.tobytes()] for image in images])
        wrong = np.arange(len(images)) % 100 >= round(100 * self.right)
        return np.eye(10)[np.where(wrong, (labels + 1) % 10, labels)]

    __call__ = predict  # a Keras model is callable too


def test_a_classifier_above_the_threshold_passes_and_a_weaker_one_gets_part():
    assert_graded("ex10.digits_model", Oracle())
    result = assert_graded("ex10.digits_model", Oracle(right=0.87), "accuracy")
    assert result.points == 1 and "got 0.88" in messages(result), messages(result)


def test_the_held_out_digits_are_never_in_the_training_images():
    from rnn_course.experiments.digits_rows import (exercise_held_out_digits,
                                                    exercise_training_digits)

    train = {image.tobytes() for image in exercise_training_digits()[0]}
    held_out = [image.tobytes() for image in exercise_held_out_digits()[0]]
    assert len(held_out) == 450 and not train & set(held_out)


def _model(*layers, input_shape=(8, 8)):
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=input_shape), *layers])


def test_an_untrained_model_is_told_to_train():
    import keras

    untrained = _model(keras.layers.GRU(8), keras.layers.Dense(10, activation="softmax"))
    assert_graded("ex10.digits_model", untrained, "the model has not learned: train it")


@pytest.mark.parametrize("input_shape", [(64,), (8, 8, 1)])
def test_a_model_that_does_not_read_rows_is_refused(input_shape):
    import keras

    flat = _model(keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax"),
                  input_shape=input_shape)
    assert_graded("ex10.digits_model", flat, "must read an image as a sequence, (N, 8, 8)")


def test_a_model_without_one_score_per_class_is_told_so():
    import keras

    assert_graded("ex10.digits_model", _model(keras.layers.GRU(4), keras.layers.Dense(1)),
                  "one score per class")


def test_a_slow_classifier_is_stopped_with_a_clear_row():
    from rnn_course.grading.probe import call_answer
    from rnn_course.grading.sets.ex10 import CLASSIFIER

    images, labels, _, at_least = CLASSIFIER.properties[1].make_cases(
        np.random.default_rng(0))[0].args
    outcome, _ = call_answer(Oracle(delay=0.1), (images, labels, 0.05, at_least),
                             driver="classifier_accuracy")
    assert outcome["status"] == "raised" and "more than 0.05 s" in outcome["message"]


def test_a_classifier_not_trained_yet_is_not_attempted():
    result = grade_answer("ex10.digits_model", ...)
    assert result.status == Status.NOT_ATTEMPTED, messages(result)


def test_the_task_states_the_graded_thresholds():
    import nbformat

    from rnn_course.authoring.exercises import MASTERS
    from rnn_course.grading.sets import ex10

    cells = nbformat.read(MASTERS / "ex10_applications.ipynb", as_version=4).cells
    prompt = next(cells[i - 1].source for i, cell in enumerate(cells)
                  if cell.metadata.get("rnn_course", {}).get("question") == "ex10.digits_model")
    for figure in (f"{ex10.AT_LEAST:.2f}", f"{ex10.PARTIAL_AT_LEAST:.2f}",
                   f"{ex10.SECONDS:g} s", "450"):
        assert figure in prompt, figure
