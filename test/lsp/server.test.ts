import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver-protocol/node';
import { caseFolder } from '../tester/cases';
import { LspClient, REPO_ROOT, pathUri, rangeOf } from './lsp-client';

const FQDN_RULE = 'private-cluster-public-fqdn';
const FQDN_MEMBER = '"enablePrivateClusterPublicFQDN": true';
const ZONE_RULE = 'private-endpoint-dns-zone-group';
/** A root calling ./modules/aml, whose endpoint has no zone group (a rule case). */
const MODULE_CASE = 'private-endpoint-dns-zone-group/terraform/endpoint-in-local-module';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
const withCode = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);
const hasCode = (code: string) => (ds: Diagnostic[]) => codes(ds).includes(code);
const lacksCode = (code: string) => (ds: Diagnostic[]) => !codes(ds).includes(code);

describe('language server over stdio', function () {
  this.timeout(30000);
  let client: LspClient;
  let folder: string;
  let clusterFile: string;
  let clusterUri: string;
  let clusterText: string;
  let secondFile: string;
  let secondUri: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-lsp-'));
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lsp', 'workspace'), folder, { recursive: true });
    fs.cpSync(caseFolder(MODULE_CASE), path.join(folder, 'tf-module'), { recursive: true });
    clusterFile = path.join(folder, 'cluster', 'azuredeploy.json');
    clusterUri = pathUri(clusterFile);
    clusterText = fs.readFileSync(clusterFile, 'utf8');
    secondFile = path.join(folder, 'second', 'azuredeploy.json');
    secondUri = pathUri(secondFile);
    client = new LspClient();
    const init = await client.initialize(folder);
    assert.deepEqual(init.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.amlNetworkGuard'],
      resolveProvider: true,
    });
    assert.equal(init.capabilities.hoverProvider, true);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('registers for file and settings changes', async () => {
    await client.diagnostics(clusterUri, hasCode(FQDN_RULE));
    assert.deepEqual(client.registrations.sort(), [
      'workspace/didChangeConfiguration',
      'workspace/didChangeWatchedFiles',
    ]);
  });

  it('analyses every deployment of the folder at start-up', async () => {
    const ds = withCode(await client.diagnostics(clusterUri, hasCode(FQDN_RULE)), FQDN_RULE);
    assert.equal(ds.length, 1);
    assert.deepEqual(ds[0].range, rangeOf(clusterText, FQDN_MEMBER));
    assert.equal(ds[0].severity, DiagnosticSeverity.Error);
    assert.equal(ds[0].source, 'aml-network-guard');
    assert.equal(ds[0].codeDescription?.href, pathUri(path.join(REPO_ROOT, 'docs', 'rules', `${FQDN_RULE}.md`)));
    assert.match(ds[0].message as string, /'aks-guard' is a private cluster with a public FQDN/);
    assert.deepEqual(ds[0].relatedInformation, [
      {
        location: { uri: clusterUri, range: rangeOf(clusterText, '"mlw-guard/aks-compute"') },
        message: "AKS cluster 'aks-guard' is attached here",
      },
    ]);
    // Without a workspace in its folder, the other cluster is only a warning.
    const second = withCode(await client.diagnostics(secondUri, hasCode(FQDN_RULE)), FQDN_RULE);
    assert.equal(second.length, 1);
    assert.equal(second[0].severity, DiagnosticSeverity.Warning);
  });

  it('analyses Terraform with the bundled tree-sitter parser', async () => {
    const file = path.join(folder, 'terraform', 'main.tf');
    const text = fs.readFileSync(file, 'utf8');
    const ds = await client.diagnostics(pathUri(file), hasCode(FQDN_RULE));
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range]),
      [[FQDN_RULE, DiagnosticSeverity.Warning, rangeOf(text, 'private_cluster_public_fqdn_enabled = true')]],
    );
    const name = rangeOf(text, '"aks-tf"');
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: pathUri(file) },
      position: name.start,
    });
    assert.match((hover?.contents as { value: string }).value, /stopped and restarted/);
  });

  it('analyses Bicep: a finding in a module lands in the module file, a half-typed edit gives one syntax error', async () => {
    const mainFile = path.join(folder, 'bicep', 'main.bicep');
    const moduleFile = path.join(folder, 'bicep', 'cluster.bicep');
    const mainText = fs.readFileSync(mainFile, 'utf8');
    const moduleText = fs.readFileSync(moduleFile, 'utf8');
    const ds = withCode(await client.diagnostics(pathUri(moduleFile), hasCode(FQDN_RULE)), FQDN_RULE);
    assert.deepEqual(
      ds.map((d) => [d.severity, d.range]),
      [[DiagnosticSeverity.Warning, rangeOf(moduleText, 'enablePrivateClusterPublicFQDN: true')]],
    );
    assert.deepEqual(ds[0].relatedInformation, [
      {
        location: { uri: pathUri(mainFile), range: rangeOf(mainText, 'cluster') },
        message: "instantiated by module 'cluster' in main.bicep",
      },
    ]);
    // Typing a new declaration at the end of main.bicep: one syntax error, the module's finding stays.
    const half = `${mainText}resource half 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: \n`;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: pathUri(mainFile), languageId: 'bicep', version: 1, text: half },
    });
    const mainDs = await client.diagnostics(pathUri(mainFile), hasCode('parse-error'));
    assert.deepEqual(codes(mainDs), ['parse-error']);
    assert.match(String(mainDs[0].message), /^Bicep syntax error/);
    assert.deepEqual(codes(client.published.get(pathUri(moduleFile)) ?? []), [FQDN_RULE]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: pathUri(moduleFile) },
      range: ds[0].range,
      context: { diagnostics: [ds[0]] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Set enablePrivateClusterPublicFQDN to false', `Suppress ${FQDN_RULE} on this line`],
    );
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: pathUri(mainFile) } });
  });

  it('offers a quick fix that removes the diagnostic once applied', async () => {
    const diagnostic = withCode(await client.diagnostics(clusterUri, hasCode(FQDN_RULE)), FQDN_RULE)[0];
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: clusterUri, languageId: 'json', version: 1, text: clusterText },
    });
    // Opening re-analyses the folder with the editor's text; fixes are offered for that version.
    await client.nextDiagnostics(clusterUri);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: clusterUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    // The repair, then the suppression (no turn-off: this client cannot create the configuration file).
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Set enablePrivateClusterPublicFQDN to false', `Suppress ${FQDN_RULE} on this line`],
    );
    const [action] = actions;
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.isPreferred, true);
    assert.deepEqual(codes(action.diagnostics ?? []), [FQDN_RULE]);
    const changes = action.edit?.documentChanges as TextDocumentEdit[];
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0].textDocument, { uri: clusterUri, version: 1 });
    const fixed = TextDocument.applyEdits(
      TextDocument.create(clusterUri, 'json', 1, clusterText),
      changes[0].edits as TextEdit[],
    );
    assert.equal(fixed, clusterText.replace(FQDN_MEMBER, '"enablePrivateClusterPublicFQDN": false'));
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: clusterUri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    await client.diagnostics(clusterUri, lacksCode(FQDN_RULE));
    // The unsaved fix does not leak into the other folder.
    assert.deepEqual(codes(client.published.get(secondUri) ?? []), [FQDN_RULE]);
  });

  it('offers no fix for a document that changed since it was analysed', async () => {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: clusterUri, version: 3 },
      contentChanges: [{ text: clusterText }],
    });
    const diagnostic = withCode(await client.diagnostics(clusterUri, hasCode(FQDN_RULE)), FQDN_RULE)[0];
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: clusterUri, version: 4 },
      contentChanges: [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: ' ' }],
    });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: clusterUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(actions, []);
    // Once version 4 is analysed, the fix is back, written against it.
    await client.nextDiagnostics(clusterUri);
    const again = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: clusterUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(
      again.map((a) => (a.edit?.documentChanges as TextDocumentEdit[])[0].textDocument.version),
      [4, 4],
    );
  });

  it('shows the notes that no template can check on hover over an AKS cluster name', async () => {
    const text = fs.readFileSync(secondFile, 'utf8');
    const name = rangeOf(text, '"aks-alone"');
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: secondUri },
      position: { line: name.start.line, character: name.start.character + 3 },
    });
    const contents = hover?.contents as { kind: string; value: string };
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /stopped and restarted/);
    assert.match(contents.value, /secure way to connect/);
    const elsewhere = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: secondUri },
      position: { line: 0, character: 2 },
    });
    assert.equal(elsewhere, null);
  });

  it('reports malformed JSON as one parse error and keeps serving', async () => {
    const brokenFile = path.join(folder, 'broken', 'azuredeploy.json');
    const brokenUri = pathUri(brokenFile);
    const text = [
      '{',
      '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
      '  "resources": [ { "type": "Microsoft.Network/virtualNetworks" "name": "v" } ]',
      '}',
      '',
    ].join('\n');
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: brokenUri, languageId: 'json', version: 1, text },
    });
    const ds = await client.diagnostics(brokenUri, (d) => d.length > 0);
    assert.deepEqual(codes(ds), ['parse-error']);
    assert.equal(ds[0].severity, DiagnosticSeverity.Error);
    assert.equal(ds[0].range.start.line, 2);
    assert.equal(ds[0].range.start.character, text.split('\n')[2].indexOf('"name"'));
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: brokenUri },
      position: { line: 1, character: 3 },
    });
    assert.equal(hover, null);
    assert.equal(client.exited(), false);
    // The unsaved file exists only in the editor: closing it clears its diagnostics.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: brokenUri } });
    assert.deepEqual(await client.diagnostics(brokenUri, (d) => d.length === 0), []);
  });

  it('re-analyses a file changed on disk', async () => {
    const text = fs.readFileSync(secondFile, 'utf8');
    fs.writeFileSync(
      secondFile,
      text.replace('"enablePrivateClusterPublicFQDN": true', '"enablePrivateClusterPublicFQDN": false'),
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: secondUri, type: FileChangeType.Changed }],
    });
    await client.diagnostics(secondUri, lacksCode(FQDN_RULE));
    fs.writeFileSync(secondFile, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: secondUri, type: FileChangeType.Changed }],
    });
    await client.diagnostics(secondUri, hasCode(FQDN_RULE));
  });

  it('re-analyses the folders that link a changed template', async () => {
    const moduleFile = path.join(folder, 'linked', 'modules', 'aks.json');
    const moduleUri = pathUri(moduleFile);
    const mainUri = pathUri(path.join(folder, 'linked', 'main', 'azuredeploy.json'));
    // Analysed once, through the template that links it and attaches its cluster (an error), never
    // a second time alone: related locations are the attachment and the deployment that links it.
    const once = await client.diagnostics(moduleUri, (d) => withCode(d, FQDN_RULE).length > 0);
    assert.deepEqual(
      withCode(once, FQDN_RULE).map((d) => [d.severity, d.relatedInformation?.map((r) => r.location.uri)]),
      [[DiagnosticSeverity.Error, [mainUri, mainUri]]],
    );
    assert.match(withCode(once, FQDN_RULE)[0].relatedInformation?.[1].message ?? '', /deploys this template here/);
    const text = fs.readFileSync(moduleFile, 'utf8');
    fs.writeFileSync(moduleFile, text.replace(FQDN_MEMBER, '"enablePrivateClusterPublicFQDN": false'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: moduleUri, type: FileChangeType.Changed }],
    });
    assert.deepEqual(await client.diagnostics(moduleUri, (d) => d.length === 0), []);
  });

  it('reports a finding inside a local module once, at the module, related to the module block', async () => {
    const moduleFile = path.join(folder, 'tf-module', 'modules', 'aml', 'main.tf');
    const moduleUri = pathUri(moduleFile);
    const mainFile = path.join(folder, 'tf-module', 'main.tf');
    const mainText = fs.readFileSync(mainFile, 'utf8');
    const ds = await client.diagnostics(moduleUri, hasCode(ZONE_RULE));
    assert.deepEqual(codes(ds), [ZONE_RULE]);
    assert.deepEqual(ds[0].relatedInformation?.map((r) => [r.location.uri, r.message]).slice(-1), [
      [pathUri(mainFile), 'module.aml calls this module here'],
    ]);
    assert.deepEqual(
      ds[0].relatedInformation?.slice(-1)[0].location.range.start,
      rangeOf(mainText, 'module "aml"').start,
    );
    // Removing the call (unsaved) makes the module folder a root of its own, with the hint.
    const mainUri = pathUri(mainFile);
    const withoutCall = mainText.slice(0, mainText.indexOf('module "aml"'));
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: mainUri, languageId: 'terraform', version: 1, text: withoutCall },
    });
    const alone = await client.diagnostics(moduleUri, hasCode('module-analysed-alone'));
    assert.deepEqual(codes(alone).sort(), ['module-analysed-alone', ZONE_RULE]);
    assert.deepEqual(
      withCode(alone, ZONE_RULE)[0].relatedInformation?.map((r) => r.location.uri),
      [moduleUri],
    );
    // Closing the edit brings the call back: one finding again, through the root.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: mainUri } });
    const back = await client.diagnostics(moduleUri, lacksCode('module-analysed-alone'));
    assert.deepEqual(codes(back), [ZONE_RULE]);
  });

  it('applies severity and ignored-path settings when they change', async () => {
    client.settings = { severity: { [FQDN_RULE]: 'info' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const ds = await client.diagnostics(
      secondUri,
      (d) => withCode(d, FQDN_RULE)[0]?.severity === DiagnosticSeverity.Information,
    );
    assert.equal(withCode(ds, FQDN_RULE).length, 1);
    client.settings = { severity: { [FQDN_RULE]: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(secondUri, lacksCode(FQDN_RULE));
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(secondUri, hasCode(FQDN_RULE));
    client.settings = { ignoredPaths: ['second'] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual(await client.diagnostics(secondUri, (d) => d.length === 0), []);
    // Each folder is published when its own analysis ends: the cluster's may come after the second's.
    await client.diagnostics(clusterUri, hasCode(FQDN_RULE));
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(secondUri, hasCode(FQDN_RULE));
  });

  it('clears the diagnostics of a deleted file', async () => {
    await client.diagnostics(secondUri, hasCode(FQDN_RULE));
    fs.rmSync(secondFile);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: secondUri, type: FileChangeType.Deleted }],
    });
    assert.deepEqual(await client.diagnostics(secondUri, (d) => d.length === 0), []);
  });

  it('clears the diagnostics of a deleted folder', async () => {
    const terraformUri = pathUri(path.join(folder, 'terraform', 'main.tf'));
    await client.diagnostics(terraformUri, hasCode(FQDN_RULE));
    fs.rmSync(path.join(folder, 'terraform'), { recursive: true });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathUri(path.join(folder, 'terraform')), type: FileChangeType.Deleted }],
    });
    assert.deepEqual(await client.diagnostics(terraformUri, (d) => d.length === 0), []);
  });

  it('analyses a new file, and forgets a removed workspace folder except for the documents still open', async () => {
    const extraFile = path.join(folder, 'extra', 'azuredeploy.json');
    const extraUri = pathUri(extraFile);
    fs.mkdirSync(path.dirname(extraFile));
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lsp', 'workspace', 'second', 'azuredeploy.json'), extraFile);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: extraUri, type: FileChangeType.Created }],
    });
    await client.diagnostics(extraUri, hasCode(FQDN_RULE));
    const clusterAgain = client.nextDiagnostics(clusterUri);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: pathUri(folder), name: path.basename(folder) }] },
    });
    assert.deepEqual(await client.diagnostics(extraUri, (d) => d.length === 0), []);
    assert.deepEqual(codes(await clusterAgain), [FQDN_RULE]);
  });
});
