import { privateEndpointIndex } from '../graph/private-endpoints';
import { attachments, propertySpan } from '../graph/relations';
import type { Tri } from '../graph/relations';
import { describe } from '../graph/resource';
import { typeNoun } from '../graph/types';
import type { Value } from '../graph/value';
import { at, isUnknown } from '../graph/value';
import { settled } from './clusters-in-vnet';
import type { Finding, Rule } from './rule';

/** A workspace reached through a private endpoint must be in the same region as the AKS cluster it uses. */
export const aksWorkspaceRegionMismatch: Rule = {
  meta: {
    id: 'aks-workspace-region-mismatch',
    defaultSeverity: 'error',
    title: 'An AKS cluster attached to a workspace with a private endpoint must be in the workspace region',
    source: {
      document: 'EN',
      quote:
        'If your workspace has a private endpoint, the Azure Kubernetes Service cluster must be in the same Azure region as the workspace.',
    },
  },
  check(ctx, severity) {
    const findings: Finding[] = [];
    const endpoints = privateEndpointIndex(ctx.graph);
    for (const { workspace, compute, cluster } of attachments(ctx.graph)) {
      if (!workspace || !settled(workspace) || cluster.state !== 'resolved') continue;
      if (!endpoints.of(workspace).certain.some((pe) => settled(pe.resource))) continue;
      const r = cluster.cluster.resource;
      if (!settled(r)) continue;
      // An AML-created cluster without computeLocation is created in the workspace's region.
      const path = cluster.cluster.createdByWorkspace ? 'properties.computeLocation' : 'location';
      const location = at(r.body, path);
      if (location === undefined && cluster.cluster.createdByWorkspace) continue;
      const expected = at(workspace.body, 'location');
      const same = sameLocation(location, expected);
      if (same === 'unknown') {
        ctx.notEvaluated(
          propertySpan(r, path),
          `the region of ${describe(r, typeNoun)} or of ${describe(workspace, typeNoun)} is not known`,
        );
        continue;
      }
      if (same === 'yes') continue;
      const clusterName = describe(r, typeNoun);
      findings.push({
        ruleId: 'aks-workspace-region-mismatch',
        severity,
        message:
          `${clusterName} is in ${render(location)} but ${describe(workspace, typeNoun)}, which has a private endpoint, is in ${render(expected)}. ` +
          `Deploy the cluster in the workspace's region.`,
        resource: r,
        span: propertySpan(r, path),
        related: [
          { span: propertySpan(workspace, 'location'), message: `${describe(workspace, typeNoun)} location` },
          ...(r === compute
            ? []
            : [{ span: compute.nameSpan ?? compute.span, message: `${clusterName} is attached here` }]),
        ],
        fix: {
          kind: 'copyProperty',
          title: "Use the workspace's location for the cluster",
          resource: r,
          path,
          from: workspace,
          fromPath: 'location',
        },
      });
    }
    return findings;
  },
};

/** Regions compare without case or spaces; two unknowns are equal only when they are the same expression. */
export function sameLocation(a: Value | undefined, b: Value | undefined): Tri {
  if (a?.kind === 'string' && b?.kind === 'string') return normalise(a.value) === normalise(b.value) ? 'yes' : 'no';
  if (isUnknown(a) && isUnknown(b) && a.symbol !== undefined && a.symbol === b.symbol) return 'yes';
  return 'unknown';
}

function normalise(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

function render(v: Value | undefined): string {
  if (v?.kind === 'string') return `'${v.value}'`;
  return isUnknown(v) && v.symbol ? v.symbol : 'an unknown region';
}
