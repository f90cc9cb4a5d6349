import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { FQDN_OFF, FQDN_ON, keyValues, readYaml, runBashStep, substitute, TempRepo } from './ci-steps';
import { ensureBuilt, REPO } from './cli-process';
import { codeScanningViolations } from './code-scanning-rules';
import { sarifValidator } from './sarif-schema';

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION = path.join(REPO, 'action.yml');
/** How the runner starts a `shell: bash` step (GitHub's workflow syntax docs, `jobs.<id>.steps[*].shell`). */
const GITHUB_BASH = ['--noprofile', '--norc', '-eo', 'pipefail'];

interface ScanRun {
  code: number | null;
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

describe('GitHub Action (action.yml)', function () {
  this.timeout(120000);
  const action = readYaml(ACTION) as Action;
  const step = (name: string) => {
    const found = action.runs.steps.find((s) => s.name === name);
    assert.ok(found, `a step named ${name}`);
    return found;
  };
  let repo: TempRepo;

  /** The expressions a step's env may use: the action's inputs (given or default) and the scan's outputs. */
  const expressions = (inputs: Record<string, string>, outputs: Record<string, string> = {}) => {
    const values: Record<string, string> = {};
    for (const [name, input] of Object.entries(action.inputs))
      values[`inputs.${name}`] = inputs[name] ?? input.default ?? '';
    for (const [name, value] of Object.entries(outputs)) values[`steps.scan.outputs.${name}`] = value;
    return values;
  };

  /** Runs a step as the runner does: its env with the expressions filled in, plus the runner's own variables. */
  const runStep = (s: Step, values: Record<string, string>, files: { output: string; summary: string }) => {
    assert.equal(s.shell, 'bash');
    const env: Record<string, string> = {
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: REPO,
      GITHUB_WORKSPACE: repo.root,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: path.dirname(files.output),
    };
    for (const [k, v] of Object.entries(s.env ?? {})) env[k] = substitute(v, values);
    return runBashStep(s.run ?? '', GITHUB_BASH, env, repo.root);
  };

  const scan = (inputs: Record<string, string> = {}): ScanRun => {
    const dir = fs.mkdtempSync(path.join(repo.root, '.runner-'));
    const files = { output: path.join(dir, 'output'), summary: path.join(dir, 'summary.md') };
    fs.writeFileSync(files.output, '');
    fs.writeFileSync(files.summary, '');
    const r = runStep(step('Scan'), expressions(inputs), files);
    const run = {
      code: r.code,
      log: r.stdout + r.stderr,
      outputs: keyValues(files.output),
      summary: fs.readFileSync(files.summary, 'utf8'),
    };
    fs.rmSync(dir, { recursive: true, force: true });
    return run;
  };

  const sarifOf = (run: ScanRun) => JSON.parse(fs.readFileSync(repo.file(run.outputs['sarif-file']), 'utf8'));

  before(ensureBuilt);
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.remove());

  it('is valid Action metadata (SchemaStore github-action.json) and a composite action', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test/schemas/github-action.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.equal(validate(action), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(action.runs.using, 'composite');
  });

  it('puts no expression inside a script: inputs reach the shell as environment variables only', () => {
    for (const s of action.runs.steps) if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, s.name);
    // Every expression names a declared input, a step output or the action's own path.
    const text = fs.readFileSync(ACTION, 'utf8');
    for (const [, expr] of text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g))
      for (const [, input] of expr.matchAll(/\binputs\.([\w-]+)/g)) assert.ok(action.inputs[input], `inputs.${input}`);
  });

  it('uploads the SARIF the scan step wrote with github/codeql-action/upload-sarif, even when the scan found errors', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload);
    assert.equal(upload.with?.sarif_file, '${{ steps.scan.outputs.sarif-file }}');
    assert.match(upload.if ?? '', /always\(\)/);
    const steps = action.runs.steps;
    assert.ok(
      steps.indexOf(step('Scan')) < steps.indexOf(upload) && steps.indexOf(upload) < steps.indexOf(step('Result')),
    );
    assert.equal(step('Scan').id, 'scan');
  });

  it('scan step: SARIF passing both validators, a job summary with the findings and a Mermaid diagram, the exit code as output', () => {
    const run = scan();
    assert.equal(run.code, 0, run.log);
    assert.equal(run.outputs['exit-code'], '1');
    assert.equal(run.outputs['sarif-file'], 'aml-network-guard.sarif');
    const sarif = sarifOf(run);
    assert.deepEqual(sarifValidator()(sarif).errors, []);
    assert.deepEqual(codeScanningViolations(sarif), []);
    assert.equal(sarif.runs[0].automationDetails.id, 'aml-network-guard/');
    assert.equal(sarif.runs[0].results.length, 5);
    assert.match(run.summary, /^## aml-network-guard: 5 findings \(5 errors\)\n/);
    assert.match(
      run.summary,
      /\| error \| `private-cluster-public-fqdn` \| AKS cluster `aks-ml` \| `infra\/ws\/azuredeploy\.json:\d+` \|/,
    );
    assert.match(run.summary, /\n```mermaid\nflowchart LR\n[\s\S]*\n```\n/);
  });

  it('baseline: only the newly introduced finding is new and fails; the upload is still the plain scan', () => {
    repo.edit('infra/ws/azuredeploy.json', FQDN_ON, FQDN_OFF);
    const before = scan();
    assert.equal(before.outputs['exit-code'], '1');
    fs.copyFileSync(repo.file('aml-network-guard.sarif'), repo.file('baseline.sarif'));
    assert.equal(scan({ baseline: 'baseline.sarif' }).outputs['exit-code'], '0');

    repo.edit('infra/ws/azuredeploy.json', FQDN_OFF, FQDN_ON);
    const after = scan({ baseline: 'baseline.sarif' });
    assert.equal(after.outputs['exit-code'], '1');
    assert.match(after.summary, /^## aml-network-guard: 5 findings \(5 errors\): 1 new, 4 unchanged\n/);
    const rows = after.summary.split('\n').filter((l) => l.startsWith('| error '));
    assert.equal(rows.length, 5);
    assert.match(rows[0], /`private-cluster-public-fqdn`.*\| \*\*new\*\* \|$/);
    assert.ok(rows.slice(1).every((r) => r.endsWith('| unchanged |')));
    const results = sarifOf(after).runs[0].results as { baselineState?: string }[];
    assert.equal(results.length, 5);
    assert.ok(results.every((r) => r.baselineState === undefined));
  });

  it('changed-since: only the deployments of the files changed since the ref', () => {
    repo.edit('infra/secure/azuredeploy.json', '{', '{\n');
    repo.commit('touch the secure deployment');
    const secureOnly = scan({ 'changed-since': 'HEAD~1' });
    assert.equal(secureOnly.outputs['exit-code'], '0', secureOnly.log);
    assert.match(secureOnly.log, /1 files changed since HEAD~1/);
    assert.match(secureOnly.summary, /^## aml-network-guard: no findings\n/);
    assert.deepEqual(sarifOf(secureOnly).runs[0].results, []);

    repo.edit('infra/ws/azuredeploy.json', '{', '{\n');
    repo.commit('touch the insecure deployment');
    const both = scan({ 'changed-since': 'HEAD~2' });
    assert.equal(both.outputs['exit-code'], '1');
    assert.equal(sarifOf(both).runs[0].results.length, 5);
  });

  it('an input cannot run shell code: a path with $(...) and backticks is only a path that does not exist', () => {
    const run = scan({ paths: 'infra/ws $(touch injected) `touch injected2`' });
    assert.equal(run.outputs['exit-code'], '2');
    assert.equal(fs.existsSync(repo.file('injected')) || fs.existsSync(repo.file('injected2')), false);
    assert.match(run.log, /path '\$\(touch' does not exist/);
  });

  it('result step: fails on error-level findings unless fail-on-findings is false, always on exit code 2', () => {
    const files = { output: repo.file('out'), summary: repo.file('summary') };
    const result = (code: string, inputs: Record<string, string> = {}) =>
      runStep(step('Result'), expressions(inputs, { 'exit-code': code }), files);
    assert.equal(result('0').code, 0);
    const failed = result('1');
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /^::error title=aml-network-guard::/m);
    assert.equal(result('1', { 'fail-on-findings': 'false' }).code, 0);
    assert.equal(result('2', { 'fail-on-findings': 'false' }).code, 2);
  });
});
