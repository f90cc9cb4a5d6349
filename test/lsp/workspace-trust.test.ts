import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT, pathUri } from './lsp-client';

/**
 * `amlNetworkGuard.readableFolders` widens what templates may read beyond the workspace folder, in
 * a workspace the user trusts. In one not trusted (`initializationOptions.workspaceTrusted: false`,
 * as the extension sends it in Restricted Mode) templates are still analysed, but the widening and
 * the settings that point at files are ignored: the link out is refused with its usual problem.
 */

const CLUSTER = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/lsp/workspace/cluster/azuredeploy.json'), 'utf8');
const FQDN_RULE = 'private-cluster-public-fqdn';
const PARENT = JSON.stringify(
  {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: 'shared-cluster',
        properties: { mode: 'Incremental', templateLink: { relativePath: '../../shared/cluster.json' } },
      },
    ],
  },
  null,
  2,
);

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();

describe('workspace trust and readable folders', function () {
  this.timeout(60000);
  let tmp: string;
  let ws: string;
  let shared: string;
  const parent = (): string => pathUri(path.join(ws, 'app', 'azuredeploy.json'));
  const child = (): string => pathUri(path.join(shared, 'cluster.json'));

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'guard-trust-')));
    ws = path.join(tmp, 'ws');
    shared = path.join(tmp, 'shared');
    for (const dir of [path.join(ws, 'app'), path.join(ws, 'good'), shared]) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(ws, 'app', 'azuredeploy.json'), PARENT);
    fs.writeFileSync(path.join(ws, 'good', 'azuredeploy.json'), CLUSTER);
    fs.writeFileSync(path.join(shared, 'cluster.json'), CLUSTER);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function session(trusted: boolean, check: (client: LspClient) => Promise<void>): Promise<void> {
    const client = new LspClient();
    client.settings = { readableFolders: ['../shared'] };
    try {
      await client.initialize(ws, { workspaceTrusted: trusted });
      await check(client);
    } finally {
      await client.stop();
    }
  }

  it('trusted: the linked template in the readable folder is analysed with the deployment', async () => {
    await session(true, async (client) => {
      const ds = await client.diagnostics(child(), (d) => d.length > 0, 30000);
      assert.ok(codes(ds).includes(FQDN_RULE), JSON.stringify(codes(ds)));
      assert.deepEqual(codes(await client.diagnostics(parent(), () => true, 30000)), []);
    });
  });

  it('not trusted: still analysed, the widening is ignored and the link out refused; the good deployment keeps its findings', async () => {
    await session(false, async (client) => {
      const good = await client.diagnostics(pathUri(path.join(ws, 'good', 'azuredeploy.json')), (d) => d.length > 0);
      assert.ok(codes(good).includes(FQDN_RULE));
      const ds = await client.diagnostics(parent(), (d) => d.length > 0, 30000);
      assert.deepEqual(
        ds.map((d) => [d.code, d.message]),
        [
          [
            'template-link-missing',
            `linked template not read: '${path.join(shared, 'cluster.json')}' is outside the workspace folder ${ws}`,
          ],
        ],
      );
      assert.equal(client.published.has(child()), false, 'nothing outside the workspace folder is analysed');
      assert.ok(
        client.logs.some((l) => l.includes('"readableFolders":[]')),
        'the Output channel shows it ignored',
      );
    });
  });
});
