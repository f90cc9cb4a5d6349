import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, FIXTURES, runCli } from './cli-process';
import { sarifValidator } from './sarif-schema';

const FQDN = 'private-cluster-public-fqdn';
const REGION = 'aks-workspace-region-mismatch';
const CONFIG = '.amlnetworkguard.json';
const FQDN_LINE = '          "enablePrivateClusterPublicFQDN": true';

interface Row {
  ruleId?: string;
  code?: string;
  severity: string;
  message: string;
  file: string;
  range: { startLine: number; startColumn: number; endLine: number; endColumn: number };
}
interface Report {
  findings: Row[];
  problems: Row[];
  suppressed: (Row & { suppression: { kind: string; justification?: string; file: string } })[];
  summary: Record<string, number>;
}

/**
 * A repository as a team would lay it out:
 *   .amlnetworkguard.json            team policy: the FQDN rule is an error, legacy/ is not analysed
 *   infra/aks/azuredeploy.json       a private cluster with a public FQDN (a warning by default)
 *   infra/team/.amlnetworkguard.json a nearer file: the FQDN rule is off there
 *   infra/team/azuredeploy.json
 *   legacy/azuredeploy.json
 */
function repository(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-config-'));
  const insecure = fs.readFileSync(path.join(FIXTURES, 'aks-insecure', 'azuredeploy.json'), 'utf8');
  for (const dir of ['infra/aks', 'infra/team', 'legacy']) {
    fs.mkdirSync(path.join(repo, dir), { recursive: true });
    fs.writeFileSync(path.join(repo, dir, 'azuredeploy.json'), insecure);
  }
  write(repo, CONFIG, `{\n  // team policy\n  "severity": { "${FQDN}": "error" },\n  "ignoredPaths": ["legacy"],\n}\n`);
  write(repo, `infra/team/${CONFIG}`, `{ "severity": { "${FQDN}": "off" } }\n`);
  return repo;
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function scan(cwd: string, ...args: string[]): { code: number | null; report: Report } {
  const r = runCli(['scan', ...args, '--format', 'json'], cwd);
  assert.equal(r.stderr, '');
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const rows = (r: Report) => r.findings.map((f) => `${f.file} ${f.ruleId} ${f.severity}`);

describe('CLI process: .amlnetworkguard.json', function () {
  this.timeout(60000);
  let repo: string;
  before(ensureBuilt);
  beforeEach(() => {
    repo = repository();
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('applies the nearest file to each deployment, and its ignoredPaths', () => {
    const { code, report } = scan(repo, '.');
    assert.deepEqual(rows(report), [`infra/aks/azuredeploy.json ${FQDN} error`]);
    assert.equal(code, 1);
    assert.deepEqual(report.problems, []);
  });

  it('finds the file from the scanned folder upwards', () => {
    assert.deepEqual(rows(scan(repo, 'infra/aks').report), [`infra/aks/azuredeploy.json ${FQDN} error`]);
    assert.deepEqual(rows(scan(repo, 'infra/aks/azuredeploy.json').report), [
      `infra/aks/azuredeploy.json ${FQDN} error`,
    ]);
  });

  it('never reads above the current folder, unless --config names the file', () => {
    const inside = path.join(repo, 'infra');
    assert.deepEqual(rows(scan(inside, 'aks').report), [`aks/azuredeploy.json ${FQDN} warning`]);
    const explicit = scan(inside, 'aks', '--config', `../${CONFIG}`).report;
    assert.deepEqual(
      explicit.findings.map((f) => f.severity),
      ['error'],
    );
    // --config is used for every deployment: the nearer file under infra/team is not read.
    assert.deepEqual(
      scan(repo, 'infra', '--config', CONFIG).report.findings.map((f) => f.file),
      ['infra/aks/azuredeploy.json', 'infra/team/azuredeploy.json'],
    );
  });

  it('--no-config reads no file', () => {
    assert.deepEqual(rows(scan(repo, '.', '--no-config').report), [
      `infra/aks/azuredeploy.json ${FQDN} warning`,
      `infra/team/azuredeploy.json ${FQDN} warning`,
      `legacy/azuredeploy.json ${FQDN} warning`,
    ]);
  });

  it('lets command-line options override the file key by key', () => {
    assert.deepEqual(rows(scan(repo, 'infra/aks', '--severity', `${FQDN}=info`).report), [
      `infra/aks/azuredeploy.json ${FQDN} info`,
    ]);
    // --ignore adds to the file's ignoredPaths.
    assert.deepEqual(rows(scan(repo, '.', '--ignore', 'infra/aks').report), []);
  });

  it('replaces the parameter files of the file with --parameters', () => {
    const unknown = fs.readFileSync(path.join(FIXTURES, 'aks-unknown', 'azuredeploy.json'), 'utf8');
    write(repo, 'app/azuredeploy.json', unknown);
    const params = (v: boolean) =>
      `{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": { "publicFqdn": { "value": ${v} } } }`;
    write(repo, 'app/env/on.parameters.json', params(true));
    write(repo, 'app/env/off.parameters.json', params(false));
    write(repo, `app/${CONFIG}`, `{ "parameterFiles": ["env/on.parameters.json"] }`);
    assert.deepEqual(rows(scan(repo, 'app').report), [`app/azuredeploy.json ${FQDN} warning`]);
    assert.deepEqual(rows(scan(repo, 'app', '--parameters', 'app/env/off.parameters.json').report), []);
  });

  it('evaluates with the deployment context of the file', () => {
    const region = fs.readFileSync(path.join(FIXTURES, 'region', 'azuredeploy.json'), 'utf8');
    write(repo, 'region/azuredeploy.json', region);
    const regionRows = (...args: string[]) =>
      rows(scan(repo, 'region', ...args).report).filter((r) => r.includes(REGION));
    assert.deepEqual(regionRows(), []);
    write(repo, `region/${CONFIG}`, `{ "context": { "location": "westeurope" } }`);
    assert.deepEqual(regionRows(), [`region/azuredeploy.json ${REGION} error`]);
    assert.deepEqual(regionRows('--location', 'northeurope'), []);
  });

  it('reports each invalid value on the config file with its range, applies the rest, and fails the scan', () => {
    const text = `{\n  "severity": { "${FQDN}": "fatal", "${REGION}": "off" },\n  "ignoredPath": ["infra"]\n}\n`;
    write(repo, CONFIG, text);
    const { code, report } = scan(repo, 'infra/aks');
    const fatal = text.split('\n')[1].indexOf('"fatal"');
    assert.equal(code, 1);
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.severity, p.file, p.range, p.message]),
      [
        [
          'invalid-config',
          'error',
          CONFIG,
          { startLine: 2, startColumn: fatal + 1, endLine: 2, endColumn: fatal + 8 },
          `the severity of '${FQDN}' must be one of error, warning, info, off, not 'fatal'; it is ignored`,
        ],
        [
          'invalid-config',
          'error',
          CONFIG,
          { startLine: 3, startColumn: 3, endLine: 3, endColumn: 16 },
          "unknown key 'ignoredPath' (did you mean 'ignoredPaths'?); it is ignored",
        ],
      ],
    );

    // The rule keeps its default, the other rule is off as the file says.
    assert.deepEqual(rows(report), [`infra/aks/azuredeploy.json ${FQDN} warning`]);
    const textRun = runCli(['scan', 'infra/aks', '--no-color'], repo);
    assert.ok(
      textRun.stdout.includes(`${CONFIG}:2:${fatal + 1}: error invalid-config: the severity of`),
      textRun.stdout,
    );
  });

  it('fails with a usage error for a --config that does not exist', () => {
    const r = runCli(['scan', '.', '--config', 'nope.json'], repo);
    assert.deepEqual([r.code, r.stderr], [2, "aml-network-guard: file 'nope.json' does not exist\n"]);
    const both = runCli(['scan', '.', '--config', CONFIG, '--no-config'], repo);
    assert.equal(both.code, 2);
  });

  it('warns when a file named on the command line is ignored', () => {
    const { code, report } = scan(repo, 'legacy/azuredeploy.json');
    assert.equal(code, 0);
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.severity, p.file, p.message]),
      [['file-ignored', 'warning', 'legacy/azuredeploy.json', 'not checked: it matches ignoredPaths']],
    );
  });
});

