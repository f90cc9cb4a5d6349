import * as assert from 'node:assert/strict';
import { peeringsOf, vnetOfSubnet, zoneLinks } from '../../../server/src/graph/networks';
import { privateEndpointIndex, privateEndpoints, zoneGroupZones } from '../../../server/src/graph/private-endpoints';
import { attachments, clusterNetwork, workspaceDependencies } from '../../../server/src/graph/relations';
import { T } from '../../../server/src/graph/types';
import { str, unknown } from '../../../server/src/graph/value';
import {
  RG,
  SUB,
  cluster,
  compute,
  endpoint,
  graphOf,
  id,
  ids,
  peering,
  resource,
  secureDeployment,
  storage,
  unknownOf,
  vnet,
  workspace,
  zoneGroup,
} from './hand-built';

describe('graph relations', () => {
  describe('workspaceDependencies', () => {
    it('resolves storage, key vault, registry and app insights, and names external ones by id', () => {
      const g = graphOf(workspace({ containerRegistry: id(T.containerRegistry, 'elsewhere') }), storage());
      const deps = workspaceDependencies(g, g.get(ids.workspace)!);
      assert.deepEqual(
        deps.map((d) => [d.role, d.ref.state, d.ref.state === 'resolved' ? d.ref.resource.name : d.path]),
        [
          ['storageAccount', 'resolved', 'st'],
          ['keyVault', 'external', 'properties.keyVault'],
          ['containerRegistry', 'external', 'properties.containerRegistry'],
          ['applicationInsights', 'external', 'properties.applicationInsights'],
        ],
      );
    });

    it("finds a datastore's storage account in the workspace's resource group by account name", () => {
      const other = resource(T.storageAccount, ['data'], { properties: {} });
      const ds = resource(T.workspaceDatastore, ['ws', 'images'], {
        properties: { datastoreType: 'AzureBlob', accountName: 'data', containerName: 'images' },
      });
      const g = graphOf(workspace(), other, ds);
      const datastore = workspaceDependencies(g, g.get(ids.workspace)!).find((d) => d.role === 'datastore');
      assert.equal(datastore?.ref.state, 'resolved');
      assert.equal(datastore?.ref.state === 'resolved' && datastore.ref.resource, other);
      assert.equal(datastore?.holder, ds);
    });

    it('uses the subscription and resource group a datastore names', () => {
      const ds = resource(T.workspaceDatastore, ['ws', 'far'], {
        properties: { accountName: 'far', resourceGroup: 'data-rg', subscriptionId: SUB },
      });
      const g = graphOf(workspace(), ds);
      const ref = workspaceDependencies(g, g.get(ids.workspace)!).find((d) => d.role === 'datastore')?.ref;
      assert.equal(ref?.state, 'external');
      assert.equal(
        ref?.state === 'external' && ref.id,
        `/subscriptions/${SUB}/resourceGroups/data-rg/providers/Microsoft.Storage/storageAccounts/far`,
      );
    });

    it('leaves a datastore whose account name is an unset parameter unknown', () => {
      const ds = resource(T.workspaceDatastore, ['ws', 'x'], { properties: { accountName: unknownOf('no value') } });
      const g = graphOf(workspace(), ds);
      const ref = workspaceDependencies(g, g.get(ids.workspace)!).find((d) => d.role === 'datastore')?.ref;
      assert.equal(ref?.state, 'unknown');
    });
  });

  describe('attachments', () => {
    it('follows an AKS compute to the managed cluster it attaches', () => {
      const g = graphOf(workspace(), compute(), cluster());
      const [a] = attachments(g, g.get(ids.workspace)!);
      assert.equal(a.cluster.state, 'resolved');
      assert.equal(a.cluster.state === 'resolved' && a.cluster.cluster.resource.id, ids.cluster);
      assert.equal(a.cluster.state === 'resolved' && a.cluster.cluster.createdByWorkspace, false);
      assert.equal(a.workspace?.id, ids.workspace);
    });

    it('treats an AKS compute without resourceId as the cluster AML creates', () => {
      const c = compute({
        computeType: 'AKS',
        properties: { aksNetworkingConfiguration: { subnetId: ids.aksSubnet } },
      });
      const g = graphOf(workspace(), c);
      const [a] = attachments(g);
      assert.equal(a.cluster.state === 'resolved' && a.cluster.cluster.resource, c);
      assert.equal(a.cluster.state === 'resolved' && a.cluster.cluster.createdByWorkspace, true);
    });

    it('ignores other compute types and keeps unknown cluster ids unknown', () => {
      const aml = resource(T.workspaceCompute, ['ws', 'cpu'], { properties: { computeType: 'AmlCompute' } });
      const k8s = resource(T.workspaceCompute, ['ws', 'k8s'], {
        properties: { computeType: 'Kubernetes', resourceId: unknownOf('no value') },
      });
      const ext = resource(T.workspaceCompute, ['ws', 'ext'], {
        properties: { computeType: 'aks', resourceId: id(T.managedCluster, 'far') },
      });
      const g = graphOf(workspace(), aml, k8s, ext);
      assert.deepEqual(
        attachments(g).map((a) => [a.compute.name, a.cluster.state]),
        [
          ['ws/k8s', 'unknown'],
          ['ws/ext', 'external'],
        ],
      );
    });

    it('treats a conditional compute as unknown', () => {
      const c = resource(
        T.workspaceCompute,
        ['ws', 'aks'],
        { properties: { computeType: 'AKS', resourceId: ids.cluster } },
        { presence: 'maybe' },
      );
      const g = graphOf(workspace(), c, cluster());
      assert.equal(attachments(g)[0].cluster.state, 'unknown');
    });
  });

  describe('clusterNetwork and vnetOfSubnet', () => {
    it('finds the VNet of a declared inline subnet', () => {
      const g = graphOf(vnet('vnet', { aks: {} }), cluster());
      const net = clusterNetwork(g, { resource: g.get(ids.cluster)!, createdByWorkspace: false });
      assert.equal(net.state, 'known');
      const v = net.state === 'known' ? net.subnets[0].vnet : undefined;
      assert.equal(v?.state === 'known' && v.resource?.id, ids.vnet);
    });

    it('finds the VNet of a subnet that is not declared here from its id', () => {
      const g = graphOf(cluster(id(T.subnet, 'hub', 'aks')));
      const v = vnetOfSubnet(g, str(id(T.subnet, 'hub', 'aks')));
      assert.deepEqual(v, {
        state: 'known',
        key: id(T.virtualNetwork, 'hub').toLowerCase(),
        id: id(T.virtualNetwork, 'hub'),
        resource: undefined,
      });
    });

    it('gives two uses of the same unset subnet parameter the same VNet, and no symbol no VNet', () => {
      const g = graphOf();
      const a = vnetOfSubnet(g, unknown('no value', undefined, "{parameters('subnetId')}"));
      const b = vnetOfSubnet(g, unknown('no value', undefined, "{parameters('subnetId')}"));
      assert.equal(a.state, 'known');
      assert.deepEqual(a, b);
      assert.equal(vnetOfSubnet(g, unknown('no value')).state, 'unknown');
    });

    it('keeps the VNet of a symbolic subnet id comparable by its symbol', () => {
      const sym = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/{parameters('vnet')}/subnets/aks`;
      const v = vnetOfSubnet(graphOf(), str(sym));
      assert.equal(v.state === 'known' && v.key, sym.toLowerCase().replace('/subnets/aks', ''));
    });

    it('says none when no node pool names a subnet and unknown when the pools are unknown', () => {
      const g = graphOf(
        resource(T.managedCluster, ['a'], { properties: { agentPoolProfiles: [{ name: 'system' }] } }),
        resource(T.managedCluster, ['b'], { properties: { agentPoolProfiles: unknownOf('param') } }),
      );
      const a = { resource: g.get(id(T.managedCluster, 'a'))!, createdByWorkspace: false };
      const b = { resource: g.get(id(T.managedCluster, 'b'))!, createdByWorkspace: false };
      assert.equal(clusterNetwork(g, a).state, 'none');
      assert.equal(clusterNetwork(g, b).state, 'unknown');
    });

    it('reads agentPools children too', () => {
      const pool = resource(T.agentPool, ['aks', 'user'], {
        properties: { vnetSubnetID: id(T.subnet, 'other', 'pe') },
      });
      const g = graphOf(cluster(), pool);
      const net = clusterNetwork(g, { resource: g.get(ids.cluster)!, createdByWorkspace: false });
      assert.deepEqual(net.state === 'known' && net.subnets.map((s) => s.vnet.state === 'known' && s.vnet.id), [
        ids.vnet,
        ids.otherVnet,
      ]);
    });
  });

  describe('privateEndpoints', () => {
    it('reads subnet, VNet, targets, group ids and zone groups', () => {
      const g = graphOf(...secureDeployment());
      const pe = privateEndpoints(g).find((p) => p.resource.name === 'pe-st')!;
      assert.equal(pe.vnet.state === 'known' && pe.vnet.id, ids.vnet);
      assert.equal(pe.connections.length, 1);
      assert.equal(pe.connections[0].target?.state, 'resolved');
      assert.deepEqual(pe.connections[0].groupIds, ['blob']);
      assert.deepEqual(
        pe.zoneGroups.map((z) => z.name),
        ['pe-st/default'],
      );
      assert.equal(pe.connectionsUnknown, undefined);
    });

    it('reads manual connections and marks unknown connection lists', () => {
      const manual = resource(T.privateEndpoint, ['m'], {
        properties: {
          subnet: { id: ids.peSubnet },
          manualPrivateLinkServiceConnections: [
            { properties: { privateLinkServiceId: ids.vault, groupIds: ['vault'] } },
          ],
        },
      });
      const opaque = resource(T.privateEndpoint, ['o'], {
        properties: { subnet: { id: ids.peSubnet }, privateLinkServiceConnections: unknownOf('param') },
      });
      const g = graphOf(manual, opaque, endpoint('x', ids.vault, 'vault'), zoneGroup('x'));
      const [m, o] = privateEndpoints(g);
      assert.equal(m.connections[0].target?.state, 'external');
      assert.equal(o.connectionsUnknown, 'param');
    });
    it('treats an endpoint declared elsewhere as one that may target anything', () => {
      const existing = resource(T.privateEndpoint, ['shared'], {}, { origin: 'existing' });
      assert.equal(
        privateEndpoints(graphOf(existing))[0].connectionsUnknown,
        "private endpoint 'shared' is declared elsewhere",
      );
    });
  });

  describe('PrivateEndpointIndex', () => {
    it('answers by target: certain endpoints, and those whose unresolved target could be it', () => {
      const partialVault = `/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/{parameters('kv')}`;
      const g = graphOf(
        storage(),
        endpoint('pe-st', ids.storage, 'blob'),
        endpoint('pe-any', unknownOf('param'), 'blob'),
        endpoint('pe-kv', partialVault, 'vault'),
      );
      const index = privateEndpointIndex(g);
      assert.equal(privateEndpointIndex(g), index, 'built once per graph');
      const st = index.of(g.get(ids.storage)!);
      assert.deepEqual(
        [st.certain.map((p) => p.resource.name), st.possible.map((p) => p.resource.name)],
        [['pe-st'], ['pe-any']],
      );
      const kv = index.of(resource(T.keyVault, ['kv'], {}));
      assert.deepEqual(
        kv.possible.map((p) => p.resource.name),
        ['pe-any', 'pe-kv'],
      );
    });
  });

  describe('zones, links and peerings', () => {
    it('reads the zones of a zone group and the VNet links of a zone, resolved or external', () => {
      const zone = resource(T.privateDnsZone, ['privatelink.vaultcore.azure.net'], {});
      const link = resource(T.privateDnsZoneLink, ['privatelink.vaultcore.azure.net', 'to-vnet'], {
        properties: { virtualNetwork: { id: ids.vnet } },
      });
      const group = resource(T.privateDnsZoneGroup, ['pe-kv', 'default'], {
        properties: {
          privateDnsZoneConfigs: [
            { name: 'vault', properties: { privateDnsZoneId: zone.id } },
            { name: 'other', properties: { privateDnsZoneId: id(T.privateDnsZone, 'privatelink.azurecr.io') } },
          ],
        },
      });
      const g = graphOf(vnet('vnet', { aks: {} }), zone, link, group);
      assert.deepEqual(
        zoneGroupZones(g, group).map((r) => r.state),
        ['resolved', 'external'],
      );
      const [l] = zoneLinks(g, zone);
      assert.equal(l.link, link);
      assert.equal(l.vnet?.state === 'resolved' && l.vnet.resource.id, ids.vnet);
    });

    it('lists child and inline peerings with their remote networks', () => {
      const a = vnet(
        'a',
        {},
        {
          virtualNetworkPeerings: [
            { name: 'a-to-c', properties: { remoteVirtualNetwork: { id: id(T.virtualNetwork, 'c') } } },
          ],
        },
      );
      const g = graphOf(a, peering('a', 'b'));
      assert.deepEqual(
        peeringsOf(g, g.get(id(T.virtualNetwork, 'a'))!).map((p) => [p.peering.name, p.remote?.state]),
        [
          ['a/a-to-b', 'external'],
          ['a/a-to-c', 'external'],
        ],
      );
    });
  });
});
