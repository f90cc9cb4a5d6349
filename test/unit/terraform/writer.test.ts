import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FixIntent, SetPropertyIntent } from '../../../server/src/fixes/intent';
import { terraformWriter } from '../../../server/src/fixes/terraform-writer';
import { readHcl } from '../../../server/src/frontends/terraform/hcl-reader';
import { at, toPlain } from '../../../server/src/graph/value';
import { applyEdits } from '../../../server/src/fixes/apply-edits';
import { bySymbol, load, ready, ROOT } from './helpers';

const FQDN = 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN';

/** Writes the fix for the intent built from the loaded files, applies it, and checks the result still parses. */
function fix(files: Record<string, string>, make: (r: ReturnType<typeof load>) => FixIntent, file = 'main.tf') {
  const loaded = load(files);
  const edits = terraformWriter.write(make(loaded), (f) => files[path.relative(ROOT, f)]);
  if (!edits) return undefined;
  const text = applyEdits(files[file], edits);
  assert.deepEqual(readHcl(path.join(ROOT, file), text).problems, [], 'the fixed file parses');
  return { text, reloaded: load({ ...files, [file]: text }) };
}

const AKS = (extra: string) => `resource "azurerm_kubernetes_cluster" "aks" {
  name                    = "aks"
  location                = "eastus"
  resource_group_name     = "rg"
  private_cluster_enabled = true
${extra}
  default_node_pool {
    name = "system"
  }
}
`;

const setFqdn = (r: ReturnType<typeof load>): SetPropertyIntent => ({
  kind: 'setProperty',
  title: 'set',
  resource: bySymbol(r, 'azurerm_kubernetes_cluster.aks'),
  path: FQDN,
  value: false,
});

