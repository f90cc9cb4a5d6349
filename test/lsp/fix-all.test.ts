import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  Diagnostic,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { SCAN_REQUEST } from '../../server/src/protocol';
import { LspClient, REPO_ROOT, pathUri } from './lsp-client';

const FIX_ALL = 'source.fixAll.amlNetworkGuard';
const INSECURE = ['insecure', 'bicep-insecure', 'terraform-insecure'];
const DEPENDENCY_RULE = 'aks-vnet-dependency-private-endpoint';
const FQDN_RULE = 'private-cluster-public-fqdn';
const START = { line: 0, character: 0 };

const errors = (ds: readonly Diagnostic[]): Diagnostic[] => ds.filter((d) => d.severity === DiagnosticSeverity.Error);
const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => String(d.code));
const languageOf = (file: string) => (file.endsWith('.tf') ? 'terraform' : file.endsWith('.bicep') ? 'bicep' : 'json');

/** The documents the test has open, as an editor holds them. */
class Editor {
  private readonly open = new Map<string, { text: string; version: number }>();

  constructor(private readonly client: LspClient) {}

  async openAll(dir: string): Promise<void> {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isFile()) await this.openFile(file);
    }
  }

  text(file: string): string {
    return this.open.get(pathUri(file))?.text ?? fs.readFileSync(file, 'utf8');
  }

  /** Applies a workspace edit as VS Code does: a document not open yet is opened with the edit applied. */
  async apply(edit: WorkspaceEdit | undefined): Promise<void> {
    const changes = (edit?.documentChanges ?? []) as TextDocumentEdit[];
    assert.ok(changes.length > 0, 'the action carries an edit');
    for (const change of changes) {
      const uri = change.textDocument.uri;
      const doc = this.open.get(uri);
      if (doc) assert.equal(change.textDocument.version, doc.version, 'the edit is for the open version');
      const file = fileURLToPath(uri);
      const before = TextDocument.create(uri, languageOf(file), 0, doc?.text ?? fs.readFileSync(file, 'utf8'));
      const text = TextDocument.applyEdits(before, change.edits as TextEdit[]);
      if (!doc) await this.openFile(file, text);
      else {
        doc.text = text;
        doc.version++;
        await this.client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: doc.version },
          contentChanges: [{ text }],
        });
      }
    }
  }

  private async openFile(file: string, text = fs.readFileSync(file, 'utf8')): Promise<void> {
    const uri = pathUri(file);
    this.open.set(uri, { text, version: 1 });
    await this.client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: languageOf(file), version: 1, text },
    });
  }
}

/** The files of `dir` (not below it) with their last published diagnostics. */
function diagnosticsIn(client: LspClient, dir: string): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const [uri, ds] of client.published) {
    const file = fileURLToPath(uri);
    if (path.dirname(file) === dir && ds.length > 0) out.set(file, ds);
  }
  return out;
}

