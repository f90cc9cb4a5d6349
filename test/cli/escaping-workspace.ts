import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './cli-process';

/**
 * A workspace whose templates reach for files outside it in every way each language has (absolute
 * and `..` links, modules, `file()` and `loadTextContent()` reads, a symlinked file and folder),
 * beside good deployments that have findings; and, outside it, files holding a secret.
 */

export const SECRET = 'SECRET-OUTSIDE-THE-WORKSPACE';
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const link = (name: string, relativePath: string) => ({
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2022-09-01',
  name,
  properties: { mode: 'Incremental', templateLink: { relativePath } },
});

/** Templates that reach for files outside the workspace, by every way each language has. */
const ESCAPES: Record<string, string> = {
  'escape-arm/azuredeploy.json': JSON.stringify({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      link('abs', '/etc/passwd'),
      link('up', '../../outside/secret.json'),
      link('proc', '../../../../../../../../proc/self/environ'),
      link('through-link', 'linked.json'),
    ],
  }),
  'escape-tf/main.tf': [
    'module "up" {\n  source = "../../outside"\n}',
    'locals {\n  a = file("/etc/passwd")\n  b = file("../../outside/secret.json")\n  c = templatefile("/proc/self/environ", {})\n  d = fileexists("/etc/hostname")\n}',
    'resource "azurerm_virtual_network" "v" {\n  name = "vnet"\n  tags = { a = local.a, b = local.b, c = local.c }\n}',
  ].join('\n'),
  'escape-bicep/main.bicep': [
    "var a = loadTextContent('/etc/passwd')",
    "var b = loadJsonContent('../../outside/secret.json')",
    "module up '../../outside/mod.bicep' = {\n  name: 'up'\n}",
    "resource v 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'vnet'\n  tags: { a: a, b: string(b) }\n}",
  ].join('\n'),
};

const OUTSIDE: Record<string, string> = {
  'secret.json': JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [], secret: SECRET }),
  'main.tf': `resource "azurerm_virtual_network" "v" {\n  name = "${SECRET}"\n}\n`,
  'mod.bicep': `var s = '${SECRET}'\n`,
};

/** The good deployments, each with findings of its own. */
export const GOOD = ['good-arm', 'good-bicep', 'good-tf'];

/** Lays out `tmp/ws` (the workspace) and `tmp/outside`; returns the workspace folder. */
export function escapingWorkspace(tmp: string): string {
  const ws = path.join(tmp, 'ws');
  fs.cpSync(path.join(REPO, 'examples/insecure'), path.join(ws, 'good-arm'), { recursive: true });
  fs.cpSync(path.join(REPO, 'examples/bicep-insecure'), path.join(ws, 'good-bicep'), { recursive: true });
  fs.cpSync(path.join(REPO, 'test/fixtures/e2e/workspace/insecure-tf'), path.join(ws, 'good-tf'), { recursive: true });
  for (const [file, text] of Object.entries(ESCAPES)) {
    fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    fs.writeFileSync(path.join(ws, file), text);
  }
  fs.mkdirSync(path.join(tmp, 'outside'));
  for (const [file, text] of Object.entries(OUTSIDE)) fs.writeFileSync(path.join(tmp, 'outside', file), text);
  fs.symlinkSync(path.join(tmp, 'outside/secret.json'), path.join(ws, 'escape-arm/linked.json'));
  fs.symlinkSync(path.join(tmp, 'outside'), path.join(ws, 'linked-folder'));
  return ws;
}
