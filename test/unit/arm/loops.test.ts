import * as assert from 'node:assert/strict';
import { T } from '../../../server/src/graph/types';
import { at, items, knownString, toPlain } from '../../../server/src/graph/value';
import { RG_ID, byType, load, spanOfText, template } from './helpers';

describe('ARM front end: loops and conditions', () => {
  it('expands a resource copy loop; each value lands on the loop body expression', () => {
    const text = template({
      parameters: { prefix: { type: 'string', defaultValue: '10.0.0.0/16' } },
      resources: [
        { type: 'Microsoft.Network/virtualNetworks', name: 'vnet1', properties: {} },
        {
          type: 'Microsoft.Network/virtualNetworks/subnets',
          name: "[format('vnet1/snet-{0}', copyIndex(1))]",
          copy: { name: 'subnetLoop', count: 3 },
          properties: { addressPrefix: "[cidrSubnet(parameters('prefix'), 24, copyIndex())]" },
        },
      ],
    });
    const r = load({ 'main.json': text });
    assert.deepEqual(r.problems, []);
    const subnets = byType(r, T.subnet);
    assert.deepEqual(
      subnets.map((s) => [s.id, knownString(at(s.body, 'properties.addressPrefix'))]),
      [1, 2, 3].map((i) => [
        `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/snet-${i}`,
        `10.0.${i - 1}.0/24`,
      ]),
    );
    const where = spanOfText('main.json', text, `"[cidrSubnet(parameters('prefix'), 24, copyIndex())]"`);
    for (const s of subnets) assert.deepEqual(at(s.body, 'properties.addressPrefix')?.span, where);
  });

  it('expands property and variable copy loops', () => {
    const text = template({
      variables: {
        copy: [{ name: 'names', count: 2, input: "[concat('s', copyIndex('names'))]" }],
      },
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'vnet1',
          properties: {
            copy: [
              {
                name: 'subnets',
                count: "[length(variables('names'))]",
                input: {
                  name: "[variables('names')[copyIndex('subnets')]]",
                  properties: { addressPrefix: "[format('10.0.{0}.0/24', copyIndex('subnets'))]" },
                },
              },
            ],
          },
        },
      ],
    });
    const r = load({ 'main.json': text });
    const [vnet] = byType(r, T.virtualNetwork);
    assert.deepEqual(toPlain(at(vnet.body, 'properties.subnets')), [
      { name: 's0', properties: { addressPrefix: '10.0.0.0/24' } },
      { name: 's1', properties: { addressPrefix: '10.0.1.0/24' } },
    ]);
    // Each item sits on the loop's `input` object.
    const input = spanOfText('main.json', text, '"input": {');
    const start = { line: input.start.line, character: input.start.character + '"input": '.length };
    assert.deepEqual(items(at(vnet.body, 'properties.subnets'))[1].span?.start, start);
  });

  it('drops a resource (and its children) whose condition is false; an unknown condition makes it "maybe"', () => {
    const text = template({
      parameters: { deployStorage: { type: 'bool', defaultValue: false }, mode: { type: 'string' } },
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          name: 'st1',
          condition: "[parameters('deployStorage')]",
          resources: [{ type: 'blobServices', name: 'default' }],
        },
        { type: 'Microsoft.KeyVault/vaults', name: 'kv1', condition: "[equals(parameters('mode'), 'new')]" },
        { type: 'Microsoft.ContainerRegistry/registries', name: 'acr1', condition: true },
      ],
    });
    const r = load({ 'main.json': text });
    assert.deepEqual(
      r.resources.map((x) => [x.name, x.presence, x.presenceReason]),
      [
        ['kv1', 'maybe', "its condition is not known: parameter 'mode' has no value"],
        ['acr1', 'always', undefined],
      ],
    );
  });

  it('keeps one "maybe" stand-in for a loop whose count is unknown', () => {
    const text = template({
      parameters: { n: { type: 'int' } },
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          name: "[concat('st', copyIndex())]",
          copy: { name: 'c', count: "[parameters('n')]" },
        },
      ],
    });
    const r = load({ 'main.json': text });
    assert.equal(r.resources.length, 1);
    assert.equal(r.resources[0].presence, 'maybe');
    assert.equal(r.resources[0].idKnown, false);
    assert.equal(r.resources[0].name, "st{copyIndex('c')}");
  });

  it('analyses a copy loop over 800 (which ARM rejects) as an unknown number of copies, with a warning', () => {
    const text = template({
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          name: "[concat('st', copyIndex())]",
          copy: { name: 'c', count: 900 },
        },
      ],
    });
    const r = load({ 'main.json': text });
    assert.equal(r.resources.length, 1);
    assert.equal(r.resources[0].presence, 'maybe');
    assert.equal(r.resources[0].name, "st{copyIndex('c')}");
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity]),
      [['copy-too-large', 'warning']],
    );
  });
});
