// "Export SARIF of the Workspace…" with its path setting (a save dialog asks without it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

describe('SARIF export in the editor', function () {
  const target = path.join('reports', 'aml-network-guard.sarif');

  after(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder)
      await vscode.workspace
        .getConfiguration('amlNetworkGuard', folder.uri)
        .update('sarifExportPath', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  });

  it('writes the SARIF report of the workspace where amlNetworkGuard.sarifExportPath says', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is not open');
    await vscode.workspace
      .getConfiguration('amlNetworkGuard', folder.uri)
      .update('sarifExportPath', target, vscode.ConfigurationTarget.WorkspaceFolder);
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('amlNetworkGuard.exportSarif');
    assert.equal(written?.fsPath, path.join(folder.uri.fsPath, target));
    const sarif = JSON.parse(fs.readFileSync(written.fsPath, 'utf8')) as {
      version: string;
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const fqdn = sarif.runs[0].results.filter((r) => r.ruleId === 'private-cluster-public-fqdn');
    assert.deepEqual(fqdn.map((r) => r.locations[0].physicalLocation.artifactLocation.uri).sort(), [
      'configured/azuredeploy.json',
      'insecure-tf/main.tf',
      'insecure/azuredeploy.json',
    ]);
  });
});
