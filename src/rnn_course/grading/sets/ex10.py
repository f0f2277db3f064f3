"""Exercise set ex10 (chapter 10): temperature sampling, perplexity, forecasting windows,
and a row-by-row digits classifier that the grader measures itself.

Notebook: ``exercises/ex10_applications.ipynb``. References:
:func:`rnn_course.reference.sample_with_temperature` (judged through the probe's
``sampler_draws``: the frequencies of many seeded draws against ``softmax(logits / T)``,
reproducibility with a seeded generator, the argmax at temperature 0; the expected
distribution is never printed), :func:`~rnn_course.reference.perplexity`,
:func:`~rnn_course.reference.make_windows` (its pair ``(X, y)`` judged part by part, and
its ``ValueError``, through the probe's ``part_or_value_error``), and the learner's
trained Keras model, measured by the probe's ``classifier_accuracy`` on the digits that
:func:`rnn_course.experiments.digits_rows.exercise_held_out_digits` holds back from the
training images the notebook gives. NumPy only on the grader's side, plus scikit-learn's
digits (see ``requires``).
"""

from __future__ import annotations

import numpy as np

from rnn_course.experiments import digits_rows as _digits
from rnn_course.grading.probe import part_or_value_error
from rnn_course.grading.spec import Case, ExerciseSet, Property, Question
from rnn_course.reference import applications as _applications
from rnn_course.reference import numeric as _numeric

# --- 10.1 sampling with a temperature ------------------------------------------------------

DRAWS = 10_000
FREQUENCY_ATOL = 0.025
"""How far each index's frequency over :data:`DRAWS` draws may be from its probability:
at least 5 standard deviations (``sqrt(p (1 - p) / DRAWS) <= 0.005``), so a right sampler
fails an entry with a probability below 1e-6 (about 1e-5 over the whole question); the
listed mistakes are off by more than 0.05 on these logits."""

_FREQUENCIES, _REPRODUCIBLE, _ONE_DRAW = 0, 1, 2


def _logits(rng, offset: float = 0.0) -> np.ndarray:
    """5 to 8 logits spread enough that the temperature moves every probability."""
    return offset + rng.normal(scale=1.5, size=int(rng.integers(5, 9)))


def _sampler_case(rng, which, temperature, *, offset=0.0, count=DRAWS, note="") -> Case:
    return Case((which, _logits(rng, offset), float(temperature), int(rng.integers(2**31)),
                 int(count)), note=note)


def _describe_sampler(which, logits, temperature, seed, count) -> str:
    what = {_FREQUENCIES: f"{count:,} draws", _REPRODUCIBLE: f"{count} draws from the same "
            "seed twice, and from another seed", _ONE_DRAW: "one draw"}[int(which)]
    return f"{what} at temperature {temperature:g} from {len(logits)} logits"


def _sampled(which, logits, temperature, seed, count, *, scale=None) -> np.ndarray:
    """What the probe's ``sampler_draws`` gives a right sampler (frequencies: their
    expectation), or with the logits scaled by ``scale(temperature)`` instead of divided."""
    logits = np.asarray(logits, dtype=float)
    if int(which) == _REPRODUCIBLE:
        return np.array([1.0])
    if int(which) == _ONE_DRAW and temperature == 0:
        return np.array([int(np.argmax(logits))])
    factor = 1.0 / temperature if scale is None else scale(temperature)
    return _numeric.softmax(logits * factor)


