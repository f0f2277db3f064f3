"""Call a learner's answer on given inputs and report what came back, as plain data.

Used in two places, so that both judge exactly the same thing:

- in the notebook, :func:`rnn_course.grading.check` calls :func:`call_answer` directly;
- in the batch grader, this module's *source text* is executed inside the learner's
  kernel (after the learner's cells), where :func:`run_probe` reads the grader's inputs
  from ``inputs.npz``/``plan.json`` and writes ``outputs.npz``/``outcomes.json``. The
  grader loads them with ``allow_pickle=False`` and judges them in its own process.

Hence this module imports only the standard library and NumPy (a driver imports Keras
inside the learner's kernel, when a question needs it), and keeps no state.
An outcome is a JSON-able dict with a ``status`` (one of :data:`STATUSES`, the statuses
of one call, not of a question) plus, for ``"returned"``, a numeric NumPy array kept
beside it. ``"not attempted"`` carries the ``placeholder`` still in place (``"raise"`` or
``"..."``); an answer that is the course's own code carries ``course_code``, its name.
A Keras model is returned as the array ``[count_params(), *output shape without the batch
axis]`` (models never leave the kernel), so a Keras question's reference returns that
array. A property may name a driver of :data:`DRIVERS`, which calls the answer for it.
"""

import json
import os
import re

import numpy as np

STATUSES = ("returned", "not attempted", "raised", "not numeric", "not callable",
            "missing", "too large")
MAX_ARRAY_BYTES = 64 * 2**20  # a larger answer is a bug (or an attack), never a result
_NUMERIC_KINDS = "biuf"  # bool, signed and unsigned integers, floats


# Keras wraps an error in colours, a header, TensorFlow's op name and the call's
# arguments; the learner needs the sentence in the middle.
_NOISE = re.compile(r"\x1b\[[0-9;]*m|Exception encountered when calling [\w.]+\(\)\.|"
                    r"\{\{function_node [^}]*\}\}|Arguments received by .*", re.DOTALL)


def _short(text, limit=300):
    text = " ".join(_NOISE.sub(" ", str(text)).split())
    return text if len(text) <= limit else text[:limit] + "..."


def _keras_summary(model):
    """A built Keras model, as numbers: parameter count, then its output shape without
    the batch axis (unknown sizes as -1)."""
    shape = model.outputs[0].shape[1:]
    return [model.count_params(), *(-1 if size is None else size for size in shape)]


def placeholder(value) -> bool:
    """Whether ``value`` is what an exercise not yet done returns: ``...`` or ``NotImplemented``."""
    return value is Ellipsis or value is NotImplemented


def describe(value):
    """Turn a returned value into ``(outcome, array or None)``."""
    if placeholder(value):
        return {"status": "not attempted", "placeholder": "..."}, None
    if callable(getattr(value, "count_params", None)) and getattr(value, "outputs", None):
        try:
            value = _keras_summary(value)
        except Exception as error:
            return {"status": "raised", "exception": type(error).__name__,
                    "message": _short(error)}, None
    try:
        array = np.asarray(value)
    except Exception:  # a ragged list, an object that refuses conversion...
        return _not_numeric(value), None
    if array.dtype.kind not in _NUMERIC_KINDS:
        return {"status": "not numeric", "type": type(value).__name__,
                "dtype": str(array.dtype)}, None
    if array.nbytes > MAX_ARRAY_BYTES:
        return {"status": "too large", "shape": list(array.shape)}, None
    return {"status": "returned"}, array


def _not_numeric(value):
    """Why ``value`` cannot be one array; a tuple of arrays names their shapes."""
    outcome = {"status": "not numeric", "type": type(value).__name__}
    if isinstance(value, (tuple, list)):
        outcome["shapes"] = [list(np.shape(part)) if _is_array_like(part) else None
                             for part in value[:10]]
    return outcome


def _is_array_like(value):
    try:
        np.shape(value)
        return True
    except Exception:
        return False


def _course_code(answer):
    """The name of the course's own function or class ``answer`` is, or None."""
    module = getattr(answer, "__module__", None)
    if isinstance(module, str) and module.startswith("rnn_course."):
        return f"{module}.{getattr(answer, '__qualname__', '?')}"
    return None


