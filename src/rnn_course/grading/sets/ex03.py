"""Exercise set ex03 (chapter 3): memory tables of the linear Elman and Jordan networks.

Notebook: ``exercises/ex03_memory_by_hand.ipynb``. References:
:func:`rnn_course.reference.linear_memory_network`,
:func:`~rnn_course.reference.jordan_memory_network` (all weights equal to ``weight``;
inputs ``(num_steps, 2)``; answers ``(memories, outputs)``, each ``(num_steps, 2)``, which
the checks judge as one array of shape ``(2, num_steps, 2)``).
"""

from __future__ import annotations

import numpy as np

from rnn_course.grading.spec import Case, ExerciseSet, Property, Question, WrongVariant
from rnn_course.data.words import encode_words
from rnn_course.reference.memory import (jordan_memory_network, linear_memory_network,
                                         memory_network, uniform_weights)

CLASSIC = "11 11 22"  # Hung-yi Lee's example: outputs 4, 12, 32 with every weight 1
SENTENCES = ("你祖我孫", "我祖你孫")
NUM_POSITIONS = 4  # the sentence length of exercise 3.3

# --- cases shared by 3.1 and 3.2 --------------------------------------------------------


def _case(inputs: np.ndarray, weight: float, what: str) -> Case:
    return Case((inputs, float(weight)), f"{what} (num_steps={len(inputs)}), "
                                         f"weight={weight:g}")


def _words_case(words: str, weight: float = 1.0) -> Case:
    return _case(encode_words(words), weight, f"inputs {words}")


def _random_codes(rng: np.random.Generator, num_steps: int) -> np.ndarray:
    return rng.integers(0, 2, size=(num_steps, 2)).astype(float)  # 2-bit word codes


def _shape_cases(rng: np.random.Generator) -> list[Case]:
    return [_case(_random_codes(rng, num_steps), 1.0, "random word codes")
            for num_steps in (int(rng.integers(2, 5)), int(rng.integers(5, 9)))]


def _chapter_cases(rng: np.random.Generator) -> list[Case]:
    return [_words_case(CLASSIC), *(_words_case(sentence) for sentence in SENTENCES)]


def _random_cases(rng: np.random.Generator) -> list[Case]:
    return [_case(_random_codes(rng, int(rng.integers(2, 11))), 1.0, "random word codes")
            for _ in range(3)]


def _weight_cases(rng: np.random.Generator) -> list[Case]:
    weights = (0.5, -1.0, round(float(rng.uniform(0.2, 1.2)), 2))
    return [_case(rng.normal(size=(int(rng.integers(3, 8)), 2)).round(2), weight,
                  "random real inputs") for weight in weights]


def _edge_cases(rng: np.random.Generator) -> list[Case]:
    return [_words_case("22"),  # a single step
            _words_case("00 00 00"),  # nothing to remember
            _words_case("11 00 00 00 00 00", 0.5),  # the chapter's steady memory
            _case(_random_codes(rng, 20), 1.0, "random word codes")]


SHAPES = Property("shapes: (memories, outputs), each (num_steps, 2)", 1, _shape_cases,
                  mode="shape")
CHAPTER = Property("the chapter's examples (11 11 22, 你祖我孫, 我祖你孫)", 1, _chapter_cases)
EDGES = Property("edge cases (one step, zero inputs, a pulse with weight 0.5, 20 steps)",
                 1, _edge_cases)


# --- the mistakes, as functions of (inputs, weight) --------------------------------------


def _network(inputs, weight, network, recurrent_kernel=None):
    """``(hidden, memories, outputs)`` with all weights ``weight``, optionally another
    recurrent kernel (the mistakes change only how the memory is read)."""
    kernel, uniform_recurrent, output_kernel = uniform_weights(weight)
    recurrent = uniform_recurrent if recurrent_kernel is None else recurrent_kernel
    return memory_network(inputs, kernel, recurrent, output_kernel, network=network)


def _not_carried(inputs, weight, network):
    return _network(inputs, weight, network, recurrent_kernel=np.zeros((2, 2)))


