import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, ensureBuilt, runCli } from './cli-process';

const INSECURE = ['insecure', 'bicep-insecure', 'terraform-insecure'];

/** Every entry under `dir`, by relative path: a file's text, or where a link points. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isSymbolicLink()) out.set(p, `-> ${fs.readlinkSync(path.join(dir, p))}`);
      else if (e.isDirectory()) walk(p);
      else out.set(p, fs.readFileSync(path.join(dir, p), 'utf8'));
    }
  };
  walk('');
  return out;
}

interface JsonReport {
  summary: { errors: number };
  findings: { ruleId: string; severity: string; file: string }[];
}

describe('CLI: scan --fix and --fix-dry-run', function () {
  this.timeout(120000);
  let tmp: string;

  before(() => {
    ensureBuilt();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-fix-')));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A fresh copy of the examples folder, to fix. */
  const copyExamples = (name: string): string => {
    const dir = path.join(tmp, name);
    fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
    return dir;
  };

  for (const example of INSECURE) {
    it(`${example}: the dry run's diff patches to what --fix writes, which leaves no error (exit 0)`, () => {
      const dry = copyExamples(`${example}-dry`);
      const before = snapshot(dry);
      const preview = runCli(['scan', example, '--fix-dry-run'], dry);
      assert.equal(preview.code, 0, `the exit code --fix would give: ${preview.stderr}`);
      assert.match(preview.stdout, new RegExp(`^--- a/${example}/`), 'a unified diff, paths relative to the root');
      assert.match(preview.stderr, /would fix \d+ findings in \d+ files? \(nothing written\)/);
      assert.doesNotMatch(preview.stderr, /not fixed/);
      assert.deepEqual(snapshot(dry), before, 'the dry run writes nothing');

      const fixed = copyExamples(`${example}-fixed`);
      const run = runCli(['scan', example, '--fix', '--format', 'json'], fixed);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.equal(report.summary.errors, 0, 'the report is of the fixed files');
      assert.ok(report.findings.length > 0, 'warnings without a fix stay');
      assert.match(run.stderr, /^aml-network-guard: fixed \d+ findings in \d+ files?\n$/);

      execFileSync('patch', ['-p1', '--batch', '--silent'], { cwd: dry, input: preview.stdout });
      assert.deepEqual(snapshot(dry), snapshot(fixed), 'patch -p1 with the diff gives what --fix wrote');
      const changed = [...snapshot(fixed)].filter(([p, text]) => before.get(p) !== text).map(([p]) => p);
      assert.ok(changed.length > 0 && changed.every((p) => p.startsWith(`${example}${path.sep}`)), changed.join());

      const again = runCli(['scan', example, '--format', 'json'], fixed);
      assert.equal(again.code, 0, 'a plain scan of the written files agrees');
      assert.deepEqual((JSON.parse(again.stdout) as JsonReport).findings, report.findings);
    });
  }

  it('keeps SARIF on standard output clean, the summary on standard error', () => {
    const dir = copyExamples('sarif');
    const run = runCli(['scan', 'insecure', '--fix', '-f', 'sarif'], dir);
    assert.equal(run.code, 0, run.stderr);
    const sarif = JSON.parse(run.stdout) as { runs: { results: { level: string }[] }[] };
    assert.deepEqual(
      sarif.runs[0].results.filter((r) => r.level === 'error'),
      [],
    );
  });

  it('writes the report of the fixed files only to --output in a dry run', () => {
    const dir = copyExamples('output');
    const run = runCli(['scan', 'bicep-insecure', '--fix-dry-run', '-f', 'json', '-o', 'report.json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^--- a\/bicep-insecure\/main\.bicep\n\+\+\+ b\/bicep-insecure\/main\.bicep\n@@ /);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport;
    assert.equal(report.summary.errors, 0);
  });

  it('exits as the re-analysis says: 1 while errors are left that no fix may write', () => {
    const dir = copyExamples('named-file');
    const before = snapshot(dir);
    // Named alone, dev.tf may be written, but its findings' fixes add endpoints to private-endpoints.tf.
    const run = runCli(['scan', 'terraform-insecure/dev.tf', '--fix'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /not fixed: terraform-insecure\/dev\.tf:\d+: aks-vnet-workspace-private-endpoint: it would write \S+private-endpoints\.tf, which may not be written here/,
    );
    assert.match(run.stdout, /error aks-vnet-workspace-private-endpoint/);
    assert.deepEqual(snapshot(dir), before, 'no file beside the named one is written');
  });

  it('never writes outside the scanned paths, not even through a link inside them', () => {
    const ws = path.join(tmp, 'linked');
    fs.mkdirSync(path.join(ws, 'app'), { recursive: true });
    fs.cpSync(path.join(REPO, 'examples/insecure'), path.join(ws, 'real'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'examples/secure/azuredeploy.json'), path.join(ws, 'real/other.json'));
    // The template of app/ is a link into real/, which is read (both are named) but only other.json of it is scanned.
    fs.symlinkSync('../real/azuredeploy.json', path.join(ws, 'app/azuredeploy.json'));
    const before = snapshot(ws);
    const run = runCli(['scan', 'app', 'real/other.json', '--fix', '-f', 'json'], ws);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /fixed 0 findings in 0 files/);
    assert.match(run.stderr, /not fixed: app\/azuredeploy\.json:\d+: private-cluster-public-fqdn: it would write/);
    assert.ok((JSON.parse(run.stdout) as JsonReport).summary.errors > 0);
    assert.deepEqual(snapshot(ws), before, 'the linked template is left as it was');
  });

  it('takes one of --fix and --fix-dry-run, for scan only', () => {
    assert.equal(runCli(['scan', 'examples/insecure', '--fix', '--fix-dry-run']).code, 2);
    const graph = runCli(['graph', 'examples/insecure', '--fix']);
    assert.equal(graph.code, 2);
    assert.match(graph.stderr, /--fix is an option of scan, not of graph/);
  });
});
