// demo_kit.js: the controls, drawing and mounting every live demo shares. The Python side
// (rnn_course.widgets.esm_source) prepends core.js (the numbers) and this file to each demo's
// module, so a demo is one self-contained ES module: it runs in Jupyter, in Colab and on the
// static website with no kernel and no network. Nothing here touches `document` at import
// time, so node can import a demo to test its computation against NumPy.

const SVG_NS = "http://www.w3.org/2000/svg";
const STYLE = `
.rnn-demo { font: 14px/1.4 system-ui, sans-serif; color: #222; max-width: 760px; }
.rnn-demo .rnn-controls { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 4px 0 6px; }
.rnn-demo .rnn-control { display: flex; align-items: center; gap: 6px; }
.rnn-demo .rnn-control input[type=range] { width: 170px; min-width: 150px; }
.rnn-demo .rnn-control output { min-width: 3.2em; font-variant-numeric: tabular-nums; }
.rnn-demo .rnn-title { font-weight: 600; margin: 2px 0; }
.rnn-demo svg { display: block; overflow: visible; }
.rnn-demo svg text { font-family: system-ui, sans-serif; }
`;

// ---- text ------------------------------------------------------------------------------

export const fmt = (value, digits = 2) => Number(value).toFixed(digits);

// ---- controls ----------------------------------------------------------------------------

// Every demo carries its own copy of this kit, so ids get a per-copy random prefix:
// two demos on one page must not share an input's or a suggestion list's id.
const ID_PREFIX = `rnn-demo-${Math.random().toString(36).slice(2, 8)}`;
let uid = 0;

function control(labelText, input, output) {
  const wrap = document.createElement("div");
  wrap.className = "rnn-control";
  input.id = `${ID_PREFIX}-${++uid}`;
  // JupyterLab and Notebook 7 bind the arrow keys in command mode to a selector that ends
  // in `:focus`; Lumino honours this attribute on the focused element itself, so every
  // control carries it and its keys stay with it.
  input.dataset.lmSuppressShortcuts = "true";
  const label = document.createElement("label");
  label.htmlFor = input.id;
  label.textContent = labelText;
  wrap.append(label, input);
  if (output) wrap.append(output);
  return wrap;
}

/** A labelled range input bound to the numeric trait `name`; shows its value beside it. */
export function slider(model, { name, label, min, max, step = 1, digits = 0 }) {
  const input = document.createElement("input");
  Object.assign(input, { type: "range", min, max, step, value: model.get(name) });
  input.dataset.trait = name;
  const output = document.createElement("output");
  const show = () => {
    input.value = model.get(name);
    output.textContent = fmt(model.get(name), digits);
    input.setAttribute("aria-valuetext", output.textContent);
  };
  input.addEventListener("input", () => {
    model.set(name, Number(input.value));
    model.save_changes();
  });
  model.on(`change:${name}`, show);
  show();
  return control(label, input, output);
}

/** A labelled drop-down bound to the string trait `name`; `options` are [value, text] pairs. */
export function dropdown(model, { name, label, options }) {
  const input = document.createElement("select");
  for (const [value, text] of options) input.add(new Option(text, value));
  input.dataset.trait = name;
  input.value = model.get(name);
  input.addEventListener("change", () => {
    model.set(name, input.value);
    model.save_changes();
  });
  model.on(`change:${name}`, () => { input.value = model.get(name); });
  return control(label, input);
}

/** A labelled text box bound to the string trait `name`, with suggestions. */
export function textBox(model, { name, label, suggestions = [], width = "11em" }) {
  const input = document.createElement("input");
  Object.assign(input, { type: "text", value: model.get(name) });
  input.style.width = width;
  input.dataset.trait = name;
  const list = document.createElement("datalist");
  list.id = `${ID_PREFIX}-list-${++uid}`;
  for (const text of suggestions) list.append(new Option(text));
  input.setAttribute("list", list.id);
  input.addEventListener("input", () => {
    model.set(name, input.value);
    model.save_changes();
  });
  model.on(`change:${name}`, () => {
    if (input.value !== model.get(name)) input.value = model.get(name);
  });
  const wrap = control(label, input);
  wrap.append(list);
  return wrap;
}

// ---- drawing -----------------------------------------------------------------------------

