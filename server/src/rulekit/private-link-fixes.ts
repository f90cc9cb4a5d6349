import type { AddResourcesIntent, NewResource, ResourceRef, ZoneEntry } from '../fixes/intent';
import type { Ref, ResourceGraph } from '../graph/graph';
import type { PrivateEndpointInfo } from '../graph/private-endpoints';
import { zoneNameOf } from '../graph/private-endpoints';
import type { ClusterInVnet, KnownVnet } from '../graph/queries';
import type { Resource } from '../graph/resource';
import { describe, settled } from '../graph/resource';
import { normalizeId } from '../graph/resource-id';
import type { SourceSpan } from '../graph/span';
import { zonesForGroup } from '../graph/tables/dns-zones';
import { groupIdsFor } from '../graph/tables/private-link-groups';
import { T, sameType } from '../graph/types';
import { at, items } from '../graph/value';
import type { RuleContext } from './rule';

/**
 * "Add a private endpoint for key vault 'kv-ml' in subnet 'snet-pe' of 'vnet-aks'": the endpoint goes
 * in a subnet of the cluster's VNet that already holds private endpoints, else in the cluster's own
 * subnet, with the target's group ids and a zone group whose zones (and their links to the VNet)
 * are reused when declared and added when not.
 */
export function addPrivateEndpointFix(
  ctx: RuleContext,
  target: Resource,
  setting: ClusterInVnet,
  vnet: KnownVnet,
): AddResourcesIntent | undefined {
  const plan = new Plan(ctx);
  const place = plan.endpoints(setting, vnet, { kind: 'declared', resource: target }, target, target);
  if (!place) return undefined;
  return plan.intent(
    place.anchor ?? target,
    `Add a private endpoint for ${describe(target)} in subnet '${leafName(place.subnetResource)}' of '${leafName(place.vnet)}'`,
  );
}

/**
 * "Add a Premium container registry 'acrmlwprod' to workspace 'mlw-prod'": the registry the workspace
 * lacks, next to it, set as its `containerRegistry`; for a workspace attached to a cluster in a VNet,
 * with the private endpoint (and zone group) that cluster needs to reach it. No fix when the endpoint
 * cannot be placed.
 */
export function addRegistryFix(
  ctx: RuleContext,
  workspace: Resource,
  path: string,
  attached: { setting: ClusterInVnet; vnet: KnownVnet } | undefined,
): AddResourcesIntent | undefined {
  const plan = new Plan(ctx);
  const name = registryName(ctx, workspace);
  plan.push({ type: 'containerRegistry', key: 'registry', name, beside: workspace });
  const registry = { type: T.containerRegistry, name };
  if (
    attached &&
    !plan.endpoints(attached.setting, attached.vnet, { kind: 'new', key: 'registry' }, registry, workspace)
  )
    return undefined;
  const intent = plan.intent(workspace, `Add a Premium container registry '${name}' to ${describe(workspace)}`);
  return { ...intent, references: [{ resource: workspace, path, to: { kind: 'new', key: 'registry' } }] };
}

