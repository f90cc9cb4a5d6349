import type { Hover, Position } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { normalizeId } from '../graph/resource-id';
import type { Resource } from '../graph/resource';
import { holds } from '../graph/span';
import { T, sameType, typeNoun } from '../graph/types';
import type { TopologyDeployment, TopologyKind, TopologyNode } from '../protocol';
import type { ResourceFacts, TopologyLinks } from '../topology/build';
import { buildTopology, resourceFacts } from '../topology/build';
import { labelOf } from '../topology/nodes';
import { toRange } from './diagnostics';
import type { DeploymentRecord } from './folder-analysis';

/** The two requirements of the documents that no template can show, so the editor reminds the user. */
export const AKS_NOTES = [
  '**Azure ML Network Guard** — not checkable in a template:',
  '',
  '- If this cluster is stopped and restarted while it is behind a virtual network, first delete and recreate the private endpoint linked to it, then reattach the Kubernetes computes attached from it in the workspace; otherwise creating, updating and deleting endpoints and deployments on it fails.',
  '- If the workspace is also behind a virtual network, you need a secure way to connect to it (see "Securely connect to your workspace").',
].join('\n');

/** Children listed in a hover before "and n more". */
const MAX_CHILDREN = 12;

/**
 * The hover on a resource declaration (its name, or the first line of its declaration): what the
 * topology model says of it — resolved id, location, where it sits, what the checker found between it
 * and other resources, what could not be determined and why — and, on an AKS cluster, the notes no
 * check covers.
 */
export function resourceHover(
  records: readonly DeploymentRecord[],
  links: TopologyLinks,
  file: string,
  position: Position,
): Hover | undefined {
  const hit = declarationAt(records, file, position);
  if (!hit) return undefined;
  const { record, resource } = hit;
  const nodes = occurrences(topologyOf(record, links), resource);
  const facts = nodes[0]?.node ?? resourceFacts(record.result, links, resource);
  // Under an endpoint or a workspace, a description says what the resource is to its parent, not what it is.
  const own = nodes.find(({ node }) => node.kind !== 'dependency' && node.kind !== 'target')?.node.description;
  const sections = [heading(resource, facts, own), ...details(nodes, facts)];
  if (sameType(resource.type, T.managedCluster)) sections.push('---', AKS_NOTES);
  const anchor = resource.nameSpan ?? resource.span;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n') }, range: toRange(anchor) };
}

/** The innermost resource whose name holds the position or whose declaration starts on its line. */
function declarationAt(
  records: readonly DeploymentRecord[],
  file: string,
  p: Position,
): { record: DeploymentRecord; resource: Resource } | undefined {
  let best: { record: DeploymentRecord; resource: Resource } | undefined;
  for (const record of records)
    for (const r of record.result.graph.resources) {
      if (r.file !== file) continue;
      if (!(r.nameSpan && holds(r.nameSpan, p)) && r.span.start.line !== p.line) continue;
      if (!best || holds(best.resource.span, r.span.start)) best = { record, resource: r };
    }
  return best;
}

// Records are replaced by each analysis, so the model built for one never goes stale.
const TOPOLOGIES = new WeakMap<DeploymentRecord, TopologyDeployment>();

function topologyOf(record: DeploymentRecord, links: TopologyLinks): TopologyDeployment {
  let t = TOPOLOGIES.get(record);
  if (!t) {
    t = buildTopology(record.dir, record.dir, record.result, links);
    TOPOLOGIES.set(record, t);
  }
  return t;
}

interface Occurrence {
  node: TopologyNode;
  /** Outermost first. */
  ancestors: TopologyNode[];
}

/** Every place the tree shows the resource (a DNS zone sits at the top and under each endpoint it serves). */
function occurrences(t: TopologyDeployment, r: Resource): Occurrence[] {
  const out: Occurrence[] = [];
  const visit = (nodes: readonly TopologyNode[], ancestors: TopologyNode[]): void => {
    for (const node of nodes) {
      if (node.resourceId !== undefined && node.declaration && normalizeId(node.resourceId) === r.key)
        out.push({ node, ancestors });
      visit(node.children, [...ancestors, node]);
    }
  };
  visit(t.nodes, []);
  return out;
}

