import { lastName } from '../graph/resource-id';
import { typeNoun } from '../graph/types';
import type { TopologyDeployment, TopologyKind, TopologyNode, TopologyProblem, TopologySeverity } from '../protocol';

/**
 * The topology model (the side panel's tree) as a picture: boxes for VNets and subnets holding what
 * sits in them, arrows for what the tree says in words (endpoint → target, peerings, zone links,
 * workspace → dependencies). One model, several views: Mermaid, DOT and SVG all draw this.
 */
export interface Diagram {
  /** Boxes at the top: deployments when there are several, else VNets and the unplaced box. */
  groups: DiagramGroup[];
  /** Nodes outside any box (ids). */
  nodes: string[];
  byId: Map<string, DiagramNode>;
  edges: DiagramEdge[];
}

export interface DiagramGroup {
  id: string;
  label: string;
  nodes: string[];
  groups: DiagramGroup[];
}

export interface DiagramNode {
  id: string;
  /** Lines of the label: what it is, its name, a detail, the rule ids of its findings. */
  lines: string[];
  marks: Marks;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label?: string;
  /** A one-way peering, a DNS zone group or link: drawn dashed. */
  dashed: boolean;
  marks: Marks;
}

/** The worst severity of the findings on a node or edge, and their rule ids. */
export interface Marks {
  severity?: TopologySeverity;
  ruleIds: string[];
}

const RANK: Record<TopologySeverity, number> = { error: 3, warning: 2, info: 1 };

const KIND_NOUN: Record<TopologyKind, string> = {
  vnet: 'virtual network',
  subnet: 'subnet',
  cluster: 'AKS cluster',
  nodePool: 'node pool',
  privateEndpoint: 'private endpoint',
  target: 'resource',
  nsg: 'network security group',
  peering: 'peering',
  dnsZone: 'private DNS zone',
  zoneLink: 'VNet link',
  workspace: 'Azure Machine Learning workspace',
  dependency: 'resource',
  compute: 'workspace compute',
  unplaced: '',
};

export function diagramOf(deployments: readonly TopologyDeployment[]): Diagram {
  const diagram: Diagram = { groups: [], nodes: [], byId: new Map(), edges: [] };
  deployments.forEach((d, i) => {
    if (deployments.length === 1) return new DeploymentDrawing(diagram, `d${i}`, diagram).draw(d);
    const box: DiagramGroup = { id: `d${i}`, label: d.label, nodes: [], groups: [] };
    diagram.groups.push(box);
    new DeploymentDrawing(diagram, `d${i}`, box).draw(d);
  });
  return diagram;
}

type Container = Pick<DiagramGroup, 'nodes' | 'groups'>;

/** Draws one deployment: a resource met twice (a target that is also a dependency) is one node. */
class DeploymentDrawing {
  private readonly byResource = new Map<string, string>();
  private readonly pending: { from: string; to: TopologyNode | string; edge: Omit<DiagramEdge, 'from' | 'to'> }[] = [];
  private count = 0;

  constructor(
    private readonly diagram: Diagram,
    private readonly prefix: string,
    private readonly top: Container,
  ) {}

  draw(d: TopologyDeployment): void {
    for (const n of d.nodes) {
      if (n.kind === 'vnet') this.vnet(n, this.top);
      else if (n.kind === 'unplaced') this.box(n, n.label, this.top);
      else if (n.kind === 'dnsZone') this.zone(n);
      else if (n.kind === 'workspace') this.workspace(n);
      else this.node(n, this.top);
    }
    // Arrows last: their far ends may be placed by a later part of the tree.
    for (const { from, to, edge } of this.pending) {
      const target =
        typeof to === 'string' ? (this.byResource.get(to.toLowerCase()) ?? this.external(to)) : this.node(to, this.top);
      this.diagram.edges.push({ from, to: target, ...edge });
    }
  }

  private vnet(n: TopologyNode, parent: Container): void {
    const box = this.group(n.label, parent);
    const head = this.node(n, box);
    for (const c of n.children) {
      if (c.kind === 'subnet') this.subnet(c, box);
      else if (c.kind === 'peering' && c.leadsTo !== undefined)
        this.later(head, c.leadsTo, {
          label: c.oneWay ? 'peering (one-way)' : 'peering',
          dashed: c.oneWay === true,
          marks: marksOf(c.problems),
        });
    }
  }

