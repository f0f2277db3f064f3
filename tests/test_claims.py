"""The claims harness and the measurements behind the claims, without training anything:
every chapter that trains a model registers its claims, a failing claim names its figures,
the harness prints ok/FAIL lines and exits 1 on a failure, and the figures the claims read
(causal floor, window sums, the gate statistics) are right on inputs built by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from rnn_course import claims
from rnn_course.experiments import bidirectional, gru_gates, lstm_adder

HARNESS = Path(__file__).resolve().parents[1] / "benchmarks" / "claims.py"


def test_every_chapter_that_trains_a_model_has_claims():
    chapters = {name.split(":")[0] for name in claims.all_claims()}
    assert {"ch04", "ch06", "ch07", "ch08"} <= chapters


def test_a_failing_claim_names_its_figures():
    with pytest.raises(AssertionError, match="LSTM T=50 0.16"):
        claims.require({"LSTM T=50": 0.16}, False)
    assert claims.require({"LSTM T=50": 0.01}, True) == {"LSTM T=50": 0.01}


def _harness():
    spec = importlib.util.spec_from_file_location("claims_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_harness_prints_one_line_per_claim_and_seed(monkeypatch, capsys):
    monkeypatch.setattr(claims, "_REGISTRY", dict(claims._REGISTRY))  # the test's claim goes

    @claims.claim("test: holds on even seeds only")
    def even(seed):
        if seed % 2:
            raise AssertionError(f"seed {seed} is odd")
        return {"seed": float(seed)}

    monkeypatch.setattr("sys.argv", ["claims.py", "--seeds", "0", "1", "--only", "test:"])
    assert _harness().main() == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok   test: holds on even seeds only | seed 0 | seed 0")
    assert lines[1].startswith("FAIL test: holds on even seeds only | seed 1 | seed 1 is odd")
    assert lines[2] == "1 claims x 2 seeds, 1 failed"


def test_window_sums_and_the_causal_floor():
    x = np.arange(1, 7, dtype=float).reshape(1, 6, 1)        # 1 .. 6
    np.testing.assert_array_equal(bidirectional.window_sums(x)[0, :, 0],
                                  [6, 10, 15, 20, 18, 15])  # 1+2+3, 1+..+4, 1+..+5, ...
    unseen = [2] * (bidirectional.NUM_STEPS - 2) + [1, 0]
    assert bidirectional.causal_floor() == pytest.approx(np.mean(unseen) / 12)


def _markers(batch_size=4, num_steps=12):
    x = np.zeros((batch_size, num_steps, 2))
    x[:, 3, 1] = x[:, 8, 1] = 1.0                                # markers at steps 3 and 8
    return x, x[:, :, 1] > 0.5


def test_the_lstm_memory_unit_is_the_one_that_opens_at_the_markers():
    x, at_marker = _markers()
    shape = (*at_marker.shape, 3)
    gates = {"i": np.full(shape, 0.2), "f": np.full(shape, 0.9), "c": np.zeros(shape)}
    gates["i"][at_marker, 1] = 0.9                               # unit 1 writes at the markers
    gates["c"][:, :, 1] = np.cumsum(at_marker, axis=1)           # and moves only there
    figures = lstm_adder.memory_unit_figures(gates, x)
    assert figures["memory unit"] == 1
    assert figures["input-gate contrast"] == pytest.approx(0.7)
    assert figures["forget gate"] == pytest.approx(0.9)
    assert figures["cell movement at markers"] == pytest.approx(1.0)


def test_the_gru_writer_unit_drops_its_update_gate_at_the_markers():
    x, at_marker = _markers()
    z = np.full((*at_marker.shape, 3), 0.95)
    z[at_marker, 2] = 0.1                                        # unit 2 writes at the markers
    figures = gru_gates.writer_unit_figures({"z": z}, x)
    assert figures["writer unit"] == 2
    assert figures["write at markers"] == pytest.approx(0.9)
    assert figures["keep elsewhere"] == pytest.approx(0.95)
