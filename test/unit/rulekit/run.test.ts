import * as assert from 'node:assert/strict';
import type { Resource } from '../../../server/src/graph/resource';
import { T } from '../../../server/src/graph/types';
import type { Rule, RuleMeta } from '../../../server/src/rulekit/rule';
import { defineRule } from '../../../server/src/rulekit/rule';
import { runRule, runRules } from '../../../server/src/rulekit/run';
import { graphOf, resource, secureDeployment, unknownOf } from '../graph/hand-built';

const META = {
  id: 'test-rule',
  defaultSeverity: 'error',
  title: 'A test rule',
  category: 'cluster',
  languages: ['arm'],
  docs: 'test-rule',
  fixable: true,
  messages: {
    plain: 'Cluster {{name}} is wrong.',
    soft: { text: 'Cluster {{name}} may be wrong.', severity: 'info' },
  },
  source: { document: 'review', quote: 'A test.' },
} as const satisfies RuleMeta;

const aks = (name = 'aks', language: Resource['language'] = 'arm'): Resource => ({
  ...resource(T.managedCluster, [name], { location: 'westeurope', properties: {} }),
  language,
});

function ruleReporting(report: (r: Resource, ctx: Parameters<Rule<typeof META.messages>['check']>[0]) => void) {
  return defineRule({
    meta: META,
    check(ctx) {
      for (const r of ctx.graph.ofType(T.managedCluster)) report(r, ctx);
    },
  });
}

describe('rule toolkit: ctx.report', () => {
  it('fills in the rule id, the message from its template and the default severity', () => {
    const rule = ruleReporting((r, ctx) => ctx.report({ resource: r, messageId: 'plain', data: { name: r.name } }));
    const cluster = aks();
    const { findings } = runRule(rule, graphOf(cluster));
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.messageId, f.severity, f.message, f.span, f.related, f.fixes]),
      [['test-rule', 'plain', 'error', 'Cluster aks is wrong.', cluster.nameSpan, [], []]],
    );
  });

  it("uses a message's own severity only when the user configured nothing", () => {
    const rule = ruleReporting((r, ctx) => ctx.report({ resource: r, messageId: 'soft', data: { name: r.name } }));
    const graph = graphOf(aks());
    assert.deepEqual(
      runRule(rule, graph).findings.map((f) => f.severity),
      ['info'],
    );
    for (const severity of ['error', 'warning', 'info'] as const)
      assert.deepEqual(
        runRule(rule, graph, { severities: { 'test-rule': severity } }).findings.map((f) => f.severity),
        [severity],
      );
    assert.deepEqual(runRules(graph, [rule], { severities: { 'test-rule': 'off' } }).findings, []);
  });

  it('makes exactly one fix preferred and puts it first', () => {
    const fix = (r: Resource, title: string, preferred?: boolean) => ({
      kind: 'setProperty' as const,
      title,
      resource: r,
      path: 'location',
      value: 'x',
      preferred,
    });
    const none = ruleReporting((r, ctx) =>
      ctx.report({ resource: r, messageId: 'plain', data: { name: 'a' }, fixes: [fix(r, 'a'), fix(r, 'b')] }),
    );
    assert.deepEqual(
      runRule(none, graphOf(aks())).findings[0].fixes.map((f) => [f.title, f.preferred]),
      [
        ['a', true],
        ['b', false],
      ],
    );
    const second = ruleReporting((r, ctx) =>
      ctx.report({ resource: r, messageId: 'plain', data: { name: 'a' }, fixes: [fix(r, 'a'), fix(r, 'b', true)] }),
    );
    assert.deepEqual(
      runRule(second, graphOf(aks())).findings[0].fixes.map((f) => [f.title, f.preferred]),
      [
        ['b', true],
        ['a', false],
      ],
    );
    const two = ruleReporting((r, ctx) =>
      ctx.report({
        resource: r,
        messageId: 'plain',
        data: { name: 'a' },
        fixes: [fix(r, 'a', true), fix(r, 'b', true)],
      }),
    );
    assert.throws(() => runRule(two, graphOf(aks())), /prefers 2 fixes/);
  });

  it('refuses fixes from a rule whose meta says it is not fixable', () => {
    const rule = defineRule({
      meta: { ...META, fixable: false },
      check(ctx) {
        const r = ctx.graph.ofType(T.managedCluster)[0];
        const fix = { kind: 'setProperty' as const, title: 't', resource: r, path: 'location', value: 'x' };
        ctx.report({ resource: r, messageId: 'plain', data: { name: 'a' }, fixes: [fix] });
      },
    });
    assert.throws(() => runRule(rule, graphOf(aks())), /not fixable/);
  });

  it('reports a rule that fails as a failure and still runs the others', () => {
    const broken = ruleReporting(() => {
      throw new Error('boom');
    });
    const fine = defineRule({
      meta: { ...META, id: 'fine' },
      check(ctx) {
        ctx.report({ resource: ctx.graph.resources[0], messageId: 'plain', data: { name: 'x' } });
      },
    });
    const run = runRules(graphOf(aks()), [broken, fine]);
    assert.deepEqual(
      run.failures.map((f) => [f.ruleId, (f.error as Error).message]),
      [['test-rule', 'boom']],
    );
    assert.deepEqual(
      run.findings.map((f) => f.ruleId),
      ['fine'],
    );
  });

  it('throws on a placeholder without data (a bug in the rule)', () => {
    const rule = defineRule({
      meta: { ...META, messages: { joined: 'Cluster ' + '{{name}} is wrong.' } },
      check(ctx) {
        ctx.report({ resource: ctx.graph.resources[0], messageId: 'joined', data: {} });
      },
    });
    assert.throws(() => runRule(rule, graphOf(aks())), /message data has no 'name'/);
  });

  it('drops reports on resources of languages the rule does not apply to', () => {
    const rule = ruleReporting((r, ctx) => ctx.report({ resource: r, messageId: 'plain', data: { name: r.name } }));
    const { findings } = runRule(rule, graphOf(aks('a', 'arm'), aks('b', 'terraform')));
    assert.deepEqual(
      findings.map((f) => f.resource.name),
      ['a'],
    );
  });

  it('reports the same finding once and records the same note once', () => {
    const rule = ruleReporting((r, ctx) => {
      for (let i = 0; i < 2; i++) {
        ctx.report({ resource: r, messageId: 'plain', data: { name: r.name } });
        ctx.notEvaluated(r.span, 'why');
      }
    });
    const { findings, unknowns } = runRule(rule, graphOf(aks()));
    assert.equal(findings.length, 1);
    assert.deepEqual(
      unknowns.map((u) => [u.ruleId, u.message]),
      [['test-rule', 'why']],
    );
  });
});

