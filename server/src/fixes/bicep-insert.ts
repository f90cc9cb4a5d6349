import type { Resource } from '../graph/resource';
import { LineMap } from '../graph/span';
import type { BicepFile, Expr, ObjectExpr, ObjectMember, ResourceDecl, Statement } from '../frontends/bicep/syntax';
import { parseBicep } from '../frontends/bicep/syntax';
import { insertMember } from './bicep-members';
import type {
  AddResourcesIntent,
  NewReference,
  NewResource,
  NewRoleAssignment,
  ResourceRef,
  ZoneEntry,
} from './intent';
import type { OffsetEdit } from './json-edit';
import { detectStyle, lineIndentAt } from './json-style';
import { API_VERSIONS, armType, identifier, roleDefinitionExpression, zoneConfigName, zoneWord } from './new-resources';
import type { TextEdit } from './writer';

/** Bicep text to print: an expression as written, an object (members in order) or an array. */
type Syntax = string | Syntax[] | { members: [string, Syntax][] };

/**
 * Writes new resources into a Bicep file after the anchor's declaration, as Bicep is written:
 * references are a symbol's `.id` (or the text the file already uses for them), children name
 * their parent with `parent:`. A resource declared in another file, in a loop or in a module has
 * no symbol here, so no fix is written then.
 */
export function writeBicepInserts(
  intent: AddResourcesIntent,
  read: (file: string) => string | undefined,
): TextEdit[] | undefined {
  const text = read(intent.resource.file);
  if (text === undefined) return undefined;
  const file = parseBicep(text);
  if (file.errors.length > 0) return undefined;
  const style = detectStyle(text);
  const scope = new BicepScope(file, intent, style.indent);
  const declarations: string[] = [];
  for (const r of intent.add) {
    const d = scope.declaration(r);
    if (d === undefined) return undefined;
    declarations.push(d);
  }
  const lines = new LineMap(text);
  const edits: TextEdit[] = [];
  for (const written of [
    ...(intent.zoneEntries ?? []).map((entry) => scope.zoneEntry(entry)),
    ...(intent.references ?? []).map((reference) => scope.reference(reference)),
  ]) {
    if (!written) return undefined;
    for (const e of Array.isArray(written) ? written : [written])
      edits.push({
        span: lines.span(intent.resource.file, e.start, e.end),
        newText: e.newText.split('\n').join(style.eol),
      });
  }
  if (declarations.length === 0) return edits;
  const anchor = scope.statementAt(intent.resource);
  if (!anchor) return undefined;
  const body = declarations.map((d) => d.split('\n').join(style.eol));
  const at = lines.position(childrenEnd(file, anchor));
  return [
    ...edits,
    {
      span: { file: intent.resource.file, start: at, end: at },
      newText: body.map((d) => style.eol + style.eol + d).join(''),
    },
  ];
}

class BicepScope {
  private readonly symbols = new Map<string, string>();
  private readonly added = new Map<string, NewResource>();
  private readonly loops: [number, number][] = [];
  private readonly lines: LineMap;
  /** Loops the declaration being written names by `resourceId(...)`: its `dependsOn`. */
  private readonly dependencies = new Set<string>();

  constructor(
    private readonly file: BicepFile,
    private readonly intent: AddResourcesIntent,
    private readonly unit: string,
  ) {
    this.lines = new LineMap(file.text);
    collectLoops(file.statements, this.loops);
    const names = new Set(file.statements.map(nameOf).filter((n): n is string => n !== undefined));
    const taken = (n: string) => names.has(n) || intent.taken.has(n);
    for (const r of intent.add) this.added.set(r.key, r);
    for (const r of intent.add) {
      const symbol = identifier(
        symbolWords(r, (ref) => this.nameOfRef(ref)),
        'camel',
        taken,
      );
      names.add(symbol);
      this.symbols.set(r.key, symbol);
    }
  }

