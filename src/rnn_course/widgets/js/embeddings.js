// One-hot vs embedding explorer (chapter 1): twelve words as one-hot, random (untrained)
// or learned (PPMI + SVD) vectors. Python supplies the vectors at the largest dimension
// (the first k columns are the k-dimensional vectors) and every 2-D PCA projection;
// the cosine similarities and the ranking of the query's neighbours are computed here.

const CATEGORY_COLORS = { animal: "#7b4fb0", food: "#c25400", place: "#1f7a1f" };
const GAP = 18;  // between panels
const TIE_SCALE = 1e9;  // similarities equal to 9 decimals tie (rnn_course: TIE_DECIMALS)

/** The twelve words' vectors: (12, vocab_size) one-hot rows or (12, embedding_dim). */
export function wordVectors(state) {
  if (state.representation === "one-hot") {
    const identity = eye(state.vocab_size);
    return state.word_ids.map((id) => identity[id]);
  }
  return state[state.representation].map((row) => row.slice(0, state.embedding_dim));
}

/** Cosine similarity of every pair of rows, (n, n); a zero row is 0 with every row. */
export function cosineMatrix(vectors) {
  const unit = vectors.map((v) => {
    const length = norm(v);
    return v.map((x) => (length > 0 ? x / length : 0));
  });
  return matMul(unit, transpose(unit));
}

/** The other rows' indices, most similar to row `query` first; ties keep index order. */
export function rankNeighbours(similarity, query) {
  const key = similarity[query].map((s) => Math.floor(s * TIE_SCALE + 0.5));
  return range(key.length).filter((i) => i !== query).sort((a, b) => key[b] - key[a] || a - b);
}

/** similarity (12, 12), ranking (11,) of the query's neighbours, PCA points (12, 2). */
export function compute(state) {
  const similarity = cosineMatrix(wordVectors(state));
  const projections = state.projections[state.representation];
  return {
    similarity,
    ranking: rankNeighbours(similarity, state.words.indexOf(state.word)),
    points: projections[Math.min(state.embedding_dim, projections.length) - 1],
  };
}

// ---- drawing -------------------------------------------------------------------------------

const colorOf = (state, i) => CATEGORY_COLORS[state.categories[i]];

function heatmapPanel(state, { similarity }, query) {
  const n = similarity.length, cell = 14, labelW = 50, top = 30;
  const grid = { x: labelW, y: top, w: n * cell, h: n * cell };
  const draw = (x0, y0) => {
    const at = (box) => ({ ...box, x: box.x + x0, y: box.y + y0 });
    const g = at(grid);
    let svg = text(x0, y0 + 8, "cosine similarity of every pair", { anchor: "start", weight: 600 });
    svg += heatmap(g, similarity);
    const group = n / 3;
    for (let k = 1; k < 3; k++) {
      const p = k * group * cell;
      svg += `<line x1="${g.x + p}" x2="${g.x + p}" y1="${g.y}" y2="${g.y + g.h}" stroke="#fff"/>`;
      svg += `<line x1="${g.x}" x2="${g.x + g.w}" y1="${g.y + p}" y2="${g.y + p}" stroke="#fff"/>`;
    }
    for (let k = 0; k < 3; k++) {
      svg += text(g.x + (k + 0.5) * group * cell, g.y - 7, `${state.categories[k * group]}s`,
        { fill: colorOf(state, k * group), size: 11, weight: 600 });
    }
    state.words.forEach((word, i) => {
      svg += text(g.x - 4, g.y + (i + 0.5) * cell, word, { anchor: "end", size: 11,
        fill: colorOf(state, i), weight: i === query ? 700 : "normal" });
    });
    svg += `<rect x="${g.x}" y="${g.y + query * cell}" width="${g.w}" height="${cell}"` +
      ` fill="none" stroke="#000" stroke-width="1.5"/>`;
    svg += colorBar({ x: g.x + g.w + 8, y: g.y, w: 9, h: g.h }, { tickValues: [-1, 0, 1] });
    return svg;
  };
  return { w: labelW + grid.w + 44, h: top + grid.h + 6, draw };
}

