import * as assert from 'node:assert/strict';
import { T } from '../../../server/src/graph/types';
import { at } from '../../../server/src/graph/value';
import { byType, load, template } from './helpers';

describe('ARM front end: bad and big input', () => {
  it('reads JSON nested 10,000 levels deep up to the depth limit, says where, and keeps the resource', () => {
    const deep = `${'['.repeat(10000)}${']'.repeat(10000)}`;
    const text = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "st1", "kind": "StorageV2", "tags": {"x": ${deep}}}]}`;
    const r = load({ 'main.json': text });
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.message, p.span.start]),
      [
        [
          'json-too-deep',
          'the JSON is nested more than 256 levels deep here; the deeper part is not read',
          { line: 0, character: text.indexOf('[[[') + 256 - 4 },
        ],
      ],
    );
    assert.deepEqual(
      r.resources.map((x) => [x.name, at(x.body, 'kind')?.kind]),
      [['st1', 'string']],
    );
  });

  it('turns cycles between variables and parameters into unknowns', () => {
    const text = template({
      parameters: { p: { type: 'string', defaultValue: "[variables('a')]" } },
      variables: { a: "[variables('b')]", b: "[parameters('p')]" },
      resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'st1', kind: "[variables('a')]" }],
    });
    const r = load({ 'main.json': text });
    assert.equal(at(r.resources[0].body, 'kind')?.kind, 'unknown');
  });

  it('survives a reference() cycle between two resources', () => {
    const text = template({
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', name: 'a', properties: { x: "[reference('b').x]" } },
        { type: 'Microsoft.Storage/storageAccounts', name: 'b', properties: { x: "[reference('a').x]" } },
      ],
    });
    const r = load({ 'main.json': text });
    assert.equal(r.resources.length, 2);
    assert.ok(r.resources.every((x) => at(x.body, 'properties.x')?.kind === 'unknown'));
  });

  it('reads what it can of templates with the wrong shapes', () => {
    for (const text of [
      '[]',
      '"text"',
      '',
      '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": 5}',
      '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [1, null, {"name": "x"}, {"type": 3}]}',
    ]) {
      const r = load({ 'main.json': text });
      assert.equal(r.resources.length, 0, text);
    }
  });

  it('warns about a resource whose name has the wrong number of segments', () => {
    const text = template({ resources: [{ type: 'Microsoft.Network/virtualNetworks/subnets', name: 'only-one' }] });
    assert.deepEqual(
      load({ 'main.json': text }).problems.map((p) => [p.code, p.message]),
      [
        [
          'resource-name-segments',
          "a resource of type 'Microsoft.Network/virtualNetworks/subnets' needs a name of 2 segments, found 1",
        ],
      ],
    );
  });

  it('loads a 5 MB template with every resource', () => {
    const text = bigTemplate();
    assert.ok(text.length > 5_000_000, `${text.length}`);
    assert.equal(byType(load({ 'main.json': text }), T.virtualNetwork).length, 4400);
  });
});

/** A generated 5 MB template of 4,400 VNets whose names, prefixes and subnets are all computed. */
function bigTemplate(): string {
  const resources = [];
  for (let i = 0; i < 4400; i++) {
    resources.push({
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-04-01',
      name: `[concat(parameters('prefix'), '-vnet-${i}')]`,
      location: '[resourceGroup().location]',
      tags: { owner: "[parameters('owner')]", index: i, description: 'x'.repeat(300) },
      properties: {
        addressSpace: { addressPrefixes: [`[cidrSubnet('10.0.0.0/8', 24, ${i})]`] },
        subnets: [
          { name: 'aks', properties: { addressPrefix: `[cidrSubnet(cidrSubnet('10.0.0.0/8', 24, ${i}), 26, 0)]` } },
          { name: 'pe', properties: { addressPrefix: `[cidrSubnet(cidrSubnet('10.0.0.0/8', 24, ${i}), 26, 1)]` } },
        ],
      },
    });
  }
  return template({
    parameters: { prefix: { type: 'string', defaultValue: 'big' }, owner: { type: 'string', defaultValue: 'me' } },
    resources,
  });
}
