import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageExtension } from './harness/build';
import { CodeServer } from './harness/code-server';
import { CODE_SERVER_BIN, REPO_ROOT, requireTools } from './harness/environment';
import { tempHome } from './harness/fixtures';
import { zipEntries } from './harness/zip-entries';

const MAX_VSIX_BYTES = 15 * 1024 * 1024;

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main: string;
  scripts: Record<string, string>;
  contributes: {
    snippets: { path: string }[];
    jsonValidation: { url: string }[];
    viewsContainers: { activitybar: { icon: string }[] };
    walkthroughs: { steps: { media: { markdown?: string; image?: string } }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

function filesUnder(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(join(REPO_ROOT, rel)).isDirectory() ? filesUnder(rel) : [rel];
  });
}

/** Every file the manifest names, the bundles the extension starts, and what it opens at run time. */
function referencedFiles(): string[] {
  const c = manifest.contributes;
  return [
    manifest.main,
    'dist/server.js',
    'dist/analysis-worker.js',
    'dist/sarif-worker.js',
    'dist/tree-sitter-terraform.wasm',
    'dist/web-tree-sitter.wasm',
    'dist/web-tree-sitter.cjs',
    ...c.snippets.map((s) => s.path),
    ...c.jsonValidation.map((v) => v.url),
    ...c.viewsContainers.activitybar.map((a) => a.icon),
    ...c.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [s.media.markdown, s.media.image].flatMap((m) => m ?? []))),
    ...filesUnder('docs/rules'),
    ...filesUnder('examples'),
  ].map((p) => relative(REPO_ROOT, join(REPO_ROOT, p)).split('\\').join('/'));
}

describe('the .vsix (npm run package)', function () {
  let vsix = '';
  let home: string | undefined;

  before(async function () {
    requireTools(this, { 'code-server': CODE_SERVER_BIN });
    vsix = await packageExtension();
  });

  after(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('is what npm run package builds', () => {
    assert.match(
      manifest.scripts.package,
      /^node scripts\/build\.mjs && vsce package --no-dependencies --no-rewrite-relative-links --out dist\/aml-network-guard\.vsix$/,
      'test/e2e/harness/build.ts packages with the same vsce options',
    );
  });

  it(`is at most ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
    const size = statSync(vsix).size;
    assert.ok(size <= MAX_VSIX_BYTES, `${(size / 1024 / 1024).toFixed(1)} MB`);
  });

  it('holds every file the extension names or opens, and no sources, tests or node_modules', () => {
    const entries = new Set(
      zipEntries(vsix)
        .filter((e) => e.startsWith('extension/'))
        .map((e) => e.slice('extension/'.length)),
    );
    const missing = referencedFiles().filter((f) => !entries.has(f));
    assert.deepEqual(missing, [], 'shipped (.vscodeignore)');
    const stray = [...entries].filter((e) => /(^|\/)node_modules\/|\.ts$|\.map$|^(test|out|server|client)\//.test(e));
    assert.deepEqual(stray, []);
  });

  it('installs offline into code-server', async () => {
    home = tempHome('install');
    const codeServer = new CodeServer(home);
    await codeServer.installExtension(vsix);
    const installed = join(codeServer.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    assert.ok(existsSync(join(installed, 'package.json')), `${installed} has the manifest`);
    assert.ok(existsSync(join(installed, 'dist', 'server.js')), 'and the language server');
  });
});
