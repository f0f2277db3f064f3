// core.js: the numbers every live demo computes with. The Python side
// (rnn_course.widgets.esm_source) prepends this file, then demo_kit.js, to each demo's module,
// so every demo runs the same tested functions. Each one names the rnn_course.reference
// function it mirrors; tests/test_js_core.py checks them against it in node.
//
// Conventions: a vector is an Array of numbers; a matrix is an Array of row Arrays, in the
// Keras layout (a row vector times a matrix: x (n,) @ W (n, m) -> (m,)). One sequence at a
// time: where the reference takes a batch, these functions take one of its rows.

// ---- arrays ------------------------------------------------------------------------------

export const range = (n) => Array.from({ length: n }, (_, i) => i);

/** Zeros: a vector (n,) or, with `cols`, a matrix (rows, cols). Mirrors np.zeros. */
export function zeros(rows, cols) {
  if (cols === undefined) return new Array(rows).fill(0);
  return range(rows).map(() => new Array(cols).fill(0));
}

/** The identity matrix (n, n). Mirrors np.eye. */
export const eye = (n) => range(n).map((i) => range(n).map((j) => (i === j ? 1 : 0)));

/** The transpose (m, n) of a matrix (n, m). Mirrors a.T. */
export const transpose = (m) => m[0].map((_, j) => m.map((row) => row[j]));

/** Row vector (n,) times matrix (n, m) -> (m,): x @ W in the Keras layout. */
export function matVec(vector, matrix) {
  const n = vector.length, cols = matrix[0].length, out = new Array(cols).fill(0);
  let i = 0;
  // Four rows per pass: each out[j] is read and written a quarter as often (1.8x faster on
  // the text generator's 128 x 512 recurrent kernel in V8).
  for (; i + 3 < n; i += 4) {
    const v0 = vector[i], v1 = vector[i + 1], v2 = vector[i + 2], v3 = vector[i + 3];
    const r0 = matrix[i], r1 = matrix[i + 1], r2 = matrix[i + 2], r3 = matrix[i + 3];
    for (let j = 0; j < cols; j++) out[j] += v0 * r0[j] + v1 * r1[j] + v2 * r2[j] + v3 * r3[j];
  }
  for (; i < n; i++) {
    const v = vector[i], row = matrix[i];
    for (let j = 0; j < cols; j++) out[j] += v * row[j];
  }
  return out;
}

/** Matrix (n, k) times matrix (k, m) -> (n, m). Mirrors a @ b. */
export const matMul = (a, b) => a.map((row) => matVec(row, b));

/** Elementwise sum of vectors (or matrices) of one shape. Mirrors a + b + ... */
export function add(first, ...rest) {
  return first.map((v, i) => (Array.isArray(v)
    ? add(v, ...rest.map((r) => r[i]))
    : rest.reduce((sum, r) => sum + r[i], v)));
}

// ---- activations ---------------------------------------------------------------------------

/** 1 / (1 + e^-z), written through tanh so that it never overflows (reference.rnn.ACTIVATIONS). */
export const sigmoid = (z) => 0.5 * (1 + Math.tanh(z / 2));
export const tanh = Math.tanh;
export const relu = (z) => (z > 0 ? z : 0);
const ACTIVATIONS = { tanh, relu, sigmoid, linear: (z) => z };

// f'(z) read from h = f(z): relu's is 0 at 0, as TensorFlow takes it (h > 0 exactly when z > 0).
const SLOPES = { tanh: (h) => 1 - h * h, relu: (h) => (h > 0 ? 1 : 0),
  sigmoid: (h) => h * (1 - h), linear: () => 1 };

/** The activation's derivative at every unit, from the step's output h (units,).
 *  Mirrors reference.bptt.ACTIVATION_DERIVATIVES (what backpropagation through time uses). */
export const activationSlope = (activation, h) => h.map(SLOPES[activation]);

/** The Euclidean length of a vector. Mirrors np.linalg.norm. */
export const norm = (v) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

/** log(sum(exp(logits))), finite for logits of any size. Mirrors reference.log_sum_exp. */
export function logSumExp(logits) {
  const top = Math.max(...logits);
  if (!Number.isFinite(top)) return top;
  return top + Math.log(logits.reduce((sum, v) => sum + Math.exp(v - top), 0));
}

/** exp(logits) / sum(exp(logits)); -Infinity gets exactly 0. Mirrors reference.softmax. */
export function softmax(logits) {
  const total = logSumExp(logits);
  return logits.map((v) => Math.exp(v - total));
}

// ---- recurrent cells (one step, one sequence) ------------------------------------------------

/** z = x @ kernel + h @ recurrent + bias, the pre-activation every cell starts from. */
export const preActivation = (x, h, kernel, recurrent, bias) =>
  add(matVec(x, kernel), matVec(h, recurrent), bias);

/** One SimpleRNN step: h_t = activation(x_t @ kernel + h @ recurrent + bias).
 *  x (input_dim,), h (units,), kernel (input_dim, units), recurrent (units, units),
 *  bias (units,). Mirrors reference.rnn_cell_forward. */
export function rnnStep(x, h, kernel, recurrent, bias, activation = "tanh") {
  return preActivation(x, h, kernel, recurrent, bias).map(ACTIVATIONS[activation]);
}

const blocks = (z, count) => {
  const size = z.length / count;
  return range(count).map((k) => z.slice(k * size, (k + 1) * size));
};