SAMPLE = Question(
    name="sample_with_temperature", title="Sample the next symbol with a temperature",
    reference=_sampled, describe=_describe_sampler, hide_expected=True,
    args=("which", "logits", "temperature", "seed", "count"),
    properties=(
        Property(f"the draws follow softmax(logits / T) at T = 0.5, 1 and 2 ({DRAWS:,} "
                 "draws each)", 3,
                 lambda rng: [_sampler_case(rng, _FREQUENCIES, t) for t in (0.5, 1.0, 2.0)],
                 driver="sampler_draws"),
        Property("reproducible: the same seed gives the same draws, another seed other "
                 "draws; only rng is used", 2,
                 lambda rng: [_sampler_case(rng, _REPRODUCIBLE, t, count=200)
                              for t in (1.0, 0.7)], driver="sampler_draws"),
        Property("temperature 0 gives the argmax, with no division by zero", 1,
                 lambda rng: [_sampler_case(rng, _ONE_DRAW, 0.0, offset=0.5)
                              for _ in range(3)], driver="sampler_draws"),
        Property("logits near +1000 and -1000 (no overflow)", 1,
                 lambda rng: [_sampler_case(rng, _FREQUENCIES, 1.0, offset=o,
                                            note=f", logits near {o:+g}")
                              for o in (1000.0, -1000.0)], driver="sampler_draws")),
    mistakes={
        "divide the logits by the temperature, do not multiply: softmax(logits / T), so "
        "that T < 1 sharpens the distribution and T > 1 flattens it":
            lambda *a: _sampled(*a, scale=lambda t: t),
        "the temperature has no effect: divide the logits by it before the softmax":
            lambda *a: _sampled(*a, scale=lambda t: 1.0),
        "the draws always give the most likely index: draw at random from the "
        "probabilities (rng.choice(len(logits), p=probabilities)), the argmax is for "
        "temperature 0 only":
            lambda *a: _sampled(*a, scale=lambda t: 1e9),
    },
    errors={r"divide by zero|division by zero|ZeroDivisionError":
            "temperature 0 means greedy decoding: return the argmax before you divide "
            "(logits / 0 is infinite)",
            r"global generator": "draw with rng, the Generator passed in (rng.choice or "
            "rng.random): np.random.choice and Python's random use a global state that "
            "the seed in rng does not control",
            r"same seed gave different|different seeds gave the same":
            "draw only from rng, the argument: do not create a generator inside the "
            "function",
            r"overflow|invalid value|contain NaN":
            "subtract the largest scaled logit before np.exp: the softmax does not change, "
            "and np.exp(1000) no longer overflows",
            r"must return one int": "return one index as an int, e.g. "
            "int(rng.choice(len(logits), p=probabilities)); with size=1, rng.choice "
            "returns an array",
            r"not an index in": "return an index into logits, from 0 to len(logits) - 1"},
    rtol=0.0, atol=FREQUENCY_ATOL,
)

# --- 10.2 perplexity ----------------------------------------------------------------------


def _perplexity_case(rng, num_positions, vocab, *, scale=2.0, offset=0.0, note="") -> Case:
    logits = offset + rng.normal(scale=scale, size=(num_positions, vocab))
    return Case((logits, rng.integers(0, vocab, size=num_positions)), note=note)


def _perplexity_values(rng) -> list[Case]:
    return [_perplexity_case(rng, int(rng.integers(10, 40)), int(rng.integers(5, 30)))
            for _ in range(3)]


def _uniform(rng) -> list[Case]:
    cases = []
    for value, vocab in ((0.0, 7), (3.7, 26), (-1000.0, 11)):
        targets = rng.integers(0, vocab, size=12)
        cases.append(Case((np.full((12, vocab), value), targets),
                          note=f", every logit {value:g} (uniform)"))
    return cases


def _large_logits(rng) -> list[Case]:
    """Rows shifted by +-1000: the perplexity stays moderate, a naive exp overflows."""
    case = _perplexity_case(rng, 16, 9)
    logits, targets = case.args
    shift = np.where(np.arange(16) % 2 == 0, 1000.0, -1000.0)[:, None]
    return [Case((logits + shift, targets), note=", rows shifted by +-1000")]


def _perplexity_edges(rng) -> list[Case]:
    confident = np.full((5, 6), -4.0)
    targets = rng.integers(0, 6, size=5)
    confident[np.arange(5), targets] = 6.0
    return [_perplexity_case(rng, 1, 8, note=" (one position)"),
            Case((confident, targets), note=" (a confident, right model)"),
            _perplexity_case(rng, 30, 2, note=" (two symbols)")]


def _cross_entropies(logits, targets) -> np.ndarray:
    """``-log p(target)`` in nats at each position ``(N,)``, stable."""
    logits = np.asarray(logits, dtype=float)
    picked = logits[np.arange(len(targets)), np.asarray(targets)]
    return _numeric.log_sum_exp(logits, axis=-1) - picked


def _naive_perplexity(logits, targets) -> float:
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(np.asarray(logits, dtype=float))
        p = e[np.arange(len(targets)), np.asarray(targets)] / e.sum(axis=1)
        return float(np.exp(-np.mean(np.log(p))))


def _row_mean(logits, targets) -> float:
    log_p = np.asarray(logits, float) - _numeric.log_sum_exp(logits, axis=-1)[:, None]
    return float(np.exp(-np.mean(log_p)))