  /** The top-level statement that contains the declaration of `resource`. */
  statementAt(resource: Resource): Statement | undefined {
    if (resource.language !== 'bicep' || resource.file !== this.intent.resource.file) return undefined;
    const offset = this.lines.offset(resource.span.start);
    return this.file.statements.find((s) => s.start <= offset && offset < s.end);
  }

  declaration(r: NewResource): string | undefined {
    const symbol = this.symbols.get(r.key) as string;
    const members: [string, Syntax][] = [];
    this.dependencies.clear();
    switch (r.type) {
      case 'privateEndpoint': {
        const location = this.locationOf(r.vnet);
        const subnet = this.idOf(r.subnet);
        const target = this.idOf(r.target);
        if (!location || !subnet || !target) return undefined;
        const connection: Syntax = {
          members: [
            ['name', literal(r.name)],
            [
              'properties',
              {
                members: [
                  ['privateLinkServiceId', target],
                  ['groupIds', r.groupIds.map(literal)],
                ],
              },
            ],
          ],
        };
        members.push(
          ['name', literal(r.name)],
          ['location', location],
          [
            'properties',
            {
              members: [
                ['subnet', { members: [['id', subnet]] }],
                ['privateLinkServiceConnections', [connection]],
              ],
            },
          ],
        );
        break;
      }
      case 'privateDnsZone':
        members.push(['name', literal(r.name)], ['location', literal('global')]);
        break;
      case 'privateDnsZoneLink': {
        const zone = this.symbolOf(r.zone);
        const vnet = this.idOf({ kind: 'declared', resource: r.vnet });
        if (!zone || !vnet) return undefined;
        const properties: Syntax = {
          members: [
            ['registrationEnabled', 'false'],
            ['virtualNetwork', { members: [['id', vnet]] }],
          ],
        };
        members.push(
          ['parent', zone],
          ['name', literal(r.name)],
          ['location', literal('global')],
          ['properties', properties],
        );
        break;
      }
      case 'privateDnsZoneGroup': {
        const endpoint = this.symbolOf(r.endpoint);
        const configs: Syntax[] = [];
        for (const z of r.zones) {
          const id = this.idOf(z);
          if (!id) return undefined;
          configs.push({
            members: [
              ['name', literal(zoneConfigName(this.nameOfRef(z)))],
              ['properties', { members: [['privateDnsZoneId', id]] }],
            ],
          });
        }
        if (!endpoint) return undefined;
        members.push(
          ['parent', endpoint],
          ['name', literal(r.name)],
          ['properties', { members: [['privateDnsZoneConfigs', configs]] }],
        );
        break;
      }
      case 'roleAssignment': {
        const assignment = this.roleAssignment(r);
        if (!assignment) return undefined;
        for (const m of assignment) members.push(m);
        break;
      }
      case 'containerRegistry': {
        const location = this.locationOf(r.beside);
        if (!location) return undefined;
        const properties: Syntax = {
          members: [
            ['adminUserEnabled', 'false'],
            ['networkRuleBypassOptions', literal('AzureServices')],
          ],
        };
        members.push(
          ['name', literal(r.name)],
          ['location', location],
          ['sku', { members: [['name', literal('Premium')]] }],
          ['properties', properties],
        );
        break;
      }
      case 'virtualNetworkPeering': {
        const vnet = this.symbolOf({ kind: 'declared', resource: r.vnet });
        const remote = this.idOf({ kind: 'declared', resource: r.remote });
        if (!vnet || !remote) return undefined;
        const properties: Syntax = {
          members: [
            ['allowVirtualNetworkAccess', 'true'],
            ['remoteVirtualNetwork', { members: [['id', remote]] }],
          ],
        };
        members.push(['parent', vnet], ['name', literal(r.name)], ['properties', properties]);
        break;
      }
    }
    if (this.dependencies.size > 0) members.push(['dependsOn', [...this.dependencies]]);
    return `resource ${symbol} '${armType(r)}@${API_VERSIONS[r.type]}' = ${print({ members }, this.unit)}`;
  }

