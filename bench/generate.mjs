// Deterministic benchmark workloads: the same input on every run and every machine, written under
// bench/workloads/ (git-ignored) at run time. Sizes are the targets of the benchmark brief: an ARM
// template of ~2,000 resources, a Terraform configuration of ~5,000 lines, 50 small deployments.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ARM_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** One secured AKS inferencing "stack": VNet, subnets, AKS, workspace and its dependencies, endpoints. */
function armStack(i) {
  const n = String(i).padStart(3, '0');
  const octet = i % 250;
  const vnet = `vnet-${n}`;
  const rid = (type, ...names) => `[resourceId('${type}', ${names.map((x) => `'${x}'`).join(', ')})]`;
  const subnetId = (s) => rid('Microsoft.Network/virtualNetworks/subnets', vnet, s);
  const endpoint = (target, type, group) => [
    {
      type: 'Microsoft.Network/privateEndpoints',
      apiVersion: '2023-09-01',
      name: `pe-${target}-${group}`,
      location: "[parameters('location')]",
      properties: {
        subnet: { id: subnetId('pe') },
        privateLinkServiceConnections: [
          { name: 'conn', properties: { privateLinkServiceId: rid(type, target), groupIds: [group] } },
        ],
      },
    },
    {
      type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      apiVersion: '2023-09-01',
      name: `pe-${target}-${group}/default`,
      properties: {
        privateDnsZoneConfigs: [
          {
            name: 'zone',
            properties: { privateDnsZoneId: rid('Microsoft.Network/privateDnsZones', `privatelink.${group}.example`) },
          },
        ],
      },
    },
  ];
  return [
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-09-01',
      name: vnet,
      location: "[parameters('location')]",
      properties: {
        addressSpace: { addressPrefixes: [`10.${octet}.0.0/16`] },
        subnets: ['aks', 'pe', 'lb', 'jump'].map((s, k) => ({
          name: s,
          properties: { addressPrefix: `10.${octet}.${k * 16}.0/20` },
        })),
      },
    },
    {
      type: 'Microsoft.Storage/storageAccounts',
      apiVersion: '2023-01-01',
      name: `st${n}`,
      location: "[parameters('location')]",
      sku: { name: 'Standard_LRS' },
      kind: 'StorageV2',
      properties: { networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny' } },
    },
    {
      type: 'Microsoft.KeyVault/vaults',
      apiVersion: '2023-07-01',
      name: `kv-${n}`,
      location: "[parameters('location')]",
      properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' } },
    },
    {
      type: 'Microsoft.ContainerRegistry/registries',
      apiVersion: '2023-07-01',
      name: `cr${n}`,
      location: "[parameters('location')]",
      sku: { name: i % 7 === 0 ? 'Basic' : 'Premium' },
      properties: { networkRuleBypassOptions: 'AzureServices' },
    },
    {
      type: 'Microsoft.MachineLearningServices/workspaces',
      apiVersion: '2024-04-01',
      name: `mlw-${n}`,
      location: "[parameters('location')]",
      identity: { type: 'SystemAssigned' },
      properties: {
        storageAccount: rid('Microsoft.Storage/storageAccounts', `st${n}`),
        keyVault: rid('Microsoft.KeyVault/vaults', `kv-${n}`),
        containerRegistry: rid('Microsoft.ContainerRegistry/registries', `cr${n}`),
      },
    },
    {
      type: 'Microsoft.ContainerService/managedClusters',
      apiVersion: '2024-02-01',
      name: `aks-${n}`,
      location: "[parameters('location')]",
      identity: { type: 'SystemAssigned' },
      properties: {
        dnsPrefix: `aks${n}`,
        agentPoolProfiles: [{ name: 'system', count: 3, vmSize: 'Standard_D4s_v5', vnetSubnetID: subnetId('aks') }],
        networkProfile: { networkPlugin: 'azure', serviceCidr: '172.16.0.0/16', dnsServiceIP: '172.16.0.10' },
        apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: i % 5 === 0 },
      },
    },
    {
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      apiVersion: '2024-04-01',
      name: `mlw-${n}/aks`,
      location: "[parameters('location')]",
      properties: { computeType: 'AKS', resourceId: rid('Microsoft.ContainerService/managedClusters', `aks-${n}`) },
    },
    ...endpoint(`st${n}`, 'Microsoft.Storage/storageAccounts', 'blob'),
    ...endpoint(`kv-${n}`, 'Microsoft.KeyVault/vaults', 'vault'),
    ...endpoint(`mlw-${n}`, 'Microsoft.MachineLearningServices/workspaces', 'amlworkspace'),
  ];
}

/** A VNet family declared once and multiplied by a copy loop, as real templates do. */
function armLoop(count) {
  return {
    type: 'Microsoft.Network/virtualNetworks',
    apiVersion: '2023-09-01',
    name: "[format('vnet-loop-{0}', copyIndex())]",
    location: "[parameters('location')]",
    copy: { name: 'vnets', count },
    properties: {
      addressSpace: { addressPrefixes: ["[format('10.{0}.0.0/16', add(copyIndex(), 1))]"] },
      subnets: [{ name: 'default', properties: { addressPrefix: "[format('10.{0}.0.0/24', add(copyIndex(), 1))]" } }],
    },
  };
}

