import * as path from 'node:path';
import type { DeploymentContext } from '../../graph/context';
import type { Problem } from '../../graph/problem';
import type { CallSite } from '../../graph/resource';
import type { SourceSpan } from '../../graph/span';
import { spanKey } from '../../graph/span';
import type { ObjectEntry, ObjectValue, Value } from '../../graph/value';
import { arr, member, num, obj, str, unknown } from '../../graph/value';
import { inputKey } from '../../graph/value-shape';
import type { Budget } from '../budget';
import type { FileHost } from '../frontend';
import type { Expr } from './syntax';
import type { Scope } from './evaluate';
import { evaluate, iterationPairs, withBindings } from './evaluate';
import { isConfigFile, readConfigFile } from './config-file';
import { MAPPINGS } from './mapping-table';
import type { ComputedId } from './resource-ids';
import { computeId, idText, providerContextAttributes } from './resource-ids';
import { isLocalSource } from './module-calls';
import type { Attribute, Block, Body } from './syntax';
import { attribute } from './syntax';
import type { ComputedOrigin } from './tf-value';
import { asNumber, asString, failure, markComputed, render, respan } from './tf-value';

/** Deeper module nesting than this is reported, not followed (it also stops a module calling itself). */
const MAX_MODULE_DEPTH = 16;
/** Longer chains of references than this are not followed: the evaluator recurses along them. */
const MAX_REFERENCE_DEPTH = 200;
/** More instances than this from one `count`/`for_each` are not expanded: no real deployment needs them. */
const MAX_INSTANCES = 1000;
/** The call sites kept for one module instance (shown with its findings): a real configuration has a handful. */
const MAX_CALL_SITES = 100;

const RESOURCE_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export interface ConfigFile {
  path: string;
  body: Body;
}

export interface ResourceDecl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  file: string;
}

/** One resource instance after `count`/`for_each` expansion. */
export interface Instance {
  decl: ResourceDecl;
  /** Full Terraform address: `module.net.azurerm_subnet.aks["x"]`. */
  address: string;
  /** The evaluated attributes and nested blocks (lists of objects), plus the computed `id`. */
  value: ObjectValue;
  id?: ComputedId;
  presence: 'always' | 'maybe';
  presenceReason?: string;
  /** The `module` blocks that instantiate the module it is in, outermost first. */
  instantiatedBy?: CallSite[];
}

/** A `module` block that instantiates a module, seen from the module. */
export interface ModuleCall {
  parent: Module;
  /** The block's header (`module "aml"`). */
  span: SourceSpan;
  address: string;
}

/** One load of a root module and the local modules it calls. */
/** A module call whose source is not a local folder: its resources exist but are not analysed. */
export interface OpaqueModule {
  address: string;
  source: string;
  span: SourceSpan;
}

export class Project {
  readonly problems: Problem[] = [];
  readonly opaqueModules: OpaqueModule[] = [];
  /** How many evaluations are under way, one inside the other. */
  depth = 0;
  private readonly modules = new Map<string, Module>();
  private readonly folders = new Map<string, ConfigFile[] | undefined>();

  constructor(
    readonly host: FileHost,
    readonly context: DeploymentContext,
    readonly rootDir: string,
    /** Shared with every module instance (and every other front end of the deployment). */
    readonly budget: Budget,
  ) {}

  /** The instance of a module folder for one set of inputs: the same inputs give the same instance. */
  module(
    dir: string,
    files: ConfigFile[],
    inputs: Map<string, Value>,
    prefix: string,
    depth: number,
    where?: SourceSpan,
    call?: ModuleCall,
  ): Module {
    const inputsKey = stableKey(inputs);
    const key = inputsKey === undefined ? undefined : `${path.resolve(dir)}\u0000${inputsKey}`;
    const known = key === undefined ? undefined : this.modules.get(key);
    if (known) {
      // Calls with equal inputs share one instance: its resources are those of every such call.
      if (call) known.callers.push(call);
      return known;
    }
    // Past the limit a call reads as an empty module: its outputs are unknown, nothing is emitted.
    if (where && !this.budget.instantiation(where)) return new Module(this, dir, prefix, [], inputs, depth);
    const m = new Module(this, dir, prefix, files, inputs, depth);
    if (call) m.callers.push(call);
    if (key !== undefined) this.modules.set(key, m);
    return m;
  }

