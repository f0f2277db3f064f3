"""Chapter 9's translator: Arabic numerals into Chinese numerals, with and without attention.

Taught in chapter 9. ``python -m rnn_course.experiments.translator --seed 0`` trains both
models from a seed and prints the chapter's figures; ``--save`` also writes the weights
the package ships (:data:`WEIGHTS_PATH`), which the chapter and the demo load.

Two encoder-decoder models, the same size apart from the output layer:

* **plain**: a GRU encoder reads the digits; its last state, the *context vector*, is the
  decoder GRU's initial state; the decoder's state at each step goes through ``Dense`` to
  the logits over the target vocabulary.
* **attention**: the same, plus scaled dot-product attention (Luong style, no input
  feeding): at each step the decoder's state is the query over the encoder's states, and
  ``Dense`` reads the state concatenated with the attention's context.

Training uses **teacher forcing**: the decoder reads the gold output shifted right
(:func:`rnn_course.reference.shift_right`), so one pass of each GRU over the whole
sequence trains every position at once. Inference is a loop: :class:`Translator` holds
the trained weights as NumPy arrays, extracted from the same Keras layers, and its
:meth:`Translator.step` is the one step function that greedy decoding, beam search,
the attention heatmaps and the demo all use.

Shapes: ``source`` ``(batch, MAX_SOURCE_LEN)`` digit ids (0 = padding, left-aligned),
``decoder_inputs`` / ``targets`` ``(batch, MAX_TARGET_LEN + 1)`` character ids, logits
``(batch, MAX_TARGET_LEN + 1, vocab)``. Keras weight layout (GRU gate order z, r, h,
``reset_after=True``).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from rnn_course.data.numerals import (END_ID, MAX_SOURCE_LEN, MAX_TARGET_LEN, PAD_ID,
                                      SOURCE_TOKENS, START_ID, TARGET_TOKENS,
                                      decode_target, encode_source, encode_target,
                                      make_splits, to_chinese)
from rnn_course.reference.attention import dot_attention
from rnn_course.reference.gated import gru_cell_forward
from rnn_course.reference.seq2seq import beam_search, greedy_decode, shift_right

KINDS = ("plain", "attention")
EMBED_DIM = 16
UNITS = 64
EPOCHS = 8
BATCH_SIZE = 128
LEARNING_RATE = 5e-3
NUM_TRAIN, NUM_VALIDATION, NUM_TEST = 20_000, 1_000, 1_000
SHIPPED_SEED = 0
WEIGHTS_PATH = Path(__file__).with_name("translator_weights.npz")
"""The weights the package ships: both models trained by :func:`main` on :data:`SHIPPED_SEED`."""


# ---------------------------------------------------------------- data

def dataset(numbers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(source, decoder_inputs, targets)`` for teacher forcing, from a list of numbers."""
    targets = encode_target([to_chinese(int(n)) for n in numbers])
    return encode_source(numbers), shift_right(targets, START_ID), targets


# ---------------------------------------------------------------- Keras model

