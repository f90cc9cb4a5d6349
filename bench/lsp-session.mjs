// The real language server (dist/server.js) over stdio, as an editor drives it: open a workspace,
// wait for its diagnostics, make one-character edits and time each to the diagnostics it causes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} = require('vscode-languageserver-protocol/node');

const root = join(import.meta.dirname, '..');
export const uriOf = (file) => pathToFileURL(file).href;

/** The LSP position of offset `at` in `text`. */
function positionAt(text, at) {
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

const languageId = (file) => (file.endsWith('.tf') ? 'terraform' : file.endsWith('.bicep') ? 'bicep' : 'json');

export class Session {
  /** Starts the server; `started` is the time of the spawn (performance.now()). */
  constructor(settings = {}) {
    this.started = performance.now();
    this.process = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout),
      new StreamMessageWriter(this.process.stdin),
    );
    /** uri → [{ at, diagnostics }] */
    this.publications = new Map();
    this.waiters = [];
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      const at = performance.now();
      const list = this.publications.get(p.uri) ?? [];
      list.push({ at, diagnostics: p.diagnostics });
      this.publications.set(p.uri, list);
      this.wake();
    });
    /** When each analysis ended (the server's `amlNetworkGuard/topologyChanged`, sent after its diagnostics). */
    this.analysed = [];
    this.connection.onNotification('amlNetworkGuard/topologyChanged', () => {
      this.analysed.push(performance.now());
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
    this.versions = new Map();
  }

  wake() {
    for (const w of [...this.waiters])
      if (w.test()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
  }

  /**
   * The first publication of `file` after time `since`, and the end of the analysis that published
   * it (the server sends `topologyChanged` once all the folders an edit touched are published).
   */
  async analysis(file, since) {
    const uri = uriOf(file);
    await this.until(() => this.publishedAfter(uri, since) !== undefined, 120000, `diagnostics of ${file}`);
    const publication = this.publishedAfter(uri, since);
    const ended = () => this.analysed.find((at) => at >= publication.at);
    await this.until(() => ended() !== undefined, 120000, 'the end of the analysis');
    return { publication, ended: ended() };
  }

  async initialize(folder) {
    const uri = uriOf(folder);
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves once `test()` holds (checked at every publication and analysis end), or rejects after `timeoutMs`. */
  until(test, timeoutMs = 120000, what = 'diagnostics') {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = { test, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(new Error(`bench: no ${what} within ${timeoutMs} ms`));
        }
      }, timeoutMs).unref();
    });
  }

  /** The first publication for `uri` after time `since`. */
  publishedAfter(uri, since) {
    return (this.publications.get(uri) ?? []).find((p) => p.at >= since);
  }

  async open(file) {
    const text = readFileSync(file, 'utf8');
    this.versions.set(file, { version: 1, text });
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(file), languageId: languageId(file), version: 1, text },
    });
  }

  /**
   * Replaces one character at `offset` of the open `file` with `char` (an incremental didChange);
   * returns the time it was sent.
   */
  async type(file, offset, char) {
    const doc = this.versions.get(file);
    const start = positionAt(doc.text, offset);
    doc.text = doc.text.slice(0, offset) + char + doc.text.slice(offset + 1);
    doc.version++;
    const sent = performance.now();
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(file), version: doc.version },
      contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 1 } }, text: char }],
    });
    return sent;
  }

  text(file) {
    return this.versions.get(file).text;
  }

  /** Resident set of the server process (its worker threads included), in MB. */
  rssMb() {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // Gone already.
    }
    this.connection.dispose();
    this.process.kill();
  }
}
