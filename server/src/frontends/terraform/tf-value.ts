import type { SourceSpan } from '../../graph/span';
import type { ObjectValue, UnknownValue, Value } from '../../graph/value';
import { str, unknown } from '../../graph/value';
import { findEntry } from '../../graph/value-shape';

/**
 * Unknowns that stand for an evaluation error (a missing attribute, a bad argument) rather than a
 * value only known at apply time: `try` and `can` skip these, as Terraform does with errors.
 */
const errors = new WeakSet<UnknownValue>();

export function failure(reason: string, span?: SourceSpan): UnknownValue {
  const u = unknown(reason, span);
  errors.add(u);
  return u;
}

export function isFailure(v: Value): boolean {
  return v.kind === 'unknown' && errors.has(v);
}

/**
 * Objects that stand for a resource (or one of its nested blocks): reading an attribute the
 * configuration does not set gives a value known only after apply, not an error.
 */
export interface ComputedOrigin {
  /** Address of the object: `azurerm_kubernetes_cluster.aks`, `azurerm_kubernetes_cluster.aks.identity[0]`. */
  address: string;
  /** The instance it belongs to: its Terraform type, and its own object once built (with its `id`). */
  instance: { type: string; value?: ObjectValue };
  /** Attribute names from the instance to the object, list indexes left out: `['identity']`. */
  path: readonly string[];
}

const computed = new WeakMap<ObjectValue, ComputedOrigin>();

export function markComputed(v: ObjectValue, origin: ComputedOrigin): ObjectValue {
  computed.set(v, origin);
  return v;
}

export function computedOrigin(v: ObjectValue): ComputedOrigin | undefined {
  return computed.get(v);
}

/** Values known only after apply that were read from an instance, and from where. */
const afterApply = new WeakMap<UnknownValue, ComputedOrigin>();

export function markAfterApply(u: UnknownValue, origin: ComputedOrigin): UnknownValue {
  afterApply.set(u, origin);
  return u;
}

export function afterApplyOrigin(u: UnknownValue): ComputedOrigin | undefined {
  return afterApply.get(u);
}

/** The same value, reported at another place (a reference is reported where it is written). */
export function respan<V extends Value>(v: V, span: SourceSpan | undefined): V {
  if (!span) return v;
  const copy = { ...v, span };
  if (v.kind === 'unknown' && errors.has(v)) errors.add(copy as UnknownValue);
  const origin = v.kind === 'object' ? computed.get(v) : v.kind === 'unknown' ? afterApply.get(v) : undefined;
  if (origin !== undefined && v.kind === 'object') computed.set(copy as ObjectValue, origin);
  if (origin !== undefined && v.kind === 'unknown') afterApply.set(copy as UnknownValue, origin);
  return copy;
}

/** How a value reads inside a string or a symbol: known scalars as text, unknowns as their symbol. */
export function render(v: Value): string | undefined {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'number':
      return String(v.value);
    case 'boolean':
      return v.value ? 'true' : 'false';
    case 'unknown':
      return v.symbol;
    default:
      return undefined;
  }
}

/** A string built from parts, some unknown: unknown, with a symbol when every part renders. */
export function concatParts(parts: Value[], span: SourceSpan | undefined): Value {
  const texts: string[] = [];
  let firstUnknown: UnknownValue | undefined;
  let renderable = true;
  for (const p of parts) {
    if (p.kind === 'unknown') firstUnknown ??= p;
    else if (p.kind === 'null') return failure('a null value cannot be part of a string', span);
    else if (p.kind === 'array' || p.kind === 'object')
      return failure(`a ${p.kind === 'array' ? 'list' : 'map'} cannot be part of a string`, span);
    const t = render(p);
    if (t === undefined) renderable = false;
    else texts.push(t);
  }
  if (!firstUnknown) return str(texts.join(''), span);
  const u = unknown(firstUnknown.reason, span, renderable ? texts.join('') : undefined);
  if (errors.has(firstUnknown)) errors.add(u);
  return u;
}

/** Map keys in the order Terraform iterates them (lexical). */
export function sortedEntries(v: ObjectValue): ObjectValue['entries'] {
  return [...v.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function valueEquals(a: Value, b: Value): boolean | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  // Terraform does not convert for `==`: values of different types are unequal.
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return a.value === (b as typeof a).value;
    case 'null':
      return true;
    case 'array': {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return false;
      for (let i = 0; i < bi.length; i++) {
        const r = valueEquals(a.items[i], bi[i]);
        if (r !== true) return r;
      }
      return true;
    }
    case 'object': {
      const be = (b as typeof a).entries;
      if (a.entries.length !== be.length) return false;
      for (const e of a.entries) {
        const other = findEntry(b as typeof a, e.key, false);
        if (!other) return false;
        const r = valueEquals(e.value, other.value);
        if (r !== true) return r;
      }
      return true;
    }
  }
}

/** Terraform's automatic conversions to string, number and bool (e.g. `"8"` where a number is expected). */
export function asString(v: Value): string | undefined {
  return v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean' ? render(v) : undefined;
}

export function asNumber(v: Value): number | undefined {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'string' && v.value.trim() !== '' && Number.isFinite(Number(v.value))) return Number(v.value);
  return undefined;
}

export function asBool(v: Value): boolean | undefined {
  if (v.kind === 'boolean') return v.value;
  if (v.kind === 'string' && (v.value === 'true' || v.value === 'false')) return v.value === 'true';
  return undefined;
}
