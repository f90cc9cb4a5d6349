import * as path from 'node:path';
import type { DeploymentContext } from '../../graph/context';
import type { SourceSpan } from '../../graph/span';
import type { ObjectEntry, ObjectValue, UnknownValue, Value } from '../../graph/value';
import { knownBoolean, member, unknown } from '../../graph/value';
import type { Resource } from '../../graph/resource';
import type { DeploymentScope, EvalEnv, Part } from '../arm/expressions/evaluate';
import { evaluate } from '../arm/expressions/evaluate';
import { evaluateGuarded } from '../guarded-evaluation';
import { markOpen, partValue } from '../arm/expressions/symbols';
import { declaredId, resourceIdValue } from '../arm/expressions/functions/resource-ids';
import { nameParts, partText } from '../arm/names';
import { parameterSymbol } from '../arm/template';
import { withInlineChildIds } from '../arm/resources';
import { normalizeId } from '../../graph/resource-id';
import { T, sameType } from '../../graph/types';
import type { SymbolKind } from './lower';
import { BICEP, Lowering } from './lower';
import type { BicepSession, ParsedFile } from './session';
import type { Expr, FuncDecl, ModuleDecl, ObjectExpr, OutputDecl, ParamDecl, ResourceDecl, VarDecl } from './syntax';
import { literalString, unparen } from './syntax';

/** Bicep, like ARM, stops a loop at 800 items. */
const MAX_LOOP = 800;

export type Locals = ReadonlyMap<string, Value>;

const NO_LOCALS: Locals = new Map();

export interface Presence {
  presence: 'always' | 'maybe';
  reason?: string;
}

/** What a resource declaration became: one per loop item, after its condition. */
export interface BicepInstance {
  module: BicepModule;
  decl: ResourceDecl;
  body: ObjectExpr;
  /** `vnet`, or `vnet::subnet` for a nested child. */
  symbol: string;
  locals: Locals;
  type: string;
  apiVersion?: string;
  names: Part[];
  id: string;
  key: string;
  idKnown: boolean;
  existing: boolean;
  presence: 'always' | 'maybe';
  presenceReason?: string;
  parent?: BicepInstance;
  parentKey?: string;
  targetScope: { subscriptionId?: Part; resourceGroup?: Part };
}

/** What a module declaration became: one per loop item, after its condition. */
export interface ModuleInstance {
  owner: BicepModule;
  decl: ModuleDecl;
  body: ObjectExpr;
  locals: Locals;
  name: Part;
  presence: 'always' | 'maybe';
  presenceReason?: string;
  /** The module's own evaluation, for local `.bicep` files. */
  child?: BicepModule;
  /** Outputs of a module not read as Bicep (an ARM template), when known. */
  outputs?: Value;
  /** The source of a module that is not analysed (registry, template spec, unreadable). */
  opaque?: string;
}

/** Follows a module declaration into the file it names; supplied by the load. */
export interface ModuleHost {
  session: BicepSession;
  context: DeploymentContext;
  instantiate(inst: ModuleInstance, scope: DeploymentScope): void;
  /** The module for a compile-time `import … from` file, with its defaults. */
  imported(from: BicepModule, file: string): BicepModule | undefined;
}

export interface ModuleInit {
  parsed: ParsedFile;
  host: ModuleHost;
  scope: DeploymentScope;
  deploymentName: Part;
  /** Parameter values given from outside (a parent module, a `.bicepparam`, a parameter file). */
  supplied: ReadonlyMap<string, Value>;
  /** For a module: its deployment name, so its unset parameters get symbols of their own. */
  nestedIn?: string;
  presence: Presence;
  /** Files from the deployment down to this one, to stop module cycles. */
  chain: readonly string[];
  /** The `module` declarations this file was reached through, outermost first. */
  instantiatedBy: NonNullable<Resource['instantiatedBy']>;
}

interface ResourceEntry {
  decl: ResourceDecl;
  parent?: string;
}

/**
 * One Bicep file evaluated with one set of inputs: its parameters, variables, functions, resources,
 * modules and outputs, each evaluated lazily and once, so they may refer to each other in any
 * order. Expressions are lowered to ARM's and evaluated by ARM's evaluator.
 */