describe('CLI process: suppression comments', function () {
  this.timeout(60000);
  let repo: string;
  let insecure: string;
  before(ensureBuilt);
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-suppress-'));
    insecure = fs.readFileSync(path.join(FIXTURES, 'aks-insecure', 'azuredeploy.json'), 'utf8');
    write(repo, CONFIG, `{ "severity": { "${FQDN}": "error" } }`);
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  /** Puts the comment above the finding; returns the comment's range as JSON and SARIF give it. */
  const suppress = (comment: string) => {
    write(repo, 'aks/azuredeploy.json', insecure.replace(FQDN_LINE, `          ${comment}\n${FQDN_LINE}`));
    return { startLine: 44, startColumn: 11, endLine: 44, endColumn: 11 + comment.length };
  };

  it('a suppressed error does not fail the scan; JSON lists it with its reason, text counts it', () => {
    const range = suppress(`// aml-network-guard-disable-next-line ${FQDN} -- resolved through the hub's jumpbox`);
    const { code, report } = scan(repo, '.');
    assert.equal(code, 0);
    assert.deepEqual(report.findings, []);
    assert.equal(report.summary.suppressed, 1);
    assert.deepEqual(
      report.suppressed.map((s) => [s.ruleId, s.severity, s.file, s.range.startLine, s.suppression]),
      [
        [
          FQDN,
          'error',
          'aks/azuredeploy.json',
          45,
          {
            kind: 'next-line',
            justification: "resolved through the hub's jumpbox",
            file: 'aks/azuredeploy.json',
            range,
          },
        ],
      ],
    );
    assert.equal(
      runCli(['scan', '.', '--no-color'], repo).stdout,
      '1 finding suppressed by comments (--format json or sarif lists them)\n0 findings (0 errors, 0 warnings, 0 infos); 0 notes in 1 file\n',
    );
  });

  it('SARIF keeps a suppressed finding as a result with an inSource suppression and the justification', () => {
    const region = suppress(`/* aml-network-guard-disable-next-line ${FQDN} -- accepted risk, ticket SEC-42 */`);
    const r = runCli(['scan', '.', '--format', 'sarif'], repo);
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    const validation = sarifValidator()(doc);
    assert.ok(validation.valid, validation.errors.join('\n'));
    const [result] = doc.runs[0].results;
    assert.equal(result.ruleId, FQDN);
    assert.equal(result.level, 'error');
    assert.deepEqual(result.suppressions, [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'accepted risk, ticket SEC-42',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'aks/azuredeploy.json', uriBaseId: '%SRCROOT%' },
            region,
          },
        },
      },
    ]);
  });

  it('reports an unused suppression as info, or as an error when the file says so', () => {
    write(repo, 'aks/azuredeploy.json', insecure.replace('{', `{\n  // aml-network-guard-disable-file ${REGION}`));
    const text = runCli(['scan', '.', '--no-color'], repo);
    assert.equal(text.code, 1);
    assert.ok(
      text.stdout.startsWith(
        `aks/azuredeploy.json:2:3: info unused-suppression: aml-network-guard-disable-file ${REGION} suppresses nothing: there is no such finding in this file. Remove it.\n`,
      ),
      text.stdout,
    );
    write(repo, CONFIG, `{ "unusedSuppressions": "error", "severity": { "${FQDN}": "off" } }`);
    const strict = scan(repo, '.');
    assert.equal(strict.code, 1);
    assert.deepEqual(
      strict.report.problems.map((p) => [p.code, p.severity]),
      [['unused-suppression', 'error']],
    );
  });

  it('--explain-unknowns gives the reason of every undecided check in text, JSON and SARIF', () => {
    write(
      repo,
      'aks/azuredeploy.json',
      fs.readFileSync(path.join(FIXTURES, 'aks-unknown', 'azuredeploy.json'), 'utf8'),
    );
    const why = "the private cluster settings are not known: parameter 'publicFqdn' has no value";
    const text = runCli(['scan', '.', '--explain-unknowns', '--no-color'], repo).stdout;
    assert.ok(text.includes(`  aks/azuredeploy.json:47:11: ${FQDN}: ${why}\n`), text);
    const json = JSON.parse(runCli(['scan', '.', '--explain-unknowns', '--format', 'json'], repo).stdout);
    assert.deepEqual(
      json.notEvaluated.map((n: Row) => [n.ruleId, n.file, n.range.startLine, n.message]),
      [[FQDN, 'aks/azuredeploy.json', 47, why]],
    );
    const sarif = JSON.parse(runCli(['scan', '.', '--explain-unknowns', '--format', 'sarif'], repo).stdout);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications;
    assert.deepEqual(
      notes.map((n: { message: { text: string }; associatedRule: { id: string } }) => [
        n.associatedRule.id,
        n.message.text,
      ]),
      [[FQDN, `${FQDN} not evaluated: ${why}`]],
    );
    assert.deepEqual(sarif.runs[0].results, []);
  });
});
