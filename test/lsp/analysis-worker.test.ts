import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { initAnalysis } from '../../server/src/analysis';
import { scan } from '../../server/src/cli/scan';
import { SCAN_REQUEST } from '../../server/src/protocol';
import { LspClient, REPO_ROOT, delay, launchWith, pathUri, rangeOf } from './lsp-client';

/**
 * The language server analyses in worker threads: a deployment that hangs, crashes its worker or
 * runs out of memory gets one `analysis-stopped` diagnostic, the deployment beside it keeps all its
 * findings, the server keeps answering meanwhile, and later edits are analysed by a fresh worker.
 * Hangs and crashes come from the worker's test faults (AML_NETWORK_GUARD_TEST_FAULTS), the memory
 * exhaustion from a real template under a small limit (initializationOptions.analysisLimits).
 */

const TEMPLATE = path.join(REPO_ROOT, 'test', 'fixtures', 'lsp', 'workspace', 'cluster', 'azuredeploy.json');
const TEXT = fs.readFileSync(TEMPLATE, 'utf8');
/** The same template with the worker's test fault in its metadata. */
const faulty = (fault: 'hang' | 'crash'): string =>
  TEXT.replace(
    '"contentVersion"',
    `"metadata": { "note": "aml-network-guard-test-fault: ${fault}" },\n  "contentVersion"`,
  );
/**
 * An ARM template whose 20 distinct one-megabyte strings (inside the evaluation budget, which
 * allows 64 MB of text) need more memory than the small limit below allows, however the collector
 * is timed: 240,000 small numbers fitted or not depending on when it ran.
 */
const HUNGRY = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  variables: {
    x10k: "[padLeft('', 10000, 'x')]",
    x100k: "[replace(variables('x10k'), 'x', 'xxxxxxxxxx')]",
    x1m: "[replace(variables('x100k'), 'x', 'xxxxxxxxxx')]",
    copy: [{ name: 'big', count: 20, input: "[toUpper(concat(variables('x1m'), string(copyIndex('big'))))]" }],
  },
  resources: [
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-04-01',
      name: 'vnet',
      location: 'westeurope',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, tags: "[variables('big')]" },
    },
  ],
});

/**
 * Terraform that calls a module, so listing the deployments has to parse it (the module folder is
 * no deployment of its own), and whose open string of spaces keeps tree-sitter busy until the
 * parse allowance (about 1.5 s) runs out.
 */
const SLOW_TF = `module "m" {\n  source = "./m"\n}\na = "${' '.repeat(60_000)}`;

const STOPPED = 'analysis-stopped';
const FQDN_RULE = 'private-cluster-public-fqdn';
/** The template with its public FQDN finding fixed: an edit whose diagnostics show it was analysed. */
const FIXED = TEXT.replace('"enablePrivateClusterPublicFQDN": true', '"enablePrivateClusterPublicFQDN": false');
const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
const hasCode = (code: string) => (ds: Diagnostic[]) => codes(ds).includes(code);
/** Diagnostics as `rule line:column`, sorted, to compare with a scan. */
const places = (ds: { code: string; line: number; character: number }[]): string[] =>
  ds.map((d) => `${d.code} ${d.line + 1}:${d.character + 1}`).sort();
const diagnosticPlaces = (ds: Diagnostic[]): string[] =>
  places(ds.map((d) => ({ code: String(d.code), ...d.range.start })));

/** What a scan in this process finds in the template: every one of it must reach the editor. */
async function expectedPlaces(): Promise<string[]> {
  await initAnalysis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-worker-ref-'));
  fs.writeFileSync(path.join(dir, 'azuredeploy.json'), TEXT);
  const report = await scan(
    {
      paths: [dir],
      format: 'json',
      explainUnknowns: false,
      parameterFiles: [],
      varFiles: [],
      severities: {},
      ignore: [],
      noConfig: true,
      color: false,
    },
    dir,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return places(report.findings.map((f) => ({ code: f.ruleId, ...f.span.start })));
}

function workspace(files: Record<string, string>): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'guard-worker-')));
  for (const [dir, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(folder, dir));
    fs.writeFileSync(path.join(folder, dir, 'azuredeploy.json'), text);
  }
  return folder;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work;
  return { value, ms: performance.now() - start };
}

