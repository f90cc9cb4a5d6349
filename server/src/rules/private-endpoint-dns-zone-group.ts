import { opaqueDeployments, privateEndpointIndex } from '../graph/private-endpoints';
import type { PrivateEndpointInfo } from '../graph/private-endpoints';
import { workspaceDependencies } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe } from '../graph/resource';
import { T, typeNoun } from '../graph/types';
import { settled } from './clusters-in-vnet';
import { SECURED_ROLES } from './endpoint-verdicts';
import type { Finding, Rule, RuleContext } from './rule';

/** Private DNS zones per private-link group id (Azure public cloud). */
const ZONES: Record<string, string[]> = {
  amlworkspace: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'],
  blob: ['privatelink.blob.core.windows.net'],
  file: ['privatelink.file.core.windows.net'],
  queue: ['privatelink.queue.core.windows.net'],
  table: ['privatelink.table.core.windows.net'],
  dfs: ['privatelink.dfs.core.windows.net'],
  vault: ['privatelink.vaultcore.azure.net'],
  registry: ['privatelink.azurecr.io'],
};

/** Without a zone group the endpoint's private address is never published in DNS, so clients keep resolving the public one. */
export const privateEndpointDnsZoneGroup: Rule = {
  meta: {
    id: 'private-endpoint-dns-zone-group',
    defaultSeverity: 'error',
    title: 'Private endpoints of the workspace and its resources need private DNS zone integration (a zone group)',
    source: {
      document: 'EN',
      quote:
        'For all the preceding steps, ensure that all private endpoints exist in the same AKS cluster virtual network and have private DNS zone integration enabled.',
    },
  },
  check(ctx, severity) {
    const targets = securedTargets(ctx);
    const findings: Finding[] = [];
    // A zone group whose endpoint is not known (no parent here, or an `existing` one named by an unknown) may be anyone's.
    const orphanGroups = ctx.graph.ofType(T.privateDnsZoneGroup).filter((g) => {
      if (g.idKnown) return false;
      const parent = ctx.graph.parent(g);
      return parent === undefined || (parent.origin === 'existing' && !parent.idKnown);
    });
    const index = privateEndpointIndex(ctx.graph);
    const opaque = opaqueDeployments(ctx.graph)[0];
    const seen = new Set<PrivateEndpointInfo>();
    const candidates = targets.flatMap((target) => index.of(target).certain.map((pe) => ({ pe, target })));
    for (const { pe, target } of candidates) {
      if (seen.has(pe) || !settled(pe.resource)) continue;
      seen.add(pe);
      const where = pe.resource.nameSpan ?? pe.resource.span;
      if (pe.zoneGroups.length > 0) {
        const group = pe.zoneGroups[0];
        if (!pe.zoneGroups.some(settled))
          ctx.notEvaluated(
            where,
            `${describe(group, typeNoun)} may not be deployed: ${group.presenceReason ?? 'it is conditional'}`,
          );
        continue;
      }
      if (orphanGroups.length > 0) {
        ctx.notEvaluated(
          where,
          `${describe(orphanGroups[0], typeNoun)} may belong to ${describe(pe.resource, typeNoun)}`,
        );
        continue;
      }
      if (opaque) {
        ctx.notEvaluated(where, `${describe(opaque, typeNoun)} is not analysed and may add a zone group`);
        continue;
      }
      findings.push({
        ruleId: 'private-endpoint-dns-zone-group',
        severity,
        message:
          `${describe(pe.resource, typeNoun)} of ${describe(target, typeNoun)} has no private DNS zone group, so the private address is never registered in DNS. ` +
          `Add a private DNS zone group${zoneHint(pe)}.`,
        resource: pe.resource,
        span: where,
        related: [
          { span: target.nameSpan ?? target.span, message: `the endpoint connects to ${describe(target, typeNoun)}` },
        ],
      });
    }
    return findings;
  },
};

/** Workspaces and the dependencies the inferencing article secures. */
function securedTargets(ctx: RuleContext): Resource[] {
  const out: Resource[] = [];
  for (const workspace of ctx.graph.ofType(T.workspace)) {
    out.push(workspace);
    if (!settled(workspace)) continue;
    for (const d of workspaceDependencies(ctx.graph, workspace)) {
      if (SECURED_ROLES.includes(d.role) && d.ref.state === 'resolved') out.push(d.ref.resource);
    }
  }
  return out;
}

function zoneHint(pe: PrivateEndpointInfo): string {
  const zones = pe.connections.flatMap((c) => c.groupIds ?? []).flatMap((g) => ZONES[g.toLowerCase()] ?? []);
  return zones.length > 0 ? ` linking the zone${zones.length > 1 ? 's' : ''} ${zones.join(' and ')}` : '';
}
