import type { ResourceGraph } from '../graph/graph';
import type { PrivateEndpointInfo, ZoneName } from '../graph/private-endpoints';
import { zoneNameOf } from '../graph/private-endpoints';
import { propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import type { Cloud } from '../graph/tables/dns-zones';
import { cloudOfZone, isKeyVaultHostZone, knownGroup, normalizeZone, zonesForGroupIn } from '../graph/tables/dns-zones';
import type { Value } from '../graph/value';
import { at, entry, isUnknown, items, member } from '../graph/value';
import type { RelatedLocation } from '../rulekit/rule';
import { zoneEntriesFix } from '../rulekit/private-link-fixes';
import { defineRule } from '../rulekit/rule';

const CONFIGS = 'properties.privateDnsZoneConfigs';

/** One `privateDnsZoneConfigs` entry: where its zone id is written and which zone that is. */
interface ZoneEntry {
  /** Its place in `privateDnsZoneConfigs`. */
  index: number;
  value: Value | undefined;
  span: SourceSpan;
  zone: ZoneName;
}

/**
 * A zone group publishes the endpoint's A records only in zones whose names match the FQDNs the
 * service resolves through (`<name>.privatelink.blob.core.windows.net`): any other zone stays empty
 * and clients keep resolving the public address.
 */
export const privateDnsZoneName = defineRule({
  meta: {
    id: 'private-dns-zone-name',
    defaultSeverity: 'error',
    title: "A private endpoint's zone group uses the private DNS zones of the endpoint's group id",
    category: 'dns',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'private-dns-zone-name',
    fixable: true,
    messages: {
      wrongZone:
        '{{group}} of {{endpoint}} registers the {{groupIds}} endpoint in private DNS zone {{zone}}, where no {{groupIds}} name is ever looked up. Use {{expected}} instead.',
      keyvaultDns:
        "{{group}} of {{endpoint}} registers the vault endpoint in private DNS zone {{zone}}, which is 'privatelink' + the vault host name suffix (environment().suffixes.keyvaultDns): Key Vault's private link records are published in {{expected}}, never there. Use {{expected}} instead.",
      missingZones:
        '{{group}} of {{endpoint}} does not register the {{groupIds}} endpoint in {{missing}}, so those names keep resolving to public addresses. Add {{missing}} to {{property}}.',
    },
    source: {
      document: 'review',
      quote:
        'For all the preceding steps, ensure that all private endpoints exist in the same AKS cluster virtual network and have private DNS zone integration enabled.',
    },
  },
  check(ctx) {
    for (const pe of ctx.query.privateEndpoints().all) {
      if (pe.zoneGroups.length === 0) continue;
      const groupIds = endpointGroupIds(pe);
      if (typeof groupIds === 'string') {
        ctx.notEvaluated(pe.resource.nameSpan ?? pe.resource.span, groupIds);
        continue;
      }
      const checked = groupIds.filter(knownGroup);
      if (checked.length === 0) continue;
      // Zones of a group id outside the table may sit in the same zone group: then no zone can be called wrong.
      const onlyKnownGroups = checked.length === groupIds.length;
      for (const group of pe.zoneGroups) {
        const where = group.nameSpan ?? group.span;
        const configs = at(group.body, CONFIGS);
        if (isUnknown(configs)) {
          ctx.notEvaluated(where, `the zones of ${describe(group)} are not known`, [configs]);
          continue;
        }
        const entries = zoneEntries(ctx.graph, group, configs);
        const undecided = entries.find((e) => e.zone.state === 'unknown' || cloudOfZone(e.zone.name) === undefined);
        const cloud = cloudOf(entries);
        const expected = [...new Set(checked.flatMap((g) => zonesForGroupIn(cloud, g)))];
        const present = new Set(entries.flatMap((e) => (e.zone.state === 'known' ? [normalizeZone(e.zone.name)] : [])));
        const missing = expected.filter((z) => !present.has(z));
        const wrong = onlyKnownGroups ? entries.filter((e) => isWrong(e.zone, checked)) : [];
        const names = { group: describe(group), endpoint: describe(pe.resource), groupIds: checked.join(' / ') };
        const endpointRelated: RelatedLocation = {
          span: pe.resource.nameSpan ?? pe.resource.span,
          message: `${describe(pe.resource)} connects with group id ${checked.join(', ')}`,
        };
        for (const [k, e] of wrong.entries()) {
          const zoneName = e.zone.state === 'known' ? e.zone.name : '';
          const data = { ...names, zone: zoneName, expected: list(missing.length > 0 ? missing : expected) };
          const related = [endpointRelated, ...zoneRelated(e.zone)];
          const trap = checked.includes('vault') && isKeyVaultHostZone(zoneName);
          // The k-th wrong zone becomes the k-th missing one; with an entry of unknown zone, that one may be it.
          const right = undecided ? undefined : missing[k];
          const fix =
            right &&
            zoneEntriesFix(
              ctx,
              pe,
              group,
              [{ name: right, replaces: e.index }],
              `Use private DNS zone ${right} instead of ${zoneName}`,
            );
          ctx.report({
            resource: group,
            span: e.span,
            messageId: trap ? 'keyvaultDns' : 'wrongZone',
            data,
            related,
            fixes: fix ? [fix] : [],
          });
        }
        if (wrong.length > 0 || missing.length === 0) continue;
        if (undecided) {
          // An unknown zone may be a missing one; a zone of an unknown cloud says the table may not apply.
          const why =
            undecided.zone.state === 'known' ? `: ${undecided.zone.name} is in no Azure cloud the checker knows` : '';
          ctx.notEvaluated(undecided.span, `whether ${describe(group)} covers ${list(missing)} is not known${why}`, [
            undecided.value,
          ]);
          continue;
        }
        const fix = zoneEntriesFix(
          ctx,
          pe,
          group,
          missing.map((name) => ({ name })),
          `Add private DNS zone ${list(missing)} to the zone group of ${describe(pe.resource)}`,
        );
        ctx.report({
          resource: group,
          span: propertySpan(group, CONFIGS),
          messageId: 'missingZones',
          data: { ...names, missing: list(missing), property: ctx.propertyName(group, CONFIGS) },
          related: [endpointRelated],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});

/** The endpoint's group ids, lower-cased, or why they are not known. */
function endpointGroupIds(pe: PrivateEndpointInfo): string[] | string {
  if (pe.connectionsUnknown)
    return `the connections of ${describe(pe.resource)} are not known: ${pe.connectionsUnknown}`;
  const out = new Set<string>();
  for (const c of pe.connections) {
    if (!c.groupIds) return `the group ids of ${describe(pe.resource)} are not known`;
    for (const g of c.groupIds) out.add(g.toLowerCase());
  }
  return [...out];
}

function zoneEntries(graph: ResourceGraph, group: Resource, configs: Value | undefined): ZoneEntry[] {
  const out: ZoneEntry[] = [];
  for (const [index, config] of items(configs).entries()) {
    const where = config.span ?? group.nameSpan ?? group.span;
    if (isUnknown(config)) {
      out.push({ index, value: config, span: where, zone: { state: 'unknown', reason: config.reason } });
      continue;
    }
    const props = member(config, 'properties');
    const idEntry = entry(props, 'privateDnsZoneId');
    const value = idEntry?.value ?? props;
    const ref = graph.resolve(idEntry?.value);
    const zone: ZoneName = ref
      ? zoneNameOf(ref)
      : { state: 'unknown', reason: isUnknown(value) ? value.reason : 'the entry names no zone' };
    out.push({ index, value, span: idEntry?.span ?? idEntry?.value.span ?? where, zone });
  }
  return out;
}

/** The cloud the group's zones belong to: the first one a known cloud's domains place; else the public cloud the evaluator assumes. */
function cloudOf(entries: readonly ZoneEntry[]): Cloud {
  for (const e of entries) {
    const cloud = e.zone.state === 'known' ? cloudOfZone(e.zone.name) : undefined;
    if (cloud) return cloud;
  }
  return 'AzureCloud';
}

/** A zone of a known cloud that is the zone of none of the group ids, in any cloud. */
function isWrong(zone: ZoneName, groupIds: readonly string[]): boolean {
  if (zone.state !== 'known') return false;
  const cloud = cloudOfZone(zone.name);
  if (!cloud) return false;
  return !groupIds.some((g) => zonesForGroupIn(cloud, g).includes(normalizeZone(zone.name)));
}

function zoneRelated(zone: ZoneName): RelatedLocation[] {
  if (zone.state !== 'known' || !zone.zone) return [];
  return [{ span: zone.zone.nameSpan ?? zone.zone.span, message: `${describe(zone.zone)} is declared here` }];
}

function list(zones: readonly string[]): string {
  return zones.join(' and ');
}
