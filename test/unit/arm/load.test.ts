import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { T } from '../../../server/src/graph/types';
import { at, entry, isUnknown, knownString, toPlain } from '../../../server/src/graph/value';
import { RG_ID, ROOT, SUB, byType, load, spanOfText, template } from './helpers';

const VNET = template({
  parameters: {
    vnetName: { type: 'string' },
    prefix: { type: 'string', defaultValue: '10.1.0.0/16' },
  },
  variables: { subnetName: 'aks' },
  resources: [
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-04-01',
      name: "[parameters('vnetName')]",
      location: '[resourceGroup().location]',
      properties: {
        addressSpace: { addressPrefixes: ["[parameters('prefix')]"] },
        subnets: [{ name: "[variables('subnetName')]", properties: { addressPrefix: '10.1.0.0/24' } }],
      },
    },
    {
      type: 'Microsoft.Network/privateEndpoints',
      apiVersion: '2023-04-01',
      name: 'pe1',
      location: 'westeurope',
      properties: {
        subnet: {
          id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnetName'), variables('subnetName'))]",
        },
      },
    },
  ],
});

describe('ARM front end: resources, ids and spans', () => {
  it('builds ids with the context scope, and keeps unknown names as symbols', () => {
    const r = load({ 'main.json': VNET });
    assert.deepEqual(r.problems, []);
    const [vnet] = byType(r, T.virtualNetwork);
    assert.equal(vnet.id, `${RG_ID}/providers/Microsoft.Network/virtualNetworks/{parameters('vnetName')}`);
    assert.equal(vnet.key, vnet.id.toLowerCase());
    assert.equal(vnet.idKnown, false);
    assert.equal(vnet.symbol, "[parameters('vnetName')]");
    assert.equal(vnet.language, 'arm');
    assert.equal(vnet.origin, 'declared');
    assert.equal(vnet.presence, 'always');
    const [pe] = byType(r, T.privateEndpoint);
    assert.equal(pe.id, `${RG_ID}/providers/Microsoft.Network/privateEndpoints/pe1`);
    assert.equal(pe.idKnown, true);
    // The reference is unknown, but its symbol is the subnet id built the same way.
    const subnetRef = at(pe.body, 'properties.subnet.id');
    assert.equal(subnetRef?.kind, 'unknown');
    assert.equal(
      subnetRef?.kind === 'unknown' ? subnetRef.symbol : undefined,
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/{parameters('vnetName')}/subnets/aks`,
    );
    assert.equal(subnetRef?.kind === 'unknown' ? subnetRef.reason : undefined, "parameter 'vnetName' has no value");
  });

  it('gives every body node its span, and members their span and key span', () => {
    const r = load({ 'main.json': VNET });
    const [vnet] = byType(r, T.virtualNetwork);
    const file = path.join(ROOT, 'main.json');
    assert.equal(vnet.file, file);
    assert.deepEqual(vnet.nameSpan, spanOfText('main.json', VNET, `"[parameters('vnetName')]"`));
    const props = entry(vnet.body, 'properties');
    assert.deepEqual(props?.keySpan, spanOfText('main.json', VNET, '"properties"'));
    const prefix = at(vnet.body, 'properties.addressSpace.addressPrefixes[0]');
    // A value computed from an expression sits where the expression is written.
    assert.deepEqual(prefix, {
      kind: 'string',
      value: '10.1.0.0/16',
      span: spanOfText('main.json', VNET, `"[parameters('prefix')]"`),
    });
    const subnetPrefix = entry(at(vnet.body, 'properties.subnets[0].properties'), 'addressPrefix');
    assert.deepEqual(subnetPrefix?.span, spanOfText('main.json', VNET, '"addressPrefix": "10.1.0.0/24"'));
    assert.deepEqual(subnetPrefix?.value.span, spanOfText('main.json', VNET, '"10.1.0.0/24"'));
    // Structural keys are not part of the body.
    assert.deepEqual(
      vnet.body.entries.map((e) => e.key),
      ['location', 'properties'],
    );
  });

  it('leaves the resource group location a symbol unless configured', () => {
    const unset = byType(load({ 'main.json': VNET }), T.virtualNetwork)[0];
    const loc = at(unset.body, 'location');
    assert.equal(loc?.kind === 'unknown' ? loc.symbol : undefined, '{resourceGroup().location}');
    const set = byType(
      load({ 'main.json': VNET }, undefined, { context: { location: 'westeurope' } }),
      T.virtualNetwork,
    )[0];
    assert.equal(knownString(at(set.body, 'location')), 'westeurope');
  });

  it('reads the companion parameter file and configured ones, later files winning', () => {
    const params = (name: string): string =>
      JSON.stringify({ parameters: { vnetName: { value: name }, prefix: { value: '10.9.0.0/16' } } });
    const files = { 'main.json': VNET, 'main.parameters.json': params('vnet-a'), 'prod.json': params('vnet-b') };
    const r = load(files, ['main.json']);
    const [vnet] = byType(r, T.virtualNetwork);
    assert.equal(vnet.id, `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-a`);
    assert.equal(vnet.idKnown, true);
    const [pe] = byType(r, T.privateEndpoint);
    assert.equal(knownString(at(pe.body, 'properties.subnet.id')), `${vnet.id}/subnets/aks`);
    const other = load(files, ['main.json'], { parameterFiles: ['prod.json'] });
    assert.equal(byType(other, T.virtualNetwork)[0].name, 'vnet-b');
  });

  it('treats Key Vault references in parameter files as unknown', () => {
    const files = {
      'main.json': VNET,
      'main.parameters.json': JSON.stringify({
        parameters: { vnetName: { reference: { keyVault: { id: '/x' }, secretName: 's' } } },
      }),
    };
    const [vnet] = byType(load(files), T.virtualNetwork);
    assert.equal(vnet.idKnown, false);
    assert.equal(vnet.name, "{parameters('vnetName')}");
  });

  it('warns where a given parameter value is not one of its allowed values', () => {
    const text = template({
      parameters: { sku: { type: 'string', allowedValues: ['Basic', 'Premium'] } },
      resources: [
        { type: 'Microsoft.ContainerRegistry/registries', name: 'acr1', sku: { name: "[parameters('sku')]" } },
      ],
    });
    const params = JSON.stringify({ parameters: { sku: { value: 'Standard' } } }, null, 2);
    const r = load({ 'main.json': text, 'main.parameters.json': params });
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.message, p.span]),
      [
        [
          'parameter-not-allowed',
          'warning',
          `parameter 'sku' is given "Standard", which is not one of its allowed values ("Basic", "Premium")`,
          spanOfText('main.parameters.json', params, '"Standard"'),
        ],
      ],
    );
    const unset = load({ 'main.json': text }).resources[0];
    const sku = at(unset.body, 'sku.name');
    assert.equal(sku?.kind === 'unknown' ? sku.reason : '', `parameter 'sku' has no value (one of "Basic", "Premium")`);
  });

  it('expands nested child resources, short or full names', () => {
    const text = template({
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'vnet1',
          properties: {},
          resources: [
            { type: 'subnets', name: 'a', properties: { addressPrefix: '10.0.0.0/24' } },
            { type: 'Microsoft.Network/virtualNetworks/subnets', name: 'vnet1/b', properties: {} },
          ],
        },
        { type: 'Microsoft.Network/virtualNetworks/subnets', name: 'vnet1/c', properties: {} },
      ],
    });
    const r = load({ 'main.json': text });
    const vnetId = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet1`;
    assert.deepEqual(
      byType(r, T.subnet).map((s) => [s.name, s.id, s.parentKey]),
      ['a', 'b', 'c'].map((n) => [`vnet1/${n}`, `${vnetId}/subnets/${n}`, vnetId.toLowerCase()]),
    );
    assert.equal(byType(r, T.subnet)[0].type, T.subnet);
  });

  it('reads a nested child type of two segments relative to its parent', () => {
    const text = template({
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          name: 'st1',
          resources: [{ type: 'blobServices/containers', name: 'default/data', properties: {} }],
        },
      ],
    });
    const r = load({ 'main.json': text });
    assert.deepEqual(r.problems, []);
    const container = r.resources.find((x) => x.name === 'st1/default/data');
    assert.equal(container?.type, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    assert.equal(
      container?.id,
      `${RG_ID}/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default/containers/data`,
    );
  });

  it('reads the symbolic-name form (languageVersion 2.0) with existing resources', () => {
    const text = template({
      languageVersion: '2.0',
      parameters: { clusterName: { type: 'string', defaultValue: 'aks1' } },
      resources: {
        vnet: { type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: 'vnet1', existing: true },
        aks: {
          type: 'Microsoft.ContainerService/managedClusters',
          apiVersion: '2024-01-01',
          name: "[parameters('clusterName')]",
          properties: {
            agentPoolProfiles: [
              {
                name: 'sys',
                vnetSubnetID:
                  "[format('{0}/subnets/{1}', resourceId('Microsoft.Network/virtualNetworks', 'vnet1'), 'aks')]",
              },
            ],
          },
        },
      },
    });
    const r = load({ 'main.json': text });
    assert.deepEqual(r.problems, []);
    const [vnet] = byType(r, T.virtualNetwork);
    assert.equal(vnet.origin, 'existing');
    assert.equal(vnet.symbol, 'vnet');
    const [aks] = byType(r, T.managedCluster);
    assert.equal(aks.symbol, 'aks');
    assert.equal(aks.id, `${RG_ID}/providers/Microsoft.ContainerService/managedClusters/aks1`);
    assert.equal(
      knownString(at(aks.body, 'properties.agentPoolProfiles[0].vnetSubnetID')),
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/aks`,
    );
  });

  it('prefers a declaration over an existing reference to the same resource', () => {
    const text = template({
      languageVersion: '2.0',
      resources: {
        ref: { type: 'Microsoft.Network/virtualNetworks', name: 'v1', existing: true },
        decl: {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'v1',
          properties: { addressSpace: { addressPrefixes: ['10.7.0.0/16'] } },
        },
        user: {
          type: 'Microsoft.Network/networkSecurityGroups',
          name: 'nsg',
          properties: {
            note: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v1')).addressSpace.addressPrefixes[0]]",
          },
        },
      },
    });
    const nsg = byType(load({ 'main.json': text }), T.networkSecurityGroup)[0];
    assert.equal(knownString(at(nsg.body, 'properties.note')), '10.7.0.0/16');
    assert.deepEqual(
      load({ 'main.json': text }).resources.map((x) => [x.symbol, x.origin]),
      [
        ['decl', 'declared'],
        ['user', 'declared'],
        ['ref', 'existing'],
      ],
    );
  });

  it('gives the items of inline child collections their ids in reference()', () => {
    const text = template({
      parameters: { vnetName: { type: 'string' } },
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'v1',
          properties: {
            subnets: [
              { name: 'aks', properties: {} },
              { name: 'pe', properties: {} },
            ],
          },
        },
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: "[parameters('vnetName')]",
          properties: { subnets: [{ name: 'aks', properties: {} }] },
        },
        {
          type: 'Microsoft.Network/privateEndpoints',
          name: 'pe1',
          properties: {
            known: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v1')).subnets[1].id]",
            full: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v1'), '2023-09-01', 'Full').properties.subnets[0].id]",
            symbolic:
              "[reference(resourceId('Microsoft.Network/virtualNetworks', parameters('vnetName'))).subnets[0].id]",
          },
        },
      ],
    });
    const [pe] = byType(load({ 'main.json': text }), T.privateEndpoint);
    const vnetId = `${RG_ID}/providers/Microsoft.Network/virtualNetworks`;
    assert.equal(knownString(at(pe.body, 'properties.known')), `${vnetId}/v1/subnets/pe`);
    assert.equal(knownString(at(pe.body, 'properties.full')), `${vnetId}/v1/subnets/aks`);
    const symbolic = at(pe.body, 'properties.symbolic');
    assert.equal(symbolic?.kind, 'unknown');
    assert.equal(isUnknown(symbolic) && symbolic.symbol, `${vnetId}/{parameters('vnetName')}/subnets/aks`);
  });

  it('reports JSON syntax errors at their position and still reads the rest', () => {
    const text =
      '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [\n    { "type": "Microsoft.Network/virtualNetworks", "name": "v1", "properties": {} },,\n    { "type": "Microsoft.Storage/storageAccounts", "name": "st1" }\n  ]\n}\n';
    const r = load({ 'main.json': text });
    // The second comma of ",," is the error: one character, on line 4 (0-based 3).
    const doubled = spanOfText('main.json', text, ',,');
    const comma = { line: 3, character: doubled.start.character + 1 };
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.span.start, p.span.end]),
      [['parse-error', 'error', comma, { line: 3, character: comma.character + 1 }]],
    );
    assert.deepEqual(
      r.resources.map((x) => x.name),
      ['v1', 'st1'],
    );
  });

  it('reports an expression syntax error at its column inside the string, value unknown', () => {
    const text = template({
      resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'st1', location: "[concat('a', ]" }],
    });
    const r = load({ 'main.json': text });
    const where = spanOfText('main.json', text, "[concat('a', ]");
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.span.start]),
      [['expression-error', { line: where.start.line, character: where.start.character + "[concat('a', ".length }]],
    );
    assert.equal(at(r.resources[0].body, 'location')?.kind, 'unknown');
  });

  it('counts JSON escapes when placing an expression error', () => {
    const text = template({
      resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'st1', kind: `[concat('a"b', ]` }],
    });
    const r = load({ 'main.json': text });
    // In the file the quote is escaped (a\"b): the error (the `]`) is one character further right than in the value.
    const where = spanOfText('main.json', text, "[concat('a\\\"b', ]");
    assert.deepEqual(
      r.problems.map((p) => p.span.start),
      [{ line: where.start.line, character: where.start.character + "[concat('a\\\"b', ".length }],
    );
  });

  it('keeps `[[` as a literal bracket', () => {
    const text = template({
      resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'st1', kind: '[[not an expression]' }],
    });
    assert.equal(knownString(at(load({ 'main.json': text }).resources[0].body, 'kind')), '[not an expression]');
  });

  it('builds the same plain body as the JSON for literal templates', () => {
    const text = template({
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          name: 'st1',
          sku: { name: 'Standard_LRS' },
          tags: { a: 1, b: true, c: null },
        },
      ],
    });
    assert.deepEqual(toPlain(load({ 'main.json': text }).resources[0].body), {
      sku: { name: 'Standard_LRS' },
      tags: { a: 1, b: true, c: null },
    });
  });

  it('uses the subscription scope for subscription deployments', () => {
    const text = template(
      { resources: [{ type: 'Microsoft.Resources/resourceGroups', name: 'rg1', location: 'westeurope' }] },
      'subscriptionDeploymentTemplate',
    );
    assert.equal(
      load({ 'main.json': text }).resources[0].id,
      `/subscriptions/${SUB}/providers/Microsoft.Resources/resourceGroups/rg1`,
    );
  });
});
