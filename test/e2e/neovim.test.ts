import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLUSTER_NAME, INSECURE_CASES, RULE, SECURE, SOURCE } from './cases';
import { buildBundles } from './harness/build';
import type { TopologyDeployment, TopologyNode } from '../../server/src/protocol';
import { engineFix, engineTopology } from './harness/engine';
import { onPath, REPO_ROOT, requireTools } from './harness/environment';
import { copyFixture, positionOf, tempHome } from './harness/fixtures';
import { runNeovim, type NeovimSession } from './harness/neovim';
import { findNode } from './harness/topology-tree';

const WARNING = 2; // vim.diagnostic.severity.WARN

describe('language server in headless Neovim (an independent LSP client)', function () {
  const nvim = onPath('nvim');
  let home = '';
  let workspace = '';

  before(async function () {
    requireTools(this, { nvim });
    home = tempHome('neovim');
    workspace = copyFixture('workspace', home);
    await buildBundles();
  });

  after(function () {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function session(file: string, extra: Partial<NeovimSession>): NeovimSession {
    return {
      nvim: nvim ?? 'nvim',
      server: join(REPO_ROOT, 'dist', 'server.js'),
      root: workspace,
      file,
      waitMs: 20_000,
      ...extra,
    };
  }

  for (const c of INSECURE_CASES) {
    it(`receives ${RULE} at the flag of the ${c.language} template, and its quick fix (when the engine can write it) clears it`, async function () {
      const flag = positionOf(join(workspace, c.file), c.flag);
      const fix = await engineFix(workspace, join(workspace, c.file), RULE);
      const report = await runNeovim(session(c.file, { fix: fix.title }), join(home, `${c.language}.json`));

      assert.equal(report.error, undefined);
      assert.equal(report.analysed, true, 'no diagnostics arrived');
      assert.deepEqual(
        report.before.map((d) => ({ line: d.line, col: d.col, severity: d.severity, source: d.source, code: d.code })),
        [{ line: flag.line - 1, col: flag.column - 1, severity: WARNING, source: SOURCE, code: RULE }],
      );
      const href = report.before[0].href ?? '';
      assert.ok(href.endsWith(`/docs/rules/${RULE}.md`) && existsSync(fileURLToPath(href)), `rule page ${href}`);
      if (!fix.writable) {
        // The engine cannot write this edit in this language (yet): the server must not offer it.
        assert.equal(report.applied, undefined, `offered a fix the engine cannot write: ${report.actions.join(' | ')}`);
        return;
      }
      assert.ok(report.actions.includes(fix.title), `code actions offered: ${report.actions.join(' | ')}`);
      assert.equal(report.applied, fix.title);
      assert.equal(report.lines?.[flag.line - 1].trim(), c.fixed);
      assert.deepEqual(report.after, []);
    });
  }

  it('receives the topology of every deployment through amlNetworkGuard/topology, as the engine computes it', async function () {
    const [arm] = INSECURE_CASES;
    const report = await runNeovim(session(arm.file, { topology: true }), join(home, 'topology.json'));
    assert.equal(report.error, undefined);
    assert.ok(report.topology, 'the server never answered a ready topology');
    assert.ok((report.topology_changes ?? 0) > 0, 'the server announced no analysis');
    const got = report.topology.deployments;
    const dirs = got.map((d) => d.folder);
    assert.deepEqual(
      got.map((d) => d.label),
      dirs.map((d) => relative(workspace, d)),
    );
    assert.ok(dirs.includes(join(workspace, dirname(arm.file))), `the deployments: ${dirs.join(', ')}`);
    for (const d of got) {
      const engine = await engineTopology(workspace, d.folder);
      assert.deepEqual(outline(d.nodes), outline(engine.nodes), `the topology of ${d.label}`);
      // Severities may differ: a folder's .amlnetworkguard.json applies in the server, not in the bare engine.
      const total = (c: TopologyDeployment['counts']) => c.error + c.warning + c.info;
      assert.equal(total(d.counts), total(engine.counts), `the findings of ${d.label}`);
    }
    const cluster = findNode(
      got.flatMap((d) => d.nodes),
      (n) => n.kind === 'cluster',
    );
    assert.ok(cluster?.declaration?.uri.startsWith('file://'), 'the cluster node says where it is declared');
  });

  it('receives no diagnostics for the secure template, once the server has analysed it', async function () {
    const name = positionOf(join(workspace, SECURE), CLUSTER_NAME);
    const probe = { line: name.line - 1, character: name.column };
    const report = await runNeovim(session(SECURE, { probe }), join(home, 'secure.json'));
    assert.equal(report.error, undefined);
    assert.equal(report.analysed, true, 'the server never answered the hover on the cluster name');
    assert.deepEqual(report.before, []);
  });
});

/** A tree's shape as lines: depth, kind, label, description, rules of its problems (URIs differ by client). */
function outline(nodes: readonly TopologyNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${depth} ${n.kind} ${n.label} ${n.description ?? ''} [${n.problems.map((p) => p.ruleId).join(',')}]`,
    ...outline(n.children, depth + 1),
  ]);
}
