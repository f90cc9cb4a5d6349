import * as assert from 'node:assert/strict';
import type { ResourceGraph } from '../../../server/src/graph/graph';
import { privateEndpointReach, serviceEndpointAccess, vnetReachable } from '../../../server/src/graph/reachability';
import { vnetOfSubnet } from '../../../server/src/graph/networks';
import type { VnetRef } from '../../../server/src/graph/networks';
import { privateEndpointIndex } from '../../../server/src/graph/private-endpoints';
import { T } from '../../../server/src/graph/types';
import { str } from '../../../server/src/graph/value';
import {
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
} from './hand-built';

const vnetRef = (g: ResourceGraph, name: string): VnetRef => vnetOfSubnet(g, str(id(T.subnet, name, 's')));

/** What `privateEndpointReach` says of the storage account, seen from the AKS subnet's VNet. */
const storageReachFromAks = (g: ResourceGraph) =>
  privateEndpointReach(g, privateEndpointIndex(g), g.get(ids.storage)!, vnetOfSubnet(g, str(ids.aksSubnet)));

describe('reachability', () => {
  describe('vnetReachable', () => {
    const a = vnet('a', { s: {} });
    const b = vnet('b', { s: {} });

    it('is yes within one VNet', () => {
      const g = graphOf(a);
      assert.equal(vnetReachable(g, vnetRef(g, 'a'), vnetRef(g, 'a')).state, 'yes');
    });

    it('is yes for VNets peered in both directions, with child or inline peerings', () => {
      const inlineB = vnet(
        'b',
        { s: {} },
        {
          virtualNetworkPeerings: [
            { name: 'b-to-a', properties: { remoteVirtualNetwork: { id: id(T.virtualNetwork, 'a') } } },
          ],
        },
      );
      const g = graphOf(a, inlineB, peering('a', 'b'));
      assert.equal(vnetReachable(g, vnetRef(g, 'a'), vnetRef(g, 'b')).state, 'yes');
      assert.equal(vnetReachable(g, vnetRef(g, 'b'), vnetRef(g, 'a')).state, 'yes');
    });

    it('is no for a one-way peering or none at all', () => {
      const oneWay = graphOf(a, b, peering('a', 'b'));
      assert.equal(vnetReachable(oneWay, vnetRef(oneWay, 'a'), vnetRef(oneWay, 'b')).state, 'no');
      const none = graphOf(a, b);
      assert.equal(vnetReachable(none, vnetRef(none, 'a'), vnetRef(none, 'b')).state, 'no');
    });

    it('is no when a peering turns virtual network access off', () => {
      const g = graphOf(a, b, peering('a', 'b'), peering('b', 'a', { allowVirtualNetworkAccess: false }));
      assert.equal(vnetReachable(g, vnetRef(g, 'a'), vnetRef(g, 'b')).state, 'no');
    });

    it('is unknown when a peering has an unknown remote, is conditional, or a VNet is not declared', () => {
      const remoteUnknown = resource(T.peering, ['b', 'b-to-x'], {
        properties: { remoteVirtualNetwork: { id: unknownOf('param') } },
      });
      const g1 = graphOf(a, b, peering('a', 'b'), remoteUnknown);
      assert.equal(vnetReachable(g1, vnetRef(g1, 'a'), vnetRef(g1, 'b')).state, 'unknown');

      const maybe = resource(
        T.peering,
        ['b', 'b-to-a'],
        { properties: { remoteVirtualNetwork: { id: id(T.virtualNetwork, 'a') } } },
        { presence: 'maybe' },
      );
      const g2 = graphOf(a, b, peering('a', 'b'), maybe);
      assert.equal(vnetReachable(g2, vnetRef(g2, 'a'), vnetRef(g2, 'b')).state, 'unknown');

      const orphan = resource(
        T.peering,
        ['x', 'p'],
        { properties: { remoteVirtualNetwork: { id: id(T.virtualNetwork, 'a') } } },
        { id: `${id(T.virtualNetwork, "{parameters('hub')}")}/virtualNetworkPeerings/p` },
      );
      const g4 = graphOf(a, b, peering('a', 'b'), orphan);
      assert.equal(vnetReachable(g4, vnetRef(g4, 'a'), vnetRef(g4, 'b')).state, 'unknown');

      const g3 = graphOf(a);
      const r = vnetReachable(g3, vnetRef(g3, 'a'), vnetRef(g3, 'hub'));
      assert.equal(r.state, 'unknown');
      assert.match(r.reason ?? '', /virtual network 'a' and virtual network 'hub'/);
    });
  });

  describe('privateEndpointReach', () => {
    it('is yes for an endpoint in the same VNet', () => {
      const g = graphOf(...secureDeployment());
      const r = storageReachFromAks(g);
      assert.equal(r.state, 'yes');
      assert.deepEqual(
        r.reachable.map((p) => p.resource.name),
        ['pe-st', 'pe-st-file'],
      );
    });

    it('is no with the unreachable endpoints listed when the endpoint is in an unpeered VNet', () => {
      const g = graphOf(
        vnet('vnet', { aks: {} }),
        vnet('other', { pe: {} }),
        storage(),
        endpoint('pe-st', ids.storage, 'blob', ids.otherSubnet),
      );
      const r = storageReachFromAks(g);
      assert.equal(r.state, 'no');
      assert.deepEqual(
        r.unreachable.map((p) => p.resource.name),
        ['pe-st'],
      );
    });

    it('is no with nothing listed when there is no endpoint', () => {
      const g = graphOf(vnet('vnet', { aks: {} }), storage());
      const r = storageReachFromAks(g);
      assert.deepEqual([r.state, r.reachable, r.unreachable], ['no', [], []]);
    });

    it('is unknown when some endpoint could target the resource, but not when its partial id has another type', () => {
      const partialVault = `/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/{parameters('kv')}`;
      const base = [vnet('vnet', { aks: {} }), storage()];
      const g1 = graphOf(...base, endpoint('pe-x', unknownOf('param'), 'blob'));
      assert.equal(storageReachFromAks(g1).state, 'unknown');
      const g2 = graphOf(...base, endpoint('pe-x', partialVault, 'vault'));
      assert.equal(storageReachFromAks(g2).state, 'no');
    });

    it('is unknown for a conditional endpoint or one in a subnet that cannot be determined', () => {
      const base = [vnet('vnet', { aks: {} }), storage()];
      const g1 = graphOf(...base, endpoint('pe-st', ids.storage, 'blob', ids.aksSubnet, { presence: 'maybe' }));
      assert.equal(storageReachFromAks(g1).state, 'unknown');
      const g2 = graphOf(...base, endpoint('pe-st', ids.storage, 'blob', unknownOf('param')));
      assert.equal(storageReachFromAks(g2).state, 'unknown');
    });
  });

  describe('serviceEndpointAccess', () => {
    const withRule = storage({
      networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [{ id: ids.aksSubnet, action: 'Allow' }] },
    });
    const subnetsOf = (g: ResourceGraph) => [{ value: str(ids.aksSubnet), vnet: vnetOfSubnet(g, str(ids.aksSubnet)) }];

    it('is yes with the service endpoint on the AKS subnet and a matching rule', () => {
      const g = graphOf(vnet('vnet', { aks: { serviceEndpoints: [{ service: 'Microsoft.Storage' }] } }), withRule);
      assert.equal(serviceEndpointAccess(g, g.get(ids.storage)!, subnetsOf(g)).state, 'yes');
    });

    it('is no without the service endpoint or without the rule', () => {
      const g1 = graphOf(vnet('vnet', { aks: {} }), withRule);
      assert.equal(serviceEndpointAccess(g1, g1.get(ids.storage)!, subnetsOf(g1)).state, 'no');
      const g2 = graphOf(vnet('vnet', { aks: { serviceEndpoints: [{ service: 'Microsoft.Storage' }] } }), storage());
      assert.equal(serviceEndpointAccess(g2, g2.get(ids.storage)!, subnetsOf(g2)).state, 'no');
    });

    it('is unknown when the subnet is not declared here or the rules are unknown', () => {
      const g1 = graphOf(withRule);
      assert.equal(serviceEndpointAccess(g1, g1.get(ids.storage)!, subnetsOf(g1)).state, 'unknown');
      const g2 = graphOf(
        vnet('vnet', { aks: { serviceEndpoints: [{ service: 'Microsoft.Storage' }] } }),
        storage({ networkAcls: { virtualNetworkRules: unknownOf('param') } }),
      );
      assert.equal(serviceEndpointAccess(g2, g2.get(ids.storage)!, subnetsOf(g2)).state, 'unknown');
    });
  });
});
