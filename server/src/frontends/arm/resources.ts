import type { Node } from 'jsonc-parser';
import type { Resource } from '../../graph/resource';
import { normalizeId } from '../../graph/resource-id';
import type { SourceSpan } from '../../graph/span';
import { T, canonicalType, sameType } from '../../graph/types';
import type { ObjectEntry, ObjectValue, Value } from '../../graph/value';
import { knownBoolean, member, str, unknown } from '../../graph/value';
import type { Part } from './expressions/evaluate';
import { declaredId, resourceIdValue } from './expressions/functions/resource-ids';
import { child, members, spanOf, stringOf } from './json-values';
import { partValue } from './expressions/symbols';
import { nameParts, partText } from './names';
import type { Session } from './session';
import type { Frame, Template } from './template';
import { MAX_COPY, withIndex } from './template';

/** One resource a template declares, after its loop and condition were applied (one per copy). */
export interface Instance {
  template: Template;
  node: Node;
  frame: Frame;
  type: string;
  names: Part[];
  id: string;
  key: string;
  idKnown: boolean;
  existing: boolean;
  presence: 'always' | 'maybe';
  presenceReason?: string;
  symbol: string;
  symbolicName?: string;
  parent?: Instance;
  parentKey?: string;
  /** Where a nested deployment puts its resources (`subscriptionId` / `resourceGroup` on the resource). */
  targetScope: { subscriptionId?: Part; resourceGroup?: Part };
}

/** Resource properties that describe the declaration, not the resource Azure gets. */
const STRUCTURAL = new Set([
  'type',
  'name',
  'apiversion',
  'dependson',
  'copy',
  'condition',
  'resources',
  'comments',
  'scope',
  'existing',
  'subscriptionid',
  'resourcegroup',
  'metadata',
]);

/** Expands the resource declarations of templates into instances with ids, and evaluates their bodies on demand. */
export class ResourceTable {
  readonly instances: Instance[] = [];
  private readonly byKey = new Map<string, Instance>();
  private readonly bodies = new Map<Instance, ObjectValue>();
  /**
   * Each template's own instances by lower-case symbolic name and by name, for `reference('symbol')`,
   * `reference('name')` and `dependsOn`: looked up once per entry, so a scan of the template's
   * instances made copy loops quadratic (14,000 role assignments took seconds).
   */
  private readonly bySymbol = new Map<Template, Map<string, Instance[]>>();
  private readonly byName = new Map<Template, Map<string, Instance[]>>();

  constructor(private readonly session: Session) {}

  /** Declares every resource of a template (nested deployments are followed by the caller). */
  declareAll(tpl: Template): void {
    this.declareList(
      tpl,
      child(tpl.init.root, 'resources'),
      undefined,
      tpl.init.presence.presence === 'maybe' ? { presence: 'maybe', reason: tpl.init.presence.reason } : undefined,
      { indices: new Map() },
    );
  }

  lookup(tpl: Template, target: Value): Instance | undefined {
    if (target.kind === 'unknown') return target.symbol ? this.byKey.get(normalizeId(target.symbol)) : undefined;
    if (target.kind !== 'string') return undefined;
    const text = target.value;
    if (text.startsWith('/')) return this.byKey.get(normalizeId(text));
    const lower = text.toLowerCase();
    const bySymbol = this.bySymbol.get(tpl)?.get(lower) ?? [];
    if (bySymbol.length > 0) return bySymbol.length === 1 ? bySymbol[0] : undefined;
    const byName = this.byName.get(tpl)?.get(lower) ?? [];
    return byName.length === 1 ? byName[0] : undefined;
  }

  /** The body Azure gets: the declaration minus its structural keys, with expressions evaluated. */
  body(inst: Instance): ObjectValue | undefined {
    const memo = this.bodies.get(inst);
    if (memo) return memo;
    return this.session.guard(
      inst,
      () => undefined,
      () => {
        const tpl = inst.template;
        const isDeployment = sameType(inst.type, T.deployment);
        const entries: ObjectEntry[] = [];
        for (const m of members(inst.node)) {
          const key = m.key.toLowerCase();
          if (STRUCTURAL.has(key)) continue;
          const span = spanOf(tpl.doc, m.node);
          const keySpan = spanOf(tpl.doc, m.keyNode);
          // A nested template is its own set of resources, not a property of the deployment.
          const value =
            isDeployment && key === 'properties' && m.value.type === 'object'
              ? {
                  kind: 'object' as const,
                  entries: tpl.evalMembers(m.value, inst.frame, (k) => k === 'template'),
                  span: spanOf(tpl.doc, m.value),
                }
              : tpl.evalNode(m.value, inst.frame);
          entries.push({ key: m.key, value, span, keySpan });
        }
        const body: ObjectValue = { kind: 'object', entries, span: spanOf(tpl.doc, inst.node) };
        this.bodies.set(inst, body);
        return body;
      },
    );
  }

