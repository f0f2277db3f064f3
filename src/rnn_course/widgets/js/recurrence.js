// Window vs distance (chapter 2): how far back can a fixed window of k words, ending at
// the target word, see? Python supplies, for every max_fillers setting, the cue distance of
// every sentence and the words of the first few; here we work out which cues
// fall in the window, the accuracy ceiling for every k and the parameter counts, and draw
// them with one example sentence.

const COLOR = { curve: "#1f77b4", mark: "#ff7f0e", rnn: "#2ca02c", shade: "#fdd49e",
  seen: "#1a7f1a", missed: "#d62728", guide: "#999" };
const CHAR = 7.8, LINE = 36;  // monospace advance at 13 px (0.6 em), sentence line height

const thousands = (n) => Math.round(n).toLocaleString("en-US");
const percent = (v) => `${(100 * v).toFixed(1)}%`;

/** A word of the sentence: the kit's text() in a monospace font, so words line up by
 *  character count (the kit's stylesheet sets the font family of SVG text). */
function word(x, y, content, options) {
  return text(x, y, content, { anchor: "start", size: 13, ...options })
    .replace("<text ", '<text style="font-family: monospace" ');
}

/** A window of `size` words ending at the target holds a cue `distance` words back when
 *  distance < size (cue >= target - size + 1). */
const holdsCue = (distance, size) => distance < size;

/** The demo's numbers for the data set of `max_fillers` (see WindowVsDistance.reference). */
export function compute(state) {
  const { window_size: k, max_window: K, input_dim: d, units: u } = state;
  const distances = unpackArray(state.cue_distances)[state.max_fillers];
  const n = distances.length;
  // Sentences by cue distance: a window of `size` words sees those at distances < size.
  const byDistance = zeros(K);
  distances.forEach((d) => { if (d < K) byDistance[d] += 1; });
  const ceiling = [];
  let seen = 0;
  for (let size = 1; size <= K; size++) {
    seen += byDistance[size - 1];
    ceiling.push(0.5 + 0.5 * seen / n);  // certain where seen, a fair coin elsewhere
  }
  const i = state.sentence_index;
  return {
    ceiling,
    cue_in_window: distances.map((d) => (holdsCue(d, k) ? 1 : 0)),
    dense_params: range(K).map((j) => (j + 1) * d * u + u),
    rnn_params: u * (d + u) + u,
    cue_distance: distances[i],
    cue_seen: holdsCue(distances[i], k) ? 1 : 0,
  };
}

function mark(x, y) {
  return `<circle cx="${x}" cy="${y}" r="5" fill="${COLOR.mark}"/>`;
}

/** A horizontal line across `box` at height y. */
function across(box, y, stroke, extra = "") {
  return `<line x1="${box.x}" x2="${box.x + box.w}" y1="${y}" y2="${y}"` +
    ` stroke="${stroke}"${extra}/>`;
}

const heading = (box, content) => text(box.x + box.w / 2, box.y - 10, content, { weight: 600 });

function ceilingPlot(box, state, ceiling) {
  const K = ceiling.length, k = state.window_size;
  const xs = scale([0, K + 1], [box.x, box.x + box.w]);
  const ys = scale([0.45, 1.03], [box.y + box.h, box.y]);
  const steps = ceiling.flatMap((c, j) => [`${xs(j + 0.5)},${ys(c)}`,
    `${xs(j + 1.5)},${ys(c)}`]);  // one flat step per whole k
  let svg = axes(box, { xs, ys, xTicks: [1, ...ticks(10, K, 3)], yTicks: [0.5, 0.75, 0.95],
    formatY: (v) => `${100 * v}%`, xLabel: "window size k" });
  svg += heading(box, "Best accuracy of a window of k words");
  svg += across(box, ys(0.95), COLOR.guide, ' stroke-dasharray="5 4"');
  svg += `<polyline points="${steps.join(" ")}" fill="none" stroke="${COLOR.curve}"` +
    ' stroke-width="1.8"/>';
  svg += mark(xs(k), ys(ceiling[k - 1]));
  svg += text(box.x + box.w - 6, box.y + box.h - 14, `k = ${k}: ${percent(ceiling[k - 1])}`,
    { anchor: "end", fill: COLOR.mark, weight: 600 });
  return svg;
}

function paramsPlot(box, state, dense, rnn) {
  const K = dense.length, k = state.window_size, top = dense[K - 1];
  const xs = scale([0, K + 1], [box.x, box.x + box.w]);
  const ys = scale([-0.04 * top, 1.04 * top], [box.y + box.h, box.y]);
  let svg = axes(box, { xs, ys, xTicks: [1, ...ticks(10, K, 3)], yTicks: ticks(0, top, 3),
    formatY: (v) => `${Math.round(v / 1000)}k`, xLabel: "window size k" });
  svg += heading(box, `Parameters (d = ${state.input_dim}, u = ${state.units})`);
  svg += line(dense, xs, ys, { color: COLOR.curve, xValues: range(K).map((j) => j + 1) });
  svg += across(box, ys(rnn), COLOR.rnn, ' stroke-width="1.8"');
  svg += text(box.x + 8, box.y + 12, "dense layer over the window",
    { anchor: "start", fill: COLOR.curve });
  svg += text(box.x + box.w - 6, ys(rnn) - 9, `recurrent cell, any length: ${thousands(rnn)}`,
    { anchor: "end", fill: COLOR.rnn });
  svg += mark(xs(k), ys(dense[k - 1]));
  svg += text(box.x + 8, box.y + 30, `k = ${k}: ${thousands(dense[k - 1])}`,
    { anchor: "start", fill: COLOR.mark, weight: 600 });
  return svg;
}

