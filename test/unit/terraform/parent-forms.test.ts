import * as assert from 'node:assert/strict';
import type { LoadResult } from '../../../server/src/frontends/frontend';
import { at, toPlain } from '../../../server/src/graph/value';
import { bySymbol, load, ready, rgId, SUB } from './helpers';

/**
 * Standalone resources that augment another one, joined to their parent in each way an azurerm
 * major names it: by id, by name + resource group, by name + parent name. Every form must reach
 * the same parent; a parent that is not in the configuration is joined to nothing.
 */

/** The parents every case shares; a case adds only the augmenting resource. */
const PARENTS = `
variable "account" {
  type = string
}
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  location            = "westeurope"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "aks" {
  name                 = "aks"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
  service_endpoints    = ["Microsoft.Storage"]
}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
}
resource "azurerm_route_table" "rt" {
  name                = "rt"
  location            = "westeurope"
  resource_group_name = "rg"
}
resource "azurerm_storage_account" "st" {
  name                     = "stml"
  location                 = "westeurope"
  resource_group_name      = "rg-data"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_storage_account" "unnamed" {
  name                     = var.account
  location                 = "westeurope"
  resource_group_name      = "rg-data"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg"
}
resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks"
  default_node_pool {
    name           = "system"
    vm_size        = "Standard_D4s_v5"
    vnet_subnet_id = azurerm_subnet.aks.id
  }
  identity {
    type = "SystemAssigned"
  }
}
resource "azurerm_machine_learning_workspace" "ws" {
  name                    = "ws"
  location                = "westeurope"
  resource_group_name     = "rg"
  application_insights_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/components/ai"
  key_vault_id            = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
  storage_account_id      = azurerm_storage_account.st.id
  identity {
    type = "SystemAssigned"
  }
}
`;

const NET = `${rgId('rg')}/providers/Microsoft.Network`;
const ACCOUNT = `${rgId('rg-data')}/providers/Microsoft.Storage/storageAccounts/stml`;
const withParents = (resource: string): LoadResult => load({ 'main.tf': PARENTS + resource });
const acls = (r: LoadResult, symbol: string): unknown =>
  toPlain(at(bySymbol(r, symbol).body, 'properties.networkAcls'));

/** Whether every network rule the patch sets on the account is unknown (so no rule can read it as absent). */
const unknownAcls = (r: LoadResult, symbol: string): boolean => {
  const body = bySymbol(r, symbol).body;
  return ['defaultAction', 'virtualNetworkRules'].every(
    (k) => at(body, `properties.networkAcls.${k}`)?.kind === 'unknown',
  );
};

const NETWORK_RULES = `
  default_action             = "Deny"
  virtual_network_subnet_ids = [azurerm_subnet.aks.id]`;
const JOINED_ACLS = { defaultAction: 'Deny', virtualNetworkRules: [{ id: `${NET}/virtualNetworks/vnet/subnets/aks` }] };

