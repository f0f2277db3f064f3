"""Exercise set ex09 (chapter 9): teacher forcing's inputs, greedy decoding, attention,
and a trained translator that the grader measures itself.

Notebook: ``exercises/ex09_seq2seq.ipynb``. References:
:func:`rnn_course.reference.shift_right`, :func:`~rnn_course.reference.greedy_decode`
(driven by the probe's ``table_decoder``: a step function made of two tables, so the
scores depend on the token fed *and* the state passed on),
:func:`~rnn_course.reference.dot_attention` (its pair ``(context, weights)`` judged part
by part through the probe's ``output_part``) and
:func:`rnn_course.data.numerals.to_chinese` (the learner's ``translate`` is run by the
probe's ``translation_exact`` on numbers the grader draws; the right outputs travel as
code points, and the answer passes when its exact match is at least
:data:`EXACT_AT_LEAST`). NumPy only on the grader's side.
"""

from __future__ import annotations

import numpy as np

from rnn_course.data import numerals as _numerals
from rnn_course.grading.probe import table_decoder
from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import attention as _attention
from rnn_course.reference import numeric as _numeric
from rnn_course.reference import seq2seq as _seq2seq

# --- 9.1 the decoder's inputs for teacher forcing ---------------------------------------


def _targets(rng, batch_size: int, num_steps: int) -> np.ndarray:
    """Token ids 3..29 (never a start id below), padded with 0 at the end of some rows."""
    targets = rng.integers(3, 30, size=(batch_size, num_steps))
    for row in range(0, batch_size, 2):
        targets[row, rng.integers(1, num_steps + 1):] = 0
    return targets


def _shift_values(rng) -> list[tuple]:
    return [(_targets(rng, int(b), int(t)), int(s))
            for b, t, s in zip(rng.integers(2, 6, 3), rng.integers(6, 12, 3), (1, 2, 1))]


def _shift_edges(rng) -> list[Case]:
    return [Case((_targets(rng, 1, 5), 1), note=" (one sequence)"),
            Case((_targets(rng, 3, 1), 2), note=" (one step: only the start token is left)"),
            Case((_targets(rng, 4, 7), 0), note=" (start_id 0)")]


def _column(targets, start_id) -> np.ndarray:
    return np.full((len(targets), 1), start_id, dtype=np.asarray(targets).dtype)


SHIFT = Question(
    name="shift_right", title="Build the decoder's inputs for teacher forcing",
    reference=_seq2seq.shift_right,
    describe=lambda targets, start_id: (f"targets of shape {np.shape(targets)}, "
                                        f"start_id={start_id}"),
    properties=(shape("shape (batch, T), the same as targets"),
                Property("values", 2, _shift_values),
                Property("edge cases (one sequence, one step, start_id 0)", 1, _shift_edges)),
    mistakes={
        "the start token goes first (prepended), not last: inputs[:, 0] = start_id, then "
        "targets[:, :-1]":
            lambda t, s: np.concatenate([t[:, 1:], _column(t, s)], axis=1),
        "the start token is prepended but the last target must be dropped: the decoder "
        "reads T tokens, targets[:, :-1] after the start token":
            lambda t, s: np.concatenate([_column(t, s), t], axis=1),
        "the targets move one step to the RIGHT: inputs[:, 1:] = targets[:, :-1], not "
        "targets[:, 1:]":
            lambda t, s: np.concatenate([_column(t, s), t[:, 2:], t[:, -1:]], axis=1),
        "the start token replaces the first target instead of shifting the rest right":
            lambda t, s: np.concatenate([_column(t, s), t[:, 1:]], axis=1),
        "each row starts with start_id, then the targets (the first column of every row, "
        "not the first row)": lambda t, s: np.concatenate(
            [np.full((1, t.shape[1]), s), t[:-1]], axis=0),
    },
    rtol=0.0, atol=0.0,
)

# --- 9.2 greedy decoding ------------------------------------------------------------------

_VOCAB, _STATES, _MAX_LEN = 7, 5, 9


def _greedy(logits, next_state, state, start_id, end_id, max_len, *, keep_end=False,
            keep_start=False, feed_start=False, pass_state=True, extra=0) -> np.ndarray:
    """The decoded ids of a typical mistake (the reference is
    :func:`rnn_course.reference.greedy_decode`): the end token kept, the start
    token kept, ``start_id`` fed at every step, the first state at every step, or
    ``extra`` steps more than ``max_len``."""
    tokens, token, s = [], int(start_id), int(state)
    for _ in range(int(max_len) + extra):
        scores, new_s = logits[s, token], int(next_state[s, token])
        s = new_s if pass_state else s
        token = int(np.argmax(scores))
        if token == end_id:
            if keep_end:
                tokens.append(token)
            break
        tokens.append(token)
        token = int(start_id) if feed_start else token
    return np.array(([int(start_id)] if keep_start else []) + tokens, dtype=np.int64)


