import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, runCli } from '../../cli/cli-process';
import { caseFolder } from '../../tester/cases';

/**
 * Adversarial input through the real CLI: whatever a folder holds, a scan ends with exit code 0
 * (clean) or 1 (findings or problems), never 2 (the tool failed), prints a report that parses, and
 * never reports an internal error. Every input is generated here, so the test is offline and bounded.
 */

const ARM_SOURCE = path.join(caseFolder('private-endpoint-unreachable-vnet/arm/good'), 'main.json');
const TF_SOURCE = caseFolder('private-endpoint-unreachable-vnet/terraform/good');
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

interface Report {
  files: string[];
  findings: { ruleId: string; file: string }[];
  problems: { code: string; file: string; message: string }[];
}

/** Scans `dir` as JSON and checks the invariants every input must keep. */
function scan(dir: string, cwd: string = dir): Report {
  const r = runCli(['scan', dir, '-f', 'json'], cwd);
  assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as Report;
  const internal = report.problems.filter((p) => p.code === 'internal-error');
  assert.deepEqual(internal, [], 'no front end or rule may fail');
  return report;
}

/** A small deterministic generator, so a failure names the same cut points every run. */
function offsets(seed: number, count: number, max: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(1 + (x % (max - 1)));
  }
  return out;
}

function write(file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function template(resources: unknown[]): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', resources }, null, 2);
}

describe('review: adversarial input through the CLI', function () {
  this.timeout(120000);
  let tmp: string;

  before(() => {
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-review-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('survives an ARM template cut at 50 points, each cut that still looks like a template being a problem', () => {
    const text = fs.readFileSync(ARM_SOURCE, 'utf8');
    const root = path.join(tmp, 'arm-cuts');
    const cuts = offsets(7, 50, text.length - 1);
    cuts.forEach((at, i) => write(path.join(root, `cut-${i}`, 'main.json'), text.slice(0, at)));
    const report = scan(root);
    // A cut after the $schema line is still recognised as ARM, and an unfinished document is a syntax problem.
    const recognised = cuts.filter((at) => at > text.indexOf('deploymentTemplate.json#"') + 30).length;
    assert.equal(report.files.length, recognised);
    for (const file of report.files) {
      assert.ok(
        report.problems.some((p) => p.file === file),
        `${file}: a truncated template must report a problem`,
      );
    }
  });

  it('survives a Terraform configuration cut at 50 points', () => {
    const text = fs
      .readdirSync(TF_SOURCE)
      .filter((f) => f.endsWith('.tf'))
      .map((f) => fs.readFileSync(path.join(TF_SOURCE, f), 'utf8'))
      .join('\n');
    const root = path.join(tmp, 'tf-cuts');
    offsets(11, 50, text.length - 1).forEach((at, i) =>
      write(path.join(root, `cut-${i}`, 'main.tf'), text.slice(0, at)),
    );
    const report = scan(root);
    assert.ok(report.files.length >= 45, `only ${report.files.length} cut configurations were read`);
  });

  it('survives binary garbage named like templates', () => {
    const root = path.join(tmp, 'garbage');
    const bytes = Buffer.from(offsets(3, 4096, 256).map((b) => b % 256));
    write(path.join(root, 'main.json'), Buffer.concat([Buffer.from(`{"$schema": "${SCHEMA}", "resources": [`), bytes]));
    write(path.join(root, 'main.tf'), Buffer.concat([Buffer.from('resource "azurerm_subnet" "x" {\n'), bytes]));
    write(path.join(root, 'nul.tf'), Buffer.alloc(1024));
    scan(root);
  });

  it('scans 10,000 resources with cyclic dependsOn in bounded time', () => {
    const root = path.join(tmp, 'many');
    const resources = Array.from({ length: 10000 }, (_, i) => ({
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-09-01',
      name: `vnet-${i}`,
      dependsOn: [`[resourceId('Microsoft.Network/virtualNetworks', 'vnet-${(i + 1) % 10000}')]`],
      properties: { subnets: [{ name: 'a', properties: { addressPrefix: '10.0.0.0/24' } }] },
    }));
    write(path.join(root, 'main.json'), template(resources));
    const report = scan(root);
    assert.deepEqual(report.files, ['main.json']);
  });

  it('reports a file over the size limit instead of reading 20 MB', () => {
    const root = path.join(tmp, 'huge');
    const padding = 'x'.repeat(20 * 1024 * 1024);
    write(path.join(root, 'main.json'), `{"$schema": "${SCHEMA}", "metadata": {"pad": "${padding}"}, "resources": []}`);
    write(path.join(root, 'main.tf'), `# ${padding}\nresource "azurerm_subnet" "x" {}\n`);
    const report = scan(root);
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.file]),
      [
        ['file-unreadable', 'main.json'],
        ['file-unreadable', 'main.tf'],
      ],
    );
  });

  it('stops at cyclic linked templates and cyclic local modules', () => {
    const root = path.join(tmp, 'cycles');
    const link = (to: string) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `to-${to}`,
      properties: { mode: 'Incremental', templateLink: { relativePath: to } },
    });
    write(path.join(root, 'arm', 'a.json'), template([link('b.json')]));
    write(path.join(root, 'arm', 'b.json'), template([link('a.json')]));
    write(path.join(root, 'tf', 'main.tf'), 'module "loop" {\n  source = "./m"\n}\n');
    write(path.join(root, 'tf', 'm', 'main.tf'), 'module "back" {\n  source = "../"\n}\n');
    const report = scan(root);
    assert.deepEqual(
      report.problems.filter((p) => p.code === 'template-link-cycle').map((p) => p.file),
      [path.join('arm', 'b.json')],
    );
    assert.ok(report.files.includes(path.join('tf', 'main.tf')));
  });

  it('does not read a template through a symlink that leaves the scanned folder', () => {
    const outside = path.join(tmp, 'outside');
    write(path.join(outside, 'secret.json'), template([{ type: 'Microsoft.Network/virtualNetworks', name: 'x' }]));
    const root = path.join(tmp, 'linked');
    fs.mkdirSync(root, { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'escape'));
    write(
      path.join(root, 'main.json'),
      template([
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'out',
          properties: { mode: 'Incremental', templateLink: { relativePath: '../outside/secret.json' } },
        },
      ]),
    );
    const report = scan(root, root);
    assert.ok(!report.files.some((f) => f.includes('secret')), `read ${report.files.join(', ')}`);
  });
});
