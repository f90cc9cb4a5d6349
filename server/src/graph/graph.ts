import { normalizeId, parentResourceId } from './resource-id';
import type { Resource } from './resource';
import { sameType } from './types';
import type { Value } from './value';

/**
 * What a reference (a resource id value) points at:
 * - `resolved`: a resource of this deployment;
 * - `external`: a fully known id of a resource this deployment does not declare (its properties are unknown);
 * - `unknown`: the id itself cannot be determined.
 */
export type Ref =
  | { state: 'resolved'; resource: Resource; value: Value }
  | { state: 'external'; id: string; value: Value }
  | { state: 'unknown'; reason: string; value: Value };

export class ResourceGraph {
  private readonly byKey = new Map<string, Resource>();
  private readonly byType = new Map<string, Resource[]>();
  private readonly childrenOf = new Map<string, Resource[]>();

  constructor(readonly resources: readonly Resource[]) {
    for (const r of resources) {
      // The first declaration wins; a later duplicate (same id twice) would be rejected by ARM anyway.
      if (!this.byKey.has(r.key)) this.byKey.set(r.key, r);
      const t = r.type.toLowerCase();
      const list = this.byType.get(t) ?? [];
      list.push(r);
      this.byType.set(t, list);
      const parent = r.parentKey ?? keyOfParent(r.id);
      if (parent) {
        const kids = this.childrenOf.get(parent) ?? [];
        kids.push(r);
        this.childrenOf.set(parent, kids);
      }
    }
  }

  get(idOrKey: string): Resource | undefined {
    return this.byKey.get(normalizeId(idOrKey));
  }

  ofType(type: string): Resource[] {
    return this.byType.get(type.toLowerCase()) ?? [];
  }

  children(r: Resource, type?: string): Resource[] {
    const kids = this.childrenOf.get(r.key) ?? [];
    return type ? kids.filter((k) => sameType(k.type, type)) : kids;
  }

  parent(r: Resource): Resource | undefined {
    const key = r.parentKey ?? keyOfParent(r.id);
    return key ? this.byKey.get(key) : undefined;
  }

  /** Resolves a value that should hold a resource id. Undefined when the value is absent. */
  resolve(v: Value | undefined): Ref | undefined {
    if (!v || v.kind === 'null') return undefined;
    if (v.kind === 'unknown') {
      const hit = v.symbol ? this.byKey.get(normalizeId(v.symbol)) : undefined;
      return hit ? { state: 'resolved', resource: hit, value: v } : { state: 'unknown', reason: v.reason, value: v };
    }
    if (v.kind === 'object') {
      // `{ "id": "…" }` is how ARM bodies nest references (subnet: { id: … }).
      const idEntry = v.entries.find((e) => e.key.toLowerCase() === 'id');
      return idEntry ? this.resolve(idEntry.value) : undefined;
    }
    if (v.kind !== 'string') return { state: 'unknown', reason: `expected a resource id, found ${v.kind}`, value: v };
    const hit = this.byKey.get(normalizeId(v.value));
    if (hit) return { state: 'resolved', resource: hit, value: v };
    // Symbols embedded in a string mean the id is only partly known.
    if (v.value.includes('{'))
      return { state: 'unknown', reason: `resource id '${v.value}' is not fully known`, value: v };
    return { state: 'external', id: v.value, value: v };
  }
}

function keyOfParent(id: string): string | undefined {
  const p = parentResourceId(id);
  return p ? normalizeId(p) : undefined;
}
