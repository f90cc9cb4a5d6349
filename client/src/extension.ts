import * as path from 'node:path';
import type { ExtensionContext, LogOutputChannel } from 'vscode';
import { ProgressLocation, Range, Uri, commands, env, window, workspace } from 'vscode';
import type { ErrorHandler, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, WorkDoneProgress } from 'vscode-languageclient/node';
import type { SarifResult, ScanParams, ScanResult, TopologyLocation, TopologyResult } from '../../server/src/protocol';
import { SARIF_REQUEST, SCAN_REQUEST, TOPOLOGY_CHANGED, TOPOLOGY_REQUEST } from '../../server/src/protocol';
import { RestartPolicy } from './restart-policy';
import { OPEN_RULE_DOCS, linkToRenderedPage, openRuleDocs, showRulePage } from './rule-docs';
import { openExample } from './examples';
import { exportSarif } from './sarif-export';
import { problemStatus } from './status';
import { ProblemBadges } from './topology/decorations';
import type { TopologyElement } from './topology/tree';
import { countsText } from './topology/counts';
import { REVEAL_COMMAND, TopologyTree } from './topology/tree';

// The extension starts the language server, hands it the editor's events and shows what it
// answers (diagnostics, the topology); all analysis is in the server.
let client: LanguageClient | undefined;

// Templates, parameter and var files, and the workspace configuration file (the server re-reads it).
const WATCHED = ['**/*.{json,jsonc,bicep,bicepparam,tf,tf.json,tfvars}', '**/.amlnetworkguard.json'];

const VIEW = 'amlNetworkGuard.topology';

/** What the extension gives other extensions and its own extension-host tests. */
export interface GuardApi {
  topology: TopologyTree;
}

export async function activate(context: ExtensionContext): Promise<GuardApi> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const docsDir = Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const watchers = WATCHED.map((glob) => workspace.createFileSystemWatcher(glob));
  for (const w of watchers) context.subscriptions.push(w);
  const output = window.createOutputChannel('Azure ML Network Guard', { log: true });
  context.subscriptions.push(output);
  const clientOptions: LanguageClientOptions = {
    // `bicep` and `bicep-params` are the official Bicep extension's language ids: with both installed, its
    // grammar, formatter and language server keep the files, and ours only adds findings.
    documentSelector: ['json', 'jsonc', 'bicep', 'bicep-params', 'terraform'].map((language) => ({
      scheme: 'file',
      language,
    })),
    // Settings are pulled by the server (workspace/configuration), which registers for their changes itself.
    synchronize: { fileEvents: watchers },
    // VS Code checks .amlnetworkguard.json against the contributed schema while it is open; the
    // server then reports only what the schema cannot see, so no mistake is shown twice. In a
    // workspace not trusted yet the server ignores the settings that point at files or widen
    // what it reads; granting trust restarts it (below).
    initializationOptions: () => ({ validatesConfigSchema: true, workspaceTrusted: workspace.isTrusted }),
    outputChannel: output,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) =>
        next(
          uri,
          diagnostics.map((d) => linkToRenderedPage(d, docsDir)),
        ),
    },
    errorHandler: restartingHandler((message) => output.warn(message)),
  };
  const lc = new LanguageClient('amlNetworkGuard', 'Azure ML Network Guard', serverOptions, clientOptions);
  client = lc;
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => void lc.restart()));

  const tree = new TopologyTree(() => lc.sendRequest<TopologyResult>(TOPOLOGY_REQUEST, {}));
  const badges = new ProblemBadges();
  const view = window.createTreeView(VIEW, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    badges,
    view,
    window.registerFileDecorationProvider(badges),
    tree.onDidChangeTreeData(() => badges.refresh()),
    problemStatus(),
    commands.registerCommand('amlNetworkGuard.restartServer', async () => {
      await lc.restart();
    }),
    commands.registerCommand('amlNetworkGuard.refreshTopology', () => tree.refresh()),
    commands.registerCommand('amlNetworkGuard.showTopology', async () => {
      await commands.executeCommand(`${VIEW}.focus`);
      await tree.refresh();
    }),
    commands.registerCommand('amlNetworkGuard.scanWorkspace', () => scanWorkspace(lc, output)),
    commands.registerCommand('amlNetworkGuard.openExample', (name?: string) =>
      openExample(context.extensionUri, context.globalStorageUri, name),
    ),
    commands.registerCommand('amlNetworkGuard.exportSarif', () =>
      exportSarif((params) => lc.sendRequest<SarifResult>(SARIF_REQUEST, params)),
    ),
    commands.registerCommand(REVEAL_COMMAND, (location: TopologyLocation) => reveal(location)),
    commands.registerCommand('amlNetworkGuard.copyResourceId', async (element?: TopologyElement) => {
      if (element?.type === 'node' && element.node.resourceId) await env.clipboard.writeText(element.node.resourceId);
    }),
    commands.registerCommand('amlNetworkGuard.openProblemDocs', (element?: TopologyElement) =>
      openProblemDocs(element),
    ),
    commands.registerCommand(OPEN_RULE_DOCS, (ruleId?: unknown) => openRuleDocs(docsDir, ruleId)),
    commands.registerCommand('amlNetworkGuard.openRuleIndex', () => showRulePage(Uri.joinPath(docsDir, 'README.md'))),
  );
  await commands.executeCommand('setContext', 'amlNetworkGuard.topologyState', 'analysing');
  await lc.start();
  context.subscriptions.push(lc.onNotification(TOPOLOGY_CHANGED, () => void tree.refresh()));
  void tree.refresh();
  return { topology: tree };
}

