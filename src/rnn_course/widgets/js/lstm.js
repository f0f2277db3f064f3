// LSTM demos (chapter 7). One LSTM forward pass in Keras' layout and gate order i, f, c, o
// serves two views: the gate explorer (one unit whose four pre-activations the reader sets
// with the controls) and the gates of an LSTM trained on the adding problem (its weights
// and test sequences come from Python; the forward pass runs here).

const SHUT = -8;  // a pre-activation that shuts a gate: sigmoid(-8) = 0.0003
const GATE_NAMES = ["i", "f", "c_tilde", "o", "c", "h"];

/** Every gate of an LSTM over x (T, input_dim) from zero states: {i, f, c_tilde, o, c, h},
 *  each (T, units), as rnn_course.reference.lstm_gates computes it. */
export function lstmGates(x, kernel, recurrent, bias) {
  const units = recurrent.length;
  let step = { h: zeros(units), c: zeros(units) };
  const out = Object.fromEntries(GATE_NAMES.map((name) => [name, []]));
  for (const xt of x) {
    step = lstmStep(xt, step.h, step.c, kernel, recurrent, bias);
    for (const name of GATE_NAMES) out[name].push(step[name]);
  }
  return out;
}

/** The explorer's pre-activations per step, (T, 4) in the order z_i, z_f, z, z_o. */
export function explorerSignals(state) {
  return range(state.num_steps).map((t) => {
    const open = state.input_open === "every step" || (state.input_open === "step 1 only"
      ? t === 0 : t < 3);
    const shut = state.forget_shut === "step 6" && t === 5;
    return [open ? state.input_signal : SHUT, shut ? SHUT : state.forget_signal,
      state.candidate, state.output_signal];
  });
}

export function compute(state) {
  if (state.view === "explorer") {
    return lstmGates(explorerSignals(state), eye(4), zeros(1, 4), zeros(4));
  }
  const x = unpackArray(state.sequences)[state.sequence_index];
  const [kernel, recurrent, bias, readoutKernel, readoutBias] = ["kernel", "recurrent_kernel",
    "bias", "readout_kernel", "readout_bias"].map((name) => unpackArray(state[name]));
  const gates = lstmGates(x, kernel, recurrent, bias);
  const prediction = add(matVec(gates.h[gates.h.length - 1], readoutKernel), readoutBias);
  return { ...gates, prediction };
}

const COLORS = { i: "#1f77b4", f: "#2ca02c", o: "#9467bd", c: "#d62728", h: "#ff7f0e",
  c_tilde: "#8c564b" };

function drawExplorer(state, width) {
  const gates = compute(state);
  const T = state.num_steps, left = 58, w = width - left - 16;
  const xs = scale([0, T - 1], [left, left + w]);
  const gateKey = legend(left, 10, [["input gate i", COLORS.i], ["forget gate f", COLORS.f],
    ["output gate o", COLORS.o]], width - left - 10);
  const top = { x: left, y: 10 + gateKey.height, w, h: 110 }, keyY = top.y + top.h + 34;
  const stateKey = legend(left, keyY, [["cell state c_t", COLORS.c], ["output h_t", COLORS.h]],
    width - left - 10);
  const bottom = { x: left, y: keyY + stateKey.height, w, h: 130 };
  const series = (name) => gates[name].map((row) => row[0]);
  const c = series("c"), h = series("h");
  const bound = Math.max(1, ...c.map(Math.abs));
  const ysGate = scale([0, 1], [top.y + top.h, top.y]);
  const ysState = scale([-bound, bound], [bottom.y + bottom.h, bottom.y]);
  const stepTicks = ticks(1, T, 6).map((s) => s - 1);
  let svg = gateKey.svg;
  svg += axes(top, { xs, ys: ysGate, xTicks: stepTicks, yTicks: [0, 0.5, 1],
    formatX: (s) => s + 1, yLabel: "gate" });
  for (const name of ["i", "f", "o"]) svg += line(series(name), xs, ysGate, { color: COLORS[name] });
  svg += stateKey.svg;
  svg += axes(bottom, { xs, ys: ysState, xTicks: stepTicks, yTicks: ticks(-bound, bound, 4),
    formatX: (s) => s + 1, formatY: (v) => fmt(v, 1), xLabel: "step t", yLabel: "state" });
  svg += line(c, xs, ysState, { color: COLORS.c }) + line(h, xs, ysState, { color: COLORS.h });
  return {
    height: bottom.y + bottom.h + 42,
    svg,
    title: `candidate z ${fmt(state.candidate)} | input gate z_i ${fmt(state.input_signal)}, ` +
      `${state._labels.input_open} | forget gate z_f ${fmt(state.forget_signal)}, ` +
      `${state._labels.forget_shut} | output gate z_o ${fmt(state.output_signal)} | ` +
      `c_${T} = ${fmt(c[T - 1])}, h_${T} = ${fmt(h[T - 1])}`,
    label: "Gates, cell state and output of one LSTM unit over the steps.",
  };
}