describe('rule toolkit: memoised queries', () => {
  /** A deployment whose attached cluster is external: clustersInVnet notes it. */
  const external = () => graphOf(...secureDeployment().filter((r) => r.name !== 'aks'));

  const asking = (id: string, times: number) =>
    defineRule({
      meta: { ...META, id },
      check(ctx) {
        for (let i = 0; i < times; i++) ctx.query.clustersInVnet();
      },
    });

  it('gives every rule that asks a question the notes of its answer, once each', () => {
    const graph = external();
    const run = runRules(graph, [asking('first', 1), asking('second', 3), asking('third', 0)]);
    const byRule = (id: string) => run.unknowns.filter((u) => u.ruleId === id).map((u) => u.message);
    assert.ok(byRule('first').length > 0, 'the first rule gets the notes');
    assert.deepEqual(byRule('second'), byRule('first'), 'a rule asking again (from the memo) gets the same notes');
    assert.deepEqual(byRule('third'), [], 'a rule that does not ask gets none');
  });

  it('answers from the memo: the same objects for every rule of one graph', () => {
    const graph = graphOf(...secureDeployment());
    const seen: unknown[] = [];
    const rule = (id: string) =>
      defineRule({
        meta: { ...META, id },
        check(ctx) {
          seen.push(ctx.query.dependencyEndpointVerdicts());
        },
      });
    runRules(graph, [rule('a'), rule('b')]);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1]);
    assert.ok((seen[0] as unknown[]).length > 0);
  });

  it('passes notes of inner questions to the outer one (dependency notes reach the verdicts)', () => {
    const unknownStorage = resource(T.workspace, ['ws'], {
      location: 'westeurope',
      properties: { storageAccount: unknownOf("parameter 'storageId' has no value") },
    });
    const graph = graphOf(...secureDeployment().filter((r) => r.name !== 'ws'), unknownStorage);
    const notesOf = (ask: 'workspace' | 'dependency') =>
      runRule(
        defineRule({
          meta: META,
          check(ctx) {
            if (ask === 'workspace') ctx.query.workspaceEndpointVerdicts();
            else ctx.query.dependencyEndpointVerdicts();
          },
        }),
        graph,
      ).unknowns.map((u) => u.message);
    const why =
      "the storage account of Azure Machine Learning workspace 'ws' is not known: parameter 'storageId' has no value";
    assert.ok(notesOf('dependency').includes(why));
    assert.ok(!notesOf('workspace').includes(why), 'the workspace question does not depend on the dependencies');
  });
});

describe('rule toolkit: types', () => {
  it('checks message ids and placeholders at compile time', () => {
    // Never run: the @ts-expect-error lines fail the type check when the toolkit stops catching them.
    const typeOnly = defineRule({
      meta: META,
      check(ctx) {
        const r = ctx.graph.resources[0];
        ctx.report({ resource: r, messageId: 'plain', data: { name: 'ok' } });
        // @ts-expect-error: an unknown message id
        ctx.report({ resource: r, messageId: 'nope' });
        // @ts-expect-error: the template needs {{name}}
        ctx.report({ resource: r, messageId: 'plain', data: {} });
        // @ts-expect-error: no data at all for a template with placeholders
        ctx.report({ resource: r, messageId: 'soft' });
      },
    });
    assert.equal(typeOnly.meta.id, 'test-rule');
  });
});
