"""Exercise set ex03 (chapter 3): memory tables of the linear Elman and Jordan networks.

Notebook: ``exercises/ex03_memory_by_hand.ipynb``. References:
:func:`rnn_course.reference.linear_memory_network`,
:func:`~rnn_course.reference.jordan_memory_network` (all weights equal to ``weight``;
inputs ``(num_steps, 2)``; answers ``(memories, outputs)``, each ``(num_steps, 2)``).
"""

from __future__ import annotations

import numpy as np

from rnn_course.data.words import encode_words
from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, shape
from rnn_course.reference import memory as _memory

_elman, _jordan = _memory.linear_memory_network, _memory.jordan_memory_network
CLASSIC = "11 11 22"  # Hung-yi Lee's example: outputs 4, 12, 32 with every weight 1
SENTENCES = ("你祖我孫", "我祖你孫")
NUM_POSITIONS = 4  # the sentence length of exercise 3.3

# --- cases shared by 3.1 and 3.2 --------------------------------------------------------


def _case(inputs: np.ndarray, weight: float, what: str) -> Case:
    return Case((inputs, float(weight)), f"{what} (num_steps={len(inputs)}), weight={weight:g}")


def _words(words: str, weight: float = 1.0) -> Case:
    return _case(encode_words(words), weight, f"inputs {words}")


def _codes(rng, num_steps: int) -> np.ndarray:
    return rng.integers(0, 2, size=(num_steps, 2)).astype(float)  # 2-bit word codes


def _random_cases(rng) -> list[Case]:
    return [_case(_codes(rng, int(rng.integers(2, 11))), 1.0, "random word codes")
            for _ in range(3)]


def _weight_cases(rng) -> list[Case]:
    weights = (0.5, -1.0, round(float(rng.uniform(0.2, 1.2)), 2))
    return [_case(rng.normal(size=(int(rng.integers(3, 8)), 2)).round(2), weight,
                  "random real inputs") for weight in weights]


def _edge_cases(rng) -> list[Case]:
    return [_words("22"),  # a single step
            _words("00 00 00"),  # nothing to remember
            _words("11 00 00 00 00 00", 0.5),  # the chapter's steady memory
            _case(_codes(rng, 20), 1.0, "random word codes")]


CHAPTER = Property("the chapter's examples (11 11 22, 你祖我孫, 我祖你孫)", 1,
                   lambda rng: [_words(CLASSIC), *(_words(s) for s in SENTENCES)])
OTHERS = Property("random word orders and other weights (0.5, -1, a random one)", 1,
                  lambda rng: _random_cases(rng) + _weight_cases(rng))
EDGES = Property("edge cases (one step, zero inputs, a pulse with weight 0.5, 20 steps)",
                 1, _edge_cases)
PARTS = ("memories", "outputs")  # the answer (memories, outputs), as the messages name it

# --- the mistakes, as functions of (inputs, weight) --------------------------------------


def _network(inputs, weight, network, recurrent_kernel=None):
    """``(hidden, memories, outputs)`` with all weights ``weight``, optionally another
    recurrent kernel (the mistakes change only how the memory is read)."""
    kernel, uniform_recurrent, output_kernel = _memory.uniform_weights(weight)
    recurrent = uniform_recurrent if recurrent_kernel is None else recurrent_kernel
    return _memory.memory_network(inputs, kernel, recurrent, output_kernel, network=network)


def _lagged(array):
    """What each step *read*: zeros first, then every row but the last."""
    return np.concatenate([np.zeros_like(array[:1]), array[:-1]])


def _shared_mistakes(network: str, reference) -> dict:
    """The mistakes both tables can make, written once."""
    return {
        "the memory is not carried from step to step: each step must read the memory the "
        "previous step stored (start from zeros once, before the loop, and update it at the "
        "end of every step)":
            lambda x, w: _network(x, w, network, recurrent_kernel=np.zeros((2, 2)))[1:],
        "each hidden unit must read BOTH memory cells (the recurrent weights are a full "
        "(2, 2) matrix of weight), so with equal weights the memory counts twice, not once":
            lambda x, w: _network(x, w, network, recurrent_kernel=w * np.eye(2))[1:],
        "off by one step: memories[t] is the memory AFTER the step that read inputs[t] "
        "(what the next step reads), not the memory that step read; the zero memory m_0 is "
        "not part of the table":
            lambda x, w: (_lagged(reference(x, w)[0]), reference(x, w)[1]),
    }


def _shape_mistakes(reference) -> dict:
    return {
        "return both arrays, as the pair (memories, outputs)": lambda x, w: reference(x, w)[1],
        "return every step, one row per step: each array has shape (num_steps, 2)":
            lambda x, w: np.stack([a[-1] for a in reference(x, w)]),
        "one row per step: each array has shape (num_steps, 2), not (2, num_steps)":
            lambda x, w: np.stack([a.T for a in reference(x, w)]),
    }


WEIGHT_IGNORED = "every weight equals the argument `weight`, not 1"


