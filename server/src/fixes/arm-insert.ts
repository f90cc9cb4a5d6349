import type { Node } from 'jsonc-parser';
import type { Resource } from '../graph/resource';
import { parseResourceId } from '../graph/resource-id';
import { LineMap } from '../graph/span';
import { locateIn, parseArm, templateOf } from './arm-locate';
import type {
  AddResourcesIntent,
  NewReference,
  NewResource,
  NewRoleAssignment,
  ResourceRef,
  RoleScope,
  ZoneEntry,
} from './intent';
import type { OffsetEdit } from './json-edit';
import { insertMember } from './json-edit';
import { isExpressionNode, lookupPath, propertyValue } from './json-locate';
import type { JsonStyle } from './json-style';
import { detectStyle, lineIndentAt } from './json-style';
import { API_VERSIONS, armType, roleDefinitionExpression, zoneConfigName } from './new-resources';
import type { TextEdit } from './writer';

/** One argument of `resourceId(...)`: ARM expression text, and the plain value when it is a literal. */
interface Arg {
  text: string;
  literal?: string;
}

type Json = string | boolean | Json[] | { [key: string]: Json };

/**
 * Writes new resources into the root `resources` array of an ARM template, after the anchor's
 * declaration: references as `resourceId(...)` (or the text the template already uses for them)
 * with `dependsOn` on what the template declares. Anything declared outside the root template (a
 * nested deployment, another file) cannot be named safely, so no fix is written then.
 */
export function writeInserts(
  intent: AddResourcesIntent,
  read: (file: string) => string | undefined,
): TextEdit[] | undefined {
  const file = intent.resource.file;
  const text = read(file);
  const root = text === undefined ? undefined : parseArm(text);
  if (text === undefined || !root) return undefined;
  const scope = new ArmScope(text, root, intent);
  const declarations: Json[] = [];
  for (const r of intent.add) {
    const d = scope.declaration(r);
    if (!d) return undefined;
    declarations.push(d);
  }
  const style = detectStyle(text);
  const lines = new LineMap(text);
  const edits: TextEdit[] = [];
  for (const written of [
    ...(intent.zoneEntries ?? []).map((entry) => scope.zoneEntry(entry, style)),
    ...(intent.references ?? []).map((reference) => scope.reference(reference)),
  ]) {
    if (!written) return undefined;
    for (const e of written) edits.push({ span: lines.span(file, e.start, e.end), newText: e.newText });
  }
  if (declarations.length === 0) return edits;
  const anchor = scope.topLevel(intent.resource);
  if (!anchor) return undefined;
  const indent = lineIndentAt(text, anchor.offset);
  const rendered = declarations.map((d) => render(d, style, indent));
  const at = lines.position(anchor.offset + anchor.length);
  const span = { file, start: at, end: at };
  return [...edits, { span, newText: rendered.map((r) => `,${style.eol}${indent}${r}`).join('') }];
}

/** A value laid out as the file's own JSON, its lines continuing at `indent`. */
function render(value: Json, style: JsonStyle, indent: string): string {
  return JSON.stringify(value, null, style.indent)
    .split('\n')
    .join(style.eol + indent);
}

class ArmScope {
  private readonly added = new Map<string, NewResource>();

  constructor(
    private readonly text: string,
    private readonly root: Node,
    private readonly intent: AddResourcesIntent,
  ) {
    for (const r of intent.add) this.added.set(r.key, r);
  }