  /** The configuration files of a module folder, read through the host (once); undefined when none. */
  readModule(dir: string): ConfigFile[] | undefined {
    const key = path.resolve(dir);
    if (!this.folders.has(key)) this.folders.set(key, this.readFolder(key));
    return this.folders.get(key);
  }

  private readFolder(dir: string): ConfigFile[] | undefined {
    const files: ConfigFile[] = [];
    for (const name of this.host.list(dir)) {
      const file = path.join(dir, name);
      if (!isConfigFile(file)) continue;
      const text = this.host.read(file);
      if (text === undefined) continue;
      const parsed = readConfigFile(file, text, this.budget);
      for (const p of parsed.problems) this.problems.push(p);
      files.push({ path: file, body: parsed.body });
    }
    return files.length > 0 ? files : undefined;
  }

  /** Every resource instance of the root module and of every module it reaches. */
  instances(root: Module): Instance[] {
    const out: Instance[] = [];
    const seen = new Set<Module>();
    const queue = [root];
    for (let next = 0; next < queue.length; next++) {
      const m = queue[next];
      if (seen.has(m)) continue;
      seen.add(m);
      const instantiatedBy = m.instantiatedBy();
      for (const inst of m.allInstances()) {
        if (instantiatedBy.length > 0) inst.instantiatedBy = instantiatedBy;
        out.push(inst);
      }
      for (const c of m.children()) queue.push(c);
    }
    return out;
  }
}

type Memo<T> = Map<string, T | 'busy'>;

export class Module {
  private readonly variables = new Map<string, Block>();
  private readonly locals = new Map<string, Attribute>();
  private readonly resources = new Map<string, ResourceDecl>();
  private readonly data = new Map<string, ResourceDecl>();
  private readonly calls = new Map<string, Block>();
  private readonly outputs = new Map<string, Block>();
  private readonly values: Memo<Value> = new Map();
  private readonly instanceMemo: Memo<Instance[] | null> = new Map();
  private readonly callMemo: Memo<{ value: Value; children: Module[] }> = new Map();
  private callSites?: CallSite[] | 'busy';
  /** The `module` blocks that create this instance; none for the root module. */
  readonly callers: ModuleCall[] = [];
  readonly scope: Scope;

  constructor(
    private readonly project: Project,
    readonly dir: string,
    /** `''` for the root module, `module.net.` inside one. */
    readonly prefix: string,
    files: ConfigFile[],
    private readonly inputs: Map<string, Value>,
    private readonly depth: number,
  ) {
    for (const f of files) this.declare(f);
    this.scope = {
      bound: () => undefined,
      reference: (root, attrs, span) => this.reference(root, attrs, span),
      budget: project.budget,
    };
  }

  /** Evaluates an expression; once the deployment's budget is spent, what it would build is unknown. */
  private eval(expr: Expr, scope: Scope): Value {
    try {
      return evaluate(expr, scope);
    } catch (err) {
      return this.project.budget.absorb(err, expr.span);
    }
  }

  /** Whether a provider is configured here, or a backend: only root modules do that. */
  configuresProviders = false;

  private declare(file: ConfigFile): void {
    for (const b of file.body.blocks) {
      const [l0, l1] = b.labels.map((l) => l.value);
      switch (b.type) {
        case 'provider':
          this.configuresProviders = true;
          break;
        case 'terraform':
          if (b.body.blocks.some((c) => c.type === 'backend' || c.type === 'cloud')) this.configuresProviders = true;
          break;
        case 'variable':
          if (l0 !== undefined) this.variables.set(l0, b);
          break;
        case 'locals':
          for (const a of b.body.attributes) this.locals.set(a.name, a);
          break;
        case 'output':
          if (l0 !== undefined) this.outputs.set(l0, b);
          break;
        case 'module':
          if (l0 !== undefined) this.calls.set(l0, b);
          break;
        case 'resource':
        case 'data':
          if (l0 !== undefined && l1 !== undefined) {
            const mode = b.type === 'resource' ? 'managed' : 'data';
            const decl: ResourceDecl = { mode, type: l0, name: l1, block: b, file: file.path };
            (mode === 'managed' ? this.resources : this.data).set(`${l0}.${l1}`, decl);
          }
          break;
      }
    }
  }