  /**
   * A zone group's entry for a zone: the `privateDnsZoneId` of entry `replaces` rewritten, or a new
   * entry after the last one. Only an array written item by item, outside any loop, is edited.
   */
  zoneEntry(entry: ZoneEntry): OffsetEdit | undefined {
    const own = entry.group.language === 'bicep' && entry.group.file === this.intent.resource.file;
    const decl = own ? this.declOf(entry.group) : undefined;
    const body = decl && !this.inLoop(decl.start) ? objectOf(decl.body) : undefined;
    const configs = body && propertyAt(body, ['properties', 'privateDnsZoneConfigs']);
    const id = this.idOf(entry.zone);
    if (configs?.kind !== 'array' || !id || configs.items.some((i) => i.kind !== 'item')) return undefined;
    if (entry.replaces !== undefined) {
      const item = configs.items[entry.replaces];
      const zoneId =
        item?.value.kind === 'object' ? propertyAt(item.value, ['properties', 'privateDnsZoneId']) : undefined;
      return zoneId && { start: zoneId.start, end: zoneId.end, newText: id };
    }
    const text = this.file.text;
    const last = configs.items[configs.items.length - 1];
    if (!last || !text.slice(configs.start, last.end).includes('\n')) return undefined;
    const indent = lineIndentAt(text, last.start);
    const config: Syntax = {
      members: [
        ['name', literal(zoneConfigName(this.nameOfRef(entry.zone)))],
        ['properties', { members: [['privateDnsZoneId', id]] }],
      ],
    };
    return { start: last.end, end: last.end, newText: `\n${indent}${print(config, this.unit, indent)}` };
  }

  /** A property the resource does not write yet, set to the target's id (a new resource's `symbol.id`). */
  reference(reference: NewReference): OffsetEdit[] | undefined {
    const own = reference.resource.language === 'bicep' && reference.resource.file === this.intent.resource.file;
    const decl = own ? this.declOf(reference.resource) : undefined;
    const id = this.idOf(reference.to);
    let cur = decl && !this.inLoop(decl.start) ? objectOf(decl.body) : undefined;
    if (!cur || !id) return undefined;
    const keys = reference.path.split('.');
    for (let i = 0; i < keys.length; i++) {
      const next = propertyAt(cur, [keys[i]]);
      if (!next) return insertMember(this.file.text, cur, keys.slice(i), id);
      if (next.kind !== 'object') return undefined;
      cur = next;
    }
    return undefined;
  }

  /**
   * `scope:` the symbol of the resource, which must be deployed at the file's own scope (an
   * `existing` resource with a `scope:` of its own needs a module), and the identity's principal id.
   */
  private roleAssignment(r: NewRoleAssignment): [string, Syntax][] | undefined {
    // Bicep's `scope:` takes a resource symbol: a scope named only by id has none here.
    if (r.scope.kind !== 'resource') return undefined;
    const scope = this.symbolOf({ kind: 'declared', resource: r.scope.resource });
    const holder = r.principal.kind === 'system' ? r.principal.cluster : r.principal.identity;
    const principal = this.symbolOf({ kind: 'declared', resource: holder });
    const scopeBody = scope ? objectOf(this.declOf(r.scope.resource)?.body) : undefined;
    if (!scope || !principal || !scopeBody || scopeBody.members.some((m) => m.kind === 'property' && m.key === 'scope'))
      return undefined;
    const principalId =
      r.principal.kind === 'system' ? `${principal}.identity.principalId` : `${principal}.properties.principalId`;
    return [
      ['name', `guid(${scope}.id, ${principal}.id, ${literal(r.role.id)})`],
      ['scope', scope],
      [
        'properties',
        {
          members: [
            ['roleDefinitionId', roleDefinitionExpression(r.role.id)],
            ['principalId', principalId],
            ['principalType', literal('ServicePrincipal')],
          ],
        },
      ],
    ];
  }

