import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment } from '../../../server/src/analysis';
import type { DeploymentResult } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { T } from '../../../server/src/graph/types';
import { WorkspaceHost } from '../../../server/src/workspace';

/**
 * The rules on templates that compute everything: names with format() and uniqueString(), ids
 * with resourceId(), subnets in a copy loop, private endpoints in a nested deployment.
 */
const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/arm');

function analyse(
  folder: string,
  edit: (template: { parameters: Record<string, Record<string, unknown>> }) => void = () => undefined,
): DeploymentResult {
  const dir = path.join(FIXTURES, folder);
  const file = path.join(dir, 'main.json');
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { parameters: Record<string, Record<string, unknown>> };
  edit(parsed);
  const text = JSON.stringify(parsed, null, 2);
  return analyzeDeployment([{ path: file, text }], new WorkspaceHost(dir, new Map([[file, text]])), defaultConfig());
}

describe('ARM front end: rules on evaluated templates', () => {
  it('reports the workspace without a private endpoint in the AKS virtual network, on its name', () => {
    const r = analyse('evaluated');
    assert.deepEqual(r.problems, []);
    assert.ok(r.graph.resources.every((x) => x.idKnown));
    const [workspace] = r.graph.ofType(T.workspace);
    assert.equal(workspace.name, 'mlw-ml');
    // Storage, key vault and registry names come from uniqueString(resourceGroup().id) of the assumed group.
    assert.deepEqual(
      r.graph.ofType(T.privateEndpoint).map((pe) => pe.name),
      ['pe-st', 'pe-kv', 'pe-acr', 'pe-st-file'],
    );
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.resource.key, f.span]),
      [['aks-vnet-workspace-private-endpoint', workspace.key, workspace.nameSpan]],
    );
  });

  it('is silent when the nested deployment gives the workspace its endpoint', () => {
    const r = analyse('evaluated-good');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.findings, []);
  });

  it('still relates everything when the name prefix is an unset parameter (ids match by symbol)', () => {
    const r = analyse('evaluated', (t) => delete t.parameters.prefix.defaultValue);
    const [workspace] = r.graph.ofType(T.workspace);
    assert.equal(workspace.idKnown, false);
    assert.equal(workspace.name, "mlw-{parameters('prefix')}");
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.resource.key]),
      [['aks-vnet-workspace-private-endpoint', workspace.key]],
    );
  });

  it('says nothing when the cluster subnet comes from an unset parameter and an endpoint exists', () => {
    // Whether the endpoint's network is the cluster's cannot be told: silence, not a guess. (Without
    // any workspace endpoint the finding would stand, whatever the cluster's network.)
    const r = analyse('evaluated-good', (t) => {
      t.parameters.aksSubnetId = { type: 'string' };
      const template = t as unknown as {
        resources: { type: string; properties: { agentPoolProfiles?: { vnetSubnetID: string }[] } }[];
      };
      const aks = template.resources.find((x) => x.type === T.managedCluster);
      const pool = aks?.properties.agentPoolProfiles?.[0];
      if (pool) pool.vnetSubnetID = "[parameters('aksSubnetId')]";
    });
    assert.deepEqual(r.findings, []);
  });

  it('still knows the virtual network when only the subnet index is unknown', () => {
    // The cluster is in vnet-ml whichever subnet the index picks, so the finding stands.
    const r = analyse('evaluated', (t) => {
      t.parameters.subnetIndex = { type: 'int' };
      const template = t as unknown as {
        resources: { type: string; properties: { agentPoolProfiles?: { vnetSubnetID: string }[] } }[];
      };
      const pool = template.resources.find((x) => x.type === T.managedCluster)?.properties.agentPoolProfiles?.[0];
      if (pool)
        pool.vnetSubnetID =
          "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), variables('subnetNames')[parameters('subnetIndex')])]";
    });
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      ['aks-vnet-workspace-private-endpoint'],
    );
  });
});
