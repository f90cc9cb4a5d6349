import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnippets } from '../snippets/deployments';
import { expandSnippet } from '../snippets/expand';
import { copyFixture } from './harness/fixtures';
import { installedWorkbench } from './harness/installed-workbench';

// What a new user meets in the installed .vsix: the snippets, typed in an empty file and accepted from
// the suggestions, and the walkthrough, whose first button opens a bundled example.
describe('snippets and walkthrough in VS Code (code-server + Chromium)', function () {
  const session = installedWorkbench('client', (home) => {
    const workspace = copyFixture('workspace', home);
    mkdirSync(join(workspace, 'from-snippet'));
    writeFileSync(join(workspace, 'from-snippet', 'main.tf'), '');
    return workspace;
  });
  const opened = () => session().workbench;

  it('expands a snippet typed in an empty Terraform file and accepted from the suggestions', async function () {
    const wb = opened();
    const snippet = loadSnippets('terraform').find((s) => s.prefix === 'aml-vnet');
    assert.ok(snippet);
    await wb.openFile('from-snippet/main.tf');
    await wb.page.locator('.monaco-editor .view-lines').first().click();
    await wb.page.keyboard.type(snippet.prefix);
    await wb.page.keyboard.press('Control+Space');
    const suggestion = wb.page
      .locator('.suggest-widget .monaco-list-row')
      .filter({ has: wb.page.locator('.label-name', { hasText: /^aml-vnet$/ }) })
      .first();
    await suggestion.waitFor({ timeout: 30_000 });
    await suggestion.click();
    // Leave the snippet's tab stops with their defaults.
    await wb.page.keyboard.press('Escape');
    await wb.save();
    assert.equal(
      readFileSync(join(session().workspace, 'from-snippet', 'main.tf'), 'utf8'),
      expandSnippet(snippet.body),
    );
  });

  it('opens the walkthrough, whose first step opens a copy of a bundled example', async function () {
    const wb = opened();
    await wb.runCommand('Welcome: Open Walkthrough...');
    const pick = wb.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Check an AKS inferencing' })
      .first();
    await pick.waitFor({ timeout: 10_000 });
    await pick.click();
    const page = wb.page.locator('.gettingStartedContainer');
    await page
      .locator('.getting-started-step', { hasText: 'Open an example deployment' })
      .first()
      .waitFor({ timeout: 30_000 });
    for (const title of ['See its topology', 'Scan the workspace', 'Write a deployment from snippets'])
      assert.ok(await page.getByText(title).first().isVisible(), `step "${title}"`);
    await page.getByRole('button', { name: 'Open Example Deployment…' }).first().click();
    const example = wb.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: wb.page.locator('.label-name', { hasText: /^insecure$/ }) })
      .first();
    await example.waitFor({ timeout: 10_000 });
    await example.click();
    await wb.page.waitForSelector('.tab.active:has-text("azuredeploy.json")', { timeout: 30_000 });
    // The copy is outside the workspace folder: the server analyses it because it is open.
    await wb.showProblems();
    await wb.waitForProblems('the findings of the example', 60_000, (rows) =>
      rows.some(
        (r) => r.file.endsWith('examples/insecure/azuredeploy.json') && r.text.includes('private-cluster-public-fqdn'),
      ),
    );
  });
});