  toResource(inst: Instance): Resource {
    const tpl = inst.template;
    this.noteDependencies(inst);
    const nameNode = child(inst.node, 'name');
    return {
      id: inst.id,
      key: inst.key,
      idKnown: inst.idKnown,
      type: canonicalType(inst.type),
      name: inst.names.map(partText).join('/'),
      body: this.body(inst) ?? { kind: 'object', entries: [], span: spanOf(tpl.doc, inst.node) },
      origin: inst.existing ? 'existing' : 'declared',
      presence: inst.presence,
      presenceReason: inst.presenceReason,
      language: 'arm',
      file: tpl.doc.file,
      span: spanOf(tpl.doc, inst.node),
      nameSpan: nameNode ? spanOf(tpl.doc, nameNode) : undefined,
      symbol: inst.symbol,
      parentKey: inst.parentKey,
      ...(tpl.init.instantiatedBy && { instantiatedBy: [...tpl.init.instantiatedBy] }),
    };
  }

  /** Each `dependsOn` entry (a resource id, name or symbolic name) names a resource of the template. */
  private noteDependencies(inst: Instance): void {
    const tpl = inst.template;
    for (const entry of child(inst.node, 'dependsOn')?.children ?? []) {
      if (entry.type !== 'string') continue;
      const target = this.lookup(tpl, tpl.evalNode(entry, inst.frame));
      if (target)
        this.session.noteReference(
          spanOf(tpl.doc, entry),
          target.idKnown ? str(target.id) : unknown(`the id of '${target.symbol}' is not known`, undefined, target.id),
        );
    }
  }

  private declareList(
    tpl: Template,
    list: Node | undefined,
    parent: Instance | undefined,
    inherited: Presence | undefined,
    frame: Frame,
  ): void {
    if (list?.type === 'array') {
      for (const node of list.children ?? [])
        if (node.type === 'object') this.declare(tpl, node, undefined, parent, inherited, frame);
    } else if (list?.type === 'object') {
      for (const m of members(list))
        if (m.value.type === 'object') this.declare(tpl, m.value, m.key, parent, inherited, frame);
    }
  }

  private declare(
    tpl: Template,
    node: Node,
    symbolicName: string | undefined,
    parent: Instance | undefined,
    inherited: Presence | undefined,
    frame: Frame,
  ): void {
    const copy = child(node, 'copy');
    if (!copy) {
      if (this.session.budget.instance(spanOf(tpl.doc, node)))
        this.instantiate(tpl, node, symbolicName, parent, inherited, frame);
      return;
    }
    const loop = stringOf(child(copy, 'name')) ?? 'copy';
    const count = tpl.evalOptional(child(copy, 'count'), frame, `copy loop '${loop}' has no count`);
    // ARM rejects a loop of more than 800 copies: how many the corrected template will have is not
    // known, so it gets the stand-in of an unknown count (expanding 800 of them, perhaps in every
    // copy of a nested deployment, was most of the time spent on such templates).
    const tooLarge = count.kind === 'number' && count.value > MAX_COPY;
    if (tooLarge)
      this.session.report(
        tpl.doc,
        copy.offset,
        copy.offset + copy.length,
        'copy-too-large',
        'warning',
        `a copy loop may have at most ${MAX_COPY} items, and ARM rejects this one; it is analysed as an unknown number of copies`,
      );
    if (count.kind === 'number' && !tooLarge) {
      for (let i = 0; i < count.value; i++) {
        if (!this.session.budget.instance(spanOf(tpl.doc, copy))) break;
        this.instantiate(
          tpl,
          node,
          symbolicName,
          parent,
          inherited,
          withIndex(frame, loop, { kind: 'number', value: i }, true),
        );
      }
      return;
    }
    // An unknown count: one stand-in instance, which may or may not exist.
    if (!this.session.budget.instance(spanOf(tpl.doc, copy))) return;
    const reason =
      count.kind === 'unknown'
        ? count.reason
        : tooLarge
          ? `its count ${count.value} is over ARM's limit of ${MAX_COPY}`
          : `copy count is a ${count.kind}`;
    const index = unknown(
      `the number of '${loop}' copies is not known: ${reason}`,
      undefined,
      `{copyIndex('${loop}')}`,
    );
    this.instantiate(
      tpl,
      node,
      symbolicName,
      parent,
      { presence: 'maybe', reason: index.reason },
      withIndex(frame, loop, index, true),
    );
  }