  declaration(r: NewResource): Json | undefined {
    if (r.type === 'roleAssignment') return this.roleAssignment(r);
    const name = this.nameOf(r);
    const dependsOn = this.dependsOn(r);
    if (!name || !dependsOn) return undefined;
    const head = { type: armType(r), apiVersion: API_VERSIONS[r.type], name: nameValue(name) };
    switch (r.type) {
      case 'privateEndpoint': {
        const location = this.locationOf(r.vnet);
        const subnet = this.ref(r.subnet);
        const target = this.ref(r.target);
        if (!location || !subnet || !target) return undefined;
        const connection = { name: r.name, properties: { privateLinkServiceId: expr(target), groupIds: r.groupIds } };
        return {
          ...head,
          location,
          dependsOn,
          properties: { subnet: { id: expr(subnet) }, privateLinkServiceConnections: [connection] },
        };
      }
      case 'privateDnsZone':
        return { ...head, location: 'global' };
      case 'privateDnsZoneLink': {
        const vnet = this.ref({ kind: 'declared', resource: r.vnet });
        if (!vnet) return undefined;
        return {
          ...head,
          location: 'global',
          dependsOn,
          properties: { registrationEnabled: false, virtualNetwork: { id: expr(vnet) } },
        };
      }
      case 'privateDnsZoneGroup': {
        const configs: Json[] = [];
        for (const z of r.zones) {
          const id = this.ref(z);
          if (!id) return undefined;
          configs.push({ name: zoneConfigName(this.zoneName(z) ?? ''), properties: { privateDnsZoneId: expr(id) } });
        }
        return { ...head, dependsOn, properties: { privateDnsZoneConfigs: configs } };
      }
      case 'containerRegistry': {
        const location = this.locationOf(r.beside);
        if (!location) return undefined;
        return {
          ...head,
          location,
          sku: { name: 'Premium' },
          properties: { adminUserEnabled: false, networkRuleBypassOptions: 'AzureServices' },
        };
      }
      case 'virtualNetworkPeering': {
        const remote = this.ref({ kind: 'declared', resource: r.remote });
        if (!remote) return undefined;
        return {
          ...head,
          dependsOn,
          properties: { allowVirtualNetworkAccess: true, remoteVirtualNetwork: { id: expr(remote) } },
        };
      }
    }
  }

  /**
   * A zone group's entry for a zone: the zone id of entry `replaces` rewritten, or a new entry at the
   * end of `privateDnsZoneConfigs`, with the zone added to the group's `dependsOn` when this template
   * deploys it. Only a literal list, outside any copy loop, is edited.
   */
  zoneEntry(entry: ZoneEntry, style: JsonStyle): OffsetEdit[] | undefined {
    const group = this.objectOf(entry.group);
    const id = this.ref(entry.zone);
    const dependency = this.dependencyOf(entry.zone);
    if (!group || !id || dependency === undefined || inCopyLoop(group)) return undefined;
    const configs = lookupPath(group, 'properties.privateDnsZoneConfigs');
    if (configs.kind !== 'found' || configs.node.type !== 'array') return undefined;
    const edits: OffsetEdit[] = [];
    if (entry.replaces !== undefined) {
      const item = configs.node.children?.[entry.replaces];
      const zoneId = item && lookupPath(item, 'properties.privateDnsZoneId');
      if (zoneId?.kind !== 'found' || zoneId.node.type !== 'string') return undefined;
      edits.push({
        start: zoneId.node.offset,
        end: zoneId.node.offset + zoneId.node.length,
        newText: JSON.stringify(expr(id)),
      });
    } else {
      const config = {
        name: zoneConfigName(this.zoneName(entry.zone) ?? ''),
        properties: { privateDnsZoneId: expr(id) },
      };
      const added = appendItem(this.text, configs.node, config, style);
      if (!added) return undefined;
      edits.push(added);
    }
    const waits = dependOn(this.text, group, dependency, style);
    return waits && [...edits, ...waits];
  }

  /** A property the resource does not write yet, set to `[<id of the target>]`, with the target in `dependsOn`. */
  reference(reference: NewReference): OffsetEdit[] | undefined {
    const object = this.objectOf(reference.resource);
    const id = this.ref(reference.to);
    const dependency = this.dependencyOf(reference.to);
    if (!object || !id || dependency === undefined) return undefined;
    const found = lookupPath(object, reference.path);
    if (found.kind !== 'missing') return undefined;
    const waits = dependOn(this.text, object, dependency, detectStyle(this.text));
    const set = insertMember(this.text, found.object, found.keys, JSON.stringify(expr(id)));
    // Both may add to the end of the same object: the later text goes first.
    return waits && (found.object === object ? [...waits, ...set] : [...set, ...waits]);
  }