def _tables(rng, ends_after: int | None = None, scale: float = 3.0) -> tuple:
    """Random step tables: ``logits (states, vocab, vocab)``, ``next_state (states,
    vocab)``. With ``ends_after``, the end token 1 wins once a state counter reaches it."""
    logits = rng.normal(scale=scale, size=(_STATES, _VOCAB, _VOCAB))
    logits[:, :, 1] -= 2.0                                 # the end token is rarer
    next_state = rng.integers(0, _STATES, size=(_STATES, _VOCAB))
    if ends_after is not None:                             # a counter: s -> s + 1
        next_state = np.minimum(np.arange(_STATES)[:, None] + 1, _STATES - 1) \
            .repeat(_VOCAB, axis=1)
        logits[ends_after - 1:, :, 1] = 50.0
    return logits, next_state


def _case(rng, max_len=_MAX_LEN, note="", **table) -> Case:
    logits, next_state = _tables(rng, **table)
    return Case((logits, next_state, int(rng.integers(0, _STATES)), 0, 1, int(max_len)),
                note=note)


def _greedy_values(rng) -> list[Case]:
    return [_case(rng) for _ in range(4)]


def _greedy_stops(rng) -> list[Case]:
    return [_case(rng, ends_after=3, note=": the end token wins at step 3"),
            _case(rng, ends_after=1, note=": the end token wins at once (empty output)"),
            _case(rng, max_len=4, note=", max_len=4 (stop after 4 tokens)"),
            _case(rng, max_len=0, note=", max_len=0")]


def _describe_tables(logits, next_state, state, start_id, end_id, max_len) -> str:
    return (f"a step function over {logits.shape[2]} tokens and {len(logits)} states, "
            f"start_id={start_id}, end_id={end_id}, max_len={max_len}")


GREEDY = Question(
    name="greedy_decode", title="Decode greedily with a step function",
    reference=lambda *a: table_decoder(_seq2seq.greedy_decode, *a), describe=_describe_tables,
    args=("logits", "next_state", "state", "start_id", "end_id", "max_len"),
    properties=(Property("decoded ids for step functions whose scores depend on the token "
                         "fed and the state", 3, _greedy_values, driver="table_decoder"),
                Property("stops at end_id (not returned) or after max_len tokens", 2,
                         _greedy_stops, driver="table_decoder")),
    mistakes={
        "the end token is not part of the output: stop when it comes, without appending it":
            lambda *a: _greedy(*a, keep_end=True),
        "the output starts with the first generated token: do not include start_id":
            lambda *a: _greedy(*a, keep_start=True),
        "feed back the token just generated (its argmax), not start_id, at every step after "
        "the first": lambda *a: _greedy(*a, feed_start=True),
        "pass on the new state that step returns: (logits, state) = step(token, state)":
            lambda *a: _greedy(*a, pass_state=False),
        "generate at most max_len tokens (range(max_len) steps)":
            lambda *a: _greedy(*a, extra=1),
    },
    errors={r"unpack|not subscriptable|object is not iterable|inhomogeneous shape":
            "step(token_id, state) returns a pair (logits, new_state): unpack both"},
    rtol=0.0, atol=0.0,
)

# --- 9.3 dot-product attention ------------------------------------------------------------

_PARTS = {0: "context", 1: "weights"}


def _attention_case(rng, which, batch, steps, d, d_v, note="", scale=1.0) -> Case:
    return Case((which, rng.normal(scale=scale, size=(batch, d)),
                 rng.normal(scale=scale, size=(batch, steps, d)),
                 rng.normal(size=(batch, steps, d_v))), note=note)


def _sizes(rng) -> tuple[int, ...]:
    """batch, T, d, d_v all different, so a shape names its axis."""
    return tuple(int(v) for v in rng.choice(np.arange(2, 10), 4, replace=False))


def _weights_cases(rng) -> list[Case]:
    return [_attention_case(rng, 1, *_sizes(rng), scale=1.5) for _ in range(3)]


def _context_cases(rng) -> list[Case]:
    return [_attention_case(rng, 0, *_sizes(rng), scale=1.5) for _ in range(3)]


def _large_scores(rng) -> list[Case]:
    return [_attention_case(rng, part, 3, 5, 4, 6, scale=25.0,
                            note=f" ({_PARTS[part]}, scores of magnitude 1e3)")
            for part in (1, 0)]