/** One LSTM step in Keras' layout, blocks i, f, c, o: kernel (input_dim, 4u), recurrent
 *  (u, 4u), bias (4u,). Returns {i, f, c_tilde, o, c, h}, each (u,). Mirrors
 *  reference.lstm_cell_forward (and the per-step gates of reference.lstm_gates). */
export function lstmStep(x, h, c, kernel, recurrent, bias) {
  const [zi, zf, zc, zo] = blocks(preActivation(x, h, kernel, recurrent, bias), 4);
  const i = zi.map(sigmoid), f = zf.map(sigmoid), cTilde = zc.map(tanh), o = zo.map(sigmoid);
  const cNew = c.map((cj, j) => f[j] * cj + i[j] * cTilde[j]);
  return { i, f, c_tilde: cTilde, o, c: cNew, h: cNew.map((cj, j) => o[j] * tanh(cj)) };
}

/** One GRU step in Keras' layout, blocks z, r, h: kernel (input_dim, 3u), recurrent (u, 3u).
 *  resetAfter (Keras' default): bias (2, 3u), the reset gate scales h @ recurrent + bias[1];
 *  otherwise bias (3u,) and the reset gate scales h before its product with the candidate's
 *  block. Returns {z, r, h_tilde, h}, each (u,). Mirrors reference.gru_cell_forward. */
export function gruStep(x, h, kernel, recurrent, bias, resetAfter = true) {
  const units = h.length;
  const column = (k) => recurrent.map((row) => row.slice(k * units, (k + 1) * units));
  const [xz, xr, xh] = blocks(add(matVec(x, kernel), resetAfter ? bias[0] : bias), 3);
  const [uz, ur, uh] = resetAfter ? blocks(add(matVec(h, recurrent), bias[1]), 3)
    : [matVec(h, column(0)), matVec(h, column(1)), null];
  const z = add(xz, uz).map(sigmoid), r = add(xr, ur).map(sigmoid);
  const reset = resetAfter ? uh.map((v, j) => r[j] * v)      // reset after the product
    : matVec(h.map((v, j) => r[j] * v), column(2));          // reset before the product
  const hTilde = add(xh, reset).map(tanh);
  return { z, r, h_tilde: hTilde, h: h.map((v, j) => z[j] * v + (1 - z[j]) * hTilde[j]) };
}

// ---- attention -------------------------------------------------------------------------------

/** Scaled dot-product attention of query (d,) over keys (T, d) and values (T, d_v).
 *  mask (T,) of booleans, true where a position is real (optional): masked positions get
 *  weight exactly 0. Returns {context (d_v,), weights (T,)}. Mirrors reference.dot_attention. */
export function dotAttention(query, keys, values, mask) {
  const scaleBy = Math.sqrt(query.length);
  const scores = keys.map((key, t) => (mask && !mask[t] ? -Infinity
    : key.reduce((sum, k, j) => sum + k * query[j], 0) / scaleBy));
  const weights = softmax(scores);
  return { context: matVec(weights, values), weights };
}

// ---- seeded sampling ----------------------------------------------------------------------------

/** A mulberry32 generator: {state} carried by the caller, nextUniform(rng) in [0, 1).
 *  Mirrors reference.Mulberry32, draw for draw. */
export const createRng = (seed) => ({ state: seed >>> 0 });

export function nextUniform(rng) {
  rng.state = (rng.state + 0x6D2B79F5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** An index drawn from softmax(logits / temperature) with one draw of rng; temperature 0
 *  is the argmax (no draw). Mirrors reference.sample_categorical. */
export function sampleCategorical(logits, temperature, rng) {
  if (temperature === 0) return logits.indexOf(Math.max(...logits));
  const probabilities = softmax(logits.map((v) => v / temperature));
  const u = nextUniform(rng);
  let cumulative = 0;
  for (let k = 0; k < probabilities.length; k++) {
    cumulative += probabilities[k];
    if (cumulative > u) return k;
  }
  return probabilities.length - 1;
}

// ---- arrays sent compactly ----------------------------------------------------------------------

const BYTES = { float32: 4, float64: 8, int32: 4, uint8: 1 };
const UNPACKED = new WeakMap();  // a synced trait keeps its object until it changes
const nest = (flat, shape) => (shape.length <= 1 ? flat
  : range(shape[0]).map((i) => {
    const size = flat.length / shape[0];
    return nest(flat.slice(i * size, (i + 1) * size), shape.slice(1));
  }));

/** An array packed by rnn_course.widgets.arrays.pack_array ({dtype, shape, data: base64 of
 *  little-endian values}) -> nested Arrays of numbers with that shape (a number for ()).
 *  Decoded once per packed object: callers must not modify the result. */
export function unpackArray(packed) {
  if (!UNPACKED.has(packed)) UNPACKED.set(packed, decode(packed));
  return UNPACKED.get(packed);
}

function decode({ dtype, shape, data }) {
  const binary = atob(data), view = new DataView(new ArrayBuffer(binary.length));
  for (let k = 0; k < binary.length; k++) view.setUint8(k, binary.charCodeAt(k));
  const read = { float32: (at) => view.getFloat32(at, true),
    float64: (at) => view.getFloat64(at, true), int32: (at) => view.getInt32(at, true),
    uint8: (at) => view.getUint8(at) }[dtype];
  const flat = range(binary.length / BYTES[dtype]).map((k) => read(k * BYTES[dtype]));
  return shape.length === 0 ? flat[0] : nest(flat, shape);
}