def _elman_lagged_outputs(x, w):
    memories, _ = _elman(x, w)
    return memories, _lagged(memories) @ _memory.uniform_weights(w)[2]


def _jordan_with_hidden(x, w, memory_first: bool):
    hidden, _, outputs = _network(x, w, "jordan")
    return (hidden, outputs) if memory_first else (outputs, hidden)


# --- 3.1 and 3.2: the two memory tables --------------------------------------------------

MEMORY_TABLE = Question(
    name="memory_table", title="Compute the memory table of the Elman network",
    reference=_elman, parts=PARTS,
    properties=(shape("shapes: (memories, outputs), each (num_steps, 2)", 1,
                      lambda rng: [_case(_codes(rng, n), 1.0, "random word codes")
                                   for n in (int(rng.integers(2, 5)), int(rng.integers(5, 9)))]),
                CHAPTER, OTHERS, EDGES),
    mistakes={
        "that is the Jordan network: it stores its outputs; the Elman network stores its "
        "hidden values (memory = a_t)": _jordan,
        **_shared_mistakes("elman", _elman),
        "off by one step in the outputs: y_t = a_t @ W_out uses the hidden values of THIS "
        "step, not the memory this step read": _elman_lagged_outputs,
        "the outputs are y_t = a_t @ W_out (the output weights), not the hidden values "
        "themselves": lambda x, w: (_elman(x, w)[0],) * 2,
        "swapped: return (memories, outputs), in that order": lambda x, w: _elman(x, w)[::-1],
        WEIGHT_IGNORED: lambda x, w: _elman(x, 1.0),
        **_shape_mistakes(_elman),
    },
)

JORDAN_TABLE = Question(
    name="jordan_table", title="Compute the memory table of the Jordan network",
    reference=_jordan, parts=PARTS,
    properties=(CHAPTER, OTHERS, EDGES),
    mistakes={
        "that is the Elman network: it stores its hidden values; the Jordan network stores "
        "its outputs (memory = y_t)": _elman,
        **_shared_mistakes("jordan", _jordan),
        "the memory of a Jordan network IS its output: memories[t] must equal outputs[t], "
        "not the hidden values": lambda x, w: _jordan_with_hidden(x, w, memory_first=True),
        "the outputs are y_t = a_t @ W_out, not the hidden values a_t (and the memory "
        "stores y_t)": lambda x, w: _jordan_with_hidden(x, w, memory_first=False),
        WEIGHT_IGNORED: lambda x, w: _jordan(x, 1.0),
        **_shape_mistakes(_jordan),
    },
)

# --- 3.3 how the Jordan network weighs each position --------------------------------------


def _pulse(position: int, bits=(1.0, 0.0)) -> np.ndarray:
    """``NUM_POSITIONS`` steps of zeros with ``bits`` at ``position``."""
    inputs = np.zeros((NUM_POSITIONS, 2))
    inputs[position] = bits
    return inputs


def _final_per_position(network, which: int = 1, bits=(1.0, 0.0)) -> np.ndarray:
    """Unit 0 of the final row of ``network``'s ``which`` array, for a pulse of ``bits``
    at each position: by linearity, the weight of each position."""
    return np.array([network(_pulse(t, bits))[which][-1, 0] for t in range(NUM_POSITIONS)])


def jordan_position_weights() -> np.ndarray:
    """``[c_1, ..., c_4]`` with ``y_4 = c_1 s_1 + ... + c_4 s_4`` per unit, for the Jordan
    network with every weight 1 (``s_t``: the bit sum of input ``t``)."""
    return _final_per_position(_jordan)


POSITION_WEIGHTS = Question(
    name="jordan_position_weights", title="Find how the Jordan network weighs each position",
    reference=jordan_position_weights, kind="value", parts=("c_1", "c_2", "c_3", "c_4"),
    properties=(Property("the four weights c_1, c_2, c_3, c_4", 4),),
    mistakes={
        "reversed: c_1 is the weight of the FIRST input, the one the memory has multiplied "
        "most often": lambda: jordan_position_weights()[::-1],
        "those are the weights of the Elman network's memory a_4 (the chapter's); this "
        "question asks for the Jordan network's output y_4":
            lambda: _final_per_position(_elman, which=0),
        "those are the Elman network's weights; this question is about the Jordan network "
        "(jordan_table)": lambda: _final_per_position(_elman),
        "a pulse [1, 1] has bit sum s = 2, so its outputs are twice the weights: use a pulse "
        "with bit sum 1, such as [1, 0]":
            lambda: _final_per_position(_jordan, bits=(1.0, 1.0)),
        "those weigh the last hidden value a_4; the question asks for the final output "
        "y_4 = a_4 @ W_out":
            lambda: _final_per_position(lambda x: _network(x, 1.0, "jordan"), which=0),
    },
    rtol=0.0, atol=1e-9,
)

SET = ExerciseSet(chapter=3, title="Compute memory tables",
                  questions=(MEMORY_TABLE, JORDAN_TABLE, POSITION_WEIGHTS))
