// Translator demo (chapter 9). The trained encoder-decoder runs here, from the packed float32
// weights of rnn_course.experiments.translator.Translator: the encoder is the demo core's
// gruStep over the digits; the decoder's step is gruStep, then (attention model) dotAttention
// over the encoder's states, then the output layer; beam search mirrors
// rnn_course.reference.beam_search (width 1 is greedy decoding), and toChinese mirrors
// rnn_course.data.numerals.to_chinese, the rule-based reading the output is marked against.

const START_ID = 1, END_ID = 2, MAX_LEN = 16;  // data.numerals: ids; MAX_TARGET_LEN + 1
const CHINESE_DIGITS = "零一二三四五六七八九", UNITS = ["", "十", "百", "千"];

/** One group 1..9999, one 零 per inner run of zeros. Mirrors numerals._group. */
function group(number) {
  const digits = String(number).padStart(4, "0");
  let out = "", pendingZero = false, started = false;
  for (let position = 0; position < 4; position++) {
    const value = Number(digits[position]);
    if (value === 0) { pendingZero = started; continue; }
    if (pendingZero) { out += CHINESE_DIGITS[0]; pendingZero = false; }
    out += CHINESE_DIGITS[value] + UNITS[3 - position];
    started = true;
  }
  return out;
}

/** The Traditional Chinese reading of 0 <= n < 1e8. Mirrors numerals.to_chinese. */
export function toChinese(number) {
  if (number === 0) return CHINESE_DIGITS[0];
  const upper = Math.floor(number / 10000), lower = number % 10000;
  let text = "";
  if (upper) text = group(upper) + "萬" + (lower > 0 && lower < 1000 ? CHINESE_DIGITS[0] : "");
  if (lower) text += group(lower);
  return text.startsWith("一十") ? text.slice(1) : text;
}

/** The typed number, or null: 1 to 8 digits, no leading zero. Mirrors parse_number. */
export const parseNumber = (text) => (/^(0|[1-9][0-9]{0,7})$/.test(text.trim())
  ? Number(text.trim()) : null);

/** The model's arrays by name, unpacked once per packed object (core.unpackArray). */
const weightsOf = (state) => (name) => unpackArray(state.weights[state.model][name]);

/** Encoder over the digits: {h (units,), states (T, units)}. Mirrors Translator.encode. */
function encode(number, W) {
  let h = zeros(W("encoder/recurrent_kernel").length);
  const states = [];
  for (const digit of String(number)) {
    const x = W("source_embedding")[Number(digit) + 1];  // id = digit + 1 (0 is padding)
    h = gruStep(x, h, W("encoder/kernel"), W("encoder/recurrent_kernel"), W("encoder/bias")).h;
    states.push(h);
  }
  return { h, states, weights: null };
}

/** One decoder step: (token id, state) -> {logits (vocab,), state}. Mirrors Translator.step. */
function step(token, state, W, attention) {
  const x = W("target_embedding")[token];
  const h = gruStep(x, state.h, W("decoder/kernel"), W("decoder/recurrent_kernel"),
    W("decoder/bias")).h;
  let features = h, weights = null;
  if (attention) {
    const attended = dotAttention(h, state.states, state.states);
    features = h.concat(attended.context);
    weights = attended.weights;
  }
  const logits = add(matVec(features, W("output/kernel")), W("output/bias"));
  return { logits, state: { h, states: state.states, weights } };
}

/** Most likely first; ties to the lowest ids (the path includes the end token). */
function rank(a, b) {
  if (a.logProb !== b.logProb) return b.logProb - a.logProb;
  for (let k = 0; k < Math.min(a.path.length, b.path.length); k++) {
    if (a.path[k] !== b.path[k]) return a.path[k] - b.path[k];
  }
  return a.path.length - b.path.length;
}

/** Beam search over step(): {tokens, logProb, trace} with trace[t] = the kept hypotheses
 *  [{tokens, logProb, finished}]. Mirrors rnn_course.reference.beam_search. */
export function beamSearch(stepFn, state, width) {
  let live = [{ tokens: [], logProb: 0, state, path: [] }];
  const finished = [], trace = [];
  for (let length = 0; length < MAX_LEN; length++) {
    const candidates = [];
    for (const hyp of live) {
      const out = stepFn(hyp.tokens.length ? hyp.tokens[hyp.tokens.length - 1] : START_ID,
        hyp.state);
      const total = logSumExp(out.logits);
      out.logits.forEach((logit, token) => {
        const done = token === END_ID;
        candidates.push({ tokens: done ? hyp.tokens : hyp.tokens.concat([token]),
          logProb: hyp.logProb + (logit - total), state: done ? null : out.state,
          finished: done || length + 1 === MAX_LEN, path: hyp.path.concat([token]) });
      });
    }
    const kept = candidates.sort(rank).slice(0, width);
    trace.push(kept);
    finished.push(...kept.filter((h) => h.finished));
    live = kept.filter((h) => !h.finished);
    const best = finished.length ? finished.slice().sort(rank)[0] : null;
    if (!live.length || (best && best.logProb >= Math.max(...live.map((h) => h.logProb)))) break;
  }
  const best = finished.slice().sort(rank)[0];
  return { tokens: best.tokens, logProb: best.logProb, trace };
}

