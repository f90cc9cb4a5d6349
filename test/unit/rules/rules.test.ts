import * as assert from 'node:assert/strict';
import type { Resource } from '../../../server/src/graph/resource';
import { T } from '../../../server/src/graph/types';
import { at, entry } from '../../../server/src/graph/value';
import { aksVnetDependencyPrivateEndpoint } from '../../../server/src/rules/aks-vnet-dependency-private-endpoint';
import { aksVnetWorkspacePrivateEndpoint } from '../../../server/src/rules/aks-vnet-workspace-private-endpoint';
import { aksWorkspaceRegionMismatch } from '../../../server/src/rules/aks-workspace-region-mismatch';
import { ALL_RULES } from '../../../server/src/rulekit/registry';
import { privateClusterPublicFqdn } from '../../../server/src/rules/private-cluster-public-fqdn';
import { privateEndpointDnsZoneGroup } from '../../../server/src/rules/private-endpoint-dns-zone-group';
import { privateEndpointUnreachableVnet } from '../../../server/src/rules/private-endpoint-unreachable-vnet';
import type { Rule } from '../../../server/src/rulekit/rule';
import type { RuleSettings } from '../../../server/src/rulekit/run';
import { runRule } from '../../../server/src/rulekit/run';
import {
  cluster,
  compute,
  endpoint,
  graphOf,
  id,
  ids,
  peering,
  replacing,
  resource,
  secureDeployment,
  storage,
  unknownOf,
  vnet,
  without,
  workspace,
} from '../graph/hand-built';

function run(rule: Rule, resources: Resource[], settings: RuleSettings = {}) {
  const graph = graphOf(...resources);
  const { findings, unknowns } = runRule(rule, graph, settings);
  const notes = unknowns.map((u) => u.message);
  return { graph, findings, notes, names: findings.map((f) => f.resource.name).sort() };
}

const unpeered = () => vnet('other', { pe: { addressPrefix: '10.1.0.0/24' } });

