import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { vnetOfSubnet } from '../../../server/src/graph/networks';
import { T } from '../../../server/src/graph/types';
import { at } from '../../../server/src/graph/value';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
import { caseFolder } from '../../tester/cases';

const ENDPOINT_RULES = [
  'aks-vnet-dependency-private-endpoint',
  'aks-vnet-workspace-private-endpoint',
  'private-endpoint-unreachable-vnet',
  'private-endpoint-dns-zone-group',
];

function analyse(caseDir: string) {
  const host = new WorkspaceHost(caseFolder(caseDir));
  const [deployment] = findDeployments(host);
  return analyzeDeployment(deployment.files, host, defaultConfig());
}

/** Subnets whose VNet id is unresolved but written the same way lie in the same VNet. */
describe('review: subnets of an unresolved VNet', () => {
  before(() => initAnalysis());

  for (const [caseDir, vnetKey] of [
    ['aks-vnet-dependency-private-endpoint/arm/vnet-id-parameter', "{parameters('vnetid')}"],
    [
      'aks-vnet-workspace-private-endpoint/arm/vnet-name-parameters',
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/{parameters('vnetrg')}/providers/microsoft.network/virtualnetworks/{parameters('vnetname')}",
    ],
  ]) {
    it(`puts the cluster and the endpoints of ${path.basename(caseDir)} in one VNet and decides every check`, () => {
      const { graph, unknowns } = analyse(caseDir);
      const subnets = [
        ...graph.ofType(T.managedCluster).map((c) => at(c.body, 'properties.agentPoolProfiles[0].vnetSubnetID')),
        ...graph.ofType(T.privateEndpoint).map((pe) => at(pe.body, 'properties.subnet.id')),
      ];
      assert.deepEqual(
        subnets.map((s) => {
          const vnet = vnetOfSubnet(graph, s);
          return vnet.state === 'known' ? vnet.key : vnet.reason;
        }),
        subnets.map(() => vnetKey),
      );
      // The endpoint rules decide; rules about what is declared elsewhere (the subnet's NSG, whether the
      // parameter names the declared hub VNet) rightly cannot.
      assert.deepEqual(
        unknowns.filter((u) => ENDPOINT_RULES.includes(u.ruleId)).map((u) => u.message),
        [],
      );
    });
  }
});

describe('review: VNets with the same name in different resource groups', () => {
  before(() => initAnalysis());

  it('names both by full id in the unreachable-endpoint message', () => {
    const { findings } = analyse('private-endpoint-unreachable-vnet/arm/same-vnet-name-other-resource-group');
    const rg = (name: string) =>
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${name}/providers/Microsoft.Network/virtualNetworks/vnet-aks`;
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        `private endpoint 'pe-kv' of key vault 'kv-ml-001' is in virtual network '${rg('rg-hub')}', ` +
          `which is neither virtual network '${rg('aml-network-guard-rg')}' of AKS cluster 'aks-ml' nor peered with it in both directions. ` +
          'Place the endpoint in the AKS virtual network, or peer the two networks both ways.',
      ],
    );
  });
});