  private nameOfRef(ref: ResourceRef): string {
    if (ref.kind === 'named') return ref.name;
    return ref.kind === 'new' ? (this.added.get(ref.key)?.name ?? '') : ref.resource.name;
  }

  /** A resource's symbol when this file declares it outside any loop, and not as one (a nested child as `parent::child`). */
  private symbolOf(ref: ResourceRef): string | undefined {
    if (ref.kind === 'new') return this.symbols.get(ref.key);
    if (ref.kind === 'named') return undefined;
    const r = ref.resource;
    if (r.language !== 'bicep' || r.file !== this.intent.resource.file || r.inline) return undefined;
    const decl = this.declOf(r);
    // A loop's symbol names the whole collection (`zones.id` does not compile).
    return decl &&
      decl.body.kind !== 'for' &&
      !this.inLoop(decl.start) &&
      /^[A-Za-z_][\w]*(::[A-Za-z_][\w]*)*$/.test(r.symbol)
      ? r.symbol
      : undefined;
  }

  /**
   * An expression for the resource's id: the text the file already writes for it, else `symbol.id`;
   * for a subnet declared inline, its VNet's id and its name; for one instance of a resource loop,
   * `resourceId(...)` (its index is not known here), the loop then a dependency of the declaration.
   */
  private idOf(ref: ResourceRef): string | undefined {
    if (ref.kind !== 'new') {
      for (const span of ref.writtenAt ?? []) {
        if (span.file !== this.intent.resource.file) continue;
        const start = this.lines.offset(span.start);
        const end = this.lines.offset(span.end);
        if (end > start && !this.inLoop(start)) return this.file.text.slice(start, end);
      }
    }
    const symbol = this.symbolOf(ref);
    if (symbol) return `${symbol}.id`;
    return ref.kind === 'declared'
      ? (this.inlineSubnetId(ref.resource) ?? this.loopInstanceId(ref.resource))
      : undefined;
  }

  /** `'${vnet.id}/subnets/snet-pe'` for a subnet listed in the `subnets` of a VNet this file declares. */
  private inlineSubnetId(r: Resource): string | undefined {
    const m = /^([A-Za-z_]\w*)\.subnets\[\d+\]$/.exec(r.symbol);
    const leaf = r.name.split('/').pop() ?? '';
    if (!r.inline || !m || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(leaf) || r.file !== this.intent.resource.file)
      return undefined;
    const vnet = this.file.statements.find((s) => s.kind === 'resource' && nameOf(s) === m[1]);
    return vnet?.kind === 'resource' && objectOf(vnet.body) ? `'\${${m[1]}.id}/subnets/${leaf}'` : undefined;
  }

  /** `resourceId('<type>', '<name>')` for an instance of a top-level resource loop of this file. */
  private loopInstanceId(r: Resource): string | undefined {
    if (r.language !== 'bicep' || r.file !== this.intent.resource.file || r.parentKey || r.name.includes('/'))
      return undefined;
    const decl = this.declOf(r);
    if (decl?.body.kind !== 'for' || !/^[A-Za-z_]\w*$/.test(r.symbol) || this.inLoop(decl.start)) return undefined;
    this.dependencies.add(r.symbol);
    return `resourceId(${literal(r.type)}, ${literal(r.name)})`;
  }

  private locationOf(beside: Resource): string | undefined {
    const symbol = this.symbolOf({ kind: 'declared', resource: beside });
    const body = symbol ? objectOf(this.declOf(beside)?.body) : undefined;
    const location = body?.members.find((m) => m.kind === 'property' && m.key.toLowerCase() === 'location');
    return location?.kind === 'property' ? this.file.text.slice(location.value.start, location.value.end) : undefined;
  }