/** ARM: 146 stacks of 13 resources (their VNets with 4 inline subnets each) + a copy loop of 100 VNets: ~2,000 resources. */
export function armTemplate(stacks = 146, loop = 100) {
  const resources = [];
  for (let i = 0; i < stacks; i++) resources.push(...armStack(i));
  resources.push(armLoop(loop));
  const template = {
    $schema: ARM_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string', defaultValue: 'westeurope' } },
    resources,
  };
  return JSON.stringify(template, null, 2) + '\n';
}

function tfStack(i) {
  const n = String(i).padStart(3, '0');
  const octet = i % 250;
  return `
resource "azurerm_virtual_network" "vnet_${n}" {
  name                = "vnet-${n}"
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = ["10.${octet}.0.0/16"]
}

resource "azurerm_subnet" "aks_${n}" {
  name                 = "aks"
  resource_group_name  = var.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_${n}.name
  address_prefixes     = ["10.${octet}.0.0/20"]
}

resource "azurerm_subnet" "pe_${n}" {
  name                 = "pe"
  resource_group_name  = var.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_${n}.name
  address_prefixes     = ["10.${octet}.16.0/24"]
}

resource "azurerm_storage_account" "st_${n}" {
  name                     = "st${n}"
  resource_group_name      = var.resource_group_name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "LRS"

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}

resource "azurerm_kubernetes_cluster" "aks_${n}" {
  name                    = "aks-${n}"
  location                = var.location
  resource_group_name     = var.resource_group_name
  dns_prefix              = "aks${n}"
  private_cluster_enabled = true

  default_node_pool {
    name           = "system"
    node_count     = 3
    vm_size        = "Standard_D4s_v5"
    vnet_subnet_id = azurerm_subnet.aks_${n}.id
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin = "azure"
    service_cidr   = "172.16.0.0/16"
    dns_service_ip = "172.16.0.10"
  }
}

resource "azurerm_private_endpoint" "st_${n}_blob" {
  name                = "pe-st${n}-blob"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = azurerm_subnet.pe_${n}.id

  private_service_connection {
    name                           = "blob"
    private_connection_resource_id = azurerm_storage_account.st_${n}.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.blob.id]
  }
}

resource "azurerm_machine_learning_workspace" "mlw_${n}" {
  name                    = "mlw-${n}"
  location                = var.location
  resource_group_name     = var.resource_group_name
  application_insights_id = var.application_insights_id
  key_vault_id            = var.key_vault_id
  storage_account_id      = azurerm_storage_account.st_${n}.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_inference_cluster" "aks_${n}" {
  name                          = "aks"
  location                      = var.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.mlw_${n}.id
  kubernetes_cluster_id         = azurerm_kubernetes_cluster.aks_${n}.id
  cluster_purpose               = "FastProd"
}
`;
}

/** Terraform: variables, a shared DNS zone, a counted resource, and as many stacks as reach `lines`. */
export function terraformConfig(lines = 5000) {
  let text = `variable "location" {
  type    = string
  default = "westeurope"
}

variable "resource_group_name" {
  type    = string
  default = "rg-bench"
}

# Set at apply time: what depends on them stays unknown, as in real configurations.
variable "key_vault_id" {
  type = string
}

variable "application_insights_id" {
  type = string
}

resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = var.resource_group_name
}

resource "azurerm_virtual_network" "counted" {
  count               = 20
  name                = "vnet-counted-\${count.index}"
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = ["10.\${count.index}.0.0/16"]
}
`;
  for (let i = 0; text.split('\n').length < lines; i++) text += tfStack(i);
  return text;
}

/** A small deployment: one VNet and an AKS cluster in it, ARM or Terraform by turns. */
function smallDeployment(i) {
  if (i % 2 === 1) return { 'main.tf': terraformConfig(0) + tfStack(i) };
  return {
    'azuredeploy.json':
      JSON.stringify(
        {
          $schema: ARM_SCHEMA,
          contentVersion: '1.0.0.0',
          parameters: { location: { type: 'string', defaultValue: 'westeurope' } },
          resources: armStack(i).slice(0, 7),
        },
        null,
        2,
      ) + '\n',
  };
}

/** Writes every workload afresh and returns where each one is. */
export function generateWorkloads(dir) {
  rmSync(dir, { recursive: true, force: true });
  const arm = join(dir, 'arm-2000');
  const tf = join(dir, 'terraform-5000');
  const many = join(dir, 'deployments-50');
  mkdirSync(arm, { recursive: true });
  mkdirSync(tf, { recursive: true });
  writeFileSync(join(arm, 'azuredeploy.json'), armTemplate());
  writeFileSync(join(tf, 'main.tf'), terraformConfig());
  for (let i = 0; i < 50; i++) {
    const d = join(many, `dep-${String(i).padStart(2, '0')}`);
    mkdirSync(d, { recursive: true });
    for (const [name, text] of Object.entries(smallDeployment(i))) writeFileSync(join(d, name), text);
  }
  return { arm, tf, many };
}
