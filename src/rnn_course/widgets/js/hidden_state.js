// Hidden-state explorer (chapter 4): a tanh RNN cell reads a one-feature sequence; the
// heatmap shows h_t, one row per unit and one column per step. Python supplies the seeded
// kernel (1, units), the orthogonal recurrent kernel (units, units) and the noise input;
// the forward pass runs here, on every control change.

/** The explorer's input sequence, (num_steps,), as rnn_course.plotting.hidden_state builds it. */
export function inputSequence(state) {
  const { input_pattern: pattern, num_steps: T } = state;
  return range(T).map((t) => {
    if (pattern === "impulse") return t === 0 ? 1 : 0;
    if (pattern === "constant") return 1;
    if (pattern === "sine") return Math.sin(2 * Math.PI * t / state.sine_period);
    return state.noise[t];
  });
}

/** x (T,) and h (T, units): h_t = tanh(x_t kernel + h_{t-1} (scale * orthogonal)), h_0 = 0. */
export function compute(state) {
  const x = inputSequence(state);
  const units = state.kernel[0].length, bias = zeros(units);
  const recurrent = state.orthogonal.map((row) => row.map((v) => v * state.weight_scale));
  let h = zeros(units);
  const hs = x.map((xt) => (h = rnnStep([xt], h, state.kernel, recurrent, bias)));
  return { x, h: hs };
}

function draw(state, width) {
  const { x, h } = compute(state);
  const T = x.length, units = h[0].length;
  const left = 54, right = 78, plotW = width - left - right;
  const inputBox = { x: left, y: 8, w: plotW, h: 62 };
  const stateBox = { x: left, y: 88, w: plotW, h: 190 };
  const xs = scale([-0.5, T - 0.5], [left, left + plotW]);
  const lo = Math.min(0, ...x), hi = Math.max(1, ...x), pad = 0.1 * (hi - lo);
  const ysIn = scale([lo - pad, hi + pad], [inputBox.y + inputBox.h, inputBox.y]);
  const ysState = scale([-0.5, units - 0.5], [stateBox.y, stateBox.y + stateBox.h]);
  const stepTicks = ticks(0, T - 1, Math.max(2, Math.floor(plotW / 70)));
  const columns = range(units).map((j) => h.map((row) => row[j]));
  let svg = axes(inputBox, { xs, ys: ysIn, yTicks: ticks(lo, hi, 2), yLabel: "x_t",
    formatY: (v) => fmt(v, 1) });
  svg += line(x, xs, ysIn);
  svg += heatmap(stateBox, columns);
  svg += axes(stateBox, { xs, ys: ysState, xTicks: stepTicks, yTicks: ticks(0, units - 1, 3),
    xLabel: "step t", yLabel: "hidden unit" });
  svg += colorBar({ x: left + plotW + 14, y: stateBox.y, w: 12, h: stateBox.h }, { label: "h_t" });
  const last = Math.max(...h[T - 1].map(Math.abs));
  return {
    height: stateBox.y + stateBox.h + 42,
    svg,
    title: `input: ${state.input_pattern} | weight scale ${fmt(state.weight_scale)} | ` +
      `${T} steps | largest |h_t| at the last step: ${fmt(last)}`,
    label: `Heatmap of ${units} hidden units over ${T} steps; input pattern above it.`,
  };
}

export default {
  render(context) {
    return mountDemo(context, { draw });
  },
};
