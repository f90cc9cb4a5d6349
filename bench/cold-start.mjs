// One cold start, in a fresh process: loading the engine and its parsers (tree-sitter wasm).
// Prints the milliseconds as JSON for bench/run.mjs.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const start = performance.now();
const { initAnalysis } = require(join(process.argv[2], 'analysis.js'));
await initAnalysis();
process.stdout.write(JSON.stringify({ ms: performance.now() - start }) + '\n');
