import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, InitializeResult, ProtocolConnection, Range } from 'vscode-languageserver-protocol/node';
import {
  ConfigurationRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

/** The repository root, from out/test/lsp. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');

const DEFAULT_LAUNCH = { command: process.execPath, args: [SERVER, '--stdio'] };

interface Waiter {
  uri: string;
  accept: (diagnostics: Diagnostic[]) => boolean;
  resolve: (diagnostics: Diagnostic[]) => void;
}

/**
 * A JSON-RPC client talking to the built server over stdio, as an editor would. It keeps the last
 * diagnostics published for each URI and answers the server's own requests (settings, dynamic
 * registrations).
 */
export class LspClient {
  readonly connection: ProtocolConnection;
  readonly published = new Map<string, Diagnostic[]>();
  /** Every publication, in order. */
  readonly history: { uri: string; diagnostics: Diagnostic[] }[] = [];
  readonly registrations: string[] = [];
  readonly logs: string[] = [];
  /** What `workspace/configuration` answers for the `amlNetworkGuard` section. */
  settings: Record<string, unknown> = {};
  private readonly waiters: Waiter[] = [];
  private readonly process: ChildProcess;

  /** `launch`: how the server is started (the built server by default; a tracer wrapping it, say). */
  constructor(launch: { command: string; args: string[]; cwd?: string; env?: NodeJS.ProcessEnv } = DEFAULT_LAUNCH) {
    this.process = spawn(launch.command, launch.args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: launch.cwd,
      env: launch.env ?? process.env,
    });
    this.process.stderr?.on('data', (d: Buffer) => this.logs.push(d.toString()));
    if (!this.process.stdout || !this.process.stdin) throw new Error('the server has no stdio');
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout),
      new StreamMessageWriter(this.process.stdin),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, p.diagnostics);
      this.history.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.accept(p.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    this.connection.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) this.registrations.push(r.method);
    });
    this.connection.listen();
  }

  /**
   * `workspaceEdit`: what the client says it takes in a workspace edit (versioned `documentChanges` by
   * default); `codeAction`: its code action capabilities (none by default: every edit comes with its action).
   */
  async initialize(
    folder: string,
    initializationOptions?: object,
    workspaceEdit: object = { documentChanges: true },
    codeAction: object = {},
  ): Promise<InitializeResult> {
    const uri = pathUri(folder);
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit,
        },
        textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction, hover: {} },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  request = <R>(method: string, params: unknown): Promise<R> => this.connection.sendRequest<R>(method, params);

  /**
   * The next diagnostics published for `uri` that satisfy `accept` (the current ones when they
   * already do); fails after `timeoutMs` with what was last published, to make failures readable.
   */
  diagnostics(uri: string, accept: (d: Diagnostic[]) => boolean, timeoutMs = 10000): Promise<Diagnostic[]> {
    const current = this.published.get(uri);
    if (current && accept(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { uri, accept, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        const last = JSON.stringify(this.published.get(uri) ?? 'nothing', null, 1);
        reject(
          new Error(
            `no matching diagnostics for ${uri} after ${timeoutMs} ms; last: ${last}\nlogs: ${this.logs.join('\n')}`,
          ),
        );
      }, timeoutMs);
    });
  }

  /** The next publication for `uri`, whatever it holds. */
  nextDiagnostics(uri: string, timeoutMs = 10000): Promise<Diagnostic[]> {
    this.published.delete(uri);
    return this.diagnostics(uri, () => true, timeoutMs);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), delay(2000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; it is killed below either way.
    }
    this.connection.dispose();
    // A server that honours `exit` ends by itself (and a wrapper around it can finish its output).
    if (!this.exited()) await Promise.race([new Promise((resolve) => this.process.once('exit', resolve)), delay(2000)]);
    this.process.kill();
  }

  exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }
}

/** How the tests start the built server with extra environment variables. */
export function launchWith(env: NodeJS.ProcessEnv): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  return { ...DEFAULT_LAUNCH, env: { ...process.env, ...env } };
}

export function pathUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The LSP range of the first `needle` at or after offset `from` in `text`. */
export function rangeOf(text: string, needle: string, from = 0): Range {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`${needle} not in the text`);
  const doc = TextDocument.create('file:///x', 'json', 1, text);
  return { start: doc.positionAt(start), end: doc.positionAt(start + needle.length) };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
