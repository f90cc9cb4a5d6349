import * as path from 'node:path';
import { readHcl } from '../frontends/terraform/hcl-reader';
import type { Block } from '../frontends/terraform/syntax';
import { attribute } from '../frontends/terraform/syntax';
import type { Resource } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import { LineMap } from '../graph/span';
import { tfTarget } from '../frontends/terraform/spelling';
import { insertAttribute } from './hcl-text';
import type {
  AddResourcesIntent,
  NewReference,
  NewResource,
  NewRoleAssignment,
  NewZoneGroup,
  ResourceRef,
  ZoneEntry,
} from './intent';
import { identifier, zoneWord } from './new-resources';
import { blockAt, enclosingBlock } from './terraform-locate';
import type { TextEdit } from './writer';

type Read = (file: string) => string | undefined;

/** An HCL body to print: attributes (`name = expression`), then nested blocks. */
interface HclBody {
  attributes: [string, string][];
  blocks: [string, HclBody][];
}

const TF_TYPES: Readonly<Record<Exclude<NewResource['type'], 'privateDnsZoneGroup'>, string>> = {
  privateEndpoint: 'azurerm_private_endpoint',
  privateDnsZone: 'azurerm_private_dns_zone',
  privateDnsZoneLink: 'azurerm_private_dns_zone_virtual_network_link',
  roleAssignment: 'azurerm_role_assignment',
  virtualNetworkPeering: 'azurerm_virtual_network_peering',
  containerRegistry: 'azurerm_container_registry',
};

/**
 * Writes new resources as `resource` blocks after the anchor's block, in `terraform fmt` layout,
 * referring to resources by address (`azurerm_subnet.pe.id`). A zone group is the endpoint's
 * nested `private_dns_zone_group` block. Only resources of the anchor's own module can be named by
 * address, so anything declared elsewhere leaves no fix.
 */
export function writeTerraformInserts(intent: AddResourcesIntent, read: Read): TextEdit[] | undefined {
  const scope = new TerraformScope(intent, read);
  const anchor = scope.blockOf(intent.resource);
  if (!anchor) return undefined;
  const edits: TextEdit[] = [];
  for (const edit of [
    ...(intent.zoneEntries ?? []).map((entry) => scope.zoneEntry(entry)),
    ...(intent.references ?? []).map((reference) => scope.reference(reference)),
  ]) {
    if (!edit) return undefined;
    for (const e of Array.isArray(edit) ? edit : [edit]) edits.push(e);
  }
  const blocks: string[] = [];
  for (const r of intent.add) {
    if (r.type === 'privateDnsZoneGroup') {
      if (r.endpoint.kind !== 'declared') continue;
      const edit = scope.nestedZoneGroup(r, r.endpoint.resource);
      if (!edit) return undefined;
      edits.push(edit);
      continue;
    }
    const block = scope.declaration(r);
    if (!block) return undefined;
    blocks.push(block);
  }
  const at = anchor.block.span.end;
  const newText = blocks.map((b) => `\n\n${b}`).join('');
  if (newText !== '') edits.push({ span: { file: anchor.file, start: at, end: at }, newText });
  return edits;
}

interface Located {
  file: string;
  text: string;
  block: Block;
}

class TerraformScope {
  private readonly labels = new Map<string, string>();
  private readonly added = new Map<string, NewResource>();
  private readonly module: string;

  constructor(
    private readonly intent: AddResourcesIntent,
    private readonly read: Read,
  ) {
    this.module = localAddress(intent.resource.symbol)?.module ?? '';
    const used = new Set<string>();
    for (const r of intent.add) {
      this.added.set(r.key, r);
      if (r.type === 'privateDnsZoneGroup') continue;
      const type = TF_TYPES[r.type];
      const words =
        r.type === 'privateEndpoint' ||
        r.type === 'roleAssignment' ||
        r.type === 'virtualNetworkPeering' ||
        r.type === 'containerRegistry'
          ? r.name
          : zoneWord(r.type === 'privateDnsZone' ? r.name : this.zoneName(r.zone));
      const label = identifier(words, 'snake', (l) => used.has(`${type}.${l}`) || this.taken(`${type}.${l}`));
      used.add(`${type}.${label}`);
      this.labels.set(r.key, label);
    }
  }

