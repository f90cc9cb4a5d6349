import * as assert from 'node:assert/strict';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
import { caseFolder } from '../../tester/cases';
import { MemoryHost } from '../terraform/helpers';

/** The "not evaluated" notes name the rule whose input is unknown, and no other. */
describe('review: not-evaluated notes', () => {
  before(() => initAnalysis());

  it('notes an unknown storage account under the dependency rules only, not the workspace rule', () => {
    const dir = caseFolder('aks-vnet-dependency-private-endpoint/arm/storage-from-parameter');
    const host = new WorkspaceHost(dir);
    const [deployment] = findDeployments(host);
    const { unknowns, findings } = analyzeDeployment(deployment.files, host, defaultConfig());
    assert.deepEqual(findings, []);
    const why =
      "the storage account of Azure Machine Learning workspace 'mlw-prod' is not known: parameter 'storageId' has no value";
    const notes = unknowns.map((u) => [u.ruleId, u.message, u.span.start.line + 1]);
    // The zone link rule also reads the dependencies' endpoints (and notes the zones this template only names by id).
    assert.deepEqual(
      notes.filter(([id]) => id !== 'private-dns-zone-vnet-link'),
      [
        ['aks-vnet-dependency-private-endpoint', why, 186],
        ['private-endpoint-unreachable-vnet', why, 186],
      ],
    );
    assert.deepEqual(
      notes.find(([id]) => id === 'private-dns-zone-vnet-link'),
      ['private-dns-zone-vnet-link', why, 186],
    );
  });

  it('describes a cluster read by a Terraform data source as declared outside the configuration', () => {
    const host = new MemoryHost({
      'main.tf': [
        'data "azurerm_kubernetes_cluster" "aks" {',
        '  name                = "aks-prod"',
        '  resource_group_name = "rg"',
        '}',
        'resource "azurerm_machine_learning_workspace" "ws" {',
        '  name                    = "mlw"',
        '  resource_group_name     = "rg"',
        '  location                = "westeurope"',
        '  application_insights_id = "x"',
        '  key_vault_id            = "x"',
        '  storage_account_id      = "x"',
        '  identity {',
        '    type = "SystemAssigned"',
        '  }',
        '}',
        'resource "azurerm_machine_learning_inference_cluster" "aks" {',
        '  name                          = "aks"',
        '  location                      = "westeurope"',
        '  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id',
        '  kubernetes_cluster_id         = data.azurerm_kubernetes_cluster.aks.id',
        '}',
      ].join('\n'),
    });
    const { unknowns } = analyzeDeployment(host.deployment(), host, defaultConfig());
    const notes = unknowns.filter((u) => u.message.includes('data.azurerm_kubernetes_cluster.aks'));
    assert.ok(notes.length > 0, unknowns.map((u) => u.message).join('\n'));
    for (const u of notes)
      assert.match(
        u.message,
        /data\.azurerm_kubernetes_cluster\.aks is declared outside this configuration \(data source\)$/,
      );
  });
});
