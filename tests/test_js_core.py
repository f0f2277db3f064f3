"""The demos' numeric core (``widgets/js/core.js``) computes what ``rnn_course.reference`` does.

Every function runs in node on seeded random shapes, edge shapes included (one unit, one
input feature, long sequences, logits of magnitude 1e3), and must equal the NumPy
reference to 1e-6; arrays packed as float32 come back exactly; the seeded sampler repeats
draw for draw and follows the requested distribution.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from rnn_course.reference import (Mulberry32, dot_attention, gru_gates, log_sum_exp,
                                  lstm_gates, rnn_forward, sample_categorical, softmax)
from rnn_course.reference.bptt import ACTIVATION_DERIVATIVES
from rnn_course.reference.rnn import ACTIVATIONS
from rnn_course.widgets import SHARED_MODULES
from rnn_course.widgets.arrays import pack_array

JS = resources.files("rnn_course.widgets").joinpath("js")
CORE = Path(str(JS.joinpath("core.js")))
RUNNER = Path(__file__).with_name("js") / "core.mjs"
TOLERANCE = {"rtol": 1e-6, "atol": 1e-6}


def _jsonable(value):
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _revive(value):
    if isinstance(value, list):
        return [_revive(v) for v in value]
    if isinstance(value, dict):
        return {k: _revive(v) for k, v in value.items()}
    return {"inf": np.inf, "-inf": -np.inf}.get(value, value) if isinstance(value, str) else value


def run_core(calls: list[tuple[str, list]], tmp_path) -> list:
    """Results of ``core[fn](*args)`` for each ``(fn, args)``, computed by node."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (scripts/bootstrap.sh needs it for npm too)")
    calls_file = tmp_path / "calls.json"
    calls_file.write_text(json.dumps([{"fn": fn, "args": _jsonable(args)} for fn, args in calls]))
    result = subprocess.run([node, str(RUNNER), str(CORE), str(calls_file)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return _revive(json.loads(result.stdout))


def close(actual, expected, where: str) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, err_msg=where,
                               **TOLERANCE)


RNG = np.random.default_rng(2026)
SHAPES = [(1, 1), (1, 5), (3, 1), (4, 7), (16, 16)]   # (input_dim, units)


def test_array_helpers_equal_numpy(tmp_path):
    a, b = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 5))
    v, w = RNG.normal(size=3), RNG.normal(size=3)
    calls = [("zeros", [3]), ("zeros", [2, 3]), ("eye", [4]), ("transpose", [a]),
             ("matVec", [v, a]), ("matMul", [a, b]), ("add", [v, w]), ("add", [a, a, a]),
             ("range", [4])]
    expected = [np.zeros(3), np.zeros((2, 3)), np.eye(4), a.T, v @ a, a @ b, v + w, 3 * a,
                np.arange(4)]
    for (fn, _), got, want in zip(calls, run_core(calls, tmp_path), expected):
        close(got, want, fn)


def test_activations_slopes_softmax_and_log_sum_exp_equal_the_reference(tmp_path):
    z = np.concatenate([RNG.normal(scale=5, size=20), [-800.0, 0.0, 800.0]])
    logits = [RNG.normal(size=7), RNG.normal(scale=1e3, size=50), np.array([1e3, -1e3, 999.0]),
              np.array([0.5]), np.array([-np.inf, 2.0, -np.inf, 2.0])]
    calls = [(name, [float(x)]) for name in ("sigmoid", "tanh", "relu") for x in z]
    calls += [("activationSlope", [name, ACTIVATIONS[name](z)]) for name in ACTIVATION_DERIVATIVES]
    calls += [("norm", [z])]
    calls += [(fn, [x]) for x in logits for fn in ("softmax", "logSumExp")]
    results = iter(run_core(calls, tmp_path))
    for name in ("sigmoid", "tanh", "relu"):
        close([next(results) for _ in z], ACTIVATIONS[name](z), name)
    for name, derivative in ACTIVATION_DERIVATIVES.items():   # f'(z) read from h = f(z)
        close(next(results), derivative(z, ACTIVATIONS[name](z)), f"activationSlope {name}")
    close(next(results), np.linalg.norm(z), "norm")
    for x in logits:
        probabilities = next(results)
        close(probabilities, softmax(x), f"softmax of {x[:3]}")
        assert np.isfinite(probabilities).all() and abs(sum(probabilities) - 1) < 1e-12
        close(next(results), log_sum_exp(x), f"logSumExp of {x[:3]}")


