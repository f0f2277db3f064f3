"""Chapter 6's claims: the adding problem (SimpleRNN vs LSTM) and the clipped IRNN."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from rnn_course.claims import claim, require
from rnn_course.data.adding import CHANCE_MSE
from rnn_course.experiments import adding
from rnn_course.experiments.clipping import train_irnn


@lru_cache(maxsize=None)  # a few numbers per seed: the harness asks each seed twice
def adding_runs(seed: int) -> dict[tuple[str, int], adding.Run]:
    """The four runs of section 6.6 from ``seed``: ``{(cell, num_steps): Run}``."""
    return {(cell, num_steps): adding.train(cell, num_steps, seed=seed)
            for num_steps in (adding.SHORT, adding.LONG) for cell in adding.CELLS}


def _final(seed: int) -> dict[str, float]:
    return {f"{cell} T={steps}": run.final_mse for (cell, steps), run in adding_runs(seed).items()}


@claim("ch06: at 10 steps both the SimpleRNN and the LSTM learn the adding problem")
def both_learn_short(seed: int) -> dict[str, float]:
    """Final test MSE below ``adding.LEARNED_BELOW`` (a fifth of chance) for both cells."""
    f = _final(seed)
    return require(f, all(f[f"{cell} T={adding.SHORT}"] < adding.LEARNED_BELOW
                         for cell in adding.CELLS))


@claim("ch06: at 50 steps the SimpleRNN stays near chance while the LSTM learns")
def lstm_learns_long(seed: int) -> dict[str, float]:
    """SimpleRNN's best epoch above ``NEAR_CHANCE_ABOVE``; the LSTM's final below ``LEARNED_BELOW``."""
    runs = adding_runs(seed)
    f = {**_final(seed), "SimpleRNN best": min(runs["SimpleRNN", adding.LONG].test_mse)}
    return require(f, f["SimpleRNN best"] > adding.NEAR_CHANCE_ABOVE
                  and f[f"LSTM T={adding.LONG}"] < adding.LEARNED_BELOW)


@lru_cache(maxsize=None)
def clipping_runs(seed: int) -> dict[str, np.ndarray]:
    """Section 6.3's IRNN without and with clipping (global norm 1): per-batch loss, norm."""
    return {"unclipped": train_irnn(np.inf, seed), "clipped": train_irnn(1.0, seed)}


def clipping_figures(seed: int) -> dict[str, float]:
    """First gradient norm, first NaN batch without clipping; the clipped run's losses."""
    runs = clipping_runs(seed)
    unclipped, clipped = runs["unclipped"], runs["clipped"]
    nan_batches = np.flatnonzero(~np.isfinite(unclipped[:, 0]))
    return {
        "first gradient norm": float(unclipped[0, 1]),
        "first NaN batch": int(nan_batches[0]) + 1 if nan_batches.size else -1,
        "clipped first loss": float(clipped[0, 0]),
        "clipped last-10 loss": float(clipped[-10:, 0].mean()),
        "chance MSE": CHANCE_MSE,
    }


@claim("ch06: without clipping the IRNN diverges; clipped, it trains on but has not learned")
def clipping_saves_run(seed: int) -> dict[str, float]:
    """Unclipped: a huge first gradient, NaN within 10 batches. Clipped: every batch finite,
    yet after 2 epochs the loss is still above the chance MSE (clipping is no cure)."""
    f = clipping_figures(seed)
    clipped = clipping_runs(seed)["clipped"]
    return require(f, f["first gradient norm"] > 100 and 0 < f["first NaN batch"] <= 10
                  and bool(np.all(np.isfinite(clipped)))
                  and f["clipped last-10 loss"] > CHANCE_MSE)
