// Generated workspaces of about 50, 500 and 5,000 resources in each language, shaped like real
// infrastructure repositories: one folder per deployment, every folder using one shared file (an ARM
// linked template, a Terraform module, a Bicep module), so that editing it re-analyses them all.
// Each root also declares one AKS cluster of its own: the target of the benchmark's edits.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ARM_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const BASES = join(import.meta.dirname, '..', 'test', 'rules', '_bases');

/** The edits the latency measurement makes: one character each, toggled back and forth. */
export const EDITS = {
  // 172.16.0.10 ↔ 172.17.0.10: the DNS service IP leaves the service CIDR, which is a finding.
  finding: { needle: '172.16.0.10', offset: 5, chars: ['6', '7'] },
  // A tag value: nothing depends on it.
  neutral: { needle: 'bench-tag-0', offset: 10, chars: ['0', '1'] },
};

const pad = (i) => String(i).padStart(3, '0');

// ------------------------------------------------------------------ ARM

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

/** A stack of armStack's 13 resources plus an NSG, a role assignment and a peering to the hub. */
function armStackPlus(i) {
  const n = pad(i);
  return [
    ...armStack(i),
    {
      type: 'Microsoft.Network/networkSecurityGroups',
      apiVersion: '2023-09-01',
      name: `nsg-${n}`,
      location: "[parameters('location')]",
      properties: {
        securityRules: [
          {
            name: 'scoring',
            properties: {
              priority: 100,
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Tcp',
              sourceAddressPrefix: 'VirtualNetwork',
              sourcePortRange: '*',
              destinationAddressPrefix: '*',
              destinationPortRange: '443',
            },
          },
        ],
      },
    },
    {
      type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
      apiVersion: '2023-09-01',
      name: `vnet-${n}/to-hub`,
      properties: {
        remoteVirtualNetwork: { id: "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-hub')]" },
        allowVirtualNetworkAccess: true,
      },
    },
    {
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: `[guid('aks-${n}', 'network')]`,
      properties: {
        roleDefinitionId:
          "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4d97b98b-1d4f-4787-a291-c67834d212e7')]",
        principalId: `[reference(resourceId('Microsoft.ContainerService/managedClusters', 'aks-${n}'), '2024-02-01', 'Full').identity.principalId]`,
      },
    },
  ];
}

/** The hub every app links (relativePath): a VNet, its NSG and the private DNS zones. */
function armHub() {
  const zones = ['privatelink.blob.example', 'privatelink.vault.example', 'privatelink.amlworkspace.example'];
  return {
    $schema: ARM_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string', defaultValue: 'westeurope' } },
    resources: [
      {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        name: 'vnet-hub',
        location: "[parameters('location')]",
        tags: { owner: 'bench-tag-0' },
        properties: {
          addressSpace: { addressPrefixes: ['10.255.0.0/16'] },
          subnets: [{ name: 'shared', properties: { addressPrefix: '10.255.0.0/24' } }],
        },
      },
      ...zones.map((name) => ({
        type: 'Microsoft.Network/privateDnsZones',
        apiVersion: '2020-06-01',
        name,
        location: 'global',
      })),
    ],
  };
}

/** A nested inline deployment (inner scope) with a copy loop of spoke VNets. */
function armNested(app, count) {
  return {
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: `spokes-${app}`,
    properties: {
      mode: 'Incremental',
      expressionEvaluationOptions: { scope: 'inner' },
      parameters: { count: { value: count } },
      template: {
        $schema: ARM_SCHEMA,
        contentVersion: '1.0.0.0',
        parameters: { count: { type: 'int' } },
        resources: [
          {
            type: 'Microsoft.Network/virtualNetworks',
            apiVersion: '2023-09-01',
            name: `[format('vnet-spoke-${app}-{0}', copyIndex())]`,
            location: 'westeurope',
            copy: { name: 'spokes', count: "[parameters('count')]" },
            properties: {
              addressSpace: { addressPrefixes: ["[format('10.{0}.0.0/16', add(copyIndex(), 100))]"] },
              subnets: [
                { name: 'default', properties: { addressPrefix: "[format('10.{0}.0.0/24', add(copyIndex(), 100))]" } },
              ],
            },
          },
        ],
      },
    },
  };
}