/**
 * A server that stops (a crash, out of memory, killed) is started again, and the Output channel
 * says so; one that keeps stopping (five times in three minutes) is left stopped with a message.
 */
function restartingHandler(log: (message: string) => void): ErrorHandler {
  const policy = new RestartPolicy();
  return {
    // A message that cannot be read or written: carry on, unless it keeps happening.
    error: (_error, _message, count) => ({
      action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
    }),
    closed: () => {
      if (policy.stopped(Date.now())) {
        log(`the language server stopped; starting it again (${policy.recent} in the last 3 minutes)`);
        return { action: CloseAction.Restart };
      }
      return {
        action: CloseAction.DoNotRestart,
        message: `The Azure ML Network Guard language server stopped ${policy.recent} times in 3 minutes and is not started again: see its Output channel, then run "Restart Language Server".`,
      };
    },
  };
}

let scans = 0;

/**
 * Re-analyses the whole workspace with progress in the status bar (how many deployments the server
 * has analysed, also written to the Output channel), then says what was found.
 */
async function scanWorkspace(lc: LanguageClient, output: LogOutputChannel): Promise<ScanResult> {
  const result = await window.withProgress(
    { location: ProgressLocation.Window, title: 'Azure ML Network Guard: scanning the workspace' },
    async (progress) => {
      // Unique per scan, so that progress of an earlier one still running is not shown as this one's.
      const token = `amlNetworkGuard.scan.${++scans}`;
      const listening = lc.onProgress(WorkDoneProgress.type, token, (p) => {
        if (p.kind === 'end' || !p.message) return;
        progress.report({ message: p.message });
        output.info(`scan: ${p.message}`);
      });
      try {
        return await lc.sendRequest<ScanResult>(SCAN_REQUEST, { workDoneToken: token } satisfies ScanParams);
      } finally {
        listening.dispose();
      }
    },
  );
  const deployments = `${result.deployments} deployment${result.deployments === 1 ? '' : 's'}`;
  void window.showInformationMessage(
    `Azure ML Network Guard: scanned ${deployments} (${result.files} files): ${countsText(result.counts)}.`,
  );
  return result;
}

async function reveal(location: TopologyLocation): Promise<void> {
  const { start, end } = location.range;
  await window.showTextDocument(Uri.parse(location.uri), {
    selection: new Range(start.line, start.character, end.line, end.character),
    preview: true,
  });
}

/** The rule page of a problem, or of a node's problem (a quick pick when it has several). */
async function openProblemDocs(element?: TopologyElement): Promise<void> {
  const problems =
    element?.type === 'problem' ? [element.problem] : element?.type === 'node' ? element.node.problems : [];
  const unique = [...new Map(problems.map((p) => [p.ruleId, p])).values()];
  const chosen =
    unique.length <= 1
      ? unique[0]
      : (
          await window.showQuickPick(
            unique.map((p) => ({ label: p.ruleId, description: p.message, problem: p })),
            { title: 'Open the documentation of' },
          )
        )?.problem;
  if (chosen) await showRulePage(Uri.parse(chosen.docsUri));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