def build_model(kind: str, units: int = UNITS, embed_dim: int = EMBED_DIM):
    """The teacher-forced model: ``[source, decoder_inputs] -> logits``.

    Layers are named (``source_embedding``, ``encoder``, ``target_embedding``,
    ``decoder``, ``attention``, ``output``) so :meth:`Translator.from_model` finds them.
    """
    import keras

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    source = keras.Input(shape=(MAX_SOURCE_LEN,), dtype="int32", name="source")
    decoder_inputs = keras.Input(shape=(MAX_TARGET_LEN + 1,), dtype="int32",
                                 name="decoder_inputs")
    embedded = keras.layers.Embedding(len(SOURCE_TOKENS), embed_dim, mask_zero=True,
                                      name="source_embedding")(source)
    # Masked steps carry the state on unchanged, so the final state is the state after
    # the last real digit, whatever the padding.
    encoder_states, context = keras.layers.GRU(
        units, return_sequences=True, return_state=True, name="encoder")(embedded)
    target_embedded = keras.layers.Embedding(len(TARGET_TOKENS), embed_dim,
                                             name="target_embedding")(decoder_inputs)
    decoder_states = keras.layers.GRU(units, return_sequences=True, name="decoder")(
        target_embedded, initial_state=context)        # the context vector starts it
    features = decoder_states
    if kind == "attention":
        # keras.layers.Attention scores q . k without the 1/sqrt(d) of dot_attention, so
        # the query is scaled first; the mask goes in as (batch, 1, T) (Keras 3.10 does
        # not expand a (batch, T) value mask by itself).
        query = keras.layers.Rescaling(1.0 / np.sqrt(units), name="scale_query")(
            decoder_states)
        real = keras.ops.expand_dims(keras.ops.not_equal(source, PAD_ID), 1)
        attended = keras.layers.Attention(score_mode="dot", name="attention")(
            [query, encoder_states, encoder_states], mask=[None, real])
        features = keras.layers.Concatenate(name="state_and_context")(
            [decoder_states, attended])
    logits = keras.layers.Dense(len(TARGET_TOKENS), name="output")(features)
    return keras.Model([source, decoder_inputs], logits, name=f"translator_{kind}")


@dataclass
class TrainingRun:
    """A trained model and its optimiser, with the per-epoch training loss and validation
    exact match."""

    kind: str
    seed: int
    model: object
    optimizer: object
    loss: list[float] = field(default_factory=list)
    validation_exact: list[float] = field(default_factory=list)
    seconds: float = 0.0


def masked_loss(targets, logits):
    """Mean cross-entropy over the real target positions (padding after the end excluded)."""
    import keras

    per_token = keras.losses.sparse_categorical_crossentropy(targets, logits,
                                                              from_logits=True)
    real = keras.ops.cast(keras.ops.not_equal(targets, PAD_ID), per_token.dtype)
    return keras.ops.sum(per_token * real) / keras.ops.sum(real)


@lru_cache(maxsize=None)  # a few thousand short rows a seed; every caller reads the same split
def course_splits(seed: int):
    """The chapter's split of ``seed``: ``make_splits(NUM_TRAIN, NUM_VALIDATION, NUM_TEST,
    seed=seed)`` (its test part is not ``make_splits``' default size)."""
    return make_splits(NUM_TRAIN, NUM_VALIDATION, NUM_TEST, seed=seed)