  private subnet(n: TopologyNode, parent: Container): void {
    const box = this.group(n.label, parent);
    this.node(n, box);
    for (const c of n.children) this.member(c, box);
  }

  private box(n: TopologyNode, label: string, parent: Container): void {
    const box = this.group(label, parent);
    for (const c of n.children) this.member(c, box);
  }

  /** Something in a subnet: a cluster (its node pools are part of it), an endpoint and what it connects to. */
  private member(n: TopologyNode, box: Container): void {
    const id = this.node(n, box);
    if (n.kind !== 'privateEndpoint') return;
    for (const c of n.children)
      if (c.kind === 'target') this.later(id, c, { label: c.description, dashed: false, marks: { ruleIds: [] } });
      else if (c.kind === 'dnsZone') this.later(id, c, { label: 'zone group', dashed: true, marks: { ruleIds: [] } });
  }

  private zone(n: TopologyNode): void {
    const id = this.node(n, this.top);
    for (const c of n.children)
      if (c.kind === 'zoneLink' && c.leadsTo !== undefined)
        this.later(id, c.leadsTo, { label: `VNet link ${c.label}`, dashed: true, marks: marksOf(c.problems) });
  }

  private workspace(n: TopologyNode): void {
    const id = this.node(n, this.top);
    for (const c of n.children) {
      const label = c.kind === 'compute' ? `compute ${c.label}` : c.description?.split(' · ')[0];
      const to = c.kind === 'compute' && c.leadsTo !== undefined ? c.leadsTo : c;
      this.later(id, to, { label, dashed: false, marks: marksOf(c.problems) });
    }
  }

  private later(from: string, to: TopologyNode | string, edge: Omit<DiagramEdge, 'from' | 'to'>): void {
    this.pending.push({ from, to, edge });
  }

  private group(label: string, parent: Container): DiagramGroup {
    const g: DiagramGroup = { id: `${this.prefix}g${++this.count}`, label, nodes: [], groups: [] };
    parent.groups.push(g);
    return g;
  }

  /** The node of a tree node's resource, created in `box` the first time it is met. */
  private node(n: TopologyNode, box: Container): string {
    const key = (n.resourceId ?? n.id).toLowerCase();
    const known = this.byResource.get(key);
    if (known !== undefined) {
      const node = this.diagram.byId.get(known);
      if (node) node.marks = mergeMarks(node.marks, marksOf(n.problems));
      return known;
    }
    const id = `${this.prefix}n${++this.count}`;
    const noun = n.resourceType ? typeNoun(n.resourceType) : KIND_NOUN[n.kind];
    const marks = marksOf(n.problems);
    const detail = n.kind === 'target' || n.kind === 'dependency' ? undefined : n.description;
    const lines = [noun, n.label, detail, marks.ruleIds.join(', ')].filter((x): x is string => !!x);
    this.diagram.byId.set(id, { id, lines, marks });
    this.byResource.set(key, id);
    box.nodes.push(id);
    return id;
  }

  /** A network or cluster only named by id (a peering's remote side in another deployment). */
  private external(resourceId: string): string {
    return this.node(
      {
        id: resourceId,
        kind: 'vnet',
        label: lastName(resourceId) ?? resourceId,
        description: 'not declared here',
        resourceId,
        unknowns: [],
        problems: [],
        children: [],
      },
      this.top,
    );
  }
}

function marksOf(problems: readonly TopologyProblem[]): Marks {
  return problems.reduce<Marks>((m, p) => mergeMarks(m, { severity: p.severity, ruleIds: [p.ruleId] }), {
    ruleIds: [],
  });
}

function mergeMarks(a: Marks, b: Marks): Marks {
  const severity =
    a.severity === undefined || (b.severity !== undefined && RANK[b.severity] > RANK[a.severity])
      ? b.severity
      : a.severity;
  return { ...(severity && { severity }), ruleIds: [...new Set([...a.ruleIds, ...b.ruleIds])].sort() };
}