describe('rules on hand-built graphs', () => {
  it('registers each rule once, in catalogue order, with docs-friendly ids and exact source quotes', () => {
    assert.deepEqual(
      ALL_RULES.map((r) => r.meta.id),
      [
        'aks-vnet-dependency-private-endpoint',
        'aks-vnet-workspace-private-endpoint',
        'private-endpoint-unreachable-vnet',
        'private-endpoint-dns-zone-group',
        'aks-workspace-region-mismatch',
        'private-cluster-public-fqdn',
        'storage-trusted-services-bypass',
        'hbi-aks-identity-roles',
        'acr-premium-trusted-services',
        'aks-network-contributor-role',
        'aks-service-cidr-overlap',
        'aks-dns-service-ip',
        'aks-docker-bridge-cidr',
        'aks-network-isolation',
        'internal-load-balancer-subnet',
        'nsg-outbound-container-registry',
        'nsg-scoring-inbound',
        'aci-vnet-private-workspace',
        'online-endpoint-managed-network',
        'private-dns-zone-name',
        'private-dns-zone-vnet-link',
        'storage-private-endpoint-subresources',
        'vnet-peering-one-way',
        'workspace-public-network-access',
      ],
    );
    for (const r of ALL_RULES.filter((rule) => rule.meta.source.document !== 'review'))
      assert.match(r.meta.source.quote, /\.$/);
  });

  it('stays silent on the secure deployment, for every rule', () => {
    for (const rule of ALL_RULES) assert.deepEqual(run(rule, secureDeployment()).findings, [], rule.meta.id);
  });

  describe('aks-vnet-dependency-private-endpoint', () => {
    it('reports each dependency without an endpoint on its name, relating the cluster subnet', () => {
      const { findings, names, graph } = run(
        aksVnetDependencyPrivateEndpoint,
        without(secureDeployment(), 'pe-kv', 'pe-acr'),
      );
      assert.deepEqual(names, ['acr', 'kv']);
      const kv = findings.find((f) => f.resource.name === 'kv')!;
      assert.equal(kv.span, graph.get(ids.vault)!.nameSpan);
      assert.equal(
        kv.related[0].span,
        at(graph.get(ids.cluster)!.body, 'properties.agentPoolProfiles[0].vnetSubnetID')?.span,
      );
      assert.equal(kv.related[1].span, entry(at(graph.get(ids.workspace)!.body, 'properties'), 'keyVault')?.span);
      assert.equal(
        kv.message,
        "key vault 'kv', the key vault of Azure Machine Learning workspace 'ws', has no private endpoint reachable from virtual network 'vnet', where AKS cluster 'aks' runs. " +
          'Add a private endpoint for it in that virtual network or one peered with it both ways (or enable its service endpoint on the AKS subnet and allow that subnet in its network rules).',
      );
    });

    it('reports datastore storage too', () => {
      const data = resource(T.storageAccount, ['data'], { properties: {} });
      const ds = resource(T.workspaceDatastore, ['ws', 'images'], { properties: { accountName: 'data' } });
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, [...secureDeployment(), data, ds]).names, ['data']);
    });

    it('accepts a service endpoint plus a virtual network rule for storage', () => {
      const resources = replacing(
        without(secureDeployment(), 'pe-st', 'pe-st-file'),
        vnet('vnet', { aks: { serviceEndpoints: [{ service: 'Microsoft.Storage' }] }, pe: {} }),
        storage({ networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [{ id: ids.aksSubnet }] } }),
      );
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, resources).names, []);
    });

    it('accepts an endpoint in a VNet peered both ways and leaves an unreachable one to the other rule', () => {
      const moved = endpoint('pe-kv', ids.vault, 'vault', ids.otherSubnet);
      const peeredBoth = [
        ...replacing(secureDeployment(), moved),
        unpeered(),
        peering('vnet', 'other'),
        peering('other', 'vnet'),
      ];
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, peeredBoth).names, []);
      const oneWay = [...replacing(secureDeployment(), moved), unpeered(), peering('vnet', 'other')];
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, oneWay).names, []);
      assert.deepEqual(run(privateEndpointUnreachableVnet, oneWay).names, ['pe-kv']);
    });

    it('stays silent, with a note, when an endpoint target is unknown or the dependency is not declared here', () => {
      const unknownTarget = [...without(secureDeployment(), 'pe-kv'), endpoint('pe-x', unknownOf('param'), 'vault')];
      const r1 = run(aksVnetDependencyPrivateEndpoint, unknownTarget);
      assert.deepEqual(r1.names, []);
      assert.deepEqual(r1.notes, ["the target of private endpoint 'pe-x' is not known"]);
      const r2 = run(aksVnetDependencyPrivateEndpoint, without(secureDeployment(), 'kv', 'pe-kv'));
      assert.deepEqual(r2.names, []);
      assert.equal(r2.notes.length, 1);
    });

    it('is silent when the cluster is not in a VNet or not attached', () => {
      const noVnet = replacing(
        without(secureDeployment(), 'pe-kv'),
        resource(T.managedCluster, ['aks'], {
          location: 'westeurope',
          properties: { agentPoolProfiles: [{ name: 'system' }] },
        }),
      );
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, noVnet).names, []);
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, without(secureDeployment(), 'pe-kv', 'ws/aks')).names, []);
    });

    it('covers an AKS cluster that AML creates from the compute itself', () => {
      const amlCreated = compute({
        computeType: 'AKS',
        properties: { aksNetworkingConfiguration: { subnetId: ids.aksSubnet } },
      });
      const resources = replacing(without(secureDeployment(), 'aks', 'pe-st', 'pe-st-file'), amlCreated);
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, resources).names, ['st']);
    });
  });

  describe('aks-vnet-workspace-private-endpoint', () => {
    it('reports the workspace without an endpoint', () => {
      const { findings, graph } = run(aksVnetWorkspacePrivateEndpoint, without(secureDeployment(), 'pe-ws'));
      assert.equal(findings.length, 1);
      assert.equal(findings[0].span, graph.get(ids.workspace)!.nameSpan);
      assert.match(
        findings[0].message,
        /^Azure Machine Learning workspace 'ws' has no private endpoint reachable from virtual network 'vnet'/,
      );
    });

    it('leaves an unreachable workspace endpoint to private-endpoint-unreachable-vnet', () => {
      const resources = [
        ...replacing(secureDeployment(), endpoint('pe-ws', ids.workspace, 'amlworkspace', ids.otherSubnet)),
        unpeered(),
      ];
      assert.deepEqual(run(aksVnetWorkspacePrivateEndpoint, resources).names, []);
      const { findings, graph } = run(privateEndpointUnreachableVnet, resources);
      assert.equal(findings.length, 1);
      assert.equal(
        findings[0].span,
        entry(at(graph.get(id(T.privateEndpoint, 'pe-ws'))!.body, 'properties'), 'subnet')?.span,
      );
      assert.equal(
        findings[0].message,
        "private endpoint 'pe-ws' of Azure Machine Learning workspace 'ws' is in virtual network 'other', which is neither virtual network 'vnet' of AKS cluster 'aks' nor peered with it in both directions. " +
          'Place the endpoint in the AKS virtual network, or peer the two networks both ways.',
      );
    });

    it('stays silent when the cluster subnet is unknown', () => {
      const resources = replacing(without(secureDeployment(), 'pe-ws'), cluster(unknownOf('no value')));
      const r = run(aksVnetWorkspacePrivateEndpoint, resources);
      assert.deepEqual([r.names, r.notes.length], [[], 1]);
    });
  });

  describe('private-endpoint-unreachable-vnet', () => {
    it('does not report an extra endpoint when a reachable one exists', () => {
      const extra = [...secureDeployment(), unpeered(), endpoint('pe-st-hub', ids.storage, 'blob', ids.otherSubnet)];
      assert.deepEqual(run(privateEndpointUnreachableVnet, extra).names, []);
    });

    it('stays silent when the endpoint VNet is not declared here', () => {
      const resources = replacing(
        without(secureDeployment(), 'pe-st-file'),
        endpoint('pe-st', ids.storage, 'blob', id(T.subnet, 'hub', 'pe')),
      );
      assert.deepEqual(run(privateEndpointUnreachableVnet, resources).names, []);
      assert.deepEqual(run(aksVnetDependencyPrivateEndpoint, resources).names, []);
    });
  });

  describe('private-endpoint-dns-zone-group', () => {
    it('reports an endpoint of a dependency or the workspace without zone group', () => {
      const { names, findings } = run(
        privateEndpointDnsZoneGroup,
        without(secureDeployment(), 'pe-st/default', 'pe-ws/default'),
      );
      assert.deepEqual(names, ['pe-st', 'pe-ws']);
      assert.match(
        findings.find((f) => f.resource.name === 'pe-ws')!.message,
        /linking the zones privatelink\.api\.azureml\.ms and privatelink\.notebooks\.azure\.net\.$/,
      );
    });

    it('ignores endpoints of unrelated resources and stays silent when a zone group could be anyone', () => {
      const unrelated = [
        ...secureDeployment(),
        resource(T.storageAccount, ['logs'], {}),
        endpoint('pe-logs', id(T.storageAccount, 'logs'), 'blob'),
      ];
      assert.deepEqual(run(privateEndpointDnsZoneGroup, unrelated).names, []);
      const orphan = resource(
        T.privateDnsZoneGroup,
        ['x', 'default'],
        {},
        { id: `${id(T.privateEndpoint, "{parameters('pe')}")}/privateDnsZoneGroups/default` },
      );
      const r = run(privateEndpointDnsZoneGroup, [...without(secureDeployment(), 'pe-st/default'), orphan]);
      assert.deepEqual([r.names, r.notes.length], [[], 1]);
    });
  });

  describe('aks-workspace-region-mismatch', () => {
    it('reports the cluster location with a copyProperty fix', () => {
      const { findings, graph } = run(
        aksWorkspaceRegionMismatch,
        replacing(secureDeployment(), cluster(ids.aksSubnet, {}, 'East US')),
      );
      assert.equal(findings.length, 1);
      const aks = graph.get(ids.cluster)!;
      assert.equal(findings[0].span, entry(aks.body, 'location')?.span);
      assert.equal(findings[0].related[0].span, entry(graph.get(ids.workspace)!.body, 'location')?.span);
      assert.deepEqual(
        findings[0].fixes.map((fix) => ({
          ...fix,
          resource: fix.resource.name,
          from: fix.kind === 'copyProperty' && fix.from.name,
        })),
        [
          {
            kind: 'copyProperty',
            title: "Use the location of Azure Machine Learning workspace 'ws' for AKS cluster 'aks'",
            resource: 'aks',
            path: 'location',
            from: 'ws',
            fromPath: 'location',
            preferred: true,
          },
        ],
      );
    });

    it('normalises case and spaces, and needs a workspace endpoint', () => {
      assert.deepEqual(
        run(aksWorkspaceRegionMismatch, replacing(secureDeployment(), cluster(ids.aksSubnet, {}, 'West Europe'))).names,
        [],
      );
      assert.deepEqual(
        run(
          aksWorkspaceRegionMismatch,
          without(replacing(secureDeployment(), cluster(ids.aksSubnet, {}, 'eastus')), 'pe-ws'),
        ).names,
        [],
      );
    });

    it('compares unknowns by symbol only', () => {
      const rg = unknownOf('rg location', '{resourceGroup().location}');
      const same = replacing(secureDeployment(), cluster(ids.aksSubnet, {}, rg), workspace({}, rg));
      assert.deepEqual(run(aksWorkspaceRegionMismatch, same).names, []);
      const r = run(aksWorkspaceRegionMismatch, replacing(secureDeployment(), cluster(ids.aksSubnet, {}, rg)));
      assert.deepEqual([r.names, r.notes.length], [[], 1]);
    });

    it('reads computeLocation of an AML-created cluster', () => {
      const amlCreated = compute({
        computeType: 'AKS',
        computeLocation: 'eastus',
        properties: { aksNetworkingConfiguration: { subnetId: ids.aksSubnet } },
      });
      const { findings } = run(aksWorkspaceRegionMismatch, replacing(without(secureDeployment(), 'aks'), amlCreated));
      assert.deepEqual(
        findings.map((f) => (f.fixes[0]?.kind === 'copyProperty' ? f.fixes[0].path : undefined)),
        ['properties.computeLocation'],
      );
    });
  });

  describe('private-cluster-public-fqdn', () => {
    const fqdn = (value: unknown) =>
      cluster(ids.aksSubnet, {
        apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: value },
      });

    it('reports an attached private cluster with a public FQDN at the configured severity, with a fix', () => {
      const { findings, graph } = run(privateClusterPublicFqdn, replacing(secureDeployment(), fqdn(true)));
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'error');
      assert.equal(
        findings[0].span,
        entry(at(graph.get(ids.cluster)!.body, 'properties.apiServerAccessProfile'), 'enablePrivateClusterPublicFQDN')
          ?.span,
      );
      assert.deepEqual(findings[0].fixes.map((fix) => ({ ...fix, resource: fix.resource.name }))[0], {
        kind: 'setProperty',
        title: 'Set enablePrivateClusterPublicFQDN to false',
        resource: 'aks',
        path: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN',
        value: false,
        preferred: true,
      });
    });

    it('warns for a lone cluster and is silent for an unattached one next to a workspace', () => {
      const lone = run(privateClusterPublicFqdn, [fqdn(true)]);
      assert.deepEqual(
        lone.findings.map((f) => f.severity),
        ['warning'],
      );
      assert.deepEqual(
        run(privateClusterPublicFqdn, [...without(secureDeployment(), 'aks', 'ws/aks'), fqdn(true)]).names,
        [],
      );
    });

    it("keeps the user's severity for a lone cluster: the warning is only the default", () => {
      for (const severity of ['error', 'warning', 'info'] as const) {
        const configured = run(privateClusterPublicFqdn, [fqdn(true)], {
          severities: { [privateClusterPublicFqdn.meta.id]: severity },
        });
        assert.deepEqual(
          configured.findings.map((f) => f.severity),
          [severity],
        );
      }
      const off = run(privateClusterPublicFqdn, [fqdn(true)], {
        severities: { [privateClusterPublicFqdn.meta.id]: 'off' },
      });
      assert.deepEqual(off.findings, []);
    });

    it('is silent for false, absent or unknown flags', () => {
      assert.deepEqual(run(privateClusterPublicFqdn, [fqdn(false)]).names, []);
      assert.deepEqual(run(privateClusterPublicFqdn, [cluster()]).names, []);
      const r = run(privateClusterPublicFqdn, [fqdn(unknownOf('param'))]);
      assert.deepEqual([r.names, r.notes.length], [[], 1]);
      const settledByFalse = cluster(ids.aksSubnet, {
        apiServerAccessProfile: { enablePrivateCluster: unknownOf('param'), enablePrivateClusterPublicFQDN: false },
      });
      assert.deepEqual(run(privateClusterPublicFqdn, [settledByFalse]).notes, []);
    });
  });
});
