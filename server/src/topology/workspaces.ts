import type { Ref } from '../graph/graph';
import { roleNoun } from '../graph/queries';
import { T, typeNoun } from '../graph/types';
import { knownString, member } from '../graph/value';
import type { NodeFactory } from './nodes';
import { labelOf } from './nodes';
import type { TopologyKind, TopologyNode } from '../protocol';

/** Private DNS zones → their VNet links. */
export function zoneNodes(f: NodeFactory, root: string): TopologyNode[] {
  return f.q.graph.ofType(T.privateDnsZone).map((zone) => {
    const node = f.resource(root, 'dnsZone', zone);
    const links = f.q.zoneLinks(zone);
    node.description = `${links.length} VNet link${links.length === 1 ? '' : 's'}`;
    for (const { link, vnet } of links) node.children.push(f.resource(node.id, 'zoneLink', link, towards(vnet)));
    return node;
  });
}

/** Workspaces → storage, key vault, registry, Application Insights, datastores' storage, and attached computes. */
export function workspaceNodes(f: NodeFactory, root: string): TopologyNode[] {
  return f.q.graph.ofType(T.workspace).map((ws) => {
    const node = f.resource(root, 'workspace', ws);
    for (const d of f.q.workspaceDependencies(ws))
      node.children.push(refNode(f, node.id, 'dependency', d.ref, roleNoun(d.role)));
    for (const compute of f.q.graph.children(ws, T.workspaceCompute)) {
      const type = knownString(member(member(compute.body, 'properties'), 'computeType'));
      const attached = f.q.attachments(ws).find((a) => a.compute === compute)?.cluster;
      const cluster =
        attached?.state === 'resolved' && !attached.cluster.createdByWorkspace
          ? ` → ${labelOf(attached.cluster.resource)}`
          : '';
      node.children.push(f.resource(node.id, 'compute', compute, `${type ?? 'compute'}${cluster}`));
    }
    return node;
  });
}

function refNode(f: NodeFactory, parentId: string, kind: TopologyKind, ref: Ref, role: string): TopologyNode {
  if (ref.state === 'resolved') return f.resource(parentId, kind, ref.resource, role);
  if (ref.state === 'external') return f.external(parentId, kind, ref.id, `${role} · not declared in this deployment`);
  return f.external(parentId, kind, `?${role}`, role, [`${role}: ${ref.reason}`]);
}

function towards(vnet: Ref | undefined): string {
  if (!vnet) return '→ no network';
  if (vnet.state === 'resolved') return `→ ${labelOf(vnet.resource)}`;
  if (vnet.state === 'external')
    return `→ ${vnet.id.split('/').pop() ?? vnet.id} (${typeNoun(T.virtualNetwork)} not declared here)`;
  return '→ unknown network';
}
