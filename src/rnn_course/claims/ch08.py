"""Chapter 8's claims: one direction vs two on a task where the future matters, depth, and
SimpleRNN / LSTM / GRU of the same size on the adding problem."""

from __future__ import annotations

from functools import lru_cache

from rnn_course.claims import claim, require
from rnn_course.data.adding import CHANCE_MSE
from rnn_course.experiments import bidirectional, cell_comparison, gru_gates

UNI, BI, STACKED = bidirectional.MODELS   # "GRU(16)", "Bidirectional(GRU(10))", "2 x GRU(11)"


def window_sum_figures(seed: int) -> dict[str, float]:
    """Test MSE and parameters of the three window-sum models trained from ``seed``."""
    figures = {"causal floor": bidirectional.causal_floor()}
    for name in bidirectional.MODELS:
        result = bidirectional.train(name, seed=seed)  # keyword: the chapter's cache key
        figures[f"{name} MSE"] = result.test_mse
        figures[f"{name} parameters"] = result.parameters
    return figures


@claim("ch08: where the future matters, a smaller bidirectional GRU beats a one-way GRU")
def bidirectional_sees_the_future(seed: int) -> dict[str, float]:
    """Window sum: Bidirectional(GRU(10)) below a fifth of the causal floor; GRU(16), with
    more parameters, no lower than 0.8 of the floor (it cannot see the future)."""
    f = window_sum_figures(seed)
    floor = f["causal floor"]
    return require(f, f[f"{BI} MSE"] < 0.2 * floor and f[f"{UNI} MSE"] > 0.8 * floor
                  and f[f"{BI} parameters"] < f[f"{UNI} parameters"])


@claim("ch08: stacking one-way GRUs does not get past the causal floor")
def depth_does_not_see_the_future(seed: int) -> dict[str, float]:
    """Window sum: two stacked GRU(11), with more parameters than either, stay above 0.8 of
    the causal floor, far above the bidirectional layer."""
    f = window_sum_figures(seed)
    return require(f, f[f"{STACKED} MSE"] > 0.8 * f["causal floor"]
                  and f[f"{STACKED} parameters"] > f[f"{UNI} parameters"]
                  and f[f"{STACKED} MSE"] > 5 * f[f"{BI} MSE"])


@lru_cache(maxsize=None)  # small models: the chapter and the claims share one training each
def comparison_result(layer: str, seed: int) -> cell_comparison.ComparisonResult:
    """Section 8.7's adder with ``layer`` (a key of ``cell_comparison.LAYER_UNITS``) from ``seed``."""
    return cell_comparison.train_adder(layer, seed, cell_comparison.adding_data(seed))


def cell_comparison_results(seed: int) -> dict[str, cell_comparison.ComparisonResult]:
    """Section 8.7's three adders trained from ``seed``, by layer."""
    return {layer: comparison_result(layer, seed=seed) for layer in cell_comparison.LAYER_UNITS}


@claim("ch08: at the same size, LSTM and GRU learn the 20-step adding problem; SimpleRNN does not")
def gated_cells_learn(seed: int) -> dict[str, float]:
    """Parameters within 20 of each other; the SimpleRNN above a quarter of the chance MSE,
    LSTM and GRU below a twentieth of it (and ten times below the SimpleRNN)."""
    results = cell_comparison_results(seed)
    f = {f"{layer} MSE": r.test_mse for layer, r in results.items()}
    parameters = [r.parameters for r in results.values()]
    f["parameter spread"] = max(parameters) - min(parameters)
    gated = max(f["LSTM MSE"], f["GRU MSE"])
    return require(f, f["parameter spread"] < 20 and f["SimpleRNN MSE"] > 0.25 * CHANCE_MSE
                  and gated < 0.05 * CHANCE_MSE and f["SimpleRNN MSE"] > 10 * gated)


@lru_cache(maxsize=None)  # a few numbers per seed
def gru_gate_figures(seed: int) -> dict[str, float]:
    """:func:`gru_gates.writer_unit_figures` of section 8.5's GRU on its test sequences."""
    x_test = cell_comparison.adding_data(seed)[2]
    model = cell_comparison_results(seed)["GRU"].model
    return gru_gates.writer_unit_figures(gru_gates.trained_gru_gates(model, x_test), x_test)


@claim("ch08: a trained GRU unit writes at the markers and keeps its state elsewhere")
def gru_unit_writes_at_markers(seed: int) -> dict[str, float]:
    """Over all test sequences, the writer unit's ``1 - z`` is above 0.5 at the markers,
    its ``z`` above 0.8 at the other steps."""
    f = gru_gate_figures(seed)
    return require(f, f["write at markers"] > 0.5 and f["keep elsewhere"] > 0.8)
