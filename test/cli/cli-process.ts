import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, from the compiled test's place in out/test/cli/. */
export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/cli');
const BIN = path.join(REPO, 'bin/aml-network-guard.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm test` bundles before the suites; a lone mocha run may not have, so build once when needed. */
export function ensureBuilt(): void {
  if (fs.existsSync(path.join(REPO, 'dist/cli.js'))) return;
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

/** Runs the installed entry point exactly as a user would, without a terminal and without NO_COLOR. */
export function runCli(args: string[], cwd: string = REPO): CliRun {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
