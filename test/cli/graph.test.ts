import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/rulekit/registry';
import { ensureBuilt, REPO, runCli } from './cli-process';
import { descendants, parseXml, type XmlElement } from './xml-tree';

/** The README's picture, and the command that writes it (package.json `readme:topology`). */
const README_SVG = 'docs/images/topology-insecure.svg';

function title(g: XmlElement): string {
  return g.children.find((c) => c.name === 'title')?.text ?? '';
}

function labelOf(g: XmlElement): string {
  return g.children
    .filter((c) => c.name === 'text')
    .map((t) => t.text)
    .join('\n');
}

/** The shape Graphviz draws a node or edge with (a rounded box is a path, an arrow's line too). */
function shapeOf(g: XmlElement): XmlElement {
  const shape = g.children.find((c) => c.name === 'path' || c.name === 'polygon');
  assert.ok(shape, `no shape in ${title(g)}`);
  return shape;
}

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

  it('svg: well-formed SVG drawn in-process, with the nodes, clusters, edges and colours of the DOT view', () => {
    const r = runCli(['graph', 'examples/insecure', '--format', 'svg']);
    assert.equal(r.code, 0, r.stderr);
    const svg = parseXml(r.stdout);
    assert.equal(svg.name, 'svg');
    assert.equal(svg.attributes.xmlns, 'http://www.w3.org/2000/svg');
    const groups = descendants(svg).filter((e) => e.name === 'g');
    const ofClass = (c: string) => groups.filter((g) => g.attributes.class === c);

    const dot = runCli(['graph', 'examples/insecure', '--format', 'dot']).stdout;
    const dotNodes = [...dot.matchAll(/^\s+(d\d+n\d+) \[label=/gm)].map((m) => m[1]);
    const dotEdges = [...dot.matchAll(/^\s+(d\d+n\d+) -> (d\d+n\d+) /gm)].map((m) => `${m[1]}->${m[2]}`);
    assert.ok(dotNodes.length > 20 && dotEdges.length > 20, dot);
    assert.deepEqual(ofClass('node').map(title).sort(), [...dotNodes].sort());
    assert.deepEqual(ofClass('edge').map(title).sort(), [...dotEdges].sort());
    const clusters = ofClass('cluster').map(labelOf);
    for (const box of ['vnet-ml-inference', 'snet-aks', 'snet-private-endpoints', 'vnet-hub'])
      assert.ok(clusters.includes(box));

    const node = (label: RegExp) => {
      const found = ofClass('node').filter((g) => label.test(labelOf(g)));
      assert.equal(found.length, 1, `${label}: ${found.length} nodes`);
      return found[0];
    };
    const cluster = node(/^AKS cluster\naks-ml-inference\n/);
    assert.match(labelOf(cluster), /\naks-workspace-region-mismatch, private-cluster-public-fqdn$/);
    assert.equal(shapeOf(cluster).attributes.fill, '#ffebe9');
    assert.equal(shapeOf(cluster).attributes.stroke, '#cf222e');
    assert.equal(shapeOf(node(/^virtual network\nvnet-ml-inference\n/)).attributes.fill, '#ffffff');
    // Every node labelled with rule ids (all errors here) is filled red, every other one white.
    const ruleIds = new Set(ALL_RULES.map((rule) => rule.meta.id));
    const flagged = ofClass('node').filter((g) =>
      labelOf(g)
        .split('\n')
        .pop()
        ?.split(', ')
        .every((id) => ruleIds.has(id)),
    );
    assert.equal(flagged.length, 7);
    for (const g of ofClass('node'))
      assert.equal(shapeOf(g).attributes.fill, flagged.includes(g) ? '#ffebe9' : '#ffffff', labelOf(g));
    /** The strokes of the edges from `from` whose label starts with `label`. */
    const edges = (from: XmlElement, label: string) => {
      const found = ofClass('edge').filter(
        (g) => title(g).startsWith(`${title(from)}->`) && labelOf(g).startsWith(label),
      );
      assert.ok(found.length > 0, `${title(from)} ${label}`);
      return found.map((g) => shapeOf(g).attributes);
    };
    const endpoint = node(/^private endpoint\npe-mlw-inference\n/);
    assert.deepEqual(
      edges(endpoint, 'amlworkspace').map((a) => a['stroke-dasharray']),
      [undefined],
    );
    assert.deepEqual(
      edges(endpoint, 'zone group').map((a) => a['stroke-dasharray']),
      ['5,2', '5,2'],
    );
    const workspace = node(/^Azure Machine Learning workspace\nmlw-inference$/);
    assert.deepEqual(
      edges(workspace, 'key vault').map((a) => a.stroke),
      ['#cf222e'],
    );
    assert.deepEqual(
      edges(workspace, 'storage account').map((a) => a.stroke),
      ['#57606a'],
    );
  });

  it(`the README's topology picture is the current output of \`npm run readme:topology\``, () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.match(pkg.scripts['readme:topology'], new RegExp(`graph examples/insecure --format svg -o ${README_SVG}$`));
    assert.match(
      fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'),
      new RegExp(`!\\[[^\\]]+\\]\\(${README_SVG}\\)`),
    );
    const current = runCli(['graph', 'examples/insecure', '--format', 'svg']).stdout;
    const committed = fs.readFileSync(path.join(REPO, README_SVG), 'utf8');
    assert.ok(committed === current, `${README_SVG} is out of date: run \`npm run readme:topology\``);
  });

  it('Graphviz is bundled into the CLI only, not into the extension or the language server', () => {
    const bundled = (file: string) => fs.readFileSync(path.join(REPO, 'dist', file), 'utf8').includes('@viz-js/viz');
    assert.deepEqual(['cli.js', 'extension.js', 'server.js'].map(bundled), [true, false, false]);
  });

  it('graph rejects scan-only options and scan formats', () => {
    assert.equal(runCli(['graph', 'examples', '--baseline', 'x']).code, 2);
    assert.match(
      runCli(['graph', 'examples', '--format', 'sarif']).stderr,
      /--format must be one of mermaid, dot, svg, json/,
    );
  });

  it('markdown: a findings table and the topology as a Mermaid block', () => {
    const r = runCli(['scan', 'examples/insecure', '--format', 'markdown']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^## aml-network-guard: 8 findings \(8 errors\)\n/);
    assert.match(
      r.stdout,
      /\n\| error \| `private-cluster-public-fqdn` \| AKS cluster `aks-ml-inference` \| `examples\/insecure\/azuredeploy\.json:\d+` \| /,
    );
    assert.match(r.stdout, /\n### Topology\n\n```mermaid\nflowchart LR\n[\s\S]*\n```\n/);
  });
});