def _weights(input_dim: int, units: int, blocks: int, bias_shape) -> list[np.ndarray]:
    return [RNG.normal(size=(input_dim, blocks * units)),
            RNG.normal(size=(units, blocks * units)) / np.sqrt(units),
            RNG.normal(size=bias_shape)]


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "linear"])
def test_rnn_steps_over_a_sequence_equal_rnn_forward(activation, tmp_path):
    cases = []
    for num_steps, (input_dim, units) in zip((1, 3, 300, 8, 40), SHAPES):
        x = RNG.normal(size=(num_steps, input_dim))
        h0 = RNG.normal(size=units)
        weights = _weights(input_dim, units, 1, units)
        cases.append((x, h0, weights))
    calls = [("scan", [{"step": "rnnStep", "x": x, "state": h0,
                        "weights": [*w, activation]}]) for x, h0, w in cases]
    for (x, h0, w), got in zip(cases, run_core(calls, tmp_path)):
        h_seq, _ = rnn_forward(x[None], h0[None], *w, activation=activation)
        close(got, h_seq[0], f"rnnStep {activation}, x {x.shape}")


def test_lstm_steps_equal_lstm_gates(tmp_path):
    cases = []
    for num_steps, (input_dim, units) in zip((1, 200, 5, 12, 30), SHAPES):
        x = RNG.normal(size=(num_steps, input_dim))
        state = {"h": RNG.normal(size=units), "c": RNG.normal(size=units)}
        cases.append((x, state, _weights(input_dim, units, 4, 4 * units)))
    calls = [("scan", [{"step": "lstmStep", "x": x, "state": s, "weights": w}])
             for x, s, w in cases]
    for (x, s, w), got in zip(cases, run_core(calls, tmp_path)):
        gates = lstm_gates(x[None], s["h"][None], s["c"][None], *w)
        for name, value in gates.items():
            close([step[name] for step in got], value[0], f"lstmStep {name}, x {x.shape}")


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_steps_equal_gru_gates_in_both_conventions(reset_after, tmp_path):
    cases = []
    for num_steps, (input_dim, units) in zip((1, 250, 6, 9, 25), SHAPES):
        x = RNG.normal(size=(num_steps, input_dim))
        bias_shape = (2, 3 * units) if reset_after else 3 * units
        cases.append((x, RNG.normal(size=units), _weights(input_dim, units, 3, bias_shape)))
    calls = [("scan", [{"step": "gruStep", "x": x, "state": h0, "weights": [*w, reset_after]}])
             for x, h0, w in cases]
    for (x, h0, w), got in zip(cases, run_core(calls, tmp_path)):
        gates = gru_gates(x[None], h0[None], *w, reset_after=reset_after)
        for name, value in gates.items():
            close([step[name] for step in got], value[0], f"gruStep {name}, x {x.shape}")