  /** The block that declares `resource`, when it is in the anchor's module. */
  blockOf(resource: Resource): Located | undefined {
    if (resource.language !== 'terraform' || path.dirname(resource.file) !== path.dirname(this.intent.resource.file))
      return undefined;
    const text = this.read(resource.file);
    if (text === undefined) return undefined;
    const parsed = readHcl(resource.file, text);
    if (parsed.problems.length > 0) return undefined;
    const block = blockAt(parsed.body, resource.span);
    return block ? { file: resource.file, text, block } : undefined;
  }

  declaration(r: Exclude<NewResource, NewZoneGroup>): string | undefined {
    const header = `resource "${TF_TYPES[r.type]}" "${this.labels.get(r.key)}"`;
    switch (r.type) {
      case 'privateEndpoint': {
        const location = this.attributeOf(r.vnet, 'location');
        const group = this.attributeOf(r.vnet, 'resource_group_name');
        const subnet = this.idOf(r.subnet);
        const target = this.idOf(r.target);
        if (!location || !group || !subnet || !target) return undefined;
        const body: HclBody = {
          attributes: [
            ['name', quote(r.name)],
            ['location', location],
            ['resource_group_name', group],
            ['subnet_id', subnet],
          ],
          blocks: [
            [
              'private_service_connection',
              {
                attributes: [
                  ['name', quote(r.name)],
                  ['private_connection_resource_id', target],
                  ['subresource_names', `[${r.groupIds.map(quote).join(', ')}]`],
                  ['is_manual_connection', 'false'],
                ],
                blocks: [],
              },
            ],
          ],
        };
        for (const g of this.intent.add) {
          if (g.type !== 'privateDnsZoneGroup' || g.endpoint.kind !== 'new' || g.endpoint.key !== r.key) continue;
          const zoneGroup = this.zoneGroupBody(g);
          if (!zoneGroup) return undefined;
          body.blocks.push(['private_dns_zone_group', zoneGroup]);
        }
        return `${header} ${print(body, '')}`;
      }
      case 'privateDnsZone': {
        const group = this.attributeOf(r.vnet, 'resource_group_name');
        return (
          group &&
          `${header} ${print(
            {
              attributes: [
                ['name', quote(r.name)],
                ['resource_group_name', group],
              ],
              blocks: [],
            },
            '',
          )}`
        );
      }
      case 'privateDnsZoneLink': {
        const zone = this.addressOf(r.zone);
        const vnet = this.idOf({ kind: 'declared', resource: r.vnet });
        if (!zone || !vnet) return undefined;
        const body: HclBody = {
          attributes: [
            ['name', quote(r.name)],
            ['resource_group_name', `${zone}.resource_group_name`],
            ['private_dns_zone_name', `${zone}.name`],
            ['virtual_network_id', vnet],
          ],
          blocks: [],
        };
        return `${header} ${print(body, '')}`;
      }
      case 'roleAssignment': {
        const body = this.roleAssignment(r);
        return body && `${header} ${print(body, '')}`;
      }
      case 'containerRegistry': {
        const location = this.attributeOf(r.beside, 'location');
        const group = this.attributeOf(r.beside, 'resource_group_name');
        if (!location || !group) return undefined;
        const body: HclBody = {
          attributes: [
            ['name', quote(r.name)],
            ['location', location],
            ['resource_group_name', group],
            ['sku', quote('Premium')],
            ['admin_enabled', 'false'],
            ['network_rule_bypass_option', quote('AzureServices')],
          ],
          blocks: [],
        };
        return `${header} ${print(body, '')}`;
      }
      case 'virtualNetworkPeering': {
        const vnet = this.addressOf({ kind: 'declared', resource: r.vnet });
        const group = this.attributeOf(r.vnet, 'resource_group_name');
        const remote = this.idOf({ kind: 'declared', resource: r.remote });
        if (!vnet || !group || !remote) return undefined;
        const body: HclBody = {
          attributes: [
            ['name', quote(r.name)],
            ['resource_group_name', group],
            ['virtual_network_name', `${vnet}.name`],
            ['remote_virtual_network_id', remote],
          ],
          blocks: [],
        };
        return `${header} ${print(body, '')}`;
      }
    }
  }