describe('terraform fix writer', () => {
  before(ready);

  it('replaces a literal attribute value in place', () => {
    const done = fix({ 'main.tf': AKS('  private_cluster_public_fqdn_enabled = true') }, setFqdn);
    assert.ok(done);
    assert.match(done.text, /\n {2}private_cluster_public_fqdn_enabled = false\n/);
    assert.equal(toPlain(at(bySymbol(done.reloaded, 'azurerm_kubernetes_cluster.aks').body, FQDN)), false);
  });

  it('inserts a missing attribute under the last one, before the nested blocks, realigning the group as terraform fmt does', () => {
    const files = { 'main.tf': AKS('').replace('\n\n', '\n') };
    const intent = (r: ReturnType<typeof load>): FixIntent => ({ ...setFqdn(r), value: true });
    const done = fix(files, intent);
    assert.ok(done);
    assert.equal(
      done.text,
      `resource "azurerm_kubernetes_cluster" "aks" {
  name                                = "aks"
  location                            = "eastus"
  resource_group_name                 = "rg"
  private_cluster_enabled             = true
  private_cluster_public_fqdn_enabled = true
  default_node_pool {
    name = "system"
  }
}
`,
    );
  });

  it('creates the nested block when the attribute lives in one that is absent', () => {
    const files = { 'main.tf': AKS('') };
    const done = fix(files, (r) => ({
      kind: 'setProperty',
      title: 'set',
      resource: bySymbol(r, 'azurerm_kubernetes_cluster.aks'),
      path: 'properties.networkProfile.dnsServiceIP',
      value: '10.1.0.10',
    }));
    assert.ok(done);
    assert.match(done.text, /\n {2}network_profile \{\n {4}dns_service_ip = "10.1.0.10"\n {2}\}\n\}\n$/);
    assert.equal(
      toPlain(
        at(bySymbol(done.reloaded, 'azurerm_kubernetes_cluster.aks').body, 'properties.networkProfile.dnsServiceIP'),
      ),
      '10.1.0.10',
    );
  });

  it('offers no fix when the value is computed elsewhere', () => {
    const files = {
      'main.tf': `variable "fqdn" { default = true }\n${AKS('  private_cluster_public_fqdn_enabled = var.fqdn')}`,
    };
    assert.equal(fix(files, setFqdn), undefined);
  });

  it('maps ARM values back to Terraform values (publicNetworkAccess → bool)', () => {
    const files = {
      'main.tf': `resource "azurerm_machine_learning_workspace" "ws" {
  name                          = "ws"
  location                      = "westeurope"
  resource_group_name           = "rg"
  public_network_access_enabled = true
}
`,
    };
    const done = fix(files, (r) => ({
      kind: 'setProperty',
      title: 'set',
      resource: bySymbol(r, 'azurerm_machine_learning_workspace.ws'),
      path: 'properties.publicNetworkAccess',
      value: 'Disabled',
    }));
    assert.ok(done);
    assert.match(done.text, /public_network_access_enabled = false/);
  });

  it('copies a property as a reference to the source resource', () => {
    const ws = `resource "azurerm_machine_learning_workspace" "ws" {
  name                = "ws"
  location            = "westeurope"
  resource_group_name = "rg"
}
`;
    const files = { 'main.tf': AKS('') + ws };
    const done = fix(files, (r) => ({
      kind: 'copyProperty',
      title: 'copy',
      resource: bySymbol(r, 'azurerm_kubernetes_cluster.aks'),
      path: 'location',
      from: bySymbol(r, 'azurerm_machine_learning_workspace.ws'),
      fromPath: 'location',
    }));
    assert.ok(done);
    assert.match(done.text, /\n {2}location {16}= azurerm_machine_learning_workspace\.ws\.location\n/);
    assert.equal(toPlain(at(bySymbol(done.reloaded, 'azurerm_kubernetes_cluster.aks').body, 'location')), 'westeurope');
  });

  it('copies the literal when the source lives in another module', () => {
    const files = {
      'main.tf': `${AKS('')}module "ml" { source = "./ml" }\n`,
      'ml/main.tf': `resource "azurerm_machine_learning_workspace" "ws" {
  name                = "ws"
  location            = "northeurope"
  resource_group_name = "rg"
}
`,
    };
    const done = fix(files, (r) => ({
      kind: 'copyProperty',
      title: 'copy',
      resource: bySymbol(r, 'azurerm_kubernetes_cluster.aks'),
      path: 'location',
      from: bySymbol(r, 'module.ml.azurerm_machine_learning_workspace.ws'),
      fromPath: 'location',
    }));
    assert.ok(done);
    assert.match(done.text, /location {16}= "northeurope"/);
  });

  describe('inside an azapi_resource body', () => {
    const ACR = (body: string) => `resource "azapi_resource" "acr" {
  type      = "Microsoft.ContainerRegistry/registries@2023-07-01"
  name      = "acrml001"
  location  = "westeurope"
  parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"
  body      = ${body}
}
`;
    const setBypass =
      (value: string) =>
      (r: ReturnType<typeof load>): SetPropertyIntent => ({
        kind: 'setProperty',
        title: 'set',
        resource: bySymbol(r, 'azapi_resource.acr'),
        path: 'properties.networkRuleBypassOptions',
        value,
      });
    const bypassOf = (done: { reloaded: ReturnType<typeof load> }) =>
      toPlain(at(bySymbol(done.reloaded, 'azapi_resource.acr').body, 'properties.networkRuleBypassOptions'));

    /** The fixed text of a body that ends with networkRuleBypassOptions AzureServices. */
    const fixBody = (body: string): string => {
      const done = fix({ 'main.tf': ACR(body) }, setBypass('AzureServices'));
      assert.ok(done);
      assert.equal(bypassOf(done), 'AzureServices');
      return done.text;
    };

    it('replaces a literal, keeping the ARM name', () => {
      const text = fixBody(
        '{\n    sku = { name = "Premium" }\n    properties = {\n      networkRuleBypassOptions = "None"\n    }\n  }',
      );
      assert.match(text, /\n {6}networkRuleBypassOptions = "AzureServices"\n/);
    });

    it('adds a missing key with the objects on its way, in jsonencode (azapi 1) too', () => {
      const text = fixBody('jsonencode({\n    sku = { name = "Premium" }\n  })');
      assert.match(
        text,
        /\n {4}sku = \{ name = "Premium" \}\n {4}properties = \{\n {6}networkRuleBypassOptions = "AzureServices"\n {4}\}\n/,
      );
    });

    it('realigns the `=` of the items above, as terraform fmt does', () => {
      const text = fixBody('{\n    properties = {\n      adminUserEnabled = false\n    }\n  }');
      assert.match(text, /\n {6}adminUserEnabled {9}= false\n {6}networkRuleBypassOptions = "AzureServices"\n/);
    });

    it('writes nothing for a computed body or a value that is not a literal', () => {
      const local = `${ACR('local.acr_body')}\nlocals {\n  acr_body = { properties = { networkRuleBypassOptions = "None" } }\n}\n`;
      assert.equal(fix({ 'main.tf': local }, setBypass('AzureServices')), undefined);
      const variable = `variable "bypass" {\n  default = "None"\n}\n\n${ACR('{\n    properties = {\n      networkRuleBypassOptions = var.bypass\n    }\n  }')}`;
      assert.equal(fix({ 'main.tf': variable }, setBypass('AzureServices')), undefined);
    });

    it('leaves the location, an attribute of its own, alone', () => {
      const done = fix({ 'main.tf': ACR('{}') }, (r) => ({
        kind: 'setProperty',
        title: 'set',
        resource: bySymbol(r, 'azapi_resource.acr'),
        path: 'location',
        value: 'northeurope',
      }));
      assert.equal(done, undefined);
    });
  });
});
