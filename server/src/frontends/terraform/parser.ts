import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';

type Runtime = typeof import('web-tree-sitter');

const GRAMMAR = 'tree-sitter-terraform.wasm';

/**
 * The tree-sitter runtime is an Emscripten module: when its wasm instance aborts (it runs out of
 * memory on some hostile input), that instance is dead for good, and so is every parser made from
 * it. So the runtime is loaded as its own copy of web-tree-sitter's CommonJS file, and a spare copy
 * is kept ready: after an abort the spare takes over at once (the next file parses in the same
 * analysis) and a new spare loads in the background.
 */
let active: Parser | undefined;
let spare: Parser | undefined;
let spareLoading: Promise<void> | undefined;
let loading: Promise<void> | undefined;

/** Files next to the bundle (scripts/build.mjs copies them there); from tsc output, node_modules. */
function bundled(file: string): string | undefined {
  const p = path.join(__dirname, file);
  return fs.existsSync(p) ? p : undefined;
}

async function loadParser(): Promise<Parser> {
  const file = bundled('web-tree-sitter.cjs') ?? require.resolve('web-tree-sitter');
  // A new copy of the module: its own wasm instance, untouched by an abort of an earlier copy.
  delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = require(file) as Runtime;
  const wasm = bundled('web-tree-sitter.wasm');
  const silent = { printErr: () => undefined, print: () => undefined };
  await runtime.Parser.init(wasm ? { locateFile: () => wasm, ...silent } : silent);
  const grammar = bundled(GRAMMAR) ?? require.resolve(`@tree-sitter-grammars/tree-sitter-hcl/${GRAMMAR}`);
  const language = await runtime.Language.load(fs.readFileSync(grammar));
  const parser = new runtime.Parser();
  parser.setLanguage(language);
  return parser;
}

function prepareSpare(): void {
  if (spareLoading) return;
  spareLoading = loadParser().then(
    (p) => {
      spareLoading = undefined;
      // No parser at all since the last abort: the new one is needed now, not as a spare.
      if (active) spare = p;
      else {
        active = p;
        prepareSpare();
      }
    },
    // A spare that fails to load is tried again at the next abort.
    () => (spareLoading = undefined),
  );
}

/** Resolves once no replacement parser is loading (after an abort, when the spare is ready again). */
export async function terraformParserSettled(): Promise<void> {
  while (spareLoading) await spareLoading;
}

/** Loads the tree-sitter runtime and the Terraform grammar, and the spare; safe to call many times. */
export function initTerraformParser(): Promise<void> {
  loading ??= Promise.all([loadParser(), loadParser()]).then(([first, second]) => {
    active = first;
    spare = second;
  });
  return loading;
}

/** Whether the parser is ready (`initTerraformParser` has finished). */
export function terraformParserReady(): boolean {
  return active !== undefined;
}

export type ParseOutcome =
  { kind: 'tree'; tree: Tree } | { kind: 'unavailable' } | { kind: 'stopped' } | { kind: 'aborted'; message: string };

/**
 * Parses with tree-sitter, asking `stop` now and then whether to give up (a parse time budget:
 * some inputs make tree-sitter's error recovery quadratic). An abort of the wasm instance swaps in
 * the spare parser.
 */
export function parseTerraform(text: string, stop: () => boolean): ParseOutcome {
  const parser = active;
  if (!parser) return { kind: 'unavailable' };
  let tree: Tree | null;
  try {
    tree = parser.parse(text, null, { progressCallback: () => stop() });
  } catch (err) {
    replaceAborted(parser);
    return { kind: 'aborted', message: err instanceof Error ? err.message : String(err) };
  }
  if (!tree) {
    // A cancelled parse would resume where it stopped on the next call: start afresh instead.
    parser.reset();
    return { kind: 'stopped' };
  }
  return { kind: 'tree', tree };
}

/**
 * A wasm trap while reading a tree (after the parse itself) kills the instance too: the reader
 * reports it here so that the next file gets a live parser.
 */
export function wasmFailed(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  if (!(err instanceof Error && err.name === 'RuntimeError') && !/^Aborted\(/.test(message)) return false;
  if (active) replaceAborted(active);
  return true;
}

function replaceAborted(dead: Parser): void {
  if (active !== dead) return;
  // Until a new instance is loaded (only when the spare was used up already), files are reported as not parsed.
  active = spare;
  spare = undefined;
  prepareSpare();
}