  /** Variables with neither a default nor a given value (from tfvars, or from the caller). */
  unsetVariables(): Block[] {
    return [...this.variables]
      .filter(([name, b]) => !this.inputs.has(name) && !attribute(b.body, 'default'))
      .map(([, b]) => b);
  }

  private reference(root: string, attrs: string[], span: SourceSpan): { value: Value; used: number } | undefined {
    const [a0, a1] = attrs;
    switch (root) {
      case 'var':
        return a0 === undefined ? undefined : { value: this.variable(a0, span), used: 1 };
      case 'local':
        return a0 === undefined ? undefined : { value: this.local(a0, span), used: 1 };
      case 'module':
        return a0 === undefined ? undefined : { value: this.call(a0, span).value, used: 1 };
      case 'data': {
        const decl = a0 !== undefined && a1 !== undefined ? this.data.get(`${a0}.${a1}`) : undefined;
        return decl ? { value: this.instancesValue(decl, span), used: 2 } : undefined;
      }
      case 'path':
        return a0 === undefined ? undefined : { value: this.pathValue(a0, span), used: 1 };
      case 'terraform':
        return a0 === 'workspace' ? { value: str('default', span), used: 1 } : undefined;
      default: {
        const decl = a0 !== undefined ? this.resources.get(`${root}.${a0}`) : undefined;
        return decl ? { value: this.instancesValue(decl, span), used: 1 } : undefined;
      }
    }
  }

  /**
   * Evaluates each named thing once. `fail` answers for a cycle, and for chains of references
   * deeper than the stack can follow (that answer is not remembered).
   */
  private memo<T>(table: Memo<T>, key: string, fail: (why: string) => T, compute: () => T): T {
    const hit = table.get(key);
    if (hit === 'busy') return fail(`${key} depends on itself`);
    if (hit !== undefined) return hit;
    if (this.project.depth >= MAX_REFERENCE_DEPTH)
      return fail(`references are nested more than ${MAX_REFERENCE_DEPTH} levels deep`);
    table.set(key, 'busy');
    this.project.depth++;
    try {
      const value = compute();
      table.set(key, value);
      return value;
    } finally {
      this.project.depth--;
      if (table.get(key) === 'busy') table.delete(key);
    }
  }

  private variable(name: string, span: SourceSpan): Value {
    const v = this.memo(
      this.values,
      `var.${name}`,
      (why) => failure(why, span),
      () => {
        const decl = this.variables.get(name);
        if (!decl) return failure(`no variable '${name}' is declared`, span);
        const typeAttr = attribute(decl.body, 'type');
        const type = typeAttr?.expr.kind === 'variable' ? typeAttr.expr.name : undefined;
        const given = this.inputs.get(name);
        if (given !== undefined) return convertTo(type, given);
        const def = attribute(decl.body, 'default');
        if (def) return convertTo(type, this.eval(def.expr, this.scope));
        return unknown(
          `variable '${name}' has no value (no default, no tfvars)`,
          decl.headerSpan,
          `{${this.prefix}var.${name}}`,
        );
      },
    );
    return respan(v, span);
  }

  private local(name: string, span: SourceSpan): Value {
    return this.memo(
      this.values,
      `local.${name}`,
      (why) => failure(why, span),
      () => {
        const a = this.locals.get(name);
        return a ? this.eval(a.expr, this.scope) : failure(`no local value '${name}' is declared`, span);
      },
    );
  }

  private pathValue(which: string, span: SourceSpan): Value {
    const rel = path.relative(this.project.rootDir, this.dir).split(path.sep).join('/');
    if (which === 'module') return str(rel === '' ? '.' : rel, span);
    if (which === 'root') return str('.', span);
    if (which === 'cwd') return str(this.project.rootDir, span);
    return failure(`no path.${which}`, span);
  }

  private address(decl: ResourceDecl): string {
    return `${this.prefix}${decl.mode === 'data' ? 'data.' : ''}${decl.type}.${decl.name}`;
  }

  /** What `type.name` evaluates to: one object, a list (count) or a map (for_each) of instances. */
  private instancesValue(decl: ResourceDecl, span: SourceSpan): Value {
    const address = this.address(decl);
    const list = this.memo<Instance[] | null>(
      this.instanceMemo,
      address,
      () => null,
      () => this.expand(decl),
    );
    if (!list) return failure(`${address} depends on itself, or on references nested too deeply`, span);
    const body = decl.block.body;
    if (attribute(body, 'for_each')) {
      if (list.length === 1 && list[0].presence === 'maybe')
        return unknown(list[0].presenceReason ?? 'for_each is not known', span, `{${address}}`);
      return obj(
        list.map((i) => ({ key: forEachKey(i.address), value: i.value })),
        span,
      );
    }
    if (attribute(body, 'count'))
      return arr(
        list.map((i) => i.value),
        span,
      );
    return list[0]?.value ?? failure(`${address} has no instance`, span);
  }