describe('terraform: standalone resources joined to their parent in every azurerm form', () => {
  before(ready);

  describe('azurerm_storage_account_network_rules', () => {
    it('3.x and 4.x: storage_account_id', () => {
      const r = withParents(`
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_id = azurerm_storage_account.st.id${NETWORK_RULES}
}`);
      assert.deepEqual(acls(r, 'azurerm_storage_account.st'), JOINED_ACLS);
    });

    it('2.x and 3.x: storage_account_name + resource_group_name', () => {
      const r = withParents(`
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_name = azurerm_storage_account.st.name
  resource_group_name  = azurerm_storage_account.st.resource_group_name${NETWORK_RULES}
}`);
      assert.deepEqual(acls(r, 'azurerm_storage_account.st'), JOINED_ACLS);
    });

    it('2.x and 3.x with literal names', () => {
      const r = withParents(`
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_name = "stml"
  resource_group_name  = "rg-data"${NETWORK_RULES}
}`);
      assert.deepEqual(acls(r, 'azurerm_storage_account.st'), JOINED_ACLS);
    });

    it('by name when the name is unknown: joined to the account named by the same variable', () => {
      const r = withParents(`
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_name = var.account
  resource_group_name  = "rg-data"${NETWORK_RULES}
}`);
      assert.deepEqual(acls(r, 'azurerm_storage_account.unnamed'), JOINED_ACLS);
      assert.equal(acls(r, 'azurerm_storage_account.st'), undefined);
    });

    it('by name in another resource group, or of an account declared elsewhere: joined to none declared here', () => {
      for (const target of [
        '"stml"\n  resource_group_name  = "rg-other"',
        '"stelsewhere"\n  resource_group_name  = "rg-data"',
      ]) {
        const r = withParents(`
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_name = ${target}${NETWORK_RULES}
}`);
        assert.equal(acls(r, 'azurerm_storage_account.st'), undefined, target);
        // The account whose name is a variable may be the one named: its rules are not known.
        assert.equal(unknownAcls(r, 'azurerm_storage_account.unnamed'), true, target);
      }
    });

    it('a target that is not known: every account it may change has unknown network rules', () => {
      for (const target of [
        'storage_account_id = var.account',
        'storage_account_name = "stml"\n  resource_group_name  = var.account',
      ]) {
        const r = withParents(`
resource "azurerm_storage_account_network_rules" "st" {
  ${target}${NETWORK_RULES}
}`);
        assert.equal(unknownAcls(r, 'azurerm_storage_account.st'), true, target);
        assert.equal(unknownAcls(r, 'azurerm_storage_account.unnamed'), true, target);
      }
    });
  });

  it('subnet associations (every major: subnet_id) set the NSG and the route table', () => {
    const r = withParents(`
resource "azurerm_subnet_network_security_group_association" "aks" {
  subnet_id                 = azurerm_subnet.aks.id
  network_security_group_id = azurerm_network_security_group.nsg.id
}
resource "azurerm_subnet_route_table_association" "aks" {
  subnet_id      = azurerm_subnet.aks.id
  route_table_id = azurerm_route_table.rt.id
}`);
    const subnet = bySymbol(r, 'azurerm_subnet.aks');
    assert.deepEqual(toPlain(at(subnet.body, 'properties.networkSecurityGroup')), {
      id: `${NET}/networkSecurityGroups/nsg`,
    });
    assert.deepEqual(toPlain(at(subnet.body, 'properties.routeTable')), { id: `${NET}/routeTables/rt` });
  });

  it('an association whose subnet is not known leaves every subnet its NSG may be on unknown', () => {
    const r = withParents(`
resource "azurerm_subnet_network_security_group_association" "any" {
  subnet_id                 = var.account
  network_security_group_id = azurerm_network_security_group.nsg.id
}`);
    const nsg = at(bySymbol(r, 'azurerm_subnet.aks').body, 'properties.networkSecurityGroup.id');
    assert.equal(nsg?.kind, 'unknown');
  });

  it('children named by name + parent name + resource group: subnet, NSG rule, DNS zone link, peering', () => {
    const r = withParents(`
resource "azurerm_network_security_rule" "deny" {
  name                        = "deny-out"
  resource_group_name         = "rg"
  network_security_group_name = azurerm_network_security_group.nsg.name
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
}
resource "azurerm_private_dns_zone_virtual_network_link" "blob" {
  name                  = "link"
  resource_group_name   = "rg"
  private_dns_zone_name = azurerm_private_dns_zone.blob.name
  virtual_network_id    = azurerm_virtual_network.vnet.id
}
resource "azurerm_virtual_network_peering" "out" {
  name                      = "to-hub"
  resource_group_name       = "rg"
  virtual_network_name      = azurerm_virtual_network.vnet.name
  remote_virtual_network_id = "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub"
}`);
    const child = (symbol: string) => bySymbol(r, symbol).id;
    assert.equal(child('azurerm_subnet.aks'), `${bySymbol(r, 'azurerm_virtual_network.vnet').id}/subnets/aks`);
    assert.equal(
      child('azurerm_network_security_rule.deny'),
      `${bySymbol(r, 'azurerm_network_security_group.nsg').id}/securityRules/deny-out`,
    );
    assert.equal(
      child('azurerm_private_dns_zone_virtual_network_link.blob'),
      `${bySymbol(r, 'azurerm_private_dns_zone.blob').id}/virtualNetworkLinks/link`,
    );
    assert.equal(
      child('azurerm_virtual_network_peering.out'),
      `${bySymbol(r, 'azurerm_virtual_network.vnet').id}/virtualNetworkPeerings/to-hub`,
    );
  });

  it('children named by the parent id: node pool, AML computes, role assignment scope', () => {
    const r = withParents(`
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = "Standard_D4s_v5"
  vnet_subnet_id        = azurerm_subnet.aks.id
}
resource "azurerm_machine_learning_inference_cluster" "inf" {
  name                          = "inf"
  location                      = "westeurope"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
  kubernetes_cluster_id         = azurerm_kubernetes_cluster.aks.id
}
resource "azurerm_machine_learning_compute_cluster" "cpu" {
  name                          = "cpu"
  location                      = "westeurope"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
  vm_size                       = "Standard_DS3_v2"
  vm_priority                   = "Dedicated"
}
resource "azurerm_role_assignment" "blob" {
  name                 = "00000000-0000-0000-0000-0000000000aa"
  scope                = azurerm_storage_account.st.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_kubernetes_cluster.aks.identity[0].principal_id
}`);
    const aks = bySymbol(r, 'azurerm_kubernetes_cluster.aks').id;
    const ws = bySymbol(r, 'azurerm_machine_learning_workspace.ws').id;
    assert.equal(bySymbol(r, 'azurerm_kubernetes_cluster_node_pool.user').id, `${aks}/agentPools/user`);
    assert.equal(bySymbol(r, 'azurerm_machine_learning_inference_cluster.inf').id, `${ws}/computes/inf`);
    assert.equal(bySymbol(r, 'azurerm_machine_learning_compute_cluster.cpu').id, `${ws}/computes/cpu`);
    assert.equal(
      bySymbol(r, 'azurerm_role_assignment.blob').id,
      `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-0000-0000-0000000000aa`,
    );
  });

  describe('storage containers under a datastore', () => {
    const datastore = (container: string) => `
resource "azurerm_storage_container" "c" {
  name = "training"
  ${container}
}
resource "azurerm_machine_learning_datastore_blobstorage" "ds" {
  name                 = "training"
  workspace_id         = azurerm_machine_learning_workspace.ws.id
  storage_container_id = azurerm_storage_container.c.resource_manager_id
}`;
    const account = (r: LoadResult) =>
      toPlain(at(bySymbol(r, 'azurerm_machine_learning_datastore_blobstorage.ds').body, 'properties.accountName'));

    it('4.x: storage_account_id', () => {
      assert.equal(account(withParents(datastore('storage_account_id = azurerm_storage_account.st.id'))), 'stml');
    });

    it("3.x: storage_account_name alone, joined to this configuration's account of that name", () => {
      assert.equal(account(withParents(datastore('storage_account_name = azurerm_storage_account.st.name'))), 'stml');
      const r = withParents(datastore('storage_account_name = "stml"'));
      assert.deepEqual(
        toPlain(at(bySymbol(r, 'azurerm_machine_learning_datastore_blobstorage.ds').body, 'properties')),
        {
          datastoreType: 'AzureBlob',
          accountName: 'stml',
          resourceGroup: 'rg-data',
          subscriptionId: SUB,
        },
      );
    });

    it('3.x naming an account declared elsewhere: the datastore account stays unknown', () => {
      const r = withParents(datastore('storage_account_name = "stelsewhere"'));
      const value = at(bySymbol(r, 'azurerm_machine_learning_datastore_blobstorage.ds').body, 'properties.accountName');
      assert.equal(value?.kind, 'unknown');
    });
  });

  it('security rules keep their application security groups (so no rule reads them as any source)', () => {
    const r = withParents(`
resource "azurerm_network_security_rule" "asg" {
  name                                  = "from-asg"
  resource_group_name                   = "rg"
  network_security_group_name           = azurerm_network_security_group.nsg.name
  priority                              = 110
  direction                             = "Inbound"
  access                                = "Allow"
  protocol                              = "Tcp"
  source_application_security_group_ids = ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/web"]
  destination_address_prefix            = "*"
  source_port_range                     = "*"
  destination_port_range                = "443"
}`);
    assert.deepEqual(
      toPlain(at(bySymbol(r, 'azurerm_network_security_rule.asg').body, 'properties.sourceApplicationSecurityGroups')),
      [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/web' }],
    );
  });
});
