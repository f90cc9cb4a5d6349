import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageExtension } from './harness/build';
import { fixTitle } from './harness/engine';
import { CodeServer } from './harness/code-server';
import { CHROMIUM_BIN, CODE_SERVER_BIN, E2E_DIR, requireTools } from './harness/environment';
import { copyFixture, positionOf, tempHome } from './harness/fixtures';
import type { ProblemRow } from './harness/workbench';
import { Workbench } from './harness/workbench';

const RULE = 'private-cluster-public-fqdn';
const INSECURE = 'insecure/azuredeploy.json';
const SECURE = 'secure/mainTemplate.json';
const FLAG = '"enablePrivateClusterPublicFQDN": true';
// The server's hover on an AKS cluster's name (shown once it has analysed the file).
const CLUSTER_NAME = `"[parameters('clusterName')]"`;
const HOVER_NOTES = 'not checkable in a template';

// A row shows "<message><source><code>[Ln l, Col c]".
const OUR_CODE = /aml-network-guard([a-z0-9-]+)\[Ln /;
const ruleOf = (row: ProblemRow) => OUR_CODE.exec(row.text)?.[1];
const isOurs = (row: ProblemRow) => ruleOf(row) === RULE;

describe('extension in VS Code (code-server + Chromium)', function () {
  let home: string | undefined;
  let workspace = '';
  let codeServer: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let fix = '';

  before(async function () {
    requireTools(this, { 'code-server': CODE_SERVER_BIN, chromium: CHROMIUM_BIN });
    home = tempHome('vscode');
    workspace = copyFixture('workspace', home);
    fix = await fixTitle(workspace, join(workspace, INSECURE), RULE);
    const vsix = await packageExtension();
    codeServer = new CodeServer(join(home, 'code-server'));
    await codeServer.installExtension(vsix);
    await codeServer.start();
    workbench = await Workbench.open(codeServer.url, workspace);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !workbench) return;
    const shot = await workbench.screenshot(`vscode-${this.currentTest.title}`);
    const logs = codeServer?.keepLogs(E2E_DIR);
    console.log(`    screenshot: ${shot}\n    code-server logs: ${logs}`);
    console.log(`    browser console (last 30 lines):\n${workbench.console.slice(-30).join('\n')}`);
  });

  after(async function () {
    await workbench?.close();
    await codeServer?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const opened = () => {
    assert.ok(workbench, 'the workbench did not open');
    return workbench;
  };

  it(`shows ${RULE} in Problems, at the line of the flag, for the insecure template`, async function () {
    const wb = opened();
    await wb.openFile(INSECURE);
    await wb.waitForSquiggle(60_000);
    await wb.hoverUntil(CLUSTER_NAME, HOVER_NOTES, 30_000);
    await wb.showProblems();
    const expected = positionOf(join(workspace, INSECURE), FLAG);
    const rows = await wb.waitForProblems(`a ${RULE} row`, 30_000, (r) => r.some(isOurs));
    assert.deepEqual(
      rows
        .filter(ruleOf)
        .map((r) => ({ file: r.file, rule: ruleOf(r), severity: r.severity, line: r.line, column: r.column })),
      [{ file: INSECURE, rule: RULE, severity: 'Warning', line: expected.line, column: expected.column }],
    );
  });

  it('shows no problems at all for the secure template', async function () {
    const wb = opened();
    await wb.openFile(SECURE);
    await wb.hoverUntil(CLUSTER_NAME, HOVER_NOTES, 30_000);
    await wb.showProblems();
    assert.deepEqual(
      (await wb.problems()).filter((r) => r.file === SECURE),
      [],
    );
  });

  it(`fixes ${RULE} with the quick fix chosen from the Ctrl+. menu`, async function () {
    const wb = opened();
    const file = join(workspace, INSECURE);
    const before = positionOf(file, FLAG);
    await wb.openFile(INSECURE);
    await wb.showProblems();
    const [row] = (await wb.waitForProblems(`a ${RULE} row`, 30_000, (r) => r.some(isOurs))).filter(isOurs);
    await wb.revealProblem(row);
    await wb.applyQuickFix(fix);
    await wb.save();

    const text = readFileSync(file, 'utf8');
    assert.equal(text.split('\n')[before.line - 1].trim(), '"enablePrivateClusterPublicFQDN": false');
    assert.doesNotThrow(() => JSON.parse(text), 'the fixed template is no longer valid JSON');
    await wb.waitForProblems(`the ${RULE} row to disappear`, 30_000, (r) => !r.some(isOurs));
  });
});