PERPLEXITY = Question(
    name="perplexity", title="Score a language model by its perplexity",
    reference=_applications.perplexity,
    describe=lambda logits, targets: f"logits of shape {np.shape(logits)}",
    properties=(
        Property("values on random logits", 2, _perplexity_values),
        Property("uniform logits give the vocabulary size", 1, _uniform),
        Property("logits of magnitude 1000 (log-sum-exp)", 1, _large_logits),
        Property("edge cases (one position, a confident model, two symbols)", 1,
                 _perplexity_edges)),
    mistakes={
        "take the MEAN cross-entropy over the positions, then exp: exp of the sum grows "
        "with the length of the text":
            lambda lg, t: float(np.exp(np.sum(_cross_entropies(lg, t)))),
        "one base throughout: with natural logs (np.log, nats) the perplexity is "
        "np.exp(mean); 2 ** mean goes with log base 2 (bits)":
            lambda lg, t: float(2.0 ** np.mean(_cross_entropies(lg, t))),
        "one base throughout: np.log2 gives bits, and bits go with 2 ** mean, not np.exp":
            lambda lg, t: float(np.exp(np.mean(_cross_entropies(lg, t)) / np.log(2))),
        "exp overflows at logits of 1000: compute log p with a log-sum-exp (subtract "
        "each row's largest logit before np.exp)": _naive_perplexity,
        "the cross-entropy is -log p(target): the sign is missing (a perplexity is at "
        "least 1)": lambda lg, t: float(np.exp(-np.mean(_cross_entropies(lg, t)))),
        "average exp of the cross-entropy AFTER the mean, not before: exp(mean), not "
        "mean(exp)": lambda lg, t: float(np.mean(np.exp(_cross_entropies(lg, t)))),
        "use the log-probability of the target only, logits[i, targets[i]], not of "
        "every symbol in the row": _row_mean,
    },
    errors={r"only integer|arrays used as indices":
            "targets are integer ids: pick each row's entry with "
            "logits[np.arange(N), targets]"},
    rtol=1e-6, atol=1e-9,
)

# --- 10.3 forecasting windows ----------------------------------------------------------


_X, _Y, _REFUSED = 0, 1, -1
_PART = "part_or_value_error"


def _series_case(rng, which, length, window, horizon, note="") -> Case:
    return Case((which, np.round(rng.normal(size=int(length)).cumsum(), 3), int(window),
                 int(horizon)), note=note)


def _describe_windows(which, series, window, horizon) -> str:
    part = {_X: "X", _Y: "y", _REFUSED: "the error"}[int(which)]
    return f"{part} for a series of {len(series)} values, window={window}, horizon={horizon}"


def _pairs(rng, which, horizons) -> list[Case]:
    return [_series_case(rng, which, rng.integers(20, 40), rng.integers(3, 8), h)
            for h in horizons]


def _windows(which, series, window, horizon, *, target=None, horizon_used=True,
             count_change=0, y_column=False):
    """Part ``which`` of ``(X, y)`` for a typical mistake (the reference is
    :func:`rnn_course.reference.make_windows`): ``target(i)`` another index for ``y[i]``,
    the horizon taken as 1, ``count_change`` windows more or fewer, ``y`` as a column. A
    too-short series: ``[1.0]``."""
    series, window, horizon = np.asarray(series), int(window), int(horizon)
    if int(which) == _REFUSED:
        return np.array([1.0])
    horizon = horizon if horizon_used else 1
    count = len(series) - window - horizon + 1 + count_change
    starts = np.arange(count)
    if int(which) == _X:
        return series[starts[:, None] + np.arange(window)]
    index = starts + window + horizon - 1 if target is None else target(starts, window,
                                                                        horizon)
    y = series[index]
    return y[:, None] if y_column else y


def _too_short(rng) -> list[Case]:
    return [_series_case(rng, _REFUSED, 6, 5, 2, note=" (too short for one pair)"),
            _series_case(rng, _REFUSED, 4, 4, 1, note=" (too short for one pair)"),
            _series_case(rng, _REFUSED, 3, 5, 1, note=" (shorter than the window)")]


def _shortest(rng) -> list[Case]:
    return [_series_case(rng, which, 7, 5, 2, note=" (room for exactly one pair)")
            for which in (_X, _Y)]


