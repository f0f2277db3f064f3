"""Chapter 7's claims about its LSTM trained on the adding problem (section 7.8)."""

from __future__ import annotations

from functools import lru_cache

from rnn_course.claims import claim, require
from rnn_course.data.adding import CHANCE_MSE
from rnn_course.experiments import lstm_adder


@lru_cache(maxsize=None)  # a few numbers per seed: both claims read one training
def adder_figures(seed: int) -> tuple[dict[str, float], dict[str, float]]:
    """The test MSE after each round, and :func:`lstm_adder.memory_unit_figures` on the
    test set, of the adder trained from ``seed``."""
    adder = lstm_adder.train_adder(seed)
    curve = {f"test MSE after round {k + 1}": mse for k, mse in enumerate(adder.test_mse)}
    gates = lstm_adder.memory_unit_figures(lstm_adder.trained_gates(adder, adder.x_test),
                                           adder.x_test)
    return curve, gates


@claim("ch07: the LSTM learns the adding problem, most of it after the first round")
def plateau_then_learns(seed: int) -> dict[str, float]:
    """After the last round below chance / 10, and more than 10 times lower than after the
    first round (which ends near chance on most seeds; when the drop starts depends on
    the random start)."""
    figures = adder_figures(seed)[0]
    curve = list(figures.values())
    return require(figures, curve[-1] < CHANCE_MSE / 10 and curve[0] > 10 * curve[-1])


@claim("ch07: a trained unit opens its input gate at the markers and keeps what it stored")
def memory_unit(seed: int) -> dict[str, float]:
    """Over all test sequences, the unit whose input gate best tells the markers apart:
    input-gate contrast > 0.3, forget gate > 0.8 on average, and more than 3 times the
    markers' share of steps of its cell state's movement happens at the markers."""
    f = adder_figures(seed)[1]
    return require(f, f["input-gate contrast"] > 0.3 and f["forget gate"] > 0.8
                  and f["cell movement at markers"] > 3 * f["marker share of steps"])
