import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, FIXTURES, runCli } from './cli-process';
import { sarifValidator } from './sarif-schema';

interface Result {
  ruleId: string;
  baselineState?: string;
}

const FQDN_ON = '"enablePrivateClusterPublicFQDN": true';
const FQDN_OFF = '"enablePrivateClusterPublicFQDN": false';

describe('CLI process: --baseline and --changed-files', function () {
  this.timeout(60000);
  let repo: string;
  const file = (rel: string) => path.join(repo, rel);
  const edit = (rel: string, from: string, to: string) => {
    const text = fs.readFileSync(file(rel), 'utf8');
    assert.ok(text.includes(from), `${from} in ${rel}`);
    fs.writeFileSync(file(rel), text.replace(from, to));
  };
  const scan = (...args: string[]) => runCli(['scan', ...args], repo);
  const sarifResults = (...args: string[]) => {
    const r = scan(...args, '--format', 'sarif');
    assert.equal(r.stderr, '');
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(sarifValidator()(doc).errors, []);
    return { code: r.code, results: doc.runs[0].results as Result[] };
  };
  const writeBaseline = () => fs.writeFileSync(file('base.sarif'), scan('ws', '--format', 'sarif').stdout);

  beforeEach(() => {
    ensureBuilt();
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-baseline-'));
    fs.cpSync(path.join(FIXTURES, 'workspace-insecure'), file('ws'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'aks-insecure'), file('aks'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'split'), file('split'), { recursive: true });
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('against its own baseline: every finding unchanged, none new, exit 0 though they are errors', () => {
    writeBaseline();
    assert.equal(scan('ws').code, 1);
    const { code, results } = sarifResults('ws', '--baseline', 'base.sarif');
    assert.equal(code, 0);
    assert.equal(results.length, 5);
    assert.deepEqual(new Set(results.map((r) => r.baselineState)), new Set(['unchanged']));
  });

  it('reports only the newly introduced finding as new, and fails on it', () => {
    edit('ws/azuredeploy.json', FQDN_ON, FQDN_OFF);
    writeBaseline();
    edit('ws/azuredeploy.json', FQDN_OFF, FQDN_ON);
    // Lines above the findings move too: identity is not a line number.
    fs.writeFileSync(file('ws/azuredeploy.json'), '\n\n' + fs.readFileSync(file('ws/azuredeploy.json'), 'utf8'));
    const { code, results } = sarifResults('ws', '--baseline', 'base.sarif');
    assert.equal(code, 1);
    assert.deepEqual(
      results.filter((r) => r.baselineState === 'new').map((r) => r.ruleId),
      ['private-cluster-public-fqdn'],
    );
    assert.equal(results.filter((r) => r.baselineState === 'unchanged').length, 4);
    const text = scan('ws', '--baseline', 'base.sarif', '--no-color');
    assert.match(text.stdout, /Baseline: 1 new, 4 unchanged, 0 absent; only new findings fail the scan/);
    assert.match(text.stdout, /error private-cluster-public-fqdn: AKS cluster 'aks-ml' [^\n]*to false\.\n/);
    assert.match(text.stdout, /error aks-vnet-workspace-private-endpoint: [^\n]*\[unchanged since the baseline\]\n/);
  });

  it('a fixed finding is absent: in SARIF (baselineState absent) and in JSON', () => {
    writeBaseline();
    edit('ws/azuredeploy.json', FQDN_ON, FQDN_OFF);
    const { code, results } = sarifResults('ws', '--baseline', 'base.sarif');
    assert.equal(code, 0);
    assert.deepEqual(
      results.filter((r) => r.baselineState === 'absent').map((r) => r.ruleId),
      ['private-cluster-public-fqdn'],
    );
    const json = JSON.parse(scan('ws', '--baseline', 'base.sarif', '--format', 'json').stdout);
    assert.deepEqual(
      json.absent.map((a: { ruleId: string; file: string }) => [a.ruleId, a.file]),
      [['private-cluster-public-fqdn', 'ws/azuredeploy.json']],
    );
    assert.deepEqual(
      new Set(json.findings.map((f: { baselineState: string }) => f.baselineState)),
      new Set(['unchanged']),
    );
  });

  it('a baseline that is not a SARIF log of this tool is a usage error, exit 2', () => {
    fs.writeFileSync(
      file('not.sarif'),
      '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"other"}},"results":[]}]}',
    );
    fs.writeFileSync(file('broken.sarif'), '{ "runs": [');
    assert.deepEqual(scan('ws', '--baseline', 'not.sarif'), {
      code: 2,
      stdout: '',
      stderr: `aml-network-guard: --baseline '${file('not.sarif')}': it has no run of aml-network-guard (write one with --format sarif)\n`,
    });
    const broken = scan('ws', '--baseline', 'broken.sarif');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /--baseline '.*broken\.sarif': it is not JSON/);
    assert.equal(
      scan('ws', '--baseline', 'missing.sarif').stderr,
      "aml-network-guard: file 'missing.sarif' does not exist\n",
    );
  });

  it('--changed-files reports only the deployments the changed files belong to', () => {
    const changed = (...lines: string[]) => {
      fs.writeFileSync(file('changed.txt'), lines.join('\n') + '\n');
      const r = scan('.', '--changed-files', 'changed.txt', '--format', 'json');
      assert.equal(r.stderr, '');
      const doc = JSON.parse(r.stdout);
      return {
        files: doc.files,
        rules: doc.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`),
      };
    };
    assert.deepEqual(changed('aks/azuredeploy.json'), {
      files: ['aks/azuredeploy.json'],
      rules: ['aks/azuredeploy.json private-cluster-public-fqdn'],
    });
    // The finding is in cluster.json; the change in workspace.json, the same deployment, can cause it.
    assert.deepEqual(changed('split/workspace.json', 'README.md', 'gone/deleted.json', ''), {
      files: ['split/cluster.json', 'split/workspace.json'],
      rules: ['split/cluster.json private-cluster-public-fqdn'],
    });
    assert.deepEqual(changed('docs/other.md'), { files: [], rules: [] });
  });

  it('--changed-files: a changed configuration file brings in the deployments it configures', () => {
    fs.writeFileSync(file('aks/.amlnetworkguard.json'), '{ "severity": { "private-cluster-public-fqdn": "error" } }\n');
    fs.writeFileSync(file('changed.txt'), 'aks/.amlnetworkguard.json\n');
    const r = scan('.', '--changed-files', 'changed.txt', '--no-color');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^aks\/azuredeploy\.json:\d+:\d+: error private-cluster-public-fqdn: /);
    assert.match(r.stdout, /1 finding \(1 error, 0 warnings, 0 infos\); 0 notes in 1 file\n$/);
  });
});
