import type { Expr as ArmExpr } from '../arm/expressions/ast';
import type { Expr, StringExpr } from './syntax';

/**
 * Bicep expressions as ARM template expressions, the way the Bicep compiler emits them, so that one
 * evaluator and one function library serve both languages: `a == b` is `equals(a, b)`, `'${x}-y'`
 * is `format('{0}-y', x)`, `xs[?0]` is `tryGet(xs, 0)`, `x => x.id` is `lambda('x', …)`.
 *
 * What ARM has no function for — resource and module symbols, imported symbols — becomes a call
 * in the reserved `$bicep` namespace, which the module's environment answers (ARM calls dotted
 * names through `callUser`, and no Bicep text can spell a `$`).
 */

/** What a name in the file stands for; undefined for names it does not declare. */
export type SymbolKind = 'param' | 'var' | 'resource' | 'module' | 'func' | 'import' | 'namespace';

export interface SymbolTable {
  kind(name: string): SymbolKind | undefined;
  /** The text of a `load*Content` file, read inside the workspace; undefined when it cannot be read. */
  loadFile(path: string): string | undefined;
}

/** Calls the module environment answers; see `ModuleEnv.callUser`. */
export const BICEP = {
  resourceId: '$bicep.resourceId',
  resourceName: '$bicep.resourceName',
  resourceType: '$bicep.resourceType',
  resourceApiVersion: '$bicep.resourceApiVersion',
  resource: '$bicep.resource',
  module: '$bicep.module',
  imported: '$bicep.imported',
  func: '$bicep.func',
  unknown: '$bicep.unknown',
} as const;

const RESOURCE_MEMBERS: Record<string, string> = {
  id: BICEP.resourceId,
  name: BICEP.resourceName,
  type: BICEP.resourceType,
  apiversion: BICEP.resourceApiVersion,
};

const OPERATORS: Record<string, string> = {
  '&&': 'and',
  '||': 'or',
  '??': 'coalesce',
  '==': 'equals',
  '<': 'less',
  '<=': 'lessOrEquals',
  '>': 'greater',
  '>=': 'greaterOrEquals',
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
};

type Locals = ReadonlySet<string>;

export class Lowering {
  private readonly memo = new WeakMap<Expr, ArmExpr>();

  constructor(private readonly symbols: SymbolTable) {}

  /**
   * `expr` in ARM form. `locals` are the loop and lambda variables in scope there; as a node's
   * scope never changes, the result is kept per node.
   */
  lower(expr: Expr, locals: Locals): ArmExpr {
    const memo = this.memo.get(expr);
    if (memo) return memo;
    const out = this.build(expr, locals);
    this.memo.set(expr, out);
    return out;
  }

