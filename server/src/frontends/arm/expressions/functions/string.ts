import type { Value } from '../../../../graph/value';
import type { UnknownValue } from '../../../../graph/value';
import { containsUnknown, toPlain, unknown } from '../../../../graph/value';
import { textLongerThan } from '../../../../graph/value-shape';
import { MAX_FORMAT_WIDTH, MAX_STRING_LENGTH, textTooLong } from '../../../budget';
import type { Site } from '../evaluate';
import { interpolate, textPart } from '../symbols';
import { armGuid, uniqueString } from './hash';
import type { Table } from './util';
import { arity, b, fail, n, s, strict } from './util';
import { jsonToValue } from './json';

/** String functions, and the conversions between strings and other values. */
export const STRING_FUNCTIONS: Table = {
  concat: { impl: concat, handlesUnknown: true },
  format: { impl: format, handlesUnknown: true },
  string: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    // The text of a structure is only known when all of it is.
    if (containsUnknown(args[0])) return unknown('part of the value is not known');
    if (textLongerThan(args[0], MAX_STRING_LENGTH)) textTooLong();
    return s(stringify(args[0]));
  }),
  int: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const v = args[0];
    const x = v.kind === 'number' ? v.value : v.kind === 'string' ? Number(v.value.trim()) : NaN;
    return Number.isInteger(x) ? n(x) : fail(site, `cannot convert ${v.kind} to an integer`);
  }),
  bool: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const v = args[0];
    if (v.kind === 'boolean') return v;
    if (v.kind === 'number') return b(v.value !== 0);
    if (v.kind === 'string' && /^(true|false)$/i.test(v.value)) return b(v.value.toLowerCase() === 'true');
    return fail(site, `cannot convert ${v.kind} to a boolean`);
  }),
  json: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    if (args[0].kind !== 'string') return fail(site, 'expects a string');
    return jsonToValue(args[0].value) ?? fail(site, 'the text is not valid JSON');
  }),
  split: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [text, sep] = args;
    if (text.kind !== 'string') return fail(site, 'expects a string');
    const seps = sep.kind === 'array' ? sep.items.map((i) => (i.kind === 'string' ? i.value : '')) : [];
    if (sep.kind === 'string') seps.push(sep.value);
    if (seps.length === 0 || seps.some((x) => x === '')) return fail(site, 'needs non-empty delimiters');
    const pattern = new RegExp(seps.map(escapeRegExp).join('|'));
    return { kind: 'array', items: text.value.split(pattern).map(s) };
  }),
  join: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [list, sep] = args;
    if (list.kind !== 'array' || sep.kind !== 'string') return fail(site, 'expects an array and a string');
    const joined: (string | UnknownValue)[] = [];
    for (const item of list.items) {
      const part = textPart(item);
      if (part === undefined) return fail(site, 'can only join strings, numbers and booleans');
      if (joined.length > 0) joined.push(sep.value);
      joined.push(part);
    }
    return interpolate(joined);
  }),
  replace: strict((args, site) => {
    const a = arity(site, args, 3);
    if (a) return a;
    const [text, from, to] = args;
    if (text.kind !== 'string' || from.kind !== 'string' || to.kind !== 'string') return fail(site, 'expects strings');
    if (from.value === '') return text;
    const pieces = text.value.split(from.value);
    if (text.value.length + (pieces.length - 1) * (to.value.length - from.value.length) > MAX_STRING_LENGTH)
      textTooLong();
    return s(pieces.join(to.value));
  }),
  substring: strict((args, site) => {
    const a = arity(site, args, 1, 3);
    if (a) return a;
    const [text, start, length] = args;
    if (text.kind !== 'string') return fail(site, 'expects a string');
    const from = start?.kind === 'number' ? start.value : 0;
    const count = length?.kind === 'number' ? length.value : text.value.length - from;
    if (from < 0 || count < 0 || from + count > text.value.length) return fail(site, 'index out of range');
    return s(text.value.substr(from, count));
  }),
  tolower: strict(stringMap((x) => x.toLowerCase())),
  toupper: strict(stringMap((x) => x.toUpperCase())),
  trim: strict(stringMap((x) => x.trim())),
  startswith: strict(stringPair((x, y) => b(x.toLowerCase().startsWith(y.toLowerCase())))),
  endswith: strict(stringPair((x, y) => b(x.toLowerCase().endsWith(y.toLowerCase())))),
  indexof: strict(stringPair((x, y) => n(x.toLowerCase().indexOf(y.toLowerCase())))),
  lastindexof: strict(stringPair((x, y) => n(x.toLowerCase().lastIndexOf(y.toLowerCase())))),
  padleft: strict((args, site) => {
    const a = arity(site, args, 2, 3);
    if (a) return a;
    const [v, width, pad] = args;
    const text = v.kind === 'string' ? v.value : v.kind === 'number' ? String(v.value) : undefined;
    if (text === undefined || width.kind !== 'number') return fail(site, 'expects a value and a length');
    if (width.value > MAX_FORMAT_WIDTH) return fail(site, `the length may be at most ${MAX_FORMAT_WIDTH}`);
    return s(text.padStart(width.value, pad?.kind === 'string' ? pad.value : ' '));
  }),
  base64: strict(stringMap((x) => Buffer.from(x, 'utf8').toString('base64'))),
  base64tostring: strict(stringMap((x) => Buffer.from(x, 'base64').toString('utf8'))),
  uri: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [base, rel] = args;
    if (base.kind !== 'string' || rel.kind !== 'string') return fail(site, 'expects strings');
    try {
      return s(new URL(rel.value, base.value).toString());
    } catch {
      return fail(site, 'not a valid URI');
    }
  }),
  uniquestring: strict((args, site) => {
    const a = arity(site, args, 1, Infinity);
    if (a) return a;
    const parts = stringArgs(args);
    return parts ? s(uniqueString(parts)) : fail(site, 'expects strings');
  }),
  guid: strict((args, site) => {
    const a = arity(site, args, 1, Infinity);
    if (a) return a;
    const parts = stringArgs(args);
    return parts ? s(armGuid(parts)) : fail(site, 'expects strings');
  }),
};

