import type { PrivateEndpointInfo } from '../graph/private-endpoints';
import { SECURED_ROLES } from '../graph/queries';
import type { Resource } from '../graph/resource';
import { describe, settled } from '../graph/resource';
import { zonesForGroup } from '../graph/tables/dns-zones';
import { T } from '../graph/types';
import type { RuleContext } from '../rulekit/rule';
import { addZoneGroupFix } from '../rulekit/private-link-fixes';
import { defineRule } from '../rulekit/rule';

/** Without a zone group the endpoint's private address is never published in DNS, so clients keep resolving the public one. */
export const privateEndpointDnsZoneGroup = defineRule({
  meta: {
    id: 'private-endpoint-dns-zone-group',
    defaultSeverity: 'error',
    title: 'Private endpoints of the workspace and its resources need private DNS zone integration (a zone group)',
    category: 'private-link',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'private-endpoint-dns-zone-group',
    fixable: true,
    messages: {
      missing:
        '{{endpoint}} of {{target}} has no private DNS zone group, so the private address is never registered in DNS. Add a private DNS zone group.',
      missingZones:
        '{{endpoint}} of {{target}} has no private DNS zone group, so the private address is never registered in DNS. Add a private DNS zone group linking {{zones}}.',
    },
    source: {
      document: 'EN',
      quote:
        'For all the preceding steps, ensure that all private endpoints exist in the same AKS cluster virtual network and have private DNS zone integration enabled.',
    },
  },
  check(ctx) {
    // A zone group whose endpoint is not known (no parent here, or an `existing` one named by an unknown) may be anyone's.
    const orphanGroups = ctx.graph.ofType(T.privateDnsZoneGroup).filter((g) => {
      if (g.idKnown) return false;
      const parent = ctx.graph.parent(g);
      return parent === undefined || (parent.origin === 'existing' && !parent.idKnown);
    });
    const index = ctx.query.privateEndpoints();
    const opaque = ctx.query.opaqueDeployments()[0];
    const seen = new Set<PrivateEndpointInfo>();
    const candidates = securedTargets(ctx).flatMap((target) => index.of(target).certain.map((pe) => ({ pe, target })));
    for (const { pe, target } of candidates) {
      if (seen.has(pe) || !settled(pe.resource)) continue;
      seen.add(pe);
      const where = pe.resource.nameSpan ?? pe.resource.span;
      if (pe.zoneGroups.length > 0) {
        const group = pe.zoneGroups[0];
        if (!pe.zoneGroups.some(settled))
          ctx.notEvaluated(
            where,
            `${describe(group)} may not be deployed: ${group.presenceReason ?? 'it is conditional'}`,
          );
        continue;
      }
      if (orphanGroups.length > 0) {
        ctx.notEvaluated(where, `${describe(orphanGroups[0])} may belong to ${describe(pe.resource)}`);
        continue;
      }
      if (opaque) {
        ctx.notEvaluated(where, `${describe(opaque)} is not analysed and may add a zone group`);
        continue;
      }
      const zones = pe.connections.flatMap((c) => c.groupIds ?? []).flatMap(zonesForGroup);
      const data = { endpoint: describe(pe.resource), target: describe(target) };
      const fix = addZoneGroupFix(ctx, pe);
      const finding = {
        resource: pe.resource,
        fixes: fix ? [fix] : [],
        span: where,
        related: [{ span: target.nameSpan ?? target.span, message: `the endpoint connects to ${describe(target)}` }],
      };
      if (zones.length === 0) ctx.report({ ...finding, messageId: 'missing', data });
      else {
        const zoneList = `the zone${zones.length > 1 ? 's' : ''} ${zones.join(' and ')}`;
        ctx.report({ ...finding, messageId: 'missingZones', data: { ...data, zones: zoneList } });
      }
    }
  },
});

/** Workspaces and the dependencies the inferencing article secures. */
function securedTargets(ctx: RuleContext): Resource[] {
  const out: Resource[] = [];
  for (const workspace of ctx.graph.ofType(T.workspace)) {
    out.push(workspace);
    if (!settled(workspace)) continue;
    for (const d of ctx.query.workspaceDependencies(workspace)) {
      if (SECURED_ROLES.includes(d.role) && d.ref.state === 'resolved') out.push(d.ref.resource);
    }
  }
  return out;
}
