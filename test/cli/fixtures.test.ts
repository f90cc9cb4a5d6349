import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../server/src/analysis';
import { defaultConfig } from '../../server/src/config';
import { findDeployments, WorkspaceHost } from '../../server/src/workspace';
import { ensureBuilt, REPO, runCli } from './cli-process';
import { positionOf, shown } from './fixture-text';
import { sarifValidator } from './sarif-schema';

interface JsonRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  range: JsonRange;
  related: { message: string; file: string; range: JsonRange }[];
}

const FQDN_RULE = 'private-cluster-public-fqdn';

function json(args: string[]): { code: number | null; doc: { findings: JsonFinding[] } & Record<string, unknown> } {
  const r = runCli([...args, '--format', 'json']);
  assert.equal(r.stderr, '');
  return { code: r.code, doc: JSON.parse(r.stdout) };
}

/** Where a finding starts, as "file:line:col", to compare with positions looked up in the fixture. */
const start = (f: { file: string; range: JsonRange }): string =>
  `${f.file}:${f.range.startLine}:${f.range.startColumn}`;
const expectedAt = (fixture: string, needle: string): string => {
  const p = positionOf(fixture, needle);
  return `${shown(fixture)}:${p.line}:${p.column}`;
};

describe('CLI process: scanning ARM fixtures', function () {
  this.timeout(60000);
  before(ensureBuilt);

  it('a secure deployment: no findings, exit 0', () => {
    assert.deepEqual(runCli(['scan', 'test/fixtures/cli/aks-secure']), {
      code: 0,
      stdout: '0 findings (0 errors, 0 warnings, 0 infos); 0 notes in 1 file\n',
      stderr: '',
    });
  });

  it('a private cluster with a public FQDN and no workspace: one warning, exit 0', () => {
    const r = runCli(['scan', 'test/fixtures/cli/aks-insecure', '--no-color']);
    const fixture = 'aks-insecure/azuredeploy.json';
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      [
        `${expectedAt(fixture, '"enablePrivateClusterPublicFQDN"')}: warning ${FQDN_RULE}: ` +
          "AKS cluster 'aks-inference' is a private cluster with a public FQDN; Azure Machine Learning cannot use it if you attach it to a workspace. Set enablePrivateClusterPublicFQDN to false.",
        '',
        '1 finding (0 errors, 1 warning, 0 infos); 0 notes in 1 file',
        '',
      ].join('\n'),
    );
  });

  it('--severity changes a rule to info, or turns it off', () => {
    const info = runCli(['scan', 'test/fixtures/cli/aks-insecure', '--severity', `${FQDN_RULE}=info`]);
    assert.equal(info.code, 0);
    assert.match(info.stdout, new RegExp(`: info ${FQDN_RULE}: `));
    assert.ok(info.stdout.endsWith('1 finding (0 errors, 0 warnings, 1 info); 0 notes in 1 file\n'));
    const off = runCli(['scan', 'test/fixtures/cli/aks-insecure', '--severity', `${FQDN_RULE}=off`]);
    assert.deepEqual(off, {
      code: 0,
      stdout: '0 findings (0 errors, 0 warnings, 0 infos); 0 notes in 1 file\n',
      stderr: '',
    });
  });

  it('an attached AKS cluster in a VNet without private endpoints: error findings at the resources, exit 1', () => {
    const fixture = 'workspace-insecure/azuredeploy.json';
    const { code, doc } = json(['scan', 'test/fixtures/cli/workspace-insecure']);
    assert.equal(code, 1);
    assert.deepEqual(
      doc.findings.map((f) => [f.ruleId, f.severity, start(f)]),
      [
        ['aks-vnet-dependency-private-endpoint', 'error', expectedAt(fixture, '"stmlinsecure"')],
        ['aks-vnet-dependency-private-endpoint', 'error', expectedAt(fixture, '"kv-ml-insecure"')],
        ['aks-vnet-dependency-private-endpoint', 'error', expectedAt(fixture, '"crmlinsecure"')],
        ['aks-vnet-workspace-private-endpoint', 'error', expectedAt(fixture, '"mlw-insecure"')],
        [FQDN_RULE, 'error', expectedAt(fixture, '"enablePrivateClusterPublicFQDN"')],
      ],
    );
    const fqdn = doc.findings[4];
    assert.deepEqual(
      fqdn.related.map((r) => [r.message, start(r)]),
      [["AKS cluster 'aks-ml' is attached here", expectedAt(fixture, '"mlw-insecure/aks-compute"')]],
    );
    assert.deepEqual(doc.summary, {
      errors: 5,
      warnings: 0,
      infos: 0,
      files: 1,
      suppressed: 0,
      findings: { errors: 5, warnings: 0, infos: 0 },
      notes: { errors: 0, warnings: 0, infos: 0 },
    });
  });

  it('SARIF of the same scan: schema-valid, results matching the JSON findings', () => {
    const r = runCli(['scan', 'test/fixtures/cli/workspace-insecure', '--format', 'sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.deepEqual(sarifValidator()(sarif).errors, []);
    const run = sarif.runs[0];
    const { doc } = json(['scan', 'test/fixtures/cli/workspace-insecure']);
    assert.deepEqual(
      run.results.map(
        (x: {
          ruleId: string;
          ruleIndex: number;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: JsonRange } }[];
        }) => [
          x.ruleId,
          run.tool.driver.rules[x.ruleIndex].id,
          `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}:${x.locations[0].physicalLocation.region.startColumn}`,
        ],
      ),
      doc.findings.map((f) => [f.ruleId, f.ruleId, start(f)]),
    );
    assert.deepEqual(run.artifacts, [
      {
        location: { uri: 'test/fixtures/cli/workspace-insecure/azuredeploy.json', uriBaseId: '%SRCROOT%' },
        roles: ['analysisTarget'],
      },
    ]);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${REPO}/`);
    assert.equal(run.results[4].relatedLocations[0].message.text, "AKS cluster 'aks-ml' is attached here");
  });

  it('--output writes exactly what stdout would have shown', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-output-'));
    try {
      const file = path.join(dir, 'report.sarif');
      const toFile = runCli(['scan', 'test/fixtures/cli/workspace-insecure', '-f', 'sarif', '-o', file]);
      assert.deepEqual(toFile, { code: 1, stdout: '', stderr: '' });
      const toStdout = runCli(['scan', 'test/fixtures/cli/workspace-insecure', '-f', 'sarif']);
      assert.equal(fs.readFileSync(file, 'utf8'), toStdout.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('unknown inputs', () => {
    const fixture = 'aks-unknown/azuredeploy.json';

    it('stay silent, and --explain-unknowns says what was not evaluated', () => {
      const silent = runCli(['scan', 'test/fixtures/cli/aks-unknown']);
      assert.deepEqual(silent, {
        code: 0,
        stdout: '0 findings (0 errors, 0 warnings, 0 infos); 0 notes in 1 file\n',
        stderr: '',
      });
      const explained = runCli(['scan', 'test/fixtures/cli/aks-unknown', '--explain-unknowns']);
      assert.equal(explained.code, 0);
      const where = expectedAt(fixture, '"enablePrivateClusterPublicFQDN"');
      assert.ok(
        explained.stdout.includes(
          `\n  ${where}: ${FQDN_RULE}: the private cluster settings are not known: parameter 'publicFqdn' has no value\n`,
        ),
        explained.stdout,
      );
    });

    it('appear as notEvaluated in JSON and as notifications in SARIF', () => {
      const { doc } = json(['scan', 'test/fixtures/cli/aks-unknown', '--explain-unknowns']);
      const notes = doc.notEvaluated as { ruleId: string; file: string; range: JsonRange }[];
      assert.ok(
        notes.some(
          (n) => n.ruleId === FQDN_RULE && start(n) === expectedAt(fixture, '"enablePrivateClusterPublicFQDN"'),
        ),
      );
      const sarif = JSON.parse(
        runCli(['scan', 'test/fixtures/cli/aks-unknown', '--explain-unknowns', '--format', 'sarif']).stdout,
      );
      assert.deepEqual(sarifValidator()(sarif).errors, []);
      assert.equal(sarif.runs[0].results.length, 0);
      const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications as {
        descriptor: { id: string };
        associatedRule: { id: string };
      }[];
      assert.ok(notifications.some((n) => n.descriptor.id === 'not-evaluated' && n.associatedRule.id === FQDN_RULE));
    });

    it('--parameters supplies the value and the rule decides', () => {
      const r = runCli([
        'scan',
        'test/fixtures/cli/aks-unknown',
        '--parameters',
        'test/fixtures/cli/params/public-fqdn-on.parameters.json',
      ]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.split('\n')[0].split(': warning ')[1]?.split(':')[0], FQDN_RULE, r.stdout);
    });
  });

  describe('the deployment context', () => {
    const REGION_RULE = 'aks-workspace-region-mismatch';
    const regionFindings = (args: string[]): string[] =>
      json(['scan', 'test/fixtures/cli/region', ...args])
        .doc.findings.filter((f) => f.ruleId === REGION_RULE)
        .map(start);

    it('--location gives resourceGroup().location a value: a different region is reported, the same is not', () => {
      const where = expectedAt('region/azuredeploy.json', '"location": "northeurope"');
      assert.deepEqual(regionFindings([]), []);
      assert.deepEqual(regionFindings(['--location', 'westeurope']), [where]);
      assert.deepEqual(regionFindings(['--location', 'northeurope']), []);
    });

    it('--subscription-id and --resource-group let a literal resource id find the declared resource', () => {
      const fixture = 'literal-ids/azuredeploy.json';
      const storage = expectedAt(fixture, '"stmlinsecure"');
      const dependencyFindings = (args: string[]): string[] =>
        json(['scan', 'test/fixtures/cli/literal-ids', ...args])
          .doc.findings.filter((f) => f.ruleId === 'aks-vnet-dependency-private-endpoint')
          .map(start);
      const others = [expectedAt(fixture, '"kv-ml-insecure"'), expectedAt(fixture, '"crmlinsecure"')];
      assert.deepEqual(dependencyFindings([]), others);
      assert.deepEqual(dependencyFindings(['--subscription-id', '11111111-2222-3333-4444-555555555555']), others);
      assert.deepEqual(
        dependencyFindings([
          '--subscription-id',
          '11111111-2222-3333-4444-555555555555',
          '--resource-group',
          'rg-ml-prod',
        ]),
        [storage, ...others],
      );
    });
  });

  describe('Terraform', () => {
    const fixture = 'tf-unknown/main.tf';

    it('an unset variable keeps the rule silent; --explain-unknowns names the attribute', () => {
      const where = expectedAt(fixture, 'private_cluster_public_fqdn_enabled');
      assert.deepEqual(runCli(['scan', 'test/fixtures/cli/tf-unknown', '--explain-unknowns']), {
        code: 0,
        stdout: [
          '',
          'Not evaluated (1): a rule stayed silent because an input is unknown',
          `  ${where}: ${FQDN_RULE}: the private cluster settings are not known: variable 'public_fqdn' has no value (no default, no tfvars)`,
          '',
          '0 findings (0 errors, 0 warnings, 0 infos); 0 notes in 1 file',
          '',
        ].join('\n'),
        stderr: '',
      });
    });

    it('--var-file gives the variable a value and the finding lands on the attribute', () => {
      const { code, doc } = json([
        'scan',
        'test/fixtures/cli/tf-unknown',
        '--var-file',
        'test/fixtures/cli/params/public-fqdn-on.tfvars',
      ]);
      assert.equal(code, 0);
      assert.deepEqual(
        doc.findings.map((f) => [f.ruleId, f.severity, start(f)]),
        [[FQDN_RULE, 'warning', expectedAt(fixture, 'private_cluster_public_fqdn_enabled')]],
      );
    });
  });

  describe('a named file', () => {
    it('is analysed with its folder: the relation to the other file resolves', () => {
      const { code, doc } = json(['scan', 'test/fixtures/cli/split/cluster.json']);
      assert.equal(code, 1);
      assert.deepEqual(
        doc.findings.map((f) => [f.ruleId, f.severity, start(f), f.related.map(start)]),
        [
          [
            FQDN_RULE,
            'error',
            expectedAt('split/cluster.json', '"enablePrivateClusterPublicFQDN"'),
            [expectedAt('split/workspace.json', '"mlw-split/aks-compute"')],
          ],
        ],
      );
      assert.deepEqual(doc.files, ['test/fixtures/cli/split/cluster.json']);
    });

    it('reports only results located in that file', () => {
      const { doc } = json(['scan', 'test/fixtures/cli/split/workspace.json']);
      assert.deepEqual(
        doc.findings.filter((f) => f.ruleId === FQDN_RULE),
        [],
      );
      assert.deepEqual(doc.files, ['test/fixtures/cli/split/workspace.json']);
    });
  });

  it('a malformed template is a parse problem (exit 1) and the other deployments are still scanned', () => {
    const r = runCli(['scan', 'test/fixtures/cli/broken', 'test/fixtures/cli/aks-insecure', '--no-color']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(
      lines.some(
        (l) => l.startsWith(`${shown('aks-insecure/azuredeploy.json')}:`) && l.includes(`warning ${FQDN_RULE}:`),
      ),
    );
    assert.ok(
      lines.some((l) => l.startsWith(`${shown('broken/azuredeploy.json')}:`) && / error [a-z-]+: /.test(l)),
      r.stdout,
    );
    assert.match(
      lines[lines.length - 1],
      /^1 finding \(0 errors, 1 warning, 0 infos\); [1-9]\d* notes? \([1-9]\d* errors?\) in 2 files$/,
    );
  });
});

describe('CLI process: the bundled examples', function () {
  this.timeout(60000);
  before(async () => {
    ensureBuilt();
    await initAnalysis();
  });

  /** What the engine itself finds in a folder, as "path:line:col rule-id", for comparing with the CLI. */
  function engineFindings(folder: string): string[] {
    const host = new WorkspaceHost(REPO);
    return findDeployments(host, path.join(REPO, folder))
      .flatMap((d) => analyzeDeployment(d.files, host, defaultConfig()).findings)
      .map(
        (f) => `${path.relative(REPO, f.span.file)}:${f.span.start.line + 1}:${f.span.start.character + 1} ${f.ruleId}`,
      )
      .sort();
  }

  it('exit 1, with schema-valid SARIF results exactly where the engine finds them, all in the insecure examples', () => {
    const r = runCli(['scan', 'examples', '--format', 'sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.deepEqual(sarifValidator()(sarif).errors, []);
    const run = sarif.runs[0];
    const results = (
      run.results as {
        ruleId: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: JsonRange } }[];
      }[]
    ).map((x) => {
      const { artifactLocation, region } = x.locations[0].physicalLocation;
      return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${x.ruleId}`;
    });
    const expected = engineFindings('examples');
    assert.ok(expected.length > 0);
    assert.deepEqual(results.sort(), expected);
    const insecure = ['examples/insecure/', 'examples/bicep-insecure/', 'examples/terraform-insecure/'];
    assert.ok(results.every((x) => insecure.some((folder) => x.startsWith(folder))));
    for (const folder of insecure)
      assert.ok(
        results.some((x) => x.startsWith(folder)),
        folder,
      );
    assert.ok(results.some((x) => x.startsWith('examples/bicep-insecure/main.bicep:')));
    assert.deepEqual(run.invocations[0].toolExecutionNotifications, []);
  });

  for (const secure of ['examples/secure', 'examples/bicep-secure']) {
    it(`${secure} alone passes`, () => {
      const r = runCli(['scan', secure]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^0 findings \(0 errors, 0 warnings, 0 infos\); 0 notes in \d+ files?\n$/);
    });
  }
});