def _attend(which, query, keys, values, *, scale=True, axis=1, naive=False, mix=None):
    """Part ``which`` of ``(context, weights)``, or of a typical mistake: no ``1/sqrt(d)``
    (``scale=False``, or ``scale="d"`` for ``1/d``), the softmax over another ``axis``,
    a ``naive`` softmax that overflows, or the context mixing the keys (``mix="keys"``)."""
    d = query.shape[1]
    scores = np.einsum("btd,bd->bt", keys, query)
    scores = scores / {True: np.sqrt(d), False: 1.0, "d": d}[scale]
    if naive:
        with np.errstate(over="ignore", invalid="ignore"):
            weights = np.exp(scores) / np.exp(scores).sum(axis=axis, keepdims=True)
    else:
        weights = _numeric.softmax(scores, axis=axis)
    mixed = keys if mix == "keys" else values
    return np.einsum("bt,btv->bv", weights, mixed) if int(which) == 0 else weights


ATTENTION = Question(
    name="dot_attention", title="Attend with scaled dot products",
    reference=lambda which, q, k, v: _attention.dot_attention(q, k, v)[int(which)],
    describe=lambda which, q, k, v: (f"{_PARTS[int(which)]}: query {q.shape}, keys "
                                     f"{k.shape}, values {v.shape}"),
    args=("which", "query", "keys", "values"),
    properties=(Property("shapes: weights (batch, T), context (batch, d_v)", 1,
                         lambda rng: _weights_cases(rng)[:1] + _context_cases(rng)[:1],
                         mode="shape", driver="output_part"),
                Property("attention weights", 2, _weights_cases, driver="output_part"),
                Property("context vectors", 1, _context_cases, driver="output_part"),
                Property("stable for scores of magnitude 1e3", 1, _large_scores,
                         driver="output_part")),
    mistakes={
        "divide the scores by sqrt(d) (d = the query's size) before the softmax":
            lambda *a: _attend(*a, scale=False),
        "the scale is 1 / sqrt(d), not 1 / d": lambda *a: _attend(*a, scale="d"),
        "the softmax runs over the time axis T (each row of weights sums to 1), not over "
        "the batch": lambda *a: _attend(*a, axis=0),
        "the softmax overflows for large scores: subtract each row's largest score before "
        "np.exp (the result does not change)": lambda *a: _attend(*a, naive=True),
        "the context is the weighted sum of the values, not of the keys":
            lambda *a: _attend(*a, mix="keys"),
    },
    errors={r"expected a pair": "return the pair (context, weights), in that order"},
    rtol=1e-5, atol=1e-7,
)

# --- 9.4 a trained translator, measured by the grader ---------------------------------

EXACT_AT_LEAST = 0.8
NUM_NUMBERS, SECONDS = 200, 60.0


MIN_DIGITS = 3  # as in the chapter's splits, where 1- and 2-digit numbers are rare


def _numbers(rng) -> list[Case]:
    """``NUM_NUMBERS`` numbers, digit counts 3 to 8 equally likely, and their readings."""
    digits = rng.integers(MIN_DIGITS, _numerals.MAX_DIGITS + 1, size=NUM_NUMBERS)
    numbers = np.array([rng.integers(10 ** (n - 1), 10 ** n) for n in digits])
    codes = np.zeros((NUM_NUMBERS, _numerals.MAX_TARGET_LEN), dtype=np.int64)
    for row, number in enumerate(numbers):
        text = _numerals.to_chinese(int(number))
        codes[row, :len(text)] = [ord(c) for c in text]
    return [Case((numbers, codes, SECONDS),
                 label=f"{NUM_NUMBERS} numbers of {MIN_DIGITS} to 8 digits drawn by the "
                       "grader")]


TRANSLATE = Question(
    name="translate", title="Train a translator that reads new numbers",
    reference=lambda numbers, codes, seconds: np.array([1.0]),
    parts=("exact match",),
    properties=(Property(f"exact match at least {EXACT_AT_LEAST:.0%} on numbers the grader "
                         "draws", 4, _numbers, driver="translation_exact"),),
    errors={r"took more than": f"translate must read {NUM_NUMBERS} numbers within "
                               f"{SECONDS:g} s: decode with the NumPy step loop, not "
                               "model.predict once per character",
            r"NameError|is not defined": "run the cells that train the model first"},
    rtol=0.0, atol=1.0 - EXACT_AT_LEAST,
)

SET = ExerciseSet(chapter=9, title="Translate with an encoder and a decoder",
                  questions=(SHIFT, GREEDY, ATTENTION, TRANSLATE))