  /** The built-in role by name (`role_definition_name`), the principal read from the identity by address. */
  private roleAssignment(r: NewRoleAssignment): HclBody | undefined {
    const scope =
      r.scope.kind === 'resource'
        ? this.idOf({ kind: 'declared', resource: r.scope.resource })
        : this.writtenText(r.scope.writtenAt);
    const holder = r.principal.kind === 'system' ? r.principal.cluster : r.principal.identity;
    const address = this.addressOf({ kind: 'declared', resource: holder });
    if (!scope || !address || address.startsWith('data.')) return undefined;
    const principal = r.principal.kind === 'system' ? `${address}.identity[0].principal_id` : `${address}.principal_id`;
    return {
      attributes: [
        ['scope', scope],
        ['role_definition_name', quote(r.role.name)],
        ['principal_id', principal],
      ],
      blocks: [],
    };
  }

  /** A `private_dns_zone_group` block added to an endpoint this module declares. */
  nestedZoneGroup(group: NewZoneGroup, endpoint: Resource): TextEdit | undefined {
    const located = this.blockOf(endpoint);
    const body = this.zoneGroupBody(group);
    if (!located || !body) return undefined;
    const map = new LineMap(located.text);
    const close = map.offset(located.block.span.end) - 1;
    if (located.text[close] !== '}') return undefined;
    const indent = indentOf(located.text, map.offset(located.block.span.start));
    const lineStart = located.text.lastIndexOf('\n', close - 1) + 1;
    if (located.text.slice(lineStart, close).trim() !== '') return undefined;
    const at = map.position(lineStart);
    const nested = `${indent}  private_dns_zone_group ${print(body, `${indent}  `)}`;
    return { span: { file: located.file, start: at, end: at }, newText: `\n${nested}\n` };
  }

  /**
   * A zone of an endpoint's `private_dns_zone_group` block: item `replaces` of its
   * `private_dns_zone_ids` rewritten, or the zone's id added at the end. Only a list written item by
   * item, in an endpoint without `count` or `for_each`, is edited.
   */
  zoneEntry(entry: ZoneEntry): TextEdit | undefined {
    const located = this.blockOf(entry.group);
    const id = this.idOf(entry.zone);
    if (!located || !id || located.block.type !== 'private_dns_zone_group') return undefined;
    const endpoint = enclosingBlock(readHcl(located.file, located.text).body, located.block);
    if (!endpoint || attribute(endpoint.body, 'count') || attribute(endpoint.body, 'for_each')) return undefined;
    const ids = attribute(located.block.body, 'private_dns_zone_ids')?.expr;
    if (ids?.kind !== 'tuple') return undefined;
    const file = located.file;
    if (entry.replaces !== undefined) {
      const item = ids.items[entry.replaces];
      return item && { span: item.span, newText: id };
    }
    const last = ids.items[ids.items.length - 1];
    if (!last) return { span: ids.span, newText: `[${id}]` };
    const map = new LineMap(located.text);
    const rest = located.text.slice(map.offset(last.span.end), map.offset(ids.span.end) - 1);
    if (last.span.start.line === ids.span.end.line)
      return { span: { file, start: last.span.end, end: last.span.end }, newText: `, ${id}` };
    // One id per line: the new one goes on a line of its own, with the comma style of the others.
    const indent = indentOf(located.text, map.offset(last.span.start));
    const comma = /^\s*,/.exec(rest);
    const at = comma ? map.position(map.offset(last.span.end) + comma[0].length) : last.span.end;
    return { span: { file, start: at, end: at }, newText: comma ? `\n${indent}${id},` : `,\n${indent}${id}` };
  }

