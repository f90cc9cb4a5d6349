import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT, pathUri } from './lsp-client';

const FQDN = 'private-cluster-public-fqdn';
const CONFIG = '.amlnetworkguard.json';
const PLACEHOLDER = 'reason: <why this is accepted>';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
const lacks = (code: string) => (ds: Diagnostic[]) => !codes(ds).includes(code);

/** The three insecure examples side by side in one workspace folder, and the files their findings are in. */
const LANGUAGES = {
  ARM: { example: 'insecure', files: ['azuredeploy.json'] },
  Bicep: { example: 'bicep-insecure', files: ['main.bicep'] },
  Terraform: { example: 'terraform-insecure', files: ['aks.tf', 'dev.tf', 'private-endpoints.tf'] },
};
type Language = keyof typeof LANGUAGES;

describe('language server: suppressing a finding and turning its rule off', function () {
  this.timeout(60000);
  let client: LspClient;
  let folder: string;
  const fileOf = (language: Language, name = LANGUAGES[language].files[0]) =>
    path.join(folder, LANGUAGES[language].example, name);
  const everyFile = () =>
    (Object.keys(LANGUAGES) as Language[]).flatMap((l) => LANGUAGES[l].files.map((n) => fileOf(l, n)));

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-lsp-silence-'));
    for (const { example } of Object.values(LANGUAGES))
      fs.cpSync(path.join(REPO_ROOT, 'examples', example), path.join(folder, example), { recursive: true });
    client = new LspClient();
    // As VS Code: versioned edits that may create files.
    await client.initialize(folder, undefined, { documentChanges: true, resourceOperations: ['create'] });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** The first diagnostic of `rule` in `file` and the code actions offered on it. */
  async function actionsOn(file: string, rule: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const ds = await client.diagnostics(pathUri(file), (d) => codes(d).includes(rule), 30000);
    const diagnostic = ds.find((d) => d.code === rule)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: pathUri(file) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    return { diagnostic, actions };
  }

  /** Applies a workspace edit to the files on disk, as an editor saving it would, and tells the server. */
  async function apply(edit: WorkspaceEdit | undefined): Promise<void> {
    const changes = [];
    for (const change of edit?.documentChanges ?? []) {
      if ('kind' in change) {
        assert.equal(change.kind, 'create');
        const file = fileURLToPath(change.uri);
        assert.equal(fs.existsSync(file), false, 'a file is created only where there is none');
        fs.writeFileSync(file, '');
        changes.push({ uri: change.uri, type: FileChangeType.Created });
        continue;
      }
      const file = fileURLToPath(change.textDocument.uri);
      const doc = TextDocument.create(change.textDocument.uri, 'text', 0, fs.readFileSync(file, 'utf8'));
      fs.writeFileSync(file, TextDocument.applyEdits(doc, change.edits as TextEdit[]));
      if (!changes.some((c) => c.uri === change.textDocument.uri))
        changes.push({ uri: change.textDocument.uri, type: FileChangeType.Changed });
    }
    assert.ok(changes.length > 0, 'the action edits something');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  const suppressCases: [Language, string, string][] = [
    ['ARM', '//', '"enablePrivateClusterPublicFQDN": true'],
    ['Bicep', '//', 'enablePrivateClusterPublicFQDN: true'],
    ['Terraform', '#', 'private_cluster_public_fqdn_enabled = true'],
  ];
  for (const [language, opener, flag] of suppressCases) {
    it(`suppresses ${FQDN} on its line in ${language} with a "${opener}" comment, a used suppression`, async () => {
      const target = fileOf(language);
      const { diagnostic, actions } = await actionsOn(target, FQDN);
      const titles = actions.map((a) => a.title);
      // After the repair, the two ways to silence it.
      assert.deepEqual(titles.slice(-2), [
        `Suppress ${FQDN} on this line`,
        `Turn off ${FQDN} in the workspace configuration`,
      ]);
      assert.ok(titles.length > 2, `a fix comes first: ${titles.join(' | ')}`);
      const suppress = actions.at(-2)!;
      assert.equal(suppress.kind, 'quickfix');
      assert.notEqual(suppress.isPreferred, true);
      assert.deepEqual(codes(suppress.diagnostics ?? []), [FQDN]);
      await apply(suppress.edit);
      const after = await client.diagnostics(pathUri(target), lacks(FQDN), 30000);
      assert.deepEqual(
        after.filter((d) => d.code === 'unused-suppression'),
        [],
      );
      const lines = fs.readFileSync(target, 'utf8').split(/\r?\n/);
      const line = diagnostic.range.start.line;
      const indent = /^\s*/.exec(lines[line + 1])![0];
      assert.ok(lines[line + 1].trim().startsWith(flag.split(' ')[0]), lines[line + 1]);
      assert.equal(lines[line], `${indent}${opener} aml-network-guard-disable-next-line ${FQDN} -- ${PLACEHOLDER}`);
    });
  }

  it('offers no turn-off where the editor settings give the rule a severity (the file could not win)', async () => {
    const rule = 'aks-workspace-region-mismatch';
    const offered = async () => (await actionsOn(fileOf('ARM'), rule)).actions.map((a) => a.title);
    client.settings = { severity: { [rule]: 'warning' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(
      pathUri(fileOf('ARM')),
      (ds) => ds.some((d) => d.code === rule && d.severity === 2),
      30000,
    );
    assert.ok(!(await offered()).includes(`Turn off ${rule} in the workspace configuration`));
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(pathUri(fileOf('ARM')), (ds) => ds.some((d) => d.code === rule && d.severity === 1));
    assert.ok((await offered()).includes(`Turn off ${rule} in the workspace configuration`));
  });

  /** Turns `rule` off from its first finding in `language` and waits for it to leave every file of the folder. */
  async function turnOff(language: Language, rule: string, name?: string): Promise<CodeAction> {
    const { actions } = await actionsOn(fileOf(language, name), rule);
    const action = actions.find((a) => a.title === `Turn off ${rule} in the workspace configuration`);
    assert.ok(action, actions.map((a) => a.title).join(' | '));
    assert.notEqual(action.isPreferred, true);
    assert.deepEqual(codes(action.diagnostics ?? []), [rule]);
    await apply(action.edit);
    for (const file of everyFile()) await client.diagnostics(pathUri(file), lacks(rule), 30000);
    return action;
  }

  it('turns a rule off in a new .amlnetworkguard.json of the workspace folder: its findings leave every file (ARM)', async () => {
    const rule = 'aks-vnet-dependency-private-endpoint';
    // The repairs first (this finding's, then all three of the file's), the silencing last.
    const { actions } = await actionsOn(fileOf('ARM'), rule);
    assert.deepEqual(
      actions.map((a) => a.title.replace(/^Add a private endpoint for .*/, 'Add a private endpoint…')),
      [
        'Add a private endpoint…',
        `Fix all ${rule} problems in this file`,
        `Suppress ${rule} on this line`,
        `Turn off ${rule} in the workspace configuration`,
      ],
    );
    const action = await turnOff('ARM', rule);
    const uri = pathUri(path.join(folder, CONFIG));
    assert.deepEqual(action.edit?.documentChanges?.[0], { kind: 'create', uri });
    assert.equal(
      fs.readFileSync(path.join(folder, CONFIG), 'utf8'),
      `{\n  "severity": {\n    "${rule}": "off"\n  }\n}\n`,
    );
  });

  it('turns more rules off in the existing file with minimal edits that keep its comments (Bicep, Terraform)', async () => {
    const config = path.join(folder, CONFIG);
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('{\n', '{\n  // team policy\n'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathUri(config), type: FileChangeType.Changed }],
    });
    await turnOff('Bicep', 'private-endpoint-dns-zone-group');
    await turnOff('Terraform', 'aks-network-isolation', 'dev.tf');
    assert.equal(
      fs.readFileSync(config, 'utf8'),
      [
        '{',
        '  // team policy',
        '  "severity": {',
        '    "aks-vnet-dependency-private-endpoint": "off",',
        '    "private-endpoint-dns-zone-group": "off",',
        '    "aks-network-isolation": "off"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
});
