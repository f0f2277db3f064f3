// Memory stepper (chapter 3): a word order is split into words, encoded with the code table
// (a trait) and read by the linear network with every weight equal, as an Elman network
// (memory = hidden values) or a Jordan network (memory = outputs). The drawing is the
// unrolled network with its numbers filled in up to the chosen step.

// Colours of rnn_course.plotting (input, hidden, output, memory) and of the current step.
const COLOR = { input: "#c6dbef", hidden: "#e0e0e0", output: "#c7e9c0", memory: "#fcbba1",
  current: "#fff5cc" };
const STORES = { elman: "memory = hidden values", jordan: "memory = outputs" };
// A word is one character, or two digits written as an input vector (split_words in Python).
const WORD = /\p{Nd}\p{Nd}|\S/gu;
const DIGIT_PAIR = /^\p{Nd}{2}$/u;

/** The words of a word order and their inputs; `unknown` is the position (from 1) of the
 *  first word neither in `code` nor a digit pair, 0 if none. */
export function readWords(text, code) {
  const words = text.match(WORD) || [];
  const inputs = [];
  let unknown = 0;
  words.forEach((word, i) => {
    // NFKC reads the digits a keyboard or an IME types (ASCII, full-width) as 0-9.
    const bits = Object.hasOwn(code, word) ? code[word].map(Number)
      : DIGIT_PAIR.test(word) ? [...word].map((c) => Number(c.normalize("NFKC"))) : [NaN];
    if (bits.some(Number.isNaN)) unknown ||= i + 1;
    else inputs.push(bits);
  });
  return { words, inputs, unknown };
}

/** a_t = x_t W + m_{t-1} W, y_t = a_t W, m_t = a_t (Elman) or y_t (Jordan), m_0 = 0, with
 *  every entry of the (2, 2) matrices W equal to `weight`; rows as memory_network returns them. */
export function runNetwork(inputs, network, weight) {
  const W = [[weight, weight], [weight, weight]];
  const hidden = [], memories = [], outputs = [];
  let memory = [0, 0];
  for (const x of inputs) {
    const a = add(matVec(x, W), matVec(memory, W)), y = matVec(a, W);
    memory = network === "elman" ? a : y;
    hidden.push(a); outputs.push(y); memories.push(memory);
  }
  return { hidden, memories, outputs };
}

export function compute(state) {
  const { words, inputs, unknown } = readWords(state.word_order, state.word_code);
  const readable = !unknown && words.length >= 1 && words.length <= state.max_words;
  const run = readable ? runNetwork(inputs, state.network, state.weight)
    : { hidden: [], memories: [], outputs: [] };
  return { inputs: readable ? inputs : [], ...run, num_words: words.length, unknown,
    step: Math.min(state.step, words.length) };
}

// ---- drawing ----------------------------------------------------------------------------

/** Compact text of a number: 3 significant digits, exponent form when very large or small. */
function short(v) {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1).replace("e+", "e");
  return String(Number(v.toPrecision(3)));
}

const vector = (v) => `[${v.map(short).join(", ")}]`;

/** The kit's text() in `size` px and `fill`: the kit's style sheet sets every SVG text to
 *  12 px and #222, and only an inline style wins over it. */
const label = (x, y, content, options) => text(x, y, content, options)
  .replace("<text ", `<text style="font-size:${options.size}px;fill:${options.fill}" `);

const round = (v) => Math.round(v * 10) / 10;

/** The network drawn in few SVG elements: one path per box colour and per arrow shade, one
 *  text per kind of label. Every redraw replaces the whole figure, and each element costs
 *  the browser style and layout work (about 110 separate elements took longer than a frame). */