  /**
   * A role assignment on a resource of this template's resource group, its `scope` written
   * `Namespace/type/name` (`.../child/name` for a subnet), its principal read with `reference()`.
   */
  private roleAssignment(r: NewRoleAssignment): Json | undefined {
    const holder = r.principal.kind === 'system' ? r.principal.cluster : r.principal.identity;
    const scope = this.roleScope(r.scope, holder);
    const holderId = this.resourceIdOf(holder);
    const holderObject = this.objectOf(holder);
    const version = holderObject && propertyValue(holderObject, 'apiVersion')?.value;
    const holderDependency = this.dependencyOf({ kind: 'declared', resource: holder });
    if (!scope || !holderId || !holderDependency || typeof version !== 'string') return undefined;
    const principal =
      r.principal.kind === 'system'
        ? `reference(${holderId}, ${quote(version)}, 'Full').identity.principalId`
        : `reference(${holderId}, ${quote(version)}).principalId`;
    return {
      type: armType(r),
      apiVersion: API_VERSIONS[r.type],
      name: expr(`guid(${scope.id}, ${holderId}, ${quote(r.role.id)})`),
      scope: scope.value,
      dependsOn: [...new Set([...scope.dependsOn, holderDependency])].map(expr),
      properties: {
        roleDefinitionId: expr(roleDefinitionExpression(r.role.id)),
        principalId: expr(principal),
        principalType: 'ServicePrincipal',
      },
    };
  }

  /**
   * The `scope` value, an expression for the scope's id and what to deploy first: a resource of this
   * template, or one named by a literal id in the resource group the template deploys to (the
   * `scope` property reaches no other group).
   */
  private roleScope(
    scope: RoleScope,
    holder: Resource,
  ): { value: string; id: string; dependsOn: string[] } | undefined {
    if (scope.kind === 'resource') {
      const args = this.argsOf(scope.resource);
      const id = this.resourceIdOf(scope.resource);
      const dependency = this.dependencyOf({ kind: 'declared', resource: scope.resource });
      return args && id && dependency
        ? { value: scopeValue(scope.resource.type, args), id, dependsOn: [dependency] }
        : undefined;
    }
    const target = parseResourceId(scope.id);
    const home = parseResourceId(holder.id);
    const same = (a?: string, b?: string) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
    if (
      !target ||
      !home ||
      !same(target.subscriptionId, home.subscriptionId) ||
      !same(target.resourceGroup, home.resourceGroup)
    )
      return undefined;
    if (target.names.some((n) => n.includes('{') || n.includes('}'))) return undefined;
    const args = target.names.map((n) => ({ text: quote(n), literal: n }));
    return { value: scopeValue(target.type, args), id: resourceId(target.type, args), dependsOn: [] };
  }

  /** The root-template element that declares `resource`, when the resource is declared at the root of this file. */
  topLevel(resource: Resource): Node | undefined {
    const object = this.objectOf(resource);
    return object && this.isTopLevel(object) ? object : undefined;
  }

  private objectOf(resource: Resource): Node | undefined {
    if (resource.language !== 'arm' || resource.file !== this.intent.resource.file) return undefined;
    const object = locateIn(this.text, this.root, resource)?.object;
    return object && templateOf(object) === this.root ? object : undefined;
  }

  private isTopLevel(object: Node): boolean {
    const array = object.parent;
    return array?.type === 'array' && array.parent !== undefined && propertyValue(this.root, 'resources') === array;
  }

  /** `resourceId(...)` arguments of a resource: a root resource, or a subnet written inside its VNet. */
  private argsOf(resource: Resource): Arg[] | undefined {
    const object = this.objectOf(resource);
    if (!object) return undefined;
    const segments = resource.type.split('/').length - 1;
    if (this.isTopLevel(object)) return nameArgs(propertyValue(object, 'name'), segments);
    if (!resource.inline || segments !== 2) return undefined;
    const owner = this.owner(object);
    const ownerArgs = owner && nameArgs(propertyValue(owner, 'name'), 1);
    const leaf = nameArgs(propertyValue(object, 'name'), 1);
    return ownerArgs && leaf ? [...ownerArgs, ...leaf] : undefined;
  }

  /** The root element an inline object is written in. */
  private owner(object: Node): Node | undefined {
    for (let cur = object.parent; cur; cur = cur.parent) if (cur.type === 'object' && this.isTopLevel(cur)) return cur;
    return undefined;
  }

  private resourceIdOf(resource: Resource): string | undefined {
    const args = this.argsOf(resource);
    return args && resourceId(resource.type, args);
  }

  /** A reference to a resource: the text the template already writes for it, else `resourceId(...)`. */
  private ref(ref: ResourceRef): string | undefined {
    if (ref.kind === 'new') {
      const r = this.added.get(ref.key);
      const args = r && this.argsOfNew(r);
      return r && args && resourceId(armType(r), args);
    }
    if (ref.kind === 'named') return this.writtenText(ref);
    return this.writtenText(ref) ?? this.resourceIdOf(ref.resource);
  }