def _own_cell_only(inputs, weight, network):
    return _network(inputs, weight, network, recurrent_kernel=weight * np.eye(2))


def _lagged(array):
    """What each step *read*: zeros first, then every row but the last."""
    return np.concatenate([np.zeros_like(array[:1]), array[:-1]])


NOT_CARRIED = ("the memory is not carried from step to step: each step must read the "
               "memory the previous step stored (start from zeros once, before the loop, "
               "and update it at the end of every step)")
OWN_CELL_ONLY = ("each hidden unit must read BOTH memory cells (the recurrent weights are "
                 "a full (2, 2) matrix of weight), so with equal weights the memory counts "
                 "twice, not once")
MEMORY_LAGGED = ("off by one step: memories[t] is the memory AFTER the step that read "
                 "inputs[t] (what the next step reads), not the memory that step read; "
                 "the zero memory m_0 is not part of the table")
WEIGHT_IGNORED = "every weight equals the argument `weight`, not 1"
ONLY_OUTPUTS = "return both arrays, as the pair (memories, outputs)"
ONLY_LAST = "return every step, one row per step: each array has shape (num_steps, 2)"
TRANSPOSED = "one row per step: each array has shape (num_steps, 2), not (2, num_steps)"


def _shape_variants(reference) -> tuple[WrongVariant, ...]:
    return (
        WrongVariant(ONLY_OUTPUTS, lambda x, w: reference(x, w)[1]),
        WrongVariant(ONLY_LAST, lambda x, w: np.stack([a[-1] for a in reference(x, w)])),
        WrongVariant(TRANSPOSED, lambda x, w: np.stack([a.T for a in reference(x, w)])),
    )


def _elman_lagged_outputs(x, w):
    memories, outputs = linear_memory_network(x, w)
    return memories, _lagged(memories) @ uniform_weights(w)[2]


# --- 3.1 the Elman memory table ----------------------------------------------------------

MEMORY_TABLE = Question(
    id="ex03.memory_table", number="3.1", name="memory_table",
    title="Compute the memory table of the Elman network",
    reference=linear_memory_network,
    properties=(SHAPES, CHAPTER,
                Property("random word orders, weight 1", 1, _random_cases),
                Property("other weights (0.5, -1, a random one)", 1, _weight_cases),
                EDGES),
    variants=(
        WrongVariant("that is the Jordan network: it stores its outputs; the Elman network "
                     "stores its hidden values (memory = a_t)",
                     jordan_memory_network),
        WrongVariant(NOT_CARRIED, lambda x, w: _not_carried(x, w, "elman")[1:]),
        WrongVariant(OWN_CELL_ONLY, lambda x, w: _own_cell_only(x, w, "elman")[1:]),
        WrongVariant(MEMORY_LAGGED, lambda x, w: (_lagged(linear_memory_network(x, w)[0]),
                                                 linear_memory_network(x, w)[1])),
        WrongVariant("off by one step in the outputs: y_t = a_t @ W_out uses the hidden "
                     "values of THIS step, not the memory this step read",
                     _elman_lagged_outputs),
        WrongVariant("the outputs are y_t = a_t @ W_out (the output weights), not the "
                     "hidden values themselves",
                     lambda x, w: (linear_memory_network(x, w)[0],) * 2),
        WrongVariant("swapped: return (memories, outputs), in that order",
                     lambda x, w: linear_memory_network(x, w)[::-1]),
        WrongVariant(WEIGHT_IGNORED, lambda x, w: linear_memory_network(x, 1.0)),
        *_shape_variants(linear_memory_network),
    ),
)

# --- 3.2 the Jordan memory table ---------------------------------------------------------


def _jordan_with_hidden(x, w, memory_first: bool):
    hidden, _, outputs = _network(x, w, "jordan")
    return (hidden, outputs) if memory_first else (outputs, hidden)


