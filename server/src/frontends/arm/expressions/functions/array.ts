import type { ObjectEntry, Value } from '../../../../graph/value';
import type { Site } from '../evaluate';
import { callSymbol } from '../symbols';
import { containsUnknown, entry, unknown } from '../../../../graph/value';
import { valueKey } from '../../../../graph/value-shape';
import type { Table } from './util';
import { arity, b, fail, n, s, sameValue, strict } from './util';

/** Arrays and objects: building, combining, slicing and asking about them. */
export const ARRAY_FUNCTIONS: Table = {
  array: strict((args, site) => arity(site, args, 1) ?? (args[0].kind === 'array' ? args[0] : arrayOf([args[0]]))),
  // Constructors keep unknown items: the array or object itself is still known.
  createarray: { impl: (args) => arrayOf(args), handlesUnknown: true },
  createobject: {
    impl: (args, site) => {
      if (args.length % 2 !== 0) return fail(site, 'takes key/value pairs');
      const entries: ObjectEntry[] = [];
      for (let i = 0; i < args.length; i += 2) {
        const key = args[i];
        if (key.kind === 'unknown') return key;
        if (key.kind !== 'string') return fail(site, 'keys must be strings');
        entries.push({ key: key.value, value: args[i + 1] });
      }
      return { kind: 'object', entries };
    },
    handlesUnknown: true,
  },
  union: strict((args, site) => combine(args, site, 'union')),
  intersection: strict((args, site) => combine(args, site, 'intersection')),
  contains: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [container, item] = args;
    if (container.kind === 'string') {
      const text = item.kind === 'string' || item.kind === 'number' ? String(item.value) : undefined;
      return text === undefined
        ? fail(site, 'cannot look for a non-string in a string')
        : b(container.value.includes(text));
    }
    if (container.kind === 'object') {
      if (item.kind !== 'string') return fail(site, 'object keys are strings');
      return b(container.entries.some((e) => e.key.toLowerCase() === item.value.toLowerCase()));
    }
    if (container.kind === 'array') {
      let undecided = false;
      for (const x of container.items) {
        const same = sameValue(x, item);
        if (same === true) return b(true);
        if (same === undefined) undecided = true;
      }
      return undecided ? unknown('the array holds values that are not known') : b(false);
    }
    return fail(site, `cannot search a ${container.kind}`);
  }),
  empty: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const v = args[0];
    if (v.kind === 'null') return b(true);
    const len = lengthOf(v);
    return len === undefined ? fail(site, `cannot test a ${v.kind}`) : b(len === 0);
  }),
  length: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const len = lengthOf(args[0]);
    return len === undefined ? fail(site, `cannot measure a ${args[0].kind}`) : n(len);
  }),
  first: strict((args, site) => pick(args, site, 0)),
  last: strict((args, site) => pick(args, site, -1)),
  take: strict((args, site) => slice(args, site, (len, k) => [0, Math.max(0, Math.min(len, k))])),
  skip: strict((args, site) => slice(args, site, (len, k) => [Math.max(0, Math.min(len, k)), len])),
  range: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [start, count] = args;
    if (start.kind !== 'number' || count.kind !== 'number') return fail(site, 'expects numbers');
    if (count.value < 0 || count.value > 10000) return fail(site, 'count must be between 0 and 10000');
    return arrayOf(Array.from({ length: count.value }, (_, i) => n(start.value + i)));
  }),
  min: strict((args, site) => extreme(args, site, Math.min)),
  max: strict((args, site) => extreme(args, site, Math.max)),
  flatten: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    if (args[0].kind !== 'array') return fail(site, 'expects an array');
    return arrayOf(args[0].items.flatMap((i) => (i.kind === 'array' ? i.items : [i])));
  }),
  tryget: { impl: tryGet, handlesUnknown: true },
  shallowmerge: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    if (args[0].kind !== 'array') return fail(site, 'expects an array of objects');
    const merged = new Map<string, ObjectEntry>();
    for (const o of args[0].items) {
      if (o.kind === 'unknown') return o;
      if (o.kind !== 'object') return fail(site, 'expects an array of objects');
      for (const e of o.entries) merged.set(e.key.toLowerCase(), e);
    }
    return { kind: 'object', entries: [...merged.values()] };
  }),
  objectkeys: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    return args[0].kind === 'object' ? arrayOf(args[0].entries.map((e) => s(e.key))) : fail(site, 'expects an object');
  }),
  items: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const o = args[0];
    if (o.kind !== 'object') return fail(site, 'expects an object');
    const sorted = [...o.entries].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    return arrayOf(
      sorted.map((e) => ({
        kind: 'object',
        entries: [
          { key: 'key', value: s(e.key) },
          { key: 'value', value: e.value },
        ],
      })),
    );
  }),
};