function armApp(app, stacks, first) {
  const resources = [];
  for (let i = 0; i < stacks; i++) resources.push(...armStackPlus(first + i));
  // The first stack's cluster and VNet carry the edited values.
  resources[0].tags = { env: 'bench-tag-0' };
  resources.push(armNested(app, 4), {
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: `hub-${app}`,
    properties: { mode: 'Incremental', templateLink: { relativePath: '../shared/hub.json' } },
  });
  return {
    $schema: ARM_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string', defaultValue: 'westeurope' } },
    resources,
  };
}

// ------------------------------------------------------------------ Terraform

/** The Terraform base of the rule cases as a module: every name prefixed, plus an NSG, a peering and a role assignment. */
function tfModule() {
  const dir = join(BASES, 'terraform-aks-workspace');
  const base = readdirSync(dir)
    .filter((f) => f.endsWith('.tf') && f !== 'variables.tf')
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
    .replace(/^( {2}name\s+= )"/gm, '$1"${var.prefix}');
  return `variable "location" {
  type    = string
  default = "westeurope"
}

variable "rg" {
  type    = string
  default = "rg-ml"
}

variable "prefix" {
  type = string
}

variable "hub_vnet_id" {
  type = string
}

${base}
resource "azurerm_network_security_group" "aks" {
  name                = "\${var.prefix}nsg-aks"
  location            = var.location
  resource_group_name = var.rg
  tags                = { owner = "bench-tag-0" }

  security_rule {
    name                       = "scoring"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "*"
  }
}

resource "azurerm_virtual_network_peering" "hub" {
  name                      = "\${var.prefix}to-hub"
  resource_group_name       = var.rg
  virtual_network_name      = azurerm_virtual_network.aks.name
  remote_virtual_network_id = var.hub_vnet_id
}

resource "azurerm_role_assignment" "network" {
  scope                = azurerm_subnet.aks.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.aks.identity[0].principal_id
}
`;
}

function tfRoot(app, stacks) {
  const keys = Array.from({ length: stacks }, (_, i) => `    "${app}s${i}" = {}`).join('\n');
  return `variable "location" {
  type    = string
  default = "westeurope"
}

resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub-${app}"
  location            = var.location
  resource_group_name = "rg-${app}"
  address_space       = ["10.255.0.0/16"]
}

resource "azurerm_subnet" "edge" {
  name                 = "edge"
  resource_group_name  = "rg-${app}"
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.255.0.0/22"]
}

resource "azurerm_kubernetes_cluster" "edge" {
  name                    = "aks-edge-${app}"
  location                = var.location
  resource_group_name     = "rg-${app}"
  dns_prefix              = "edge${app}"
  private_cluster_enabled = true
  tags                    = { env = "bench-tag-0" }

  default_node_pool {
    name           = "system"
    node_count     = 3
    vm_size        = "Standard_D4s_v5"
    vnet_subnet_id = azurerm_subnet.edge.id
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

module "stack" {
  source   = "../modules/stack"
  for_each = {
${keys}
  }
  prefix      = each.key
  hub_vnet_id = azurerm_virtual_network.hub.id
}
`;
}

// ------------------------------------------------------------------ Bicep

/** The Bicep base of the rule cases as a module: top-level names prefixed, plus an NSG and a role assignment. */
function bicepModule() {
  const base = readFileSync(join(BASES, 'bicep-aks-workspace', 'main.bicep'), 'utf8').replace(
    /^( {2}name: )'/gm,
    "$1'${prefix}",
  );
  return `param prefix string
${base}
resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: '\${prefix}nsg-aks'
  location: location
  tags: {
    owner: 'bench-tag-0'
  }
  properties: {
    securityRules: [
      {
        name: 'scoring'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: 'VirtualNetwork'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '443'
        }
      }
    ]
  }
}

resource network 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(aks.id, 'network')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4d97b98b-1d4f-4787-a291-c67834d212e7')
    principalId: aks.identity.principalId
  }
}
`;
}

function bicepRoot(app, stacks) {
  return `param location string = 'westeurope'

resource edgeVnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-edge-${app}'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.255.0.0/16'
      ]
    }
    subnets: [
      {
        name: 'edge'
        properties: {
          addressPrefix: '10.255.0.0/22'
        }
      }
    ]
  }
}

resource edge 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-edge-${app}'
  location: location
  tags: {
    env: 'bench-tag-0'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: 'edge${app}'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4s_v5'
        vnetSubnetID: '\${edgeVnet.id}/subnets/edge'
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      serviceCidr: '172.16.0.0/16'
      dnsServiceIP: '172.16.0.10'
    }
  }
}

module stacks '../modules/stack.bicep' = [for i in range(0, ${stacks}): {
  name: 'stack-\${i}'
  params: {
    prefix: '${app}s\${i}'
  }
}]
`;
}

// ------------------------------------------------------------------ layout

/** Folders and stacks per folder for about 50, 500 and 5,000 resources (a stack is about 20 to 30). */
const SHAPES = {
  arm: { 50: [1, 2], 500: [4, 6], 5000: [40, 6] },
  terraform: { 50: [1, 1], 500: [4, 4], 5000: [40, 4] },
  bicep: { 50: [1, 2], 500: [4, 6], 5000: [40, 6] },
};

/**
 * Writes the workspace of one language and size under `dir`; returns its entry files (one per
 * folder, the first is the one edited), the shared file, the file names of the bare parse, and
 * `instances`: each file as many times as the analysis evaluates it.
 */
export function writeWorkspace(dir, language, size) {
  rmSync(dir, { recursive: true, force: true });
  const [folders, stacks] = SHAPES[language][size];
  const write = (rel, text) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
    return join(dir, rel);
  };
  const entries = [];
  let shared;
  for (let f = 0; f < folders; f++) {
    const app = `a${String(f).padStart(2, '0')}`;
    if (language === 'arm')
      entries.push(write(`${app}/azuredeploy.json`, JSON.stringify(armApp(app, stacks, f * stacks), null, 2) + '\n'));
    else if (language === 'terraform') entries.push(write(`${app}/main.tf`, tfRoot(app, stacks)));
    else entries.push(write(`${app}/main.bicep`, bicepRoot(app, stacks)));
  }
  if (language === 'arm') shared = write('shared/hub.json', JSON.stringify(armHub(), null, 2) + '\n');
  else if (language === 'terraform') shared = write('modules/stack/main.tf', tfModule());
  else shared = write('modules/stack.bicep', bicepModule());
  // The shared file is evaluated once per folder (ARM) or once per module instance (the others).
  const uses = language === 'arm' ? folders : folders * stacks;
  return { dir, entries, shared, files: [...entries, shared], instances: [...entries, ...Array(uses).fill(shared)] };
}

