import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundles } from './harness/build';
import { fixTitle } from './harness/engine';
import { onPath, REPO_ROOT, requireTools } from './harness/environment';
import { copyFixture, positionOf, tempHome } from './harness/fixtures';
import { runNeovim, type NeovimSession } from './harness/neovim';

const RULE = 'private-cluster-public-fqdn';
const INSECURE = 'insecure/azuredeploy.json';
const CLUSTER_NAME = `"name": "[parameters('clusterName')]"`;
const WARNING = 2; // vim.diagnostic.severity.WARN

describe('language server in headless Neovim (an independent LSP client)', function () {
  const nvim = onPath('nvim');
  let home: string | undefined;
  let workspace = '';
  let fix = '';

  before(async function () {
    requireTools(this, { nvim });
    home = tempHome('neovim');
    workspace = copyFixture('workspace', home);
    fix = await fixTitle(workspace, join(workspace, INSECURE), RULE);
    await buildBundles();
  });

  after(function () {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** The session for `file`, probing the hover on the cluster's name. */
  function session(file: string, quickFix?: string): NeovimSession {
    const name = positionOf(join(workspace, file), CLUSTER_NAME);
    const probe = { line: name.line - 1, character: name.column - 1 + CLUSTER_NAME.indexOf('[') };
    return {
      nvim: nvim!,
      server: join(REPO_ROOT, 'dist', 'server.js'),
      root: workspace,
      file,
      probe,
      fix: quickFix,
      waitMs: 20_000,
    };
  }

  it(`receives ${RULE} at the flag's line for the insecure template, and its quick fix clears it`, async function () {
    const file = INSECURE;
    const flag = positionOf(join(workspace, file), '"enablePrivateClusterPublicFQDN": true');
    const report = await runNeovim(session(file, fix), join(home!, 'insecure.json'));

    assert.equal(report.error, undefined);
    assert.equal(report.analysed, true, 'the server never answered the hover on the cluster name');
    assert.deepEqual(
      report.before.map((d) => ({ line: d.line, col: d.col, severity: d.severity, source: d.source, code: d.code })),
      [{ line: flag.line - 1, col: flag.column - 1, severity: WARNING, source: 'aml-network-guard', code: RULE }],
    );
    assert.ok(report.actions.includes(fix), `code actions offered: ${report.actions.join(' | ')}`);
    assert.equal(report.applied, fix);
    assert.equal(report.lines?.[flag.line - 1].trim(), '"enablePrivateClusterPublicFQDN": false');
    assert.deepEqual(report.after, []);
  });

  it('receives no diagnostics for the secure template', async function () {
    const report = await runNeovim(session('secure/mainTemplate.json'), join(home!, 'secure.json'));
    assert.equal(report.error, undefined);
    assert.equal(report.analysed, true, 'the server never answered the hover on the cluster name');
    assert.deepEqual(report.before, []);
  });
});