/** `tryGet(value, key, …)`: null instead of an error where a step is missing. */
function tryGet(args: Value[], site: Site): Value {
  if (args.length < 2) return fail(site, 'takes a value and at least one key');
  let cur = args[0];
  for (const key of args.slice(1)) {
    if (cur.kind === 'unknown') return unknown(cur.reason, undefined, callSymbol('tryGet', [cur, ...args.slice(1)]));
    if (key.kind === 'unknown') return unknown(key.reason);
    if (cur.kind === 'object' && key.kind === 'string') {
      const e = entry(cur, key.value);
      if (!e) return { kind: 'null' };
      cur = e.value;
    } else if (cur.kind === 'array' && key.kind === 'number') {
      const item = cur.items[key.value];
      if (!item) return { kind: 'null' };
      cur = item;
    } else {
      return { kind: 'null' };
    }
  }
  return cur;
}

function arrayOf(items: Value[]): Value {
  return { kind: 'array', items };
}

function lengthOf(v: Value): number | undefined {
  if (v.kind === 'string' || v.kind === 'array') return v.kind === 'string' ? v.value.length : v.items.length;
  if (v.kind === 'object') return v.entries.length;
  return undefined;
}

function pick(args: Value[], site: Site, at: 0 | -1): Value {
  const a = arity(site, args, 1);
  if (a) return a;
  const v = args[0];
  if (v.kind === 'string') return s(at === 0 ? v.value.slice(0, 1) : v.value.slice(-1));
  if (v.kind !== 'array') return fail(site, `expects an array or a string`);
  if (v.items.length === 0) return { kind: 'null' };
  return v.items[at === 0 ? 0 : v.items.length - 1];
}

function slice(args: Value[], site: Site, bounds: (len: number, k: number) => [number, number]): Value {
  const a = arity(site, args, 2);
  if (a) return a;
  const [v, k] = args;
  if (k.kind !== 'number') return fail(site, 'expects a number');
  if (v.kind === 'string') return s(v.value.slice(...bounds(v.value.length, k.value)));
  if (v.kind === 'array') return arrayOf(v.items.slice(...bounds(v.items.length, k.value)));
  return fail(site, 'expects an array or a string');
}

function extreme(args: Value[], site: Site, f: (x: number, y: number) => number): Value {
  const list = args.length === 1 && args[0].kind === 'array' ? args[0].items : args;
  if (containsUnknown(arrayOf(list))) return unknown('an argument is not known');
  let best: number | undefined;
  for (const x of list) {
    if (x.kind !== 'number') return fail(site, 'expects numbers');
    best = best === undefined ? x.value : f(best, x.value);
  }
  return best === undefined ? fail(site, 'needs at least one number') : n(best);
}

/**
 * `union` merges objects (later wins, nested objects merged) and arrays (no duplicates);
 * `intersection` keeps what all share. Equal values are found by hashing, so both stay linear
 * in the size of their arguments.
 */
function combine(args: Value[], site: Site, how: 'union' | 'intersection'): Value {
  if (args.length < 1) return fail(site, 'takes at least 1 argument');
  if (args.every((a) => a.kind === 'object')) {
    if (how === 'union') return args.reduce<Value>((acc, o) => mergeObjects(acc, o), { kind: 'object', entries: [] });
    // Which members all objects share cannot be told while a value is unknown.
    if (args.some(containsUnknown)) return unknown('an object holds values that are not known');
    const [head, ...rest] = args as Extract<Value, { kind: 'object' }>[];
    const shared = rest.map((o) => new Set(o.entries.map((e) => memberKey(e.key, e.value))));
    return {
      kind: 'object',
      entries: head.entries.filter((e) => shared.every((keys) => keys.has(memberKey(e.key, e.value)))),
    };
  }
  if (args.every((a) => a.kind === 'array')) {
    if (args.some(containsUnknown)) return unknown('an array holds values that are not known');
    const lists = args.map((a) => (a as Extract<Value, { kind: 'array' }>).items);
    const seen = new Set<string>();
    const out: Value[] = [];
    const add = (x: Value): void => {
      const key = valueKey(x, true) as string;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(x);
    };
    if (how === 'union') for (const list of lists) list.forEach(add);
    else {
      const others = lists.slice(1).map((l) => new Set(l.map((y) => valueKey(y, true) as string)));
      lists[0].filter((x) => others.every((keys) => keys.has(valueKey(x, true) as string))).forEach(add);
    }
    return arrayOf(out);
  }
  return fail(site, 'expects all objects or all arrays');
}

/** A member as intersection compares it: key without case, value exactly (no unknowns here). */
function memberKey(key: string, value: Value): string {
  return `${JSON.stringify(key.toLowerCase())}:${valueKey(value, true) as string}`;
}

function mergeObjects(a: Value, c: Value): Value {
  if (a.kind !== 'object' || c.kind !== 'object') return c;
  const entries = [...a.entries];
  const at = new Map<string, number>();
  entries.forEach((e, i) => at.set(e.key.toLowerCase(), i));
  for (const e of c.entries) {
    const key = e.key.toLowerCase();
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, entries.length);
      entries.push(e);
    } else entries[i] = { ...e, value: mergeObjects(entries[i].value, e.value) };
  }
  return { kind: 'object', entries };
}
