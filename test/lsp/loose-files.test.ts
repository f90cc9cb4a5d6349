import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { caseFolder } from '../tester/cases';
import { LspClient, pathUri, rangeOf } from './lsp-client';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
/** A root calling ./modules/aml, whose endpoint has no zone group (a rule case). */
const MODULE_CASE = caseFolder('private-endpoint-dns-zone-group/terraform/endpoint-in-local-module');

describe('language server without a workspace folder', function () {
  this.timeout(30000);
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-loose-'));
    client = new LspClient();
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('analyses an open file on its own and clears it when closed', async () => {
    const file = path.join(dir, 'azuredeploy.json');
    const text = JSON.stringify(
      {
        $schema: SCHEMA,
        resources: [
          {
            type: 'Microsoft.ContainerService/managedClusters',
            apiVersion: '2024-02-01',
            name: 'aks',
            location: 'westeurope',
            properties: {
              apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: true },
            },
          },
        ],
      },
      null,
      2,
    );
    fs.writeFileSync(file, text);
    const uri = pathUri(file);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'json', version: 1, text },
    });
    const ds = await client.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      ds.map((d) => d.code),
      ['private-cluster-public-fqdn'],
    );
    // This client takes no versioned documentChanges: the fix comes as plain `changes`.
    const ask = (only?: string[]) =>
      client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: ds[0].range,
        context: { diagnostics: ds, only },
      });
    const [action] = await ask();
    assert.deepEqual(action.edit, {
      changes: {
        [uri]: [{ range: rangeOf(text, 'true', text.indexOf('"enablePrivateClusterPublicFQDN"')), newText: 'false' }],
      },
    });
    assert.deepEqual(await ask(['refactor']), []);
    // The fix and the suppression; no turn-off outside a workspace folder.
    assert.deepEqual(
      (await ask(['quickfix'])).map((a) => a.title),
      ['Set enablePrivateClusterPublicFQDN to false', 'Suppress private-cluster-public-fqdn on this line'],
    );
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
  });

  it('analyses a Terraform module opened on its own as a root, with the hint that its values come from callers', async () => {
    const source = path.join(MODULE_CASE, 'modules', 'aml', 'main.tf');
    const file = path.join(dir, 'aml', 'main.tf');
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(source, file);
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathUri(file);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'terraform', version: 1, text },
    });
    const ds = await client.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range.start.line]).sort(),
      [
        [
          'module-analysed-alone',
          DiagnosticSeverity.Information,
          text.split('\n').indexOf('variable "resource_group" {'),
        ],
        [
          'private-endpoint-dns-zone-group',
          DiagnosticSeverity.Error,
          rangeOf(text, 'name                = "pe-mlw"').start.line,
        ],
      ].sort(),
    );
    const hint = ds.find((d) => d.code === 'module-analysed-alone');
    assert.match(String(hint?.message), /values come from the callers' module blocks.*'resource_group', 'subnet_id'/);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
  });

  it('survives absurd input and keeps answering', async () => {
    const uri = pathUri(path.join(dir, 'deep.json'));
    const depth = 200000;
    const text = `{"$schema": "${SCHEMA}", "resources": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'json', version: 1, text },
    });
    // Read up to the depth limit, with one diagnostic where reading stops; the server answers on.
    const ds = await client.nextDiagnostics(uri);
    assert.deepEqual(
      ds.map((d) => [d.code, d.range.start]),
      [['json-too-deep', { line: 0, character: text.indexOf('[') + 255 }]],
    );
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: 'untitled:Untitled-1' },
      position: { line: 0, character: 0 },
    });
    assert.equal(hover, null);
    const actions = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      context: { diagnostics: [] },
    });
    assert.ok(Array.isArray(actions));
    assert.equal(client.exited(), false);
  });
});