/** The resource as the panel names it, with the panel's description (an address range, a peering's remote). */
function heading(r: Resource, facts: ResourceFacts, description: string | undefined): string {
  const title = `**${escape(`${typeNoun(r.type)} ${labelOf(r)}`)}**`;
  const lines = [description ? `${title} — ${escape(description)}` : title];
  if (facts.resourceId) lines.push(`\`${facts.resourceId}\`${r.idKnown ? '' : ' (partly unknown)'}`);
  return lines.join('\n\n');
}

function details(nodes: readonly Occurrence[], facts: ResourceFacts): string[] {
  const out: string[] = [];
  const fields: string[] = [];
  // Child resources have no location of their own; an unknown one is listed with the unknowns.
  if (facts.location) fields.push(`- **Location:** ${escape(facts.location)}`);
  const places = unique(nodes.flatMap(placement));
  if (places.length > 0) fields.push(`- **Where:** ${places.map(escape).join('; ')}`);
  if (fields.length > 0) out.push(fields.join('\n'));
  const related = unique([...(facts.relations ?? []), ...nodes.flatMap(({ node }) => contents(node))]);
  if (related.length > 0) out.push(list('Relationships', related));
  if (facts.unknowns.length > 0) out.push(list('Not known', facts.unknowns));
  if (facts.problems.length > 0)
    out.push(
      list(
        'Problems',
        facts.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`),
      ),
    );
  return out;
}

/** Where one occurrence sits: its subnet and VNet, else what it is shown under. */
function placement({ node, ancestors }: Occurrence): string[] {
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return [];
  if (parent.kind === 'unplaced') return ['not in a known subnet'];
  // A peering another VNet declares towards this one is shown under both.
  if (node.kind === 'peering' && node.description?.startsWith('←')) return [`points at VNet ${named(parent)}`];
  if (parent.kind !== 'subnet' && parent.kind !== 'vnet' && parent.kind !== 'cluster')
    return [`under ${KIND_NOUN[parent.kind]} ${named(parent)}`];
  const nearest = (kind: TopologyKind) => [...ancestors].reverse().find((a) => a.kind === kind);
  const [subnet, vnet] = [nearest('subnet'), nearest('vnet')];
  if (subnet && vnet) return [`in subnet ${named(subnet)} of VNet ${named(vnet)}`];
  return vnet ? [`in VNet ${named(vnet)}`] : [];
}

/** What the tree shows under the resource: subnets, members, peerings, targets, dependencies, links. */
function contents(node: TopologyNode): string[] {
  const lines = node.children.map((c) => `${KIND_NOUN[c.kind]} ${named(c)}`);
  if (lines.length <= MAX_CHILDREN) return lines;
  return [...lines.slice(0, MAX_CHILDREN), `and ${lines.length - MAX_CHILDREN} more`];
}

const KIND_NOUN: Record<TopologyKind, string> = {
  vnet: 'VNet',
  subnet: 'subnet',
  cluster: 'AKS cluster',
  nodePool: 'node pool',
  privateEndpoint: 'private endpoint',
  target: 'connects to',
  nsg: 'NSG',
  peering: 'peering',
  dnsZone: 'private DNS zone',
  zoneLink: 'VNet link',
  workspace: 'workspace',
  dependency: 'uses',
  compute: 'compute',
  unplaced: 'not in a known subnet:',
};

function named(n: TopologyNode): string {
  return `'${n.label}'${n.description ? ` (${n.description})` : ''}`;
}

function list(title: string, items: readonly string[]): string {
  return [`**${title}:**`, '', ...items.map((i) => `- ${escape(i)}`)].join('\n');
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** Names and messages are the user's text: keep Markdown from reading them as markup. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}
