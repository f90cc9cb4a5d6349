import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageExtension } from './build';
import { CodeServer } from './code-server';
import { CHROMIUM_BIN, CODE_SERVER_BIN, E2E_DIR, requireTools } from './environment';
import { tempHome } from './fixtures';
import { Workbench } from './workbench';

/** What a suite's tests drive: the workspace copy, code-server with the .vsix installed, and its workbench. */
export interface InstalledSession {
  readonly home: string;
  readonly workspace: string;
  readonly codeServer: CodeServer;
  readonly workbench: Workbench;
}

/**
 * Registers the hooks of a suite that drives the packaged extension as users install it: before, a
 * code-server with the .vsix installed and the workbench open on the folder `prepare` makes in the
 * suite's temp home; after a failed test, a screenshot, the code-server logs and the browser
 * console; after all, everything stopped and removed. Call it inside `describe`; the getter answers
 * the session in tests (and fails if the before hook did not finish).
 */
export function installedWorkbench(
  name: string,
  prepare: (home: string) => string,
  viewport?: { width: number; height: number },
): () => InstalledSession {
  let home: string | undefined;
  let codeServer: CodeServer | undefined;
  let session: InstalledSession | undefined;

  before(async function () {
    requireTools(this, { 'code-server': CODE_SERVER_BIN, chromium: CHROMIUM_BIN });
    home = tempHome(name);
    const workspace = prepare(home);
    const vsix = await packageExtension();
    codeServer = new CodeServer(join(home, 'code-server'));
    await codeServer.installExtension(vsix);
    await codeServer.start();
    const workbench = await Workbench.open(codeServer.url, workspace, undefined, viewport);
    session = { home, workspace, codeServer, workbench };
  });

  afterEach(async function () {
    if (!session) return;
    // Close whatever a test left open (menu, hover, palette) so the next one starts clean.
    await session.workbench.page.keyboard.press('Escape');
    if (this.currentTest?.state !== 'failed') return;
    const shot = await session.workbench.screenshot(`${name}-${this.currentTest.title}`);
    console.log(`    screenshot: ${shot}\n    code-server logs: ${session.codeServer.keepLogs(E2E_DIR)}`);
    console.log(`    browser console (last 30 lines):\n${session.workbench.console.slice(-30).join('\n')}`);
  });

  after(async function () {
    await session?.workbench.close();
    await codeServer?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  return () => {
    assert.ok(session, 'the workbench did not open');
    return session;
  };
}
