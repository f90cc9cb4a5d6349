import type { Problem, Severity } from './graph/problem';
import { spanKey } from './graph/span';
import type { Finding, RelatedLocation } from './rulekit/rule';

/**
 * One defect, one finding. A file deployed several times (a Terraform module called twice, a linked
 * template used by two deployments) yields the same finding once per instantiation; the user sees it
 * once, at its place in the file, with each instantiation among its related locations.
 */

/** The finding plus where the file of its resource is deployed from (the `module` blocks, the linking deployment). */
export function withCallSites(f: Finding): Finding {
  const sites = f.resource.instantiatedBy;
  if (!sites || sites.length === 0) return f;
  return { ...f, related: uniqueRelated([...f.related, ...sites]) };
}

/**
 * One finding per rule, file and range: the most severe of a group (the first of equals) keeps its
 * message and fix; the others add their related locations, and a message of their own when it
 * differs (at the call site of their instantiation).
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${spanKey(f.span)}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.push(group[0]);
      continue;
    }
    const primary = group.reduce((best, f) => (RANK[f.severity] > RANK[best.severity] ? f : best));
    const related = [...primary.related];
    for (const other of group) {
      if (other === primary) continue;
      // Its call sites, and the places only it points at (the same place named for its instance adds nothing).
      const shown = new Set(related.map((r) => spanKey(r.span)));
      related.push(...other.related.filter((r) => !shown.has(spanKey(r.span)) || isCallSite(other, r)));
      if (other.message !== primary.message) {
        const sites = other.resource.instantiatedBy ?? [];
        const at = sites.length > 0 ? sites[sites.length - 1].span : other.span;
        related.push({ span: at, message: `for this instantiation: ${other.message}` });
      }
    }
    out.push({ ...primary, related: uniqueRelated(related) });
  }
  return out;
}

/** Problems reported once per code, place and message (a module folder read for two calls). */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Map<string, Problem>();
  for (const p of problems) {
    const key = `${p.code}\u0000${spanKey(p.span)}\u0000${p.message}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  return [...seen.values()];
}

function isCallSite(f: Finding, r: RelatedLocation): boolean {
  return (f.resource.instantiatedBy ?? []).some((c) => spanKey(c.span) === spanKey(r.span) && c.message === r.message);
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function uniqueRelated(list: readonly RelatedLocation[]): RelatedLocation[] {
  const seen = new Map<string, RelatedLocation>();
  for (const r of list) {
    const key = `${spanKey(r.span)}\u0000${r.message}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}