export class BicepModule {
  readonly params = new Map<string, ParamDecl>();
  readonly vars = new Map<string, VarDecl>();
  readonly funcs = new Map<string, FuncDecl>();
  readonly resources = new Map<string, ResourceEntry>();
  readonly modules = new Map<string, ModuleDecl>();
  readonly outputDecls: OutputDecl[] = [];
  /** `import { a as b } from 'f'`: local name → the file and the name there. */
  private readonly imports = new Map<string, { file: string; name: string }>();
  /** `import * as ns from 'f'`. */
  private readonly namespaces = new Map<string, string>();
  private readonly lowering: Lowering;
  private readonly paramValues = new Map<string, Value>();
  private readonly varValues = new Map<string, Value>();
  private readonly resourceInstances = new Map<string, BicepInstance[]>();
  private readonly moduleInstances = new Map<string, ModuleInstance[]>();
  private readonly bodies = new Map<BicepInstance, ObjectValue>();
  private outputValues?: ObjectValue;

  constructor(readonly init: ModuleInit) {
    const dir = path.dirname(init.parsed.file);
    for (const s of init.parsed.syntax.statements) {
      switch (s.kind) {
        case 'param':
          this.params.set(s.name.text, s);
          break;
        case 'var':
          this.vars.set(s.name.text, s);
          break;
        case 'func':
          this.funcs.set(s.name.text, s);
          break;
        case 'resource':
          this.addResource(s, undefined);
          break;
        case 'module':
          this.modules.set(s.name.text, s);
          break;
        case 'output':
          this.outputDecls.push(s);
          break;
        case 'import': {
          const from = literalString(s.from);
          if (from === undefined) break;
          const file = path.resolve(dir, from);
          if (s.wildcard) this.namespaces.set(s.wildcard.text, file);
          for (const sym of s.symbols ?? [])
            this.imports.set((sym.alias ?? sym.name).text, { file, name: sym.name.text });
          break;
        }
        default:
          break;
      }
    }
    this.lowering = new Lowering({
      kind: (name) => this.kindOf(name),
      loadFile: (p) => init.host.session.host.read(path.resolve(dir, p)),
    });
  }

  get file(): string {
    return this.init.parsed.file;
  }

  get session(): BicepSession {
    return this.init.host.session;
  }

  span(start: number, end: number): SourceSpan {
    return this.session.span(this.init.parsed, start, end);
  }

  private addResource(decl: ResourceDecl, parent: string | undefined): void {
    const symbol = parent === undefined ? decl.name.text : `${parent}::${decl.name.text}`;
    this.resources.set(symbol, { decl, parent });
    const body = bodyObject(decl.body);
    for (const m of body?.members ?? []) if (m.kind === 'resource') this.addResource(m.decl, symbol);
  }

  private kindOf(name: string): SymbolKind | undefined {
    if (this.params.has(name)) return 'param';
    if (this.vars.has(name)) return 'var';
    if (this.resources.has(name)) return 'resource';
    if (this.modules.has(name)) return 'module';
    if (this.funcs.has(name)) return 'func';
    if (this.imports.has(name)) return 'import';
    if (this.namespaces.has(name)) return 'namespace';
    return undefined;
  }

  // ------------------------------------------------------------ parameters, variables, outputs

  parameter(name: string): Value | undefined {
    const decl = this.params.get(name);
    if (!decl) return undefined;
    const memo = this.paramValues.get(name);
    if (memo) return memo;
    const value = this.session.guard(
      decl,
      () => unknown(`parameter '${name}' refers to itself`),
      () => {
        const given = this.init.supplied.get(name);
        if (given && !(given.kind === 'null' && decl.value)) return given;
        if (decl.value) return this.value(decl.value, NO_LOCALS);
        if (decl.type?.nullable) return { kind: 'null', span: this.span(decl.name.start, decl.name.end) } as Value;
        return unknown(`parameter '${name}' has no value`, undefined, parameterSymbol(name, this.init.nestedIn));
      },
    );
    this.paramValues.set(name, value);
    return value;
  }

