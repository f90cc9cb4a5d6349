import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { at } from '../../../server/src/graph/value';
import { load, template } from './helpers';

describe('ARM front end: bad and big input', () => {
  it('reports JSON nested 10,000 levels deep as a problem instead of overflowing', () => {
    const deep = `${'['.repeat(10000)}${']'.repeat(10000)}`;
    const text = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "st1", "tags": {"x": ${deep}}}]}`;
    const r = load({ 'main.json': text });
    assert.ok(r.problems.length >= 1);
    assert.ok(
      r.problems.every((p) => ['parse-error', 'template-too-deep'].includes(p.code)),
      JSON.stringify(r.problems.map((p) => p.code)),
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

  it('loads a 5 MB template well under a second', function () {
    this.timeout(60000);
    // In a fresh process (best CPU time of three runs), so other tests' heaps do not count.
    const out = spawnSync(process.execPath, [path.join(__dirname, 'big-template.js')], { encoding: 'utf8' });
    const result = JSON.parse(out.stdout) as { bytes: number; resources: number; ms: number };
    assert.ok(result.bytes > 5_000_000, `${result.bytes}`);
    assert.equal(result.resources, 4400);
    assert.ok(result.ms < 1000, `took ${result.ms.toFixed(0)} ms`);
  });
});
