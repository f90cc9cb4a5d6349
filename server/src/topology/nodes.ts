import * as path from 'node:path';
import type { Ref } from '../graph/graph';
import type { UnknownNote } from '../graph/problem';
import type { GraphQueries } from '../graph/queries';
import type { Resource } from '../graph/resource';
import { lastNameSegment, readableName } from '../graph/readable-name';
import { lastName } from '../graph/resource-id';
import type { SourceSpan } from '../graph/span';
import { comparePositions } from '../graph/span';
import { isUnknown, knownString, member } from '../graph/value';
import type { Finding } from '../rulekit/rule';
import type { TopologyKind, TopologyLocation, TopologyNode, TopologyProblem } from '../protocol';
import { reachRelations } from './relations';

export type ResourceFacts = Pick<
  TopologyNode,
  'resourceType' | 'resourceId' | 'location' | 'unknowns' | 'relations' | 'declaration' | 'problems'
>;

/** How the model names files and rule pages (the server passes the client's URIs). */
export interface TopologyLinks {
  uriOf(file: string): string;
  docsUriOf(ruleId: string): string;
}

/** What every node builder reads: the graph's queries, the findings by resource, and the unknown notes. */
export class NodeFactory {
  private readonly problemsByKey = new Map<string, TopologyProblem[]>();
  private readonly relations: Map<string, string[]>;

  constructor(
    readonly q: GraphQueries,
    findings: readonly Finding[],
    private readonly notes: readonly UnknownNote[],
    private readonly links: TopologyLinks,
  ) {
    this.relations = reachRelations(q);
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
    return { id: `${parentId}/${kind}:${r.key}`, kind, label: labelOf(r), description, ...this.facts(r), children: [] };
  }

  /** What every view shows of a resource, wherever it sits in the tree (or when it sits nowhere). */
  facts(r: Resource): ResourceFacts {
    const relations = this.relations.get(r.key);
    return {
      resourceType: r.type,
      resourceId: r.id,
      location: locationOf(r),
      unknowns: this.unknownsOf(r),
      ...(relations && { relations: [...relations] }),
      declaration: this.location(r.nameSpan ?? r.span),
      problems: this.problemsByKey.get(r.key) ?? [],
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
  return readableName(lastNameSegment(r.name), r.language);
}

/** The id a reference names, declared here or not; undefined when it cannot be known. */
export function refId(ref: Ref | undefined): string | undefined {
  return ref?.state === 'resolved' ? ref.resource.id : ref?.state === 'external' ? ref.id : undefined;
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