  variable(name: string): Value | undefined {
    const decl = this.vars.get(name);
    if (!decl) return undefined;
    const memo = this.varValues.get(name);
    if (memo) return memo;
    const value = this.session.guard(
      decl,
      () => unknown(`variable '${name}' refers to itself`),
      () => this.value(decl.value, NO_LOCALS),
    );
    this.varValues.set(name, value);
    return value;
  }

  /** `{ name: value }` of every output, as `module.outputs` shows them. */
  outputs(): ObjectValue {
    this.outputValues ??= this.session.guard<ObjectValue>(
      this,
      () => ({ kind: 'object', entries: [] }),
      () => ({
        kind: 'object',
        entries: this.outputDecls.map((o): ObjectEntry => ({
          key: o.name.text,
          value: this.value(o.value, NO_LOCALS),
          span: this.span(o.start, o.end),
        })),
      }),
    );
    return this.outputValues;
  }

  // ------------------------------------------------------------ values

  env(): EvalEnv {
    return {
      context: this.init.host.context,
      scope: this.init.scope,
      deploymentName: this.init.deploymentName,
      parameter: (name) => this.parameter(name),
      variable: (name) => this.variable(name),
      copyIndex: () => undefined,
      reference: () => undefined,
      callUser: (name, args) => this.callUser(name, args),
      budget: this.session.budget,
    };
  }

  /**
   * An expression's value. Object and array literals, loops and plain literals are walked here so
   * every member keeps its own span; everything else is lowered and evaluated by ARM's evaluator,
   * its result placed at the expression's span.
   */
  value(expr: Expr, locals: Locals): Value {
    const e = unparen(expr);
    const span = this.span(e.start, e.end);
    try {
      return this.valueAt(e, locals, span);
    } catch (err) {
      // Once the deployment's budget is spent, what this expression would build is unknown.
      return this.session.budget.absorb(err, span);
    }
  }

  private valueAt(e: Expr, locals: Locals, span: SourceSpan): Value {
    switch (e.kind) {
      case 'string':
        if (e.holes.length === 0) return { kind: 'string', value: e.segments[0], span };
        break;
      case 'number':
        return { kind: 'number', value: e.value, span };
      case 'boolean':
        return { kind: 'boolean', value: e.value, span };
      case 'null':
        return { kind: 'null', span };
      case 'object':
        if (e.members.some((m) => m.kind === 'spread' || (m.kind === 'property' && m.keyExpr))) break;
        this.session.budget.step();
        this.session.budget.addValues(e.members.length);
        return { kind: 'object', entries: this.members(e, locals, () => false), span };
      case 'array':
        if (e.items.some((i) => i.kind === 'spread')) break;
        this.session.budget.step();
        this.session.budget.addValues(e.items.length);
        return { kind: 'array', items: e.items.map((i) => this.value(i.value, locals)), span };
      case 'for':
        return this.loopValue(e, locals, span);
      default:
        break;
    }
    return this.evaluated(e, locals, span);
  }

  /** The members of an object literal, minus those `skip` names and nested resources. */
  members(obj: ObjectExpr, locals: Locals, skip: (key: string) => boolean): ObjectEntry[] {
    const out: ObjectEntry[] = [];
    for (const m of obj.members) {
      if (m.kind !== 'property' || skip(m.key)) continue;
      out.push({
        key: m.key,
        value: this.value(m.value, locals),
        span: this.span(m.start, m.end),
        keySpan: this.span(m.keyStart, m.keyEnd),
      });
    }
    return out;
  }

  private loopValue(e: Extract<Expr, { kind: 'for' }>, locals: Locals, span: SourceSpan): Value {
    const frames = this.loopFrames(e, locals);
    if (!Array.isArray(frames)) return { ...frames, span };
    const items: Value[] = [];
    for (const f of frames) {
      this.session.budget.step();
      this.session.budget.addValues(1);
      let body = e.body;
      if (body.kind === 'if') {
        const keep = knownBoolean(this.value(body.test, f));
        if (keep === undefined) return unknown('a loop filter condition is not known', span, undefined);
        if (!keep) continue;
        body = body.body;
      }
      items.push(this.value(body, f));
    }
    return { kind: 'array', items, span };
  }