  private writtenText(ref: Exclude<ResourceRef, { kind: 'new' }>): string | undefined {
    const lines = new LineMap(this.text);
    for (const span of ref.writtenAt ?? []) {
      if (span.file !== this.intent.resource.file) continue;
      const node = stringNodeAt(this.root, lines.offset(span.start), lines.offset(span.end));
      // A copy loop's index means something else outside its loop.
      if (!node || templateOf(node) !== this.root || /copyIndex\s*\(/i.test(String(node.value))) continue;
      if (isExpressionNode(node)) return String(node.value).trim().slice(1, -1).trim();
      if (!String(node.value).startsWith('[')) return quote(String(node.value));
    }
    return undefined;
  }

  private argsOfNew(r: NewResource): Arg[] | undefined {
    const leaf: Arg = { text: quote(r.name), literal: r.name };
    switch (r.type) {
      case 'privateEndpoint':
      case 'privateDnsZone':
      case 'containerRegistry':
        return [leaf];
      case 'privateDnsZoneLink':
        return this.parentArgs(r.zone, leaf);
      case 'privateDnsZoneGroup':
        return this.parentArgs(r.endpoint, leaf);
      case 'roleAssignment':
        return undefined;
      case 'virtualNetworkPeering':
        return this.parentArgs({ kind: 'declared', resource: r.vnet }, leaf);
    }
  }

  private parentArgs(parent: ResourceRef, leaf: Arg): Arg[] | undefined {
    if (parent.kind === 'named') return undefined;
    if (parent.kind === 'new') {
      const p = this.added.get(parent.key);
      const args = p && this.argsOfNew(p);
      return args && [...args, leaf];
    }
    const args = this.argsOf(parent.resource);
    return args && [...args, leaf];
  }

  private nameOf(r: NewResource): Arg[] | undefined {
    return this.argsOfNew(r);
  }

  /** The root resources a new one needs deployed first (ARM has no implicit ordering for `resourceId`). */
  private dependsOn(r: NewResource): string[] | undefined {
    const refs: ResourceRef[] =
      r.type === 'privateEndpoint'
        ? [r.subnet, r.target]
        : r.type === 'privateDnsZoneLink'
          ? [r.zone, { kind: 'declared', resource: r.vnet }]
          : r.type === 'privateDnsZoneGroup'
            ? [r.endpoint, ...r.zones]
            : r.type === 'virtualNetworkPeering'
              ? [
                  { kind: 'declared', resource: r.vnet },
                  { kind: 'declared', resource: r.remote },
                ]
              : [];
    const out: string[] = [];
    for (const ref of refs) {
      const id = this.dependencyOf(ref);
      if (id === null) continue;
      if (id === undefined) return undefined;
      if (!out.includes(id)) out.push(id);
    }
    return out.map((id) => `[${id}]`);
  }

  /** The resource id to wait for; null when the resource is not deployed by this template. */
  private dependencyOf(ref: ResourceRef): string | null | undefined {
    if (ref.kind === 'new') return this.ref(ref);
    if (ref.kind === 'named') return null;
    const object = this.objectOf(ref.resource);
    if (!object) return ref.resource.file === this.intent.resource.file ? undefined : null;
    if (this.isTopLevel(object)) return this.resourceIdOf(ref.resource);
    const owner = ref.resource.inline ? this.owner(object) : undefined;
    if (!owner) return undefined;
    const type = propertyValue(owner, 'type')?.value;
    const args = nameArgs(propertyValue(owner, 'name'), 1);
    return typeof type === 'string' && args ? resourceId(type, args) : undefined;
  }

  private locationOf(beside: Resource): string | undefined {
    const object = this.objectOf(beside);
    const location = object && propertyValue(object, 'location');
    return location?.type === 'string' && typeof location.value === 'string' ? location.value : undefined;
  }

  private zoneName(ref: ResourceRef): string | undefined {
    if (ref.kind === 'declared') return ref.resource.name;
    return ref.kind === 'named' ? ref.name : this.added.get(ref.key)?.name;
  }
}

/** The arguments a name node stands for: `'a/b'` split into segments, an expression only as one segment. */
function nameArgs(node: Node | undefined, segments: number): Arg[] | undefined {
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  if (isExpressionNode(node)) return segments === 1 ? [{ text: node.value.trim().slice(1, -1).trim() }] : undefined;
  if (node.value.startsWith('[')) return undefined;
  const parts = node.value.split('/');
  return parts.length === segments ? parts.map((p) => ({ text: quote(p), literal: p })) : undefined;
}

function resourceId(type: string, args: Arg[]): string {
  return `resourceId(${[quote(type), ...args.map((a) => a.text)].join(', ')})`;
}

/** An extension resource's `scope` on a resource of the same group: `Namespace/type/name[/childType/childName]`. */
function scopeValue(type: string, args: Arg[]): string {
  const [namespace, ...types] = type.split('/');
  const pattern = [namespace, ...types.flatMap((t, i) => [t, `{${i}}`])].join('/');
  if (args.every((a) => a.literal !== undefined))
    return args.reduce((text, a, i) => text.replace(`{${i}}`, a.literal as string), pattern);
  return `[format(${[quote(pattern), ...args.map((a) => a.text)].join(', ')})]`;
}

/** The `name` of a declaration from its segments: plain text when every segment is literal. */
function nameValue(args: Arg[]): string {
  if (args.every((a) => a.literal !== undefined)) return args.map((a) => a.literal).join('/');
  const pattern = args.map((_, i) => `{${i}}`).join('/');
  return `[format(${[quote(pattern), ...args.map((a) => a.text)].join(', ')})]`;
}

function expr(text: string): string {
  return `[${text}]`;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The string node spanning exactly `[start, end)`. */
function stringNodeAt(root: Node, start: number, end: number): Node | undefined {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.offset > start || n.offset + n.length < end) continue;
    if (n.type === 'string' && n.offset === start && n.offset + n.length === end) return n;
    for (const c of n.children ?? []) stack.push(c);
  }
  return undefined;
}