def train(kind: str, seed: int = 0, epochs: int = EPOCHS, num_train: int = NUM_TRAIN,
          splits=None, validate: bool = True, after_epoch=None,
          resume: TrainingRun | None = None, jit_compile: bool = True) -> TrainingRun:
    """Train one model with teacher forcing from ``seed`` (weights, shuffling, data).

    Adam at :data:`LEARNING_RATE`, gradients clipped to global norm 1, batches of
    :data:`BATCH_SIZE`, the first ``num_train`` training numbers of :func:`course_splits`.
    After each epoch: the mean training loss and (if ``validate``) the greedy exact match
    on 200 validation numbers, decoded by the step loop; ``after_epoch(run, translator)``,
    if given, is called then (the chapter prints sample translations with it). With
    ``resume`` (an earlier run of this ``kind``), its model and optimiser go on training
    and its history goes on growing, so training can be split over several calls. The
    training step is compiled with XLA (several times faster for a recurrent layer on a
    CPU, as in chapter 6); ``jit_compile=False`` skips the compilation, which costs more
    than it saves for a run of a few dozen steps.
    """
    import keras
    import tensorflow as tf

    from rnn_course.notebook import quiet_native_stderr

    keras.utils.set_random_seed(seed)
    splits = splits or course_splits(seed)
    source, decoder_inputs, targets = dataset(splits.train[:num_train])
    if resume is not None:
        model, optimizer = resume.model, resume.optimizer
    else:
        model = build_model(kind)
        optimizer = keras.optimizers.Adam(LEARNING_RATE, global_clipnorm=1.0)

    @tf.function(jit_compile=jit_compile)
    def train_step(source, decoder_inputs, targets):
        with tf.GradientTape() as tape:
            loss = masked_loss(targets, model([source, decoder_inputs], training=True))
        optimizer.apply(tape.gradient(loss, model.trainable_variables),
                        model.trainable_variables)
        return loss

    run = TrainingRun(kind, seed, model, optimizer)
    if resume is not None:
        run.loss, run.validation_exact = list(resume.loss), list(resume.validation_exact)
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    with quiet_native_stderr():  # XLA's C++ log lines at its first compile
        for _ in range(epochs):
            order = rng.permutation(len(source))
            losses = [float(train_step(source[batch], decoder_inputs[batch], targets[batch]))
                      for batch in np.array_split(order, max(1, len(order) // BATCH_SIZE))]
            run.loss.append(float(np.mean(losses)))
            if validate or after_epoch:
                translator = Translator.from_model(model)
            if validate:
                run.validation_exact.append(
                    float(score(translator, splits.validation[:200]).exact.mean()))
            if after_epoch:
                after_epoch(run, translator)
    run.seconds = time.perf_counter() - start
    return run


# ---------------------------------------------------------------- NumPy inference

@dataclass(frozen=True)
class DecoderState:
    """What the step function carries, for a batch of ``B`` inputs: the decoder's state
    ``h`` ``(B, units)``, the encoder's states ``(B, T, units)`` and which of their steps
    are real digits, ``mask`` ``(B, T)`` (attention reads them), and the last step's
    attention weights ``(B, T)`` (``None`` for the plain model, or before the first step).
    """

    h: np.ndarray
    encoder_states: np.ndarray
    mask: np.ndarray
    attention: np.ndarray | None = None


class Translator:
    """A trained translator as NumPy arrays: encoder, the step function, decoders.

    ``weights`` maps names to float32 arrays in Keras' layout: ``source_embedding``
    ``(11, E)``, ``encoder/kernel`` ``(E, 3U)``, ``encoder/recurrent_kernel`` ``(U, 3U)``,
    ``encoder/bias`` ``(2, 3U)``, the same for ``decoder/...`` with ``target_embedding``
    ``(vocab, E)``, and ``output/kernel`` ``(U, vocab)`` (plain) or ``(2U, vocab)``
    (attention: rows ``:U`` read the state, rows ``U:`` the context), ``output/bias``.

    :meth:`step_batch` is the one step function; :meth:`step` is the same for one input
    (the form :func:`~rnn_course.reference.greedy_decode` and
    :func:`~rnn_course.reference.beam_search` call), and :meth:`greedy_batch` /
    :meth:`follow` run it over many inputs at once.
    """

    GRU_PARTS = ("kernel", "recurrent_kernel", "bias")

    def __init__(self, kind: str, weights: dict[str, np.ndarray], dtype=np.float32):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        self.kind = kind
        # float32 as Keras computes; the demo's parity test uses float64, as JavaScript does
        self.weights = {name: np.asarray(value, dtype=dtype) for name, value in weights.items()}

    @classmethod
    def from_model(cls, model) -> Translator:
        """Copy the weights out of a model made by :func:`build_model`."""
        kind = "attention" if any(layer.name == "attention" for layer in model.layers) \
            else "plain"
        weights = {"source_embedding": model.get_layer("source_embedding").get_weights()[0],
                   "target_embedding": model.get_layer("target_embedding").get_weights()[0]}
        for name in ("encoder", "decoder"):
            for part, value in zip(cls.GRU_PARTS, model.get_layer(name).get_weights()):
                weights[f"{name}/{part}"] = value
        kernel, bias = model.get_layer("output").get_weights()
        weights.update({"output/kernel": kernel, "output/bias": bias})
        return cls(kind, weights)

    def to_model(self):
        """A Keras teacher-forced model (:func:`build_model`) holding these weights."""
        model = build_model(self.kind, units=self.units,
                            embed_dim=self.weights["source_embedding"].shape[1])
        model.get_layer("source_embedding").set_weights([self.weights["source_embedding"]])
        model.get_layer("target_embedding").set_weights([self.weights["target_embedding"]])
        for name in ("encoder", "decoder"):
            model.get_layer(name).set_weights(self._gru(name))
        model.get_layer("output").set_weights([self.weights["output/kernel"],
                                               self.weights["output/bias"]])
        return model

    @property
    def units(self) -> int:
        return self.weights["encoder/recurrent_kernel"].shape[0]

    def _gru(self, name: str) -> list[np.ndarray]:
        return [self.weights[f"{name}/{part}"] for part in self.GRU_PARTS]

    def encode_batch(self, numbers) -> DecoderState:
        """Run the encoder over the digits of each number: the decoder's initial state.

        The digits are left-aligned and padded (:func:`encode_source`); at a padded step
        the state is carried on unchanged (as Keras' masking does), so ``h``, the
        *context vector*, is each number's state after its last digit.
        """
        ids = encode_source([int(n) for n in numbers])
        mask = ids != PAD_ID                                            # (B, T)
        x = self.weights["source_embedding"][ids]                       # (B, T, E)
        h = np.zeros((len(ids), self.units), dtype=x.dtype)
        states = []
        for t in range(ids.shape[1]):
            h = np.where(mask[:, t:t + 1], gru_cell_forward(x[:, t], h, *self._gru("encoder")),
                         h)
            states.append(h)
        return DecoderState(h, np.stack(states, axis=1), mask)

    def encode(self, number: int) -> DecoderState:
        """:meth:`encode_batch` for one number (a batch of 1)."""
        return self.encode_batch([number])

    def step_batch(self, tokens, state: DecoderState) -> tuple[np.ndarray, DecoderState]:
        """One decoder step: previous token ids ``(B,)`` and state -> logits ``(B, vocab)``
        and the new state.

        The decoder GRU reads the tokens' embeddings; with attention, its new state is the
        query over the encoder's states (:func:`rnn_course.reference.dot_attention`,
        padded digits masked out), and the output layer reads ``[h, context]``.
        """
        x = self.weights["target_embedding"][np.asarray(tokens)]         # (B, E)
        h = gru_cell_forward(x, state.h, *self._gru("decoder"))          # (B, U)
        features, weights = h, None
        if self.kind == "attention":
            keys = state.encoder_states                                  # (B, T, U)
            context, weights = dot_attention(h, keys, keys, state.mask)
            features = np.concatenate([h, context], axis=1)              # (B, 2U)
        logits = features @ self.weights["output/kernel"] + self.weights["output/bias"]
        return logits, DecoderState(h, state.encoder_states, state.mask, weights)

    def step(self, token: int, state: DecoderState) -> tuple[np.ndarray, DecoderState]:
        """:meth:`step_batch` for one input: token id -> logits ``(vocab,)``, new state."""
        logits, state = self.step_batch([token], state)
        return logits[0], state

    def translate(self, number: int, beam_width: int = 1) -> str:
        """The model's Chinese reading of ``number``: greedy (width 1) or beam search."""
        state = self.encode(number)
        if beam_width == 1:
            ids = greedy_decode(self.step, state, START_ID, END_ID, MAX_TARGET_LEN + 1)
        else:
            ids, _ = beam_search(self.step, state, START_ID, END_ID, MAX_TARGET_LEN + 1,
                                 beam_width)
        return decode_target(ids)

    def greedy_batch(self, numbers) -> list[str]:
        """Greedy decoding of many numbers at once: the loop of
        :func:`~rnn_course.reference.greedy_decode`, one step for the whole batch."""
        state = self.encode_batch(numbers)
        tokens = np.full(len(state.h), START_ID)
        outputs = []
        for _ in range(MAX_TARGET_LEN + 1):
            logits, state = self.step_batch(tokens, state)
            tokens = np.argmax(logits, axis=1)
            outputs.append(tokens)
            if np.all(np.any(np.array(outputs) == END_ID, axis=0)):
                break
        return [decode_target(row) for row in np.array(outputs).T]

    def follow(self, numbers, tokens) -> tuple[np.ndarray, np.ndarray]:
        """Feed ``tokens`` ``(B, L)`` (ids, without the start token) to the step loop.

        Returns ``(logits, attention)``: the logits after the start token and after each
        token, ``(B, L + 1, vocab)``, and the attention weights at each of those steps,
        ``(B, L + 1, T)`` (``None`` for the plain model). Fed the gold output, this is the
        loop's version of teacher forcing.
        """
        state = self.encode_batch(numbers)
        tokens = np.asarray(tokens, dtype=np.int64).reshape(len(state.h), -1)
        inputs = np.concatenate([np.full((len(tokens), 1), START_ID), tokens], axis=1)
        logits, attention = [], []
        for t in range(inputs.shape[1]):
            step_logits, state = self.step_batch(inputs[:, t], state)
            logits.append(step_logits)
            attention.append(state.attention)
        return (np.stack(logits, axis=1),
                None if self.kind == "plain" else np.stack(attention, axis=1))


def save_translators(translators: dict[str, Translator], path=WEIGHTS_PATH,
                     figures: dict[str, float] | None = None,
                     history: dict[str, list[float]] | None = None) -> None:
    """Write both models' float32 weights to one compressed ``.npz`` (keys ``kind/name``),
    the figures they gave on the test split (keys ``figures/name``), so a test can check
    that the shipped weights still give them, and the training's per-epoch loss and
    validation exact match (keys ``history/kind_loss``, ``history/kind_validation_exact``),
    so the chapter can draw the full training's learning curves."""
    arrays = {f"figures/{name}": np.float64(value) for name, value in (figures or {}).items()}
    arrays.update({f"history/{name}": np.asarray(values, dtype=np.float64)
                   for name, values in (history or {}).items()})
    for kind, translator in translators.items():
        arrays.update({f"{kind}/{name}": value for name, value in translator.weights.items()})
    np.savez_compressed(path, **arrays)


def load_figures(path=WEIGHTS_PATH) -> dict[str, float]:
    """The figures saved with the weights (what :func:`figures` gave when they were made)."""
    with np.load(path) as stored:
        return {key.split("/", 1)[1]: float(stored[key]) for key in stored.files
                if key.startswith("figures/")}


def load_history(path=WEIGHTS_PATH) -> dict[str, np.ndarray]:
    """The per-epoch training history saved with the weights (see :func:`save_translators`)."""
    with np.load(path) as stored:
        return {key.split("/", 1)[1]: stored[key] for key in stored.files
                if key.startswith("history/")}


def load_translators(path=WEIGHTS_PATH) -> dict[str, Translator]:
    """The shipped models, ``{"plain": Translator, "attention": Translator}``."""
    with np.load(path) as stored:
        return {kind: Translator(kind, {key.split("/", 1)[1]: stored[key]
                                        for key in stored.files
                                        if key.startswith(kind + "/")})
                for kind in KINDS}


# ---------------------------------------------------------------- measurements

@dataclass(frozen=True)
class Scores:
    """One model on a list of numbers, free-running (greedy) and teacher-forced.

    Per number: ``predicted`` text, ``digits`` (input length), and for the reference's
    positions (its characters + the end token) how many the model got right free-running
    (``free_hits``) and with the gold prefix fed in (``forced_hits``), out of ``positions``.
    """

    numbers: np.ndarray
    predicted: tuple[str, ...]
    digits: np.ndarray
    free_hits: np.ndarray
    forced_hits: np.ndarray
    positions: np.ndarray

    @property
    def exact(self) -> np.ndarray:
        """Per number: is the whole free-running output right?"""
        return self.free_hits == self.positions

    def summary(self, subset=None) -> dict[str, float]:
        """Exact match and per-position (token) accuracy free-running, and the token
        accuracy teacher-forced, over all numbers or the boolean ``subset``.

        (Exact match is the same both ways: if every teacher-forced argmax is right, the
        free-running loop reads the gold prefix at every step and writes the gold output.)
        """
        keep = slice(None) if subset is None else np.asarray(subset)
        free, forced, positions = (a[keep] for a in (self.free_hits, self.forced_hits,
                                                     self.positions))
        return {"exact": float(np.mean(free == positions)),
                "token": float(free.sum() / positions.sum()),
                "forced_token": float(forced.sum() / positions.sum())}

    def exact_by_length(self) -> dict[int, float]:
        """Greedy exact match per number of digits: ``{num_digits: fraction right}``."""
        return {int(d): float(np.mean(self.exact[self.digits == d]))
                for d in np.unique(self.digits)}


def score(translator: Translator, numbers) -> Scores:
    """Decode every number greedily, and follow its gold output (teacher forcing)."""
    numbers = np.asarray([int(n) for n in numbers])
    predicted = translator.greedy_batch(numbers)
    references = [to_chinese(int(n)) for n in numbers]
    gold = encode_target(references)                              # (B, MAX_TARGET_LEN + 1)
    real = np.arange(gold.shape[1]) <= np.array([[len(r)] for r in references])
    output = encode_target([p[:MAX_TARGET_LEN] for p in predicted])
    logits, _ = translator.follow(numbers, gold[:, :-1])
    return Scores(numbers, tuple(predicted), np.array([len(str(n)) for n in numbers]),
                  np.sum((output == gold) & real, axis=1),
                  np.sum((np.argmax(logits, axis=2) == gold) & real, axis=1),
                  real.sum(axis=1))


def beam_exact(translator: Translator, numbers, width: int) -> np.ndarray:
    """Per number: is the beam search output (``width``) exactly right?"""
    return np.array([translator.translate(int(n), beam_width=width) == to_chinese(int(n))
                     for n in numbers])


def figures(scores: dict[str, Scores]) -> dict[str, float]:
    """The chapter's figures, flat: ``{kind}_{measure}`` for each model, the measures of
    :meth:`Scores.summary` on all numbers and ``longest_exact`` on the 8-digit ones."""
    out = {}
    for kind, s in scores.items():
        out.update({f"{kind}_{k}": v for k, v in s.summary().items()})
        out[f"{kind}_longest_exact"] = s.summary(s.digits == MAX_SOURCE_LEN)["exact"]
    return out


# ---------------------------------------------------------------- script

def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Train chapter 9's translators from a seed "
                                                 "and print the chapter's figures.")
    parser.add_argument("--seed", type=int, default=SHIPPED_SEED)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--save", action="store_true",
                        help=f"write the weights to {WEIGHTS_PATH.name} (the shipped copy)")
    args = parser.parse_args(argv)
    from rnn_course.notebook import silence_tensorflow

    silence_tensorflow()
    splits = course_splits(args.seed)
    translators, history = {}, {}
    for kind in KINDS:
        run = train(kind, args.seed, args.epochs, splits=splits)
        translators[kind] = Translator.from_model(run.model)
        history[f"{kind}_loss"], history[f"{kind}_validation_exact"] = \
            run.loss, run.validation_exact
        print(f"{kind}: {run.seconds:.0f} s, loss per epoch "
              + " ".join(f"{x:.3f}" for x in run.loss)
              + " | validation exact " + " ".join(f"{x:.2f}" for x in run.validation_exact),
              flush=True)
    scores = {kind: score(t, splits.test) for kind, t in translators.items()}
    for kind, s in scores.items():
        print(f"{kind}: exact by digits "
              + " ".join(f"{k}:{v:.2f}" for k, v in s.exact_by_length().items()))
    results = figures(scores)
    for name, value in results.items():
        print(f"{name} {value:.4f}")
    if args.save:
        save_translators(translators, figures=results, history=history)
        print(f"saved {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
