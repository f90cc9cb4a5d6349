import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLUSTER_NAME, HOVER_NOTES, INSECURE_CASES, RULE, SECURE, SOURCE } from './cases';
import { engineFix } from './harness/engine';
import { REPO_ROOT } from './harness/environment';
import { copyFixture, positionOf } from './harness/fixtures';
import { installedWorkbench } from './harness/installed-workbench';
import { waitFor } from './harness/processes';
import type { ProblemRow } from './harness/workbench';
import type { Workbench } from './harness/workbench';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, string>;
/** Where code-server installs the .vsix, under its extensions directory. */
const EXTENSION_DIR = `${manifest.publisher}.${manifest.name}-${manifest.version}`;

// A Problems row reads "<message><source><code>[Ln l, Col c]".
const OUR_CODE = new RegExp(`${SOURCE}([a-z0-9-]+)\\[Ln `);
const ruleOf = (row: ProblemRow) => OUR_CODE.exec(row.text)?.[1];
/** What a row says before its source and code. */
const messageOf = (row: ProblemRow) => row.text.slice(0, row.text.indexOf(SOURCE));

/** Where a copy of examples/insecure goes: its missing private endpoints are fixed by inserting one. */
const EXAMPLE = 'example-insecure/azuredeploy.json';
const ENDPOINT_RULE = 'aks-vnet-dependency-private-endpoint';

