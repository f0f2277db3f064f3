// Run a demo module's compute(state) in node on states read from a JSON file (a list);
// print the list of results as JSON. Used by tests/test_demo_parity.py.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, statesPath] = process.argv.slice(2);
const demo = await import(pathToFileURL(modulePath).href);
const states = JSON.parse(readFileSync(statesPath, "utf8"));
process.stdout.write(JSON.stringify(states.map((state) => demo.compute(state))));
