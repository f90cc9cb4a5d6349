// Runs inside the extension host of VS Code (desktop through ../run.ts, or code-server through
// test/e2e/extension-host.test.ts) whose workspace is a copy of test/fixtures/e2e/workspace, with
// this repository's extension loaded.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const RULE = 'private-cluster-public-fqdn';
const FLAG = '"enablePrivateClusterPublicFQDN": true';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** Waits until `accept` holds for the diagnostics of `uri`, and returns them. */
async function diagnosticsUntil(
  uri: vscode.Uri,
  timeoutMs: number,
  accept: (d: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = vscode.languages.getDiagnostics(uri);
    if (accept(current)) return current;
    if (Date.now() > deadline) throw new Error(`diagnostics of ${uri.fsPath}: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Runs `request` again until `accept` holds of its answer. Right after a document opens, the
 * language client cancels requests that race with its own synchronisation, and the server offers no
 * fix until the document's editor version has been analysed (the spans of the last analysis, read
 * from disk, may be stale); the editor UI asks again when the diagnostics come in.
 */
async function requestUntil<T>(
  timeoutMs: number,
  request: () => Thenable<T>,
  accept: (answer: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const answer = await request();
      if (accept(answer) || Date.now() > deadline) return answer;
    } catch (err) {
      if (!(err instanceof Error && err.message === 'Canceled') || Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const ours = (d: vscode.Diagnostic) => d.source === 'aml-network-guard' && codeOf(d) === RULE;

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

describe('extension in the VS Code extension host', function () {
  it(`reports ${RULE} at the flag and its quick fix removes it`, async function () {
    const uri = workspaceFile('insecure/azuredeploy.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const flagLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes(FLAG));

    const [finding] = (await diagnosticsUntil(uri, 30_000, (d) => d.some(ours))).filter(ours);
    assert.equal(finding.range.start.line, flagLine);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Warning);

    // The command does not always hand back `diagnostics`; the request is for the finding's range only.
    const fixOf = (actions: vscode.CodeAction[]) =>
      actions.find((a) => a.edit && (a.diagnostics?.some((d) => codeOf(d) === RULE) ?? true));
    const actions = await requestUntil(
      15_000,
      () =>
        vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          finding.range,
          vscode.CodeActionKind.QuickFix.value,
        ),
      (answer) => fixOf(answer) !== undefined,
    );
    const fix = fixOf(actions);
    assert.ok(fix?.edit, `no quick fix for ${RULE}: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    assert.equal(doc.lineAt(flagLine).text.trim(), '"enablePrivateClusterPublicFQDN": false');
    await diagnosticsUntil(uri, 30_000, (d) => !d.some(ours));
  });

  it('applies the .amlnetworkguard.json of the folder: the finding has the severity the file gives', async function () {
    const uri = workspaceFile('configured/azuredeploy.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [finding] = (await diagnosticsUntil(uri, 30_000, (d) => d.some(ours))).filter(ours);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Information);
  });

  it('validates and completes .amlnetworkguard.json from the contributed schema, each mistake shown once', async function () {
    const uri = workspaceFile('configured/.amlnetworkguard.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'jsonc');
    const key = doc.getText().indexOf('"no-such-rule"');
    const range = new vscode.Range(doc.positionAt(key), doc.positionAt(key + '"no-such-rule"'.length));
    const schemaSays = (d: vscode.Diagnostic) => d.source !== 'aml-network-guard' && d.range.isEqual(range);
    // What the server published before the file was open (no client validated it then) is withdrawn
    // once the server re-reads it as open; VS Code's JSON validation may answer before that.
    const serverSays = (d: vscode.Diagnostic) => d.source === 'aml-network-guard' && d.range.isEqual(range);
    const diagnostics = await diagnosticsUntil(uri, 30_000, (d) => d.some(schemaSays) && !d.some(serverSays));
    // While the file is open VS Code's JSON validation reports it; the server does not repeat it.
    assert.deepEqual(
      diagnostics.filter((d) => d.source === 'aml-network-guard').map((d) => d.message),
      [],
    );
    const inSeverity = doc.positionAt(doc.getText().indexOf('"private-cluster-public-fqdn"'));
    const completions = await requestUntil(
      10_000,
      () =>
        vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, inSeverity),
      () => true,
    );
    const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      labels.some((l) => l.replace(/"/g, '') === 'aks-vnet-dependency-private-endpoint'),
      `no rule id among the completions: ${labels.join(', ')}`,
    );
  });

  it('reports nothing for the secure template', async function () {
    const uri = workspaceFile('secure/mainTemplate.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const name = doc.getText().indexOf(`"[parameters('clusterName')]"`);
    // The server's hover on the cluster name answers once it has analysed the file.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        doc.positionAt(name + 2),
      );
      if (
        hovers.some((h) =>
          h.contents.some((c) => String(typeof c === 'string' ? c : c.value).includes('Network Guard')),
        )
      )
        break;
      assert.ok(Date.now() < deadline, 'the server never answered the hover on the cluster name');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.deepEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'aml-network-guard'),
      [],
    );
  });

  it('starts the language server again when it is killed, and the new one analyses edits', async function () {
    const server = serverProcess();
    // Child processes are found through /proc (Linux): elsewhere there is nothing to kill.
    if (server === undefined) return this.skip();
    process.kill(server, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (serverProcess() === undefined || serverProcess() === server) {
      assert.ok(Date.now() < deadline, 'no new language server process');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const uri = workspaceFile('insecure/azuredeploy.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('"enablePrivateClusterPublicFQDN": false');
    assert.ok(at >= 0, 'the first test fixed the flag');
    const edit = new vscode.WorkspaceEdit();
    const value = doc.positionAt(at + '"enablePrivateClusterPublicFQDN": '.length);
    edit.replace(uri, new vscode.Range(value, value.translate(0, 'false'.length)), 'true');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsUntil(uri, 30_000, (d) => d.some(ours));
  });
});

/** The language server: the child of this extension host running dist/server.js (undefined without /proc). */
function serverProcess(): number | undefined {
  const tasks = `/proc/${process.pid}/task`;
  if (!fs.existsSync(tasks)) return undefined;
  const children = fs
    .readdirSync(tasks)
    .flatMap((tid) => fs.readFileSync(`${tasks}/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
    .map(Number);
  return children.find((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server.js');
    } catch {
      // Ended meanwhile.
      return false;
    }
  });
}