  private declOf(r: Resource): ResourceDecl | undefined {
    const offset = this.lines.offset(r.span.start);
    const visit = (decl: ResourceDecl): ResourceDecl | undefined => {
      if (decl.start === offset) return decl;
      for (const m of objectOf(decl.body)?.members ?? []) {
        const found = m.kind === 'resource' ? visit(m.decl) : undefined;
        if (found) return found;
      }
      return undefined;
    };
    for (const s of this.file.statements) {
      const found = s.kind === 'resource' ? visit(s) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private inLoop(offset: number): boolean {
    return this.loops.some(([start, end]) => start <= offset && offset < end);
  }
}

/** Spans of every `[for …]` in the file: names inside one may be its loop variables. */
function collectLoops(node: unknown, out: [number, number][]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectLoops(n, out);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const located = node as { kind?: unknown; start?: unknown; end?: unknown };
  if (located.kind === 'for' && typeof located.start === 'number' && typeof located.end === 'number')
    out.push([located.start, located.end]);
  for (const value of Object.values(node)) if (typeof value === 'object') collectLoops(value, out);
}

/** Where the anchor's declaration ends, with the children declared right after it (`parent: anchor`). */
function childrenEnd(file: BicepFile, anchor: Statement): number {
  const symbol = nameOf(anchor);
  let end = anchor.end;
  for (const s of file.statements.slice(file.statements.indexOf(anchor) + 1)) {
    const parent =
      s.kind === 'resource'
        ? objectOf(s.body)?.members.find((m) => m.kind === 'property' && m.key === 'parent')
        : undefined;
    if (
      symbol === undefined ||
      parent?.kind !== 'property' ||
      file.text.slice(parent.value.start, parent.value.end) !== symbol
    )
      break;
    end = s.end;
  }
  return end;
}

function nameOf(s: Statement): string | undefined {
  const name = (s as { name?: { text?: unknown } }).name?.text;
  return typeof name === 'string' ? name : undefined;
}

function objectOf(body: Expr | undefined): ObjectExpr | undefined {
  if (body?.kind === 'object') return body;
  if (body?.kind === 'if') return objectOf(body.body);
  return undefined;
}

/** What a new symbol is made of: `peKvMl`, `vaultcoreZone`, `vaultcoreZoneLink`, `peKvMlZoneGroup`. */
function symbolWords(r: NewResource, nameOf: (ref: ResourceRef) => string): string {
  switch (r.type) {
    case 'privateEndpoint':
      return r.name;
    case 'privateDnsZone':
      return `${zoneWord(r.name)} zone`;
    case 'privateDnsZoneLink':
      return `${zoneWord(nameOf(r.zone).split('/').pop() ?? '')} zone link`;
    case 'privateDnsZoneGroup':
      return `${nameOf(r.endpoint).split('/').pop() ?? ''} zone group`;
    case 'roleAssignment':
    case 'virtualNetworkPeering':
    case 'containerRegistry':
      return r.name;
  }
}

function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
}

/** Bicep layout: one member or item per line, nested one `unit` deeper. */
function print(s: Syntax, unit: string, indent = ''): string {
  if (typeof s === 'string') return s;
  const inner = indent + unit;
  if (Array.isArray(s)) return `[\n${s.map((i) => inner + print(i, unit, inner)).join('\n')}\n${indent}]`;
  return `{\n${s.members.map(([k, v]) => `${inner}${k}: ${print(v, unit, inner)}`).join('\n')}\n${indent}}`;
}

/** The value at a path of nested object properties. */
function propertyAt(obj: ObjectExpr, keys: string[]): Expr | undefined {
  let cur: Expr = obj;
  for (const key of keys) {
    if (cur.kind !== 'object') return undefined;
    const found: ObjectMember | undefined = cur.members.find(
      (m) => m.kind === 'property' && m.key.toLowerCase() === key.toLowerCase(),
    );
    if (found?.kind !== 'property') return undefined;
    cur = found.value;
  }
  return cur;
}
