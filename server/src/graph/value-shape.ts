import type { ObjectEntry, ObjectValue, Value } from './value';

/**
 * Values that evaluation builds (function results, tuples, `for` results) may nest at most this
 * deep; a deeper one becomes unknown. Templates nest values a dozen levels at most, and with the
 * readers' own depth limit this keeps every recursive walk of a value (rules, fix writers, JSON
 * output, the worker's structured clone) far from the stack's end.
 */
export const MAX_VALUE_DEPTH = 100;

const depths = new WeakMap<object, number>();

/**
 * Whether `v` nests deeper than `limit`. Depths are remembered per node, so checking each new
 * result costs only its new nodes, and the recursion never goes deeper than `limit`.
 */
export function deeperThan(v: Value, limit = MAX_VALUE_DEPTH): boolean {
  return depthUpTo(v, limit + 1) > limit;
}

function depthUpTo(v: Value, cap: number): number {
  if (v.kind !== 'array' && v.kind !== 'object') return 0;
  const known = depths.get(v);
  if (known !== undefined) return known;
  if (cap <= 0) return 1;
  let deepest = 0;
  const children = v.kind === 'array' ? v.items : v.entries;
  for (let i = 0; i < children.length; i++) {
    const c = v.kind === 'array' ? v.items[i] : v.entries[i].value;
    const d = depthUpTo(c, cap - 1);
    if (d > deepest) deepest = d;
    if (deepest >= cap) return deepest + 1;
  }
  depths.set(v, deepest + 1);
  return deepest + 1;
}

/**
 * A text equal for values that are equal, for hashing in linear-time set operations: `caseless`
 * folds object keys as ARM compares them; Terraform compares them exactly. Undefined when the
 * value holds an unknown (equality cannot be decided).
 */
export function valueKey(v: Value, caseless: boolean): string | undefined {
  switch (v.kind) {
    case 'string':
      return `s${JSON.stringify(v.value)}`;
    case 'number':
      return `n${v.value}`;
    case 'boolean':
      return v.value ? 'T' : 'F';
    case 'null':
      return 'N';
    case 'unknown':
      return undefined;
    case 'array': {
      const parts: string[] = [];
      for (const item of v.items) {
        const k = valueKey(item, caseless);
        if (k === undefined) return undefined;
        parts.push(k);
      }
      return `[${parts.join(',')}]`;
    }
    case 'object': {
      const parts: string[] = [];
      for (const e of v.entries) {
        const k = valueKey(e.value, caseless);
        if (k === undefined) return undefined;
        parts.push(`${JSON.stringify(caseless ? e.key.toLowerCase() : e.key)}:${k}`);
      }
      return `{${parts.sort().join(',')}}`;
    }
  }
}

const indexes = new WeakMap<ObjectValue, { size: number; caseless: boolean; byKey: Map<string, ObjectEntry> }>();

/** Objects with fewer members than this are searched in place; bigger ones get an index, so lookups in loops stay linear. */
const INDEX_FROM = 32;

/**
 * The member named `key` (the last one, as in JSON), case-insensitive when `caseless`. Entries are
 * only ever appended, so an index built earlier is extended rather than rebuilt.
 */
export function findEntry(o: ObjectValue, key: string, caseless: boolean): ObjectEntry | undefined {
  const entries = o.entries;
  const wanted = caseless ? key.toLowerCase() : key;
  if (entries.length < INDEX_FROM) {
    for (let i = entries.length - 1; i >= 0; i--) {
      const k = entries[i].key;
      if ((caseless ? k.toLowerCase() : k) === wanted) return entries[i];
    }
    return undefined;
  }
  let index = indexes.get(o);
  if (!index || index.caseless !== caseless || index.size > entries.length) {
    index = { size: 0, caseless, byKey: new Map() };
    indexes.set(o, index);
  }
  for (; index.size < entries.length; index.size++) {
    const e = entries[index.size];
    index.byKey.set(caseless ? e.key.toLowerCase() : e.key, e);
  }
  return index.byKey.get(wanted);
}

/**
 * Whether `v` written as JSON text (or as itself, for a string) would be longer than `limit`
 * characters. Counting stops as soon as it is, so a list holding one huge text many times is
 * refused at once instead of being serialised.
 */
export function textLongerThan(v: Value, limit: number): boolean {
  let total = 0;
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const cur = stack.pop() as Value;
    switch (cur.kind) {
      case 'string':
        total += cur.value.length + 2;
        break;
      case 'array':
        total += 2 + cur.items.length;
        for (const item of cur.items) stack.push(item);
        break;
      case 'object':
        total += 2;
        for (const e of cur.entries) {
          total += e.key.length + 4;
          stack.push(e.value);
        }
        break;
      default:
        total += 5;
    }
    if (total > limit) return true;
  }
  return false;
}

/**
 * A text equal for inputs that evaluate alike (member order and key case kept, spans ignored,
 * unknowns by symbol), for memoising nested templates and modules. Undefined when an unknown has
 * no symbol: two such unknowns need not be the same value.
 */
export function inputKey(v: Value): string | undefined {
  switch (v.kind) {
    case 'unknown':
      return v.symbol === undefined ? undefined : `?${JSON.stringify(v.symbol)}`;
    case 'array': {
      const parts: string[] = [];
      for (const item of v.items) {
        const k = inputKey(item);
        if (k === undefined) return undefined;
        parts.push(k);
      }
      return `[${parts.join(',')}]`;
    }
    case 'object': {
      const parts: string[] = [];
      for (const e of v.entries) {
        const k = inputKey(e.value);
        if (k === undefined) return undefined;
        parts.push(`${JSON.stringify(e.key)}:${k}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return valueKey(v, false);
  }
}