  /** One set of locals per loop item; an unknown when the items are not known. */
  loopFrames(e: Extract<Expr, { kind: 'for' }>, locals: Locals): Locals[] | UnknownValue {
    const list = this.value(e.iterable, locals);
    if (list.kind === 'unknown') return unknown(`the loop's items are not known: ${list.reason}`);
    if (list.kind !== 'array') return unknown(`a loop runs over an array, found ${list.kind}`);
    if (list.items.length > MAX_LOOP) {
      this.session.reportAt(
        this.span(e.start, e.end),
        'loop-too-large',
        'warning',
        `a loop may have at most ${MAX_LOOP} items`,
      );
    }
    return list.items.slice(0, MAX_LOOP).map((item, i) => {
      const inner = new Map(locals);
      if (e.item) inner.set(e.item.text, item);
      if (e.index) inner.set(e.index.text, { kind: 'number', value: i });
      return inner;
    });
  }

  private evaluated(e: Expr, locals: Locals, span: SourceSpan): Value {
    return evaluateGuarded(
      () => evaluate(this.lowering.lower(e, new Set(locals.keys())), this.env(), locals),
      span,
      this.session,
    );
  }

  private callUser(name: string, args: Value[]): Value | undefined {
    const text = (i: number): string => (args[i]?.kind === 'string' ? (args[i] as { value: string }).value : '');
    switch (name) {
      case BICEP.resourceId:
      case BICEP.resourceName:
      case BICEP.resourceType:
      case BICEP.resourceApiVersion:
      case BICEP.resource:
        return this.resourceValue(name, text(0));
      case BICEP.module:
        return this.moduleValue(text(0));
      case BICEP.func:
        return this.callFunc(text(0), args.slice(1));
      case BICEP.imported:
        return this.importedValue(text(0), args.slice(1));
      case BICEP.unknown:
        return unknown(text(0));
      default:
        return undefined;
    }
  }

  callFunc(name: string, args: Value[]): Value {
    const decl = this.funcs.get(name);
    if (!decl || decl.body.kind !== 'lambda') return unknown(`function '${name}' is not declared`);
    const body = decl.body;
    const locals = new Map<string, Value>();
    body.params.forEach((p, i) => locals.set(p.text, args[i] ?? unknown(`no argument for '${p.text}'`)));
    return this.session.guard(
      decl,
      () => unknown(`function '${name}' calls itself`),
      () => this.value(body.body, locals),
    );
  }

  private importedValue(name: string, args: Value[]): Value {
    const dot = name.indexOf('.');
    const target =
      dot >= 0 ? { file: this.namespaces.get(name.slice(0, dot)), name: name.slice(dot + 1) } : this.imports.get(name);
    if (!target?.file) return unknown(`'${name}' is not imported`);
    const from = this.init.host.imported(this, target.file);
    if (!from) return unknown(`'${name}' is imported from a file that is not read`);
    if (from.funcs.has(target.name)) return from.callFunc(target.name, args);
    return from.variable(target.name) ?? unknown(`'${target.name}' is not exported by ${path.basename(target.file)}`);
  }

  // ------------------------------------------------------------ resources

  private resourceValue(fn: string, symbol: string): Value {
    const entry = this.resources.get(symbol);
    if (!entry) return unknown(`no resource '${symbol}' here`);
    const looped = isLoop(entry.decl.body) || (entry.parent !== undefined && this.loopedAncestor(entry.parent));
    const instances = this.instancesOf(symbol);
    const one = (inst: BicepInstance): Value => {
      switch (fn) {
        case BICEP.resourceId:
          return inst.idKnown
            ? { kind: 'string', value: inst.id }
            : unknown(`the id of '${symbol}' is not known`, undefined, inst.id);
        case BICEP.resourceName: {
          const own = inst.parent ? inst.names.slice(inst.parent.names.length) : inst.names;
          return joinParts(own);
        }
        case BICEP.resourceType:
          return { kind: 'string', value: inst.type };
        case BICEP.resourceApiVersion:
          return inst.apiVersion ? { kind: 'string', value: inst.apiVersion } : unknown('no API version');
        default:
          return this.state(inst);
      }
    };
    if (looped) return { kind: 'array', items: instances.map(one) };
    if (instances.length === 0) return unknown(`resource '${symbol}' is not deployed (its condition is false)`);
    return one(instances[0]);
  }

