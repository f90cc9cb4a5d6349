import * as path from 'node:path';
import type { UnknownNote } from '../graph/problem';
import type { GraphQueries } from '../graph/queries';
import type { Resource } from '../graph/resource';
import { lastName } from '../graph/resource-id';
import type { SourceSpan } from '../graph/span';
import { comparePositions } from '../graph/span';
import { isUnknown, knownString, member } from '../graph/value';
import type { Finding } from '../rulekit/rule';
import type { TopologyKind, TopologyLocation, TopologyNode, TopologyProblem } from '../protocol';

/** How the model names files and rule pages (the server passes the client's URIs). */
export interface TopologyLinks {
  uriOf(file: string): string;
  docsUriOf(ruleId: string): string;
}

/** What every node builder reads: the graph's queries, the findings by resource, and the unknown notes. */
export class NodeFactory {
  private readonly problemsByKey = new Map<string, TopologyProblem[]>();

  constructor(
    readonly q: GraphQueries,
    findings: readonly Finding[],
    private readonly notes: readonly UnknownNote[],
    private readonly links: TopologyLinks,
  ) {
    for (const f of findings) {
      const list = this.problemsByKey.get(f.resource.key) ?? [];
      list.push({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        docsUri: links.docsUriOf(f.ruleId),
        location: this.location(f.span),
      });
      this.problemsByKey.set(f.resource.key, list);
    }
  }

  /** A node for a resource of the graph, with its id, location, unknowns, declaration and problems. */
  resource(parentId: string, kind: TopologyKind, r: Resource, description?: string): TopologyNode {
    return {
      id: `${parentId}/${kind}:${r.key}`,
      kind,
      label: labelOf(r),
      description,
      resourceType: r.type,
      resourceId: r.id,
      location: locationOf(r),
      unknowns: this.unknownsOf(r),
      declaration: this.location(r.nameSpan ?? r.span),
      problems: this.problemsByKey.get(r.key) ?? [],
      children: [],
    };
  }

  /** A node for something the deployment names but does not declare (an existing VNet, a target by id). */
  external(parentId: string, kind: TopologyKind, id: string, description: string, unknowns: string[] = []) {
    const node: TopologyNode = {
      id: `${parentId}/${kind}:${id.toLowerCase()}`,
      kind,
      label: lastName(id) ?? id,
      description,
      resourceId: id,
      unknowns,
      problems: [],
      children: [],
    };
    return node;
  }

  location(span: SourceSpan): TopologyLocation {
    return { uri: this.links.uriOf(span.file), range: { start: { ...span.start }, end: { ...span.end } } };
  }

  /** The not-evaluated notes written inside the declaration, and why the resource itself may not be deployed. */
  private unknownsOf(r: Resource): string[] {
    const out = new Set<string>();
    if (r.presence === 'maybe') out.add(r.presenceReason ?? 'may not be deployed (its condition is not known)');
    const location = member(r.body, 'location');
    if (isUnknown(location)) out.add(`location: ${location.reason}`);
    for (const n of this.notes) if (within(n.span, r.span)) out.add(n.message);
    return [...out];
  }
}

/** How the tree names a resource: the Terraform address for Terraform, else its own (last) name. */
export function labelOf(r: Resource): string {
  if (r.language === 'terraform') return r.symbol;
  return r.name.split('/').pop() || r.name;
}

function locationOf(r: Resource): string | undefined {
  return knownString(member(r.body, 'location'));
}

function within(inner: SourceSpan, outer: SourceSpan): boolean {
  return (
    path.resolve(inner.file) === path.resolve(outer.file) &&
    comparePositions(outer.start, inner.start) <= 0 &&
    comparePositions(inner.end, outer.end) <= 0
  );
}