  private build(e: Expr, locals: Locals): ArmExpr {
    const at = { start: e.start, end: e.end };
    const call = (name: string, args: ArmExpr[]): ArmExpr => ({ kind: 'call', name, args, ...at });
    const str = (value: string): ArmExpr => ({ kind: 'string', value, ...at });
    const low = (x: Expr, inner: Locals = locals): ArmExpr => this.lower(x, inner);
    switch (e.kind) {
      case 'string':
        return this.string(e, locals);
      case 'number':
        return { kind: 'number', value: e.value, ...at };
      case 'boolean':
        return { kind: 'boolean', value: e.value, ...at };
      case 'null':
        return { kind: 'null', ...at };
      case 'identifier':
        return this.identifier(e.name, locals, at);
      case 'paren':
        return low(e.inner);
      case 'nonNull':
        return low(e.target);
      case 'array': {
        // Spreads: `[a, ...b, c]` is `concat([a], b, [c])`.
        if (!e.items.some((i) => i.kind === 'spread'))
          return call(
            'createArray',
            e.items.map((i) => low(i.value)),
          );
        const groups: ArmExpr[] = [];
        let run: ArmExpr[] = [];
        for (const item of e.items) {
          if (item.kind === 'spread') {
            if (run.length > 0) groups.push(call('createArray', run));
            run = [];
            groups.push(low(item.value));
          } else {
            run.push(low(item.value));
          }
        }
        if (run.length > 0) groups.push(call('createArray', run));
        return call('concat', groups);
      }
      case 'object': {
        // Spreads: `{ ...a, b: 1 }` is `shallowMerge([a, { b: 1 }])`; later members win, as in Bicep.
        const groups: ArmExpr[] = [];
        let run: ArmExpr[] = [];
        for (const m of e.members) {
          if (m.kind === 'resource') continue;
          if (m.kind === 'spread') {
            if (run.length > 0) groups.push(call('createObject', run));
            run = [];
            groups.push(low(m.value));
          } else {
            run.push(m.keyExpr ? low(m.keyExpr) : str(m.key), low(m.value));
          }
        }
        if (groups.length === 0) return call('createObject', run);
        if (run.length > 0) groups.push(call('createObject', run));
        return call('shallowMerge', [call('createArray', groups)]);
      }
      case 'unary':
        if (e.op === '!') return call('not', [low(e.operand)]);
        if (e.op === '-') return call('sub', [{ kind: 'number', value: 0, ...at }, low(e.operand)]);
        return low(e.operand);
      case 'binary': {
        const left = low(e.left);
        const right = low(e.right);
        if (e.op === '!=') return call('not', [call('equals', [left, right])]);
        if (e.op === '=~' || e.op === '!~') {
          const same = call('equals', [call('toLower', [left]), call('toLower', [right])]);
          return e.op === '=~' ? same : call('not', [same]);
        }
        return call(OPERATORS[e.op], [left, right]);
      }
      case 'ternary':
        return call('if', [low(e.test), low(e.yes), low(e.no)]);
      case 'member': {
        const special = this.symbolMember(e.target, e.name.text, locals);
        if (special) return special;
        const target = low(e.target);
        if (e.safe) return call('tryGet', [target, str(e.name.text)]);
        return { kind: 'member', target, name: e.name.text, ...at };
      }
      case 'index': {
        const target = low(e.target);
        let index = low(e.index);
        if (e.fromEnd) index = call('sub', [call('length', [target]), index]);
        if (e.safe) return call('tryGet', [target, index]);
        return { kind: 'index', target, index, ...at };
      }
      case 'child':
        return call(BICEP.resource, [str(childPath(e) ?? '')]);
      case 'call':
        return this.call(e, locals);
      case 'lambda': {
        const inner = new Set([...locals, ...e.params.map((p) => p.text)]);
        return call('lambda', [...e.params.map((p) => str(p.text)), low(e.body, inner)]);
      }
      case 'for': {
        const vars = [e.item?.text ?? '', e.index?.text].filter((v): v is string => v !== undefined);
        const inner = new Set([...locals, ...vars]);
        const names = vars.map(str);
        let list = low(e.iterable);
        let body = e.body;
        if (body.kind === 'if') {
          list = call('filter', [list, call('lambda', [...names, low(body.test, inner)])]);
          body = body.body;
        }
        return call('map', [list, call('lambda', [...names, low(body, inner)])]);
      }
      case 'if':
        return call('if', [low(e.test), low(e.body), { kind: 'null', ...at }]);
      case 'error':
        return call(BICEP.unknown, [str('the expression has a syntax error')]);
    }
  }

  private identifier(name: string, locals: Locals, at: { start: number; end: number }): ArmExpr {
    const str = (value: string): ArmExpr => ({ kind: 'string', value, ...at });
    const call = (fn: string, args: ArmExpr[]): ArmExpr => ({ kind: 'call', name: fn, args, ...at });
    if (locals.has(name)) return call('lambdaVariables', [str(name)]);
    switch (this.symbols.kind(name)) {
      case 'param':
        return call('parameters', [str(name)]);
      case 'var':
        return call('variables', [str(name)]);
      case 'resource':
        return call(BICEP.resource, [str(name)]);
      case 'module':
        return call(BICEP.module, [str(name)]);
      case 'import':
        return call(BICEP.imported, [str(name)]);
      default:
        return call(BICEP.unknown, [str(`'${name}' is not declared in this file`)]);
    }
  }

  /** `res.id`, `res[i].name`, `parent::child.id`: known without the resource's body. */
  private symbolMember(target: Expr, member: string, locals: Locals): ArmExpr | undefined {
    const fn = RESOURCE_MEMBERS[member.toLowerCase()];
    if (!fn) return undefined;
    const at = { start: target.start, end: target.end };
    const str = (value: string): ArmExpr => ({ kind: 'string', value, ...at });
    const symbol = (e: Expr): string | undefined => {
      if (e.kind === 'identifier' && !locals.has(e.name) && this.symbols.kind(e.name) === 'resource') return e.name;
      if (e.kind === 'child') return childPath(e);
      return undefined;
    };
    const direct = symbol(target);
    if (direct !== undefined) return { kind: 'call', name: fn, args: [str(direct)], ...at };
    if (target.kind === 'index' && !target.safe && !target.fromEnd) {
      const looped = symbol(target.target);
      if (looped === undefined) return undefined;
      return {
        kind: 'index',
        target: { kind: 'call', name: fn, args: [str(looped)], ...at },
        index: this.lower(target.index, locals),
        start: target.start,
        end: target.end,
      };
    }
    return undefined;
  }

