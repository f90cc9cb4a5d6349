import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { FIXTURES } from './cli-process';

/**
 * What the CI integration tests share: reading the YAML the CI systems read, filling in a step's
 * template expressions the way the runner does, running a step's script the way the runner does,
 * and a throwaway git repository to run it in.
 */

/** A YAML file parsed strictly (duplicate keys and syntax errors fail, as they fail the CI system). */
export function readYaml(file: string): unknown {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `${file} is not valid YAML`,
  );
  return doc.toJS();
}

/**
 * Replaces each `${{ expr }}` in `text` by `values[expr]`; an expression the test does not know
 * fails, so a new one in the file needs a value here, never a silent empty string.
 */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    assert.ok(Object.hasOwn(values, expr), `no value for the expression \${{ ${expr} }}`);
    return values[expr];
  });
}

export interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a step's script as the runner does: written to a file and given to bash with the runner's
 * flags, in `cwd`, with only `env` (plus PATH and HOME) in the environment.
 */
export function runBashStep(
  script: string,
  flags: readonly string[],
  env: Record<string, string>,
  cwd: string,
): StepRun {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-step-')), 'step.sh');
  fs.writeFileSync(file, script);
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir() };
  const r = spawnSync('bash', [...flags, file], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 120000 });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `key=value` lines, as steps write them to $GITHUB_OUTPUT. */
export function keyValues(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** `ws` is the fixture with a private cluster that has a public FQDN; turning it off removes one finding. */
export const FQDN_ON = '"enablePrivateClusterPublicFQDN": true';
export const FQDN_OFF = '"enablePrivateClusterPublicFQDN": false';

/**
 * A git repository in a temp folder with two deployments: `infra/ws` (five errors) and
 * `infra/secure` (none), committed. `git` runs with a fixed identity and no user configuration.
 */
export class TempRepo {
  readonly root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-ci-')));

  constructor() {
    fs.cpSync(path.join(FIXTURES, 'workspace-insecure'), this.file('infra/ws'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'aks-secure'), this.file('infra/secure'), { recursive: true });
    this.git('init', '-q', '-b', 'main');
    this.commit('templates');
  }

  file(rel: string): string {
    return path.join(this.root, rel);
  }

  edit(rel: string, from: string, to: string): void {
    const text = fs.readFileSync(this.file(rel), 'utf8');
    assert.ok(text.includes(from), `${from} in ${rel}`);
    fs.writeFileSync(this.file(rel), text.replace(from, to));
  }

  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
  }

  git(...args: string[]): string {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    };
    const r = spawnSync('git', args, { cwd: this.root, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
