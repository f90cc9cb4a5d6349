import { describeVnet } from '../graph/networks';
import type { PrivateEndpointInfo } from '../graph/private-endpoints';
import type { ClusterInVnet, KnownVnet } from '../graph/queries';
import { DNS_SERVERS, serverIn, subnetSpanIn } from '../graph/queries';
import type { Resource } from '../graph/resource';
import { describe, settled, unsettledReason } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import { cloudOfZone, knownGroup, normalizeZone, zonesForGroupIn } from '../graph/tables/dns-zones';
import { T, sameType } from '../graph/types';
import type { Value } from '../graph/value';
import { at, isUnknown, items } from '../graph/value';
import { addZoneLinkFix } from '../rulekit/private-link-fixes';
import type { RelatedLocation, RuleContext } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

const CONFIGS = 'properties.privateDnsZoneConfigs';

/** A zone the endpoints reachable from one cluster VNet register in, with where each zone group names it. */
interface ZoneUse {
  zone: Resource;
  setting: ClusterInVnet;
  vnet: KnownVnet;
  uses: { pe: PrivateEndpointInfo; target: Resource; span: SourceSpan }[];
}

/**
 * A zone group writes the endpoint's A record into the zone, but a VNet that resolves with
 * Azure-provided DNS sees only the zones linked to it: without a link the cluster keeps resolving
 * the public address, which the private setup blocks.
 */
export const privateDnsZoneVnetLink = defineRule({
  meta: {
    id: 'private-dns-zone-vnet-link',
    defaultSeverity: 'warning',
    title: 'The private DNS zones of the workspace and its resources are linked to the AKS VNet',
    category: 'dns',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'private-dns-zone-vnet-link',
    fixable: true,
    messages: {
      notLinked:
        '{{zone}} holds the record of {{endpoint}} but is not linked to {{vnet}}, where {{cluster}} resolves names with Azure-provided DNS (no {{dnsServers}}), so the cluster gets the public address. Add a virtual network link from {{zone}} to {{vnet}}.',
      peeredOnly:
        '{{zone}} holds the record of {{endpoint}} and is linked to {{linked}}, but not to {{vnet}} of {{cluster}}: peering does not share private DNS zones, and {{vnet}} resolves names with Azure-provided DNS (no {{dnsServers}}), so the cluster gets the public address. Add a virtual network link from {{zone}} to {{vnet}}.',
    },
    source: {
      document: 'review',
      quote:
        'For all the preceding steps, ensure that all private endpoints exist in the same AKS cluster virtual network and have private DNS zone integration enabled.',
    },
  },
  check(ctx) {
    for (const use of zoneUses(ctx)) judge(ctx, use);
  },
});

/** The declared zones of the zone groups of every endpoint reachable from a cluster VNet; the others are noted. */
function zoneUses(ctx: RuleContext): ZoneUse[] {
  const out = new Map<string, ZoneUse>();
  const verdicts = [...ctx.query.workspaceEndpointVerdicts(), ...ctx.query.dependencyEndpointVerdicts()];
  for (const { setting, vnet, target, reach } of verdicts) {
    for (const pe of reach.reachable) {
      if (!settled(pe.resource)) continue;
      for (const group of pe.zoneGroups) {
        const where = group.nameSpan ?? group.span;
        if (!settled(group)) {
          ctx.notEvaluated(where, `${unsettledReason(group)}, so the zones it uses are not known`);
          continue;
        }
        const configs = at(group.body, CONFIGS);
        if (isUnknown(configs)) {
          ctx.notEvaluated(where, `the zones of ${describe(group)} are not known`, [configs]);
          continue;
        }
        for (const config of items(configs)) {
          const id = at(config, 'properties.privateDnsZoneId');
          const span = id?.span ?? config.span ?? where;
          const zone = declaredZone(ctx, id, span, group);
          if (!zone || !mayServe(zone, pe)) continue;
          const key = `${zone.key} ${vnet.key}`;
          const entry = out.get(key) ?? { zone, setting, vnet, uses: [] };
          if (!entry.uses.some((u) => u.pe === pe)) entry.uses.push({ pe, target, span });
          out.set(key, entry);
        }
      }
    }
  }
  return [...out.values()];
}

