import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { uniqueString } from '../../../server/src/frontends/arm/expressions/functions/hash';
import { T } from '../../../server/src/graph/types';
import { at, knownString } from '../../../server/src/graph/value';
import { RG_ID, ROOT, SUB, byType, load, spanOfText, template, templateObject } from './helpers';

const inner = (resources: unknown[], extra: Record<string, unknown> = {}) => templateObject({ resources, ...extra });

describe('ARM front end: nested and linked deployments', () => {
  it('follows an inline inner-scope deployment: parameters in, resource group moved, outputs back', () => {
    const text = template({
      parameters: { vnetName: { type: 'string', defaultValue: 'hub' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'network',
          resourceGroup: 'net-rg',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { name: { value: "[parameters('vnetName')]" } },
            template: inner(
              [
                {
                  type: 'Microsoft.Network/virtualNetworks',
                  name: "[parameters('name')]",
                  properties: { subnets: [{ name: 'aks' }] },
                },
              ],
              {
                parameters: { name: { type: 'string' } },
                outputs: {
                  subnetId: {
                    type: 'string',
                    value: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('name'), 'aks')]",
                  },
                },
              },
            ),
          },
        },
        {
          type: 'Microsoft.ContainerService/managedClusters',
          name: 'aks1',
          properties: {
            agentPoolProfiles: [
              {
                name: 'sys',
                // The deployment lives in the group it targets; Bicep refers to it this way.
                vnetSubnetID:
                  "[reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, 'net-rg'), 'Microsoft.Resources/deployments', 'network'), '2022-09-01').outputs.subnetId.value]",
              },
            ],
          },
        },
      ],
    });
    const r = load({ 'main.json': text });
    assert.deepEqual(r.problems, []);
    const [vnet] = byType(r, T.virtualNetwork);
    const vnetId = `/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub`;
    assert.equal(vnet.id, vnetId);
    const [aks] = byType(r, T.managedCluster);
    assert.equal(knownString(at(aks.body, 'properties.agentPoolProfiles[0].vnetSubnetID')), `${vnetId}/subnets/aks`);
    // The deployment itself is a resource; its inline template is not part of its body.
    const [dep] = byType(r, T.deployment);
    assert.equal(at(dep.body, 'properties.template'), undefined);
  });

  it('evaluates an outer-scope inline template with the parent parameters', () => {
    const text = template({
      parameters: { st: { type: 'string', defaultValue: 'stouter' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'nested',
          properties: {
            mode: 'Incremental',
            template: inner([{ type: 'Microsoft.Storage/storageAccounts', name: "[parameters('st')]" }]),
          },
        },
      ],
    });
    const r = load({ 'main.json': text });
    assert.equal(byType(r, T.storageAccount)[0].id, `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stouter`);
  });

  it('reads a linked template by relativePath once, even when it is also a file of the folder', () => {
    const main = template({
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'kv',
          properties: {
            mode: 'Incremental',
            templateLink: { relativePath: 'modules/kv.json' },
            parameters: { kvName: { value: 'kv-linked' } },
          },
        },
        {
          type: 'Microsoft.Resources/deployments',
          name: 'sibling',
          properties: { mode: 'Incremental', templateLink: { relativePath: 'sibling.json' } },
        },
      ],
    });
    const kv = JSON.stringify(
      inner([{ type: 'Microsoft.KeyVault/vaults', name: "[parameters('kvName')]" }], {
        parameters: { kvName: { type: 'string' } },
      }),
      null,
      2,
    );
    const sibling = JSON.stringify(inner([{ type: 'Microsoft.Storage/storageAccounts', name: 'stsib' }]), null, 2);
    const r = load({ 'main.json': main, 'modules/kv.json': kv, 'sibling.json': sibling }, [
      'main.json',
      'sibling.json',
    ]);
    assert.deepEqual(r.problems, []);
    const [vault] = byType(r, T.keyVault);
    assert.equal(vault.name, 'kv-linked');
    assert.equal(vault.file, path.join(ROOT, 'modules/kv.json'));
    assert.deepEqual(vault.nameSpan, spanOfText('modules/kv.json', kv, `"[parameters('kvName')]"`));
    assert.equal(byType(r, T.storageAccount).length, 1);
  });

  it('reports a missing linked template at its path, with the reason', () => {
    const main = template({
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'x',
          properties: { templateLink: { relativePath: 'nope.json' } },
        },
      ],
    });
    const r = load({ 'main.json': main });
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.message, p.span]),
      [
        [
          'template-link-missing',
          'warning',
          `linked template not read: '${path.join(ROOT, 'nope.json')}' does not exist`,
          spanOfText('main.json', main, '"nope.json"'),
        ],
      ],
    );
  });

  it('stops at a cycle of linked templates', () => {
    const link = (to: string): string =>
      template({
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            name: `to-${to}`,
            properties: { templateLink: { relativePath: to } },
          },
        ],
      });
    const r = load({ 'a.json': link('b.json'), 'b.json': link('a.json') }, ['a.json']);
    assert.deepEqual(
      r.problems.map((p) => [p.code, path.basename(p.span.file)]),
      [['template-link-cycle', 'b.json']],
    );
    assert.equal(r.resources.length, 2);
  });

  it('loads templates of one folder that only link each other, starting at the first', () => {
    const link = (to: string, account: string): string =>
      template({
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            name: `to-${to}`,
            properties: { templateLink: { relativePath: to } },
          },
          { type: 'Microsoft.Storage/storageAccounts', name: account },
        ],
      });
    const r = load({ 'a.json': link('b.json', 'sta'), 'b.json': link('a.json', 'stb') }, ['a.json', 'b.json']);
    assert.deepEqual(
      byType(r, T.storageAccount).map((x) => x.name),
      ['sta', 'stb'],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.code, path.basename(p.span.file)]),
      [['template-link-cycle', 'b.json']],
    );
  });

  it('reports a remote template link once, as information', () => {
    const main = template({
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'x',
          properties: { templateLink: { uri: 'https://example.invalid/t.json' } },
        },
      ],
    });
    assert.deepEqual(
      load({ 'main.json': main }).problems.map((p) => [p.code, p.severity]),
      [['template-link-remote', 'info']],
    );
  });

  it('resolves symbolic module outputs (languageVersion 2.0, as Bicep compiles modules)', () => {
    const text = template({
      languageVersion: '2.0',
      resources: {
        net: {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'net',
          properties: {
            expressionEvaluationOptions: { scope: 'inner' },
            mode: 'Incremental',
            template: inner(
              [
                {
                  type: 'Microsoft.Network/virtualNetworks',
                  name: 'v1',
                  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
                },
              ],
              {
                outputs: {
                  vnetId: { type: 'string', value: "[resourceId('Microsoft.Network/virtualNetworks', 'v1')]" },
                },
              },
            ),
          },
        },
        pe: {
          type: 'Microsoft.Network/privateEndpoints',
          name: 'pe1',
          properties: { subnet: { id: "[format('{0}/subnets/pe', reference('net').outputs.vnetId.value)]" } },
        },
        link: {
          type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
          name: 'privatelink.api.azureml.ms/l1',
          properties: { virtualNetwork: { id: "[reference('net').outputs.missing.value]" } },
        },
      },
    });
    const r = load({ 'main.json': text });
    const [pe] = byType(r, T.privateEndpoint);
    assert.equal(
      knownString(at(pe.body, 'properties.subnet.id')),
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/v1/subnets/pe`,
    );
    const [dnsLink] = byType(r, T.privateDnsZoneLink);
    assert.equal(at(dnsLink.body, 'properties.virtualNetwork.id')?.kind, 'unknown');
  });

  it('reads reference() of a resource of the same template, and leaves runtime-only properties unknown', () => {
    const text = template({
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'v1',
          properties: { addressSpace: { addressPrefixes: ['10.5.0.0/16'] } },
        },
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          name: 'nsg1',
          properties: {
            securityRules: [
              {
                name: 'r',
                properties: {
                  sourceAddressPrefix:
                    "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v1')).addressSpace.addressPrefixes[0]]",
                  destinationAddressPrefix: "[reference('v1').resourceGuid]",
                },
              },
            ],
          },
        },
      ],
    });
    const r = load({ 'main.json': text });
    const [nsg] = byType(r, T.networkSecurityGroup);
    assert.equal(
      knownString(at(nsg.body, 'properties.securityRules[0].properties.sourceAddressPrefix')),
      '10.5.0.0/16',
    );
    const runtime = at(nsg.body, 'properties.securityRules[0].properties.destinationAddressPrefix');
    assert.equal(runtime?.kind === 'unknown' ? runtime.reason : '', "'resourceGuid' is only known after deployment");
  });
});

describe('ARM front end: deployment loops, user functions and context locations', () => {
  it('expands a nested deployment in a copy loop, each copy with its own parameters', () => {
    const text = template({
      variables: { names: ['a', 'b'] },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: "[concat('st-', variables('names')[copyIndex()])]",
          copy: { name: 'each', count: "[length(variables('names'))]" },
          properties: {
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { n: { value: "[variables('names')[copyIndex()]]" } },
            template: inner([{ type: 'Microsoft.Storage/storageAccounts', name: "[concat('st', parameters('n'))]" }], {
              parameters: { n: { type: 'string' } },
            }),
          },
        },
      ],
    });
    const r = load({ 'main.json': text });
    assert.deepEqual(
      byType(r, T.storageAccount).map((s) => s.name),
      ['sta', 'stb'],
    );
    assert.deepEqual(
      byType(r, T.deployment).map((d) => d.name),
      ['st-a', 'st-b'],
    );
  });

  it('marks the resources of a deployment with an unknown condition "maybe", and drops those of a false one', () => {
    const nested = (name: string, condition: string): Record<string, unknown> => ({
      type: 'Microsoft.Resources/deployments',
      name,
      condition,
      properties: {
        mode: 'Incremental',
        template: inner([{ type: 'Microsoft.Storage/storageAccounts', name: `st${name}` }]),
      },
    });
    const text = template({
      parameters: { deploy: { type: 'bool' } },
      resources: [nested('maybe', "[parameters('deploy')]"), nested('never', '[false()]')],
    });
    assert.deepEqual(
      load({ 'main.json': text }).resources.map((x) => [x.name, x.presence, x.presenceReason]),
      [
        ['maybe', 'maybe', "its condition is not known: parameter 'deploy' has no value"],
        ['stmaybe', 'maybe', "its condition is not known: parameter 'deploy' has no value"],
      ],
    );
  });

  it('evaluates user-defined functions', () => {
    const text = template({
      functions: [
        {
          namespace: 'naming',
          members: {
            storage: {
              parameters: [{ name: 'base', type: 'string' }],
              output: {
                type: 'string',
                value: "[toLower(concat('st', parameters('base'), uniqueString(parameters('base'))))]",
              },
            },
          },
        },
      ],
      resources: [{ type: 'Microsoft.Storage/storageAccounts', name: "[naming.storage('Data')]" }],
    });
    assert.equal(load({ 'main.json': text }).resources[0].name, `stdata${uniqueString(['Data'])}`);
  });

  it('treats the assumed location as equal to itself only', () => {
    const text = template({
      parameters: { location: { type: 'string', defaultValue: '[resourceGroup().location]' } },
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          name: 'same',
          condition: "[equals(parameters('location'), resourceGroup().location)]",
        },
        {
          type: 'Microsoft.Storage/storageAccounts',
          name: 'other',
          condition: "[equals(parameters('location'), 'westeurope')]",
        },
      ],
    });
    assert.deepEqual(
      load({ 'main.json': text }).resources.map((x) => [x.name, x.presence]),
      [
        ['same', 'always'],
        ['other', 'maybe'],
      ],
    );
  });
});
