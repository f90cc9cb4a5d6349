import * as assert from 'node:assert/strict';
import { buildGraph } from '../../../server/src/graph/build';
import { T } from '../../../server/src/graph/types';
import { at, entry, knownString, toPlain } from '../../../server/src/graph/value';
import { TF_DEPLOYMENT as MAIN } from './deployment';
import { bySymbol, load, ready, rgId, SUB, textAt } from './helpers';

const NET = `${rgId('rg')}/providers/Microsoft.Network`;

describe('terraform → ARM mapping', () => {
  before(ready);

  const result = () => load({ 'main.tf': MAIN });

  it('maps the AKS cluster onto managedClusters with Terraform spans', () => {
    const aks = bySymbol(result(), 'azurerm_kubernetes_cluster.aks');
    assert.equal(aks.type, T.managedCluster);
    assert.deepEqual(toPlain(aks.body), {
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
      properties: {
        dnsPrefix: 'aks',
        apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: true },
        agentPoolProfiles: [
          { name: 'system', vnetSubnetID: `${NET}/virtualNetworks/vnet/subnets/aks`, vmSize: 'Standard_D4s_v5' },
        ],
        networkProfile: {
          networkPlugin: 'azure',
          serviceCidr: '10.1.0.0/16',
          dnsServiceIP: '10.1.0.10',
          dockerBridgeCidr: '172.17.0.1/16',
        },
      },
    });
    const access = at(aks.body, 'properties.apiServerAccessProfile');
    const fqdn = entry(access, 'enablePrivateClusterPublicFQDN');
    assert.equal(textAt(MAIN, fqdn?.span), 'private_cluster_public_fqdn_enabled = true');
    assert.equal(textAt(MAIN, fqdn?.value.span), 'true');
    assert.equal(textAt(MAIN, aks.nameSpan), 'name                                = "aks"');
    // Objects filled from a nested block are written where the block is: findings about an
    // absent setting in them land on the block.
    assert.match(textAt(MAIN, entry(at(aks.body, 'properties'), 'networkProfile')?.span), /^network_profile \{[^]*\}$/);
    assert.match(textAt(MAIN, at(aks.body, 'properties.agentPoolProfiles[0]')?.span), /^default_node_pool \{[^]*\}$/);
    assert.equal(entry(at(aks.body, 'properties'), 'apiServerAccessProfile')?.span, undefined);
    const subnet = at(aks.body, 'properties.agentPoolProfiles[0].vnetSubnetID');
    assert.equal(textAt(MAIN, subnet?.span), 'azurerm_subnet.aks.id');
  });

  it('maps the workspace, its inference cluster and an azapi compute', () => {
    const r = result();
    const ws = bySymbol(r, 'azurerm_machine_learning_workspace.ws');
    assert.deepEqual(toPlain(at(ws.body, 'properties')), {
      storageAccount: `${rgId('rg')}/providers/Microsoft.Storage/storageAccounts/stml`,
      keyVault: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
      applicationInsights: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/components/ai',
      hbiWorkspace: true,
      publicNetworkAccess: 'Disabled',
    });
    const inf = bySymbol(r, 'azurerm_machine_learning_inference_cluster.inf');
    assert.equal(inf.type, T.workspaceCompute);
    assert.equal(inf.id, `${ws.id}/computes/inf`);
    assert.deepEqual(toPlain(inf.body), {
      location: 'westeurope',
      properties: { computeType: 'AKS', resourceId: bySymbol(r, 'azurerm_kubernetes_cluster.aks').id },
    });
    const azapi = bySymbol(r, 'azapi_resource.compute');
    assert.equal(azapi.type, T.workspaceCompute);
    assert.equal(azapi.id, `${ws.id}/computes/k8s`);
    assert.equal(knownString(at(azapi.body, 'properties.computeType')), 'Kubernetes');
  });

  it('maps private endpoints with their connections and DNS zone group child', () => {
    const r = result();
    const pe = bySymbol(r, 'azurerm_private_endpoint.pe');
    assert.deepEqual(toPlain(at(pe.body, 'properties')), {
      subnet: { id: `${NET}/virtualNetworks/vnet/subnets/aks` },
      privateLinkServiceConnections: [
        {
          name: 'blob',
          properties: {
            privateLinkServiceId: `${rgId('rg')}/providers/Microsoft.Storage/storageAccounts/stml`,
            groupIds: ['blob'],
          },
        },
      ],
      manualPrivateLinkServiceConnections: [],
    });
    const group = bySymbol(r, 'azurerm_private_endpoint.pe.private_dns_zone_group[0]');
    assert.equal(group.type, T.privateDnsZoneGroup);
    assert.equal(group.id, `${pe.id}/privateDnsZoneGroups/default`);
    assert.equal(group.parentKey, pe.key);
    assert.deepEqual(toPlain(group.body), {
      properties: {
        privateDnsZoneConfigs: [
          { properties: { privateDnsZoneId: `${NET}/privateDnsZones/privatelink.blob.core.windows.net` } },
        ],
      },
    });
  });

  it('keeps a dynamic zone group over an unknown collection as a conditional child, and none over an empty one', () => {
    const endpoint = (forEach: string) => `
variable "zones" {
  type = list(string)
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe1"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = "/x"
  dynamic "private_dns_zone_group" {
    for_each = ${forEach}
    content {
      name                 = "default"
      private_dns_zone_ids = var.zones
    }
  }
}
`;
    const groups = (r: ReturnType<typeof load>) => r.resources.filter((x) => x.type === T.privateDnsZoneGroup);
    const [group] = groups(load({ 'main.tf': endpoint('var.zones') }));
    const pe = bySymbol(load({ 'main.tf': endpoint('var.zones') }), 'azurerm_private_endpoint.pe');
    assert.deepEqual(
      [group.symbol, group.presence, group.presenceReason, group.parentKey],
      [
        'azurerm_private_endpoint.pe.private_dns_zone_group',
        'maybe',
        "the dynamic 'private_dns_zone_group' blocks are not known",
        pe.key,
      ],
    );
    assert.deepEqual(groups(load({ 'main.tf': endpoint('[]') })), []);
  });

  it('maps networks: inline subnets, NSG rules, associations and storage network rules', () => {
    const r = result();
    const graph = buildGraph(r.resources);
    const inline = graph.get(`${NET}/virtualNetworks/vnet/subnets/inline`);
    assert.ok(inline, 'inline subnet expanded by the graph');
    assert.deepEqual(toPlain(inline.body), {
      properties: { addressPrefix: '10.0.9.0/24', networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg` } },
    });
    const subnet = bySymbol(r, 'azurerm_subnet.aks');
    assert.deepEqual(toPlain(subnet.body), {
      properties: {
        addressPrefixes: ['10.0.1.0/24'],
        serviceEndpoints: [{ service: 'Microsoft.Storage' }],
        networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg` },
      },
    });
    const rule = graph.get(`${NET}/networkSecurityGroups/nsg/securityRules/deny-out`);
    assert.equal(knownString(at(rule?.body, 'properties.access')), 'Deny');
    const st = bySymbol(r, 'azurerm_storage_account.st');
    assert.deepEqual(toPlain(st.body), {
      location: 'westeurope',
      sku: { name: 'Standard_LRS' },
      properties: {
        networkAcls: {
          defaultAction: 'Deny',
          bypass: 'AzureServices, Logging',
          virtualNetworkRules: [{ id: `${NET}/virtualNetworks/vnet/subnets/aks` }],
        },
      },
    });
  });

  it('maps a datastore onto the account, group and subscription of its container', () => {
    const r = load({
      'main.tf': `
resource "azurerm_storage_account" "data" {
  name                     = "stdata"
  location                 = "westeurope"
  resource_group_name      = "rg-data"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_storage_container" "c" {
  name               = "training"
  storage_account_id = azurerm_storage_account.data.id
}
resource "azurerm_machine_learning_datastore_blobstorage" "ds" {
  name                 = "trainingdata"
  workspace_id         = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws"
  storage_container_id = azurerm_storage_container.c.id
}`,
    });
    const ds = bySymbol(r, 'azurerm_machine_learning_datastore_blobstorage.ds');
    assert.equal(ds.type, T.workspaceDatastore);
    assert.equal(
      ds.id,
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/datastores/trainingdata',
    );
    assert.deepEqual(toPlain(ds.body), {
      properties: { datastoreType: 'AzureBlob', accountName: 'stdata', resourceGroup: 'rg-data', subscriptionId: SUB },
    });
  });

  it('maps AML compute clusters and instances as non-AKS workspace computes', () => {
    const r = load({
      'main.tf': `
resource "azurerm_machine_learning_compute_cluster" "cpu" {
  name                          = "cpu"
  location                      = "westeurope"
  vm_size                       = "Standard_DS3_v2"
  machine_learning_workspace_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws"
  subnet_resource_id            = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/training"
  vm_priority                   = "LowPriority"
}`,
    });
    const cpu = bySymbol(r, 'azurerm_machine_learning_compute_cluster.cpu');
    assert.equal(
      cpu.id,
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/cpu',
    );
    assert.deepEqual(toPlain(cpu.body), {
      location: 'westeurope',
      properties: {
        computeType: 'AmlCompute',
        properties: {
          vmSize: 'Standard_DS3_v2',
          subnet: {
            id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/training',
          },
        },
      },
    });
  });

  it('accepts azurerm 3.x names next to 4.x ones', () => {
    const r = load({
      'main.tf': `
resource "azurerm_machine_learning_workspace" "ws" {
  name                                         = "ws"
  location                                     = "westeurope"
  resource_group_name                          = "rg"
  public_access_behind_virtual_network_enabled = true
}
resource "azurerm_kubernetes_cluster" "aks" {
  name                            = "aks"
  location                        = "westeurope"
  resource_group_name             = "rg"
  api_server_authorized_ip_ranges = ["1.2.3.4/32"]
  network_profile {
    network_plugin     = "kubenet"
    docker_bridge_cidr = "172.17.0.1/16"
  }
}`,
    });
    assert.equal(
      toPlain(
        at(bySymbol(r, 'azurerm_machine_learning_workspace.ws').body, 'properties.allowPublicAccessWhenBehindVnet'),
      ),
      true,
    );
    const aks = bySymbol(r, 'azurerm_kubernetes_cluster.aks');
    assert.deepEqual(toPlain(at(aks.body, 'properties.apiServerAccessProfile.authorizedIPRanges')), ['1.2.3.4/32']);
    assert.equal(knownString(at(aks.body, 'properties.networkProfile.dockerBridgeCidr')), '172.17.0.1/16');
  });
});