/** `dependency` (a resource id expression, null: nothing to wait for) added to the resource's `dependsOn` unless listed. */
function dependOn(text: string, object: Node, dependency: string | null, style: JsonStyle): OffsetEdit[] | undefined {
  if (dependency === null) return [];
  const dependsOn = propertyValue(object, 'dependsOn');
  const listed = (dependsOn?.children ?? []).some(
    (d) => typeof d.value === 'string' && sameExpression(d.value, expr(dependency)),
  );
  if (listed) return [];
  if (dependsOn === undefined) return insertMember(text, object, ['dependsOn'], JSON.stringify([expr(dependency)]));
  const added = dependsOn.type === 'array' ? appendItem(text, dependsOn, expr(dependency), style) : undefined;
  return added && [added];
}

/** Adds `value` after the last item of an array node, on its own line in a multi-line array. */
function appendItem(text: string, array: Node, value: Json, style: JsonStyle): OffsetEdit | undefined {
  const items = array.children ?? [];
  const last = items[items.length - 1];
  const close = array.offset + array.length - 1;
  if (!last) {
    if (text.slice(array.offset + 1, close).trim() !== '') return undefined;
    const indent = lineIndentAt(text, array.offset);
    const inner = indent + style.indent;
    return {
      start: array.offset + 1,
      end: close,
      newText: `${style.eol}${inner}${render(value, style, inner)}${style.eol}${indent}`,
    };
  }
  const lastEnd = last.offset + last.length;
  if (!/[\r\n]/.test(text.slice(array.offset, lastEnd)))
    return { start: lastEnd, end: lastEnd, newText: `, ${inlineJson(value)}` };
  const indent = lineIndentAt(text, last.offset);
  const item = `${style.eol}${indent}${render(value, style, indent)}`;
  const rest = text.slice(lastEnd, close);
  if (/^\s*,/.test(rest)) {
    // The author ends items with a comma: keep doing so.
    const at = lastEnd + rest.indexOf(',') + 1;
    return { start: at, end: at, newText: `${item},` };
  }
  return rest.trim() === '' ? { start: lastEnd, end: lastEnd, newText: `,${item}` } : undefined;
}

/** JSON on one line, spaced as people write it: `{ "a": 1, "b": [2] }`. */
function inlineJson(value: Json): string {
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`)
    .join(', ')} }`;
}

/** Whether a resource object, or one it is declared inside, is a copy loop: its text is written for every copy. */
function inCopyLoop(object: Node): boolean {
  for (let cur: Node | undefined = object; cur; cur = cur.parent)
    if (cur.type === 'object' && propertyValue(cur, 'type') && propertyValue(cur, 'copy')) return true;
  return false;
}

function sameExpression(a: string, b: string): boolean {
  return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
}
