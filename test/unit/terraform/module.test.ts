import * as assert from 'node:assert/strict';
import { terraformFrontEnd } from '../../../server/src/frontends/terraform';
import { at, knownString, toPlain } from '../../../server/src/graph/value';
import { bySymbol, load, ready, rgId, textAt, where } from './helpers';

const VNET = `
resource "azurerm_virtual_network" "net" {
  name                = "\${var.prefix}-vnet"
  resource_group_name = var.rg
  location            = var.location
  address_space       = [var.cidr]
}
`;

describe('terraform module evaluation', () => {
  before(ready);

  it('takes variables from defaults, terraform.tfvars, *.auto.tfvars and named var files, in that order', () => {
    const files = {
      'main.tf': `${VNET}
variable "prefix" { default = "dflt" }
variable "rg" {}
variable "location" { default = "westeurope" }
variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}`,
      'terraform.tfvars': 'prefix = "tfvars"\nrg = "rg-ml"\n',
      'b.auto.tfvars': 'prefix = "auto-b"\n',
      'a.auto.tfvars.json': '{ "prefix": "auto-a", "location": "northeurope" }',
      'prod.tfvars': 'prefix = "prod"\n',
    };
    const auto = bySymbol(load(files), 'azurerm_virtual_network.net');
    assert.equal(auto.id, `${rgId('rg-ml')}/providers/Microsoft.Network/virtualNetworks/auto-b-vnet`);
    assert.equal(knownString(at(auto.body, 'location')), 'northeurope');
    const named = bySymbol(load(files, { varFiles: ['prod.tfvars'] }), 'azurerm_virtual_network.net');
    assert.equal(named.name, 'prod-vnet');
    assert.equal(named.idKnown, true);
  });

  it('builds symbolic ids from unset variables, so references still match', () => {
    const result = load({
      'main.tf': `${VNET}
variable "prefix" {}
variable "rg" { default = "rg" }
variable "location" { default = "westeurope" }
variable "cidr" { default = "10.0.0.0/16" }
resource "azurerm_subnet" "aks" {
  name                 = "aks"
  resource_group_name  = var.rg
  virtual_network_name = azurerm_virtual_network.net.name
  address_prefixes     = [cidrsubnet(var.cidr, 8, 1)]
}`,
    });
    const vnet = bySymbol(result, 'azurerm_virtual_network.net');
    const subnet = bySymbol(result, 'azurerm_subnet.aks');
    assert.equal(vnet.idKnown, false);
    assert.equal(vnet.id, `${rgId('rg')}/providers/Microsoft.Network/virtualNetworks/{var.prefix}-vnet`);
    assert.equal(subnet.id, `${vnet.id}/subnets/aks`);
    assert.deepEqual(toPlain(at(subnet.body, 'properties.addressPrefixes')), ['10.0.1.0/24']);
  });

  it('keeps a registry module call as a deployment that is not analysed', () => {
    const text = 'module "pe" {\n  source  = "Azure/avm-res-network-privateendpoint/azurerm"\n  version = "0.2.0"\n}\n';
    const r = load({ 'main.tf': text });
    const m = bySymbol(r, 'module.pe');
    assert.deepEqual(
      [m.type, m.origin, m.presence, where(m.span), toPlain(m.body)],
      [
        'Microsoft.Resources/deployments',
        'declared',
        'always',
        '1:1-4:2',
        { properties: { templateLink: { uri: 'Azure/avm-res-network-privateendpoint/azurerm' } } },
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['module-not-local'],
    );
  });

  it('expands count and for_each, with count.index, each.key and each.value', () => {
    const result = load({
      'main.tf': `
locals {
  zones = { blob = "privatelink.blob.core.windows.net", vault = "privatelink.vaultcore.azure.net" }
}
resource "azurerm_private_dns_zone" "z" {
  for_each            = local.zones
  name                = each.value
  resource_group_name = "rg-\${each.key}"
}
resource "azurerm_subnet" "s" {
  count                = 2
  name                 = "snet-\${count.index}"
  resource_group_name  = "rg"
  virtual_network_name = "vnet"
  address_prefixes     = [cidrsubnet("10.0.0.0/16", 8, count.index)]
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = azurerm_subnet.s[1].id
  private_service_connection {
    name                           = "c"
    private_connection_resource_id = azurerm_private_dns_zone.z["vault"].id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }
}`,
    });
    assert.deepEqual(
      result.resources.map((r) => r.symbol),
      [
        'azurerm_private_dns_zone.z["blob"]',
        'azurerm_private_dns_zone.z["vault"]',
        'azurerm_subnet.s[0]',
        'azurerm_subnet.s[1]',
        'azurerm_private_endpoint.pe',
      ],
    );
    const vault = bySymbol(result, 'azurerm_private_dns_zone.z["vault"]');
    assert.equal(
      vault.id,
      `${rgId('rg-vault')}/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`,
    );
    const pe = bySymbol(result, 'azurerm_private_endpoint.pe');
    assert.equal(
      knownString(at(pe.body, 'properties.subnet.id')),
      `${rgId('rg')}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-1`,
    );
    assert.equal(
      knownString(at(pe.body, 'properties.privateLinkServiceConnections[0].properties.privateLinkServiceId')),
      vault.id,
    );
    assert.deepEqual(toPlain(at(bySymbol(result, 'azurerm_subnet.s[1]').body, 'properties.addressPrefixes')), [
      '10.0.1.0/24',
    ]);
  });

  it('marks instances of an unknown count as maybe present', () => {
    const result = load({
      'main.tf': `
variable "enabled" {}
resource "azurerm_private_dns_zone" "z" {
  count               = var.enabled ? 1 : 0
  name                = "privatelink.api.azureml.ms"
  resource_group_name = "rg"
}`,
    });
    const [zone] = result.resources;
    assert.equal(zone.presence, 'maybe');
    assert.match(zone.presenceReason ?? '', /count of azurerm_private_dns_zone.z is not known/);
  });

  it('expands dynamic blocks', () => {
    const result = load({
      'main.tf': `
variable "subnets" {
  default = { aks = "10.0.1.0/24", pe = "10.0.2.0/24" }
}
resource "azurerm_virtual_network" "v" {
  name                = "vnet"
  resource_group_name = "rg"
  location            = "westeurope"
  address_space       = ["10.0.0.0/16"]
  dynamic "subnet" {
    for_each = var.subnets
    iterator = sn
    content {
      name           = sn.key
      address_prefix = sn.value
    }
  }
}
output "ids" { value = azurerm_virtual_network.v.subnet[*].id }`,
    });
    const vnet = bySymbol(result, 'azurerm_virtual_network.v');
    assert.deepEqual(toPlain(at(vnet.body, 'properties.subnets')), [
      { name: 'aks', properties: { addressPrefix: '10.0.1.0/24' } },
      { name: 'pe', properties: { addressPrefix: '10.0.2.0/24' } },
    ]);
  });

  it('resolves data sources to existing resources with canonical ids', () => {
    const result = load({
      'main.tf': `
data "azurerm_subnet" "aks" {
  name                 = "snet-aks"
  virtual_network_name = "vnet-hub"
  resource_group_name  = "rg-net"
}
resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  default_node_pool {
    name           = "system"
    vnet_subnet_id = data.azurerm_subnet.aks.id
  }
}`,
    });
    const subnet = bySymbol(result, 'data.azurerm_subnet.aks');
    assert.equal(subnet.origin, 'existing');
    assert.equal(at(subnet.body, 'properties.addressPrefix')?.kind, 'unknown');
    assert.equal(subnet.id, `${rgId('rg-net')}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-aks`);
    const aks = bySymbol(result, 'azurerm_kubernetes_cluster.aks');
    assert.equal(knownString(at(aks.body, 'properties.agentPoolProfiles[0].vnetSubnetID')), subnet.id);
  });

  it('gives attributes known only after apply a symbol of the resource address', () => {
    const result = load({
      'main.tf': `
resource "azurerm_user_assigned_identity" "id" {
  name                = "uai"
  location            = "westeurope"
  resource_group_name = "rg"
}
resource "azurerm_role_assignment" "ra" {
  name                 = "ra1"
  scope                = "/subscriptions/s/resourceGroups/rg"
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.id.principal_id
}`,
    });
    const ra = bySymbol(result, 'azurerm_role_assignment.ra');
    assert.equal(ra.id, '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/ra1');
    const principal = at(ra.body, 'properties.principalId');
    assert.equal(principal?.kind, 'unknown');
    assert.equal(
      principal?.kind === 'unknown' ? principal.symbol : '',
      '{azurerm_user_assigned_identity.id.principal_id}',
    );
    assert.equal(
      knownString(at(ra.body, 'properties.roleDefinitionId')),
      '/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7',
    );
  });

  it('follows local modules with inputs and outputs, once per distinct input', () => {
    const files = {
      'main.tf': `
module "net" {
  source = "./modules/net"
  name   = "hub"
}
module "net_again" {
  source = "./modules/net"
  name   = "hub"
}
module "spoke" {
  source = "./modules/net"
  name   = "spoke"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = module.spoke.subnet_id
}`,
      'modules/net/main.tf': `
variable "name" {}
resource "azurerm_subnet" "s" {
  name                 = "snet-\${var.name}"
  resource_group_name  = "rg"
  virtual_network_name = "vnet-\${var.name}"
  address_prefixes     = ["10.0.0.0/24"]
}
output "subnet_id" { value = azurerm_subnet.s.id }`,
    };
    const result = load(files);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.resources.map((r) => r.symbol),
      ['azurerm_private_endpoint.pe', 'module.net.azurerm_subnet.s', 'module.spoke.azurerm_subnet.s'],
    );
    const spoke = bySymbol(result, 'module.spoke.azurerm_subnet.s');
    assert.equal(spoke.file, '/ws/modules/net/main.tf');
    const pe = bySymbol(result, 'azurerm_private_endpoint.pe');
    const subnetId = at(pe.body, 'properties.subnet.id');
    assert.equal(knownString(subnetId), spoke.id);
    assert.equal(textAt(files['main.tf'], subnetId?.span), 'module.spoke.subnet_id');
  });

  it('expands module count and for_each, with one instance per key', () => {
    const result = load({
      'main.tf': `
module "spoke" {
  for_each = { a = "10.1.0.0/16", b = "10.2.0.0/16" }
  source   = "./spoke"
  name     = each.key
  cidr     = each.value
}
module "pair" {
  count  = 2
  source = "./spoke"
  name   = "p\${count.index}"
  cidr   = "10.9.0.0/16"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = module.spoke["b"].subnet_id
}`,
      'spoke/main.tf': `
variable "name" {}
variable "cidr" {}
resource "azurerm_subnet" "s" {
  name                 = "snet"
  resource_group_name  = "rg"
  virtual_network_name = "vnet-\${var.name}"
  address_prefixes     = [cidrsubnet(var.cidr, 8, 0)]
}
output "subnet_id" { value = azurerm_subnet.s.id }`,
    });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.resources.map((r) => r.symbol),
      [
        'azurerm_private_endpoint.pe',
        'module.spoke["a"].azurerm_subnet.s',
        'module.spoke["b"].azurerm_subnet.s',
        'module.pair[0].azurerm_subnet.s',
        'module.pair[1].azurerm_subnet.s',
      ],
    );
    const b = bySymbol(result, 'module.spoke["b"].azurerm_subnet.s');
    assert.deepEqual(toPlain(at(b.body, 'properties.addressPrefixes')), ['10.2.0.0/24']);
    assert.equal(knownString(at(bySymbol(result, 'azurerm_private_endpoint.pe').body, 'properties.subnet.id')), b.id);
  });

  it('reports registry modules once as info and keeps their outputs unknown', () => {
    const text = `
module "aks" {
  source  = "Azure/aks/azurerm"
  version = "9.0.0"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = module.aks.subnet_id
}`;
    const result = load({ 'main.tf': text });
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, where(p.span)]),
      [['module-not-local', 'info', '3:3-3:32']],
    );
    const subnet = at(bySymbol(result, 'azurerm_private_endpoint.pe').body, 'properties.subnet.id');
    assert.equal(subnet?.kind, 'unknown');
  });

  it('reports a missing local module as a warning on its source', () => {
    const result = load({ 'main.tf': 'module "m" {\n  source = "./nowhere"\n}\n' });
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, where(p.span)]),
      [['module-missing', 'warning', '2:3-2:23']],
    );
  });

  it('survives reference cycles and modules that call themselves', () => {
    const result = load({
      'main.tf': `
locals {
  a = local.b
  b = local.a
}
variable "n" { default = 0 }
module "self" {
  source = "./"
  n      = var.n + 1
}
resource "azurerm_private_dns_zone" "z" {
  name                = local.a
  resource_group_name = "rg"
}`,
    });
    const zone = bySymbol(result, 'azurerm_private_dns_zone.z');
    assert.equal(zone.idKnown, false);
    assert.ok(result.problems.some((p) => p.code === 'module-too-deep'));
  });

  it('reads .tf.json files like .tf files', () => {
    const text = JSON.stringify(
      {
        variable: { prefix: { default: 'ml' } },
        resource: {
          azurerm_kubernetes_cluster: {
            aks: {
              name: '${var.prefix}-aks',
              location: 'westeurope',
              resource_group_name: 'rg',
              private_cluster_enabled: true,
              default_node_pool: {
                name: 'sys',
                vnet_subnet_id:
                  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a',
              },
            },
          },
        },
      },
      null,
      2,
    );
    const result = load({ 'main.tf.json': text });
    const aks = bySymbol(result, 'azurerm_kubernetes_cluster.aks');
    assert.equal(aks.name, 'ml-aks');
    assert.equal(toPlain(at(aks.body, 'properties.apiServerAccessProfile.enablePrivateCluster')), true);
    assert.equal(
      knownString(at(aks.body, 'properties.agentPoolProfiles[0].vnetSubnetID')),
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a',
    );
    assert.equal(textAt(text, at(aks.body, 'properties.apiServerAccessProfile.enablePrivateCluster')?.span), 'true');
  });

  it('ignores comments anywhere, including inside expressions', () => {
    const result = load({
      'main.tf': `# top
resource "azurerm_private_dns_zone" "z" { // trailing
  /* block comment */
  name = join(".", [ # inline
    "privatelink", /* x */ "blob",
    "core.windows.net"
  ])
  resource_group_name = 1 + /* c */ 2 > 2 ? "rg" : "no"
}`,
    });
    assert.deepEqual(result.problems, []);
    assert.equal(
      result.resources[0].id,
      `${rgId('rg')}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
    );
  });

  it('does not claim variable files', () => {
    assert.equal(terraformFrontEnd.claims('/ws/main.tf', ''), true);
    assert.equal(terraformFrontEnd.claims('/ws/main.tf.json', ''), true);
    assert.equal(terraformFrontEnd.claims('/ws/terraform.tfvars', ''), false);
    assert.equal(terraformFrontEnd.claims('/ws/x.tfvars.json', ''), false);
    assert.equal(terraformFrontEnd.claims('/ws/azuredeploy.json', ''), false);
  });
});
