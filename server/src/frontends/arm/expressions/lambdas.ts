import type { ObjectEntry, Value } from '../../../graph/value';
import { knownBoolean, unknown } from '../../../graph/value';
import type { Call, Expr } from './ast';
import { stringify } from './functions/string';

type Locals = ReadonlyMap<string, Value>;
type EvalIn = (expr: Expr, locals: Locals) => Value;

/**
 * Functions that take a `lambda('x', body)`: the body is evaluated once per item with the item
 * bound as a lambda variable (Bicep compiles `map`, `filter`, `reduce`… into these).
 */
const LAMBDA_FUNCTIONS: Record<string, (call: Call, evalIn: EvalIn, locals: Locals) => Value> = {
  map: (call, evalIn, locals) =>
    overItems(call, evalIn, locals, (items, apply) => ({
      kind: 'array',
      items: items.map((x, i) => apply([x, num(i)])),
    })),
  filter: (call, evalIn, locals) =>
    overItems(call, evalIn, locals, (items, apply) => {
      const kept: Value[] = [];
      for (const [i, x] of items.entries()) {
        const keep = knownBoolean(apply([x, num(i)]));
        if (keep === undefined) return unknown('a filter condition is not known');
        if (keep) kept.push(x);
      }
      return { kind: 'array', items: kept };
    }),
  reduce: (call, evalIn, locals) => {
    const [listExpr, initialExpr, lambdaExpr] = call.args;
    const list = listExpr ? evalIn(listExpr, locals) : undefined;
    const fn = lambdaOf(lambdaExpr, evalIn, locals);
    if (list?.kind === 'unknown') return list;
    if (list?.kind !== 'array' || !initialExpr || !fn)
      return unknown('reduce() needs an array, an initial value and a lambda');
    let acc = evalIn(initialExpr, locals);
    for (const [i, x] of list.items.entries()) acc = fn([acc, x, num(i)]);
    return acc;
  },
  sort: (call, evalIn, locals) =>
    overItems(call, evalIn, locals, (items, apply) => {
      const sorted = [...items];
      let undecided = false;
      sorted.sort((a, b) => {
        const before = knownBoolean(apply([a, b]));
        if (before === undefined) undecided = true;
        return before ? -1 : 1;
      });
      return undecided ? unknown('a sort comparison is not known') : { kind: 'array', items: sorted };
    }),
  toobject: (call, evalIn, locals) => {
    const [listExpr, keyExpr, valueExpr] = call.args;
    const list = listExpr ? evalIn(listExpr, locals) : undefined;
    const keyOf = lambdaOf(keyExpr, evalIn, locals);
    const valueOf = valueExpr ? lambdaOf(valueExpr, evalIn, locals) : (args: Value[]) => args[0];
    if (list?.kind === 'unknown') return list;
    if (list?.kind !== 'array' || !keyOf || !valueOf) return unknown('toObject() needs an array and lambdas');
    const entries: ObjectEntry[] = [];
    for (const x of list.items) {
      const key = keyOf([x]);
      if (key.kind === 'unknown') return key;
      entries.push({ key: stringify(key), value: valueOf([x]) });
    }
    return { kind: 'object', entries };
  },
  groupby: (call, evalIn, locals) =>
    overItems(call, evalIn, locals, (items, apply) => {
      const entries: ObjectEntry[] = [];
      for (const x of items) {
        const key = apply([x]);
        if (key.kind === 'unknown') return key;
        const text = stringify(key);
        const group = entries.find((e) => e.key === text);
        if (group?.value.kind === 'array') group.value.items.push(x);
        else entries.push({ key: text, value: { kind: 'array', items: [x] } });
      }
      return { kind: 'object', entries };
    }),
  mapvalues: (call, evalIn, locals) => {
    const [objExpr, lambdaExpr] = call.args;
    const o = objExpr ? evalIn(objExpr, locals) : undefined;
    const fn = lambdaOf(lambdaExpr, evalIn, locals);
    if (o?.kind === 'unknown') return o;
    if (o?.kind !== 'object' || !fn) return unknown('mapValues() needs an object and a lambda');
    return { kind: 'object', entries: o.entries.map((e) => ({ key: e.key, value: fn([e.value]) })) };
  },
};

const LAMBDA_NAMES = new Set(Object.keys(LAMBDA_FUNCTIONS));

export function isLambdaFunction(name: string): boolean {
  return LAMBDA_NAMES.has(name);
}

export function applyLambdaFunction(call: Call, evalIn: EvalIn, locals: Locals): Value {
  return LAMBDA_FUNCTIONS[call.name.toLowerCase()](call, evalIn, locals);
}

function overItems(
  call: Call,
  evalIn: EvalIn,
  locals: Locals,
  run: (items: Value[], apply: (args: Value[]) => Value) => Value,
): Value {
  const [listExpr, lambdaExpr] = call.args;
  const list = listExpr ? evalIn(listExpr, locals) : undefined;
  const fn = lambdaOf(lambdaExpr, evalIn, locals);
  if (list?.kind === 'unknown') return list;
  if (list?.kind !== 'array' || !fn) return unknown(`${call.name}() needs an array and a lambda`);
  return run(list.items, fn);
}

/** `lambda('a', 'b', body)` as a function of its arguments (extra arguments are ignored, missing ones unknown). */
function lambdaOf(expr: Expr | undefined, evalIn: EvalIn, locals: Locals): ((args: Value[]) => Value) | undefined {
  if (expr?.kind !== 'call' || expr.name.toLowerCase() !== 'lambda' || expr.args.length < 2) return undefined;
  const names = expr.args.slice(0, -1).map((a) => (a.kind === 'string' ? a.value : ''));
  const body = expr.args[expr.args.length - 1];
  return (args) => {
    const inner = new Map(locals);
    names.forEach((n, i) => inner.set(n, args[i] ?? unknown(`lambda variable '${n}' has no value`)));
    return evalIn(body, inner);
  };
}

function num(value: number): Value {
  return { kind: 'number', value };
}
