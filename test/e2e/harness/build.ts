import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './environment';
import { runOrThrow } from './processes';

let bundled: Promise<void> | undefined;
let packaged: Promise<string> | undefined;

/** Builds dist/ (extension, server and CLI bundles), once per test process. */
export function buildBundles(): Promise<void> {
  bundled ??= runOrThrow(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], {
    cwd: REPO_ROOT,
    timeoutMs: 60_000,
  }).then(() => undefined);
  return bundled;
}

/**
 * Packages the extension the way `npm run package` does, but into a temp dir (so a test run never
 * overwrites dist/aml-network-guard.vsix), once per test process; returns the .vsix path.
 */
export function packageExtension(): Promise<string> {
  packaged ??= buildBundles().then(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amlng-vsix-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'aml-network-guard.vsix');
    const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    await runOrThrow(
      process.execPath,
      [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
      {
        cwd: REPO_ROOT,
        timeoutMs: 60_000,
      },
    );
    return out;
  });
  return packaged;
}
