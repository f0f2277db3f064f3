// Run functions of the demos' numeric core (rnn_course/widgets/js/core.js) in node.
// Reads a JSON list of calls {fn, args} and prints the list of results as JSON.
// Besides the core's own functions: {fn: "scan", step, x, state, weights} runs a cell step
// over every row of x (one sequence), carrying its state, and returns every step's output;
// {fn: "draws", seed, count, logits, temperature} draws `count` samples with one generator.
// Infinity travels as the string "inf" / "-inf" (JSON has no infinities).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [corePath, callsPath] = process.argv.slice(2);
const core = await import(pathToFileURL(corePath).href);
const revive = (_, v) => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);
const calls = JSON.parse(readFileSync(callsPath, "utf8"), revive);

function scan({ step, x, state, weights }) {
  const outputs = [];
  let carried = state;
  for (const xt of x) {
    if (step === "rnnStep") {
      carried = core.rnnStep(xt, carried, ...weights);
      outputs.push(carried);
    } else if (step === "lstmStep") {
      const out = core.lstmStep(xt, carried.h, carried.c, ...weights);
      carried = { h: out.h, c: out.c };
      outputs.push(out);
    } else {
      const out = core.gruStep(xt, carried, ...weights);
      carried = out.h;
      outputs.push(out);
    }
  }
  return outputs;
}

function draws({ seed, count, logits, temperature }) {
  const rng = core.createRng(seed);
  return Array.from({ length: count }, () => core.sampleCategorical(logits, temperature, rng));
}

function uniforms({ seed, count }) {
  const rng = core.createRng(seed);
  const values = Array.from({ length: count }, () => core.nextUniform(rng));
  return { values, state: rng.state };
}

const extra = { scan, draws, uniforms };
const results = calls.map(({ fn, args }) => (fn in extra ? extra[fn](args[0]) : core[fn](...args)));
process.stdout.write(JSON.stringify(results, (_, v) => (v === Infinity ? "inf"
  : v === -Infinity ? "-inf" : v)));
