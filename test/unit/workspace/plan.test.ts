import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initAnalysis } from '../../../server/src/analysis';
import { entryPoints } from '../../../server/src/frontends/entry-points';
import { DeploymentPlan, WorkspaceHost, folderDeployment } from '../../../server/src/workspace';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function armTemplate(links: string[] = []): string {
  return JSON.stringify({
    $schema: SCHEMA,
    resources: links.map((l, i) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `d${i}`,
      properties: { mode: 'Incremental', templateLink: { relativePath: l } },
    })),
  });
}

/** Writes a workspace into a fresh temporary folder. */
function workspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'guard-plan-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Each deployment as `folder: file, file` relative to the root. */
function shape(plan: DeploymentPlan, root: string): string[] {
  return plan
    .deployments()
    .map((d) => `${path.relative(root, d.dir) || '.'}: ${d.files.map((f) => path.basename(f.path)).join(', ')}`);
}

describe('deployment plan (which files are roots)', () => {
  const made: string[] = [];
  before(() => initAnalysis());
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const ws = (files: Record<string, string>): string => {
    const root = workspace(files);
    made.push(root);
    return root;
  };

  it('leaves out folders called as local Terraform modules, from ./ and ../, in HCL and JSON syntax', () => {
    const root = ws({
      'live/main.tf': 'module "net" {\n  source = "./net"\n}\nmodule "aml" {\n  source = "../modules/aml"\n}\n',
      'live/net/main.tf': 'resource "azurerm_virtual_network" "v" {}\n',
      'modules/aml/main.tf': 'module "inner" {\n  source = "./inner"\n}\n',
      'modules/aml/inner/main.tf.json': '{"resource": {}}',
      'modules/unused/main.tf': 'variable "x" {}\n',
      'other/main.tf.json': JSON.stringify({ module: { reg: { source: 'Azure/avm-res-network/azurerm' } } }),
    });
    const plan = new DeploymentPlan(root).load(new WorkspaceHost(root));
    assert.deepEqual(shape(plan, root), ['live: main.tf', 'modules/unused: main.tf', 'other: main.tf.json']);
  });

  it('analyses a module folder as a root when its caller is not part of the plan', () => {
    const root = ws({
      'main.tf': 'module "aml" {\n  source = "./modules/aml"\n}\n',
      'modules/aml/main.tf': 'variable "x" {}\n',
    });
    const host = new WorkspaceHost(root);
    const sub = new DeploymentPlan(path.join(root, 'modules')).load(host);
    assert.deepEqual(shape(sub, root), ['modules/aml: main.tf']);
    // A loose file's folder is read alone, so a module opened on its own is a root.
    assert.deepEqual(
      folderDeployment(host, path.join(root, 'modules/aml')).files.map((f) => path.basename(f.path)),
      ['main.tf'],
    );
  });

  it('leaves out ARM templates linked by a literal relativePath, in the same folder or another', () => {
    const root = ws({
      'main/azuredeploy.json': armTemplate(['../nested/storage.json', 'sibling.json']),
      'main/sibling.json': armTemplate(),
      'nested/storage.json': armTemplate(),
      'nested/alone.json': armTemplate(),
    });
    const plan = new DeploymentPlan(root).load(new WorkspaceHost(root));
    assert.deepEqual(shape(plan, root), ['main: azuredeploy.json', 'nested: alone.json']);
  });

  it('makes the first file of a cycle an entry, so a cycle is analysed once', () => {
    assert.deepEqual([...entryPoints(['a', 'b', 'c'], (f) => ({ a: ['b'], b: ['a'], c: [] })[f] ?? [])], ['c', 'a']);
    const root = ws({
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    assert.deepEqual(shape(new DeploymentPlan(root).load(new WorkspaceHost(root)), root), ['a: main.tf']);
  });

  it('does not let ignored callers hide their modules', () => {
    const root = ws({
      'legacy/main.tf': 'module "aml" {\n  source = "../aml"\n}\n',
      'aml/main.tf': 'variable "x" {}\n',
    });
    const plan = new DeploymentPlan(root, { exclude: (p) => p.includes(`${path.sep}legacy`) }).load(
      new WorkspaceHost(root),
    );
    assert.deepEqual(shape(plan, root), ['aml: main.tf']);
  });

  it('on a refresh, reports the folders that became or stopped being roots', () => {
    const root = ws({
      'main.tf': 'module "aml" {\n  source = "./aml"\n}\n',
      'aml/main.tf': 'variable "x" {}\n',
    });
    const plan = new DeploymentPlan(root).load(new WorkspaceHost(root));
    assert.deepEqual(shape(plan, root), ['.: main.tf']);
    const main = path.join(root, 'main.tf');
    // The call is removed in the editor (unsaved): the module folder is a root of its own now.
    const edited = new WorkspaceHost(root, new Map([[main, '# no module\n']]));
    assert.deepEqual([...plan.refresh(edited, [main])], [path.join(root, 'aml')]);
    assert.deepEqual(shape(plan, root), ['.: main.tf', 'aml: main.tf']);
    // A new folder with a caller in it, then the folder deleted.
    fs.writeFileSync(main, '# no module\n');
    fs.mkdirSync(path.join(root, 'live'));
    fs.writeFileSync(path.join(root, 'live', 'main.tf'), 'module "aml" {\n  source = "../aml"\n}\n');
    const host = new WorkspaceHost(root);
    assert.deepEqual([...plan.refresh(host, [path.join(root, 'live')])].sort(), [
      path.join(root, 'aml'),
      path.join(root, 'live'),
    ]);
    assert.deepEqual(shape(plan, root), ['.: main.tf', 'live: main.tf']);
    fs.rmSync(path.join(root, 'live'), { recursive: true });
    plan.refresh(host, [path.join(root, 'live')]);
    assert.deepEqual(shape(plan, root), ['.: main.tf', 'aml: main.tf']);
  });

  it('lists template files no front end reads, with why', () => {
    const root = ws({ 'main.tf': '', 'override.tf': '', 'net_override.tf.json': '{}', 'package.json': '{}' });
    const plan = new DeploymentPlan(root).load(new WorkspaceHost(root));
    assert.deepEqual(
      plan.unread().map((u) => [path.basename(u.path), u.severity]),
      [
        ['net_override.tf.json', 'info'],
        ['override.tf', 'info'],
      ],
    );
    assert.match(plan.unread()[0].why, /override files are not merged/);
  });
});