function rankingPanel(state, { similarity, ranking }, query) {
  const row = 15, labelW = 50, barW = 110, top = 30;
  const draw = (x0, y0) => {
    const xs = scale([-1, 1], [x0 + labelW, x0 + labelW + barW]);
    let svg = text(x0, y0 + 8, `similarity to '${state.words[query]}'`,
      { anchor: "start", weight: 600 });
    ranking.forEach((i, r) => {
      const s = similarity[query][i], y = y0 + top + r * row;
      svg += text(x0 + labelW - 4, y + row / 2, state.words[i], { anchor: "end", size: 11,
        fill: colorOf(state, i) });
      svg += `<rect x="${Math.min(xs(0), xs(s)).toFixed(1)}" y="${y + 2}"` +
        ` width="${Math.abs(xs(s) - xs(0)).toFixed(1)}" height="${row - 4}"` +
        ` fill="${colorOf(state, i)}"/>`;
      svg += text(x0 + labelW + barW + 4, y + row / 2, fmt(s), { anchor: "start", size: 11 });
    });
    const bottom = y0 + top + ranking.length * row;
    svg += `<line x1="${xs(0)}" x2="${xs(0)}" y1="${y0 + top}" y2="${bottom}" stroke="#444"/>`;
    for (const t of [-1, 0, 1]) svg += text(xs(t), bottom + 9, String(t), { size: 11 });
    return svg;
  };
  return { w: labelW + barW + 38, h: top + ranking.length * row + 18, draw };
}

function projectionPanel(state, { points }, query, size) {
  const top = 30;
  const draw = (x0, y0) => {
    const box = { x: x0, y: y0 + top };
    const xsAll = points.map((p) => p[0]), ysAll = points.map((p) => p[1]);
    const cx = (Math.min(...xsAll) + Math.max(...xsAll)) / 2;
    const cy = (Math.min(...ysAll) + Math.max(...ysAll)) / 2;
    const half = 0.62 * Math.max(Math.max(...xsAll) - Math.min(...xsAll),
      Math.max(...ysAll) - Math.min(...ysAll), 1e-12);  // one scale for both axes
    const xs = scale([cx - half, cx + half], [box.x, box.x + size]);
    const ys = scale([cy - half, cy + half], [box.y + size, box.y]);
    let svg = text(x0, y0 + 8, "2-D projection (PCA)", { anchor: "start", weight: 600 });
    svg += `<rect x="${box.x}" y="${box.y}" width="${size}" height="${size}" fill="none" stroke="#444"/>`;
    points.forEach(([px, py], i) => {
      svg += `<circle cx="${xs(px).toFixed(1)}" cy="${ys(py).toFixed(1)}" r="4"` +
        ` fill="${colorOf(state, i)}" fill-opacity="0.8"/>`;
    });
    const [qx, qy] = [xs(points[query][0]), ys(points[query][1])];
    svg += `<circle cx="${qx.toFixed(1)}" cy="${qy.toFixed(1)}" r="8" fill="none" stroke="#000"/>`;
    svg += text(qx + (qx < box.x + size / 2 ? 10 : -10), qy - 10, state.words[query],
      { anchor: qx < box.x + size / 2 ? "start" : "end", weight: 700 });
    if (state.representation === "one-hot") {
      ["every direction weighs the same:", "this 2-D view is arbitrary"].forEach((line, k) => {
        svg += text(box.x, box.y + size + 12 + 13 * k, line, { anchor: "start", size: 11 });
      });
    }
    return svg;
  };
  return { w: size, h: top + size + 32, draw };
}

/** Place panels left to right, starting a new row when one does not fit. */
function flow(panels, width, gap = GAP) {
  let svg = "", x = 0, y = 0, rowHeight = 0;
  for (const panel of panels) {
    if (x > 0 && x + panel.w > width) { x = 0; y += rowHeight + gap; rowHeight = 0; }
    svg += panel.draw(x, y);
    x += panel.w + gap;
    rowHeight = Math.max(rowHeight, panel.h);
  }
  return { svg, height: y + rowHeight };
}

function titleOf(state, result, query) {
  const option = state._labels.representation;
  const length = state.representation === "one-hot"
    ? `${state.vocab_size} numbers per word (embedding_dim ${state.embedding_dim} not used)`
    : `embedding_dim ${state.embedding_dim}`;
  const nearest = result.ranking.slice(0, 3)
    .map((i) => `${state.words[i]} ${fmt(result.similarity[query][i])}`).join(", ");
  return `vectors: ${option} | ${length} | word '${state.word}' | closest: ${nearest}`;
}

function draw(state, width) {
  const result = compute(state), query = state.words.indexOf(state.word);
  const heat = heatmapPanel(state, result, query), rank = rankingPanel(state, result, query);
  const besides = width - heat.w - rank.w - 2 * GAP;  // room for the map on the same row
  const size = Math.min(220, besides >= 160 ? besides : width);
  const { svg, height } = flow([heat, rank, projectionPanel(state, result, query, size)], width);
  return {
    svg,
    height,
    title: titleOf(state, result, query),
    label: `Cosine similarities of ${state.words.length} words as a heatmap, the words ranked ` +
      `by similarity to '${state.word}', and a 2-D PCA projection coloured by category.`,
  };
}

export default {
  render(context) {
    return mountDemo(context, { draw });
  },
};