  private instances(decl: ResourceDecl): Instance[] {
    const address = this.address(decl);
    return (
      this.memo<Instance[] | null>(
        this.instanceMemo,
        address,
        () => null,
        () => this.expand(decl),
      ) ?? []
    );
  }

  private expand(decl: ResourceDecl): Instance[] {
    const body = decl.block.body;
    const address = this.address(decl);
    const count = attribute(body, 'count');
    const forEach = attribute(body, 'for_each');
    if (count) {
      const v = this.eval(count.expr, this.scope);
      const n = asNumber(v);
      if (v.kind === 'unknown' || n === undefined) {
        const index = unknown('count.index is not known', count.span, `{${address}.count.index}`);
        const reason = `the count of ${address} is not known${v.kind === 'unknown' ? `: ${v.reason}` : ''}`;
        return [this.instance(decl, address, { count: obj([{ key: 'index', value: index }]) }, reason)];
      }
      const out: Instance[] = [];
      for (let i = 0; i < this.instanceCount(n, count.span, address); i++) {
        if (!this.project.budget.instance(count.span)) break;
        out.push(this.instance(decl, `${address}[${i}]`, { count: obj([{ key: 'index', value: num(i) }]) }));
      }
      return out;
    }
    if (forEach) {
      const v = this.eval(forEach.expr, this.scope);
      const pairs = v.kind === 'array' ? v.items.map((i) => [i, i] as [Value, Value]) : iterationPairs(v);
      if (v.kind === 'unknown' || !pairs) {
        const each = obj([
          { key: 'key', value: unknown('each.key is not known', forEach.span, `{${address}.each.key}`) },
          { key: 'value', value: unknown('each.value is not known', forEach.span, `{${address}.each.value}`) },
        ]);
        const reason = `the for_each of ${address} is not known${v.kind === 'unknown' ? `: ${v.reason}` : ''}`;
        return [this.instance(decl, address, { each }, reason)];
      }
      const out: Instance[] = [];
      for (const [k, value] of pairs.slice(0, this.instanceCount(pairs.length, forEach.span, address))) {
        if (!this.project.budget.instance(forEach.span)) break;
        const key = asString(k) ?? render(k) ?? '?';
        const each = obj([
          { key: 'key', value: str(key) },
          { key: 'value', value },
        ]);
        out.push(this.instance(decl, `${address}[${JSON.stringify(key)}]`, { each }));
      }
      return out;
    }
    return this.project.budget.instance(decl.block.headerSpan) ? [this.instance(decl, address, {})] : [];
  }

  /** How many of `n` instances are expanded: all, up to a limit that is reported (the rest are not seen). */
  private instanceCount(n: number, span: SourceSpan, address: string): number {
    if (n <= MAX_INSTANCES) return n;
    this.project.budget.markIncomplete(span, `${address} has more than ${MAX_INSTANCES} instances`);
    this.project.problems.push({
      code: 'instances-too-many',
      severity: 'warning',
      message: `${address} has ${n} instances; only the first ${MAX_INSTANCES} are analysed`,
      span,
    });
    return MAX_INSTANCES;
  }

  private instance(
    decl: ResourceDecl,
    address: string,
    bindings: Record<string, Value>,
    maybeReason?: string,
  ): Instance {
    const scope = withBindings(this.scope, bindings);
    const instance: ComputedOrigin['instance'] = { type: decl.type };
    const value = this.body(decl.block.body, scope, { address, instance, path: [] }, true);
    instance.value = value;
    value.span = decl.block.span;
    if (decl.mode === 'data')
      for (const e of providerContextAttributes(decl.type, value, this.project.context)) value.entries.push(e);
    const id = computeId(decl.type, value, address, this.project.context, (name) => this.accountNamed(name));
    if (id) {
      const idValue = id.known
        ? str(id.id)
        : unknown(`the id of ${address} is not known before apply`, undefined, id.id);
      value.entries.push({ key: 'id', value: idValue });
      // azurerm 3.x storage containers expose their ARM id as `resource_manager_id`.
      if (!value.entries.some((e) => e.key === 'resource_manager_id'))
        value.entries.push({ key: 'resource_manager_id', value: idValue });
      this.blockIds(decl.type, value, id.id);
    }
    return {
      decl,
      address,
      value,
      id,
      presence: maybeReason ? 'maybe' : 'always',
      presenceReason: maybeReason,
    };
  }