/** `concat`: strings (unknown parts as symbols) or arrays, as the first argument decides. */
function concat(args: Value[], site: Site): Value {
  if (args.length === 0) return fail(site, 'takes at least 1 argument');
  if (args[0].kind === 'array') {
    const items: Value[] = [];
    for (const a of args) {
      if (a.kind === 'unknown') return a;
      if (a.kind !== 'array') return fail(site, 'cannot mix arrays with other values');
      for (const item of a.items) items.push(item);
    }
    return { kind: 'array', items };
  }
  const parts: (string | UnknownValue)[] = [];
  for (const a of args) {
    const part = a.kind === 'null' ? '' : textPart(a);
    if (part === undefined) return fail(site, `cannot concatenate a ${a.kind} with strings`);
    parts.push(part);
  }
  return interpolate(parts);
}

/** `format('{0}-{1:D3}', a, b)`: .NET composite formatting, with unknown arguments as symbols. */
function format(args: Value[], site: Site): Value {
  const a = arity(site, args, 1, Infinity);
  if (a) return a;
  const pattern = args[0];
  if (pattern.kind === 'unknown') return pattern;
  if (pattern.kind !== 'string') return fail(site, 'expects a format string');
  const parts: (string | UnknownValue)[] = [];
  const re = /\{\{|\}\}|\{(\d+)(?::([^}]*))?\}/g;
  let last = 0;
  for (const m of pattern.value.matchAll(re)) {
    parts.push(pattern.value.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === '{{' || m[0] === '}}') {
      parts.push(m[0][0]);
      continue;
    }
    const arg = args[Number(m[1]) + 1];
    if (!arg) return fail(site, `no argument for {${m[1]}}`);
    if (arg.kind !== 'unknown' && containsUnknown(arg)) {
      parts.push(unknown('part of a formatted value is not known'));
      continue;
    }
    if (arg.kind === 'unknown') {
      parts.push(arg);
      continue;
    }
    const text = formatOne(arg, m[2]);
    if (text === undefined) return fail(site, `cannot format a ${arg.kind} as '${m[2] ?? ''}'`);
    parts.push(text);
  }
  parts.push(pattern.value.slice(last));
  return interpolate(parts);
}

/** Digits after the point that `toFixed` (and .NET) accept. */
const MAX_PRECISION = 100;

function formatOne(v: Value, spec: string | undefined): string | undefined {
  if (v.kind === 'number' && spec) {
    const digits = /^[dD](\d+)$/.exec(spec);
    if (digits) {
      // .NET accepts widths up to 999,999,999; building them is what a hostile template wants.
      const width = Number(digits[1]);
      return width > MAX_FORMAT_WIDTH ? undefined : String(Math.abs(v.value)).padStart(width, '0');
    }
    const fixed = /^[nNfF](\d*)$/.exec(spec);
    if (fixed) {
      const precision = fixed[1] ? Number(fixed[1]) : 2;
      return precision > MAX_PRECISION ? undefined : v.value.toFixed(precision);
    }
  }
  if (v.kind === 'string' || v.kind === 'number') return String(v.value);
  if (v.kind === 'boolean') return v.value ? 'True' : 'False';
  if (v.kind === 'null') return '';
  if (textLongerThan(v, MAX_STRING_LENGTH)) textTooLong();
  return JSON.stringify(toPlain(v));
}

/** ARM's `string()`: strings as they are, everything else as compact JSON. */
export function stringify(v: Value): string {
  return v.kind === 'string' ? v.value : JSON.stringify(toPlain(v));
}

function stringArgs(args: readonly Value[]): string[] | undefined {
  const out: string[] = [];
  for (const a of args) {
    if (a.kind !== 'string') return undefined;
    out.push(a.value);
  }
  return out;
}

function stringMap(f: (x: string) => string): Table[string]['impl'] {
  return (args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    return args[0].kind === 'string' ? s(f(args[0].value)) : fail(site, 'expects a string');
  };
}

function stringPair(f: (x: string, y: string) => Value): Table[string]['impl'] {
  return (args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [x, y] = args;
    return x.kind === 'string' && y.kind === 'string' ? f(x.value, y.value) : fail(site, 'expects strings');
  };
}

function escapeRegExp(x: string): string {
  return x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
