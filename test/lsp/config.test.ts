import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity, DiagnosticTag, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT, pathUri, rangeOf } from './lsp-client';

const FQDN = 'private-cluster-public-fqdn';
const CONFIG = '.amlnetworkguard.json';
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'cli');

const severityOf = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code)?.severity;
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

describe('language server: configuration file, unknowns and suppressions', function () {
  this.timeout(30000);
  let client: LspClient;
  let folder: string;
  let configFile: string;
  let configUri: string;
  let aksFile: string;
  let aksUri: string;
  let aksText: string;
  let unknownUri: string;
  let unknownText: string;

  const settingsChanged = () =>
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const writeConfig = async (text: string | undefined) => {
    if (text === undefined) fs.rmSync(configFile);
    else fs.writeFileSync(configFile, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: configUri, type: text === undefined ? FileChangeType.Deleted : FileChangeType.Changed }],
    });
  };

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-lsp-config-'));
    aksFile = path.join(folder, 'aks', 'azuredeploy.json');
    aksUri = pathUri(aksFile);
    aksText = fs.readFileSync(path.join(FIXTURES, 'aks-insecure', 'azuredeploy.json'), 'utf8');
    const unknownFile = path.join(folder, 'unknown', 'azuredeploy.json');
    unknownUri = pathUri(unknownFile);
    unknownText = fs.readFileSync(path.join(FIXTURES, 'aks-unknown', 'azuredeploy.json'), 'utf8');
    for (const [file, text] of [
      [aksFile, aksText],
      [unknownFile, unknownText],
    ]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    configFile = path.join(folder, CONFIG);
    configUri = pathUri(configFile);
    fs.writeFileSync(configFile, `{\n  // team policy\n  "severity": { "${FQDN}": "info" },\n}\n`);
    client = new LspClient();
    await client.initialize(folder);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('applies the workspace folder’s file at start-up', async () => {
    const ds = await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) !== undefined);
    assert.equal(severityOf(ds, FQDN), DiagnosticSeverity.Information);
    assert.deepEqual(await client.diagnostics(configUri, () => true), []);
  });

  it('lets a setting override the file for that rule only, and falls back to the file when it is cleared', async () => {
    client.settings = { severity: { [FQDN]: 'error' } };
    await settingsChanged();
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Error);
    client.settings = { severity: {}, context: { location: '' } };
    await settingsChanged();
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Information);
  });

  it('re-reads the file when it changes on disk and re-analyses every folder', async () => {
    await writeConfig(`{ "severity": { "${FQDN}": "off" } }`);
    await client.diagnostics(aksUri, (d) => d.length === 0);
    await writeConfig(`{ "severity": { "${FQDN}": "info" } }`);
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Information);
  });

  it('puts one diagnostic on each bad value of the file, applies the rest, and clears them once fixed', async () => {
    const text = `{\n  "severity": { "${FQDN}": "warning", "no-such-rule": "off" },\n  "context": { "subscriptionId": "abc" }\n}\n`;
    await writeConfig(text);
    const ds = await client.diagnostics(configUri, (d) => d.length === 2);
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range, d.message]),
      [
        [
          'invalid-config',
          DiagnosticSeverity.Error,
          rangeOf(text, '"no-such-rule"'),
          "'no-such-rule' is not a rule id; it is ignored",
        ],
        [
          'invalid-config',
          DiagnosticSeverity.Error,
          rangeOf(text, '"abc"'),
          "'context.subscriptionId' must be a GUID (00000000-0000-0000-0000-000000000000), not 'abc'; it is ignored",
        ],
      ],
    );
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Warning);
    await writeConfig(`{ "severity": { "${FQDN}": "info" } }`);
    await client.diagnostics(configUri, (d) => d.length === 0);
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Information);
  });

  it('follows the open file as it is typed, before it is saved', async () => {
    const typed = `{ "severity": { "${FQDN}": "warning" }, "ignoredPaths": 3 }`;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: configUri, languageId: 'jsonc', version: 1, text: typed },
    });
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Warning);
    const ds = await client.diagnostics(configUri, (d) => d.length === 1);
    assert.deepEqual(ds[0].range, rangeOf(typed, '3'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: configUri } });
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Information);
    await client.diagnostics(configUri, (d) => d.length === 0);
  });

  it('goes back to the defaults when the file is deleted', async () => {
    const saved = fs.readFileSync(configFile, 'utf8');
    await writeConfig(undefined);
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Warning);
    await writeConfig(saved);
    await client.diagnostics(aksUri, (d) => severityOf(d, FQDN) === DiagnosticSeverity.Information);
  });

  it('shows not-evaluated notes as hints with the rule id only when showUnknowns is on', async () => {
    await client.diagnostics(unknownUri, (d) => d.length === 0);
    client.settings = { showUnknowns: true };
    await settingsChanged();
    const [hint] = await client.diagnostics(unknownUri, (d) => d.length === 1);
    assert.equal(hint.severity, DiagnosticSeverity.Hint);
    assert.equal(hint.code, FQDN);
    assert.equal(hint.source, 'aml-network-guard');
    assert.deepEqual(
      hint.range,
      rangeOf(unknownText, `"enablePrivateClusterPublicFQDN": "[parameters('publicFqdn')]"`),
    );
    assert.equal(
      hint.message,
      "Not evaluated: the private cluster settings are not known: parameter 'publicFqdn' has no value.",
    );
    assert.equal(hint.codeDescription?.href, pathUri(path.join(REPO_ROOT, 'docs', 'rules', `${FQDN}.md`)));
    client.settings = {};
    await settingsChanged();
    await client.diagnostics(unknownUri, (d) => d.length === 0);
  });

  it('reports an unused suppression as faded info, and its quick fix removes it', async () => {
    const marker = '"enablePrivateCluster": true';
    const line = `          // aml-network-guard-disable-next-line ${FQDN} -- stale\n`;
    const at = aksText.lastIndexOf('\n', aksText.indexOf(marker)) + 1;
    const text = aksText.slice(0, at) + line + aksText.slice(at);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: aksUri, languageId: 'json', version: 1, text },
    });
    const ds = await client.diagnostics(aksUri, (d) => codes(d).includes('unused-suppression'));
    assert.deepEqual(codes(ds), [FQDN, 'unused-suppression']);
    const unused = ds.find((d) => d.code === 'unused-suppression')!;
    assert.equal(unused.severity, DiagnosticSeverity.Information);
    assert.deepEqual(unused.tags, [DiagnosticTag.Unnecessary]);
    assert.deepEqual(unused.range, rangeOf(text, line.trim()));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: aksUri },
      range: unused.range,
      context: { diagnostics: [unused] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [['Remove the unused suppression comment', 'quickfix', true]],
    );
    const [change] = actions[0].edit?.documentChanges as TextDocumentEdit[];
    assert.deepEqual(change.textDocument, { uri: aksUri, version: 1 });
    const fixed = TextDocument.applyEdits(TextDocument.create(aksUri, 'json', 1, text), change.edits as TextEdit[]);
    assert.equal(fixed, aksText);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: aksUri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    const after = await client.diagnostics(aksUri, (d) => !codes(d).includes('unused-suppression'));
    assert.deepEqual(codes(after), [FQDN]);
  });

  it('silences the finding with a suppression on the line before it', async () => {
    const member = '"enablePrivateClusterPublicFQDN": true';
    const at = aksText.lastIndexOf('\n', aksText.indexOf(member)) + 1;
    const text = `${aksText.slice(0, at)}          // aml-network-guard-disable-next-line ${FQDN}\n${aksText.slice(at)}`;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: aksUri, version: 3 },
      contentChanges: [{ text }],
    });
    assert.deepEqual(await client.diagnostics(aksUri, (d) => d.length === 0), []);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: aksUri } });
    await client.diagnostics(aksUri, (d) => codes(d).includes(FQDN));
  });
});

describe('language server: a client that validates the configuration schema itself (VS Code)', function () {
  this.timeout(30000);
  let client: LspClient;
  let folder: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-lsp-schema-'));
    client = new LspClient();
    await client.initialize(folder, { validatesConfigSchema: true });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('leaves schema mistakes to the client while the file is open, and reports all of them once it is closed', async () => {
    const file = path.join(folder, CONFIG);
    const uri = pathUri(file);
    const text = `{ "severity": { "${FQDN}": "fatal" }, "varFiles": ["env/missing.tfvars"] }`;
    fs.writeFileSync(file, text);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'jsonc', version: 1, text },
    });
    const open = await client.diagnostics(uri, (d) => d.length === 1);
    assert.deepEqual(open[0].range, rangeOf(text, '"env/missing.tfvars"'));
    assert.match(String(open[0].message), /^the var file 'env\/missing.tfvars' cannot be read/);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const closed = await client.diagnostics(uri, (d) => d.length === 2);
    assert.deepEqual(
      closed.map((d) => d.range),
      [rangeOf(text, '"fatal"'), rangeOf(text, '"env/missing.tfvars"')],
    );
  });
});
