import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SCAN_REQUEST } from '../../server/src/protocol';
import { LspClient, delay, pathUri } from '../lsp/lsp-client';
import type { FuzzCase } from './check-case';
import { mutatedText } from './check-case';

export interface ReplayResult {
  cases: number;
  failures: string[];
  /** The slowest hover answered while the server held mutated documents. */
  slowestHoverMs: number;
}

const LANGUAGE_IDS: Record<FuzzCase['language'], string> = { arm: 'json', terraform: 'terraform', bicep: 'bicep' };

/**
 * Mutated documents through the built language server over stdio, as an editor opens them: each
 * one gets its diagnostics (none an internal error), a hover is answered meanwhile, and the server
 * is still running at the end.
 */
export async function replayInServer(cases: FuzzCase[], waitMs: number): Promise<ReplayResult> {
  const failures: string[] = [];
  let slowestHoverMs = 0;
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'amlng-fuzz-lsp-'));
  const client = new LspClient();
  try {
    await client.initialize(empty);
    for (const c of cases) {
      const label = `${c.language} ${c.index}`;
      const uri = pathUri(c.file);
      const { text } = mutatedText(c);
      client.published.delete(uri);
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: LANGUAGE_IDS[c.language], version: 1, text },
      });
      const started = performance.now();
      const hover = client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      if ((await Promise.race([hover.then(() => 'answered'), delay(waitMs)])) !== 'answered')
        failures.push(`${label}: no hover answer within ${waitMs} ms`);
      slowestHoverMs = Math.max(slowestHoverMs, Math.round(performance.now() - started));
      // A scan answers once every open document is analysed, publishing or not (a document no
      // front end claims gets no diagnostics): what was published by then is judged.
      const scanned = client.request(SCAN_REQUEST, {});
      if ((await Promise.race([scanned.then(() => 'answered'), delay(waitMs)])) !== 'answered')
        failures.push(`${label}: no scan answer within ${waitMs} ms`);
      const ds = client.published.get(uri) ?? [];
      const internal = ds.filter((d) => d.code === 'internal-error');
      if (internal.length > 0) failures.push(`${label}: internal-error ${internal[0].message}`);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      if (client.exited()) {
        failures.push(`${label}: the server exited`);
        break;
      }
    }
    await delay(100);
    if (client.exited()) failures.push('the server is not running at the end');
  } finally {
    await client.stop();
    fs.rmSync(empty, { recursive: true, force: true });
  }
  return { cases: cases.length, failures, slowestHoverMs };
}
