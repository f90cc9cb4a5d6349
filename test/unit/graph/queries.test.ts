import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { formatCidr } from '../../../server/src/graph/cidr';
import type { ResourceGraph } from '../../../server/src/graph/graph';
import type { QueryNote } from '../../../server/src/graph/queries';
import { graphQueries } from '../../../server/src/graph/queries';
import type { Resource } from '../../../server/src/graph/resource';
import { BUILT_IN_ROLES } from '../../../server/src/graph/tables/roles';
import { T } from '../../../server/src/graph/types';
import { TF_DEPLOYMENT } from '../terraform/deployment';
import { MemoryHost, ROOT } from '../terraform/helpers';
import { cluster, compute, graphOf, id, ids, resource, secureDeployment, unknownOf, vnet } from './hand-built';

const queries = (graph: ResourceGraph, notes: QueryNote[] = []) => graphQueries(graph, (n) => notes.push(n));

/** An NSG with `rules` (ARM security rule properties) on the AKS subnet of the secure deployment. */
function withNsg(rules: Record<string, unknown>[], subnetProps: Record<string, unknown> = {}) {
  const nsg = resource(T.networkSecurityGroup, ['nsg'], {
    properties: { securityRules: rules.map((properties, i) => ({ name: `r${i}`, properties })) },
  });
  const net = vnet('vnet', {
    aks: { addressPrefix: '10.0.0.0/22', networkSecurityGroup: { id: nsg.id }, ...subnetProps },
    pe: { addressPrefix: '10.0.4.0/24' },
  });
  const graph = graphOf(...secureDeployment().filter((r) => r.name !== 'vnet'), net, nsg);
  const subnet = graph.get(ids.aksSubnet)!;
  return { graph, subnet, nsg: queries(graph).effectiveNsg(subnet) };
}

const rule = (priority: number, direction: string, access: string, extra: Record<string, unknown> = {}) => ({
  priority,
  direction,
  access,
  protocol: 'Tcp',
  sourceAddressPrefix: '*',
  sourcePortRange: '*',
  destinationAddressPrefix: '*',
  destinationPortRange: '*',
  ...extra,
});