describe('language server over stdio: fix all', function () {
  this.timeout(60000);
  let folder: string;
  let client: LspClient;
  let editor: Editor;

  /** Every analysis done with the texts as they are now (the scan request re-analyses the workspace). */
  const settled = () => client.request(SCAN_REQUEST, {});

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-fix-all-'));
    for (const name of INSECURE)
      fs.cpSync(path.join(REPO_ROOT, 'examples', name), path.join(folder, name), { recursive: true });
    await start();
  });

  /** A server on the folder, once its first analysis published each example's findings. */
  async function start(codeAction?: object): Promise<void> {
    client = new LspClient();
    await client.initialize(folder, undefined, undefined, codeAction);
    editor = new Editor(client);
    for (const file of ['insecure/azuredeploy.json', 'bicep-insecure/main.bicep', 'terraform-insecure/dev.tf'])
      await client.diagnostics(pathUri(path.join(folder, file)), (ds) => ds.length > 0);
  }

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const codeActions = (file: string, range: { start: typeof START; end: typeof START }, only?: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: pathUri(file) },
      range,
      context: { diagnostics: [], ...(only && { only }) },
    });

  for (const example of INSECURE) {
    it(`${example}: ${FIX_ALL} on each file with errors leaves no error`, async () => {
      const dir = path.join(folder, example);
      await editor.openAll(dir);
      await settled();
      const before = diagnosticsIn(client, dir);
      assert.ok(
        [...before.values()].some((ds) => errors(ds).length > 0),
        'the example has errors',
      );
      for (let round = 0; ; round++) {
        const erring = [...diagnosticsIn(client, dir)].filter(([, ds]) => errors(ds).length > 0);
        if (erring.length === 0) break;
        assert.ok(round < 5, `errors left: ${erring.map(([f, ds]) => `${path.basename(f)}: ${codes(errors(ds))}`)}`);
        const [file] = erring[0];
        const actions = await codeActions(file, { start: START, end: START }, [FIX_ALL]);
        assert.deepEqual(
          actions.map((a) => [a.title, a.kind]),
          [['Fix all Azure ML Network Guard problems', FIX_ALL]],
          'only the fix-all action answers its kind',
        );
        const next = client.nextDiagnostics(pathUri(file));
        await editor.apply(actions[0].edit);
        assert.deepEqual(errors(await next), [], `the next diagnostics of ${path.basename(file)} have no error`);
        await settled();
      }
    });
  }

  it('"Fix all <rule> problems in this file" fixes that rule only, and only where it has two or more', async () => {
    const file = path.join(folder, 'insecure', 'azuredeploy.json');
    await editor.openAll(path.dirname(file));
    await settled();
    const ds = client.published.get(pathUri(file)) ?? [];
    const dependency = ds.filter((d) => d.code === DEPENDENCY_RULE);
    assert.ok(dependency.length >= 2, `${DEPENDENCY_RULE} has several findings: ${codes(ds)}`);
    const fqdn = ds.filter((d) => d.code === FQDN_RULE);
    assert.equal(fqdn.length, 1);

    const onFqdn = await codeActions(file, fqdn[0].range);
    assert.ok(!onFqdn.some((a) => a.title.startsWith('Fix all')), 'no fix-all for a rule with one finding');
    const quickFixOnly = await codeActions(file, dependency[0].range, ['quickfix']);
    assert.ok(!quickFixOnly.some((a) => a.kind === FIX_ALL), 'a quickfix request gets no source action');

    const actions = await codeActions(file, dependency[0].range);
    const fixAll = actions.filter((a) => a.title === `Fix all ${DEPENDENCY_RULE} problems in this file`);
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'quickfix');
    assert.deepEqual(new Set(codes(fixAll[0].diagnostics ?? [])), new Set([DEPENDENCY_RULE]));
    assert.ok(!actions.some((a) => a.kind === FIX_ALL), 'a request without `only` gets no source.fixAll');

    const next = client.nextDiagnostics(pathUri(file));
    await editor.apply(fixAll[0].edit);
    const after = await next;
    assert.deepEqual(
      after.filter((d) => d.code === DEPENDENCY_RULE),
      [],
      `no ${DEPENDENCY_RULE} is left`,
    );
    const others = (list: Diagnostic[]) => codes(list.filter((d) => d.code !== DEPENDENCY_RULE)).sort();
    assert.deepEqual(others(after), others(ds), 'the other rules still have every finding');
  });

  it('hands a resolving client the action first and its edit on codeAction/resolve', async () => {
    await client.stop();
    await start({ dataSupport: true, resolveSupport: { properties: ['edit'] } });
    const file = path.join(folder, 'bicep-insecure', 'main.bicep');
    await editor.openAll(path.dirname(file));
    await settled();
    const [action, ...rest] = await codeActions(file, { start: START, end: START }, ['source']);
    assert.deepEqual(rest, []);
    assert.equal(action.kind, FIX_ALL);
    assert.equal(action.edit, undefined, 'the edit is worked out only when asked for');
    const resolved = await client.request<CodeAction>('codeAction/resolve', action);
    const next = client.nextDiagnostics(pathUri(file));
    await editor.apply(resolved.edit);
    assert.deepEqual(errors(await next), []);
    assert.ok(editor.text(file).length > fs.readFileSync(file, 'utf8').length, 'the fixes add to the file, unsaved');
    // Asked for by kind, as on save, the action comes with its edit.
    const tf = path.join(folder, 'terraform-insecure', 'aks.tf');
    await editor.openAll(path.dirname(tf));
    await settled();
    const onSave = await codeActions(tf, { start: START, end: START }, [FIX_ALL]);
    assert.equal(onSave.length, 1);
    assert.ok(onSave[0].edit, 'the edit comes with the action');
  });
});