/** The zone a zone group entry names when this deployment declares all of it; else noted. */
function declaredZone(
  ctx: RuleContext,
  id: Value | undefined,
  span: SourceSpan,
  group: Resource,
): Resource | undefined {
  const ref = ctx.graph.resolve(id);
  if (!ref) return undefined;
  if (ref.state === 'unknown') {
    ctx.notEvaluated(span, `a zone of ${describe(group)} is not known: ${ref.reason}`, [ref.value]);
    return undefined;
  }
  if (ref.state === 'external') {
    ctx.notEvaluated(span, `${ref.id} is not declared in this deployment, so its virtual network links are not known`);
    return undefined;
  }
  const zone = ref.resource;
  if (!sameType(zone.type, T.privateDnsZone)) return undefined;
  if (!settled(zone)) {
    ctx.notEvaluated(span, `${unsettledReason(zone)}, so its virtual network links are not known`);
    return undefined;
  }
  return zone;
}

/** False for a zone no group id of the endpoint registers in: that wrong zone is `private-dns-zone-name`'s finding. */
function mayServe(zone: Resource, pe: PrivateEndpointInfo): boolean {
  const name = zone.name.split('/').pop() ?? zone.name;
  const cloud = cloudOfZone(name);
  const groupIds = pe.connections.flatMap((c) => c.groupIds ?? []).map((g) => g.toLowerCase());
  if (!cloud || pe.connectionsUnknown || pe.connections.some((c) => !c.groupIds) || !groupIds.every(knownGroup))
    return true;
  return groupIds.some((g) => zonesForGroupIn(cloud, g).includes(normalizeZone(name)));
}

function judge(ctx: RuleContext, use: ZoneUse): void {
  const { zone, setting, vnet } = use;
  const zoneSpan = zone.nameSpan ?? zone.span;
  const linkage = ctx.query.zoneLinkage(zone, vnet);
  if (linkage.state === 'linked') return;
  const resolution = ctx.query.dnsResolution(vnet);
  const cluster = describe(setting.cluster.resource);
  if (resolution.state === 'unknown') {
    ctx.notEvaluated(
      zoneSpan,
      `whether ${cluster} resolves ${describe(zone)} is not known: ${resolution.reason}`,
      resolution.value ? [resolution.value] : [],
    );
    return;
  }
  if (resolution.state === 'custom') {
    // A link to a peered VNet that hosts one of the DNS servers is the hub pattern: the servers resolve there.
    const viaServer = linkage.elsewhere.some(
      (e) => serverIn(resolution, ctx.query.vnetAddressSpace(e.vnet)) && peeredBothWays(ctx, vnet, e.vnet),
    );
    if (!viaServer)
      ctx.notEvaluated(
        zoneSpan,
        `${describeVnet(vnet)} uses custom DNS servers: whether they resolve ${describe(zone)} for ${cluster} is decided outside this deployment`,
        [resolution.value],
      );
    return;
  }
  if (linkage.state === 'unknown') {
    ctx.notEvaluated(
      zoneSpan,
      `whether ${describe(zone)} is linked to ${describeVnet(vnet)} is not known: ${linkage.reason ?? ''}`,
      linkage.because ? [linkage.because] : [],
    );
    return;
  }
  const network = vnet.resource;
  if (!network) return;
  const first = use.uses[0];
  const peered = linkage.elsewhere.find((e) => peeredBothWays(ctx, vnet, e.vnet));
  const related: RelatedLocation[] = [
    ...use.uses.map((u) => ({
      span: u.span,
      message: `${describe(u.pe.resource)} of ${describe(u.target)} registers its record in ${describe(zone)}`,
    })),
    { span: subnetSpanIn(setting, vnet), message: `${cluster} is in ${describeVnet(vnet)}` },
  ];
  const data = {
    zone: describe(zone),
    endpoint: `${describe(first.pe.resource)} of ${describe(first.target)}`,
    vnet: describeVnet(vnet),
    cluster,
    dnsServers: ctx.propertyName(network, DNS_SERVERS),
  };
  const fix = addZoneLinkFix(ctx, zone, network);
  const finding = { resource: zone, span: zoneSpan, fixes: fix ? [fix] : [] };
  if (!peered) {
    ctx.report({ ...finding, messageId: 'notLinked', data, related });
    return;
  }
  const linkSpan = peered.link.link.nameSpan ?? peered.link.link.span;
  ctx.report({
    ...finding,
    messageId: 'peeredOnly',
    data: { ...data, linked: describe(peered.vnet) },
    related: [
      ...related,
      { span: linkSpan, message: `${describe(peered.link.link)} links ${describe(zone)} to ${describe(peered.vnet)}` },
    ],
  });
}

function peeredBothWays(ctx: RuleContext, vnet: KnownVnet, other: Resource): boolean {
  return (
    ctx.query.vnetReachable(vnet, { state: 'known', key: other.key, id: other.id, resource: other }).state === 'yes'
  );
}
