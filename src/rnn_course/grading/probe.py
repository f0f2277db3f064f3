"""Call a learner's answer on given inputs and report what came back, as plain data.

Used in two places, so that both judge exactly the same thing:

- in the notebook, :func:`rnn_course.grading.check` calls :func:`call_answer` directly;
- in the batch grader, this module's *source text* is executed inside the learner's
  kernel (after the learner's cells), where :func:`run_probe` reads the grader's inputs
  from ``inputs.npz``/``plan.json`` and writes ``outputs.npz``/``outcomes.json``. The
  grader loads them with ``allow_pickle=False`` and judges them in its own process.

Hence this module imports only the standard library and NumPy, and keeps no state.
An outcome is a JSON-able dict with a ``status`` (one of :data:`STATUSES`) plus, for
``"returned"``, a numeric NumPy array kept beside it. A Keras model is returned as the
array ``[count_params(), *output shape without the batch axis]`` (models never leave the
kernel), so a Keras question's reference returns that array.
"""

import json
import os

import numpy as np

STATUSES = ("returned", "not attempted", "raised", "not numeric", "not callable",
            "missing", "too large")
MAX_ARRAY_BYTES = 64 * 2**20  # a larger answer is a bug (or an attack), never a result
_NUMERIC_KINDS = "biuf"  # bool, signed and unsigned integers, floats


def _short(text, limit=300):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def _keras_summary(model):
    """A built Keras model, as numbers: parameter count, then its output shape without
    the batch axis (unknown sizes as -1)."""
    shape = model.outputs[0].shape[1:]
    return [model.count_params(), *(-1 if size is None else size for size in shape)]


def describe(value):
    """Turn a returned value into ``(outcome, array or None)``."""
    if value is Ellipsis or value is NotImplemented:
        return {"status": "not attempted"}, None
    if callable(getattr(value, "count_params", None)) and getattr(value, "outputs", None):
        try:
            value = _keras_summary(value)
        except Exception as error:
            return {"status": "raised", "exception": type(error).__name__,
                    "message": _short(error)}, None
    try:
        array = np.asarray(value)
    except Exception:  # a ragged list, an object that refuses conversion...
        return {"status": "not numeric", "type": type(value).__name__}, None
    if array.dtype.kind not in _NUMERIC_KINDS:
        return {"status": "not numeric", "type": type(value).__name__,
                "dtype": str(array.dtype)}, None
    if array.nbytes > MAX_ARRAY_BYTES:
        return {"status": "too large", "shape": list(array.shape)}, None
    return {"status": "returned"}, array


def call_answer(answer, args):
    """Call ``answer(*args)`` on copies of the arrays (``args=None``: ``answer`` is a value)."""
    if args is None:
        return describe(answer)
    if not callable(answer):
        return {"status": "not callable", "type": type(answer).__name__}, None
    copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    try:
        value = answer(*copies)
    except NotImplementedError as error:
        return {"status": "not attempted", "message": _short(error)}, None
    except (Exception, SystemExit) as error:
        return {"status": "raised", "exception": type(error).__name__,
                "message": _short(error)}, None
    return describe(value)


def _argument(spec, inputs):
    return inputs[spec["array"]] if "array" in spec else spec["scalar"]


def run_probe(namespace, name, folder):
    """Call ``namespace[name]`` on every case of ``folder/plan.json``; write the outcomes."""
    with open(os.path.join(folder, "plan.json")) as file:
        plan = json.load(file)
    with np.load(os.path.join(folder, "inputs.npz"), allow_pickle=False) as stored:
        inputs = {key: stored[key] for key in stored.files}
    outcomes, arrays = [], {}
    for index, case in enumerate(plan["cases"]):
        if name not in namespace:
            outcome, array = {"status": "missing"}, None
        else:
            args = None if case["args"] is None else [_argument(a, inputs) for a in case["args"]]
            outcome, array = call_answer(namespace[name], args)
        if array is not None:
            arrays[f"case{index}"] = array
        outcomes.append(outcome)
    np.savez(os.path.join(folder, "outputs.npz"), **arrays)
    with open(os.path.join(folder, "outcomes.json"), "w") as file:
        json.dump(outcomes, file)
