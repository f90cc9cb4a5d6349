// Bundles the extension client, the language server (and its analysis worker) and the CLI with esbuild, and copies the
// tree-sitter wasm files the Terraform front end loads at run time next to the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD entry (`main`) loads its parts with a require() esbuild cannot follow, and the
  // bundle then fails at start-up with "Cannot find module './impl/format'"; its ESM entry bundles.
  mainFields: ['module', 'main'],
  // Loaded at run time from beside the bundle (see the copy below), never bundled.
  external: ['web-tree-sitter'],
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'client/src/extension.ts')],
    outfile: join(dist, 'extension.js'),
    external: ['vscode', 'web-tree-sitter'],
  }),
  esbuild.build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(dist, 'server.js') }),
  // The language server's analysis worker, started by it as a worker thread from beside its bundle.
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'server/src/lsp/analysis-worker.ts')],
    outfile: join(dist, 'analysis-worker.js'),
  }),
  // One SARIF export of a workspace folder, a worker thread the language server starts for it.
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'server/src/lsp/sarif-worker.ts')],
    outfile: join(dist, 'sarif-worker.js'),
  }),
  // Graphviz (1.6 MB of JavaScript) is loaded from beside the bundle when `graph --format svg` draws:
  // inlined, every scan would compile it at start-up.
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'server/src/cli.ts')],
    outfile: join(dist, 'cli.js'),
    external: ['web-tree-sitter', '@viz-js/viz'],
  }),
]);

// The tree-sitter runtime is not bundled: the Terraform front end loads a fresh copy of its CommonJS
// build after a wasm abort (server/src/frontends/terraform/parser.ts), so it ships beside the bundles.
copyFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs'), join(dist, 'web-tree-sitter.cjs'));
copyFileSync(join(root, 'node_modules/@viz-js/viz/dist/viz.cjs'), join(dist, 'viz.cjs'));
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
copyFileSync(
  require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
  join(dist, 'tree-sitter-terraform.wasm'),
);
