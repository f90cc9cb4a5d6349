import type { Resource } from '../graph/resource';
import type { BuiltInRole } from '../graph/tables/roles';
import type { SourceSpan } from '../graph/span';

/**
 * What a quick fix should do, in graph terms. A writer for the resource's language turns it into
 * text edits in that language's style; when it cannot do so safely (the value is computed
 * elsewhere), it offers no fix.
 */
export type FixIntent = SetPropertyIntent | CopyPropertyIntent | AddResourcesIntent;

interface IntentBase {
  /** What the editor shows; names properties as the edited file does (`ctx.propertyName`). */
  title: string;
  /** The fix "auto fix" applies; the toolkit makes exactly one of a finding's fixes preferred. */
  preferred?: boolean;
}

/** Set `path` (ARM body path such as `properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN`). */
export interface SetPropertyIntent extends IntentBase {
  kind: 'setProperty';
  resource: Resource;
  path: string;
  value: string | number | boolean;
}

/** Make `path` on `resource` the same expression as `fromPath` on `from` (e.g. the workspace location). */
export interface CopyPropertyIntent extends IntentBase {
  kind: 'copyProperty';
  resource: Resource;
  path: string;
  from: Resource;
  fromPath: string;
}

/**
 * Declare new resources, written by each writer as its language declares them: references to
 * other resources are symbolic (`ResourceRef`) and become `resourceId(...)` plus `dependsOn` in
 * ARM, a symbol's `.id` (and `parent:`) in Bicep, a resource address in Terraform.
 */
export interface AddResourcesIntent extends IntentBase {
  kind: 'addResources';
  /** The declaration the new ones are written after, in its file (Terraform: in its module). */
  resource: Resource;
  add: NewResource[];
  /** Symbols the deployment already uses (Bicep symbols, Terraform addresses), so that new ones do not collide. */
  taken: ReadonlySet<string>;
  /** Zones written into zone groups the deployment declares, referring to declared or new zones alike. */
  zoneEntries?: ZoneEntry[];
  /** Properties of declared resources that the fix sets to the id of a resource (a new one, typically). */
  references?: NewReference[];
}

/** `path` (an ARM body path that `resource` does not write yet) set to the id of `to`. */
export interface NewReference {
  resource: Resource;
  path: string;
  to: ResourceRef;
}

/**
 * A zone of a declared zone group: its `privateDnsZoneConfigs` entry number `replaces` points at
 * `zone` instead (Terraform: that item of `private_dns_zone_ids`), or, without `replaces`, a new entry
 * is added at the end. Written only where the list is written out item by item, outside any loop.
 */
export interface ZoneEntry {
  group: Resource;
  zone: ResourceRef;
  replaces?: number;
}

/** A resource the new declarations refer to: one the deployment declares, or one the same fix adds (by `key`). */
export type ResourceRef =
  | {
      kind: 'declared';
      resource: Resource;
      /** Where the deployment already writes a reference to it: that text may be reused where it means the same. */
      writtenAt?: SourceSpan[];
    }
  | { kind: 'new'; key: string }
  /**
   * One the deployment does not declare but names by id (a zone of a DNS resource group, shared by
   * the other endpoints): only the text that already writes its id can refer to it.
   */
  | { kind: 'named'; name: string; writtenAt: SourceSpan[] };

export type NewResource =
  NewPrivateEndpoint | NewDnsZone | NewZoneLink | NewZoneGroup | NewRoleAssignment | NewPeering | NewContainerRegistry;

interface NewBase {
  /** How other new resources of the same fix refer to this one. */
  key: string;
  /** The Azure name (the leaf name for child resources). */
  name: string;
}

/** `Microsoft.Network/privateEndpoints` in `subnet` (of `vnet`, whose location and resource group it takes). */
export interface NewPrivateEndpoint extends NewBase {
  type: 'privateEndpoint';
  subnet: ResourceRef;
  vnet: Resource;
  target: ResourceRef;
  groupIds: string[];
}

/** `Microsoft.Network/privateDnsZones`, in the resource group of `vnet`. */
export interface NewDnsZone extends NewBase {
  type: 'privateDnsZone';
  vnet: Resource;
}

/** `Microsoft.Network/privateDnsZones/virtualNetworkLinks` from `zone` to `vnet`. */
export interface NewZoneLink extends NewBase {
  type: 'privateDnsZoneLink';
  zone: ResourceRef;
  vnet: Resource;
}

/** `Microsoft.Network/privateEndpoints/privateDnsZoneGroups` (Terraform: the endpoint's nested block). */
export interface NewZoneGroup extends NewBase {
  type: 'privateDnsZoneGroup';
  endpoint: ResourceRef;
  zones: ResourceRef[];
}

/**
 * `Microsoft.Authorization/roleAssignments` of the built-in `role` on `scope` (a resource the
 * deployment names) to an identity of this deployment: a cluster's system-assigned identity, or a
 * user-assigned identity. `name` only gives the words of its symbol; its Azure name is a `guid()`.
 */
export interface NewRoleAssignment extends NewBase {
  type: 'roleAssignment';
  scope: RoleScope;
  role: BuiltInRole;
  principal: RolePrincipal;
}

/**
 * A resource the deployment declares (or reads as `existing` / `data`), or one it names only by
 * id (`resourceId(...)`, a variable's default), with the text that writes the id.
 */
export type RoleScope = { kind: 'resource'; resource: Resource } | { kind: 'id'; id: string; writtenAt: SourceSpan[] };

export type RolePrincipal = { kind: 'system'; cluster: Resource } | { kind: 'userAssigned'; identity: Resource };

/** `Microsoft.Network/virtualNetworks/virtualNetworkPeerings` of `vnet` (Terraform `azurerm_virtual_network_peering`) to `remote`. */
export interface NewPeering extends NewBase {
  type: 'virtualNetworkPeering';
  vnet: Resource;
  remote: Resource;
}

/**
 * A Premium `Microsoft.ContainerRegistry/registries` that lets trusted Microsoft services through,
 * with the admin user off, in the location and resource group of `beside` (the workspace it serves).
 */
export interface NewContainerRegistry extends NewBase {
  type: 'containerRegistry';
  beside: Resource;
}