def test_dot_attention_equals_the_reference_and_masks_exactly(tmp_path):
    cases = []
    for num_steps, d, d_v, scale in ((1, 1, 1, 1.0), (5, 4, 3, 1.0), (60, 8, 8, 1.0),
                                     (7, 2, 5, 300.0)):   # scores of magnitude 1e3 and more
        query = RNG.normal(scale=scale, size=d)
        keys, values = RNG.normal(scale=scale, size=(num_steps, d)), RNG.normal(size=(num_steps, d_v))
        mask = RNG.uniform(size=num_steps) < 0.7
        mask[RNG.integers(num_steps)] = True
        cases.append((query, keys, values, mask))
    calls = [("dotAttention", [q, k, v, m.tolist()]) for q, k, v, m in cases]
    calls += [("dotAttention", [q, k, v]) for q, k, v, _ in cases]
    results = run_core(calls, tmp_path)
    for index, (q, k, v, m) in enumerate(cases):
        for mask, got in ((m, results[index]), (None, results[len(cases) + index])):
            context, weights = dot_attention(q[None], k[None], v[None],
                                             None if mask is None else mask[None])
            close(got["weights"], weights[0], f"attention weights, T={len(k)}")
            close(got["context"], context[0], f"attention context, T={len(k)}")
            if mask is not None:
                assert all(w == 0 for w, real in zip(got["weights"], mask) if not real)


def test_generator_repeats_the_reference_draw_for_draw(tmp_path):
    [js] = run_core([("uniforms", [{"seed": 12345, "count": 1000}])], tmp_path)
    reference = Mulberry32(12345)
    assert js["values"] == [reference.next() for _ in range(1000)]
    assert js["state"] == reference.state  # the caller can carry the state on


def test_sampler_draws_follow_the_distribution_and_repeat_for_a_seed(tmp_path):
    logits = np.array([2.0, 0.0, -1.0, 1.0, 1e-3])
    count = 20000
    calls = [("draws", [{"seed": 7, "count": count, "logits": logits, "temperature": t}])
             for t in (1.0, 0.5, 2.0)]
    calls += [calls[0], ("draws", [{"seed": 7, "count": 5, "logits": logits * 1e3,
                                    "temperature": 0}])]
    *tempered, again, argmax = run_core(calls, tmp_path)
    assert tempered[0] == again  # one seed, the same draws
    assert argmax == [0] * 5     # temperature 0: the argmax, always
    for temperature, draws in zip((1.0, 0.5, 2.0), tempered):
        expected = softmax(logits / temperature) * count
        observed = np.bincount(draws, minlength=len(logits))
        # Pearson's chi-square with 4 degrees of freedom: above 18.47 by chance once in 1000.
        chi2 = ((observed - expected) ** 2 / expected).sum()
        assert chi2 < 18.47, (temperature, observed, expected)
        rng = Mulberry32(7)
        assert draws[:200] == [sample_categorical(logits, temperature, rng.next())
                               for _ in range(200)]


def test_packed_arrays_come_back_exactly(tmp_path):
    arrays = [(RNG.normal(size=(3, 4, 5)), "float32"), (RNG.normal(size=7), "float64"),
              (np.array(3.25), "float32"), (RNG.integers(-1000, 1000, size=(2, 3)), "int32"),
              (RNG.integers(0, 256, size=40), "uint8"), (np.float32([[1e-30, -3e38]]), "float32")]
    results = run_core([("unpackArray", [pack_array(a, dtype)]) for a, dtype in arrays], tmp_path)
    for (array, dtype), got in zip(arrays, results):
        expected = array.astype(dtype).astype(float)
        assert np.asarray(got, dtype=float).shape == expected.shape
        np.testing.assert_array_equal(np.asarray(got, dtype=float), expected, err_msg=dtype)


def test_demo_modules_compute_with_the_core_not_their_own_math():
    """No demo module (nor the kit) defines its own activations or matrix helpers."""
    core = CORE.read_text(encoding="utf-8")
    names = set(re.findall(r"export (?:const|function) (\w+)", core))
    assert {"softmax", "lstmStep", "gruStep", "dotAttention", "unpackArray"} <= names
    own_math = re.compile(r"\b(?:const|let|function)\s+(" + "|".join(sorted(names)) + r")\b"
                          r"|Math\.(?:tanh|exp)\(|1 \+ Math\.exp")
    modules = [p for p in JS.iterdir() if p.name.endswith(".js") and p.name != "core.js"]
    assert len(modules) >= len(SHARED_MODULES) + 5
    for module in modules:
        found = own_math.findall(module.read_text(encoding="utf-8"))
        assert not found, f"{module.name} defines or inlines core math: {found}"