describe('extension in VS Code (code-server + Chromium)', function () {
  const session = installedWorkbench('vscode', (home) => copyFixture('workspace', home));
  const opened = () => session().workbench;

  /** Our rows for `file`, once one for RULE is there. */
  async function ourRows(wb: Workbench, file: string): Promise<ProblemRow[]> {
    const mine = (rows: ProblemRow[]) => rows.filter((r) => r.file === file && ruleOf(r) !== undefined);
    return mine(
      await wb.waitForProblems(`a ${RULE} row for ${file}`, 30_000, (r) => mine(r).some((x) => ruleOf(x) === RULE)),
    );
  }

  it(`links ${RULE} to its rule page shipped inside the installed extension, opened rendered`, async function () {
    const wb = opened();
    const [arm] = INSECURE_CASES;
    await wb.openFile(arm.file);
    await wb.showProblems();
    const [row] = await ourRows(wb, arm.file);
    // The server links the page's file; the extension turns the link into its command that renders it.
    assert.equal(row.codeHref, `command:amlNetworkGuard.openRuleDocs?${JSON.stringify([RULE])}`);
    const page = join(session().codeServer.extensionsDir, EXTENSION_DIR, 'docs', 'rules', `${RULE}.md`);
    assert.ok(existsSync(page), `rule page ${page}`);
    await wb.openCodeLink(row, `Preview ${RULE}.md`);
  });

  for (const c of INSECURE_CASES) {
    it(`shows ${RULE} in Problems at the flag of the insecure ${c.language} template, squiggled`, async function () {
      const wb = opened();
      await wb.openFile(c.file);
      await wb.showProblems();
      const flag = positionOf(join(session().workspace, c.file), c.flag);
      const rows = await ourRows(wb, c.file);
      assert.deepEqual(
        rows.map((r) => ({ rule: ruleOf(r), severity: r.severity, line: r.line, column: r.column })),
        [{ rule: RULE, severity: 'Warning', line: flag.line, column: flag.column }],
      );
      await wb.revealProblem(rows[0]);
      await wb.waitForSquiggle(10_000);
    });

    it(`fixes ${RULE} in ${c.language} with the quick fix chosen from the Ctrl+. menu`, async function () {
      const wb = opened();
      const file = join(session().workspace, c.file);
      const flag = positionOf(file, c.flag);
      const fix = await engineFix(session().workspace, file, RULE);
      if (!fix.writable) {
        console.log(`    skipped: the engine writes no ${c.language} edit for "${fix.title}" yet`);
        this.skip();
      }
      await wb.openFile(c.file);
      await wb.showProblems();
      const [row] = await ourRows(wb, c.file);
      await wb.revealProblem(row);
      await wb.applyQuickFix(fix.title);
      await wb.save();

      const saved = await waitFor(`${c.file} saved with the fix`, 10_000, async () => {
        const line = readFileSync(file, 'utf8').split('\n')[flag.line - 1].trim();
        return line === c.flag ? undefined : line;
      });
      assert.equal(saved, c.fixed);
      await wb.waitForProblems(`our rows of ${c.file} to disappear`, 30_000, (rows) =>
        rows.every((r) => r.file !== c.file || ruleOf(r) === undefined),
      );
    });
  }

  it('shows no problems at all for the secure template, once the server has analysed it', async function () {
    const wb = opened();
    await wb.openFile(SECURE);
    await wb.hoverUntil(CLUSTER_NAME, HOVER_NOTES, 30_000);
    await wb.showProblems();
    assert.deepEqual(
      (await wb.problems()).filter((r) => r.file === SECURE),
      [],
    );
  });

  it(`reports ${RULE} while typing, before any save, and withdraws it on undo`, async function () {
    const wb = opened();
    const [arm] = INSECURE_CASES;
    const flag = positionOf(join(session().workspace, SECURE), arm.fixed);
    await wb.openFile(SECURE);
    await wb.showProblems();
    await wb.replaceToken(flag.line, 'false', 'true');
    const rows = await ourRows(wb, SECURE);
    assert.deepEqual(
      rows.map((r) => ({ rule: ruleOf(r), line: r.line, column: r.column })),
      [{ rule: RULE, line: flag.line, column: flag.column }],
    );
    assert.ok(readFileSync(join(session().workspace, SECURE), 'utf8').includes(arm.fixed), 'the edit was saved');
    await wb.page.keyboard.press('Control+Z');
    await wb.waitForProblems(`our rows of ${SECURE} to disappear after undo`, 30_000, (r) =>
      r.every((x) => x.file !== SECURE),
    );
  });

  it(`inserts a private endpoint for ${ENDPOINT_RULE} from the Ctrl+. menu, and that finding leaves Problems`, async function () {
    const wb = opened();
    // Copied in by this test, the last of the suite: its many rows would push the others' out of view.
    const folder = join(session().workspace, dirname(EXAMPLE));
    cpSync(join(REPO_ROOT, 'examples', 'insecure'), folder, { recursive: true });
    let filtered = false;
    try {
      const file = join(session().workspace, EXAMPLE);
      const fix = await engineFix(session().workspace, file, ENDPOINT_RULE);
      const original = readFileSync(file, 'utf8');
      assert.match(fix.title, /^Add a private endpoint for key vault '[^']+' in subnet '[^']+' of '[^']+'$/);
      await wb.openFile(EXAMPLE);
      // The copy, not insecure/azuredeploy.json of the same name.
      await wb.page.waitForSelector(`.breadcrumbs-below-tabs .monaco-breadcrumb-item:has-text("${dirname(EXAMPLE)}")`, {
        timeout: 10_000,
      });
      await wb.showProblems();
      // Only this rule's rows: few enough that the list renders every one of them.
      await wb.filterProblems(ENDPOINT_RULE);
      filtered = true;
      const mine = (rows: ProblemRow[]) => rows.filter((r) => r.file === EXAMPLE && ruleOf(r) === ENDPOINT_RULE);
      const before = mine(
        await wb.waitForProblems(
          `the ${fix.findings} ${ENDPOINT_RULE} rows of ${EXAMPLE}`,
          30_000,
          (rows) => mine(rows).length === fix.findings,
        ),
      );
      const target = before.find((r) => r.line === fix.line)!;
      await wb.revealProblem(target);
      await wb.applyQuickFix(fix.title);
      await wb.save();
      const endpoints = (text: string) => text.split('"Microsoft.Network/privateEndpoints"').length - 1;
      assert.ok(endpoints(readFileSync(file, 'utf8')) > endpoints(original), 'the saved file declares a new endpoint');
      // The server's new analysis: the fixed finding is gone while the file's others of the rule stay.
      await wb.waitForProblems(
        `the fixed finding to leave Problems, the other ${fix.findings - 1} staying`,
        30_000,
        (rows) => {
          const now = mine(rows);
          return now.length === fix.findings - 1 && !now.some((r) => messageOf(r) === messageOf(target));
        },
      );
    } finally {
      if (filtered) await wb.filterProblems('');
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
