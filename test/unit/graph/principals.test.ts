import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { DEFAULT_CONTEXT } from '../../../server/src/graph/context';
import type { ResourceGraph } from '../../../server/src/graph/graph';
import { graphQueries } from '../../../server/src/graph/queries';
import { normalizeId } from '../../../server/src/graph/resource-id';
import { BUILT_IN_ROLES } from '../../../server/src/graph/tables/roles';
import { T } from '../../../server/src/graph/types';
import { at } from '../../../server/src/graph/value';
import { MemoryHost, ROOT } from '../terraform/helpers';

/**
 * Principal ids are only known after deployment. Each front end marks a principal read from a
 * resource's identity with `principalOf` (whose identity, which kind), the same way for ARM's
 * `reference()`, Bicep's symbolic property access and Terraform's attribute reads; role assignment
 * queries recognise the cluster's identity by it.
 */

const RG = `/subscriptions/${DEFAULT_CONTEXT.subscriptionId}/resourceGroups/${DEFAULT_CONTEXT.resourceGroup}`;
const key = (type: string, name: string) => normalizeId(`${RG}/providers/${type}/${name}`);
const AKS = key(T.managedCluster, 'aks');
const UAI = key(T.userAssignedIdentity, 'id-aks');

function load(files: Record<string, string>): ResourceGraph {
  const host = new MemoryHost(files);
  const sources = Object.entries(files).map(([name, text]) => ({ path: path.join(ROOT, name), text }));
  return analyzeDeployment(sources, host, defaultConfig()).graph;
}

/** `principalId` of each role assignment (by its description, or its Terraform name): [resource key, identity kind] or the kind. */
function principals(graph: ResourceGraph): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ra of graph.ofType(T.roleAssignment)) {
    const p = at(ra.body, 'properties.principalId');
    const description = at(ra.body, 'properties.description');
    const name = description?.kind === 'string' ? description.value : (ra.symbol.split('.').pop() ?? ra.symbol);
    out[name] = p?.kind === 'unknown' && p.principalOf ? [p.principalOf.resource, p.principalOf.identity] : p?.kind;
  }
  return out;
}

const arm = (resources: unknown[]) =>
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { principal: { type: 'string' } },
    resources,
  });

const armAssignment = (description: string, principalId: string) => ({
  type: 'Microsoft.Authorization/roleAssignments',
  apiVersion: '2022-04-01',
  name: `[guid('${description}')]`,
  properties: {
    description,
    roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${BUILT_IN_ROLES.networkContributor.id}')]`,
    principalId,
  },
});

