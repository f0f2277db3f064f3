// Gradient-flow explorer (chapter 6): how strongly the last state h_T depends on an
// earlier state h_{T-d}, as the spectral norm of dh_T/dh_{T-d} = prod diag(f'(z)) W^T,
// drawn against the distance d on a log scale. Python supplies the seeded orthogonal
// matrix, input kernel and inputs; the forward pass and the Jacobian products run here.

/** Largest singular value of `m` by power iteration on m^T m, starting from `start`.
 *  Returns [value, right singular vector] (the vector warm-starts the next distance). */
function spectralNorm(m, start) {
  const mt = transpose(m);
  let v = start, value = 0;
  for (let k = 0; k < 500; k++) {
    const w = matVec(matVec(v, mt), m);  // (v m^T) m = m^T m v for the row-vector layout
    const size = norm(w);
    if (size === 0) return [0, start];
    v = w.map((x) => x / size);
    const next = Math.sqrt(size);
    if (Math.abs(next - value) <= 1e-14 * next) return [next, v];
    value = next;
  }
  return [value, v];
}

/** distances 0..T and norms ||dh_T/dh_{T-d}||_2, as rnn_course.reference.jacobian_norms. */
export function compute(state) {
  const { activation, num_steps: T, weight_scale: scale } = state;
  const W = state.orthogonal.map((row) => row.map((v) => v * scale));
  const units = W.length, bias = zeros(units);
  let h = zeros(units);
  const slopes = [];
  for (let t = 0; t < T; t++) {
    h = rnnStep(state.x[t], h, state.kernel, W, bias, activation);
    slopes.push(activationSlope(activation, h));
  }
  const Wt = transpose(W);
  let jacobian = eye(units);
  let vector = new Array(units).fill(1 / Math.sqrt(units));
  const norms = [1];
  for (let t = T - 1; t >= 0; t--) {
    // J diag(f'(z_t)) W^T: scale J's columns by f'(z_t), then multiply by W^T.
    jacobian = matMul(jacobian.map((row) => row.map((v, j) => v * slopes[t][j])), Wt);
    const [value, next] = spectralNorm(jacobian, vector);
    norms.push(value);
    vector = next;
  }
  return { distance: range(T + 1), norm: norms };
}


function draw(state, width) {
  const { distance, norm: norms } = compute(state);
  const T = distance.length - 1;
  const box = { x: 80, y: 10, w: width - 100, h: 240 };
  const logs = norms.map((v) => logExponent(v));
  const bound = distance.map((d) => logExponent(state.weight_scale ** d));
  const lo = Math.floor(Math.min(...logs, ...bound, 0)), hi = Math.ceil(Math.max(...logs, ...bound, 0));
  const xs = scale([0, T], [box.x, box.x + box.w]);
  const ys = scale([lo, hi === lo ? lo + 1 : hi], [box.y + box.h, box.y]);
  let svg = axes(box, { xs, ys, xTicks: ticks(0, T, Math.max(2, Math.floor(box.w / 70))),
    yTicks: ticks(lo, hi, 6).filter(Number.isInteger), xLabel: "distance d = T - t (steps back)",
    yLabel: "‖∂h_T/∂h_t‖ (log scale)", formatY: (v) => `1e${v}`, yLabelGap: 58 });
  svg += line(bound, xs, ys, { color: "#999", width: 1.2 }).replace("/>", ' stroke-dasharray="5 4"/>');
  svg += line(logs, xs, ys, { color: "#d62728", width: 2 });
  svg += text(box.x + box.w - 4, box.y + 12, "— norm    - - weight scale^d", { anchor: "end", size: 11 });
  const activation = state._labels.activation;
  return {
    height: box.y + box.h + 44,
    svg,
    title: `activation ${activation} | weight scale ${fmt(state.weight_scale)} | ${T} steps | ` +
      `‖∂h_T/∂h_0‖ = ${norms[T].toExponential(1)}`,
    label: `Log-scale plot of the gradient norm against distance for ${T} steps.`,
  };
}

export default {
  render(context) {
    return mountDemo(context, { draw });
  },
};
