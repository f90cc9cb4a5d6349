import type { WorkspaceFolder } from 'vscode';
import { ProgressLocation, Uri, commands, window, workspace } from 'vscode';
import type { SarifParams, SarifResult } from '../../server/src/protocol';

/** `amlNetworkGuard.sarifExportPath`: where the export writes, relative to the folder; empty: ask. */
const PATH_SETTING = 'sarifExportPath';

/**
 * Exports the SARIF report of a workspace folder (the server computes it as the CLI does) to the
 * path the setting names, or where the user says in a save dialog. Answers the file written.
 */
export async function exportSarif(request: (params: SarifParams) => Promise<SarifResult>): Promise<Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) return undefined;
  const configured = workspace.getConfiguration('amlNetworkGuard', folder.uri).get<string>(PATH_SETTING, '').trim();
  const target = configured
    ? Uri.joinPath(folder.uri, configured)
    : await window.showSaveDialog({
        title: `Azure ML Network Guard: export the SARIF report of ${folder.name}`,
        defaultUri: Uri.joinPath(folder.uri, 'aml-network-guard.sarif'),
        filters: { SARIF: ['sarif', 'json'] },
      });
  if (!target) return undefined;
  const result = await window.withProgress(
    { location: ProgressLocation.Notification, title: `Azure ML Network Guard: scanning ${folder.name} for SARIF` },
    () => request({ folder: folder.uri.toString() }),
  );
  await workspace.fs.writeFile(target, new TextEncoder().encode(result.sarif));
  void window
    .showInformationMessage(
      `Azure ML Network Guard: wrote ${result.results} result${result.results === 1 ? '' : 's'} to ${workspace.asRelativePath(target)}.`,
      'Open',
    )
    .then((choice) => (choice === 'Open' ? commands.executeCommand('vscode.open', target) : undefined));
  return target;
}

async function pickFolder(): Promise<WorkspaceFolder | undefined> {
  const folders = workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    if (folders.length === 0)
      void window.showWarningMessage('Azure ML Network Guard: open a folder to export its SARIF report.');
    return folders[0];
  }
  return window.showWorkspaceFolderPick({ placeHolder: 'The workspace folder to export the SARIF report of' });
}
