import * as path from 'node:path';
import type { CancellationToken, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { commentsOf } from './analysis';
import { packageInfo } from './cli/package-info';
import { CONFIG_FILE_NAME } from './config-file/spec';
import { quickFixes } from './lsp/code-actions';
import type { FixAllSource } from './lsp/fix-all-actions';
import { FIX_ALL_KIND, fixAllActions, resolveFixAll } from './lsp/fix-all-actions';
import type { ServiceEnv } from './lsp/guard-service';
import { GuardService } from './lsp/guard-service';
import { definitionAt } from './lsp/definition';
import { resourceHover } from './lsp/hover';
import { safely } from './lsp/safe';
import type { SilenceSource } from './lsp/silence-actions';
import { silenceActions } from './lsp/silence-actions';
import { SETTINGS_SECTION, readSettings } from './lsp/settings';
import { topologyLinks } from './lsp/topology';
import { pathToUri, uriToPath } from './lsp/uri';
import { exportSarif } from './lsp/sarif-export';
import { AnalysisPool, DEFAULT_WORKER_LIMITS, readWorkerLimits } from './lsp/worker-pool';
import type { SarifParams, ScanParams } from './protocol';
import { SARIF_REQUEST, SCAN_REQUEST, TOPOLOGY_CHANGED, TOPOLOGY_REQUEST } from './protocol';

// The language server process (dist/server.js): LSP wiring only; the work is in ./lsp.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string): void => connection.console.error(message);

// Templates, parameter and var files, and the configuration file (named apart: some clients'
// globs do not let `*` match a leading dot).
const WATCHED = ['**/*.{json,jsonc,bicep,bicepparam,tf,tf.json,tfvars}', `**/${CONFIG_FILE_NAME}`];

const client = {
  configuration: false,
  dynamicConfiguration: false,
  dynamicWatchers: false,
  documentChanges: false,
  createsFiles: false,
  workspaceFolders: false,
  /** Whether the client asks for a code action's edit later (`codeAction/resolve`), keeping its `data`. */
  resolvesEdits: false,
};
let pushedSettings: unknown;
let workspaceTrusted = true;

const env: ServiceEnv = {
  publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
  log,
  documents: () =>
    documents.all().flatMap((d) => {
      const file = uriToPath(d.uri);
      return file ? [{ uri: d.uri, path: file, text: d.getText(), version: d.version }] : [];
    }),
  docsDir: path.join(__dirname, '..', 'docs', 'rules'),
  info: (message) => connection.console.info(message),
  analysed: () => void connection.sendNotification(TOPOLOGY_CHANGED),
};
// Analyses run in worker threads (dist/analysis-worker.js, beside this bundle), never on the thread that answers.
const pool = new AnalysisPool(path.join(__dirname, 'analysis-worker.js'), DEFAULT_WORKER_LIMITS, log);
const service = new GuardService(env, pool);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  // Spec-required, but a careless client omitting it should get a server, not an error.
  const caps = params.capabilities ?? {};
  client.configuration = caps.workspace?.configuration === true;
  client.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  client.dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  client.documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
  client.createsFiles = caps.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true;
  client.workspaceFolders = caps.workspace?.workspaceFolders === true;
  const codeAction = caps.textDocument?.codeAction;
  client.resolvesEdits =
    codeAction?.dataSupport === true && codeAction.resolveSupport?.properties.includes('edit') === true;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  service.setRoots(folders.flatMap((uri) => uriToPath(uri) ?? []));
  const options = params.initializationOptions as
    | { settings?: unknown; validatesConfigSchema?: unknown; analysisLimits?: unknown; workspaceTrusted?: unknown }
    | undefined;
  pushedSettings = options?.settings;
  // Editors without workspace trust (most but VS Code) trust what they open.
  workspaceTrusted = options?.workspaceTrusted !== false;
  pool.configure(readWorkerLimits(options?.analysisLimits));
  env.validatesConfigSchema = options?.validatesConfigSchema === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
      hoverProvider: true,
      definitionProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
  };
});

connection.onInitialized(() => {
  if (client.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  if (client.dynamicWatchers)
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED.map((globPattern) => ({ globPattern })),
    });
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(
      safely('workspace folders change', log, undefined, (e) => {
        const removed = new Set(e.removed.flatMap((f) => uriToPath(f.uri) ?? []));
        const kept = service.getRoots().filter((r) => !removed.has(r));
        service.setRoots([...kept, ...e.added.flatMap((f) => uriToPath(f.uri) ?? [])]);
        void reloadSettings();
      }),
    );
  }
  const { name, version } = packageInfo();
  connection.console.info(`${name} language server ${version} (Node ${process.versions.node})`);
  void reloadSettings();
});

/** The latest reading of the settings (an export waits for it: it must use the settings in effect). */
let settingsRead: Promise<void> = Promise.resolve();

/** Reads `amlNetworkGuard.*` for every folder (pulled when the client can, else as pushed) and re-analyses everything. */
async function reloadSettings(): Promise<void> {
  settingsRead = readSettingsOfRoots();
  await settingsRead;
  await service.analyseAll();
}

async function readSettingsOfRoots(): Promise<void> {
  try {
    for (const root of [...service.getRoots(), undefined]) {
      const raw = client.configuration
        ? await connection.workspace.getConfiguration({
            scopeUri: root === undefined ? undefined : pathToUri(root),
            section: SETTINGS_SECTION,
          })
        : pushedSettings;
      const settings = readSettings(raw, root ?? process.cwd(), workspaceTrusted);
      service.setSettings(root, settings);
      connection.console.info(
        `settings in effect for ${root ?? 'files outside the workspace folders'}: ${JSON.stringify(settings)}`,
      );
    }
  } catch (err) {
    log(`cannot read the settings, using defaults: ${err instanceof Error ? err.message : String(err)}`);
  }
}