  /** The id of this module's storage account named `name` (azurerm 3.x containers and shares name it so). */
  private accountNamed(name: Value): string | undefined {
    const wanted = idText(name);
    if (wanted === undefined) return undefined;
    for (const decl of this.resources.values()) {
      if (decl.type !== 'azurerm_storage_account') continue;
      for (const inst of this.instances(decl)) {
        const own = member(inst.value, 'name');
        if (inst.id && own && idText(own) === wanted) return inst.id.id;
      }
    }
    return undefined;
  }

  /** Inline blocks that are resources of their own (a VNet's subnets) get their ids too. */
  private blockIds(type: string, value: ObjectValue, parentId: string): void {
    for (const spec of MAPPINGS[type]?.blockIds ?? []) {
      const list = value.entries.find((e) => e.key === spec.block)?.value;
      if (list?.kind !== 'array') continue;
      for (const item of list.items) {
        if (item.kind !== 'object') continue;
        const name = item.entries.find((e) => e.key === 'name')?.value;
        const text = name ? (name.kind === 'unknown' ? name.symbol : asString(name)) : undefined;
        if (text === undefined) continue;
        const id = `${parentId}/${spec.segment}/${text}`;
        item.entries.push({
          key: 'id',
          value: id.includes('{') ? unknown('the subnet id is not known before apply', undefined, id) : str(id),
        });
      }
    }
  }

  /** Attributes and nested blocks (each block type a list of objects), with `dynamic` blocks expanded. */
  private body(body: Body, scope: Scope, origin: ComputedOrigin, isResource: boolean): ObjectValue {
    const entries: ObjectEntry[] = [];
    for (const a of body.attributes) {
      if (isResource && RESOURCE_META.has(a.name)) continue;
      entries.push({ key: a.name, value: this.eval(a.expr, scope), span: a.span, keySpan: a.nameSpan });
    }
    const groups = new Map<string, ObjectEntry>();
    for (const b of body.blocks) {
      if (isResource && RESOURCE_META.has(b.type)) continue;
      const dynamic = b.type === 'dynamic';
      const type = dynamic ? b.labels[0]?.value : b.type;
      if (type === undefined) continue;
      let group = groups.get(type);
      if (!group) {
        group = { key: type, value: arr([], b.span), span: b.span, keySpan: b.headerSpan };
        groups.set(type, group);
        entries.push(group);
      }
      if (group.value.kind !== 'array') continue;
      const items = group.value.items;
      const nested = (index: number): ComputedOrigin => ({
        address: `${origin.address}.${type}[${index}]`,
        instance: origin.instance,
        path: [...origin.path, type],
      });
      if (!dynamic) {
        const o = this.body(b.body, scope, nested(items.length), false);
        o.span = b.span;
        items.push(o);
        continue;
      }
      let expanded: Value & { kind: 'array' | 'unknown' };
      try {
        expanded = this.dynamic(b, type, scope, nested, items.length);
      } catch (err) {
        expanded = this.project.budget.absorb(err, b.span);
      }
      if (expanded.kind === 'unknown') group.value = expanded;
      else for (const item of expanded.items) items.push(item);
    }
    try {
      this.project.budget.addValues(entries.length);
    } catch (err) {
      // The budget ran out here: the attributes above are unknown already; the body itself stays.
      this.project.budget.absorb(err, body.attributes[0]?.span);
    }
    return markComputed(obj(entries), origin);
  }

