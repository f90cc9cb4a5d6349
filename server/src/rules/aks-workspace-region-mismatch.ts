import { propertySpan } from '../graph/relations';
import type { Tri } from '../graph/relations';
import { describe, settled } from '../graph/resource';
import type { Value } from '../graph/value';
import { at, isUnknown } from '../graph/value';
import { copyPropertyFix } from '../rulekit/fixes';
import { defineRule } from '../rulekit/rule';

/** A workspace reached through a private endpoint must be in the same region as the AKS cluster it uses. */
export const aksWorkspaceRegionMismatch = defineRule({
  meta: {
    id: 'aks-workspace-region-mismatch',
    defaultSeverity: 'error',
    title: 'An AKS cluster attached to a workspace with a private endpoint must be in the workspace region',
    category: 'cluster',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-workspace-region-mismatch',
    fixable: true,
    messages: {
      mismatch:
        "{{cluster}} is in {{location}} but {{workspace}}, which has a private endpoint, is in {{expected}}. Deploy the cluster in the workspace's region.",
    },
    source: {
      document: 'EN',
      quote:
        'If your workspace has a private endpoint, the Azure Kubernetes Service cluster must be in the same Azure region as the workspace.',
    },
  },
  check(ctx) {
    const endpoints = ctx.query.privateEndpoints();
    for (const { workspace, compute, cluster } of ctx.query.attachments()) {
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
          `the region of ${describe(r)} or of ${describe(workspace)} is not known`,
          [location, expected],
        );
        continue;
      }
      if (same === 'yes') continue;
      ctx.report({
        resource: r,
        span: propertySpan(r, path),
        messageId: 'mismatch',
        data: {
          cluster: describe(r),
          location: render(location),
          workspace: describe(workspace),
          expected: render(expected),
        },
        related: [
          { span: propertySpan(workspace, 'location'), message: `${describe(workspace)} location` },
          ...(r === compute
            ? []
            : [{ span: compute.nameSpan ?? compute.span, message: `${describe(r)} is attached here` }]),
        ],
        fixes: [
          copyPropertyFix(
            r,
            path,
            workspace,
            'location',
            `Use the location of ${describe(workspace)} for ${describe(r)}`,
          ),
        ],
      });
    }
  },
});

/** Regions compare without case or spaces; two unknowns are equal only when they are the same expression. */
function sameLocation(a: Value | undefined, b: Value | undefined): Tri {
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
