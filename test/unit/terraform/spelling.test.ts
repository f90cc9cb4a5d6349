import * as assert from 'node:assert/strict';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { terraformSpelling } from '../../../server/src/frontends/terraform/spelling';
import type { Resource } from '../../../server/src/graph/resource';
import { ARM_SPELLING } from '../../../server/src/graph/spelling';
import { T } from '../../../server/src/graph/types';
import { resource } from '../graph/hand-built';
import { TF_DEPLOYMENT } from './deployment';
import { MemoryHost } from './helpers';

const tf = (type: string, sourceType: string): Resource => ({
  ...resource(type, ['x'], {}),
  language: 'terraform',
  sourceType,
});

describe('terraform spelling: ARM paths as the .tf file names them', () => {
  const aks = tf(T.managedCluster, 'azurerm_kubernetes_cluster');

  it('names attributes and nested blocks through the mapping table', () => {
    const name = (r: Resource, p: string) => terraformSpelling.property(r, p);
    assert.equal(
      name(aks, 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN'),
      'private_cluster_public_fqdn_enabled',
    );
    assert.equal(name(aks, 'properties.networkProfile.serviceCidr'), 'network_profile.service_cidr');
    assert.equal(name(aks, 'properties.agentPoolProfiles[0].vnetSubnetID'), 'default_node_pool.vnet_subnet_id');
    assert.equal(name(aks, 'location'), 'location');
    const group = tf(T.privateDnsZoneGroup, 'azurerm_private_endpoint.private_dns_zone_group');
    assert.equal(name(group, 'properties.privateDnsZoneConfigs'), 'private_dns_zone_ids');
  });

  it('has no name of its own for azapi bodies and unmapped paths (callers fall back to ARM names)', () => {
    assert.equal(terraformSpelling.property(tf(T.managedCluster, 'azapi_resource'), 'properties.x'), undefined);
    assert.equal(terraformSpelling.property(aks, 'properties.notMapped'), undefined);
    assert.equal(terraformSpelling.property({ ...aks, sourceType: undefined }, 'location'), undefined);
  });

  it('names a property after the declaration that writes it (azurerm_storage_account_network_rules)', () => {
    const st: Resource = {
      ...tf(T.storageAccount, 'azurerm_storage_account'),
      setBy: [
        {
          sourceType: 'azurerm_storage_account_network_rules',
          file: 'main.tf',
          span: { file: 'main.tf', start: { line: 0, character: 0 }, end: { line: 4, character: 1 } },
          paths: ['properties.networkAcls.bypass'],
        },
      ],
    };
    assert.equal(terraformSpelling.property(st, 'properties.networkAcls.bypass'), 'bypass');
    assert.equal(terraformSpelling.value(st, 'properties.networkAcls.bypass', 'AzureServices'), '["AzureServices"]');
    assert.equal(terraformSpelling.property(st, 'properties.publicNetworkAccess'), 'public_network_access_enabled');
  });

  it('writes values as Terraform does: booleans for Enabled/Disabled, lists for bypass', () => {
    const st = tf(T.storageAccount, 'azurerm_storage_account');
    assert.equal(terraformSpelling.value(st, 'properties.publicNetworkAccess', 'Disabled'), 'false');
    assert.equal(
      terraformSpelling.value(st, 'properties.networkAcls.bypass', 'AzureServices, Logging'),
      '["AzureServices", "Logging"]',
    );
    assert.equal(terraformSpelling.value(st, 'properties.networkAcls.defaultAction', 'Deny'), '"Deny"');
    assert.equal(terraformSpelling.value(aks, 'properties.apiServerAccessProfile.enablePrivateCluster', true), 'true');
    assert.equal(terraformSpelling.value(st, 'sku.name', 'Standard_LRS'), undefined, 'account_tier + replication');
  });
});

describe('ARM and Bicep spelling', () => {
  it('names the last property of the path and quotes values as each language does', () => {
    const arm = resource(T.storageAccount, ['st'], {});
    const bicep: Resource = { ...arm, language: 'bicep' };
    assert.equal(ARM_SPELLING.property(arm, 'properties.networkAcls.bypass'), 'bypass');
    assert.equal(ARM_SPELLING.property(arm, 'properties.agentPoolProfiles[0].vnetSubnetID'), 'vnetSubnetID');
    assert.deepEqual(
      [
        ARM_SPELLING.value(arm, 'x', 'Disabled'),
        ARM_SPELLING.value(bicep, 'x', "it's"),
        ARM_SPELLING.value(bicep, 'x', false),
      ],
      ['"Disabled"', "'it\\'s'", 'false'],
    );
  });
});

describe('messages in the language of the file', () => {
  before(() => initAnalysis());

  it('names the Terraform attribute in a Terraform finding and its fix', () => {
    const host = new MemoryHost({ 'main.tf': TF_DEPLOYMENT });
    const { findings } = analyzeDeployment(host.deployment(), host, defaultConfig());
    const finding = findings.find((f) => f.ruleId === 'private-cluster-public-fqdn');
    assert.ok(finding);
    assert.match(finding.message, /Set private_cluster_public_fqdn_enabled to false\.$/);
    assert.doesNotMatch(finding.message, /enablePrivateClusterPublicFQDN/);
    assert.deepEqual(
      finding.fixes.map((f) => f.title),
      ['Set private_cluster_public_fqdn_enabled to false'],
    );
  });
});