  private dynamic(
    b: Block,
    type: string,
    scope: Scope,
    nested: (index: number) => ComputedOrigin,
    offset: number,
  ): Value & { kind: 'array' | 'unknown' } {
    const forEach = attribute(b.body, 'for_each');
    const content = b.body.blocks.find((c) => c.type === 'content');
    if (!forEach || !content) return arr([]);
    const collection = this.eval(forEach.expr, scope);
    if (collection.kind === 'unknown') return unknown(`the dynamic '${type}' blocks are not known`, b.span);
    const pairs = iterationPairs(collection);
    if (!pairs) return failure(`dynamic '${type}' needs a collection`, b.span) as Value & { kind: 'unknown' };
    const iterator = attribute(b.body, 'iterator');
    const name = iterator?.expr.kind === 'variable' ? iterator.expr.name : type;
    return arr(
      pairs.map(([key, value], i) => {
        this.project.budget.step();
        this.project.budget.addValues(1);
        const inner = withBindings(scope, {
          [name]: obj([
            { key: 'key', value: key },
            { key: 'value', value },
          ]),
        });
        const o = this.body(content.body, inner, nested(offset + i), false);
        o.span = content.span;
        return o;
      }),
      b.span,
    );
  }

  /** A module call: its outputs, and the module instances it creates. */
  private call(name: string, span: SourceSpan): { value: Value; children: Module[] } {
    return this.memo(
      this.callMemo,
      name,
      (why) => ({ value: failure(why, span), children: [] }),
      () => this.instantiate(name, span),
    );
  }

  private instantiate(name: string, span: SourceSpan): { value: Value; children: Module[] } {
    const block = this.calls.get(name);
    const symbol = `{${this.prefix}module.${name}}`;
    if (!block) return { value: failure(`no module '${name}' is declared`, span), children: [] };
    const sourceAttr = attribute(block.body, 'source');
    const source = sourceAttr ? asString(this.eval(sourceAttr.expr, this.scope)) : undefined;
    const where = sourceAttr?.span ?? block.headerSpan;
    if (source === undefined) {
      return { value: unknown(`module '${name}' has no readable source`, span, symbol), children: [] };
    }
    if (!isLocalSource(source)) {
      this.project.problems.push({
        code: 'module-not-local',
        severity: 'info',
        message: `module '${name}' comes from '${source}', which is not a local folder: its resources are not analysed and its outputs are unknown`,
        span: where,
      });
      this.project.opaqueModules.push({ address: `${this.prefix}module.${name}`, source, span: block.span });
      return { value: unknown(`module '${name}' is not local ('${source}')`, span, symbol), children: [] };
    }
    if (this.depth >= MAX_MODULE_DEPTH) {
      this.project.problems.push({
        code: 'module-too-deep',
        severity: 'warning',
        message: `module '${name}' is nested more than ${MAX_MODULE_DEPTH} levels deep and is not followed`,
        span: where,
      });
      return { value: unknown(`module '${name}' is nested too deeply`, span, symbol), children: [] };
    }
    const dir = path.resolve(this.dir, source);
    const files = this.project.readModule(dir);
    if (!files) {
      this.project.problems.push({
        code: 'module-missing',
        severity: 'warning',
        message: `module '${name}': no Terraform files could be read in '${source}' (${this.project.host.whyUnreadable(dir)})`,
        span: where,
      });
      return { value: unknown(`module '${name}' could not be read`, span, symbol), children: [] };
    }
    const create = (suffix: string, scope: Scope): Module => {
      const inputs = new Map<string, Value>();
      for (const a of block.body.attributes) {
        if (!MODULE_META.has(a.name)) inputs.set(a.name, this.eval(a.expr, scope));
      }
      const address = `${this.prefix}module.${name}${suffix}`;
      const call = { parent: this, span: block.headerSpan, address };
      return this.project.module(dir, files, inputs, `${address}.`, this.depth + 1, where, call);
    };
    const count = attribute(block.body, 'count');
    const forEach = attribute(block.body, 'for_each');
    if (count) {
      const n = asNumber(this.eval(count.expr, this.scope));
      if (n === undefined)
        return { value: unknown(`the count of module '${name}' is not known`, span, symbol), children: [] };
      const children: Module[] = [];
      const wanted = this.instanceCount(n, count.span, `module.${name}`);
      // Past the instantiation limit every further instance would be an empty one: stop making them.
      for (let i = 0; i < wanted && !this.project.budget.instantiationsSpent; i++)
        children.push(create(`[${i}]`, withBindings(this.scope, { count: obj([{ key: 'index', value: num(i) }]) })));
      if (children.length < wanted) return { value: cutShort(name, span, symbol), children };
      return { value: arr(children.map((c) => c.outputsValue())), children };
    }
    if (forEach) {
      const v = this.eval(forEach.expr, this.scope);
      const pairs = v.kind === 'array' ? v.items.map((i) => [i, i] as [Value, Value]) : iterationPairs(v);
      if (!pairs)
        return { value: unknown(`the for_each of module '${name}' is not known`, span, symbol), children: [] };
      const entries: ObjectEntry[] = [];
      const children: Module[] = [];
      const wanted = this.instanceCount(pairs.length, forEach.span, `module.${name}`);
      for (const [k, value] of pairs.slice(0, wanted)) {
        if (this.project.budget.instantiationsSpent) break;
        const key = asString(k) ?? '?';
        const each = obj([
          { key: 'key', value: str(key) },
          { key: 'value', value },
        ]);
        const child = create(`[${JSON.stringify(key)}]`, withBindings(this.scope, { each }));
        children.push(child);
        entries.push({ key, value: child.outputsValue() });
      }
      if (children.length < wanted) return { value: cutShort(name, span, symbol), children };
      return { value: obj(entries), children };
    }
    const child = create('', this.scope);
    return { value: child.outputsValue(), children: [child] };
  }