  /** The attribute a property is written as, added to a resource block that does not write it yet. */
  reference(reference: NewReference): TextEdit[] | undefined {
    const located = this.blockOf(reference.resource);
    const id = this.idOf(reference.to);
    const type = located?.block.type === 'resource' ? located.block.labels[0]?.value : undefined;
    const target = type ? tfTarget(type, reference.path) : undefined;
    if (!located || !id || !target || target.tf.includes('.') || attribute(located.block.body, target.tf))
      return undefined;
    return insertAttribute(located.text, located.block, [], target.tf, id);
  }

  private zoneGroupBody(g: NewZoneGroup): HclBody | undefined {
    const ids: string[] = [];
    for (const z of g.zones) {
      const id = this.idOf(z);
      if (!id) return undefined;
      ids.push(id);
    }
    return {
      attributes: [
        ['name', quote(g.name)],
        ['private_dns_zone_ids', `[${ids.join(', ')}]`],
      ],
      blocks: [],
    };
  }

  /** The address of a resource of this module (`azurerm_subnet.pe`, `azurerm_private_dns_zone.vault`). */
  private addressOf(ref: ResourceRef): string | undefined {
    if (ref.kind === 'new') {
      const r = this.added.get(ref.key);
      return r && r.type !== 'privateDnsZoneGroup' ? `${TF_TYPES[r.type]}.${this.labels.get(r.key)}` : undefined;
    }
    if (ref.kind === 'named') return undefined;
    const r = ref.resource;
    if (r.language !== 'terraform' || path.dirname(r.file) !== path.dirname(this.intent.resource.file))
      return undefined;
    const local = localAddress(r.symbol);
    return local && local.module === this.module ? local.address : undefined;
  }

  /** `<address>.id`, else the expression the module already writes for the resource. */
  private idOf(ref: ResourceRef): string | undefined {
    const address = this.addressOf(ref);
    if (address) return `${address}.id`;
    return ref.kind === 'new' ? undefined : this.writtenText(ref.writtenAt ?? []);
  }

  private writtenText(spans: SourceSpan[]): string | undefined {
    for (const span of spans) {
      if (path.dirname(span.file) !== path.dirname(this.intent.resource.file)) continue;
      const text = this.read(span.file);
      if (text === undefined) continue;
      const map = new LineMap(text);
      const written = text.slice(map.offset(span.start), map.offset(span.end));
      // `each` / `count` / `self` mean something else outside the block they are written in.
      if (written !== '' && !/\b(each|count|self)\./.test(written)) return written;
    }
    return undefined;
  }

  /** A resource's attribute as its block writes it (a variable, a literal), else read from it by address. */
  private attributeOf(resource: Resource, name: string): string | undefined {
    const address = this.addressOf({ kind: 'declared', resource });
    if (!address) return undefined;
    const located = this.blockOf(resource);
    const own = located && attribute(located.block.body, name);
    if (own) {
      const map = new LineMap(located.text);
      const written = located.text.slice(map.offset(own.expr.span.start), map.offset(own.expr.span.end));
      if (!/\b(each|count|self)\./.test(written) && !written.includes('\n')) return written;
    }
    return `${address}.${name}`;
  }

  private zoneName(ref: ResourceRef): string {
    if (ref.kind === 'named') return ref.name;
    return ref.kind === 'new' ? (this.added.get(ref.key)?.name ?? '') : ref.resource.name;
  }

  private taken(address: string): boolean {
    return this.intent.taken.has(`${this.module}${address}`);
  }
}

/** `terraform fmt` layout: the `=` of consecutive attributes aligned, a blank line before each nested block. */
function print(body: HclBody, indent: string): string {
  const inner = `${indent}  `;
  const width = body.attributes.reduce((w, [n]) => Math.max(w, n.length), 0);
  const lines = body.attributes.map(([n, v]) => `${inner}${n.padEnd(width)} = ${v}`);
  for (const [type, nested] of body.blocks) lines.push('', `${inner}${type} ${print(nested, inner)}`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** `module.net.azurerm_x.y[0]` → module `module.net.`, address `azurerm_x.y[0]` (how the module itself writes it). */
export function localAddress(symbol: string): { module: string; address: string } | undefined {
  const m =
    /^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*)((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)$/.exec(
      symbol,
    );
  return m ? { module: m[1], address: m[2] } : undefined;
}
