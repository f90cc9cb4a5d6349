import type { SourceSpan } from '../../graph/span';
import type { ObjectEntry, Value } from '../../graph/value';
import { arr, bool, containsUnknown, fromPlain, nil, num, obj, str, toPlain, unknown } from '../../graph/value';
import { MAX_VALUE_DEPTH, deeperThan, findEntry, textLongerThan, valueKey } from '../../graph/value-shape';
import type { Budget } from '../budget';
import { AnalysisCancelled, BudgetExhausted, MAX_FORMAT_WIDTH, MAX_STRING_LENGTH, textTooLong } from '../budget';
import { cidrHost, cidrNetmask, cidrSubnet, cidrSubnets } from './cidr';
import { regex, regexAll, replaceRegex } from './regex';
import { asBool, asNumber, asString, failure, isFailure, render, sortedEntries, valueEquals } from './tf-value';

type Fn = (args: Value[], span: SourceSpan, budget: Budget) => Value;

interface FnSpec {
  fn: Fn;
  /** Sees unknown arguments itself (try, coalesce…); others give unknown when an argument is unknown. */
  lenient?: boolean;
}

/**
 * Runs a built-in function. Functions not listed (file, timestamp, uuid…) give an unknown. The
 * result is charged to the budget; a structure too deep becomes an unknown, a text too long ends
 * the expression (`TextTooLong`).
 */
export function callFunction(name: string, args: Value[], span: SourceSpan, budget: Budget): Value {
  const spec = FUNCTIONS[name.replace(/^provider::[^:]*::/, '')];
  if (!spec) return unknown(`function '${name}' is not evaluated`, span);
  if (!spec.lenient) {
    const u = args.find((a) => a.kind === 'unknown');
    if (u && u.kind === 'unknown') {
      const rendered = args.map(symbolic);
      const symbol = rendered.every((r) => r !== undefined) ? `${name}(${rendered.join(', ')})` : undefined;
      return isFailure(u) ? failure(u.reason, span) : unknown(u.reason, span, symbol);
    }
  }
  let result: Value;
  try {
    result = spec.fn(args, span, budget);
  } catch (err) {
    if (err instanceof BudgetExhausted || err instanceof AnalysisCancelled) throw err;
    return failure(`${name}: ${err instanceof Error ? err.message : String(err)}`, span);
  }
  budget.charge(result);
  if (result.kind === 'string' && result.value.length > MAX_STRING_LENGTH) textTooLong();
  if ((result.kind === 'array' || result.kind === 'object') && deeperThan(result))
    return failure(`${name}: the result would be nested more than ${MAX_VALUE_DEPTH} levels deep`, span);
  return result;
}

function symbolic(v: Value): string | undefined {
  if (v.kind === 'string') return JSON.stringify(v.value);
  return render(v);
}

class ArgError extends Error {}

function text(v: Value | undefined, what = 'argument'): string {
  const s = v ? asString(v) : undefined;
  if (s === undefined) throw new ArgError(`${what} must be a string`);
  return s;
}

function number(v: Value | undefined): number {
  const n = v ? asNumber(v) : undefined;
  if (n === undefined) throw new ArgError('argument must be a number');
  return n;
}

function list(v: Value | undefined): Value[] {
  if (v?.kind === 'array') return v.items;
  throw new ArgError('argument must be a list');
}

function map(v: Value | undefined): ObjectEntry[] {
  if (v?.kind === 'object') return v.entries;
  throw new ArgError('argument must be a map or object');
}

/** A list of strings is needed (join…): unknown items make the whole result unknown. */
function stringItems(v: Value | undefined): string[] | undefined {
  const items = list(v);
  if (items.some((i) => i.kind === 'unknown')) return undefined;
  return items.map((i) => text(i, 'list element'));
}

function unknownInside(span: SourceSpan): Value {
  return unknown('an element is not known', span);
}

/** Terraform compares set elements exactly (types, key case); equal ones share a key, so this stays linear. */
function elementKey(v: Value): string | undefined {
  return valueKey(v, false);
}

