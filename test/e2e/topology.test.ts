import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { countsText } from '../../client/src/topology/counts';
import type { TopologyDeployment, TopologyNode } from '../../server/src/protocol';
import { engineFix, engineTopology } from './harness/engine';
import { E2E_DIR, REPO_ROOT } from './harness/environment';
import { installedWorkbench } from './harness/installed-workbench';
import { findNode } from './harness/topology-tree';
import { waitFor } from './harness/processes';
import type { TreeRow, Workbench } from './harness/workbench';

// The side panel, the status bar and the commands in the real editor, on the bundled insecure
// examples (ARM, Bicep, Terraform), one folder each. What the panel must
// show comes from the engine itself (the same topology model), so the test checks the client's
// rendering, not a copy of the rules. With UPDATE_SCREENSHOTS=1 the suite also rewrites the README's
// screenshots in docs/images/ (otherwise it writes them under .e2e/screenshots, so that a test run
// never leaves the repository changed).

const PANEL = 'Azure ML Network Guard';
const FQDN_RULE = 'private-cluster-public-fqdn';

interface Language {
  name: string;
  folder: string;
  source: string;
  file: string;
  /** The AKS cluster's label in the panel. */
  cluster: string;
  /**
   * The cluster whose hover the README shows: one with room above its name for the hover, so that the
   * squiggle under the line stays in sight (the Terraform example's main cluster starts on line 1).
   */
  hovered: string;
}

const LANGUAGES: Language[] = [
  {
    name: 'ARM',
    folder: 'arm',
    source: 'examples/insecure',
    file: 'azuredeploy.json',
    cluster: 'aks-ml-inference',
    hovered: 'aks-ml-inference',
  },
  {
    name: 'Bicep',
    folder: 'bicep',
    source: 'examples/bicep-insecure',
    file: 'main.bicep',
    cluster: 'aks-ml-inference',
    hovered: 'aks-ml-inference',
  },
  {
    name: 'Terraform',
    folder: 'terraform',
    source: 'examples/terraform-insecure',
    file: 'aks.tf',
    cluster: 'azurerm_kubernetes_cluster.ml',
    hovered: 'azurerm_kubernetes_cluster.dev',
  },
];

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO_ROOT, 'docs', 'images') : join(E2E_DIR, 'screenshots');

/** The rows the panel must show for a deployment, in order: label, depth, description, badge. */
function expectedRows(d: TopologyDeployment, label: string): TreeRow[] {
  const total = d.counts.error + d.counts.warning + d.counts.info;
  const rows: TreeRow[] = [
    { label, level: 1, description: countsText(d.counts), expanded: true, badge: total ? String(total) : '' },
  ];
  const walk = (nodes: readonly TopologyNode[], level: number) => {
    for (const n of nodes) {
      rows.push({
        label: n.label,
        level,
        description: n.description ?? '',
        expanded: undefined,
        badge: n.problems.length ? String(n.problems.length) : '',
      });
      // Containers open at first sight; the tree shows their problems first, then their children.
      if (['vnet', 'subnet', 'workspace', 'unplaced'].includes(n.kind)) {
        for (const p of n.problems)
          rows.push({ label: p.ruleId, level: level + 1, description: p.message, expanded: undefined, badge: '' });
        walk(n.children, level + 1);
      }
    }
  };
  walk(d.nodes, 2);
  return rows;
}

const shape = (r: TreeRow) => `${'  '.repeat(r.level - 1)}${r.label} — ${r.description} [${r.badge}]`;

