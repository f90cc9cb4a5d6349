import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, Location, Position } from 'vscode-languageserver-protocol';
import type { TopologyResult } from '../../server/src/protocol';
import { TOPOLOGY_REQUEST } from '../../server/src/protocol';
import { LspClient, REPO_ROOT, pathUri } from './lsp-client';

/**
 * Hover and Go to Definition over stdio, in each language: the bundled ARM and Bicep examples, a
 * Terraform hub-and-spoke with a local module, and an ARM template that names resources through
 * `reference()` and `dependsOn`.
 */
describe('hover and go to definition over stdio', function () {
  this.timeout(30000);
  let client: LspClient;
  let folder: string;

  const file = (...parts: string[]) => path.join(folder, ...parts);

  /** Where `needle` starts in a file, moved `shift` characters into it (the first occurrence after `after`). */
  function at(target: string, needle: string, shift = 0, after = ''): Position {
    const text = fs.readFileSync(target, 'utf8');
    const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
    assert.ok(offset >= 0, `${needle} is in ${target}`);
    const before = text.slice(0, offset + shift).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  }

  /** The hover's Markdown as a reader sees it (escapes removed). */
  async function hover(target: string, position: Position): Promise<string> {
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: pathUri(target) },
      position,
    });
    assert.ok(h, `a hover at ${JSON.stringify(position)} of ${target}`);
    return (h.contents as { value: string }).value.replace(/\\(.)/g, '$1');
  }

  /** The lines Go to Definition leads to, as "file:line: text" (1-based, trimmed). */
  async function definition(target: string, position: Position): Promise<string[]> {
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: pathUri(target) },
      position,
    });
    return locations.map((l) => {
      const f = decodeURIComponent(new URL(l.uri).pathname);
      const line = fs.readFileSync(f, 'utf8').split('\n')[l.range.start.line].trim();
      return `${path.relative(folder, f)}:${l.range.start.line + 1}: ${line}`;
    });
  }

  before(async () => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'guard-navigation-')));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'insecure'), file('arm'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'bicep-insecure'), file('bicep'), { recursive: true });
    // The Terraform deployment is the rules' base plus a peered hub (the fixture states only that).
    fs.cpSync(path.join(REPO_ROOT, 'test', 'rules', '_bases', 'terraform-aks-workspace'), file('hub-spoke'), {
      recursive: true,
    });
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lsp', 'navigation'), folder, { recursive: true });
    client = new LspClient();
    const init = await client.initialize(folder);
    assert.equal(init.capabilities.definitionProvider, true);
    const deadline = Date.now() + 20000;
    for (;;) {
      const t = await client.request<TopologyResult>(TOPOLOGY_REQUEST, {});
      if (t.state === 'ready' && t.deployments.length >= 4) break;
      if (Date.now() > deadline) throw new Error(`never analysed: ${JSON.stringify(t).slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  describe('hover on a resource declaration', () => {
    it('ARM: an AKS cluster shows its id, location, subnet, attachment, reach and the two notes', async () => {
      const arm = file('arm', 'azuredeploy.json');
      const text = await hover(arm, at(arm, `"name": "[parameters('clusterName')]"`, 12));
      assert.match(text, /^\*\*AKS cluster aks-ml-inference\*\*/);
      assert.match(text, /`\/subscriptions\/[^`]+\/Microsoft\.ContainerService\/managedClusters\/aks-ml-inference`/);
      assert.match(text, /\*\*Location:\*\* northeurope/);
      assert.match(text, /in subnet 'snet-aks' \(10\.0\.0\.0\/22\) of VNet 'vnet-ml-inference' \(10\.0\.0\.0\/16\)/);
      assert.match(
        text,
        /attached as workspace compute 'aks-inference' of Azure Machine Learning workspace 'mlw-inference'/,
      );
      assert.match(
        text,
        /reaches Azure Machine Learning workspace 'mlw-inference' through private endpoint 'pe-mlw-inference' \(in the same VNet\)/,
      );
      assert.match(text, /error private-cluster-public-fqdn: /);
      assert.match(text, /stopped and restarted/);
      assert.match(text, /secure way to connect/);
    });

    it('ARM: a private endpoint in a VNet the cluster cannot reach says so', async () => {
      const arm = file('arm', 'azuredeploy.json');
      const text = await hover(arm, at(arm, '"name": "pe-acr"', 10));
      assert.match(text, /in subnet 'snet-shared-endpoints' \(10\.1\.0\.0\/24\) of VNet 'vnet-hub'/);
      assert.match(
        text,
        /not reachable from AKS cluster 'aks-ml-inference': virtual network 'vnet-hub' is not peered both ways with virtual network 'vnet-ml-inference'/,
      );
      assert.doesNotMatch(text, /stopped and restarted/, 'the AKS notes are for clusters only');
    });

    it('Bicep: hovering the declaration line of a cluster tells the same story', async () => {
      const bicep = file('bicep', 'main.bicep');
      const text = await hover(bicep, at(bicep, 'resource aks ', 2));
      assert.match(text, /^\*\*AKS cluster aks-ml-inference\*\* — private cluster/);
      assert.match(text, /in subnet 'snet-aks' \(10\.0\.0\.0\/22\) of VNet 'vnet-ml-inference'/);
      assert.match(text, /reaches storage account 'stmlinference001' through private endpoint 'pe-st-blob'/);
      assert.match(text, /cannot reach key vault 'kv-ml-inference-001' from virtual network 'vnet-ml-inference'/);
      assert.match(text, /stopped and restarted/);
    });

    it('Terraform: an endpoint in a peered hub is reachable through the peerings; an unset variable is named', async () => {
      const tf = file('hub-spoke', 'hub.tf');
      const pe = await hover(tf, at(tf, 'resource "azurerm_private_endpoint" "mlw_hub"', 3));
      assert.match(
        pe,
        /in subnet 'module\.hub\.azurerm_subnet\.endpoints' \(10\.5\.0\.0\/24\) of VNet 'module\.hub\.azurerm_virtual_network\.hub'/,
      );
      assert.match(
        pe,
        /reachable from AKS cluster azurerm_kubernetes_cluster\.aks through peering 'aks-to-hub' and 'hub-to-aks'/,
      );
      const hub = file('hub', 'main.tf');
      const vnet = await hover(hub, at(hub, 'resource "azurerm_virtual_network" "hub"', 3));
      assert.match(vnet, /^\*\*virtual network module\.hub\.azurerm_virtual_network\.hub\*\* — 10\.5\.0\.0\/16/);
      assert.match(vnet, /\*\*Not known:\*\*\n\n- location: variable 'location' has no value/);
      assert.match(vnet, /peering 'azurerm_virtual_network_peering\.hub_to_aks' \(→ azurerm_virtual_network\.aks\)/);
    });

    it('answers nothing away from a declaration', async () => {
      const tf = file('hub', 'main.tf');
      const h = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: pathUri(tf) },
        position: at(tf, 'address_space', 2),
      });
      assert.equal(h, null);
    });
  });

  describe('go to definition on a reference', () => {
    it('ARM: resourceId() in dependsOn and in a property, reference(), and a dependsOn by name', async () => {
      const arm = file('arm', 'azuredeploy.json');
      const cluster = `arm/azuredeploy.json:${at(arm, `"name": "[parameters('clusterName')]"`).line + 1}: "name": "[parameters('clusterName')]",`;
      assert.deepEqual(await definition(arm, at(arm, "managedClusters', parameters('clusterName'))]\"\n", 3)), [
        cluster,
      ]);
      assert.deepEqual(await definition(arm, at(arm, `"resourceId": "[resourceId(`, 20)), [cluster]);
      const ref = file('arm-reference', 'azuredeploy.json');
      const vnetB = `arm-reference/azuredeploy.json:20: "name": "vnet-b",`;
      assert.deepEqual(await definition(ref, at(ref, '[reference(', 3)), [vnetB]);
      assert.deepEqual(await definition(ref, at(ref, "resourceId('Microsoft.Network/virtualNetworks', 'vnet-b')", 4)), [
        vnetB,
      ]);
      assert.deepEqual(await definition(ref, at(ref, '["vnet-a"]', 3)), [
        `arm-reference/azuredeploy.json:8: "name": "vnet-a",`,
      ]);
    });

    it('Bicep: a resource symbol (parent, property, interpolation, loop) and a parameter', async () => {
      const bicep = file('bicep', 'main.bicep');
      const line = (needle: string) => at(bicep, needle).line + 1;
      assert.deepEqual(await definition(bicep, at(bicep, 'parent: devWorkspace', 10)), [
        `bicep/main.bicep:${line("name: '${workspaceName}-dev'")}: name: '\${workspaceName}-dev'`,
      ]);
      const vnet = [`bicep/main.bicep:${line("name: 'vnet-ml-inference'")}: name: 'vnet-ml-inference'`];
      assert.deepEqual(await definition(bicep, at(bicep, 'id: vnet.id', 5)), vnet);
      assert.deepEqual(await definition(bicep, at(bicep, "'${vnet.id}/subnets/snet-aks'", 4)), vnet);
      assert.deepEqual(await definition(bicep, at(bicep, 'parent: zones[i]', 9)), [
        `bicep/main.bicep:${line('name: zone')}: name: zone`,
      ]);
      assert.deepEqual(await definition(bicep, at(bicep, 'param clusterLocation string = location', 32)), [
        `bicep/main.bicep:${line('param location string')}: param location string = 'westeurope'`,
      ]);
    });

    it('Terraform: addresses in attributes, interpolations and depends_on, and a module output', async () => {
      const tf = file('hub-spoke', 'hub.tf');
      const declared = (f: string, needle: string) =>
        `hub-spoke/${f}:${at(file('hub-spoke', f), needle).line + 1}: ${needle}`;
      const aksVnet = [declared('network.tf', 'name                = "vnet-aks"')];
      assert.deepEqual(await definition(tf, at(tf, 'azurerm_virtual_network.aks.name', 26)), aksVnet);
      assert.deepEqual(await definition(tf, at(tf, '= azurerm_virtual_network.aks.id', 6)), aksVnet);
      assert.deepEqual(await definition(tf, at(tf, '[azurerm_subnet.pe]', 3)), [
        declared('network.tf', 'name                 = "snet-pe"'),
      ]);
      assert.deepEqual(await definition(tf, at(tf, '${azurerm_machine_learning_workspace.ml.id}', 4)), [
        declared('workspace.tf', 'name                    = "mlw-prod"'),
      ]);
      const hub = file('hub', 'main.tf');
      assert.deepEqual(await definition(tf, at(tf, 'module.hub.endpoint_subnet_id', 14)), [
        `hub/main.tf:${at(hub, 'output "endpoint_subnet_id"').line + 1}: output "endpoint_subnet_id" {`,
      ]);
      assert.deepEqual(await definition(tf, at(tf, 'var.rg', 2)), []);
    });
  });
});