  /**
   * Every `module` block on the way from the root to this instance, outermost first, each once (at
   * most `MAX_CALL_SITES`). Computed once per instance: instances with equal inputs are shared, so
   * a module calling itself under `count` reaches one instance by exponentially many paths, and
   * walking each path (as this did) never ended. A call that closes a cycle adds no sites.
   */
  instantiatedBy(): CallSite[] {
    if (this.callSites === 'busy') return [];
    if (this.callSites) return this.callSites;
    this.callSites = 'busy';
    const out = new Map<string, CallSite>();
    for (const call of this.callers) {
      const site = { span: call.span, message: `${call.address} calls this module here` };
      for (const s of [...call.parent.instantiatedBy(), site])
        if (out.size < MAX_CALL_SITES) out.set(`${spanKey(s.span)} ${s.message}`, s);
    }
    this.callSites = [...out.values()];
    return this.callSites;
  }

  outputsValue(): Value {
    return this.memo(
      this.values,
      'outputs',
      (why) => failure(why),
      () =>
        obj(
          [...this.outputs].map(([name, block]) => {
            const v = attribute(block.body, 'value');
            return {
              key: name,
              value: v ? this.eval(v.expr, this.scope) : failure(`output '${name}' has no value`, block.headerSpan),
            };
          }),
        ),
    );
  }

  /** Module instances this module creates (every call is evaluated, referenced or not). */
  children(): Module[] {
    return [...this.calls].flatMap(([name, block]) => this.call(name, block.headerSpan).children);
  }

  allInstances(): Instance[] {
    return [...this.resources.values(), ...this.data.values()].flatMap((d) => this.instances(d));
  }
}

/** `azurerm_x.y["k"]` → `k`. */
function forEachKey(address: string): string {
  const m = /\[("(?:[^"\\]|\\.)*")\]$/.exec(address);
  return m ? (JSON.parse(m[1]) as string) : address;
}

/** Declared primitive types convert input values, as Terraform does (`"8"` for a number). */
function convertTo(type: string | undefined, v: Value): Value {
  if (type === 'number' && v.kind === 'string') {
    const n = asNumber(v);
    return n === undefined ? v : num(n, v.span);
  }
  if (type === 'string' && (v.kind === 'number' || v.kind === 'boolean')) return str(asString(v) ?? '', v.span);
  if (type === 'bool' && v.kind === 'string' && (v.value === 'true' || v.value === 'false'))
    return { kind: 'boolean', value: v.value === 'true', span: v.span };
  return v;
}

/** A text that is equal for equal inputs (spans ignored, unknowns by symbol); undefined when an unknown has none. */
function stableKey(inputs: Map<string, Value>): string | undefined {
  const parts: string[] = [];
  for (const [name, value] of [...inputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const key = inputKey(value);
    if (key === undefined) return undefined;
    parts.push(`${JSON.stringify(name)}=${key}`);
  }
  return parts.join(',');
}

/** The outputs of a module call whose instances stopped at the instantiation limit: not all are known. */
function cutShort(name: string, span: SourceSpan, symbol: string): Value {
  return unknown(
    `not every instance of module '${name}' is analysed (the instantiation limit was reached)`,
    span,
    symbol,
  );
}
