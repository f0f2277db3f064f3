"""Sequence-to-sequence helpers: teacher forcing's shifted inputs and two decoders.

Taught in chapter 9. A decoder is seen through one *step function*
``step(token_id, state) -> (logits, new_state)``: it reads the previous output token and
its state and returns scores over the target vocabulary ``(vocab,)`` and the next state.
The same function serves greedy decoding, beam search and the chapter's demo, so the
three cannot drift apart. ``state`` is whatever the decoder carries (a NumPy array, or a
tuple holding the encoder's outputs for attention); the decoders only pass it on.

* :func:`shift_right` builds the decoder's inputs for training with teacher forcing.
* :func:`greedy_decode` feeds back the most likely token at every step.
* :func:`beam_search` keeps the ``width`` most likely partial outputs instead of one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnn_course.reference.numeric import log_sum_exp

StepFunction = Callable[[int, Any], tuple[np.ndarray, Any]]


def shift_right(targets, start_id: int) -> np.ndarray:
    """Decoder inputs for teacher forcing: each row starts with ``start_id``, then the
    target shifted one step to the right (its last token dropped).

    Args:
        targets: ``(batch, T)`` integer token ids (the decoder's gold outputs).
        start_id: id of the start-of-sequence token.

    Returns:
        A new ``(batch, T)`` array: ``[:, 0] == start_id`` and ``[:, 1:] == targets[:, :-1]``,
        same dtype as ``targets``; ``targets`` itself is not modified.
    """
    targets = np.asarray(targets)
    if targets.ndim != 2:
        raise ValueError(f"targets must have shape (batch, T), got {targets.shape}")
    inputs = np.empty_like(targets)
    inputs[:, 0] = start_id
    inputs[:, 1:] = targets[:, :-1]
    return inputs


def greedy_decode(step: StepFunction, state, start_id: int, end_id: int,
                  max_len: int) -> list[int]:
    """Decode by always taking the most likely next token.

    Starts from ``start_id`` and ``state``; at each step feeds the previous token and the
    state the step function returned. Stops after generating ``end_id`` (not included in
    the result) or after ``max_len`` tokens. Ties go to the lowest id (``np.argmax``).

    Returns:
        The generated token ids, without ``start_id`` and without ``end_id``.
    """
    tokens, token = [], start_id
    for _ in range(max_len):
        logits, state = step(token, state)
        token = int(np.argmax(logits))
        if token == end_id:
            break
        tokens.append(token)
    return tokens


@dataclass(frozen=True)
class Hypothesis:
    """A partial (or finished) output: its tokens, log-probability and decoder state.

    ``path`` is every token generated, the end token included (``tokens`` leaves it out).
    """

    tokens: tuple[int, ...]
    log_prob: float
    state: Any = None
    finished: bool = False
    path: tuple[int, ...] = ()


def _rank(hypothesis: Hypothesis):
    """Sort key: most likely first; ties go to the lowest ids, as ``np.argmax`` does."""
    return (-hypothesis.log_prob, hypothesis.path)


def beam_search(step: StepFunction, state, start_id: int, end_id: int, max_len: int,
                width: int, trace: list | None = None) -> tuple[list[int], float]:
    """Decode with a beam: keep the ``width`` most likely partial outputs at every step.

    Each kept hypothesis is extended by every token of the vocabulary; its score is the
    sum of the tokens' log-probabilities (``log_softmax`` of the step's logits, no length
    normalisation). Of all extensions, the ``width`` best are kept; one that ends with
    ``end_id`` is finished (its score includes the end token's log-probability) and is
    extended no further. A hypothesis of ``max_len`` tokens without ``end_id`` is finished
    as it is, as in :func:`greedy_decode`. The search stops when no hypothesis is live, or
    when the best finished score beats every live one (log-probabilities only fall).

    With ``width=1`` this is :func:`greedy_decode`; with a width at least the number of
    possible outputs it returns the most likely output of all (the brute-force answer).

    Args:
        trace: optional list; if given, after each step the kept hypotheses are appended
            to it as a list of ``(tokens, log_prob, finished)`` (what the demo shows).

    Returns:
        ``(tokens, log_prob)``: the best output without ``start_id`` / ``end_id``, and its
        total log-probability.
    """
    if width < 1 or max_len < 0:
        raise ValueError(f"width must be >= 1 and max_len >= 0, got {width}, {max_len}")
    live = [Hypothesis((), 0.0, state)]
    finished: list[Hypothesis] = []
    for length in range(max_len):
        candidates = []
        for hyp in live:
            logits, new_state = step(hyp.tokens[-1] if hyp.tokens else start_id, hyp.state)
            logits = np.asarray(logits, dtype=float)
            log_probs = logits - log_sum_exp(logits)
            for token, lp in enumerate(log_probs):
                done = token == end_id
                candidates.append(Hypothesis(
                    hyp.tokens if done else hyp.tokens + (token,),
                    hyp.log_prob + float(lp), None if done else new_state,
                    finished=done or length + 1 == max_len, path=hyp.path + (token,)))
        kept = sorted(candidates, key=_rank)[:width]
        if trace is not None:
            trace.append([(list(h.tokens), h.log_prob, h.finished) for h in kept])
        finished += [h for h in kept if h.finished]
        live = [h for h in kept if not h.finished]
        best = min(finished, key=_rank) if finished else None
        if not live or (best and best.log_prob >= max(h.log_prob for h in live)):
            break
    if not finished:                      # max_len == 0: the empty output
        return [], 0.0
    best = min(finished, key=_rank)
    return list(best.tokens), best.log_prob