/** A linear map from `domain` [d0, d1] to `span` [r0, r1]. */
export function scale([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Round tick values covering [lo, hi], about `count` of them. */
export function ticks(lo, hi, count = 5) {
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / count, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
    out.push(Number(v.toFixed(10)));
  }
  return out;
}

const escape = (text) => String(text).replace(/[&<>"]/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** SVG markup for a text label. */
export function text(x, y, content, { anchor = "middle", baseline = "middle", rotate = 0,
  size = 12, weight = "normal", fill = "#222" } = {}) {
  const turn = rotate ? ` transform="rotate(${rotate} ${x} ${y})"` : "";
  return `<text x="${x}" y="${y}" text-anchor="${anchor}" dominant-baseline="${baseline}"` +
    ` font-size="${size}" font-weight="${weight}" fill="${fill}"${turn}>${escape(content)}</text>`;
}

/** log10(v) for a log-scale plot, floored at `floor` (zeros and values below 10^floor are
 *  drawn at the floor). */
export const logExponent = (v, floor = -30) => (v > 0 ? Math.max(floor, Math.log10(v)) : floor);

/** Estimated width in pixels of `content` at font `size`: a CJK character is `size` wide,
 *  any other 0.6 size (close for the page's sans-serif font). */
export const textWidth = (content, size) =>
  [...String(content)].reduce((w, ch) => w + (ch.codePointAt(0) >= 0x2e80 ? 1 : 0.6), 0) * size;

/** The items joined by `separator` into lines no wider than maxWidth pixels at font `size`;
 *  an item wider than maxWidth gets a line of its own. */
export function wrapText(items, size, maxWidth, separator = " ") {
  const lines = [];
  for (const item of items) {
    const joined = lines.length ? lines[lines.length - 1] + separator + item : null;
    if (joined !== null && textWidth(joined, size) <= maxWidth) lines[lines.length - 1] = joined;
    else lines.push(item);
  }
  return lines;
}

/** A key of coloured lines and names, [[name, color], ...], laid left to right from (x, y)
 *  and wrapped to a new row where maxWidth runs out. Returns {svg, height} (16 px a row). */
export function legend(x, y, entries, maxWidth) {
  let svg = "", dx = 0, row = 0;
  for (const [name, color] of entries) {
    const w = 22 + textWidth(name, 11) + 16;
    if (dx > 0 && dx + w > maxWidth) { dx = 0; row += 1; }
    const lx = x + dx, ly = y + 16 * row;
    svg += `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.5"/>` +
      text(lx + 22, ly, name, { anchor: "start", size: 11 });
    dx += w;
  }
  return { svg, height: 16 * (row + 1) };
}

/** SVG markup for a box with x and y axes, tick labels and axis labels.
 *  box = {x, y, w, h}; xs, ys = scales; xTicks, yTicks = values; format(v) -> label;
 *  yLabelGap = distance of the y label from the axis (wider tick labels need more). */
export function axes(box, { xs, ys, xTicks = [], yTicks = [], xLabel = "", yLabel = "",
  formatX = String, formatY = String, yLabelGap = 40 }) {
  const { x, y, w, h } = box;
  let svg = `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#444"/>`;
  for (const t of xTicks) {
    const px = xs(t);
    svg += `<line x1="${px}" x2="${px}" y1="${y + h}" y2="${y + h + 4}" stroke="#444"/>`;
    svg += text(px, y + h + 14, formatX(t));
  }
  for (const t of yTicks) {
    const py = ys(t);
    svg += `<line x1="${x - 4}" x2="${x}" y1="${py}" y2="${py}" stroke="#444"/>`;
    svg += text(x - 7, py, formatY(t), { anchor: "end" });
  }
  if (xLabel) svg += text(x + w / 2, y + h + 32, xLabel);
  if (yLabel) svg += text(x - yLabelGap, y + h / 2, yLabel, { rotate: -90 });
  return svg;
}

/** SVG polyline through the points (xs(i), ys(values[i])). */
export function line(values, xs, ys, { color = "#1f77b4", width = 1.8, xValues } = {}) {
  const points = values.map((v, i) => `${xs(xValues ? xValues[i] : i).toFixed(1)},` +
    `${ys(v).toFixed(1)}`).join(" ");
  return `<polyline points="${points}" fill="none" stroke="${color}" stroke-width="${width}"/>`;
}

// Matplotlib's RdBu_r at 11 stops: blue (-1) through white (0) to red (+1).
const RDBU = ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7",
  "#f4a582", "#d6604d", "#b2182b", "#67001f"].map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));

/** Colour [r, g, b] of a value in [-1, 1] on a diverging blue-white-red map. */
export function diverging(value) {
  const t = Math.min(1, Math.max(0, (value + 1) / 2)) * (RDBU.length - 1);
  const i = Math.min(RDBU.length - 2, Math.floor(t)), f = t - i;
  const [a, b] = [RDBU[i], RDBU[i + 1]];
  return a.map((c, k) => Math.round(c + f * (b[k] - c)));
}

export const css = ([r, g, b]) => `rgb(${r},${g},${b})`;

/** SVG markup for a heatmap: rows x columns of cells coloured by color(value).
 *  The cells are painted into a tiny canvas, one pixel each, shown as a scaled image:
 *  thousands of SVG rectangles would take longer than a frame to lay out. */