  private call(e: Extract<Expr, { kind: 'call' }>, locals: Locals): ArmExpr {
    const at = { start: e.start, end: e.end };
    const args = e.args.map((a) => this.lower(a, locals));
    const name = e.name.text;
    const ns = e.target?.kind === 'identifier' ? e.target.name : undefined;
    const call = (fn: string, list: ArmExpr[]): ArmExpr => ({ kind: 'call', name: fn, args: list, ...at });
    if (e.target && ns === undefined) {
      // A method on a value (`res.listKeys()`, `kv.getSecret('x')`): runtime values only.
      return call(BICEP.unknown, [{ kind: 'string', value: `${name}() is only known at deployment`, ...at }]);
    }
    if (ns !== undefined && ns !== 'az' && ns !== 'sys') {
      if (this.symbols.kind(ns) === 'namespace') return call(`${BICEP.imported}`, [str(`${ns}.${name}`, at), ...args]);
      return call(BICEP.unknown, [str(`${ns}.${name}() is only known at deployment`, at)]);
    }
    if (ns === undefined && this.symbols.kind(name) === 'func') return call(BICEP.func, [str(name, at), ...args]);
    if (ns === undefined && this.symbols.kind(name) === 'import') return call(BICEP.imported, [str(name, at), ...args]);
    const lower = name.toLowerCase();
    const loaded = this.load(lower, e, at);
    if (loaded) return loaded;
    if (lower === 'readenvironmentvariable')
      return call(BICEP.unknown, [str('readEnvironmentVariable() is read on the machine that deploys', at)]);
    return call(name, args);
  }

  /**
   * `loadTextContent('x.txt')` and friends take a literal path, so the compiler inlines the file;
   * so do we (reading only inside the workspace).
   */
  private load(
    name: string,
    e: Extract<Expr, { kind: 'call' }>,
    at: { start: number; end: number },
  ): ArmExpr | undefined {
    if (!name.startsWith('load')) return undefined;
    const pathArg = e.args[0]?.kind === 'string' && e.args[0].holes.length === 0 ? e.args[0].segments[0] : undefined;
    const unknownOf = (why: string): ArmExpr => ({ kind: 'call', name: BICEP.unknown, args: [str(why, at)], ...at });
    const read = (): string | undefined => (pathArg === undefined ? undefined : this.symbols.loadFile(pathArg));
    switch (name) {
      case 'loadtextcontent': {
        const text = read();
        return text === undefined ? unknownOf(`${e.name.text}(): the file is not read`) : str(text, at);
      }
      case 'loadfileasbase64': {
        const text = read();
        return text === undefined
          ? unknownOf(`${e.name.text}(): the file is not read`)
          : str(Buffer.from(text, 'utf8').toString('base64'), at);
      }
      case 'loadjsoncontent': {
        const text = read();
        if (text === undefined) return unknownOf(`${e.name.text}(): the file is not read`);
        const json: ArmExpr = { kind: 'call', name: 'json', args: [str(text, at)], ...at };
        const path = e.args[1]?.kind === 'string' ? e.args[1].segments.join('') : undefined;
        return path ? jsonPath(json, path, at) : json;
      }
      case 'loadyamlcontent':
        return unknownOf(`${e.name.text}(): YAML files are not read`);
      default:
        return undefined;
    }
  }

  private string(e: StringExpr, locals: Locals): ArmExpr {
    const at = { start: e.start, end: e.end };
    if (e.holes.length === 0) return str(e.segments[0], at);
    const escape = (s: string): string => s.replace(/\{/g, '{{').replace(/\}/g, '}}');
    let pattern = escape(e.segments[0]);
    e.holes.forEach((_, i) => {
      pattern += `{${i}}${escape(e.segments[i + 1])}`;
    });
    return {
      kind: 'call',
      name: 'format',
      args: [str(pattern, at), ...e.holes.map((h) => this.lower(h, locals))],
      ...at,
    };
  }
}

function str(value: string, at: { start: number; end: number }): ArmExpr {
  return { kind: 'string', value, ...at };
}

/** `a::b::c` as `a::b::c`, the qualified symbol of a nested resource. */
export function childPath(e: Expr): string | undefined {
  if (e.kind === 'identifier') return e.name;
  if (e.kind === 'child') {
    const parent = childPath(e.target);
    return parent === undefined ? undefined : `${parent}::${e.name.text}`;
  }
  return undefined;
}

/** `loadJsonContent(file, '$.a.b[0]')`: the simple JSONPath forms Bicep accepts. */
function jsonPath(json: ArmExpr, path: string, at: { start: number; end: number }): ArmExpr {
  let cur = json;
  for (const m of path.replace(/^\$\.?/, '').matchAll(/([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g)) {
    if (m[2] !== undefined)
      cur = { kind: 'index', target: cur, index: { kind: 'number', value: Number(m[2]), ...at }, ...at };
    else cur = { kind: 'member', target: cur, name: m[1] ?? m[3], ...at };
  }
  return cur;
}
