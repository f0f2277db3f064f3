// BPTT explorer (chapter 5): a loss on the last state h_T sends dL/dh_T (a unit vector)
// back through the unrolled network; the plot shows ||dL/dh_t|| for every step on a log
// scale, shades the steps a truncation window of k steps never reaches, and the title
// gives the share of dL/dW_hh the truncation throws away. Python supplies the seeded
// orthogonal matrix, input kernel and inputs; the forward and backward passes run here.

/** reach (T,), kept (T,) and share, as rnn_course.widgets.bptt.bptt_reach computes them. */
export function compute(state) {
  const { activation, num_steps: T, weight_scale: scale, window } = state;
  const W = state.orthogonal.map((row) => row.map((v) => v * scale));
  const units = W.length, bias = zeros(units);
  let h = zeros(units);
  const previous = [], slopes = [];
  for (let t = 0; t < T; t++) {
    previous.push(h);                                   // h_{t-1}, the state step t reads
    h = rnnStep(state.x[t], h, state.kernel, W, bias, activation);
    slopes.push(activationSlope(activation, h));
  }
  const Wt = transpose(W);
  const dh = new Array(T), dz = new Array(T);
  let g = new Array(units).fill(1 / Math.sqrt(units));  // dL/dh_T
  for (let t = T - 1; t >= 0; t--) {
    dh[t] = g;
    dz[t] = g.map((v, j) => v * slopes[t][j]);
    g = matVec(dz[t], Wt);                              // dL/dh_{t-1} = dz_t W^T
  }
  const k = Math.min(window, T);
  const reach = dh.map(norm);
  const kept = reach.map((v, t) => (t >= T - k ? v : 0));
  // dW_hh = sum_t h_{t-1}^T dz_t, all steps (full) or the last k (truncated)
  let full = 0, cut = 0;
  for (let i = 0; i < units; i++) {
    for (let j = 0; j < units; j++) {
      let all = 0, outside = 0;
      for (let t = 0; t < T; t++) {
        const term = previous[t][i] * dz[t][j];
        all += term;
        if (t < T - k) outside += term;
      }
      full += all * all;
      cut += outside * outside;
    }
  }
  return { reach, kept, share: full > 0 ? Math.sqrt(cut / full) : 0 };
}


function draw(state, width) {
  const { reach, share } = compute(state);
  const T = reach.length, k = Math.min(state.window, T);
  const box = { x: 80, y: 10, w: width - 100, h: 240 };
  const logs = reach.map((v) => logExponent(v));
  const lo = Math.floor(Math.min(...logs, -1)), hi = Math.ceil(Math.max(...logs, 0));
  const xs = scale([0.5, T + 0.5], [box.x, box.x + box.w]);
  const ys = scale([lo, hi === lo ? lo + 1 : hi], [box.y + box.h, box.y]);
  let svg = "";
  if (k < T) {  // the steps truncated BPTT never reaches
    const right = xs(T - k + 0.5);
    svg += `<rect x="${box.x}" y="${box.y}" width="${right - box.x}" height="${box.h}" ` +
      'fill="#bbb" opacity="0.35"/>';
    svg += text((box.x + right) / 2, box.y + 14, "cut by truncation", { size: 11 });
  }
  svg += axes(box, { xs, ys, xTicks: ticks(1, T, Math.max(2, Math.floor(box.w / 70))),
    yTicks: ticks(lo, hi, 6).filter(Number.isInteger), xLabel: "step t",
    yLabel: "‖∂L/∂h_t‖ (log scale)", formatY: (v) => `1e${v}`, yLabelGap: 58 });
  svg += line(logs, xs, ys, { color: "#1f77b4", width: 2, xValues: range(T).map((t) => t + 1) });
  return {
    height: box.y + box.h + 44,
    svg,
    title: `${state._labels.activation} | weight scale ${fmt(state.weight_scale)} | T = ${T} | ` +
      `window k = ${k} | truncation drops ${fmt(100 * share, 1)} % of ‖∂L/∂W_hh‖`,
    label: `Log-scale plot of the gradient reaching each of ${T} states from a loss on the last ` +
      `one; the first ${T - k} steps are shaded as cut by truncation.`,
  };
}

export default {
  render(context) {
    return mountDemo(context, { draw });
  },
};