/** The first of each equal element; elements holding unknowns are kept as they are (their equality is open). */
function distinctValues(items: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const i of items) {
    const key = elementKey(i);
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(i);
  }
  return out;
}

/** Keys of the known elements of the lists; undefined when an element is unknown (membership is open). */
function elementKeys(lists: Value[][]): Set<string>[] | undefined {
  const out: Set<string>[] = [];
  for (const l of lists) {
    const keys = new Set<string>();
    for (const i of l) {
      const key = elementKey(i);
      if (key === undefined) return undefined;
      keys.add(key);
    }
    out.push(keys);
  }
  return out;
}

function toSet(items: Value[], span: SourceSpan): Value {
  const unique = distinctValues(items);
  // Sets of strings iterate in lexical order in Terraform.
  if (unique.every((i) => i.kind === 'string'))
    unique.sort((a, b) => (render(a) ?? '').localeCompare(render(b) ?? '', 'en'));
  return arr(unique, span);
}

function strictString(args: Value[], span: SourceSpan, f: (...s: string[]) => string): Value {
  return str(f(...args.map((a) => text(a))), span);
}

/** Terraform's format verbs that names use: %s %d %v %q %f (with width/precision) and %%. */
function format(spec: string, args: Value[]): string {
  let next = 0;
  let length = 0;
  const out = spec.replace(
    /%([-0]?)(\d*)(?:\.(\d+))?([sdvqftb%])/g,
    (_m, flag: string, width: string, prec: string, verb) => {
      if (verb === '%') return '%';
      const v = args[next++];
      if (v === undefined) throw new ArgError('not enough arguments for the format string');
      // Go accepts any width; building a huge one is what a hostile configuration wants.
      if (Number(width || 0) > MAX_FORMAT_WIDTH || Number(prec ?? 0) > MAX_FORMAT_WIDTH)
        throw new ArgError(`widths and precisions above ${MAX_FORMAT_WIDTH} are not evaluated`);
      let out: string;
      switch (verb) {
        case 'd':
          out = String(Math.trunc(number(v)));
          break;
        case 'f':
          out = number(v).toFixed(prec === undefined ? 6 : Math.min(Number(prec), 100));
          break;
        case 'q':
          out = JSON.stringify(text(v));
          break;
        case 't':
          out = String(asBool(v));
          break;
        case 'b':
          out = Math.trunc(number(v)).toString(2);
          break;
        default:
          if (v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean') out = text(v);
          else if (textLongerThan(v, MAX_STRING_LENGTH)) textTooLong();
          else out = JSON.stringify(toPlain(v));
      }
      if (width) out = flag === '-' ? out.padEnd(Number(width)) : out.padStart(Number(width), flag === '0' ? '0' : ' ');
      length += out.length;
      if (length > MAX_STRING_LENGTH) textTooLong();
      return out;
    },
  );
  return out;
}

/** `replace`: a `/…/` search is a regular expression (RE2, as in Terraform); anything else is literal. */
function replaceFn(s: string, search: string, replacement: string, budget: Budget): string {
  const regex = /^\/(.*)\/$/s.exec(search);
  if (regex) return replaceRegex(regex[1], s, replacement, budget);
  // Go's strings.Replace with an empty search inserts the replacement around every character.
  const pieces = search === '' ? ['', ...s, ''] : s.split(search);
  if (s.length + (pieces.length - 1) * (replacement.length - search.length) > MAX_STRING_LENGTH) textTooLong();
  return pieces.join(replacement);
}

function flatten(items: Value[]): Value[] {
  return items.flatMap((i) => (i.kind === 'array' ? flatten(i.items) : [i]));
}

function mergeObjects(args: Value[], span: SourceSpan): Value {
  const out = new Map<string, ObjectEntry>();
  for (const a of args) {
    if (a.kind === 'null') continue;
    for (const e of map(a)) {
      // A re-set key moves to the end, as in a map literal written later.
      out.delete(e.key);
      out.set(e.key, e);
    }
  }
  return obj([...out.values()], span);
}

function lookup(args: Value[], span: SourceSpan): Value {
  const [m, k, d] = args;
  if (m.kind === 'unknown' || k.kind === 'unknown') return unknown('lookup on an unknown map or key', span);
  const key = text(k);
  if (m.kind !== 'object') throw new ArgError('argument must be a map or object');
  const hit = findEntry(m, key, false);
  if (hit) return hit.value;
  if (d) return d;
  return failure(`lookup: the map has no key '${key}'`, span);
}

const FUNCTIONS: Record<string, FnSpec> = {
  // Strings
  format: {
    fn: ([f, ...rest], span) => (rest.some(containsUnknown) ? unknownInside(span) : str(format(text(f), rest), span)),
  },
  formatlist: {
    fn: ([f, ...rest], span, budget) => {
      let n = 0;
      for (const r of rest) if (r.kind === 'array') n = Math.max(n, r.items.length);
      const out: Value[] = [];
      for (let i = 0; i < n; i++) {
        const row = rest.map((r) => (r.kind === 'array' ? r.items[i] : r));
        const item = row.some(containsUnknown) ? unknownInside(span) : str(format(text(f), row), span);
        budget.charge(item);
        out.push(item);
      }
      return arr(out, span);
    },
  },
  join: {
    fn: ([sep, ...lists], span) => {
      const parts = lists.map(stringItems);
      if (parts.some((p) => p === undefined)) return unknownInside(span);
      const all = parts.flatMap((p) => p ?? []);
      const separator = text(sep);
      let length = separator.length * all.length;
      for (const p of all) length += p.length;
      if (length > MAX_STRING_LENGTH) textTooLong();
      return str(all.join(separator), span);
    },
  },
  split: {
    fn: ([sep, s], span) =>
      arr(
        text(s)
          .split(text(sep))
          .map((p) => str(p, span)),
        span,
      ),
  },
  lower: { fn: (a, span) => strictString(a, span, (s) => s.toLowerCase()) },
  upper: { fn: (a, span) => strictString(a, span, (s) => s.toUpperCase()) },
  title: { fn: (a, span) => strictString(a, span, (s) => s.replace(/\b\w/g, (c) => c.toUpperCase())) },
  replace: {
    fn: ([s, search, replacement], span, budget) =>
      str(replaceFn(text(s), text(search), text(replacement), budget), span),
  },
  regex: { fn: ([pattern, s], span, budget) => regex(text(pattern), text(s), span, budget) },
  regexall: { fn: ([pattern, s], span, budget) => regexAll(text(pattern), text(s), span, budget) },
  substr: {
    fn: ([s, o, l], span) => {
      const chars = [...text(s)];
      let offset = number(o);
      if (offset < 0) offset += chars.length;
      const length = number(l);
      return str(chars.slice(offset, length < 0 ? undefined : offset + length).join(''), span);
    },
  },
  trimspace: { fn: (a, span) => strictString(a, span, (s) => s.trim()) },
  trimprefix: { fn: (a, span) => strictString(a, span, (s, p) => (s.startsWith(p) ? s.slice(p.length) : s)) },
  trimsuffix: { fn: (a, span) => strictString(a, span, (s, p) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)) },
  trim: {
    fn: (a, span) =>
      strictString(a, span, (s, cut) => {
        const set = new Set(cut);
        const chars = [...s];
        while (chars.length && set.has(chars[0])) chars.shift();
        while (chars.length && set.has(chars[chars.length - 1])) chars.pop();
        return chars.join('');
      }),
  },
  startswith: { fn: ([s, p], span) => bool(text(s).startsWith(text(p)), span) },
  endswith: { fn: ([s, p], span) => bool(text(s).endsWith(text(p)), span) },
  strrev: { fn: (a, span) => strictString(a, span, (s) => [...s].reverse().join('')) },
  tostring: { fn: ([v], span) => (v.kind === 'null' ? v : str(text(v), span)) },
  tonumber: { fn: ([v], span) => (v.kind === 'null' ? v : num(number(v), span)) },
  tobool: {
    fn: ([v], span) => {
      const b = asBool(v);
      if (b === undefined && v.kind !== 'null') throw new ArgError('argument must be a bool');
      return b === undefined ? v : bool(b, span);
    },
  },
  // Networks
  cidrsubnet: { fn: ([p, b, n], span) => orFail(cidrSubnet(text(p), number(b), number(n)), span, 'cidrsubnet') },
  cidrhost: { fn: ([p, h], span) => orFail(cidrHost(text(p), number(h)), span, 'cidrhost') },
  cidrnetmask: { fn: ([p], span) => orFail(cidrNetmask(text(p)), span, 'cidrnetmask') },
  cidrsubnets: {
    fn: ([p, ...bits], span) => {
      const subnets = cidrSubnets(
        text(p),
        bits.map((b) => number(b)),
      );
      if (!subnets) return orFail(undefined, span, 'cidrsubnets');
      return arr(
        subnets.map((s) => orFail(s, span, 'cidrsubnets')),
        span,
      );
    },
  },
  // Collections
  concat: {
    fn: (a, span) =>
      arr(
        a.flatMap((x) => list(x)),
        span,
      ),
  },
  merge: { fn: mergeObjects },
  lookup: { fn: lookup, lenient: true },
  element: {
    fn: ([l, i]) => {
      const items = list(l);
      if (items.length === 0) throw new ArgError('cannot use element on an empty list');
      const n = Math.trunc(number(i));
      return items[((n % items.length) + items.length) % items.length];
    },
  },
  length: {
    fn: ([v], span) => {
      if (v.kind === 'array') return num(v.items.length, span);
      if (v.kind === 'object') return num(v.entries.length, span);
      return num([...text(v)].length, span);
    },
  },
  tolist: { fn: ([v], span) => arr(list(v), span) },
  toset: { fn: ([v], span) => toSet(list(v), span) },
  tomap: { fn: ([v], span) => obj(map(v), span) },
  keys: {
    fn: ([v], span) =>
      arr(
        sortedEntries(obj(map(v))).map((e) => str(e.key, span)),
        span,
      ),
  },
  values: {
    fn: ([v], span) =>
      arr(
        sortedEntries(obj(map(v))).map((e) => e.value),
        span,
      ),
  },
  flatten: { fn: ([v], span) => arr(flatten(list(v)), span) },
  distinct: { fn: ([v], span) => arr(distinctValues(list(v)), span) },
  contains: {
    fn: ([l, x], span) => {
      const items = list(l);
      if (items.some((i) => valueEquals(i, x) === true)) return bool(true, span);
      return items.some((i) => valueEquals(i, x) === undefined) ? unknownInside(span) : bool(false, span);
    },
  },
  compact: {
    fn: ([v], span) =>
      arr(
        list(v).filter((i) => !(i.kind === 'string' && i.value === '') && i.kind !== 'null'),
        span,
      ),
  },
  zipmap: {
    fn: ([k, v], span) => {
      const ks = stringItems(k);
      if (!ks) return unknownInside(span);
      const vs = list(v);
      return obj(
        ks.map((key, i) => ({ key, value: vs[i] ?? nil(span) })),
        span,
      );
    },
  },
  slice: { fn: ([l, s, e], span) => arr(list(l).slice(number(s), number(e)), span) },
  reverse: { fn: ([l], span) => arr([...list(l)].reverse(), span) },
  sort: {
    fn: ([l], span) => {
      const items = stringItems(l);
      return items
        ? arr(
            [...items].sort().map((s) => str(s, span)),
            span,
          )
        : unknownInside(span);
    },
  },
  range: {
    fn: (a, span) => {
      const n = a.map(number);
      const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[0] <= n[1] ? 1 : -1)];
      const out: Value[] = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) {
        out.push(num(i, span));
        if (out.length > 1024) throw new ArgError('range too long');
      }
      return arr(out, span);
    },
  },
  one: {
    fn: ([l], span) => {
      const items = list(l);
      if (items.length > 1) throw new ArgError('must be a list with at most one element');
      return items[0] ?? nil(span);
    },
  },
  coalesce: {
    lenient: true,
    fn: (args, span) => {
      for (const a of args) {
        if (a.kind === 'unknown') return unknown(a.reason, span, a.symbol);
        if (a.kind === 'null' || (a.kind === 'string' && a.value === '')) continue;
        return a;
      }
      return failure('coalesce: no non-null, non-empty argument', span);
    },
  },
  coalescelist: {
    lenient: true,
    fn: (args, span) => {
      for (const a of args) {
        if (a.kind === 'unknown') return unknown(a.reason, span, a.symbol);
        if (a.kind === 'array' && a.items.length > 0) return a;
      }
      return failure('coalescelist: every list is empty', span);
    },
  },
  setunion: { fn: (a, span) => toSet(a.flatMap(list), span) },
  setintersection: {
    fn: ([first, ...rest], span) => {
      const items = list(first);
      const others = elementKeys(rest.map(list));
      const own = elementKeys([items]);
      if (!others || !own) return unknownInside(span);
      return toSet(
        items.filter((i) => others.every((keys) => keys.has(elementKey(i) as string))),
        span,
      );
    },
  },
  setsubtract: {
    fn: ([a, b], span) => {
      const items = list(a);
      const removed = elementKeys([list(b)]);
      if (!removed || !elementKeys([items])) return unknownInside(span);
      return toSet(
        items.filter((i) => !removed[0].has(elementKey(i) as string)),
        span,
      );
    },
  },
  alltrue: {
    fn: ([l], span) =>
      bool(
        list(l).every((i) => asBool(i) === true),
        span,
      ),
  },
  anytrue: {
    fn: ([l], span) =>
      bool(
        list(l).some((i) => asBool(i) === true),
        span,
      ),
  },
  // Numbers
  min: { fn: (a, span) => num(extreme(a, Math.min), span) },
  max: { fn: (a, span) => num(extreme(a, Math.max), span) },
  abs: { fn: ([n], span) => num(Math.abs(number(n)), span) },
  ceil: { fn: ([n], span) => num(Math.ceil(number(n)), span) },
  floor: { fn: ([n], span) => num(Math.floor(number(n)), span) },
  sum: {
    fn: ([l], span) =>
      num(
        list(l)
          .map(number)
          .reduce((x, y) => x + y, 0),
        span,
      ),
  },
  // Errors and encodings
  try: {
    lenient: true,
    fn: (args, span) => args.find((a) => !isFailure(a)) ?? failure('try: every argument failed', span),
  },
  can: { lenient: true, fn: ([a], span) => (a.kind === 'unknown' && !isFailure(a) ? a : bool(!isFailure(a), span)) },
  jsonencode: {
    fn: ([v], span) => {
      if (containsUnknown(v)) return unknownInside(span);
      if (textLongerThan(v, MAX_STRING_LENGTH)) textTooLong();
      return str(JSON.stringify(toPlain(v)), span);
    },
  },
  jsondecode: { fn: ([s], span) => fromPlain(JSON.parse(text(s)), span) },
  base64encode: { fn: (a, span) => strictString(a, span, (s) => Buffer.from(s, 'utf8').toString('base64')) },
  base64decode: { fn: (a, span) => strictString(a, span, (s) => Buffer.from(s, 'base64').toString('utf8')) },
};

/** min/max over any number of arguments (a spread list can be long: no spreading into Math.min). */
function extreme(args: Value[], f: (x: number, y: number) => number): number {
  if (args.length === 0) throw new ArgError('needs at least one number');
  return args.map(number).reduce(f);
}

function orFail(result: string | undefined, span: SourceSpan, name: string): Value {
  return result === undefined ? failure(`${name}: invalid arguments`, span) : str(result, span);
}