const sequential = (v) => { const k = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
  return [k, Math.round(k * 0.85 + 38), 255 - Math.round((255 - k) * 0.4)]; };

function drawTrained(state, width) {
  const result = compute(state), gate = result[state.gate];
  const x = unpackArray(state.sequences)[state.sequence_index];
  const T = x.length, units = gate[0].length, left = 58, right = 78, w = width - left - right;
  const strip = { x: left, y: 8, w, h: 54 }, map = { x: left, y: 80, w, h: 200 };
  const xs = scale([-0.5, T - 0.5], [left, left + w]);
  const ysIn = scale([0, 1], [strip.y + strip.h, strip.y]);
  const markers = range(T).filter((t) => x[t][1] === 1);
  let svg = axes(strip, { xs, ys: ysIn, yTicks: [0, 1], yLabel: "value" });
  for (let t = 0; t < T; t++) {
    const marked = markers.includes(t);
    svg += `<rect x="${xs(t - 0.35)}" y="${ysIn(x[t][0])}" width="${(0.7 * w) / T}"` +
      ` height="${ysIn(0) - ysIn(x[t][0])}" fill="${marked ? "#d62728" : "#bbb"}"/>`;
  }
  const isGate = ["i", "f", "o"].includes(state.gate);
  const bound = isGate ? 1 : Math.max(1e-9, ...gate.flat().map(Math.abs));
  const color = isGate ? sequential : (v) => diverging(v / bound);
  svg += heatmap(map, range(units).map((j) => gate.map((row) => row[j])), color);
  const ysMap = scale([-0.5, units - 0.5], [map.y, map.y + map.h]);
  svg += axes(map, { xs, ys: ysMap, xTicks: ticks(0, T - 1, 6), yTicks: ticks(0, units - 1, 4),
    xLabel: "step t (red bars: the marked values)", yLabel: "unit" });
  svg += colorBar({ x: left + w + 14, y: map.y, w: 12, h: map.h }, isGate
    ? { lo: 0, hi: 1, color: sequential, tickValues: [0, 0.5, 1] }
    : { lo: -bound, hi: bound, color: (v) => diverging(v / bound),
      tickValues: [-bound, 0, bound].map((v) => Number(v.toFixed(2))) });
  const name = state._labels.gate;
  return {
    height: map.y + map.h + 44,
    svg,
    title: `${name} | sequence ${state.sequence_index} | markers at steps ` +
      `${markers.join(" and ")} | target ` +
      `${fmt(unpackArray(state.targets)[state.sequence_index])}, ` +
      `prediction ${fmt(result.prediction[0])}`,
    label: `Heatmap of the trained LSTM's ${name}, ${units} units over ${T} steps.`,
  };
}

export default {
  render(context) {
    const draw = context.model.get("view") === "explorer" ? drawExplorer : drawTrained;
    return mountDemo(context, { draw });
  },
};
