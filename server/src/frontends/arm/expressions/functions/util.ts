import type { Value } from '../../../../graph/value';
import { containsUnknown, unknown } from '../../../../graph/value';
import type { FunctionSpec, Site } from '../evaluate';

/** An unknown that says which call went wrong: template mistakes never throw. */
export function fail(site: Site, message: string): Value {
  return unknown(`${site.call.name}(): ${message}`);
}

export function arity(site: Site, args: readonly Value[], min: number, max = min): Value | undefined {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    return fail(site, `takes ${expected} argument${max === 1 ? '' : 's'}, found ${args.length}`);
  }
  return undefined;
}

export const s = (value: string): Value => ({ kind: 'string', value });
export const n = (value: number): Value => ({ kind: 'number', value });
export const b = (value: boolean): Value => ({ kind: 'boolean', value });

/** Strict equality as ARM's `equals` has it: deep, case-sensitive for strings; undefined when unknown. */
export function sameValue(a: Value, c: Value): boolean | undefined {
  if (containsUnknown(a) || containsUnknown(c)) return undefined;
  if (a.kind !== c.kind) return false;
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return a.value === (c as typeof a).value;
    case 'null':
      return true;
    case 'array': {
      const other = c as typeof a;
      return a.items.length === other.items.length && a.items.every((x, i) => sameValue(x, other.items[i]) === true);
    }
    case 'object': {
      const other = c as typeof a;
      if (a.entries.length !== other.entries.length) return false;
      return a.entries.every((e) => {
        const o = other.entries.find((x) => x.key.toLowerCase() === e.key.toLowerCase());
        return o !== undefined && sameValue(e.value, o.value) === true;
      });
    }
    default:
      return undefined;
  }
}

export type Table = Record<string, FunctionSpec>;

/** Shorthand for functions that never see unknown arguments. */
export function strict(impl: FunctionSpec['impl']): FunctionSpec {
  return { impl };
}