function sketch() {
  const paths = new Map(), labels = new Map();
  const append = (map, key, part) => map.set(key, (map.get(key) || "") + part);
  return {
    box(cx, cy, w, h, fill, stroke) {
      append(paths, `${fill}|${stroke}`,
        `M${round(cx - w / 2)} ${round(cy - h / 2)}h${round(w)}v${round(h)}h${round(-w)}Z`);
    },
    arrow(x1, y1, x2, y2, color) {
      const angle = Math.atan2(y2 - y1, x2 - x1), [c, s] = [Math.cos(angle), Math.sin(angle)];
      const [bx, by] = [x2 - 6 * c, y2 - 6 * s];
      append(paths, `${color}|${color}`, `M${round(x1)} ${round(y1)}L${round(bx)} ${round(by)}` +
        `M${round(x2)} ${round(y2)}L${round(bx + 3 * s)} ${round(by - 3 * c)}` +
        `L${round(bx - 3 * s)} ${round(by + 3 * c)}Z`);
    },
    label(x, y, content, size, fill = "#222") {
      // escape() is the kit's, in scope because the kit is prepended to this module.
      append(labels, `${size}|${fill}`, `<tspan x="${round(x)}" y="${round(y)}">${escape(content)}</tspan>`);
    },
    svg() {
      let svg = "";
      for (const [key, d] of paths) {
        const [fill, stroke] = key.split("|");
        svg += `<path d="${d}" fill="${fill}" stroke="${stroke}" stroke-width="1.1"/>`;
      }
      for (const [key, spans] of labels) {
        const [size, fill] = key.split("|");
        svg += `<text text-anchor="middle" dominant-baseline="middle"` +
          ` style="font-size:${size}px;fill:${fill}">${spans}</text>`;
      }
      return svg;
    },
  };
}

/** A box with a vector in it (one number per line), or an empty box with "?" if not `shown`. */
function box(pen, cx, cy, w, h, values, fill, shown, size) {
  pen.box(cx, cy, w, h, shown ? fill : "#fff", shown ? "#555" : "#bbb");
  if (!shown) pen.label(cx, cy, "?", size, "#999");
  else values.forEach((v, i) => pen.label(cx, cy + (i - 0.5) * 1.15 * size, short(v), size));
}

/** A row label such as "hidden a_t", with the symbol in italics and t as a subscript;
 *  the symbol alone where the drawing is narrow (`name` empty). */
function rowLabel(y, name, symbol, size) {
  return `<text x="2" y="${y}" dominant-baseline="middle" style="font-size:${size}px">${name} ` +
    `<tspan font-style="italic">${symbol}</tspan><tspan baseline-shift="sub"` +
    ` font-size="${size - 2}">t</tspan></text>`;
}

function codeLegend(code, y, width) {
  // In the order of the codes: a stored widget state may have sorted the table's keys.
  const entries = Object.entries(code).sort(([, a], [, b]) => a.join().localeCompare(b.join()))
    .map(([word, bits]) => `${word} ${bits.join("")}`);
  const legend = width < 480 ? `code: ${entries.join(" · ")}`
    : `code table: ${entries.join(" · ")}; or two digits, e.g. 11`;
  return label(width / 2, y, legend, { size: 12, fill: "#555" });
}

/** The message shown instead of the network, each line wrapped to the drawing's width. */
function message(lines, width, code) {
  const wrapped = lines.flatMap((line) => wrapText(line.split(" "), 14, Math.max(240, width - 20)));
  const svg = wrapped.map((l, i) => label(width / 2, 24 + 20 * i, l, { size: 14,
    fill: "#a50f15" })).join("");
  const height = 24 + 20 * wrapped.length + 24;
  return { svg: svg + codeLegend(code, height - 12, width), height };
}

function problem(state, words, unknown) {
  if (unknown) {
    return [`Word ${unknown} ("${words[unknown - 1]}") is not in the code table and is not ` +
      "an input vector written as two digits, such as 11.",
      "Type characters of the code table or digit pairs."];
  }
  if (!words.length) return ["Type a word order: characters of the code table or digit pairs."];
  if (words.length > state.max_words) {
    return [`${words.length} words do not fit: type 1 to ${state.max_words} words.`];
  }
  return null;
}

