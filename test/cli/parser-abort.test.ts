import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, SERVER, pathUri } from '../lsp/lsp-client';
import { REPO, ensureBuilt } from './cli-process';
import { ABORT_MARKER } from './parser-abort-hook';

/**
 * The Terraform parser's wasm instance aborting on one file (test/stress does it for real, in a
 * minute; here a preloaded hook makes it abort at once): that file gets one clear problem, the
 * files parsed after it in the same process parse (the spare instance took over), and the
 * deployment beside it keeps all its findings, in the CLI and in the language server.
 */

const HOOK = path.join(__dirname, 'parser-abort-hook.js');
const GOOD_TF = path.join(REPO, 'test/fixtures/e2e/workspace/insecure-tf');
const ABORTED =
  'the Terraform parser failed on this file (Aborted(). Build with -sASSERTIONS for more info.); the file is not analysed';

interface Report {
  findings: { ruleId: string; file: string; line: number }[];
  problems: { code: string; file: string; message: string }[];
}

function scan(dir: string, hooked: boolean): Report {
  const args = [...(hooked ? ['--require', HOOK] : []), path.join(REPO, 'bin/aml-network-guard.js')];
  const r = spawnSync(process.execPath, [...args, 'scan', '.', '-f', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

describe('Terraform parser: a wasm abort loses one file, not the process (CLI and language server)', function () {
  this.timeout(120000);
  let ws: string;
  let alone: Report;

  before(() => {
    ensureBuilt();
    ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-abort-')));
    // Folders and files are read in name order: the aborting file comes first, in the first folder.
    fs.cpSync(GOOD_TF, path.join(ws, 'a-poisoned'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'a-poisoned', 'a-abort.tf'), `${ABORT_MARKER}\nlocals {\n  a = 1\n}\n`);
    fs.cpSync(GOOD_TF, path.join(ws, 'b-good'), { recursive: true });
    alone = scan(path.join(ws, 'b-good'), false);
  });

  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('the good deployment has findings of its own', () => {
    assert.ok(alone.findings.length > 0);
    assert.deepEqual(alone.problems, []);
  });

  it('CLI: the aborting file has its one problem; the file after it and the deployment beside keep every finding', () => {
    const r = scan(ws, true);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.file, p.message]),
      [['parse-error', path.join('a-poisoned', 'a-abort.tf'), ABORTED]],
    );
    const within = (dir: string) =>
      r.findings.filter((f) => f.file.startsWith(dir + path.sep)).map((f) => ({ ...f, file: path.basename(f.file) }));
    const expected = alone.findings.map((f) => ({ ...f, file: path.basename(f.file) }));
    assert.deepEqual(within('a-poisoned'), expected, 'main.tf, parsed after the abort, is analysed');
    assert.deepEqual(within('b-good'), expected);
  });

  it('language server: the same, and an edit after the abort is analysed again', async () => {
    const client = new LspClient({ command: process.execPath, args: ['--require', HOOK, SERVER, '--stdio'] });
    try {
      await client.initialize(ws);
      const rules = (ds: { code?: unknown }[]) => ds.map((d) => String(d.code)).sort();
      const expected = alone.findings.map((f) => f.ruleId).sort();
      const aborted = await client.diagnostics(
        pathUri(path.join(ws, 'a-poisoned', 'a-abort.tf')),
        (ds) => ds.length > 0,
      );
      assert.deepEqual(
        aborted.map((d) => [String(d.code), d.message]),
        [['parse-error', ABORTED]],
      );
      for (const dir of ['a-poisoned', 'b-good']) {
        const ds = await client.diagnostics(pathUri(path.join(ws, dir, 'main.tf')), (d) => d.length > 0);
        assert.deepEqual(rules(ds), expected, dir);
      }
      // The same edit again: the replacement instance aborts too, and its own spare takes over.
      const uri = pathUri(path.join(ws, 'a-poisoned', 'a-abort.tf'));
      const text = `${ABORT_MARKER}\nlocals {\n  b = 2\n}\n`;
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'terraform', version: 1, text },
      });
      const good = pathUri(path.join(ws, 'b-good', 'main.tf'));
      const goodText = fs.readFileSync(path.join(ws, 'b-good', 'main.tf'), 'utf8');
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: good, languageId: 'terraform', version: 1, text: `${goodText}\n# edited\n` },
      });
      const after = await client.diagnostics(
        good,
        (d) => d.length > 0 && client.history.filter((h) => h.uri === good).length > 1,
      );
      assert.deepEqual(rules(after), expected);
    } finally {
      await client.stop();
    }
  });
});