def keras_cell_outputs(cell_class, x, kernel, recurrent_kernel, bias):
    """Every state of ``keras.layers.RNN(cell_class(units), return_sequences=True)`` on
    ``x``, with the cell's weights set to ``[kernel, recurrent_kernel, bias]`` (as copied
    from a ``SimpleRNNCell``): ``(batch_size, num_steps, units)``."""
    import keras

    layer = keras.layers.RNN(cell_class(int(kernel.shape[1])), return_sequences=True)
    inputs = x.astype("float32")
    layer(inputs)  # builds the cell's weights
    layer.set_weights([kernel, recurrent_kernel, bias])
    return np.asarray(layer(inputs))


def keras_cell_weights(cell_class, input_dim, units):
    """The shapes of the weights a cell creates, in order, one row ``[ndim, size 0, size 1]``
    each (sizes past ``ndim`` are 0)."""
    import keras

    layer = keras.layers.RNN(cell_class(int(units)))
    layer(np.zeros((1, 2, int(input_dim)), dtype="float32"))
    return [[len(w.shape), *(list(w.shape) + [0, 0])[:2]] for w in layer.weights]


# The gradients a backward pass returns, in the order of the forward pass's arguments
# (x, h0, kernel, recurrent_kernel, bias) that they differentiate.
BPTT_GRADIENTS = ("dx", "dh0", "dkernel", "drecurrent_kernel", "dbias")


def bptt_gradient(backward, which, *args):
    """Entry ``BPTT_GRADIENTS[which]`` of the dict ``backward(*args)`` returns: one array
    per case, so a message names the gradient that is wrong."""
    gradients = backward(*args)
    return gradients if placeholder(gradients) else gradients[BPTT_GRADIENTS[int(which)]]


def clipped_gradient(clip, which, max_norm, *grads):
    """One part of ``clipped, global_norm = clip([*grads], max_norm)``: ``clipped[which]``,
    or ``global_norm`` when ``which`` is -1 (a list of arrays cannot travel as one case
    argument, so the arrays come one by one and are listed here)."""
    answer = clip(list(grads), max_norm)
    if placeholder(answer):
        return answer
    clipped, global_norm = answer
    if not isinstance(clipped, (list, tuple)):
        raise TypeError("expected a pair (list of clipped arrays, global norm); its first "
                        f"part is a {type(clipped).__name__}")
    return global_norm if int(which) == -1 else clipped[int(which)]


SHAPE_WIDTH = 4  # one more axis than any shape an exercise asks for, so extras show


def shape_list(answer, *args):
    """The shapes ``answer(*args)`` returns (a list of shape tuples, of any lengths), one
    row each: the sizes, padded with 0 (no axis) to :data:`SHAPE_WIDTH`; an unknown size
    (``None``) is -1. The stub's ``...`` is passed on as it is."""
    shapes = answer(*args)
    if placeholder(shapes):
        return shapes
    rows = [[-1 if size is None else size for size in shape] for shape in shapes]
    width = max([SHAPE_WIDTH, *map(len, rows)])
    return [row + [0] * (width - len(row)) for row in rows]


def table_decoder(decode, logits, next_state, state, start_id, end_id, max_len):
    """``decode(step, state, start_id, end_id, max_len)`` (a greedy decoder) driving a
    step function made of tables: ``step(token, s) = (logits[s, token], next_state[s,
    token])``, so the scores depend on both the token fed and the state passed on. The
    decoded ids as an int array (an empty output is an empty array)."""
    def step(token, s):
        return np.array(logits[int(s), int(token)]), int(next_state[int(s), int(token)])

    tokens = decode(step, int(state), int(start_id), int(end_id), int(max_len))
    if placeholder(tokens):
        return tokens
    return np.array([int(t) for t in tokens], dtype=np.int64)