describe('topology panel, status bar and commands in VS Code (code-server + Chromium)', function () {
  const session = installedWorkbench(
    'topology',
    (home) => {
      const workspace = join(home, 'examples');
      for (const l of LANGUAGES) cpSync(join(REPO_ROOT, l.source), join(workspace, l.folder), { recursive: true });
      mkdirSync(SCREENSHOTS, { recursive: true });
      return workspace;
    },
    // Tall enough that a whole deployment's tree is on screen (the tree renders only visible rows).
    { width: 1600, height: 1300 },
  );
  const opened = () => session().workbench;

  /**
   * Collapses every deployment but `l`'s, so that its tree is the one on screen. A click that lands
   * while the panel re-renders after a new analysis (opening a file re-analyses it) can be lost, so
   * this clicks again, a round at a time, until the tree shows the state asked for.
   */
  async function focusDeployment(wb: Workbench, l: Language): Promise<void> {
    const wrong = (rows: TreeRow[]) => rows.filter((r) => r.level === 1 && r.expanded !== (r.label === l.folder));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const rows = await wb.treeRows();
      const toClick = wrong(rows);
      if (rows.some((r) => r.level === 1) && toClick.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`the panel would not show only ${l.folder} expanded; it shows:\n${rows.map(shape).join('\n')}`);
      // A row not yet marked expandable is left to settle rather than clicked blind.
      for (const r of toClick) if (r.expanded !== undefined) await wb.clickTreeRow(r.label, 1);
      await wb
        .waitForTree(`the clicked deployments to toggle`, 2_000, (now) => wrong(now).length === 0)
        .catch(() => []);
    }
  }

  for (const l of LANGUAGES) {
    it(`shows the ${l.name} deployment's networks, zones and workspaces with problem badges`, async function () {
      const wb = opened();
      const expected = expectedRows(
        await engineTopology(session().workspace, join(session().workspace, l.folder)),
        l.folder,
      );
      await wb.openViewContainer(PANEL);
      await wb.waitForTree(`the ${l.folder} deployment`, 60_000, (rows) => rows.some((r) => r.label === l.folder));
      await focusDeployment(wb, l);
      const mine = (rs: TreeRow[]) => {
        const start = rs.findIndex((r) => r.level === 1 && r.label === l.folder);
        const next = rs.findIndex((r, i) => i > start && r.level === 1);
        return rs.slice(start, next < 0 ? undefined : next).map(shape);
      };
      // Badges are drawn a moment after the rows: wait for the whole picture, then compare (for the diff).
      const whole = (rs: TreeRow[]) => mine(rs).join('\n') === expected.map(shape).join('\n');
      // VS Code's tree can drop the children of a node that a refresh reached while it was expanding
      // ("Data tree node not found" in the console); a user would collapse and expand it again.
      let rows = await wb.waitForTree(`the whole ${l.folder} tree`, 15_000, whole).catch(() => undefined);
      if (!rows) {
        await wb.clickTreeRow(l.folder, 1);
        await focusDeployment(wb, l);
        rows = await wb.waitForTree(`the whole ${l.folder} tree`, 15_000, whole).catch(() => wb.treeRows());
      }
      assert.deepEqual(mine(rows), expected.map(shape));
      // Wide enough for Terraform's addresses and the descriptions; cropped to the rows.
      await wb.resizeSideBar(560);
      await wb.capture(join(SCREENSHOTS, `topology-${l.folder}.png`), '.part.sidebar', {
        selector: '.part.sidebar .monaco-list-rows',
        above: 60,
        below: 10,
        right: 0,
      });
    });

    it(`reveals the ${l.name} cluster's declaration when its node is clicked`, async function () {
      const wb = opened();
      const topology = await engineTopology(session().workspace, join(session().workspace, l.folder));
      const cluster = findNode(topology.nodes, (n) => n.kind === 'cluster' && n.label === l.cluster);
      assert.ok(cluster?.declaration, `the engine places ${l.cluster}`);
      await wb.openViewContainer(PANEL);
      await focusDeployment(wb, l);
      await wb.clickTreeRow(l.cluster, 4);
      await wb.page.waitForSelector(`.tab.active:has-text("${l.file}")`, { timeout: 30_000 });
      // The declaration is selected, so the cursor stands at its end.
      const end = cluster.declaration.range.end;
      await waitFor(`the cursor at the declaration of ${l.cluster}`, 10_000, async () => {
        const at = await wb.cursor();
        return at?.line === end.line + 1 && at.column === end.character + 1 ? at : undefined;
      });
    });
  }

  for (const l of LANGUAGES) {
    it(`hovers the ${l.name} cluster with what the checker found between it and the other resources`, async function () {
      const wb = opened();
      const topology = await engineTopology(session().workspace, join(session().workspace, l.folder));
      const cluster = findNode(topology.nodes, (n) => n.kind === 'cluster' && n.label === l.hovered);
      assert.ok(cluster?.declaration && cluster.resourceId, `the engine places ${l.hovered}`);
      const relations = cluster.relations ?? [];
      assert.ok(relations.length > 0, `the engine relates ${l.hovered} to other resources`);
      await wb.showExplorer();
      await wb.openFile(relative(session().workspace, cluster.declaration.uri).split(sep).join('/'));
      const { start } = cluster.declaration.range;
      const text = await wb.hoverAt(start.line + 1, start.character + 2, relations[0], 30_000);
      for (const expected of [cluster.resourceId, ...relations, 'not checkable in a template'])
        assert.ok(text.includes(expected), `the hover shows "${expected}"; it reads: ${text}`);
      // The hover and the squiggled lines below it (the findings on the cluster).
      await wb.capture(join(SCREENSHOTS, `hover-${l.folder}.png`), '.part.editor', {
        selector: '.monaco-hover:visible',
        above: 60,
        below: 140,
        right: 200,
      });
    });
  }

  for (const l of LANGUAGES) {
    it(`offers the engine's fix for ${FQDN_RULE} in the ${l.name} quick-fix menu`, async function () {
      const wb = opened();
      const file = join(session().workspace, l.folder, l.file);
      const fix = await engineFix(session().workspace, file, FQDN_RULE);
      await wb.showExplorer();
      await wb.openFile(`${l.folder}/${l.file}`);
      await wb.showProblems();
      const rows = await wb.waitForProblems(`the ${FQDN_RULE} row of ${l.file}`, 30_000, (r) =>
        r.some((x) => x.file.endsWith(l.file) && x.text.includes(FQDN_RULE)),
      );
      const row = rows.find((x) => x.file.endsWith(l.file) && x.text.includes(FQDN_RULE));
      assert.ok(row);
      await wb.revealProblem(row);
      const titles = await wb.openQuickFixMenu();
      assert.ok(titles.includes(fix.title), `the menu offers: ${titles.join(' | ')}`);
      await wb.capture(join(SCREENSHOTS, `quick-fix-${l.folder}.png`), '.part.editor', {
        selector: '.action-widget',
        above: 240,
        below: 120,
        right: 500,
      });
    });
  }

  it('shows the error count in the status bar and updates it and the panel when a quick fix is applied', async function () {
    const wb = opened();
    const [arm] = LANGUAGES;
    const file = join(session().workspace, arm.folder, arm.file);
    const fix = await engineFix(session().workspace, file, FQDN_RULE);
    const status = wb.page.locator('.statusbar-item[aria-label^="Azure ML Network Guard:"]').first();
    const errorsNow = async () => Number(/(\d+) errors/.exec((await status.getAttribute('aria-label')) ?? '')?.[1]);
    const total = (
      await Promise.all(LANGUAGES.map((l) => engineTopology(session().workspace, join(session().workspace, l.folder))))
    )
      .map((d) => d.counts.error)
      .reduce((a, b) => a + b, 0);
    await waitFor(`the status bar to count ${total} errors`, 60_000, async () =>
      (await errorsNow()) === total ? true : undefined,
    );

    await wb.openViewContainer(PANEL);
    await focusDeployment(wb, arm);
    const badgeOf = async () => (await wb.treeRows()).find((r) => r.label === arm.cluster && r.level === 4)?.badge;
    // What the badge must read comes from the engine, before and after the fix; the panel draws
    // badges a moment after its rows, so the test waits for each value rather than reading it once.
    const clusterProblems = async () =>
      findNode(
        (await engineTopology(session().workspace, join(session().workspace, arm.folder))).nodes,
        (n) => n.label === arm.cluster,
      )?.problems.length ?? 0;
    const waitForBadge = async (what: string, count: number) => {
      let seen: string | undefined;
      await waitFor(what, 30_000, async () =>
        (seen = await badgeOf()) === (count ? String(count) : '') ? true : undefined,
      ).catch((err: unknown) => {
        throw new Error(
          `${err instanceof Error ? err.message : String(err)} (the badge reads ${JSON.stringify(seen)})`,
        );
      });
    };
    const before = await clusterProblems();
    assert.ok(before > 0, `the engine finds problems on ${arm.cluster}`);
    await waitForBadge(`the panel to badge ${arm.cluster} with ${before}`, before);
    await wb.showExplorer();
    await wb.openFile(`${arm.folder}/${arm.file}`);
    await wb.showProblems();
    const row = await wb.waitForProblems(`the ${FQDN_RULE} row`, 30_000, (rows) =>
      rows.some((r) => r.file.endsWith(arm.file) && r.text.includes(FQDN_RULE)),
    );
    const fqdn = row.find((r) => r.file.endsWith(arm.file) && r.text.includes(FQDN_RULE));
    assert.ok(fqdn);
    await wb.revealProblem(fqdn);
    await wb.applyQuickFix(fix.title);
    await wb.save();
    await waitFor('the status bar to count one error less', 30_000, async () =>
      (await errorsNow()) === total - 1 ? true : undefined,
    );
    const after = await clusterProblems();
    assert.equal(after, before - 1, `the saved fix leaves ${arm.cluster} one problem less`);
    await wb.openViewContainer(PANEL);
    await focusDeployment(wb, arm);
    await waitForBadge(`the panel to drop ${FQDN_RULE} from ${arm.cluster}`, after);
    assert.ok(readFileSync(file, 'utf8').includes('"enablePrivateClusterPublicFQDN": false'));
  });

  it('scans the workspace from the command palette with its progress, and reports the count', async function () {
    const wb = opened();
    const scanLines = () =>
      session()
        .codeServer.outputChannel(PANEL)
        .split('\n')
        .filter((l) => l.includes('scan: '));
    const earlier = scanLines().length;
    await wb.runCommand('Azure ML Network Guard: Scan Workspace');
    const toast = wb.page.locator('.notification-toast', { hasText: 'Azure ML Network Guard: scanned' }).first();
    await toast.waitFor({ timeout: 60_000 });
    const text = (await toast.textContent()) ?? '';
    const found = { error: 0, warning: 0, info: 0 };
    for (const l of LANGUAGES) {
      const { counts } = await engineTopology(session().workspace, join(session().workspace, l.folder));
      for (const k of ['error', 'warning', 'info'] as const) found[k] += counts[k];
    }
    assert.ok(text.includes(`: ${countsText(found)}.`), `the engine finds ${countsText(found)}; the message: ${text}`);
    assert.match(text, /scanned 3 deployments \(\d+ files\)/);
    // The progress the command reported to the window (a scan this small ends before VS Code shows
    // it), as the client logs each step: from none to all of the deployments analysed.
    const steps = await waitFor('the scan progress in the Output channel', 10_000, async () => {
      const lines = scanLines().slice(earlier);
      return lines.some((l) => l.includes('3/3')) ? lines : undefined;
    });
    assert.deepEqual(
      steps.map((l) => /scan: (.*)$/.exec(l)?.[1]),
      [0, 1, 2, 3].map((n) => `${n}/3 deployments analysed`),
    );
  });

  it('opens a rule page rendered, from the command palette', async function () {
    const wb = opened();
    await wb.runCommand('Azure ML Network Guard: Open Rule Documentation…');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(FQDN_RULE);
    await wb.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: FQDN_RULE })
      .first()
      .waitFor({ timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.waitForSelector(`.tab.active:has-text("Preview ${FQDN_RULE}.md")`, { timeout: 30_000 });
  });
});
