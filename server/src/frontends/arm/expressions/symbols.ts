import { principalAt, withPrincipal } from '../../../graph/principals';
import type { UnknownValue, Value } from '../../../graph/value';
import { containsUnknown, toPlain, unknown } from '../../../graph/value';
import { textLongerThan } from '../../../graph/value-shape';
import { MAX_STRING_LENGTH, textTooLong } from '../../budget';

/** A structure whose text is longer than this gets no symbol: symbols are compared and kept, not built at any cost. */
const MAX_SYMBOL_LENGTH = 64 * 1024;

/**
 * Stable names for values that are not known. Two unknowns with the same symbol denote the same
 * runtime value, which is what lets an id built from an unset parameter match the resource whose
 * name uses the same parameter.
 */

/** How a value appears inside a symbol; undefined when an unknown part has no symbol. */
export function symbolOf(v: Value): string | undefined {
  switch (v.kind) {
    case 'string':
      return `'${v.value.replace(/'/g, "''")}'`;
    case 'number':
    case 'boolean':
      return String(v.value);
    case 'null':
      return 'null';
    case 'unknown':
      return v.symbol;
    default:
      return containsUnknown(v) || textLongerThan(v, MAX_SYMBOL_LENGTH) ? undefined : JSON.stringify(toPlain(v));
  }
}

/** `{name(arg, …)}`, or undefined when an argument cannot be named. */
export function callSymbol(name: string, args: readonly Value[]): string | undefined {
  const parts = args.map(symbolOf);
  if (parts.some((p) => p === undefined)) return undefined;
  return `{${name}(${parts.join(', ')})}`;
}

/**
 * Text made of parts (concat, format, ids): a string when all parts are known strings, else an
 * unknown whose symbol is the text with each unknown part replaced by its own symbol.
 */
export function interpolate(parts: readonly (string | UnknownValue)[]): Value {
  let length = 0;
  for (const p of parts) length += typeof p === 'string' ? p.length : (p.symbol?.length ?? 0);
  if (length > MAX_STRING_LENGTH) textTooLong();
  let text = '';
  let firstUnknown: UnknownValue | undefined;
  let symbolic = true;
  for (const p of parts) {
    if (typeof p === 'string') {
      text += p;
    } else {
      firstUnknown ??= p;
      if (p.symbol === undefined) symbolic = false;
      else text += p.symbol;
    }
  }
  if (!firstUnknown) return { kind: 'string', value: text };
  return unknown(firstUnknown.reason, undefined, symbolic ? text : undefined);
}

/** A part of an id or name as a value: the text, or the unknown standing in for it. */
export function partValue(p: string | UnknownValue): Value {
  return typeof p === 'string' ? { kind: 'string', value: p } : p;
}

/** A string's text or an unknown's symbol, for splicing a value into an interpolated text. */
export function textPart(v: Value): string | UnknownValue | undefined {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number' || v.kind === 'boolean') return String(v.value);
  if (v.kind === 'unknown') return v;
  return undefined;
}

/** Where a runtime state was read from: a resource's id and the path into its `reference(…, 'Full')` state. */
export interface RuntimeRead {
  id: string;
  path: readonly string[];
}

interface OpenState {
  symbol?: string;
  read?: RuntimeRead;
}

/** Runtime states (and parts of them), with the symbol of where they were read from when known. */
const open = new WeakMap<object, OpenState>();

/**
 * Marks a value as the runtime state of a resource (`reference()`): a property missing from the
 * template may still exist after deployment, so reading it yields an unknown, not an error. With a
 * `symbol` (`{<resource id>}`), what is read from it gets a symbol too, so that two reads of the same
 * runtime property (`reference(aks).identity.principalId`) are the same unknown and name their resource;
 * with a `read`, a principal id read from it says whose identity it is (`principalOf`).
 */
export function markOpen(v: Value, symbol?: string, read?: RuntimeRead): Value {
  if ((v.kind === 'object' || v.kind === 'array') && (symbol !== undefined || !open.has(v)))
    open.set(v, { symbol, read });
  return v;
}

export function isOpen(v: Value): boolean {
  return open.has(v);
}

/** The symbol of a runtime state read from a known place, for what is read from it. */
export function openSymbol(v: Value): string | undefined {
  return open.get(v)?.symbol;
}

/** Where a value that is (part of) a runtime state was read from. */
export function readOf(v: Value): RuntimeRead | undefined {
  return v.kind === 'unknown' ? unknownReads.get(v) : open.get(v)?.read;
}

/** One step further into a runtime state. */
export function readStep(read: RuntimeRead | undefined, step: string): RuntimeRead | undefined {
  return read && { id: read.id, path: [...read.path, step] };
}

const unknownReads = new WeakMap<UnknownValue, RuntimeRead>();

/** What reading a property of a runtime state gives before deployment; a principal id says whose it is. */
export function runtimeUnknown(reason: string, symbol: string | undefined, read: RuntimeRead | undefined): Value {
  const u = withPrincipal(unknown(reason, undefined, symbol), read && principalAt(read.id, read.path));
  if (read) unknownReads.set(u, read);
  return u;
}