  private instantiate(
    tpl: Template,
    node: Node,
    symbolicName: string | undefined,
    parent: Instance | undefined,
    inherited: Presence | undefined,
    frame: Frame,
  ): void {
    const at = (n: Node | undefined): [number, number] =>
      n ? [n.offset, n.offset + n.length] : [node.offset, node.offset + 1];
    const conditionNode = child(node, 'condition');
    const condition = conditionNode ? tpl.evalNode(conditionNode, frame) : undefined;
    if (condition && knownBoolean(condition) === false) return;
    let presence =
      inherited ??
      (parent?.presence === 'maybe' ? { presence: 'maybe' as const, reason: parent.presenceReason } : undefined);
    if (condition && knownBoolean(condition) === undefined) {
      presence = {
        presence: 'maybe',
        reason: `its condition is not known${condition.kind === 'unknown' ? `: ${condition.reason}` : ''}`,
      };
    }

    const typeNode = child(node, 'type');
    const typeValue = typeNode ? tpl.evalNode(typeNode, frame) : undefined;
    if (typeValue?.kind !== 'string') {
      this.session.report(
        tpl.doc,
        ...at(typeNode),
        'resource-type-unknown',
        'warning',
        'the resource type could not be determined; the resource is not analysed',
      );
      return;
    }
    // A child's type is relative to its parent ('subnets', 'blobServices/containers') unless it names its namespace.
    const nested = parent !== undefined && !typeValue.value.split('/')[0].includes('.');
    const type = nested ? `${parent.type}/${typeValue.value}` : typeValue.value;
    const nameNode = child(node, 'name');
    const nameValue = nameNode ? tpl.evalNode(nameNode, frame) : unknown('the resource has no name');
    const own = nameParts(nameValue, stringOf(nameNode) ?? '');
    const names = nested ? [...parent.names, ...own] : own;
    const segments = type.split('/').length - 1;
    if (names.length !== segments && names.every((p) => typeof p === 'string')) {
      this.session.report(
        tpl.doc,
        ...at(nameNode),
        'resource-name-segments',
        'warning',
        `a resource of type '${type}' needs a name of ${segments} segment${segments === 1 ? '' : 's'}, found ${names.length}`,
      );
    }

    const scope = parent ? parent.targetScope : this.scopeOf(tpl, node, frame);
    const extensionOf = parent ? undefined : this.extensionBase(tpl, node, frame);
    const { id, known: idKnown } = declaredId(extensionOf, scope, type, names);
    const existing = knownBoolean(tpl.evalOptional(child(node, 'existing'), frame, '')) === true;
    const inst: Instance = {
      template: tpl,
      node,
      frame,
      type,
      names,
      id,
      key: normalizeId(id),
      idKnown,
      existing,
      presence: presence?.presence ?? 'always',
      presenceReason: presence?.reason,
      symbol: symbolicName ?? stringOf(nameNode) ?? id,
      symbolicName,
      parent,
      parentKey: this.parentKey(parent, scope, extensionOf, type, names),
      targetScope: scope,
    };
    this.instances.push(inst);
    if (symbolicName !== undefined) indexUnder(this.bySymbol, tpl, symbolicName.toLowerCase(), inst);
    indexUnder(this.byName, tpl, inst.names.map(partText).join('/').toLowerCase(), inst);
    // First declaration wins; a declaration also replaces an `existing` reference seen before it.
    const known = this.byKey.get(inst.key);
    if (!known || (known.existing && !inst.existing)) this.byKey.set(inst.key, inst);
    this.declareList(tpl, child(node, 'resources'), inst, presence, frame);
  }

  private parentKey(
    parent: Instance | undefined,
    scope: Instance['targetScope'],
    extensionOf: Part | undefined,
    type: string,
    names: Part[],
  ): string | undefined {
    if (parent) return parent.key;
    const segments = type.split('/');
    if (segments.length < 3 || extensionOf !== undefined) return undefined;
    const parentId = resourceIdValue(scope, segments.slice(0, -1).join('/'), names.slice(0, -1));
    const text =
      parentId.kind === 'string' ? parentId.value : parentId.kind === 'unknown' ? parentId.symbol : undefined;
    return text === undefined ? undefined : normalizeId(text);
  }

  /** The subscription and group a declaration deploys into: the template's, unless it names others. */
  private scopeOf(tpl: Template, node: Node, frame: Frame): Instance['targetScope'] {
    const base = tpl.init.scope;
    const sub = child(node, 'subscriptionId');
    const rg = child(node, 'resourceGroup');
    const subPart = sub ? asPart(tpl.evalNode(sub, frame), stringOf(sub)) : base.subscriptionId;
    if (rg) return { subscriptionId: subPart, resourceGroup: asPart(tpl.evalNode(rg, frame), stringOf(rg)) };
    // A subscription without a group targets that subscription itself.
    return sub
      ? { subscriptionId: subPart }
      : { subscriptionId: base.subscriptionId, resourceGroup: base.resourceGroup };
  }