/** `acr` + the workspace's letters and digits (registry names are 5–50 of those, unique in Azure). */
function registryName(ctx: RuleContext, workspace: Resource): string {
  const taken = new Set(ctx.graph.ofType(T.containerRegistry).map((r) => r.name.toLowerCase()));
  const base = `acr${leafName(workspace).replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 45).toLowerCase().padEnd(5, '0');
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

/** "Add a private DNS zone group to private endpoint 'pe-st'", with its zones and their links to the endpoint's VNet. */
export function addZoneGroupFix(ctx: RuleContext, pe: PrivateEndpointInfo): AddResourcesIntent | undefined {
  const groupIds = pe.connections.flatMap((c) => c.groupIds ?? []);
  if (pe.connections.some((c) => c.groupIds === undefined) || groupIds.length === 0) return undefined;
  if (groupIds.some((g) => zonesForGroup(g).length === 0)) return undefined;
  const network = pe.vnet.state === 'known' ? pe.vnet.resource : undefined;
  if (!network || !settled(network)) return undefined;
  const plan = new Plan(ctx);
  plan.zoneGroup({ kind: 'declared', resource: pe.resource }, groupIds, network);
  return plan.intent(pe.resource, `Add a private DNS zone group to ${describe(pe.resource)}`);
}

/**
 * Zones of a declared zone group: each entry reuses the zone the deployment declares (adding its
 * link to the endpoint's VNet when it lacks one), else adds the zone and its link, which needs the
 * endpoint's VNet declared here.
 */
export function zoneEntriesFix(
  ctx: RuleContext,
  pe: PrivateEndpointInfo,
  group: Resource,
  zones: readonly { name: string; replaces?: number }[],
  title: string,
): AddResourcesIntent | undefined {
  if (!settled(group) || !settled(pe.resource)) return undefined;
  const network = pe.vnet.state === 'known' ? pe.vnet.resource : undefined;
  const vnet = network && settled(network) ? network : undefined;
  const plan = new Plan(ctx);
  const entries: ZoneEntry[] = [];
  for (const z of zones) {
    const zone = plan.zoneIn(z.name, vnet);
    if (!zone) return undefined;
    entries.push({ group, zone, replaces: z.replaces });
  }
  return { ...plan.intent(pe.resource, title), zoneEntries: entries };
}

/** "Add a virtual network link from private DNS zone 'privatelink.azurecr.io' to virtual network 'vnet-aks'". */
export function addZoneLinkFix(ctx: RuleContext, zone: Resource, vnet: Resource): AddResourcesIntent | undefined {
  if (!settled(zone) || !settled(vnet)) return undefined;
  const links = new Set(ctx.query.zoneLinks(zone).map((l) => leafName(l.link).toLowerCase()));
  const name = firstFree(`link-${plainName(vnet) ?? 'aks'}`, links);
  const add: NewResource[] = [
    { type: 'privateDnsZoneLink', key: 'link', name, zone: { kind: 'declared', resource: zone }, vnet },
  ];
  const title = `Add a virtual network link from ${describe(zone)} to ${describe(vnet)}`;
  return { kind: 'addResources', title, resource: zone, add, taken: namesOf(ctx.graph).symbols };
}

/** Where the endpoint goes, and the text that already names that subnet. */
interface Placement {
  subnet: ResourceRef;
  subnetResource: Resource;
  /** An endpoint already in that subnet: new declarations go next to it. */
  anchor?: Resource;
}

function subnetFor(ctx: RuleContext, setting: ClusterInVnet, vnet: KnownVnet, beside: Resource): Placement | undefined {
  let elsewhere: Placement | undefined;
  for (const pe of ctx.query.privateEndpoints().all) {
    if (!settled(pe.resource) || pe.vnet.state !== 'known' || pe.vnet.key !== vnet.key) continue;
    const subnet = declaredSubnet(ctx.graph.resolve(at(pe.resource.body, 'properties.subnet.id')));
    if (!subnet) continue;
    // An endpoint of another module (a module every endpoint goes through) lends only its subnet:
    // its text there (`subnetId`, `var.subnet_id`) means nothing in the file the fix writes.
    if (!sameModule(pe.resource, beside)) {
      elsewhere ??= { subnet: { kind: 'declared', resource: subnet }, subnetResource: subnet };
      continue;
    }
    const writtenAt = spanOf(at(pe.resource.body, 'properties.subnet.id')?.span);
    return { subnet: { kind: 'declared', resource: subnet, writtenAt }, subnetResource: subnet, anchor: pe.resource };
  }
  if (elsewhere) return elsewhere;
  for (const use of setting.subnets) {
    if (use.vnet.state !== 'known' || use.vnet.key !== vnet.key) continue;
    const subnet = declaredSubnet(ctx.graph.resolve(use.value));
    if (subnet)
      return {
        subnet: { kind: 'declared', resource: subnet, writtenAt: spanOf(use.span ?? use.value.span) },
        subnetResource: subnet,
      };
  }
  return undefined;
}

/** Whether two resources are declared by the same module instance (or both by the deployment's own files). */
function sameModule(a: Resource, b: Resource): boolean {
  const calls = (r: Resource) =>
    (r.instantiatedBy ?? []).map((c) => `${c.span.file}:${c.span.start.line}:${c.span.start.character}`).join(' ');
  return calls(a) === calls(b);
}

function declaredSubnet(ref: Ref | undefined): Resource | undefined {
  return ref?.state === 'resolved' && sameType(ref.resource.type, T.subnet) && settled(ref.resource)
    ? ref.resource
    : undefined;
}

function spanOf(span: SourceSpan | undefined): SourceSpan[] {
  return span ? [span] : [];
}

/** The new resources of one fix; zones and links are shared between its zone groups. */
class Plan {
  private readonly add: NewResource[] = [];
  private readonly zones = new Map<string, ResourceRef>();

  constructor(private readonly ctx: RuleContext) {}

  push(r: NewResource): void {
    this.add.push(r);
  }

  /**
   * One private endpoint per group id of `target` (a declared resource, or a new one of `type` and
   * `name`), in the subnet `subnetFor` picks for declarations beside `beside`, each with its zone
   * group; undefined when the VNet or the subnet cannot be named or the type takes no private endpoint.
   */
  endpoints(
    setting: ClusterInVnet,
    vnet: KnownVnet,
    target: ResourceRef,
    about: { type: string; name: string },
    beside: Resource,
  ): (Placement & { vnet: Resource }) | undefined {
    const groupIds = groupIdsFor(about.type);
    const network = vnet.resource;
    if (groupIds.length === 0 || !network || !settled(network)) return undefined;
    const place = subnetFor(this.ctx, setting, vnet, beside);
    if (!place) return undefined;
    const base = `pe-${plainName(about) ?? groupIds[0]}`;
    for (const groupId of groupIds) {
      const name = uniqueName(this.ctx, groupIds.length > 1 ? `${base}-${groupId}` : base);
      const key = `endpoint ${groupId}`;
      this.push({
        type: 'privateEndpoint',
        key,
        name,
        subnet: place.subnet,
        vnet: network,
        target,
        groupIds: [groupId],
      });
      this.zoneGroup({ kind: 'new', key }, [groupId], network);
    }
    return { ...place, vnet: network };
  }

  /** A zone group for `endpoint` registering in the zones of `groupIds`, linked to `vnet`. */
  zoneGroup(endpoint: Exclude<ResourceRef, { kind: 'named' }>, groupIds: readonly string[], vnet: Resource): void {
    const zones = [...new Set(groupIds.flatMap(zonesForGroup))].map((z) => this.zone(z, vnet));
    const owner = endpoint.kind === 'new' ? endpoint.key : endpoint.resource.key;
    this.add.push({ type: 'privateDnsZoneGroup', key: `zone group ${owner}`, name: 'default', endpoint, zones });
  }

  /**
   * The zone named `name` for an endpoint in `vnet`: the declared one, else a new zone and its link,
   * which needs the VNet. A declared zone's missing link to an unknown VNet is left to
   * private-dns-zone-vnet-link, which cannot judge it either.
   */
  zoneIn(name: string, vnet: Resource | undefined): ResourceRef | undefined {
    const declared = this.declaredZone(name);
    const named = declared ? undefined : namedZones(this.ctx).get(name.toLowerCase());
    if (named) return named;
    if (declared && !vnet) return { kind: 'declared', resource: declared };
    return vnet && this.zone(name, vnet);
  }

  intent(anchor: Resource, title: string): AddResourcesIntent {
    return { kind: 'addResources', title, resource: anchor, add: this.add, taken: namesOf(this.ctx.graph).symbols };
  }

  /**
   * The zone named `name`: the one declared (and linked to `vnet` if it is not); else the one the
   * other zone groups name by id (a zone of a DNS resource group, linked there); else a new zone and
   * link. A zone read as `existing` or through a data source keeps its links, which are not known here:
   * linking it again could conflict with one it has.
   */
  private zone(name: string, vnet: Resource): ResourceRef {
    const known = this.zones.get(name);
    if (known) return known;
    const declared = this.declaredZone(name);
    const named = declared ? undefined : namedZones(this.ctx).get(name.toLowerCase());
    if (named) {
      this.zones.set(name, named);
      return named;
    }
    const ref: ResourceRef = declared ? { kind: 'declared', resource: declared } : { kind: 'new', key: `zone ${name}` };
    if (!declared) this.add.push({ type: 'privateDnsZone', key: `zone ${name}`, name, vnet });
    if (!declared || (settled(declared) && !this.linked(declared, vnet)))
      this.add.push({
        type: 'privateDnsZoneLink',
        key: `link ${name}`,
        name: `link-${plainName(vnet) ?? 'aks'}`,
        zone: ref,
        vnet,
      });
    this.zones.set(name, ref);
    return ref;
  }

  private declaredZone(name: string): Resource | undefined {
    return this.ctx.graph
      .ofType(T.privateDnsZone)
      .find((z) => (settled(z) || z.origin === 'existing') && z.name.toLowerCase() === name.toLowerCase());
  }

  private linked(zone: Resource, vnet: Resource): boolean {
    return this.ctx.query.zoneLinks(zone).some((l) => {
      const v = l.vnet;
      if (v?.state === 'resolved') return v.resource.key === vnet.key;
      return v?.state === 'external' && normalizeId(v.id) === vnet.key;
    });
  }
}

/** The leaf name when it is plain text (not built from a value that is not known). */
function plainName(r: Resource | { name: string }): string | undefined {
  const leaf = r.name.split('/').pop() ?? r.name;
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(leaf) ? leaf : undefined;
}

function leafName(r: Resource): string {
  return r.name.split('/').pop() ?? r.name;
}

/** `base`, or `base-2`, … when an endpoint of that name exists. */
function uniqueName(ctx: RuleContext, base: string): string {
  return firstFree(base, namesOf(ctx.graph).endpoints);
}

/** `base`, or `base-2`, … : the first not in `taken` (lower-cased names). */
function firstFree(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  return name;
}

// Once per graph: every zone a zone group names by id without the deployment declaring it.
const named = new WeakMap<ResourceGraph, Map<string, ResourceRef>>();

/** Zones the zone groups name only by id, by lower-case name, with where each id is written. */
function namedZones(ctx: RuleContext): ReadonlyMap<string, ResourceRef> {
  let zones = named.get(ctx.graph);
  if (zones) return zones;
  const found = new Map<string, { name: string; writtenAt: SourceSpan[] }>();
  for (const pe of ctx.query.privateEndpoints().all)
    for (const group of pe.zoneGroups)
      for (const config of items(at(group.body, 'properties.privateDnsZoneConfigs'))) {
        const id = at(config, 'properties.privateDnsZoneId');
        const ref = ctx.graph.resolve(id);
        const zone = ref?.state === 'external' && id?.span ? zoneNameOf(ref) : undefined;
        if (zone?.state !== 'known' || !id?.span) continue;
        const entry = found.get(zone.name.toLowerCase()) ?? { name: zone.name, writtenAt: [] };
        entry.writtenAt.push(id.span);
        found.set(zone.name.toLowerCase(), entry);
      }
  zones = new Map([...found].map(([k, v]) => [k, { kind: 'named', ...v }]));
  named.set(ctx.graph, zones);
  return zones;
}

interface GraphNames {
  /** How the sources refer to every resource: a new one must not reuse any. */
  symbols: ReadonlySet<string>;
  /** Private endpoint leaf names, lower case. */
  endpoints: ReadonlySet<string>;
}

// Once per graph, not per fix: a template of 50,000 resources has thousands of fixable findings.
const names = new WeakMap<ResourceGraph, GraphNames>();

function namesOf(graph: ResourceGraph): GraphNames {
  let known = names.get(graph);
  if (!known) {
    known = {
      symbols: new Set(graph.resources.map((r) => r.symbol)),
      endpoints: new Set(graph.ofType(T.privateEndpoint).map((r) => leafName(r).toLowerCase())),
    };
    names.set(graph, known);
  }
  return known;
}
