// Bidirectional reach (chapter 8): a forward GRU and a backward GRU read one sequence with a
// marked value; for every step, how far each direction's state moved because of it. Python
// supplies the seeded weights of both GRUs and the unmarked inputs; the GRU steps run here.

const COLOR = { forward: "#1f77b4", backward: "#ff7f0e", marker: "#d62728", input: "#bbb" };

/** The states (T, units) of one GRU over x (T,); `reverse` reads from the end and returns
 *  the states in time order, as keras.layers.Bidirectional does for its backward layer. */
function runGru(x, [kernel, recurrent, bias], updateBias, reverse) {
  const units = recurrent.length;
  const shifted = [bias[0].map((v, j) => (j < units ? v + updateBias : v)), bias[1]];
  let h = zeros(units);
  const states = (reverse ? [...x].reverse() : x)
    .map((xt) => (h = gruStep([xt], h, kernel, recurrent, shifted).h));
  return reverse ? states.reverse() : states;
}

const difference = (a, b) => a.map((row, t) => norm(add(row, b[t].map((v) => -v))));

/** forward, backward (T, units) with the marker; forward_effect, backward_effect (T,): the
 *  norm of each direction's state change caused by the marked value (BidirectionalReach). */
export function compute(state) {
  const marked = state.noise.map((v, t) => (t === state.marker ? v + 1 : v));
  const run = (x) => [runGru(x, state.forward_weights, state.update_bias, false),
    runGru(x, state.backward_weights, state.update_bias, true)];
  const [forward, backward] = run(marked), [plainForward, plainBackward] = run(state.noise);
  return { forward, backward, forward_effect: difference(forward, plainForward),
    backward_effect: difference(backward, plainBackward) };
}

/** The two directions' key, side by side, or one above the other on a narrow page. */
function draw(state, width) {
  const result = compute(state);
  const T = state.noise.length, t = state.step, m = state.marker;
  const left = 58, w = width - left - 16;
  const strip = { x: left, y: 8, w, h: 56 };
  const key = legend(left, 86, [["forward GRU (read left to right)", COLOR.forward],
    ["backward GRU (read right to left)", COLOR.backward]], width - left - 10);
  const plot = { x: left, y: 88 + key.height, w, h: 170 };
  const xs = scale([-0.5, T - 0.5], [left, left + w]);
  const values = state.noise.map((v, k) => (k === m ? v + 1 : v));
  const ysIn = scale([Math.min(-1, ...values), Math.max(1.3, ...values)], [strip.y + strip.h, strip.y]);
  let svg = axes(strip, { xs, ys: ysIn, yTicks: [0, 1], yLabel: "x_t" });
  values.forEach((v, k) => {
    svg += `<rect x="${xs(k - 0.35)}" y="${Math.min(ysIn(v), ysIn(0))}" width="${(0.7 * w) / T}"` +
      ` height="${Math.abs(ysIn(v) - ysIn(0))}" fill="${k === m ? COLOR.marker : COLOR.input}"/>`;
  });
  const top = Math.max(1e-9, ...result.forward_effect, ...result.backward_effect);
  const ys = scale([0, 1.08 * top], [plot.y + plot.h, plot.y]);
  // What the output at step t has read: the forward state steps 0..t, the backward t..T-1.
  svg += `<rect x="${xs(-0.5)}" y="${plot.y}" width="${xs(t + 0.5) - xs(-0.5)}" height="6"` +
    ` fill="${COLOR.forward}" opacity="0.35"/>`;
  svg += `<rect x="${xs(t - 0.5)}" y="${plot.y + 7}" width="${xs(T - 0.5) - xs(t - 0.5)}"` +
    ` height="6" fill="${COLOR.backward}" opacity="0.35"/>`;
  svg += `<line x1="${xs(t)}" x2="${xs(t)}" y1="${plot.y}" y2="${plot.y + plot.h}"` +
    ` stroke="#444" stroke-dasharray="4 3"/>`;
  svg += axes(plot, { xs, ys, xTicks: ticks(0, T - 1, 6), yTicks: ticks(0, top, 3),
    formatY: (v) => fmt(v, 2), xLabel: "step (dashed: the output read at step t)",
    yLabel: "state moved by the marker", yLabelGap: 46 });
  svg += line(result.forward_effect, xs, ys, { color: COLOR.forward, width: 2.2 });
  svg += line(result.backward_effect, xs, ys, { color: COLOR.backward, width: 2.2 });
  svg += key.svg;
  const seen = (name) => (result[`${name}_effect`][t] > 1e-12 ? "knows" : "cannot know");
  return {
    height: plot.y + plot.h + 44,
    svg,
    title: `marked value at step ${m} | output at step ${t}: forward state ${seen("forward")}` +
      ` it (moved ${fmt(result.forward_effect[t], 3)}), backward state ${seen("backward")} it` +
      ` (moved ${fmt(result.backward_effect[t], 3)}) | update-gate bias ${fmt(state.update_bias)}`,
    label: `How far the forward and backward GRU states move because of the value at step ` +
      `${m}, for every step; the output at step ${t} is marked.`,
  };
}

export default {
  render(context) {
    return mountDemo(context, { draw });
  },
};