  private loopedAncestor(symbol: string): boolean {
    const entry = this.resources.get(symbol);
    if (!entry) return false;
    return isLoop(entry.decl.body) || (entry.parent !== undefined && this.loopedAncestor(entry.parent));
  }

  /** What other expressions see of a resource: id, name, type and its body, open to runtime-only properties. */
  private state(inst: BicepInstance): Value {
    const base: ObjectEntry[] = [
      {
        key: 'id',
        value: inst.idKnown ? { kind: 'string', value: inst.id } : unknown('the id is not known', undefined, inst.id),
      },
      { key: 'name', value: joinParts(inst.names) },
      { key: 'type', value: { kind: 'string', value: inst.type } },
    ];
    if (inst.apiVersion) base.push({ key: 'apiVersion', value: { kind: 'string', value: inst.apiVersion } });
    // Reads of runtime-only properties name the resource as ARM's reference(<id>, …, 'Full') does.
    const symbol = `{${inst.id}}`;
    const read = { id: inst.id, path: [] };
    if (inst.existing) return markOpen({ kind: 'object', entries: base }, symbol, read);
    const body = this.body(inst);
    const properties = withInlineChildIds(member(body, 'properties'), inst);
    const open = (v: Value) => markOpen(v, `${symbol}.properties`, { id: inst.id, path: ['properties'] });
    const rest = body.entries
      .filter((e) => !['id', 'name', 'type', 'apiversion'].includes(e.key.toLowerCase()))
      .map((e) => (e.key.toLowerCase() === 'properties' && properties ? { ...e, value: open(properties) } : e));
    return markOpen({ kind: 'object', entries: [...base, ...rest] }, symbol, read);
  }

  /** The body Azure gets: the declaration minus `name`, `parent`, `scope`, `dependsOn` and nested resources. */
  body(inst: BicepInstance): ObjectValue {
    const memo = this.bodies.get(inst);
    if (memo) return memo;
    const span = this.span(inst.body.start, inst.body.end);
    return this.session.guard(
      inst,
      () => ({ kind: 'object', entries: [], span }),
      () => {
        let entries = this.members(inst.body, inst.locals, (k) => STRUCTURAL.has(k));
        // A nested template is its own set of resources, not a property of the deployment (as in the ARM front end).
        if (sameType(inst.type, T.deployment))
          entries = entries.map((e) =>
            e.key === 'properties' && e.value.kind === 'object'
              ? { ...e, value: { ...e.value, entries: e.value.entries.filter((p) => p.key !== 'template') } }
              : e,
          );
        const body: ObjectValue = { kind: 'object', entries, span };
        this.bodies.set(inst, body);
        return body;
      },
    );
  }

  /** Every instance of a resource symbol, made on first need (a name may use another resource's). */
  instancesOf(symbol: string): BicepInstance[] {
    const memo = this.resourceInstances.get(symbol);
    if (memo) return memo;
    const entry = this.resources.get(symbol);
    if (!entry) return [];
    return this.session.guard(
      entry,
      () => [],
      () => {
        const out: BicepInstance[] = [];
        const parents = entry.parent === undefined ? [undefined] : this.instancesOf(entry.parent);
        for (const parent of parents) {
          const inherited: Presence =
            parent?.presence === 'maybe' ? { presence: 'maybe', reason: parent.presenceReason } : this.init.presence;
          for (const x of this.expand(entry.decl.body, parent?.locals ?? NO_LOCALS, inherited)) {
            if (!this.session.budget.instance(this.span(entry.decl.start, entry.decl.end))) break;
            const inst = this.instantiate(entry.decl, symbol, x.body, x.locals, x.presence, parent);
            if (inst) out.push(inst);
          }
        }
        this.resourceInstances.set(symbol, out);
        return out;
      },
    );
  }