describe('principals of managed identities', () => {
  before(() => initAnalysis());

  it("ARM: reference(…, 'Full').identity.principalId, the kubelet's object id, an identity's principalId", () => {
    const aksId = "resourceId('Microsoft.ContainerService/managedClusters', 'aks')";
    const uaiId = "resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-aks')";
    const graph = load({
      'main.json': arm([
        {
          type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
          apiVersion: '2023-01-31',
          name: 'id-aks',
          location: 'westeurope',
        },
        {
          type: 'Microsoft.ContainerService/managedClusters',
          apiVersion: '2024-02-01',
          name: 'aks',
          location: 'westeurope',
          identity: { type: 'SystemAssigned' },
          properties: { dnsPrefix: 'aks' },
        },
        armAssignment('full', `[reference(${aksId}, '2024-02-01', 'Full').identity.principalId]`),
        armAssignment('symbolic-name', "[reference('aks', '2024-02-01', 'full').identity.principalId]"),
        armAssignment('kubelet', `[reference(${aksId}).identityProfile.kubeletidentity.objectId]`),
        armAssignment(
          'kubelet-full',
          `[reference(${aksId}, '2024-02-01', 'Full').properties.identityProfile.kubeletidentity.objectId]`,
        ),
        armAssignment('identity', `[reference(${uaiId}).principalId]`),
        armAssignment(
          'elsewhere',
          "[reference('/subscriptions/s/resourceGroups/other/providers/Microsoft.ContainerService/managedClusters/x', '2024-02-01', 'Full').identity.principalId]",
        ),
        armAssignment('parameter', "[parameters('principal')]"),
        armAssignment('other-property', `[reference(${aksId}, '2024-02-01', 'Full').identity.tenantId]`),
      ]),
    });
    assert.deepEqual(principals(graph), {
      full: [AKS, 'system'],
      'symbolic-name': [AKS, 'system'],
      kubelet: [AKS, 'kubelet'],
      'kubelet-full': [AKS, 'kubelet'],
      identity: [UAI, 'self'],
      elsewhere: [
        '/subscriptions/s/resourcegroups/other/providers/microsoft.containerservice/managedclusters/x',
        'system',
      ],
      parameter: 'unknown',
      'other-property': 'unknown',
    });
  });

  it('Bicep: aks.identity.principalId, aks.properties.identityProfile…, identity.properties.principalId, existing', () => {
    const assignment = (description: string, principal: string) => `
resource ${description.replace(/-/g, '')} 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid('${description}')
  properties: {
    description: '${description}'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${BUILT_IN_ROLES.networkContributor.id}')
    principalId: ${principal}
  }
}
`;
    const graph = load({
      'main.bicep': `
resource uai 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-aks'
  location: 'westeurope'
}
resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  location: 'westeurope'
  identity: { type: 'SystemAssigned' }
  properties: { dnsPrefix: 'aks' }
}
resource other 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {
  name: 'other'
}
${assignment('system', 'aks.identity.principalId')}
${assignment('kubelet', 'aks.properties.identityProfile.kubeletidentity.objectId')}
${assignment('identity', 'uai.properties.principalId')}
${assignment('existing', 'other.identity.principalId')}
`,
    });
    assert.deepEqual(principals(graph), {
      system: [AKS, 'system'],
      kubelet: [AKS, 'kubelet'],
      identity: [UAI, 'self'],
      existing: [key(T.managedCluster, 'other'), 'system'],
    });
  });

  it('Terraform: identity[0].principal_id (and .0.), kubelet_identity[0].object_id, an identity and a data source', () => {
    const assignment = (name: string, principal: string) => `
resource "azurerm_role_assignment" "${name}" {
  scope                = "/subscriptions/s/resourceGroups/net"
  role_definition_name = "Network Contributor"
  principal_id         = ${principal}
}
`;
    const graph = load({
      'main.tf': `
resource "azurerm_user_assigned_identity" "aks" {
  name                = "id-aks"
  location            = "westeurope"
  resource_group_name = "${DEFAULT_CONTEXT.resourceGroup}"
}
resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "${DEFAULT_CONTEXT.resourceGroup}"
  dns_prefix          = "aks"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
  identity {
    type = "SystemAssigned"
  }
}
data "azurerm_user_assigned_identity" "shared" {
  name                = "id-shared"
  resource_group_name = "${DEFAULT_CONTEXT.resourceGroup}"
}
${assignment('system', 'azurerm_kubernetes_cluster.aks.identity[0].principal_id')}
${assignment('legacy_index', 'azurerm_kubernetes_cluster.aks.identity.0.principal_id')}
${assignment('kubelet', 'azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id')}
${assignment('identity', 'azurerm_user_assigned_identity.aks.principal_id')}
${assignment('data', 'data.azurerm_user_assigned_identity.shared.principal_id')}
${assignment('client_id', 'azurerm_user_assigned_identity.aks.client_id')}
`,
    });
    assert.deepEqual(principals(graph), {
      system: [AKS, 'system'],
      legacy_index: [AKS, 'system'],
      kubelet: [AKS, 'kubelet'],
      identity: [UAI, 'self'],
      data: [key(T.userAssignedIdentity, 'id-shared'), 'self'],
      client_id: 'unknown',
    });
  });

  it("recognises the cluster's user-assigned identity (Terraform identity_ids) and not its kubelet", () => {
    const graph = load({
      'main.tf': `
resource "azurerm_user_assigned_identity" "aks" {
  name                = "id-aks"
  location            = "westeurope"
  resource_group_name = "${DEFAULT_CONTEXT.resourceGroup}"
}
resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "${DEFAULT_CONTEXT.resourceGroup}"
  dns_prefix          = "aks"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.aks.id]
  }
}
resource "azurerm_role_assignment" "net" {
  scope                = "/subscriptions/s/resourceGroups/net"
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.aks.principal_id
}
resource "azurerm_role_assignment" "kubelet" {
  scope                = "/subscriptions/s/resourceGroups/kubelet"
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id
}
resource "azurerm_role_assignment" "literal" {
  scope                = "/subscriptions/s/resourceGroups/literal"
  role_definition_name = "Network Contributor"
  principal_id         = "11111111-1111-1111-1111-111111111111"
}
`,
    });
    const q = graphQueries(graph, () => undefined);
    const identity = q.clusterIdentity({ resource: graph.ofType(T.managedCluster)[0], createdByWorkspace: false });
    assert.deepEqual(
      [identity.type, identity.createdHere, identity.userAssigned.map((u) => u.state)],
      ['UserAssigned', true, ['resolved']],
    );
    const role = [BUILT_IN_ROLES.networkContributor.id];
    const vnet = (rg: string) => `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/v`;
    assert.deepEqual(
      ['net', 'kubelet', 'literal'].map((rg) => q.hasRole(identity, role, vnet(rg)).state),
      // A literal principal cannot be an identity this deployment creates.
      ['yes', 'no', 'no'],
    );
  });

  it('leaves a literal principal undecided for a service principal or an identity made elsewhere', () => {
    const graph = load({
      'main.tf': `
resource "azurerm_kubernetes_cluster" "sp" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "${DEFAULT_CONTEXT.resourceGroup}"
  dns_prefix          = "aks"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
  service_principal {
    client_id     = "22222222-2222-2222-2222-222222222222"
    client_secret = "x"
  }
}
resource "azurerm_role_assignment" "literal" {
  scope                = "/subscriptions/s/resourceGroups/net"
  role_definition_name = "Network Contributor"
  principal_id         = "11111111-1111-1111-1111-111111111111"
}
`,
    });
    const q = graphQueries(graph, () => undefined);
    const identity = q.clusterIdentity({ resource: graph.ofType(T.managedCluster)[0], createdByWorkspace: false });
    assert.deepEqual([identity.type, identity.createdHere], ['ServicePrincipal', false]);
    const target = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v';
    assert.equal(q.hasRole(identity, [BUILT_IN_ROLES.networkContributor.id], target).state, 'unknown');
  });

  it('reads a role definition id built on an unknown subscription id by its GUID', () => {
    const graph = load({
      'main.tf': `
data "azurerm_subscription" "current" {}
resource "azurerm_role_assignment" "blob" {
  scope              = "/subscriptions/s"
  role_definition_id = "\${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.storageBlobDataContributor.id}"
  principal_id       = "11111111-1111-1111-1111-111111111111"
}
`,
    });
    assert.deepEqual(
      graphQueries(graph, () => undefined)
        .roleAssignments()
        .map((a) => [a.role, a.scope]),
      [[BUILT_IN_ROLES.storageBlobDataContributor.id, '/subscriptions/s']],
    );
  });
});