/** (line, column) of each word when the sentence wraps at `perLine` characters. */
function layout(words, perLine) {
  let row = 0, column = 0;
  return words.map((word) => {
    if (column && column + word.length > perLine) { row += 1; column = 0; }
    const at = [row, column];
    column += word.length + 1;
    return at;
  });
}

const rowCache = new WeakMap();  // sentences -> Map(characters per line -> rows)

/** Rows the longest example sentence needs: the figure keeps one height, so moving a
 *  control never reflows the page below it. */
function mostRows(sentences, perLine) {
  if (!rowCache.has(sentences)) rowCache.set(sentences, new Map());
  const byWidth = rowCache.get(sentences);
  if (!byWidth.has(perLine)) {
    const rows = sentences.flat().map((line) => layout(line.split(" "), perLine).at(-1)[0] + 1);
    byWidth.set(perLine, Math.max(...rows));
  }
  return byWidth.get(perLine);
}

const HEADER = 16;  // height of one header line

function sentenceBlock(x, y, width, state, seenCue) {
  const m = state.max_fillers, i = state.sentence_index, k = state.window_size;
  const words = state.sentences[m][i].split(" ");
  const cue = state.example_cues[m][i], target = state.example_targets[m][i];
  const first = Math.max(0, target - k + 1), padding = Math.max(0, k - target - 1);
  const perLine = Math.floor(width / CHAR), places = layout(words, perLine);
  const rows = (line) => wrapText(line.split(" "), 12, width);
  const cueLine = (label, word, back) => rows(`Sentence ${i} (${label}): cue '${word}' ${back} words back,`);
  const paddingNote = (n) => rows(`(the window reaches ${n} words before the sentence: padding)`);
  const SEEN = "inside the window: the label is known", MISSED = "outside the window: a 50% guess";
  // Rows for the longest header, whatever is shown: the figure keeps one height.
  const longestLabel = state.label_names.reduce((a, b) => (b.length > a.length ? b : a));
  const headerRows = cueLine(longestLabel, "w".repeat(12), 99).length +
    Math.max(rows(SEEN).length, rows(MISSED).length) + paddingNote(99).length;
  const top = y + headerRows * HEADER + 8;
  const at = (j) => [x + places[j][1] * CHAR, top + places[j][0] * LINE];
  const cueColor = seenCue ? COLOR.seen : COLOR.missed;
  const header = [
    ...cueLine(state.label_names[state.labels[m][i]], words[cue], target - cue).map((l) => [l, "#222"]),
    ...rows(seenCue ? SEEN : MISSED).map((l) => [l, cueColor]),
    ...(padding ? paddingNote(padding) : []).map((l) => [l, "#222"]),
  ];
  let svg = header.map(([line, fill], row) => text(x, y + row * HEADER, line,
    { anchor: "start", fill })).join("");
  for (let j = first; j <= target; j++) {  // shade the window, one box per word
    const [wx, wy] = at(j);
    svg += `<rect x="${wx - CHAR / 2}" y="${wy - 11}" width="${(words[j].length + 1) * CHAR}"` +
      ` height="22" fill="${COLOR.shade}"/>`;
  }
  words.forEach((content, j) => {
    svg += word(...at(j), content, { weight: j === cue || j === target ? 700 : 400,
      fill: j === cue ? cueColor : "#222" });
  });
  const [cx, cy] = at(cue), [tx, ty] = at(target);
  svg += text(cx, cy + 18, seenCue ? "cue: seen" : "cue: missed",
    { anchor: "start", size: 11, fill: cueColor });
  svg += text(tx, ty + 18, "target", { anchor: "start", size: 11 });
  return { svg, height: top - y + mostRows(state.sentences, perLine) * LINE };
}

function draw(state, width) {
  const result = compute(state);
  const k = state.window_size, m = state.max_fillers, i = state.sentence_index;
  const left = 48, gap = 76, right = 14, panelH = 150, wide = width >= 560;
  const panelW = wide ? (width - left - gap - right) / 2 : width - left - right;
  const ceilingBox = { x: left, y: 28, w: panelW, h: panelH };
  const paramsBox = wide ? { x: left + panelW + gap, y: 28, w: panelW, h: panelH }
    : { x: left, y: 28 + panelH + 70, w: panelW, h: panelH };
  let svg = ceilingPlot(ceilingBox, state, result.ceiling);
  svg += paramsPlot(paramsBox, state, result.dense_params, result.rnn_params);
  const top = paramsBox.y + panelH + 56;
  const sentence = sentenceBlock(8, top, width - 16, state, result.cue_seen === 1);
  svg += sentence.svg;
  const farthest = Math.max(...unpackArray(state.cue_distances)[m]);
  return {
    height: top + sentence.height + 8,
    svg,
    title: `window size k = ${k} | filler phrases ≤ ${m} (cues up to ${farthest} words back) | ` +
      `sentence ${i}: cue ${result.cue_distance} words back, ` +
      `${result.cue_seen ? "seen" : "missed"} | ceiling ${percent(result.ceiling[k - 1])}, ` +
      `dense layer ${thousands(result.dense_params[k - 1])} parameters`,
    label: `Accuracy ceiling and parameter count against window size, k = ${k} marked; ` +
      `sentence ${i} with its window of ${k} words shaded.`,
  };
}

export default {
  render(context) {
    return mountDemo(context, { draw });
  },
};
