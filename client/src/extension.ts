import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { commands, window, workspace } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

// The extension only starts the language server and hands it the editor's events; all analysis is in the server.
let client: LanguageClient | undefined;

// Templates, parameter and var files, and the workspace configuration file (the server re-reads it).
const WATCHED = ['**/*.{json,jsonc,bicep,bicepparam,tf,tf.json,tfvars}', '**/.amlnetworkguard.json'];

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const watchers = WATCHED.map((glob) => workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
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
    // server then reports only what the schema cannot see, so no mistake is shown twice.
    initializationOptions: { validatesConfigSchema: true },
    outputChannel: window.createOutputChannel('Azure ML Network Guard', { log: true }),
  };
  client = new LanguageClient('amlNetworkGuard', 'Azure ML Network Guard', serverOptions, clientOptions);
  context.subscriptions.push(
    commands.registerCommand('amlNetworkGuard.restartServer', async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
