import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundles } from './harness/build';
import { CodeServer } from './harness/code-server';
import { CHROMIUM_BIN, CODE_SERVER_BIN, E2E_DIR, REPO_ROOT, requireTools } from './harness/environment';
import { copyFixture, tempHome } from './harness/fixtures';
import { waitFor } from './harness/processes';
import { Workbench } from './harness/workbench';

// test/e2e-electron/suite runs in desktop VS Code where there is internet; here the same suite runs
// in code-server's extension host, with the extension loaded from this repository as a development
// extension, so it is exercised offline too. Its results come back through the window's console.
const SUITE = join(REPO_ROOT, 'out', 'test', 'e2e-electron', 'suite', 'index');
const SUMMARY = /extension tests: (\d+) passed, (\d+) failed/;

describe('extension-host suite (test/e2e-electron) in code-server', function () {
  let home: string | undefined;
  let codeServer: CodeServer | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    requireTools(this, { 'code-server': CODE_SERVER_BIN, chromium: CHROMIUM_BIN });
    home = tempHome('exthost');
    await buildBundles();
    codeServer = new CodeServer(join(home, 'code-server'));
    await codeServer.start();
  });

  after(async function () {
    await workbench?.close();
    await codeServer?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('passes every test of the suite', async function () {
    assert.ok(codeServer && home);
    const remote = (path: string) => `vscode-remote://127.0.0.1:${codeServer?.port}${path}`;
    const workspace = copyFixture('workspace', home);
    workbench = await Workbench.open(codeServer.url, workspace, [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(SUITE)],
    ]);
    const wb = workbench;
    const summary = await waitFor('the suite summary in the window console', 120_000, async () =>
      wb.console.map((line) => SUMMARY.exec(line)).find((m) => m !== null),
    ).catch(async (err: Error) => {
      const logs = codeServer?.keepLogs(E2E_DIR);
      throw new Error(`${err.message}\ncode-server logs: ${logs}\n${wb.console.slice(-30).join('\n')}`, { cause: err });
    });
    const results = wb.console.filter((line) => line.includes('extension test '));
    assert.equal(summary[2], '0', results.join('\n'));
    assert.ok(Number(summary[1]) > 0, 'the suite ran no tests');
  });
});