WINDOWS = Question(
    name="make_windows", title="Cut a series into forecasting windows",
    reference=lambda which, *a: part_or_value_error(_applications.make_windows, which, *a),
    describe=_describe_windows,
    args=("which", "series", "window", "horizon"),
    properties=(
        Property("shapes: X (N, window), y (N,)", 1,
                 lambda rng: _pairs(rng, _X, (1, 3)) + _pairs(rng, _Y, (1, 3)),
                 mode="shape", driver=_PART),
        Property("X and y with horizon 1 (the next value)", 1,
                 lambda rng: _pairs(rng, _X, (1,)) + _pairs(rng, _Y, (1, 1)), driver=_PART),
        Property("y with horizons 2 to 5", 2, lambda rng: _pairs(rng, _Y, (2, 3, 5)),
                 driver=_PART),
        Property("a series with room for exactly one pair", 1, _shortest, driver=_PART),
        Property("ValueError, with a message, for a series too short for one pair", 1,
                 _too_short, driver=_PART)),
    mistakes={
        "the target lies inside its own window: y[i] = series[i + window - 1] is the "
        "window's last value; the target comes horizon steps AFTER it":
            lambda *a: _windows(*a, target=lambda s, w, h: s + w - 1),
        "the horizon is ignored: y[i] = series[i + window + horizon - 1], and "
        "N = T - window - horizon + 1 pairs":
            lambda *a: _windows(*a, horizon_used=False),
        "the horizon is ignored in y: y[i] = series[i + window + horizon - 1]":
            lambda *a: _windows(*a, target=lambda s, w, h: s + w),
        "one step too far: horizon 1 is the very next value, y[i] = "
        "series[i + window + horizon - 1]":
            lambda *a: _windows(*a, target=lambda s, w, h: s + w + h, count_change=-1),
        "one pair short: N = T - window - horizon + 1 (the last target is series[T - 1])":
            lambda *a: _windows(*a, count_change=-1),
        "y has shape (N,), one target per window, not (N, 1)":
            lambda *a: _windows(*a, y_column=True),
        "raise ValueError when the series is too short for one pair "
        "(N = T - window - horizon + 1 < 1), instead of returning":
            lambda which, *a: np.array([0.0]) if int(which) == _REFUSED else
            _windows(which, *a),
        "give the ValueError a message that says why (e.g. the series' length, the "
        "window and the horizon)":
            lambda which, *a: np.array([0.5]) if int(which) == _REFUSED else
            _windows(which, *a),
    },
    errors={r"expected a pair": "return the pair (X, y), in that order",
            r"out of bounds|index \d+ is out":
            "there are N = T - window - horizon + 1 pairs: the last target is series[T - 1]",
            r"negative dimensions|cannot reshape|broadcast":
            "raise ValueError when N = T - window - horizon + 1 is below 1"},
    rtol=0.0, atol=0.0,
)

# --- 10.4 a trained row-by-row classifier, measured by the grader -------------------------

PARTIAL_AT_LEAST, AT_LEAST = 0.80, 0.93
SECONDS = 20.0


def _held_out(at_least: float):
    def make(rng) -> list[Case]:
        images, labels = _digits.exercise_held_out_digits()
        return [Case((images, labels, SECONDS, at_least),
                     label=f"the {len(labels)} digits the grader holds back")]
    return make


CLASSIFIER = Question(
    name="digits_model", title="Train a classifier that reads digits row by row, measured",
    reference=lambda images, labels, seconds, at_least: np.array([at_least]),
    parts=("accuracy",),
    properties=(
        Property(f"accuracy at least {PARTIAL_AT_LEAST:.2f} on digits the grader holds back",
                 1, _held_out(PARTIAL_AT_LEAST), driver="classifier_accuracy"),
        Property(f"accuracy at least {AT_LEAST:.2f} on digits the grader holds back", 3,
                 _held_out(AT_LEAST), driver="classifier_accuracy")),
    errors={r"reads inputs of shape":
            "the model must read an image as a sequence, (N, 8, 8): 8 time steps of 8 "
            "pixels (keras.Input(shape=(8, 8))), not flattened pixels or an image with "
            "a channel axis",
            r"no better than guessing":
            "the model has not learned: train it (model.fit on x_train, y_train) in "
            "build_and_train and return the trained model",
            r"took .* more than": f"the model must classify the held-out digits within "
                                  f"{SECONDS:g} s: use a smaller model",
            r"one score per class": "end the model with Dense(10, activation=\"softmax\"): "
                                    "one score per class",
            r"is not defined|NoneType":
            "there is no trained model: run the cell that builds and trains digits_model"},
    rtol=0.0, atol=1e-9,
)

SET = ExerciseSet(chapter=10, title="Sample, score, window and classify",
                  questions=(SAMPLE, PERPLEXITY, WINDOWS, CLASSIFIER),
                  requires=("scikit-learn",))