describe('analysis in worker threads', function () {
  this.timeout(60000);
  let expected: string[];

  before(async () => {
    expected = await expectedPlaces();
    assert.ok(expected.length > 0, 'the template has findings to compare');
  });

  describe('a hang and a crash beside a good deployment', () => {
    let client: LspClient;
    let folder: string;
    const uri = (dir: string): string => pathUri(path.join(folder, dir, 'azuredeploy.json'));
    const open = (dir: string, text: string, version: number) =>
      client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri(dir), languageId: 'json', version, text },
      });
    const change = (dir: string, text: string, version: number) =>
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: uri(dir), version },
        contentChanges: [{ text }],
      });

    before(async () => {
      folder = workspace({ good: TEXT, hang: faulty('hang'), crash: faulty('crash') });
      client = new LspClient(launchWith({ AML_NETWORK_GUARD_TEST_FAULTS: '1' }));
      await client.initialize(folder, { analysisLimits: { timeoutMs: 4000 } });
    });

    after(async () => {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('keeps every finding of the good deployment and answers within 100 ms while another hangs', async () => {
      const good = await client.diagnostics(uri('good'), (ds) => ds.length > 0);
      assert.deepEqual(diagnosticPlaces(good), expected);
      assert.equal(client.published.has(uri('hang')), false, 'the hanging analysis is still running');
      const name = rangeOf(TEXT, '"name": "aks-guard"');
      const position = { line: name.start.line, character: name.end.character - 3 };
      const hover = await timed(
        client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri('good') }, position }),
      );
      assert.ok(hover.value, 'the cluster name has a hover');
      const fqdn = good.filter((d) => d.code === FQDN_RULE);
      const actions = await timed(
        client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: uri('good') },
          range: fqdn[0].range,
          context: { diagnostics: fqdn },
        }),
      );
      assert.ok(actions.value.length > 0, 'the finding has a quick fix');
      assert.ok(hover.ms < 100 && actions.ms < 100, `hover ${hover.ms} ms, code actions ${actions.ms} ms`);
      // Another folder is analysed meanwhile: an edit of the good deployment gets its diagnostics.
      await open('good', FIXED, 1);
      await client.diagnostics(uri('good'), (ds) => !hasCode(FQDN_RULE)(ds));
      assert.equal(client.published.has(uri('hang')), false, 'the hanging analysis is still running');
    });

    it('reports one diagnostic for the crashed worker, and one for the hung worker once its time is up', async () => {
      const crashed = await client.diagnostics(uri('crash'), hasCode(STOPPED));
      assert.equal(crashed.length, 1);
      assert.match(String(crashed[0].message), /was stopped: its worker crashed \(test fault: the worker crashes\)/);
      const hung = await client.diagnostics(uri('hang'), hasCode(STOPPED), 15000);
      assert.equal(hung.length, 1);
      assert.match(String(hung[0].message), /was stopped: it took longer than 4 seconds\. Its findings are not shown/);
      assert.deepEqual(hung[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    });

    it('analyses the next edits with fresh workers', async () => {
      await open('hang', TEXT, 1);
      assert.deepEqual(
        diagnosticPlaces(await client.diagnostics(uri('hang'), (ds) => !hasCode(STOPPED)(ds))),
        expected,
      );
      await open('crash', TEXT, 1);
      assert.deepEqual(
        diagnosticPlaces(await client.diagnostics(uri('crash'), (ds) => !hasCode(STOPPED)(ds))),
        expected,
      );
      await change('good', TEXT, 2);
      assert.deepEqual(diagnosticPlaces(await client.diagnostics(uri('good'), hasCode(FQDN_RULE))), expected);
    });

    it('cancels a running analysis when a newer edit of its folder arrives', async () => {
      const from = client.history.length;
      await change('hang', faulty('hang'), 2);
      // Past the debounce delay: the hanging analysis is running.
      await delay(800);
      const start = performance.now();
      client.published.delete(uri('hang'));
      await change('hang', TEXT, 3);
      const ds = await client.diagnostics(uri('hang'), (d) => d.length > 0, 10000);
      const ms = performance.now() - start;
      assert.deepEqual(diagnosticPlaces(ds), expected);
      assert.ok(ms < 3000, `the newer edit was analysed after ${ms} ms, not after the hung worker's 4 s`);
      // Past the time the hung worker would have been stopped at, had it not been cancelled.
      await delay(4000 - ms);
      assert.deepEqual(
        client.history.slice(from).filter((p) => hasCode(STOPPED)(p.diagnostics)),
        [],
        'the cancelled analysis reports nothing',
      );
    });

    it('answers a cancelled scan (`$/cancelRequest`) with RequestCancelled', async () => {
      await change('hang', faulty('hang'), 4);
      await delay(800);
      const source = new CancellationTokenSource();
      const pending = timed(
        client.connection.sendRequest(SCAN_REQUEST, {}, source.token).then(
          () => undefined,
          (err: unknown) => err,
        ),
      );
      await delay(300);
      source.cancel();
      const { value: err, ms } = await pending;
      assert.ok(err instanceof ResponseError, `the scan answered ${String(err)}`);
      assert.equal(err.code, LSPErrorCodes.RequestCancelled);
      assert.ok(ms < 2500, `cancelled after ${ms} ms`);
      await change('hang', TEXT, 5);
      assert.deepEqual(
        diagnosticPlaces(await client.diagnostics(uri('hang'), (ds) => ds.length > 0 && !hasCode(STOPPED)(ds))),
        expected,
      );
    });
  });

  describe('a deployment that runs out of memory', () => {
    let client: LspClient;
    let folder: string;
    const uri = (dir: string): string => pathUri(path.join(folder, dir, 'azuredeploy.json'));

    before(async () => {
      folder = workspace({ good: TEXT, hungry: HUNGRY });
      client = new LspClient();
      await client.initialize(folder, { analysisLimits: { memoryMb: 24 } });
    });

    after(async () => {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('gets one diagnostic naming the limit; the good deployment keeps its findings and later edits work', async () => {
      const hungry = await client.diagnostics(uri('hungry'), hasCode(STOPPED), 20000);
      assert.equal(hungry.length, 1);
      assert.match(
        String(hungry[0].message),
        /was stopped: it needed more than the 24 MB of memory one analysis may use/,
      );
      assert.deepEqual(diagnosticPlaces(await client.diagnostics(uri('good'), (ds) => ds.length > 0)), expected);
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri('good'), languageId: 'json', version: 1, text: FIXED },
      });
      await client.diagnostics(uri('good'), (ds) => !hasCode(FQDN_RULE)(ds));
      assert.ok(
        client.logs.some((l) => /analysis worker stopped: it needed more than the 24 MB/.test(l)),
        'the Output channel says why',
      );
    });
  });

  describe('a Terraform file that is slow to parse beside a good deployment', () => {
    let client: LspClient;
    let folder: string;
    const good = (): string => pathUri(path.join(folder, 'good', 'azuredeploy.json'));
    const slow = (): string => pathUri(path.join(folder, 'slow', 'main.tf'));
    const name = rangeOf(TEXT, '"name": "aks-guard"');
    const position = { line: name.start.line, character: name.end.character - 3 };

    /** Hover latencies, one every 20 ms, until `done`. */
    async function hoversUntil(done: () => boolean): Promise<number[]> {
      const ms: number[] = [];
      const until = performance.now() + 30000;
      while (!done() && performance.now() < until) {
        const hover = timed(client.request('textDocument/hover', { textDocument: { uri: good() }, position }));
        ms.push((await hover).ms);
        await delay(20);
      }
      return ms.sort((a, b) => a - b);
    }

    before(async () => {
      folder = workspace({ good: TEXT });
      fs.mkdirSync(path.join(folder, 'slow'));
      fs.writeFileSync(path.join(folder, 'slow', 'main.tf'), SLOW_TF);
      client = new LspClient();
    });

    after(async () => {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('lists and analyses the workspace off the main thread: hovers are answered meanwhile', async () => {
      await client.initialize(folder);
      const ms = await hoversUntil(() => client.published.has(good()) && client.published.has(slow()));
      assert.deepEqual(diagnosticPlaces(client.published.get(good()) ?? []), expected);
      const parse = (client.published.get(slow()) ?? []).map((d) => [d.code, d.message]);
      assert.deepEqual(parse, [
        ['parse-timeout', 'parsing this file took longer than the 1469 ms allowed; the file is not analysed'],
      ]);
      // Listing the deployments parses the file (to find its module calls) as long as analysing it does.
      assert.ok(ms.length >= 10, `${ms.length} hovers while the workspace was listed and analysed`);
      assert.ok(ms[ms.length >> 1] < 100 && ms[ms.length - 1] < 1000, `hover latencies ${ms.join(', ')} ms`);
    });

    it('re-lists an edit of it off the main thread too', async () => {
      const edited = SLOW_TF.replace('a = ', 'b = ');
      client.published.delete(slow());
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: slow(), languageId: 'terraform', version: 1, text: edited },
      });
      const ms = await hoversUntil(() => client.published.has(slow()));
      assert.ok(ms.length >= 10, `${ms.length} hovers while the edit was listed and analysed`);
      assert.ok(ms[ms.length >> 1] < 100 && ms[ms.length - 1] < 1000, `hover latencies ${ms.join(', ')} ms`);
    });
  });
});