  /** A resource or module body after its loop and condition: one object per instance. */
  expand(body: Expr, locals: Locals, inherited: Presence): { body: ObjectExpr; locals: Locals; presence: Presence }[] {
    if (body.kind === 'object') return [{ body, locals, presence: inherited }];
    if (body.kind === 'if') {
      const test = this.value(body.test, locals);
      const known = knownBoolean(test);
      if (known === false) return [];
      const presence: Presence =
        known === true
          ? inherited
          : {
              presence: 'maybe',
              reason: `its condition is not known${test.kind === 'unknown' ? `: ${test.reason}` : ''}`,
            };
      return body.body.kind === 'object' ? [{ body: body.body, locals, presence }] : [];
    }
    if (body.kind === 'for') {
      const frames = this.loopFrames(body, locals);
      if (!Array.isArray(frames)) {
        // An unknown number of items: one stand-in, which may or may not exist.
        const standIn = new Map(locals);
        const loopName = body.item?.text ?? 'item';
        if (body.item) standIn.set(body.item.text, unknown(frames.reason, undefined, `{${loopName}}`));
        if (body.index) standIn.set(body.index.text, unknown(frames.reason, undefined, `{${body.index.text}}`));
        return this.expand(body.body, standIn, { presence: 'maybe', reason: frames.reason });
      }
      return frames.flatMap((f) => this.expand(body.body, f, inherited));
    }
    return [];
  }

  private instantiate(
    decl: ResourceDecl,
    symbol: string,
    body: ObjectExpr,
    locals: Locals,
    presence: Presence,
    nestedIn: BicepInstance | undefined,
  ): BicepInstance | undefined {
    const typeValue = this.value(decl.type, locals);
    if (typeValue.kind !== 'string') {
      this.session.reportAt(
        this.span(decl.type.start, decl.type.end),
        'resource-type-unknown',
        'warning',
        'the resource type could not be determined; the resource is not analysed',
      );
      return undefined;
    }
    const [typeText, apiVersion] = typeValue.value.replace(/^[a-z]+:/i, '').split('@');
    const relative = nestedIn !== undefined && !typeText.split('/')[0].includes('.');
    const type = relative ? `${nestedIn.type}/${typeText}` : typeText;
    const parent = nestedIn ?? this.parentOf(body, locals);
    const nameExpr = property(body, 'name');
    const nameValue = nameExpr ? this.value(nameExpr, locals) : unknown(`resource '${symbol}' has no name`);
    const written = nameExpr ? this.init.parsed.syntax.text.slice(nameExpr.start, nameExpr.end) : symbol;
    const own = nameParts(nameValue, written);
    const names = parent ? [...parent.names, ...own] : own;
    let scope: BicepInstance['targetScope'] = parent ? parent.targetScope : this.targetOf(this.init.scope);
    let extensionOf: Part | undefined;
    const scopeExpr = parent ? undefined : property(body, 'scope');
    if (scopeExpr) {
      const target = this.scopeOf(scopeExpr, locals);
      if (target.kind === 'extension') extensionOf = target.base;
      else scope = target.scope;
    }
    const { id, known: idKnown } = declaredId(extensionOf, scope, type, names);
    const inherit =
      parent?.presence === 'maybe' ? { presence: 'maybe' as const, reason: parent.presenceReason } : undefined;
    const effective = presence.presence === 'maybe' ? presence : (inherit ?? presence);
    return {
      module: this,
      decl,
      body,
      symbol,
      locals,
      type,
      apiVersion,
      names,
      id,
      key: normalizeId(id),
      idKnown,
      existing: decl.existing,
      presence: effective.presence,
      presenceReason: effective.reason,
      parent,
      parentKey: parent ? parent.key : impliedParentKey(scope, extensionOf, type, names),
      targetScope: scope,
    };
  }

  /** `parent: vnet` or `parent: vnets[i]`. */
  private parentOf(body: ObjectExpr, locals: Locals): BicepInstance | undefined {
    const expr = property(body, 'parent');
    if (!expr) return undefined;
    return this.instanceAt(unparen(expr), locals);
  }