JORDAN_TABLE = Question(
    id="ex03.jordan_table", number="3.2", name="jordan_table",
    title="Compute the memory table of the Jordan network",
    reference=jordan_memory_network,
    properties=(SHAPES, CHAPTER,
                Property("random word orders and other weights", 1,
                         lambda rng: _random_cases(rng) + _weight_cases(rng)),
                EDGES),
    variants=(
        WrongVariant("that is the Elman network: it stores its hidden values; the Jordan "
                     "network stores its outputs (memory = y_t)",
                     linear_memory_network),
        WrongVariant(NOT_CARRIED, lambda x, w: _not_carried(x, w, "jordan")[1:]),
        WrongVariant(OWN_CELL_ONLY, lambda x, w: _own_cell_only(x, w, "jordan")[1:]),
        WrongVariant(MEMORY_LAGGED, lambda x, w: (_lagged(jordan_memory_network(x, w)[0]),
                                                 jordan_memory_network(x, w)[1])),
        WrongVariant("the memory of a Jordan network IS its output: memories[t] must equal "
                     "outputs[t], not the hidden values",
                     lambda x, w: _jordan_with_hidden(x, w, memory_first=True)),
        WrongVariant("the outputs are y_t = a_t @ W_out, not the hidden values a_t (and the "
                     "memory stores y_t)",
                     lambda x, w: _jordan_with_hidden(x, w, memory_first=False)),
        WrongVariant(WEIGHT_IGNORED, lambda x, w: jordan_memory_network(x, 1.0)),
        *_shape_variants(jordan_memory_network),
    ),
)

# --- 3.3 how the Jordan network weighs each position --------------------------------------


def _pulse(position: int, bits=(1.0, 0.0)) -> np.ndarray:
    """``NUM_POSITIONS`` steps of zeros with ``bits`` at ``position``."""
    inputs = np.zeros((NUM_POSITIONS, 2))
    inputs[position] = bits
    return inputs


def _final_per_position(network, which: int = 1, bits=(1.0, 0.0)) -> np.ndarray:
    """Unit 0 of the final row of ``network``'s ``which`` array, for a pulse of ``bits``
    (bit sum ``s``) at each position: by linearity, the weight of each position."""
    return np.array([network(_pulse(t, bits))[which][-1, 0] for t in range(NUM_POSITIONS)])


def jordan_position_weights() -> np.ndarray:
    """``[c_1, ..., c_4]`` with ``y_4 = c_1 s_1 + ... + c_4 s_4`` per unit, for the Jordan
    network with every weight 1 (``s_t``: the bit sum of input ``t``)."""
    return _final_per_position(jordan_memory_network)


POSITION_WEIGHTS = Question(
    id="ex03.jordan_position_weights", number="3.3", name="jordan_position_weights",
    title="Find how the Jordan network weighs each position",
    reference=jordan_position_weights, kind="value",
    properties=(Property("the four weights c_1, c_2, c_3, c_4", 2,
                         lambda rng: [Case(None, "your answer")]),),
    variants=(
        WrongVariant("reversed: c_1 is the weight of the FIRST input, the one the memory "
                     "has multiplied most often",
                     lambda: jordan_position_weights()[::-1]),
        WrongVariant("those are the Elman network's weights; this question is about the "
                     "Jordan network (jordan_table)",
                     lambda: _final_per_position(linear_memory_network)),
        WrongVariant("a pulse [1, 1] has bit sum s = 2, so its outputs are twice the "
                     "weights: use a pulse with bit sum 1, such as [1, 0]",
                     lambda: _final_per_position(jordan_memory_network, bits=(1.0, 1.0))),
        WrongVariant("those weigh the last hidden value a_4; the question asks for the "
                     "final output y_4 = a_4 @ W_out",
                     lambda: _final_per_position(lambda x: _network(x, 1.0, "jordan"),
                                                 which=0)),
    ),
    rtol=0.0, atol=1e-9,
)

SET = ExerciseSet(id="ex03", title="Memory by hand", chapter=3,
                  questions=(MEMORY_TABLE, JORDAN_TABLE, POSITION_WEIGHTS))
