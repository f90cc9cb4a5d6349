import type { PrincipalOf } from './principals';
import type { SourceSpan } from './span';
import { MAX_VALUE_DEPTH, findEntry } from './value-shape';

/**
 * A value as far as static analysis can know it. Every node may carry the span of the text that
 * produced it, so that a finding about a computed value lands on the expression the user can edit.
 *
 * `unknown` is not "false" or "absent": it means the value depends on something outside the
 * analysed text (an unset parameter, a runtime attribute, an unsupported function). Rules must
 * stay silent when a value they need is unknown.
 */
export type Value = StringValue | NumberValue | BooleanValue | NullValue | ArrayValue | ObjectValue | UnknownValue;

interface Node {
  span?: SourceSpan;
}

export interface StringValue extends Node {
  kind: 'string';
  value: string;
}

export interface NumberValue extends Node {
  kind: 'number';
  value: number;
}

export interface BooleanValue extends Node {
  kind: 'boolean';
  value: boolean;
}

export interface NullValue extends Node {
  kind: 'null';
}

export interface ArrayValue extends Node {
  kind: 'array';
  items: Value[];
}

export interface ObjectEntry {
  key: string;
  value: Value;
  /** The whole `key: value` member, where the front end knows it. */
  span?: SourceSpan;
  keySpan?: SourceSpan;
}

export interface ObjectValue extends Node {
  kind: 'object';
  entries: ObjectEntry[];
}

export interface UnknownValue extends Node {
  kind: 'unknown';
  /** Human-readable, shown by --explain-unknowns: "parameter 'vnetName' has no value". */
  reason: string;
  /**
   * A stable rendering of the unresolved expression (e.g. `{parameters('vnetName')}`), when the
   * front end can give one. Two unknowns with the same symbol denote the same runtime value, which
   * lets resource ids built from an unset parameter still match each other.
   */
  symbol?: string;
  /** Set when the value is the principal id of a managed identity, read from the resource that has it. */
  principalOf?: PrincipalOf;
}

export type Scalar = string | number | boolean | null;

export const str = (value: string, span?: SourceSpan): StringValue => ({ kind: 'string', value, span });
export const num = (value: number, span?: SourceSpan): NumberValue => ({ kind: 'number', value, span });
export const bool = (value: boolean, span?: SourceSpan): BooleanValue => ({ kind: 'boolean', value, span });
export const nil = (span?: SourceSpan): NullValue => ({ kind: 'null', span });
export const arr = (items: Value[], span?: SourceSpan): ArrayValue => ({ kind: 'array', items, span });
export const obj = (entries: ObjectEntry[], span?: SourceSpan): ObjectValue => ({ kind: 'object', entries, span });
export const unknown = (reason: string, span?: SourceSpan, symbol?: string): UnknownValue => ({
  kind: 'unknown',
  reason,
  span,
  symbol,
});

export function isUnknown(v: Value | undefined): v is UnknownValue {
  return v !== undefined && v.kind === 'unknown';
}

/** Object member lookup; ARM property names are case-insensitive, so lookups are too. */
export function entry(v: Value | undefined, key: string): ObjectEntry | undefined {
  if (!v || v.kind !== 'object') return undefined;
  // Last one wins, as in a JSON object with a repeated key.
  return findEntry(v, key, true);
}

export function member(v: Value | undefined, key: string): Value | undefined {
  return entry(v, key)?.value;
}

/**
 * Follows a dotted path such as `properties.subnet.id` or `properties.agentPoolProfiles[0].vnetSubnetID`.
 * Returns the unknown itself when the walk meets one (so callers can tell "unknown" from "absent"),
 * and undefined when a step is absent.
 */
export function at(v: Value | undefined, path: string): Value | undefined {
  let cur: Value | undefined = v;
  for (const step of parsePath(path)) {
    if (cur === undefined || cur.kind === 'unknown') return cur;
    if (typeof step === 'number') cur = cur.kind === 'array' ? cur.items[step] : undefined;
    else cur = member(cur, step);
  }
  return cur;
}

export function parsePath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      steps.push(part);
      continue;
    }
    if (m[1]) steps.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) steps.push(Number(idx[1]));
  }
  return steps;
}

/** The string if known, else undefined (unknown, absent or another kind). */
export function knownString(v: Value | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

export function knownBoolean(v: Value | undefined): boolean | undefined {
  if (v?.kind === 'boolean') return v.value;
  // ARM accepts "true"/"false" strings for booleans in many APIs.
  if (v?.kind === 'string' && /^(true|false)$/i.test(v.value)) return v.value.toLowerCase() === 'true';
  return undefined;
}

export function items(v: Value | undefined): Value[] {
  return v?.kind === 'array' ? v.items : [];
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(v: Value | undefined): boolean {
  if (!v) return false;
  switch (v.kind) {
    case 'unknown':
      return true;
    case 'array':
      return v.items.some(containsUnknown);
    case 'object':
      return v.entries.some((e) => containsUnknown(e.value));
    default:
      return false;
  }
}

/** Plain JSON for known values (unknown parts become undefined); handy for tests and output. */
export function toPlain(v: Value | undefined): unknown {
  if (!v) return undefined;
  switch (v.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return v.value;
    case 'null':
      return null;
    case 'array':
      return v.items.map(toPlain);
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const e of v.entries) o[e.key] = toPlain(e.value);
      return o;
    }
    case 'unknown':
      return undefined;
  }
}

/**
 * Builds a Value from plain JSON (no spans): defaults, decoded JSON text, tests. Parts nested
 * deeper than evaluated values may nest become unknown.
 */
export function fromPlain(x: unknown, span?: SourceSpan, depth = 0): Value {
  if (x === null || x === undefined) return nil(span);
  if (typeof x === 'string') return str(x, span);
  if (typeof x === 'number') return num(x, span);
  if (typeof x === 'boolean') return bool(x, span);
  if (typeof x === 'object' && depth >= MAX_VALUE_DEPTH)
    return unknown(`the value is nested more than ${MAX_VALUE_DEPTH} levels deep`, span);
  if (Array.isArray(x))
    return arr(
      x.map((i) => fromPlain(i, span, depth + 1)),
      span,
    );
  if (typeof x === 'object') {
    return obj(
      Object.entries(x as Record<string, unknown>).map(([key, value]) => ({
        key,
        value: fromPlain(value, span, depth + 1),
      })),
      span,
    );
  }
  return unknown(`unsupported value of type ${typeof x}`, span);
}

/** The span of the deepest node that exists along `path`: where a fix or a diagnostic should go. */
export function deepestSpan(v: Value | undefined, path: string): SourceSpan | undefined {
  let cur: Value | undefined = v;
  let best: SourceSpan | undefined = v?.span;
  for (const step of parsePath(path)) {
    if (!cur) break;
    if (typeof step === 'number') {
      cur = cur.kind === 'array' ? cur.items[step] : undefined;
      if (cur?.span) best = cur.span;
    } else {
      const e = entry(cur, step);
      cur = e?.value;
      const s = e?.span ?? e?.value.span;
      if (s) best = s;
    }
  }
  return best;
}
