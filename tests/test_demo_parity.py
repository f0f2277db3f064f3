"""Each live demo computes in JavaScript exactly what the NumPy reference computes.

For every demo class and every one of its ``parity_demos()``, node imports the very ES
module the widget ships (kit + demo module) and runs its ``compute(state)`` on the
widget's synced values; the result must equal ``demo.reference()`` to 1e-6.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from rnn_course.widgets import all_demos

RUNNER = Path(__file__).with_name("js") / "compute.mjs"
DEMO_CLASSES = all_demos()


def run_compute(demo_class, states: list[dict], folder: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (scripts/bootstrap.sh needs it for npm too)")
    module = folder / f"{demo_class.__name__}.mjs"
    module.write_text(demo_class._esm, encoding="utf-8")
    state_file = folder / "states.json"
    state_file.write_text(json.dumps(states))
    result = subprocess.run([node, str(RUNNER), str(module), str(state_file)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_same(js: dict, reference: dict, where: str) -> None:
    assert set(js) == set(reference), f"{where}: keys {sorted(js)} vs {sorted(reference)}"
    for key, expected in reference.items():
        np.testing.assert_allclose(np.asarray(js[key], dtype=float), expected, rtol=1e-6,
                                   atol=1e-6, err_msg=f"{where}: {key}")


def test_every_demo_module_has_parity_cases():
    assert DEMO_CLASSES, "no live demo found"
    for demo_class in DEMO_CLASSES:
        assert len(demo_class.parity_demos()) >= 3, demo_class.__name__


@pytest.mark.parametrize("demo_class", DEMO_CLASSES, ids=lambda c: c.__name__)
def test_javascript_equals_numpy(demo_class, tmp_path):
    demos = demo_class.parity_demos()
    results = run_compute(demo_class, [demo.js_state() for demo in demos], tmp_path)
    for index, (demo, js) in enumerate(zip(demos, results)):
        assert_same(js, demo.reference(), f"{demo_class.__name__} case {index}")
