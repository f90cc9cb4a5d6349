import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SarifResult } from '../../server/src/protocol';
import { SARIF_REQUEST } from '../../server/src/protocol';
import { runCli } from '../cli/cli-process';
import { LspClient, REPO_ROOT, pathUri } from './lsp-client';

describe('SARIF export over stdio (amlNetworkGuard/sarif)', function () {
  this.timeout(60000);
  let client: LspClient;
  let folder: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-sarif-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'insecure'), path.join(folder, 'arm'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'bicep-insecure'), path.join(folder, 'bicep'), { recursive: true });
    client = new LspClient();
    client.settings = { severity: { 'aks-network-isolation': 'off' }, context: { location: 'westeurope' } };
    await client.initialize(folder);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('answers what the CLI writes for the folder with the same options as the settings', async () => {
    const exported = await client.request<SarifResult>(SARIF_REQUEST, { folder: pathUri(folder) });
    const cli = runCli(
      ['scan', '.', '--format', 'sarif', '--severity', 'aks-network-isolation=off', '--location', 'westeurope'],
      folder,
    );
    assert.equal(cli.stderr, '');
    assert.equal(exported.sarif, cli.stdout);
    const results = (JSON.parse(exported.sarif) as { runs: { results: { ruleId: string }[] }[] }).runs[0].results;
    assert.equal(exported.results, results.length);
    assert.ok(results.some((r) => r.ruleId === 'private-cluster-public-fqdn'));
    assert.ok(!results.some((r) => r.ruleId === 'aks-network-isolation'), 'the severity setting applies');
  });

  it('exports only a workspace folder', async () => {
    await assert.rejects(
      client.request<SarifResult>(SARIF_REQUEST, { folder: pathUri(path.dirname(folder)) }),
      /not a workspace folder/,
    );
  });
});