  /** The instance a symbol expression (`vnet`, `vnets[i]`, `vnet::subnet`) stands for. */
  private instanceAt(e: Expr, locals: Locals): BicepInstance | undefined {
    const symbolOfExpr = (x: Expr): string | undefined => {
      if (x.kind === 'identifier' && !locals.has(x.name) && this.resources.has(x.name)) return x.name;
      if (x.kind === 'child') {
        const p = symbolOfExpr(x.target);
        return p === undefined ? undefined : `${p}::${x.name.text}`;
      }
      return undefined;
    };
    const direct = symbolOfExpr(e);
    if (direct !== undefined) {
      const all = this.instancesOf(direct);
      return all.length === 1 ? all[0] : undefined;
    }
    if (e.kind === 'index') {
      const sym = symbolOfExpr(e.target);
      if (sym === undefined) return undefined;
      const i = this.value(e.index, locals);
      return i.kind === 'number' ? this.instancesOf(sym)[i.value] : undefined;
    }
    return undefined;
  }

  private targetOf(scope: DeploymentScope): BicepInstance['targetScope'] {
    return { subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup };
  }

  /**
   * Where `scope:` puts a resource or module: a resource group, subscription, tenant or
   * management group (`resourceGroup('rg-net')`…), or another resource (an extension resource).
   */
  scopeOf(
    expr: Expr,
    locals: Locals,
  ): { kind: 'target'; scope: BicepInstance['targetScope'] } | { kind: 'extension'; base: Part } {
    const e = unparen(expr);
    const own = this.init.scope;
    if (e.kind === 'call' && (e.target === undefined || (e.target.kind === 'identifier' && e.target.name === 'az'))) {
      const args = e.args.map((a) => asPart(this.value(a, locals), this.init.parsed.syntax.text.slice(a.start, a.end)));
      switch (e.name.text.toLowerCase()) {
        case 'resourcegroup':
          if (args.length === 0) return { kind: 'target', scope: this.targetOf(own) };
          return {
            kind: 'target',
            scope: {
              subscriptionId: args.length > 1 ? args[0] : own.subscriptionId,
              resourceGroup: args[args.length - 1],
            },
          };
        case 'subscription':
          return { kind: 'target', scope: { subscriptionId: args[0] ?? own.subscriptionId } };
        case 'tenant':
        case 'managementgroup':
          return { kind: 'target', scope: {} };
        default:
          break;
      }
    }
    const inst = this.instanceAt(e, locals);
    if (inst)
      return { kind: 'extension', base: inst.idKnown ? inst.id : unknown('the id is not known', undefined, inst.id) };
    const v = this.value(e, locals);
    const id = v.kind === 'object' ? member(v, 'id') : v;
    return { kind: 'extension', base: asPart(id ?? v, this.init.parsed.syntax.text.slice(e.start, e.end)) };
  }

  // ------------------------------------------------------------ modules

  private moduleValue(symbol: string): Value {
    const decl = this.modules.get(symbol);
    if (!decl) return unknown(`no module '${symbol}' here`);
    const instances = this.moduleInstancesOf(symbol);
    const one = (m: ModuleInstance): Value =>
      markOpen({
        kind: 'object',
        entries: [
          { key: 'name', value: partValue(m.name) },
          {
            key: 'outputs',
            value: m.child ? m.child.outputs() : markOpen(m.outputs ?? { kind: 'object', entries: [] }),
          },
        ],
      });
    if (isLoop(decl.body)) return { kind: 'array', items: instances.map(one) };
    if (instances.length === 0) return unknown(`module '${symbol}' is not deployed (its condition is false)`);
    return one(instances[0]);
  }