/** Everything the demo shows: compute()'s values plus the beam's kept hypotheses. */
function translate(state) {
  const number = parseNumber(state.number);
  if (number === null) return { valid: 0 };
  const W = weightsOf(state), attention = state.model === "attention";
  const stepFn = (token, s) => step(token, s, W, attention);
  const encoded = encode(number, W);
  const { tokens, logProb, trace } = beamSearch(stepFn, encoded, state.beam_width);
  const weights = [];  // attention at each step of the best output, its end token included
  let s = encoded;
  for (const token of [START_ID, ...tokens]) {
    s = stepFn(token, s).state;
    if (attention) weights.push(s.weights);
  }
  return { valid: 1, output: tokens, log_prob: logProb, attention: weights,
    beam_scores: trace.flat().map((h) => h.logProb), beam_sizes: trace.map((k) => k.length),
    expected: [...toChinese(number)].map((c) => c.codePointAt(0)), trace };
}

/** The same keys and numbers as TranslatorDemo.reference() (tests/test_demo_parity.py). */
export function compute(state) {
  const { trace, ...values } = translate(state);
  return values;
}

const ORANGE = (w) => [255, Math.round(255 - 160 * w), Math.round(255 - 253 * w)];

export function draw(state, width) {
  const result = translate(state);
  if (!result.valid) {
    return { height: 40, svg: text(10, 20, "Type a number of 1 to 8 digits (no leading zero).",
      { anchor: "start", size: 14 }), title: `"${state.number}" is not a number of 1 to 8 digits` };
  }
  const tokens = state.target_tokens, number = parseNumber(state.number);
  const output = result.output.map((id) => tokens[id]), expected = toChinese(number);
  const right = output.join("") === expected;
  let svg = text(10, 14, "model:", { anchor: "start", size: 12, fill: "#555" });
  output.forEach((char, k) => {
    const wrong = char !== expected[k];
    svg += text(70 + 26 * k, 14, char, { size: 20, fill: wrong ? "#c62828" : "#222",
      weight: wrong ? "bold" : "normal" });
  });
  svg += text(10, 44, "rules:", { anchor: "start", size: 12, fill: "#555" });
  [...expected].forEach((char, k) => { svg += text(70 + 26 * k, 44, char, { size: 20, fill: "#555" }); });
  let y = 66;
  const note = (words) => {     // a grey caption, in as many lines as the width needs
    for (const part of wrapText(words.split(" "), 12, width - 20, " ")) {
      svg += text(10, y + 8, part, { anchor: "start", size: 12, fill: "#555" });
      y += 16;
    }
  };
  if (state.model === "attention") {
    const digits = String(number), rows = result.attention, cell = 24, left = 60;
    note("attention of each output character over the digits");
    y += 4;
    [...digits].forEach((d, j) => { svg += text(left + cell * j + cell / 2, y + 8, d, { size: 14 }); });
    y += 18;
    svg += heatmap({ x: left, y, w: cell * digits.length, h: cell * rows.length },
      rows.map((row) => row.slice(0, digits.length)), (w) => ORANGE(w));
    [...output, "</s>"].forEach((char, i) => {
      svg += text(left - 6, y + cell * i + cell / 2, char, { anchor: "end", size: 14 });
    });
    y += cell * rows.length + 14;
  } else {
    note("plain model: the decoder sees the digits only through the context vector " +
      "(no attention weights)");
    y += 10;
  }
  note(`beam search, width ${state.beam_width}: hypotheses kept at each step ` +
    "(log-probability; ■ = finished)");
  y += 8;
  result.trace.forEach((kept, t) => {
    const hypotheses = kept.map((h) => `${h.tokens.map((id) => tokens[id]).join("") || "∅"}` +
      `${h.finished ? "■" : ""} ${fmt(h.logProb, 2)}`);
    svg += text(10, y, `${t + 1}`, { anchor: "start", size: 11, fill: "#777" });
    for (const part of wrapText(hypotheses, 12, width - 44, "   ")) {
      svg += text(34, y, part, { anchor: "start", size: 12 });
      y += 17;
    }
  });
  return {
    height: y + 6, svg,
    title: `${number} → ${output.join("")} (${right ? "right" : "wrong"}; log-probability ` +
      `${fmt(result.log_prob, 3)}) | ${state._labels.model}, beam width ${state.beam_width}`,
  };
}

export default { render: (view) => mountDemo(view, { draw }) };
