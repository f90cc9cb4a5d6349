import * as assert from 'node:assert/strict';
import { ensureBuilt, runCli } from './cli-process';

describe('CLI process: graph and --format markdown', function () {
  this.timeout(60000);
  before(ensureBuilt);

  it('mermaid: VNets and subnets as subgraphs, nodes with findings in the severity class, labelled with rule ids', () => {
    const r = runCli(['graph', 'examples/insecure']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^flowchart LR\n/);
    assert.match(
      r.stdout,
      /subgraph d0g\d+\["vnet-ml-inference"\]\n\s+d0n\d+\["virtual network<br\/>vnet-ml-inference<br\/>10\.0\.0\.0\/16"\]/,
    );
    const cluster =
      /(d0n\d+)\["AKS cluster<br\/>aks-ml-inference<br\/>private cluster<br\/>aks-workspace-region-mismatch, private-cluster-public-fqdn"\]/.exec(
        r.stdout,
      );
    assert.ok(cluster, r.stdout);
    assert.match(r.stdout, new RegExp(`class [^\\n]*\\b${cluster[1]}\\b[^\\n]* error`));
    assert.match(r.stdout, /-->\|"amlworkspace"\|/);
  });

  it('dot is Graphviz input with clusters; json is the side panel model', () => {
    const dot = runCli(['graph', 'examples/insecure', '--format', 'dot']).stdout;
    assert.match(dot, /^digraph topology \{/);
    assert.match(dot, /subgraph cluster_d0g\d+ \{\n\s+label="vnet-ml-inference";/);
    const json = JSON.parse(runCli(['graph', 'examples/insecure', '--format', 'json']).stdout);
    assert.equal(json.version, 1);
    assert.equal(json.deployments[0].label, 'examples/insecure');
    assert.equal(json.deployments[0].counts.error, 8);
  });

  it('graph rejects scan-only options and scan formats', () => {
    assert.equal(runCli(['graph', 'examples', '--baseline', 'x']).code, 2);
    assert.match(
      runCli(['graph', 'examples', '--format', 'sarif']).stderr,
      /--format must be one of mermaid, dot, json/,
    );
  });

  it('markdown: a findings table and the topology as a Mermaid block', () => {
    const r = runCli(['scan', 'examples/insecure', '--format', 'markdown']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^## aml-network-guard: 9 findings \(8 errors, 1 warning\)\n/);
    assert.match(
      r.stdout,
      /\n\| error \| `private-cluster-public-fqdn` \| AKS cluster `aks-ml-inference` \| `examples\/insecure\/azuredeploy\.json:\d+` \| /,
    );
    assert.match(r.stdout, /\n### Topology\n\n```mermaid\nflowchart LR\n[\s\S]*\n```\n/);
  });
});
