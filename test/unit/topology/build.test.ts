import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { buildTopology } from '../../../server/src/topology/build';
import type { TopologyDeployment, TopologyNode } from '../../../server/src/protocol';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';

const REPO = path.resolve(__dirname, '../../../..');
const links = { uriOf: (file: string) => `file://${file}`, docsUriOf: (id: string) => `docs:${id}` };

/** The topology of the deployment rooted at `dir` (a folder of the repository). */
function topologyOf(dir: string): TopologyDeployment {
  const root = path.resolve(REPO, dir);
  const host = new WorkspaceHost(root);
  const deployment = findDeployments(host).find((d) => d.dir === root);
  assert.ok(deployment, `${dir} is a deployment`);
  return buildTopology(root, dir, analyzeDeployment(deployment.files, host, defaultConfig()), links);
}

/** One line per node, indented by depth: `kind label — description [rule ids]`. */
function outline(nodes: readonly TopologyNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.kind} ${n.label}${n.description ? ` — ${n.description}` : ''}${
      n.problems.length ? ` [${n.problems.map((p) => p.ruleId).join(', ')}]` : ''
    }`,
    ...outline(n.children, depth + 1),
  ]);
}

function find(nodes: readonly TopologyNode[], label: string): TopologyNode {
  for (const n of nodes) {
    if (n.label === label) return n;
    const inner = n.children.length ? findOrUndefined(n.children, label) : undefined;
    if (inner) return inner;
  }
  throw new Error(`no node ${label}`);
}

function findOrUndefined(nodes: readonly TopologyNode[], label: string): TopologyNode | undefined {
  try {
    return find(nodes, label);
  } catch {
    return undefined;
  }
}

describe('topology model', () => {
  before(() => initAnalysis());

  it('Terraform: VNets → subnets → NSG, cluster, endpoints → targets; a one-way peering marked on both sides', () => {
    const t = topologyOf('test/fixtures/topology/terraform');
    assert.deepEqual(outline(t.nodes), [
      'vnet azurerm_virtual_network.spoke — 10.0.0.0/16',
      '  subnet azurerm_subnet.aks — 10.0.1.0/24',
      '    nsg azurerm_network_security_group.aks — 0 rules [nsg-scoring-inbound]',
      '    cluster azurerm_kubernetes_cluster.aks — private cluster [private-cluster-public-fqdn]',
      '      nodePool system — Standard_D4s_v5',
      '  subnet azurerm_subnet.pe — 10.0.2.0/24',
      '    privateEndpoint azurerm_private_endpoint.mlw — amlworkspace [private-endpoint-dns-zone-group]',
      '      target azurerm_machine_learning_workspace.ml — amlworkspace [acr-premium-trusted-services]',
      '    privateEndpoint azurerm_private_endpoint.st — blob [private-endpoint-dns-zone-group]',
      '      target azurerm_storage_account.ml — blob [storage-private-endpoint-subresources]',
      '  peering azurerm_virtual_network_peering.hub_to_spoke — ← azurerm_virtual_network.hub (one-way: no peering back) [vnet-peering-one-way]',
      'vnet azurerm_virtual_network.hub — 10.1.0.0/16',
      '  peering azurerm_virtual_network_peering.hub_to_spoke — → azurerm_virtual_network.spoke (one-way: no peering back) [vnet-peering-one-way]',
      'workspace azurerm_machine_learning_workspace.ml [acr-premium-trusted-services]',
      '  dependency azurerm_storage_account.ml — storage account [storage-private-endpoint-subresources]',
      '  dependency azurerm_key_vault.ml — key vault [aks-vnet-dependency-private-endpoint]',
      '  dependency azurerm_application_insights.ml — Application Insights component',
      '  compute azurerm_machine_learning_inference_cluster.aks — AKS → azurerm_kubernetes_cluster.aks',
    ]);
    assert.deepEqual(t.counts, { error: 4, warning: 3, info: 1 });
    const cluster = find(t.nodes, 'azurerm_kubernetes_cluster.aks');
    assert.equal(cluster.resourceType, 'Microsoft.ContainerService/managedClusters');
    assert.equal(cluster.location, 'westeurope');
    assert.ok(cluster.declaration?.uri.endsWith('/main.tf'));
    assert.equal(cluster.declaration?.range.start.line, 57, 'the declaration is its name');
  });

  for (const [language, dir, file] of [
    ['ARM', 'examples/insecure', 'azuredeploy.json'],
    ['Bicep', 'examples/bicep-insecure', 'main.bicep'],
  ]) {
    it(`${language}: the insecure example's networks, zones and workspaces, with each finding on its resource`, () => {
      const t = topologyOf(dir);
      const lines = outline(t.nodes);
      for (const expected of [
        'vnet vnet-ml-inference — 10.0.0.0/16',
        '  subnet snet-aks — 10.0.0.0/22',
        '    cluster aks-ml-inference — private cluster [aks-workspace-region-mismatch, private-cluster-public-fqdn]',
        '    privateEndpoint pe-st-blob — blob [private-endpoint-dns-zone-group]',
        '      target stmlinference001 — blob',
        '  subnet snet-shared-endpoints — 10.1.0.0/24',
        '    privateEndpoint pe-acr — registry [private-endpoint-unreachable-vnet]',
        'workspace mlw-inference-dev [aks-vnet-workspace-private-endpoint]',
        '  dependency kv-ml-inference-dev — key vault [aks-vnet-dependency-private-endpoint]',
        'dnsZone privatelink.blob.core.windows.net — 1 VNet link',
        '  zoneLink link-to-aks-vnet — → vnet-ml-inference',
      ])
        assert.ok(
          lines.some((l) => l.trim() === expected.trim()),
          `${expected.trim()} in\n${lines.join('\n')}`,
        );
      const total = t.counts.error + t.counts.warning + t.counts.info;
      assert.equal(total, 9, 'each finding counted once');
      assert.ok(find(t.nodes, 'aks-ml-inference').declaration?.uri.endsWith(`/${file}`));
    });
  }

  it('puts an endpoint whose subnet is unknown under "Not in a known subnet", saying why', () => {
    const text = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { properties: { type: 'object' } },
      resources: [
        {
          type: 'Microsoft.Network/privateEndpoints',
          apiVersion: '2023-04-01',
          name: 'pe-x',
          location: 'westeurope',
          properties: "[parameters('properties')]",
        },
      ],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topology-'));
    fs.writeFileSync(path.join(dir, 'azuredeploy.json'), text);
    const t = topologyOf(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    const unplaced = t.nodes.find((n) => n.kind === 'unplaced');
    assert.ok(unplaced, outline(t.nodes).join('\n'));
    assert.deepEqual(
      unplaced.children.map((c) => c.label),
      ['pe-x'],
    );
    assert.ok(unplaced.children[0].unknowns.length > 0, 'the endpoint says why it is not placed');
  });

  it('gives every node an id unique in its deployment, stable across analyses', () => {
    const ids = (t: TopologyDeployment) => {
      const out: string[] = [];
      const walk = (ns: readonly TopologyNode[]) => ns.forEach((n) => (out.push(n.id), walk(n.children)));
      walk(t.nodes);
      return out;
    };
    for (const dir of ['examples/insecure', 'examples/bicep-insecure', 'test/fixtures/topology/terraform']) {
      const first = ids(topologyOf(dir));
      assert.equal(new Set(first).size, first.length, `${dir}: ids are unique`);
      assert.deepEqual(ids(topologyOf(dir)), first, `${dir}: ids are stable`);
    }
  });
});