  moduleInstancesOf(symbol: string): ModuleInstance[] {
    const memo = this.moduleInstances.get(symbol);
    if (memo) return memo;
    const decl = this.modules.get(symbol);
    if (!decl) return [];
    return this.session.guard(
      decl,
      () => [],
      () => {
        const out: ModuleInstance[] = [];
        for (const x of this.expand(decl.body, NO_LOCALS, this.init.presence)) {
          const nameExpr = property(x.body, 'name');
          const name = nameExpr
            ? asPart(this.value(nameExpr, x.locals), this.init.parsed.syntax.text.slice(nameExpr.start, nameExpr.end))
            : symbol;
          const inst: ModuleInstance = {
            owner: this,
            decl,
            body: x.body,
            locals: x.locals,
            name,
            presence: x.presence.presence,
            presenceReason: x.presence.reason,
          };
          const scopeExpr = property(x.body, 'scope');
          const target = scopeExpr ? this.scopeOf(scopeExpr, x.locals) : undefined;
          const scope = target?.kind === 'target' ? this.deploymentScope(target.scope) : this.init.scope;
          this.init.host.instantiate(inst, scope);
          out.push(inst);
        }
        this.moduleInstances.set(symbol, out);
        return out;
      },
    );
  }

  /** A module's scope, with that resource group's location (unknown unless it is this one's). */
  private deploymentScope(target: BicepInstance['targetScope']): DeploymentScope {
    const own = this.init.scope;
    const same =
      target.resourceGroup !== undefined &&
      own.resourceGroup !== undefined &&
      partText(target.resourceGroup).toLowerCase() === partText(own.resourceGroup).toLowerCase() &&
      (target.subscriptionId === undefined ||
        own.subscriptionId === undefined ||
        partText(target.subscriptionId).toLowerCase() === partText(own.subscriptionId).toLowerCase());
    const location = same
      ? own.location
      : unknown(
          'the location of the target resource group is not known',
          undefined,
          `{resourceGroup('${target.resourceGroup === undefined ? '' : partText(target.resourceGroup)}').location}`,
        );
    return { ...target, location };
  }

  /** The `params` a module instance passes, by name. */
  moduleParams(inst: ModuleInstance): Map<string, Value> {
    const out = new Map<string, Value>();
    const params = property(inst.body, 'params');
    const value = params ? this.value(params, inst.locals) : undefined;
    if (value?.kind === 'object') for (const e of value.entries) out.set(e.key, e.value);
    return out;
  }
}

const STRUCTURAL = new Set(['name', 'parent', 'scope', 'dependsOn']);

export function property(obj: ObjectExpr, key: string): Expr | undefined {
  for (let i = obj.members.length - 1; i >= 0; i--) {
    const m = obj.members[i];
    if (m.kind === 'property' && m.key === key) return m.value;
  }
  return undefined;
}

/** The object of a resource body, through its condition or loop. */
export function bodyObject(body: Expr): ObjectExpr | undefined {
  if (body.kind === 'object') return body;
  if (body.kind === 'if' || body.kind === 'for') return bodyObject(body.body);
  return undefined;
}

function isLoop(body: Expr): boolean {
  return body.kind === 'for';
}

function joinParts(parts: Part[]): Value {
  if (parts.every((p) => typeof p === 'string')) return { kind: 'string', value: parts.join('/') };
  const first = parts.find((p): p is UnknownValue => typeof p !== 'string');
  return unknown(first?.reason ?? 'the name is not known', undefined, parts.map(partText).join('/'));
}

function asPart(v: Value, written: string): Part {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'unknown' && v.symbol) return v;
  return unknown(v.kind === 'unknown' ? v.reason : `expected a string, found ${v.kind}`, undefined, `{${written}}`);
}

/** The parent's key for a child declared with a full name (`vnet/subnet`) and no `parent:`. */
function impliedParentKey(
  scope: BicepInstance['targetScope'],
  extensionOf: Part | undefined,
  type: string,
  names: Part[],
): string | undefined {
  const segments = type.split('/');
  if (segments.length < 3 || extensionOf !== undefined) return undefined;
  const parentId = resourceIdValue(scope, segments.slice(0, -1).join('/'), names.slice(0, -1));
  const text = parentId.kind === 'string' ? parentId.value : parentId.kind === 'unknown' ? parentId.symbol : undefined;
  return text === undefined ? undefined : normalizeId(text);
}
