import * as assert from 'node:assert/strict';
import { bicepWriter } from '../../../server/src/fixes/bicep-writer';
import type { FixIntent } from '../../../server/src/fixes/intent';
import { parseBicep } from '../../../server/src/frontends/bicep/syntax';
import type { Resource } from '../../../server/src/graph/resource';
import { ROOT, bySymbol, load } from '../bicep/helpers';
import { applyEdits } from '../../../server/src/fixes/apply-edits';

const FILE = `${ROOT}/main.bicep`;
const FQDN = 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN';
const AKS = "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {";

function resource(text: string, symbol: string): Resource {
  return bySymbol(load({ 'main.bicep': text }), symbol);
}

function write(text: string, intent: (r: (s: string) => Resource) => FixIntent): string | undefined {
  const edits = bicepWriter.write(
    intent((s) => resource(text, s)),
    (f) => (f === FILE ? text : undefined),
  );
  if (!edits) return undefined;
  const out = applyEdits(text, edits);
  assert.deepEqual(parseBicep(out).errors, [], out);
  return out;
}

const set = (path: string, value: string | number | boolean) => (r: (s: string) => Resource) =>
  ({ kind: 'setProperty', title: 't', resource: r('aks'), path, value }) as FixIntent;

describe('Bicep fix writer', () => {
  it('replaces a literal value in place', () => {
    const text = `${AKS}\n  name: 'aks'\n  properties: {\n    apiServerAccessProfile: {\n      enablePrivateCluster: true\n      enablePrivateClusterPublicFQDN: true\n    }\n  }\n}\n`;
    assert.equal(write(text, set(FQDN, false)), text.replace('PublicFQDN: true', 'PublicFQDN: false'));
  });

  it('adds a missing property, with the objects above it, at the siblings’ indentation', () => {
    const text = `${AKS}\n    name: 'aks'\n    properties: {\n        dnsPrefix: 'aks'\n    }\n}\n`;
    assert.equal(
      write(text, set(FQDN, false)),
      `${AKS}\n    name: 'aks'\n    properties: {\n        dnsPrefix: 'aks'\n        apiServerAccessProfile: {\n            enablePrivateClusterPublicFQDN: false\n        }\n    }\n}\n`,
    );
  });

  it('opens single-line and empty objects', () => {
    const text = `${AKS}\n  name: 'aks'\n  properties: { dnsPrefix: 'aks' }\n}\n`;
    assert.equal(
      write(text, set('properties.disableLocalAccounts', true)),
      `${AKS}\n  name: 'aks'\n  properties: {\n    dnsPrefix: 'aks'\n    disableLocalAccounts: true\n  }\n}\n`,
    );
    const empty = `${AKS}\n  name: 'aks'\n  properties: {}\n}\n`;
    assert.equal(
      write(empty, set('properties.dnsPrefix', "it's")),
      `${AKS}\n  name: 'aks'\n  properties: {\n    dnsPrefix: 'it\\'s'\n  }\n}\n`,
    );
  });

  it('never overwrites a value computed elsewhere, nor edits a file with syntax errors', () => {
    const computed = `param fqdn bool\n${AKS}\n  name: 'aks'\n  properties: {\n    apiServerAccessProfile: {\n      enablePrivateClusterPublicFQDN: fqdn\n    }\n  }\n}\n`;
    assert.equal(write(computed, set(FQDN, false)), undefined);
    const broken = `${AKS}\n  name: 'aks'\n  properties: {\n    x: \n  }\n}\n`;
    const r = resource(broken, 'aks');
    assert.equal(
      bicepWriter.write({ kind: 'setProperty', title: 't', resource: r, path: FQDN, value: false }, () => broken),
      undefined,
    );
  });

  it('edits a nested child resource and a looped resource’s one body', () => {
    const nested = `resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'vnet'\n  resource aks 'subnets' = {\n    name: 'aks'\n    properties: {\n      addressPrefix: '10.0.0.0/24'\n    }\n  }\n}\n`;
    const intent: FixIntent = {
      kind: 'setProperty',
      title: 't',
      resource: resource(nested, 'vnet::aks'),
      path: 'properties.privateEndpointNetworkPolicies',
      value: 'Disabled',
    };
    const edits = bicepWriter.write(intent, () => nested);
    assert.ok(edits);
    assert.match(
      applyEdits(nested, edits),
      /addressPrefix: '10\.0\.0\.0\/24'\n {6}privateEndpointNetworkPolicies: 'Disabled'\n/,
    );
  });

  it('copies a property’s expression from another resource of the same file', () => {
    const text = `param location string = 'westeurope'\n${AKS}\n  name: 'aks'\n  location: 'eastus'\n}\nresource ws 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {\n  name: 'ws'\n  location: location\n}\n`;
    const out = write(text, (r) => ({
      kind: 'copyProperty',
      title: 't',
      resource: r('aks'),
      path: 'location',
      from: r('ws'),
      fromPath: 'location',
    }));
    assert.equal(out, text.replace("location: 'eastus'", 'location: location'));
  });
});