  /** For an extension resource (`scope` set), the id it attaches to. */
  private extensionBase(tpl: Template, node: Node, frame: Frame): Part | undefined {
    const scopeNode = child(node, 'scope');
    if (!scopeNode) return undefined;
    const base = asPart(tpl.evalNode(scopeNode, frame), stringOf(scopeNode));
    const text = partText(base);
    if (text.startsWith('/') || !text.includes('/')) return base;
    // A resource of the deployment's own scope, written `Namespace/type/name`, and for a child
    // `Namespace/type/name/childType/childName` (what Bicep emits for `scope: subnet`).
    const [namespace, ...pairs] = nameParts(partValue(base), stringOf(scopeNode) ?? '');
    const types = pairs.filter((_, i) => i % 2 === 0);
    const names = pairs.filter((_, i) => i % 2 === 1);
    if (types.length !== names.length)
      return asPart(unknown(`'${text}' is not a resource of the form Namespace/type/name`), stringOf(scopeNode));
    const type = [namespace, ...types].map(partText).join('/');
    return asPart(resourceIdValue(this.scopeOf(tpl, node, frame), type, names), stringOf(scopeNode));
  }
}

interface Presence {
  presence: 'always' | 'maybe';
  reason?: string;
}

function asPart(v: Value, written: string | undefined): Part {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'unknown' && v.symbol) return v;
  return unknown(
    v.kind === 'unknown' ? v.reason : `expected a string, found ${v.kind}`,
    undefined,
    `{${written ?? '?'}}`,
  );
}

/** The runtime state `reference()` sees of a declared resource: its properties, or everything when `full`. */
export function runtimeState(body: ObjectValue, inst: RuntimeIdentity, full: boolean): Value {
  const properties = withInlineChildIds(member(body, 'properties'), inst);
  if (!full) return properties ?? { kind: 'object', entries: [] };
  const span: SourceSpan | undefined = body.span;
  return {
    kind: 'object',
    entries: [
      {
        key: 'id',
        value: inst.idKnown ? { kind: 'string', value: inst.id, span } : unknown('the id is not known', span, inst.id),
      },
      { key: 'name', value: { kind: 'string', value: inst.names.map(partText).join('/'), span } },
      { key: 'type', value: { kind: 'string', value: inst.type, span } },
      ...body.entries.map((e) =>
        e.key.toLowerCase() === 'properties' && properties ? { ...e, value: properties } : e,
      ),
    ],
    span,
  };
}

/** What `reference()` needs to know of a resource besides its body (the Bicep front end has its own instances). */
export type RuntimeIdentity = Pick<Instance, 'id' | 'idKnown' | 'names' | 'type'>;

/**
 * Azure gives every item of an inline child collection (`subnets`, `virtualNetworkPeerings`, …) the
 * id `<parent id>/<collection>/<name>`, so `reference(vnet).subnets[0].id` is known before deployment.
 */
export function withInlineChildIds(
  properties: Value | undefined,
  inst: Pick<Instance, 'id' | 'idKnown'>,
): Value | undefined {
  if (properties?.kind !== 'object') return properties;
  return {
    ...properties,
    entries: properties.entries.map((e) =>
      e.value.kind === 'array'
        ? { ...e, value: { ...e.value, items: e.value.items.map((item) => withId(item, `${inst.id}/${e.key}`, inst)) } }
        : e,
    ),
  };
}

function withId(item: Value, collectionId: string, inst: Pick<Instance, 'idKnown'>): Value {
  if (item.kind !== 'object' || member(item, 'id') !== undefined) return item;
  const name = member(item, 'name');
  const part = name?.kind === 'string' ? name.value : name?.kind === 'unknown' ? name.symbol : undefined;
  if (part === undefined) return item;
  const id = `${collectionId}/${part}`;
  const value: Value =
    inst.idKnown && name?.kind === 'string'
      ? { kind: 'string', value: id, span: name.span }
      : unknown('the id is not known', name?.span, id);
  return { ...item, entries: [...item.entries, { key: 'id', value }] };
}

function indexUnder(index: Map<Template, Map<string, Instance[]>>, tpl: Template, key: string, inst: Instance): void {
  let own = index.get(tpl);
  if (!own) index.set(tpl, (own = new Map()));
  const list = own.get(key);
  if (list) list.push(inst);
  else own.set(key, [inst]);
}