def output_part(answer, which, *args):
    """Part ``which`` of the pair ``answer(*args)`` returns (e.g. ``(context, weights)``),
    so each part is judged, and named, on its own."""
    value = answer(*args)
    if placeholder(value):
        return value
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"expected a pair of arrays, got a {type(value).__name__}")
    return value[int(which)]


def part_or_value_error(answer, which, *args):
    """Part ``which`` (0 or 1) of the pair ``answer(*args)`` returns, as :func:`output_part`;
    with ``which == -1`` the arguments are ones the answer must refuse: ``[1.0]`` if it
    raises ``ValueError`` with a message, ``[0.5]`` if the message is empty, ``[0.0]`` if
    it returns. Any other exception goes through, to be named."""
    if int(which) >= 0:
        return output_part(answer, which, *args)
    try:
        value = answer(*args)
    except ValueError as error:
        return np.array([1.0 if str(error).strip() else 0.5])
    if placeholder(value):
        return value
    return np.array([0.0])


def _global_states():
    """NumPy's and Python's global random states, to tell whether an answer drew from them."""
    import random

    _, keys, position, *_ = np.random.get_state()
    return keys.copy(), position, random.getstate()


def _same_states(first, second):
    return bool(np.array_equal(first[0], second[0])) and first[1:] == second[1:]


def _one_draw(sample, logits, temperature, rng):
    """``sample(logits, temperature, rng)`` checked to be one int in ``[0, vocab)``."""
    draw = sample(np.array(logits, copy=True), temperature, rng)
    if placeholder(draw):
        return draw
    if isinstance(draw, (bool, np.bool_)) or not isinstance(draw, (int, np.integer)):
        shape = f" of shape {np.shape(draw)}" if np.ndim(draw) else ""
        raise TypeError(f"the sampler must return one int, got a {type(draw).__name__}{shape}")
    if not 0 <= draw < len(logits):
        raise ValueError(f"the sampler returned {draw}, not an index in [0, {len(logits)})")
    return int(draw)


def _draws(sample, logits, temperature, seed, count):
    rng = np.random.default_rng(int(seed))
    draws = [_one_draw(sample, logits, temperature, rng) for _ in range(int(count))]
    return Ellipsis if any(map(placeholder, draws)) else np.array(draws)


def sampler_draws(sample, which, logits, temperature, seed, count):
    """Call ``sample(logits, temperature, rng)`` (a sampler) many times with generators
    seeded from ``seed``; NumPy warnings of division by zero, overflow and invalid values
    are raised as errors, and every draw must be one int in ``[0, vocab)``.

    ``which`` 0: the frequency of each index over ``count`` draws ``(vocab,)``;
    1: ``[1.0]`` once ``count`` draws from ``seed`` came out the same twice and those
    from ``seed + 1`` differ (else an error says which failed); 2: one draw ``[index]``.
    Raises when the draws changed NumPy's or Python's global random state: they must come
    from ``rng`` alone."""
    before = _global_states()
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        if int(which) == 2:
            draw = _one_draw(sample, logits, temperature, np.random.default_rng(int(seed)))
            value = draw if placeholder(draw) else np.array([draw])
        else:
            first = _draws(sample, logits, temperature, seed, count)
            value = first
            if int(which) == 1 and not placeholder(first):
                if not np.array_equal(first, _draws(sample, logits, temperature, seed, count)):
                    raise ValueError("the same seed gave different draws: the sampler does "
                                     "not draw from rng alone")
                if np.array_equal(first, _draws(sample, logits, temperature, seed + 1, count)):
                    raise ValueError("two different seeds gave the same draws: the sampler "
                                     "does not draw from rng")
                value = np.array([1.0])
            elif not placeholder(first):
                value = np.bincount(first, minlength=len(logits)) / len(first)
    if not _same_states(before, _global_states()):
        raise RuntimeError("the draws changed the global generator (np.random or Python's "
                           "random): the seed given in rng does not control them")
    return value


