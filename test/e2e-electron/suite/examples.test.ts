// The walkthrough's first step: "Open Example Deployment…" opens a copy of a bundled example, which the
// server analyses and the topology panel shows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GuardApi } from '../../../client/src/extension';

const EXTENSION_ID = 'aml-network-guard.aml-network-guard';

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('example deployments in the editor', function () {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a copy of the insecure example, which the server analyses and the panel shows', async () => {
    const extension = vscode.extensions.getExtension<GuardApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    const file = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'amlNetworkGuard.openExample',
      'insecure',
    );
    assert.ok(file, 'a file was opened');
    assert.ok(file.path.endsWith('/examples/insecure/azuredeploy.json'), file.toString());
    assert.ok(!file.fsPath.startsWith(extension.extensionPath), 'a copy, not the installed file');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), file.toString());
    const rules = await until('the findings of the example', 30_000, () => {
      const ours = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'aml-network-guard');
      return ours.length > 0 ? ours.map((d) => (typeof d.code === 'object' ? d.code.value : d.code)) : undefined;
    });
    assert.ok(rules.includes('private-cluster-public-fqdn'), rules.join(', '));
    await vscode.commands.executeCommand('amlNetworkGuard.showTopology');
    const topology = extension.exports.topology;
    const shown = await until('the example in the topology', 30_000, () =>
      topology.current.deployments.find((d) => d.folder === file.fsPath.replace(/[\\/]azuredeploy\.json$/, '')),
    );
    assert.ok(shown.nodes.length > 0);
    assert.ok(shown.counts.error > 0, 'with its errors counted');
  });
});
