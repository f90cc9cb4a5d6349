import * as assert from 'node:assert/strict';
import type { Resource } from '../../../server/src/graph/resource';
import type { ObjectValue, Value } from '../../../server/src/graph/value';
import { arr, nil, num, obj, str, unknown } from '../../../server/src/graph/value';
import { ALL_RULES } from '../../../server/src/rulekit/registry';
import { runRule } from '../../../server/src/rulekit/run';
import { graphOf, paths, replaceAt, secureDeployment } from '../graph/hand-built';

/** Every value of a body replaced, one at a time, by a value of the wrong kind. */
const ODD: Value[] = [num(7), str('/not/an/id'), nil(), arr([num(1)]), obj([]), unknown('fuzz')];

describe('rules on malformed graphs', () => {
  it('never throw when any property of the secure deployment has the wrong kind', () => {
    const base = secureDeployment();
    let runs = 0;
    base.forEach((r, index) => {
      for (const path of paths(r.body)) {
        for (const odd of ODD) {
          const mutated: Resource = { ...r, body: replaceAt(r.body, path, odd) as ObjectValue };
          const graph = graphOf(...base.map((x, i) => (i === index ? mutated : x)));
          for (const rule of ALL_RULES) {
            assert.doesNotThrow(() => runRule(rule, graph), rule.meta.id);
          }
          runs++;
        }
      }
    });
    assert.ok(runs > 500, `only ${runs} mutations ran`);
  });

  it('handle a workspace that names itself as its dependencies: no loop, no finding, a note', () => {
    const base = secureDeployment();
    // A workspace that names itself as every dependency, and a compute that attaches the workspace.
    const ws = base.find((r) => r.name === 'ws')!;
    const self = str(ws.id);
    const cyclic: Resource = {
      ...ws,
      body: obj([
        {
          key: 'properties',
          value: obj(['storageAccount', 'keyVault', 'containerRegistry'].map((key) => ({ key, value: self }))),
        },
      ]),
    };
    const graph = graphOf(...base.filter((r) => r !== ws), cyclic);
    const notes: string[] = [];
    for (const rule of ALL_RULES) {
      const { findings, unknowns } = runRule(rule, graph);
      assert.deepEqual(findings, []);
      for (const u of unknowns) notes.push(u.message);
    }
    assert.ok(notes.includes("Azure Machine Learning workspace 'ws' is not a storage account"), notes.join('\n'));
  });
});