def classifier_accuracy(model, images, labels, seconds, at_least):
    """The share of ``images`` ``(N, ...)`` whose argmax class under ``model.predict`` is
    the label, capped at ``at_least`` (the answer passes when it is reached). Raises, with
    what is wrong, when the model reads another input shape, outputs something else than
    one score per class, takes more than ``seconds``, or is no better than chance."""
    import time

    wanted, classes = (None, *images.shape[1:]), int(labels.max()) + 1
    try:
        shape = tuple(model.input_shape)
    except Exception:  # not built, or not a Keras model: predict says more
        shape = wanted
    if len(shape) != len(wanted) or any(
            size is not None and size != want for size, want in zip(shape[1:], wanted[1:])):
        raise ValueError(f"the model reads inputs of shape {shape}, not {wanted}")
    start = time.monotonic()
    scores = np.asarray(model.predict(images, verbose=0))
    elapsed = time.monotonic() - start
    if elapsed > float(seconds):
        raise TimeoutError(f"the model took {elapsed:.1f} s to classify {len(images)} "
                           f"images, more than {float(seconds):g} s")
    if scores.shape != (len(images), classes):
        raise ValueError(f"the model outputs shape {scores.shape[1:]} per batch of "
                         f"{len(images)}, not ({classes},): one score per class")
    accuracy = float(np.mean(np.argmax(scores, axis=1) == labels))
    if accuracy < 2.0 / classes:
        raise ValueError(f"accuracy {accuracy:.2f}: no better than guessing among "
                         f"{classes} classes")
    return np.array([min(accuracy, float(at_least))])


def translation_exact(translate, numbers, codes, seconds):
    """The fraction of ``numbers`` that ``translate(number) -> str`` gets exactly right,
    the right outputs given as rows of Unicode code points padded with 0 (``codes``).
    Raises ``TimeoutError`` when the numbers take more than ``seconds`` in all."""
    import time

    start, right = time.monotonic(), 0
    for number, row in zip(numbers, codes):
        text = translate(int(number))
        if placeholder(text):
            return text
        right += str(text) == "".join(chr(c) for c in row if c)
        if time.monotonic() - start > float(seconds):
            raise TimeoutError(f"translate took more than {float(seconds):g} s for "
                               f"{len(numbers)} numbers")
    return np.array([right / len(numbers)])


DRIVERS = {"keras_cell_outputs": keras_cell_outputs, "keras_cell_weights": keras_cell_weights,
           "bptt_gradient": bptt_gradient, "clipped_gradient": clipped_gradient,
           "shape_list": shape_list, "table_decoder": table_decoder,
           "output_part": output_part, "translation_exact": translation_exact,
           "part_or_value_error": part_or_value_error, "sampler_draws": sampler_draws,
           "classifier_accuracy": classifier_accuracy}


def call_answer(answer, args, driver=None):
    """Call ``answer(*args)`` on copies of the arrays (``args=None``: ``answer`` is a value);
    with ``driver``, call ``DRIVERS[driver](answer, *args)`` instead."""
    if args is None:
        return describe(answer)
    if placeholder(answer):  # e.g. a model not trained yet
        return describe(answer)
    if not callable(answer):
        return {"status": "not callable", "type": type(answer).__name__}, None
    copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else
              list(a) if isinstance(a, list) else a for a in args]
    call = answer if driver is None else (lambda *a: DRIVERS[driver](answer, *a))
    try:
        value = call(*copies)
    except NotImplementedError as error:
        outcome, array = {"status": "not attempted", "placeholder": "raise",
                          "message": _short(error)}, None
    except (Exception, SystemExit) as error:
        outcome, array = {"status": "raised", "exception": type(error).__name__,
                          "message": _short(error)}, None
    else:
        outcome, array = describe(value)
    copied = _course_code(answer)
    if copied:
        outcome["course_code"] = copied
    return outcome, array


def _argument(spec, inputs):
    if "array" in spec:
        return inputs[spec["array"]]
    return list(spec["list"]) if "list" in spec else spec["scalar"]


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
            outcome, array = call_answer(namespace[name], args, case.get("driver"))
        if array is not None:
            arrays[f"case{index}"] = array
        outcomes.append(outcome)
    np.savez(os.path.join(folder, "outputs.npz"), **arrays)
    with open(os.path.join(folder, "outcomes.json"), "w") as file:
        json.dump(outcomes, file)