describe('graph queries', () => {
  describe('effective NSG of a subnet', () => {
    it('is none without an NSG, unknown for an NSG declared elsewhere or from a parameter', () => {
      const graph = graphOf(...secureDeployment());
      assert.equal(queries(graph).effectiveNsg(graph.get(ids.aksSubnet)!).state, 'none');
      const external = vnet('vnet', { aks: { networkSecurityGroup: { id: id(T.networkSecurityGroup, 'elsewhere') } } });
      const g2 = graphOf(external);
      assert.equal(queries(g2).effectiveNsg(g2.get(ids.aksSubnet)!).state, 'unknown');
      const param = vnet('vnet', { aks: { networkSecurityGroup: { id: unknownOf("parameter 'nsgId'") } } });
      const g3 = graphOf(param);
      assert.equal(queries(g3).effectiveNsg(g3.get(ids.aksSubnet)!).state, 'unknown');
    });

    it('falls back to the default rules: VNet and Internet out allowed, Internet in denied', () => {
      const { nsg } = withNsg([]);
      assert.equal(nsg.state, 'known');
      if (nsg.state !== 'known') return;
      const e = nsg.evaluation;
      assert.deepEqual(
        [
          e.outbound('AzureContainerRegistry', 443),
          e.outbound('Internet', 80),
          e.outbound('10.0.4.5', 443),
          e.inbound('Internet', 443),
          e.inbound('VirtualNetwork', 443),
          e.inbound('AzureLoadBalancer', 80),
        ].map((d) => [d.access, d.rule?.name]),
        [
          ['Allow', 'AllowInternetOutBound'],
          ['Allow', 'AllowInternetOutBound'],
          ['Allow', 'AllowVnetOutBound'],
          ['Deny', 'DenyAllInBound'],
          ['Allow', 'AllowVnetInBound'],
          ['Allow', 'AllowAzureLoadBalancerInBound'],
        ],
      );
    });

    it('evaluates custom rules in priority order, by tag, port range and protocol', () => {
      const { nsg } = withNsg([
        rule(200, 'Outbound', 'Deny', { destinationAddressPrefix: 'Internet' }),
        rule(100, 'Outbound', 'Allow', {
          destinationAddressPrefix: 'AzureContainerRegistry.westeurope',
          destinationPortRange: null,
          destinationPortRanges: ['443', '8000-8100'],
        }),
        rule(300, 'Inbound', 'Allow', { sourceAddressPrefix: 'Internet', destinationPortRange: '443', protocol: '*' }),
      ]);
      if (nsg.state !== 'known') return assert.fail(nsg.state);
      const e = nsg.evaluation;
      assert.deepEqual(
        [
          e.outbound('AzureContainerRegistry.westeurope', 443),
          e.outbound('AzureContainerRegistry.westeurope', 8050),
          e.outbound('AzureContainerRegistry.westeurope', 22),
          e.outbound('AzureContainerRegistry', 443),
          e.outbound('AzureContainerRegistry.eastus', 443),
          e.outbound('10.0.4.5', 443),
          e.inbound('Internet', 443),
          e.inbound('Internet', 443, 'Udp'),
          e.inbound('Internet', 80),
        ].map((d) => [d.access, d.rule?.name]),
        [
          ['Allow', 'r1'],
          ['Allow', 'r1'],
          ['Deny', 'r0'],
          ['unknown', undefined],
          ['Deny', 'r0'],
          ['Allow', 'AllowVnetOutBound'],
          ['Allow', 'r2'],
          ['Allow', 'r2'],
          ['Deny', 'DenyAllInBound'],
        ],
      );
      assert.deepEqual(
        e.custom('Inbound').map((r) => r.name),
        ['r2'],
      );
    });

    it('matches CIDR prefixes against the subnet ranges and the remote end', () => {
      const { nsg } = withNsg([
        rule(100, 'Outbound', 'Deny', { sourceAddressPrefix: '10.0.0.0/24', destinationAddressPrefix: '*' }),
        rule(110, 'Outbound', 'Deny', { sourceAddressPrefix: '10.9.0.0/16', destinationAddressPrefix: '*' }),
        rule(120, 'Inbound', 'Deny', { sourceAddressPrefix: '192.168.0.0/16' }),
      ]);
      if (nsg.state !== 'known') return assert.fail(nsg.state);
      const e = nsg.evaluation;
      // 10.0.0.0/24 covers part of the /22 subnet: some of its traffic is denied, the rest allowed.
      assert.equal(e.outbound('Internet', 443).access, 'unknown');
      assert.equal(e.inbound('192.168.4.0/24', 443).access, 'Deny');
      assert.equal(e.inbound('Internet', 443).access, 'Deny', 'DenyAllInBound: a private range is not Internet');
    });

    it('is unknown where a rule cannot be read, unless every outcome is the same', () => {
      const { nsg } = withNsg([
        rule(100, 'Outbound', 'Deny', { destinationPortRange: unknownOf("parameter 'port'") }),
        rule(110, 'Inbound', 'Deny', { sourceApplicationSecurityGroups: [{ id: 'asg' }] }),
      ]);
      if (nsg.state !== 'known') return assert.fail(nsg.state);
      const e = nsg.evaluation;
      assert.deepEqual(
        [e.outbound('Internet', 443).access, e.outbound('Internet', 443).reason],
        ['unknown', "the ports of rule 'r0' are not known"],
      );
      assert.equal(e.inbound('Internet', 443).access, 'Deny', 'deny either way: the ASG rule or DenyAllInBound');
      assert.equal(e.inbound('VirtualNetwork', 443).access, 'unknown');
    });

    it('reads NSG rules declared as child resources and Terraform NSGs', async () => {
      await initAnalysis();
      // The deployment's NSG denies outbound Internet (priority 100); a standalone rule allows the registry first.
      const host = new MemoryHost({
        'main.tf': `${TF_DEPLOYMENT}
resource "azurerm_network_security_rule" "acr" {
  name                        = "allow-acr"
  resource_group_name         = "rg"
  network_security_group_name = azurerm_network_security_group.nsg.name
  priority                    = 50
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = "VirtualNetwork"
  destination_address_prefix  = "AzureContainerRegistry"
}
`,
      });
      const { graph } = analyzeDeployment(host.deployment(), host, defaultConfig());
      const subnet = graph.ofType(T.subnet).find((x) => x.name === 'vnet/aks')!;
      const nsg = queries(graph).effectiveNsg(subnet);
      if (nsg.state !== 'known') return assert.fail(nsg.state === 'unknown' ? nsg.reason : nsg.state);
      assert.deepEqual(
        [
          nsg.evaluation.outbound('AzureContainerRegistry', 443).rule?.name,
          nsg.evaluation.outbound('Internet', 80).rule?.name,
          // The registry's addresses are part of Internet: some of that traffic is allowed, the rest denied.
          nsg.evaluation.outbound('Internet', 443).access,
          nsg.evaluation.outbound('10.0.2.4', 443).access,
        ],
        ['allow-acr', 'deny-out', 'unknown', 'Allow'],
      );
    });
  });

  describe('subnets and the AKS network profile', () => {
    it('lists the subnets of a VNet with their ranges', () => {
      const graph = graphOf(
        vnet('vnet', { a: { addressPrefix: '10.0.0.0/24' }, b: { addressPrefixes: ['10.0.1.0/24', 'fd00::/64'] } }),
      );
      const subnets = queries(graph).subnets(graph.get(ids.vnet)!);
      assert.deepEqual(
        subnets.map((s) => (s.prefixes.state === 'known' ? s.prefixes.cidrs.map(formatCidr) : s.prefixes.state)),
        [['10.0.0.0/24'], ['10.0.1.0/24', 'fd00::/64']],
      );
    });

    it('reads managed cluster and AML compute network settings, dual-stack lists first', () => {
      const aks = cluster(ids.aksSubnet, {
        networkProfile: {
          serviceCidr: '10.2.0.0/16',
          serviceCidrs: ['10.2.0.0/16', 'fd00::/108'],
          dnsServiceIP: '10.2.0.10',
        },
      });
      const amlCompute = resource(T.workspaceCompute, ['ws', 'created'], {
        properties: {
          computeType: 'AKS',
          properties: {
            loadBalancerType: 'InternalLoadBalancer',
            aksNetworkingConfiguration: { serviceCidr: unknownOf("parameter 'cidr'"), dnsServiceIP: '10.3.0.10' },
          },
        },
      });
      const q = queries(graphOf(aks, amlCompute));
      const managed = q.aksNetworkProfile({ resource: aks, createdByWorkspace: false });
      assert.deepEqual(
        [
          managed.serviceCidrs.path,
          managed.serviceCidrs.parsed?.map(formatCidr),
          managed.dnsServiceIP.state,
          managed.dockerBridgeCidr.state,
        ],
        ['properties.networkProfile.serviceCidrs', ['10.2.0.0/16', 'fd00::/108'], 'known', 'absent'],
      );
      const created = q.aksNetworkProfile({ resource: amlCompute, createdByWorkspace: true });
      assert.deepEqual(
        [created.serviceCidrs.state, created.serviceCidrs.reason, q.computeLoadBalancer(amlCompute).internal.state],
        ['unknown', "parameter 'cidr'", 'yes'],
      );
    });

    it('treats an empty list where one service range is expected as unknown (fuzz case arm 5826)', () => {
      const aks = cluster(ids.aksSubnet, { networkProfile: { serviceCidr: [], dnsServiceIP: '10.2.0.10' } });
      const profile = queries(graphOf(aks)).aksNetworkProfile({ resource: aks, createdByWorkspace: false });
      assert.equal(profile.serviceCidrs.state, 'unknown');
      assert.match(profile.serviceCidrs.reason ?? '', /address range/);
    });
  });

  describe('role assignments by principal and scope', () => {
    const NETWORK = BUILT_IN_ROLES.networkContributor.id;

    async function load(files: Record<string, string>) {
      await initAnalysis();
      const host = new MemoryHost(files);
      const sources = Object.entries(files).map(([name, text]) => ({ path: path.join(ROOT, name), text }));
      const { graph } = analyzeDeployment(sources, host, defaultConfig());
      const aks = graph.ofType(T.managedCluster)[0];
      const q = queries(graph);
      return { graph, q, identity: q.clusterIdentity({ resource: aks, createdByWorkspace: false }) };
    }

    const tfCluster = `
resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  location = "westeurope"
  resource_group_name = "rg"
  dns_prefix = "aks"
  default_node_pool {
    name = "system"
    vm_size = "x"
  }
  identity { type = "SystemAssigned" }
}
`;

    it('matches a Terraform assignment by role name, the cluster identity and a resource group scope', async () => {
      const { q, identity } = await load({
        'main.tf': `${tfCluster}
resource "azurerm_role_assignment" "net" {
  scope = "/subscriptions/s/resourceGroups/net"
  role_definition_name = "Network Contributor"
  principal_id = azurerm_kubernetes_cluster.aks.identity[0].principal_id
}
resource "azurerm_role_assignment" "kubelet" {
  scope = "/subscriptions/s/resourceGroups/other"
  role_definition_name = "Network Contributor"
  principal_id = azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id
}
`,
      });
      assert.equal(identity.type, 'SystemAssigned');
      const vnetId = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v';
      assert.equal(q.hasRole(identity, [NETWORK], vnetId).state, 'yes');
      assert.equal(q.hasRole(identity, [NETWORK], `${vnetId}/subnets/aks`).state, 'yes', 'a subnet below the scope');
      assert.equal(q.hasRole(identity, [NETWORK], '/subscriptions/s/resourceGroups/other').state, 'no', 'kubelet');
      assert.equal(q.hasRole(identity, [BUILT_IN_ROLES.reader.id], vnetId).state, 'no');
      assert.equal(q.hasRole(identity, [NETWORK], '/subscriptions/s/resourceGroups/network').state, 'no');
    });

    it('is unknown for a principal from a variable, and for a scope from a variable', async () => {
      const { q, identity } = await load({
        'main.tf': `${tfCluster}
variable "principal" {}
variable "scope" {}
resource "azurerm_role_assignment" "p" {
  scope = "/subscriptions/s/resourceGroups/net"
  role_definition_name = "Network Contributor"
  principal_id = var.principal
}
resource "azurerm_role_assignment" "s" {
  scope = var.scope
  role_definition_name = "Network Contributor"
  principal_id = azurerm_kubernetes_cluster.aks.identity[0].principal_id
}
`,
      });
      const check = q.hasRole(identity, [NETWORK], '/subscriptions/s/resourceGroups/net');
      assert.equal(check.state, 'unknown');
      assert.equal(q.hasRole(identity, [NETWORK], '/subscriptions/s/resourceGroups/x').state, 'unknown');
    });

    it("matches an ARM assignment whose principal is reference(cluster, …, 'Full').identity.principalId", async () => {
      const template = {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [
          {
            type: 'Microsoft.ContainerService/managedClusters',
            apiVersion: '2023-01-01',
            name: 'aks',
            location: 'westeurope',
            identity: { type: 'SystemAssigned' },
            properties: { dnsPrefix: 'aks' },
          },
          {
            type: 'Microsoft.Authorization/roleAssignments',
            apiVersion: '2022-04-01',
            name: "[guid(resourceGroup().id, 'aks')]",
            properties: {
              roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${NETWORK}')]`,
              principalId:
                "[reference(resourceId('Microsoft.ContainerService/managedClusters', 'aks'), '2023-01-01', 'Full').identity.principalId]",
            },
          },
        ],
      };
      const { q, identity, graph } = await load({ 'main.json': JSON.stringify(template, null, 2) });
      const rg = graph.ofType(T.managedCluster)[0].id.split('/providers/')[0];
      const check = q.hasRole(identity, [NETWORK], `${rg}/providers/Microsoft.Network/virtualNetworks/v`);
      assert.equal(check.state, 'yes');
      assert.equal(check.assignment?.type, T.roleAssignment);
    });
  });

  describe('memoised answers', () => {
    it('computes each answer once per graph and hands every asker its notes', () => {
      const graph = graphOf(...secureDeployment().filter((r) => r.name !== 'aks'), compute());
      const first: QueryNote[] = [];
      const second: QueryNote[] = [];
      const a = queries(graph, first).clustersInVnet();
      const b = queries(graph, second).clustersInVnet();
      assert.equal(a, b);
      assert.ok(first.length > 0);
      assert.deepEqual(second, first);
    });

    it('keeps reverse peerings of a VNet', () => {
      const hub = vnet('hub', {});
      const spoke: Resource = vnet(
        'spoke',
        {},
        {
          virtualNetworkPeerings: [{ name: 'to-hub', properties: { remoteVirtualNetwork: { id: hub.id } } }],
        },
      );
      const graph = graphOf(hub, spoke);
      assert.deepEqual(
        queries(graph)
          .reversePeerings(graph.get(hub.id)!)
          .map((p) => [p.peering.name, p.from?.name]),
        [['spoke/to-hub', 'spoke']],
      );
    });
  });
});