export function draw(state, width) {
  const result = compute(state);
  const { words } = readWords(state.word_order, state.word_code);
  const network = state._labels.network;
  const head = `word order "${state.word_order}" | step ${state.step} of ` +
    `${Math.max(1, Math.min(words.length, state.max_words))} | ${network} network ` +
    `(${STORES[state.network]}) | every weight ${fmt(state.weight)}`;
  const trouble = problem(state, words, result.unknown);
  if (trouble) {
    const { svg, height } = message(trouble, width, state.word_code);
    return { svg, height, title: `${head} | ${trouble[0]}`, label: trouble.join(" ") };
  }
  const n = words.length, step = result.step, memories = [[0, 0], ...result.memories];
  const narrow = width < 480, left = narrow ? 26 : 96, slot = (width - left - 6) / (2 * n + 1);
  const names = narrow ? ["", "", "", ""] : ["output", "hidden", "memory", "input"];
  const bw = Math.min(60, 0.72 * slot), bh = 2.6 * Math.max(9, Math.min(12, bw / 4));
  const size = round(bh / 2.6);
  const xm = (k) => left + slot * (2 * k + 0.5), xs = (t) => left + slot * (2 * t - 0.5);
  const yOut = 8 + bh / 2, yHid = yOut + bh + 40, yIn = yHid + bh + 40;
  let svg = "";
  // The step just computed: its column and the memory it wrote (m_0 at step 0).
  const from = step ? xs(step) - slot / 2 : xm(0) - slot / 2;
  svg += `<rect x="${from}" y="0" width="${step ? 2 * slot : slot}" height="${yIn + bh / 2 + 24}"` +
    ` fill="${COLOR.current}"/>`;
  svg += rowLabel(yOut, names[0], "y", size + 1) +
    rowLabel(yHid - size * 0.7, names[1], "a", size + 1) +
    rowLabel(yHid + size * 0.7, names[2], "m", size + 1) + rowLabel(yIn, names[3], "x", size + 1);
  const pen = sketch();
  for (let t = 1; t <= n; t++) {
    const x = xs(t), shown = t <= step, color = shown ? "#444" : "#ccc";
    pen.arrow(x, yIn - bh / 2, x, yHid + bh / 2, color);
    pen.arrow(x, yHid - bh / 2, x, yOut + bh / 2, color);
    pen.arrow(xm(t - 1) + bw / 2, yHid, x - bw / 2, yHid, color);
    if (state.network === "elman") pen.arrow(x + bw / 2, yHid, xm(t) - bw / 2, yHid, color);
    else pen.arrow(x + bw / 4, yOut + bh / 2, xm(t) - bw / 4, yHid - bh / 2, color);
    box(pen, x, yIn, bw, bh, result.inputs[t - 1], COLOR.input, shown, size);
    box(pen, x, yHid, bw, bh, result.hidden[t - 1], COLOR.hidden, shown, size);
    box(pen, x, yOut, bw, bh, result.outputs[t - 1], COLOR.output, shown, size);
    pen.label(x, yIn + bh / 2 + 13, words[t - 1], size + 1);
  }
  for (let k = 0; k <= n; k++) {
    box(pen, xm(k), yHid, bw, bh, memories[k], COLOR.memory, k <= step, size);
  }
  svg += pen.svg();
  const height = yIn + bh / 2 + 52;
  svg += codeLegend(state.word_code, height - 12, width);
  const now = step ? `y_${step} = ${vector(result.outputs[step - 1])}, m_${step} = ` +
    `${vector(memories[step])}` : "nothing read yet: m_0 = [0, 0]";
  return { svg, height, title: `${head} | ${now}`,
    label: `Unrolled ${network} network over ${n} words, filled in up to step ${step}. ` +
      result.outputs.slice(0, step).map((y, i) => `Step ${i + 1}: input ` +
        `${vector(result.inputs[i])}, output ${vector(y)}, memory ${vector(memories[i + 1])}.`)
        .join(" ") };
}

/** Narrow the step slider to 0 .. the number of words as the text changes (MemoryStepper
 *  keeps the step within the same bounds on the Python side). */
function fitStepToWords({ model, inputs }) {
  const fit = () => {
    const last = Math.max(1, Math.min(readWords(model.get("word_order"), {}).words.length,
      model.get("max_words")));
    inputs.step.max = last;
    inputs.step.value = model.get("step");
    if (model.get("step") > last) {
      model.set("step", last);
      model.save_changes();
    }
  };
  fit();
  model.on("change:word_order", fit);
  return () => model.off("change:word_order", fit);
}

export default {
  render(context) {
    return mountDemo(context, { draw, setup: fitStepToWords });
  },
};
