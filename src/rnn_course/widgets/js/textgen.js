// Text generation demo (chapter 10): a trained character LSTM writes a Tang quatrain in
// the page. Embedding row -> lstmStep -> Dense logits -> sampleCategorical, with the demo
// core's seeded mulberry32 generator: one seed gives the same text every time. Mirrors
// rnn_course.experiments.char_model.generate_ids.

const TOP = 10;  // bars drawn: the most likely next characters

/** Ids of "\n" + the prompt; a character outside the vocabulary becomes its last entry. */
function promptIds(prompt, vocabulary) {
  return ["\n", ...prompt].map((ch) => {
    const k = vocabulary.indexOf(ch);
    return k >= 0 ? k : vocabulary.length - 1;
  });
}

/** Feed "\n" + the prompt, then draw state.length ids; the ids and the logits each was
 *  drawn from (length, vocab). */
function generate(state) {
  const [embedding, kernel, recurrent, bias, denseKernel, denseBias] = ["embedding", "kernel",
    "recurrent", "bias", "dense_kernel", "dense_bias"].map((name) => unpackArray(state[name]));
  const units = recurrent.length;
  let cell = { h: zeros(units), c: zeros(units) };
  const feed = (id) => {
    cell = lstmStep(embedding[id], cell.h, cell.c, kernel, recurrent, bias);
    return add(matVec(cell.h, denseKernel), denseBias);
  };
  let logits;
  for (const id of promptIds(state.prompt, state.vocabulary)) logits = feed(id);
  const rng = createRng(state.seed), ids = [], drawnFrom = [];
  for (let t = 0; t < state.length; t++) {
    drawnFrom.push(logits);
    ids.push(sampleCategorical(logits, state.temperature, rng));
    logits = feed(ids[t]);
  }
  return { ids, drawnFrom };
}

// The last generation, so that moving "show step" alone redraws without regenerating.
let last = { key: null, weights: null, result: null };

export function compute(state) {
  const key = JSON.stringify([state.prompt, state.temperature, state.seed, state.length]);
  if (last.key !== key || last.weights !== state.recurrent) {
    last = { key, weights: state.recurrent, result: generate(state) };
  }
  const { ids, drawnFrom } = last.result, T = state.temperature, logits = drawnFrom[state.step - 1];
  return { ids, distribution: softmax(T > 0 ? logits.map((v) => v / T) : logits) };
}

function draw(state, width) {
  const { ids, distribution } = compute(state);
  const vocabulary = state.vocabulary, shown = (k) => (vocabulary[k] === "\n" ? "⏎" : vocabulary[k]);
  const chars = ids.map((k) => vocabulary[k]);
  // The text: the prompt in grey, then the generated characters; the chosen step boxed.
  const size = Math.min(22, Math.floor((width - 20) / 18));
  let svg = "", x = 10, y = 24;
  const put = (ch, color, boxed) => {
    if (ch === "\n") { x = 10; y += size + 8; return; }
    if (x + size > width - 10) { x = 10; y += size + 8; }
    if (boxed) svg += `<rect x="${x - 2}" y="${y - size + 2}" width="${size + 2}" height="${size + 4}" fill="none" stroke="#d62728" stroke-width="2"/>`;
    svg += text(x + size / 2, y - size / 2 + 3, ch, { size: size - 2, fill: color });
    x += size;
  };
  for (const ch of state.prompt) put(ch, "#888", false);
  chars.forEach((ch, t) => put(ch === "\n" && t === state.step - 1 ? "⏎" : ch, "#222", t === state.step - 1));
  // The bars: the TOP most likely next characters at the chosen step.
  const order = distribution.map((p, k) => [p, k]).sort((a, b) => b[0] - a[0]).slice(0, TOP);
  const box = { x: 58, y: y + 40, w: width - 80, h: 150 };
  const xs = scale([-0.5, TOP - 0.5], [box.x, box.x + box.w]);
  const ys = scale([0, 1], [box.y + box.h, box.y]);
  svg += axes(box, { xs, ys, yTicks: [0, 0.5, 1], yLabel: "probability" });
  order.forEach(([p, k], j) => {
    const drawn = k === ids[state.step - 1];
    svg += `<rect x="${xs(j - 0.35)}" y="${ys(p)}" width="${(0.7 * box.w) / TOP}" height="${ys(0) - ys(p)}" fill="${drawn ? "#d62728" : "#1f77b4"}"/>`;
    svg += text(xs(j), box.y + box.h + 16, shown(k), { size: 15 });
  });
  const drawnChar = shown(ids[state.step - 1]), drawnP = distribution[ids[state.step - 1]];
  return {
    height: box.y + box.h + 34,
    svg,
    title: `after "${state.prompt}" | T = ${fmt(state.temperature)} | seed ${state.seed} | ` +
      `step ${state.step}: drew ` +
      `"${drawnChar}" with probability ${fmt(drawnP, 3)} | ${chars.length} characters generated`,
    label: `Generated text after "${state.prompt}" and the ${TOP} most likely next characters at step ${state.step}.`,
  };
}

export default {
  render(context) {
    return mountDemo(context, { draw });
  },
};
