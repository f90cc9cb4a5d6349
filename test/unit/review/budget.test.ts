import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeploymentResult } from '../../../server/src/analysis';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { Budget, BudgetExhausted, DEFAULT_LIMITS } from '../../../server/src/frontends/budget';
import { T } from '../../../server/src/graph/types';
import { at, toPlain } from '../../../server/src/graph/value';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';
import { template } from '../../cli/hostile-inputs';

const ROOT = '/budget-ws';
const REPO = path.resolve(__dirname, '../../../..');

function analyse(files: Record<string, string>, dir = '.'): DeploymentResult {
  const overlay = new Map(Object.entries(files).map(([f, t]) => [path.join(ROOT, f), t]));
  const host = new WorkspaceHost(ROOT, overlay);
  const own = [...overlay].filter(([f]) => path.dirname(f) === path.join(ROOT, dir));
  return analyzeDeployment(
    own.map(([p, text]) => ({ path: p, text })),
    host,
    defaultConfig(),
  );
}

const storage = {
  type: 'Microsoft.Storage/storageAccounts',
  apiVersion: '2023-01-01',
  name: 'stbeside',
  properties: { networkAcls: { bypass: 'None', defaultAction: 'Deny' } },
};

describe('review: one evaluation budget per deployment', () => {
  before(initAnalysis);

  it('a bomb makes its own values unknown, reports once, and the resources beside it keep what they declare', () => {
    const r = analyse({
      'main.json': template({
        variables: { grid: "[map(range(0, 10000), lambda('i', range(0, 10000)))]" },
        resources: [
          {
            type: 'Microsoft.Network/virtualNetworks',
            apiVersion: '2023-09-01',
            name: 'v',
            tags: { n: "[length(variables('grid'))]" },
          },
          storage,
        ],
      }),
    });
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.span.start.line]),
      [['evaluation-budget', 4]],
    );
    const st = r.graph.resources.find((x) => x.name === 'stbeside');
    assert.equal(at(st?.body, 'properties.networkAcls.bypass')?.kind, 'string');
    assert.equal(at(r.graph.resources.find((x) => x.name === 'v')?.body, 'tags.n')?.kind, 'unknown');
    // The part that was not evaluated stands as a deployment that is not analysed.
    assert.deepEqual(
      r.graph.ofType(T.deployment).map((d) => [d.name, at(d.body, 'properties')?.kind]),
      [['not-evaluated', 'unknown']],
    );
  });

  it('is shared by the ARM and Terraform front ends of one folder', () => {
    const r = analyse({
      'main.json': template({
        variables: { a: '[range(0, 9000)]' },
        resources: [{ ...storage, tags: { n: "[length(variables('a'))]" } }],
      }),
      'main.tf': 'locals {\n  b = [for i in range(1000) : i]\n}\n',
    });
    assert.ok(r.cost.values >= 9000 + 1000, JSON.stringify(r.cost));
    assert.ok(r.cost.values < DEFAULT_LIMITS.values);
  });

  it('evaluates a linked template deployed twice with the same inputs once', () => {
    const link = (name: string) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name,
      properties: {
        mode: 'Incremental',
        templateLink: { relativePath: 'child.json' },
        parameters: { p: { value: 'same' } },
      },
    });
    const files = {
      'main.json': template({ resources: [link('one'), link('one')] }),
      'child.json': template({
        parameters: { p: { type: 'string' } },
        resources: [{ ...storage, name: "[concat('st', parameters('p'))]" }],
      }),
    };
    const r = analyse(files);
    assert.equal(r.cost.instantiations, 1);
    assert.deepEqual(
      r.graph.ofType(T.storageAccount).map((s) => s.name),
      ['stsame'],
    );
  });

  it('evaluates a local module called twice with the same inputs once', () => {
    const r = analyse({
      'main.tf': 'module "a" {\n  source = "./m"\n  n = "x"\n}\nmodule "b" {\n  source = "./m"\n  n = "x"\n}\n',
      'm/main.tf':
        'variable "n" {}\nresource "azurerm_private_dns_zone" "z" {\n  name = "z-${var.n}"\n  resource_group_name = "rg"\n}\n',
    });
    assert.equal(r.cost.instantiations, 1);
  });

  it('unions, intersections and distinct values stay linear (200,000 items in well under the test timeout)', () => {
    const r = analyse({
      'main.json': template({
        variables: {
          a: '[range(0, 10000)]',
          u: "[union(variables('a'), range(5000, 10000), range(0, 10000))]",
          i: "[intersection(variables('a'), range(5000, 10000))]",
        },
        resources: [{ ...storage, tags: { u: "[length(variables('u'))]", i: "[length(variables('i'))]" } }],
      }),
      'main.tf':
        'locals {\n  l = [for i in range(1000) : i % 500]\n}\nresource "azurerm_private_dns_zone" "z" {\n' +
        '  name = "z${length(distinct(flatten([for k in range(100) : local.l])))}"\n  resource_group_name = "rg"\n}\n',
    });
    const st = r.graph.resources.find((x) => x.name === 'stbeside');
    assert.deepEqual(toPlain(at(st?.body, 'tags')), { u: 15000, i: 5000 });
    assert.deepEqual(
      r.graph.ofType(T.privateDnsZone).map((z) => z.name),
      ['z500'],
    );
  });

  it('refuses format widths and paddings it would have to allocate, as unknowns that say why', () => {
    const r = analyse({
      'main.json': template({
        resources: [
          {
            ...storage,
            tags: { d: "[format('{0:D500000000}', 1)]", p: "[padLeft('x', 500000000)]", ok: "[format('{0:D3}', 7)]" },
          },
        ],
      }),
    });
    const tags = at(r.graph.resources[0].body, 'tags');
    assert.equal(toPlain(at(tags, 'ok')), '007');
    assert.deepEqual(
      ['d', 'p'].map((k) => {
        const v = at(tags, k);
        return v?.kind === 'unknown' ? v.reason : v?.kind;
      }),
      ["format(): cannot format a number as 'D500000000'", 'padLeft(): the length may be at most 10000'],
    );
  });

  it('once spent, every further charge throws the one error (no new stack trace for each)', () => {
    const budget = new Budget({ ...DEFAULT_LIMITS, steps: 10 });
    const thrown = new Set<unknown>();
    for (let i = 0; i < 100; i++)
      try {
        if (i % 2 === 0) budget.step();
        else budget.charge({ kind: 'string', value: 'x' });
      } catch (err) {
        assert.ok(err instanceof BudgetExhausted);
        thrown.add(err);
      }
    assert.equal(budget.exhausted, 'steps');
    assert.equal(thrown.size, 1);
  });

  it('real templates (the corpus) use under a tenth of every limit', function () {
    const corpus = path.join(REPO, '..', 'shared', 'corpus');
    if (!fs.existsSync(corpus)) this.skip();
    const host = new WorkspaceHost(corpus);
    let analysed = 0;
    for (const d of findDeployments(host)) {
      const r = analyzeDeployment(d.files, host, defaultConfig());
      for (const [dimension, used] of Object.entries(r.cost))
        assert.ok(
          used < DEFAULT_LIMITS[dimension as keyof typeof DEFAULT_LIMITS] / 10,
          `${d.dir}: ${dimension} ${used}`,
        );
      analysed++;
    }
    assert.ok(analysed >= 10, `${analysed} corpus deployments`);
  });
});