/**
 * One ARM template of about 50,000 resources, the scaling check for a quadratic step: `groups`
 * stacks of 14 declarations (16 resources with the inline subnets), each multiplied by a copy loop
 * of `count` (ARM allows 800), as big templates do: the same resources written out would be over
 * the 8 MiB file limit.
 */
export function writeHugeArm(dir, groups = 4, count = 780) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const resources = [];
  for (let g = 0; g < groups; g++) resources.push(...copiedStack(`g${g}`, count));
  const file = join(dir, 'azuredeploy.json');
  const template = {
    $schema: ARM_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string', defaultValue: 'westeurope' } },
    resources,
  };
  writeFileSync(file, JSON.stringify(template, null, 2) + '\n');
  return { dir, entries: [file], files: [file] };
}

/** One stack's declarations, each in a copy loop of `count`; `g` keeps the names of two groups apart. */
function copiedStack(g, count) {
  const name = (prefix) => `[format('${prefix}${g}-{0}', copyIndex())]`;
  const rid = (type, prefix) => `[resourceId('${type}', format('${prefix}${g}-{0}', copyIndex()))]`;
  const subnet = (s) =>
    `[resourceId('Microsoft.Network/virtualNetworks/subnets', format('vnet-${g}-{0}', copyIndex()), '${s}')]`;
  const octets = "[format('10.{0}.{1}.0/24', div(copyIndex(), 250), mod(copyIndex(), 250))]";
  const base = (type, prefix, extra) => ({
    type,
    apiVersion: '2023-09-01',
    name: name(prefix),
    location: "[parameters('location')]",
    copy: { name: `${prefix.replace(/[^a-z]/g, '')}${g}`, count },
    ...extra,
  });
  const endpoint = (target, type, group) => [
    base('Microsoft.Network/privateEndpoints', `pe-${group}-`, {
      properties: {
        subnet: { id: subnet('pe') },
        privateLinkServiceConnections: [
          { name: 'conn', properties: { privateLinkServiceId: rid(type, target), groupIds: [group] } },
        ],
      },
    }),
    {
      ...base('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', `zg-${group}-`, {
        properties: {
          privateDnsZoneConfigs: [
            {
              name: 'zone',
              properties: {
                privateDnsZoneId: `[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.${group}.example')]`,
              },
            },
          ],
        },
      }),
      name: `[format('pe-${group}-${g}-{0}/default', copyIndex())]`,
    },
  ];
  return [
    base('Microsoft.Network/virtualNetworks', 'vnet-', {
      properties: {
        addressSpace: { addressPrefixes: [octets] },
        subnets: ['aks', 'pe'].map((s) => ({ name: s, properties: { addressPrefix: octets } })),
      },
    }),
    base('Microsoft.Network/networkSecurityGroups', 'nsg-', { properties: { securityRules: [] } }),
    base('Microsoft.Storage/storageAccounts', 'st', { sku: { name: 'Standard_LRS' }, kind: 'StorageV2' }),
    base('Microsoft.KeyVault/vaults', 'kv-', {
      properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' } },
    }),
    base('Microsoft.ContainerRegistry/registries', 'cr', { sku: { name: 'Premium' } }),
    base('Microsoft.MachineLearningServices/workspaces', 'mlw-', {
      identity: { type: 'SystemAssigned' },
      properties: {
        storageAccount: rid('Microsoft.Storage/storageAccounts', 'st'),
        keyVault: rid('Microsoft.KeyVault/vaults', 'kv-'),
        containerRegistry: rid('Microsoft.ContainerRegistry/registries', 'cr'),
      },
    }),
    base('Microsoft.ContainerService/managedClusters', 'aks-', {
      identity: { type: 'SystemAssigned' },
      properties: {
        dnsPrefix: name('aks'),
        agentPoolProfiles: [{ name: 'system', count: 3, vmSize: 'Standard_D4s_v5', vnetSubnetID: subnet('aks') }],
        networkProfile: { networkPlugin: 'azure', serviceCidr: '172.16.0.0/16', dnsServiceIP: '172.16.0.10' },
        apiServerAccessProfile: { enablePrivateCluster: true },
      },
    }),
    {
      ...base('Microsoft.MachineLearningServices/workspaces/computes', 'compute-', {
        properties: { computeType: 'AKS', resourceId: rid('Microsoft.ContainerService/managedClusters', 'aks-') },
      }),
      name: `[format('mlw-${g}-{0}/aks', copyIndex())]`,
    },
    ...endpoint('st', 'Microsoft.Storage/storageAccounts', 'blob'),
    ...endpoint('mlw-', 'Microsoft.MachineLearningServices/workspaces', 'amlworkspace'),
    {
      ...base('Microsoft.Network/virtualNetworks/virtualNetworkPeerings', 'peer-', {
        properties: { remoteVirtualNetwork: { id: "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-hub')]" } },
      }),
      name: `[format('vnet-${g}-{0}/to-hub', copyIndex())]`,
    },
  ];
}