connection.onDidChangeConfiguration(
  safely('configuration change', log, undefined, (params) => {
    const settings = params.settings as Record<string, unknown> | undefined;
    if (settings && SETTINGS_SECTION in settings) pushedSettings = settings[SETTINGS_SECTION];
    void reloadSettings();
  }),
);

const changed = (uri: string): void => {
  const file = uriToPath(uri);
  if (file) service.changed(file);
};
documents.onDidChangeContent(safely('document change', log, undefined, (e) => changed(e.document.uri)));
documents.onDidClose(safely('document close', log, undefined, (e) => changed(e.document.uri)));
connection.onDidChangeWatchedFiles(
  safely('watched files change', log, undefined, (params) => params.changes.forEach((c) => changed(c.uri))),
);

const fixSource: FixAllSource = {
  findingsIn: (f) => service.state.findingsIn(f),
  problemsIn: (f) => service.state.problemsIn(f),
  readCurrent: (f) => service.readCurrent(f),
  versionOf: (f) => service.versionOf(f),
  links: () => service.links(),
  log,
  get documentChanges() {
    return client.documentChanges;
  },
  analyse: (dir, texts, signal) => service.analyseEdited(dir, texts, signal),
  // An existing file of a workspace folder (or of the loose file's own folder): a fix-all creates none.
  writable: (f) => service.readCurrent(f) !== undefined,
};

const silenceSource: SilenceSource = {
  commentsOf: (f, text) => commentsOf({ path: f, text }),
  rootOf: (f) => service.rootOf(f),
  settingSeverities: (root) => service.settingsOf(root).layer.severity ?? {},
  get createsFiles() {
    return client.createsFiles;
  },
};

connection.onCodeAction(async (params, token) => {
  const file = uriToPath(params.textDocument.uri);
  if (!file) return [];
  const only = params.context.only;
  try {
    const quick = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
    const fixes = quick ? quickFixes(file, params.range, fixSource) : [];
    const fixAlls = fixAllActions(file, params.range, only, fixSource);
    // What repairs comes first; suppressing or turning the rule off, last.
    const silenced = quick ? silenceActions(file, params.range, fixSource, silenceSource) : [];
    // A client that cannot resolve gets every edit now (each fix-all re-analyses the folder once per fix),
    // and so does a request for fix-all by name (fix on save), which wants the edit, not a menu entry.
    const onSave = only?.some((k) => k.startsWith(CodeActionKind.SourceFixAll)) === true;
    if (client.resolvesEdits && !onSave) return [...fixes, ...fixAlls, ...silenced];
    const signal = abortedBy(token);
    const resolved = await Promise.all(fixAlls.map((a) => resolveFixAll(a, fixSource, signal)));
    return [...fixes, ...resolved.filter((a) => a.edit), ...silenced];
  } catch (err) {
    log(`code actions failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return [];
  }
});

connection.onCodeActionResolve(async (action, token) => {
  try {
    return await resolveFixAll(action, fixSource, abortedBy(token));
  } catch (err) {
    log(`resolving a code action failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return action;
  }
});

/** An abort signal that follows a request's cancellation token. */
function abortedBy(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

connection.onHover(
  safely('hover', log, null, (params) => {
    const file = uriToPath(params.textDocument.uri);
    if (!file) return null;
    return resourceHover(service.state.all(), topologyLinks(service.links()), file, params.position) ?? null;
  }),
);

connection.onDefinition(
  safely('definition', log, [], (params) => {
    const file = uriToPath(params.textDocument.uri);
    if (!file) return [];
    return definitionAt(service.state.all(), file, params.position, {
      uriOf: (f) => service.uriOf(f),
      read: (f) => service.readCurrent(f),
    });
  }),
);

connection.onRequest(
  TOPOLOGY_REQUEST,
  safely('topology', log, { state: 'ready', deployments: [] }, () => service.topology()),
);

connection.onRequest(SCAN_REQUEST, async (params: ScanParams | undefined, token) => {
  const cancelled = new AbortController();
  const subscription = token.onCancellationRequested(() => cancelled.abort());
  // A reporter that sends nothing when the client asked for no progress.
  const progress = connection.window.attachWorkDoneProgress(params?.workDoneToken);
  progress.begin('Scanning the workspace', 0);
  try {
    const result = await service.scan(cancelled.signal, (analysed, total) =>
      progress.report(total ? Math.round((100 * analysed) / total) : 100, `${analysed}/${total} deployments analysed`),
    );
    if (token.isCancellationRequested)
      throw new ResponseError(LSPErrorCodes.RequestCancelled, 'the scan was cancelled');
    return result;
  } finally {
    progress.done();
    subscription.dispose();
  }
});

connection.onRequest(SARIF_REQUEST, async (params: SarifParams) => {
  const root = uriToPath(params?.folder ?? '');
  // Only a folder the editor opened: the request is no way to read elsewhere.
  if (root === undefined || !service.getRoots().includes(path.resolve(root)))
    throw new ResponseError(ErrorCodes.InvalidParams, `not a workspace folder: ${String(params?.folder)}`);
  await settingsRead;
  return exportSarif(path.join(__dirname, 'sarif-worker.js'), {
    root: path.resolve(root),
    settings: service.settingsOf(path.resolve(root)).layer,
  });
});

connection.onShutdown(() => service.dispose());

// Whatever slips through (a bug in a front end reached from a timer) is logged; the server keeps serving.
process.on('uncaughtException', (err) => log(`unexpected error: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => log(`unexpected error: ${String(err)}`));

documents.listen(connection);
connection.listen();
