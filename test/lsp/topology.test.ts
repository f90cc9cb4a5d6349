import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ScanResult, TopologyNode, TopologyResult } from '../../server/src/protocol';
import { SCAN_REQUEST, TOPOLOGY_CHANGED, TOPOLOGY_REQUEST } from '../../server/src/protocol';
import { WorkDoneProgress } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT, pathUri } from './lsp-client';

const FQDN_RULE = 'private-cluster-public-fqdn';

function walk(nodes: readonly TopologyNode[]): TopologyNode[] {
  return nodes.flatMap((n) => [n, ...walk(n.children)]);
}

describe('topology over stdio (amlNetworkGuard/topology)', function () {
  this.timeout(30000);
  let client: LspClient;
  let folder: string;
  let changes = 0;

  /** Asks for the topology until `accept` holds (the server answers at once, analysed or not). */
  async function topologyWhen(accept: (t: TopologyResult) => boolean, timeoutMs = 15000): Promise<TopologyResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const t = await client.request<TopologyResult>(TOPOLOGY_REQUEST, {});
      if (accept(t)) return t;
      if (Date.now() > deadline) throw new Error(`topology never matched; last: ${JSON.stringify(t).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-topology-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'insecure'), path.join(folder, 'arm'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'bicep-insecure'), path.join(folder, 'bicep'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'terraform'), path.join(folder, 'terraform'), {
      recursive: true,
    });
    client = new LspClient();
    client.connection.onNotification(TOPOLOGY_CHANGED, () => {
      changes++;
    });
    await client.initialize(folder);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('answers with every deployment of the folder, labelled by folder, once analysed', async () => {
    const t = await topologyWhen((x) => x.state === 'ready');
    assert.ok(changes > 0, 'the server announced the analysis');
    assert.deepEqual(
      t.deployments.map((d) => d.label),
      ['arm', 'bicep', 'terraform'],
    );
    for (const d of t.deployments) {
      const kinds = new Set(walk(d.nodes).map((n) => n.kind));
      for (const kind of ['vnet', 'subnet', 'cluster', 'privateEndpoint', 'workspace'])
        assert.ok(kinds.has(kind as TopologyNode['kind']), `${d.label} has a ${kind} node`);
    }
    const arm = t.deployments[0];
    const cluster = walk(arm.nodes).find((n) => n.kind === 'cluster' && n.label === 'aks-ml-inference');
    assert.ok(cluster);
    const fileUri = pathUri(path.join(folder, 'arm', 'azuredeploy.json'));
    assert.equal(cluster.declaration?.uri, fileUri);
    const fqdn = cluster.problems.find((p) => p.ruleId === FQDN_RULE);
    assert.ok(fqdn, 'the cluster carries its finding');
    assert.equal(fqdn.location.uri, fileUri);
    assert.ok(fqdn.docsUri.endsWith(`/docs/rules/${FQDN_RULE}.md`), fqdn.docsUri);
  });

  it('announces a new topology after an edit, and the fixed finding leaves its node', async () => {
    await topologyWhen((x) => x.state === 'ready');
    const file = path.join(folder, 'arm', 'azuredeploy.json');
    const before = changes;
    const text = fs
      .readFileSync(file, 'utf8')
      .replace('"enablePrivateClusterPublicFQDN": true', '"enablePrivateClusterPublicFQDN": false');
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: pathUri(file), languageId: 'json', version: 1, text },
    });
    const t = await topologyWhen((x) => {
      const arm = x.deployments.find((d) => d.label === 'arm');
      const cluster = arm && walk(arm.nodes).find((n) => n.label === 'aks-ml-inference');
      return cluster !== undefined && !cluster.problems.some((p) => p.ruleId === FQDN_RULE);
    });
    assert.ok(changes > before, 'the re-analysis was announced');
    assert.ok(t.deployments.find((d) => d.label === 'arm'));
  });

  it('re-analyses everything on amlNetworkGuard/scan and answers with what was found', async () => {
    await topologyWhen((x) => x.state === 'ready');
    const before = changes;
    const result = await client.request<ScanResult>(SCAN_REQUEST, {});
    assert.equal(result.deployments, 3);
    assert.ok(result.files >= 4, `files: ${result.files}`);
    const t = await client.request<TopologyResult>(TOPOLOGY_REQUEST, {});
    const sum = (k: 'error' | 'warning' | 'info') => t.deployments.reduce((n, d) => n + d.counts[k], 0);
    assert.deepEqual(result.counts, { error: sum('error'), warning: sum('warning'), info: sum('info') });
    assert.ok(changes > before, 'the scan was announced like any analysis');
  });

  it('reports the progress of a scan through the work-done token it is given, ending before its answer', async () => {
    const token = 'scan-progress-test';
    const seen: string[] = [];
    const listening = client.connection.onProgress(WorkDoneProgress.type, token, (p) => {
      seen.push(p.kind === 'report' ? `${p.percentage}% ${p.message}` : p.kind);
    });
    try {
      const result = await client.request<ScanResult>(SCAN_REQUEST, { workDoneToken: token });
      assert.equal(result.deployments, 3);
      // Each message is handled before the answer: the connection keeps the server's order.
      assert.deepEqual(seen, [
        'begin',
        '0% 0/3 deployments analysed',
        '33% 1/3 deployments analysed',
        '67% 2/3 deployments analysed',
        '100% 3/3 deployments analysed',
        'end',
      ]);
    } finally {
      listening.dispose();
    }
  });

  it('answers a scan asked for the moment the server starts with every deployment, not the half-done start-up', async () => {
    // The start-up analysis and the one the settings trigger run while this scan does: its answer
    // must count what all of them found, not what the one it started had stored when cancelled.
    const fresh = new LspClient();
    try {
      await fresh.initialize(folder);
      const result = await fresh.request<ScanResult>(SCAN_REQUEST, {});
      assert.equal(result.deployments, 3);
      const t = await fresh.request<TopologyResult>(TOPOLOGY_REQUEST, {});
      const sum = (k: 'error' | 'warning' | 'info') => t.deployments.reduce((n, d) => n + d.counts[k], 0);
      assert.ok(sum('error') > 0, 'the insecure examples have errors');
      assert.deepEqual(result.counts, { error: sum('error'), warning: sum('warning'), info: sum('info') });
    } finally {
      await fresh.stop();
    }
  });
});
