import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT, pathUri } from './lsp-client';

/**
 * Hostile text typed into the editor, not saved: the size limit applies to open buffers as it does
 * to files on disk, so a buffer that would abort the Terraform parser is refused with one clear
 * diagnostic, and the Terraform deployment beside it (and every later edit) is still analysed.
 */

const GOOD_TF = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/e2e/workspace/insecure-tf/main.tf'), 'utf8');
/** 3 MB of `${`: it grows tree-sitter's memory until its wasm instance aborts, when it is parsed at all. */
const POISON = `a = "${'${'.repeat(1_500_000)}`;

const summary = (ds: Diagnostic[]): string[] => ds.map((d) => `${String(d.code)} ${d.range.start.line + 1}`).sort();

describe('hostile editor buffers', function () {
  this.timeout(120000);
  let client: LspClient;
  let folder: string;
  const uri = (dir: string): string => pathUri(path.join(folder, dir, 'main.tf'));
  const open = (dir: string, text: string) =>
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(dir), languageId: 'terraform', version: 1, text },
    });

  before(async () => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'guard-buffers-')));
    for (const dir of ['good', 'typed']) {
      fs.mkdirSync(path.join(folder, dir));
      fs.writeFileSync(path.join(folder, dir, 'main.tf'), GOOD_TF);
    }
    client = new LspClient();
    await client.initialize(folder);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a 3 MB unsaved Terraform buffer with one diagnostic; the deployments beside and after it keep their findings', async () => {
    const alone = summary(await client.diagnostics(uri('good'), (ds) => ds.length > 0, 30000));
    assert.ok(alone.length > 0);
    await client.diagnostics(uri('typed'), (ds) => ds.length > 0, 30000);
    client.published.delete(uri('typed'));
    await open('typed', POISON);
    const refused = await client.diagnostics(uri('typed'), () => true, 30000);
    assert.deepEqual(
      refused.map((d) => [d.code, d.message]),
      [['file-too-large', 'the file is larger than 2 MiB and is not analysed']],
    );
    // The parser was never handed the buffer: the next Terraform edit, and the folder beside, still parse.
    client.published.delete(uri('good'));
    await open('good', `${GOOD_TF}\n`);
    assert.deepEqual(summary(await client.diagnostics(uri('good'), (ds) => ds.length > 0, 30000)), alone);
    assert.equal(client.exited(), false);
  });
});