export function heatmap(box, rows, color = diverging) {
  const nr = rows.length, nc = rows[0].length;
  const canvas = document.createElement("canvas");
  Object.assign(canvas, { width: nc, height: nr });
  const context = canvas.getContext("2d"), pixels = context.createImageData(nc, nr);
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const [red, green, blue] = color(rows[r][c]), at = 4 * (r * nc + c);
      pixels.data.set([red, green, blue, 255], at);
    }
  }
  context.putImageData(pixels, 0, 0);
  return `<image x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}"` +
    ` preserveAspectRatio="none" style="image-rendering: pixelated"` +
    ` href="${canvas.toDataURL()}"/>`;
}

/** SVG markup for a vertical colour bar of `color` over [lo, hi], with tick labels. */
export function colorBar(box, { lo = -1, hi = 1, label = "", color = diverging,
  tickValues = [-1, -0.5, 0, 0.5, 1] } = {}) {
  const steps = 40, sh = box.h / steps;
  let svg = "";
  for (let i = 0; i < steps; i++) {
    const v = hi - (i + 0.5) * (hi - lo) / steps;
    svg += `<rect x="${box.x}" y="${(box.y + i * sh).toFixed(2)}" width="${box.w}"` +
      ` height="${(sh + 0.3).toFixed(2)}" fill="${css(color(v))}"/>`;
  }
  svg += `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="#444"/>`;
  const ys = scale([lo, hi], [box.y + box.h, box.y]);
  for (const t of tickValues) svg += text(box.x + box.w + 5, ys(t), String(t), { anchor: "start" });
  if (label) svg += text(box.x + box.w + 38, box.y + box.h / 2, label, { rotate: -90 });
  return svg;
}

// ---- mounting ------------------------------------------------------------------------------

const BUILDERS = { slider, dropdown, text: textBox };

/** The text the reader sees for the current value of each drop-down, by trait name. */
function choiceLabels(controls, state) {
  return Object.fromEntries(controls.filter((c) => c.kind === "dropdown").map((c) =>
    [c.name, (c.options.find(([value]) => value === state[c.name]) || [, state[c.name]])[1]]));
}

/**
 * Build a demo inside `el`: a title, the controls the Python class declared (its synced
 * `_controls`) and an SVG figure, redrawn whenever a synced trait or the page width changes.
 *   draw: (state, width) -> {title, svg, height, label}: `state` holds every trait the
 *     module reads plus `_labels` (the shown text of each drop-down's value); the title
 *     states the current values, `label` is the figure's accessible description.
 *   setup (optional): ({model, inputs}) -> clean-up function, for a module that adjusts its
 *     controls as the data change (`inputs` maps trait names to the input elements).
 * Returns the clean-up function anywidget expects from render().
 */
export function mountDemo({ model, el }, { draw, setup }) {
  if (!document.getElementById("rnn-demo-style")) {
    const style = document.createElement("style");
    style.id = "rnn-demo-style";
    style.textContent = STYLE;
    document.head.append(style);
  }
  const root = document.createElement("div");
  root.className = "rnn-demo";
  const bar = document.createElement("div");
  bar.className = "rnn-controls";
  const controls = model.get("_controls"), traits = model.get("_state_traits");
  bar.append(...controls.map((spec) => BUILDERS[spec.kind](model, spec)));
  const title = document.createElement("p");
  title.className = "rnn-title";
  title.setAttribute("aria-live", "polite");
  const figure = document.createElementNS(SVG_NS, "svg");
  figure.setAttribute("role", "img");
  root.append(bar, title, figure);
  el.append(root);
  const inputs = Object.fromEntries([...bar.querySelectorAll("[data-trait]")]
    .map((input) => [input.dataset.trait, input]));
  const cleanupSetup = setup ? setup({ model, inputs }) : () => {};

  const redraw = () => {
    const state = Object.fromEntries(traits.map((name) => [name, model.get(name)]));
    state._labels = choiceLabels(controls, state);
    const width = Math.max(300, Math.min(760, root.clientWidth || 700));
    const out = draw(state, width);
    title.textContent = out.title;
    figure.setAttribute("width", width);
    figure.setAttribute("height", out.height);
    figure.setAttribute("viewBox", `0 0 ${width} ${out.height}`);
    figure.setAttribute("aria-label", out.label || out.title);
    figure.innerHTML = out.svg;
    root.dataset.redraws = String(Number(root.dataset.redraws || 0) + 1);
  };
  for (const name of traits) model.on(`change:${name}`, redraw);
  let lastWidth = 0;
  const resize = new ResizeObserver(() => {
    if (Math.abs(root.clientWidth - lastWidth) > 8) { lastWidth = root.clientWidth; redraw(); }
  });
  resize.observe(root);
  redraw();
  return () => {
    resize.disconnect();
    cleanupSetup();
    for (const name of traits) model.off(`change:${name}`, redraw);
  };
}
