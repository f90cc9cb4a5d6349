import type { Value } from '../../../../graph/value';
import { unknown } from '../../../../graph/value';
import type { Site } from '../evaluate';
import { callSymbol, symbolOf } from '../symbols';
import type { Table } from './util';
import { arity, b, fail, n, sameValue, strict } from './util';

/** Comparison, logic and arithmetic. */
export const LOGICAL_FUNCTIONS: Table = {
  equals: { impl: equals, handlesUnknown: true },
  not: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    return args[0].kind === 'boolean' ? b(!args[0].value) : fail(site, 'expects a boolean');
  }),
  and: { impl: (args, site) => connective(args, site, false), handlesUnknown: true },
  or: { impl: (args, site) => connective(args, site, true), handlesUnknown: true },
  coalesce: {
    impl: (args) => {
      for (const a of args) {
        if (a.kind === 'unknown') return a;
        if (a.kind !== 'null') return a;
      }
      return { kind: 'null' };
    },
    handlesUnknown: true,
  },
  true: strict(() => b(true)),
  false: strict(() => b(false)),
  null: strict(() => ({ kind: 'null' })),
  less: strict(compare((c) => c < 0)),
  lessorequals: strict(compare((c) => c <= 0)),
  greater: strict(compare((c) => c > 0)),
  greaterorequals: strict(compare((c) => c >= 0)),
  add: strict(arithmetic((x, y) => x + y)),
  sub: strict(arithmetic((x, y) => x - y)),
  mul: strict(arithmetic((x, y) => x * y)),
  div: strict(arithmetic((x, y) => (y === 0 ? undefined : Math.trunc(x / y)))),
  mod: strict(arithmetic((x, y) => (y === 0 ? undefined : x % y))),
};

/** Two unknowns with one symbol are the same value; otherwise an unknown side makes the answer unknown. */
function equals(args: Value[], site: Site): Value {
  const a = arity(site, args, 2);
  if (a) return a;
  const same = sameValue(args[0], args[1]);
  if (same !== undefined) return b(same);
  const x = symbolOf(args[0]);
  if (x !== undefined && x === symbolOf(args[1])) return b(true);
  const why = args.find((v) => v.kind === 'unknown');
  return unknown(
    why?.kind === 'unknown' ? why.reason : 'a compared value is not known',
    undefined,
    callSymbol('equals', args),
  );
}

/** `and`/`or`: a deciding known argument wins over unknown ones. */
function connective(args: Value[], site: Site, decisive: boolean): Value {
  if (args.length < 1) return fail(site, 'takes at least 1 argument');
  let undecided: Value | undefined;
  for (const a of args) {
    if (a.kind === 'boolean') {
      if (a.value === decisive) return b(decisive);
    } else if (a.kind === 'unknown') {
      undecided ??= a;
    } else {
      return fail(site, `expects booleans, found ${a.kind}`);
    }
  }
  if (undecided?.kind === 'unknown') return unknown(undecided.reason, undefined, callSymbol(site.call.name, args));
  return b(!decisive);
}

function compare(test: (c: number) => boolean): Table[string]['impl'] {
  return (args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [x, y] = args;
    if (x.kind === 'number' && y.kind === 'number') return b(test(x.value - y.value));
    if (x.kind === 'string' && y.kind === 'string') return b(test(x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
    return fail(site, 'compares two numbers or two strings');
  };
}

function arithmetic(f: (x: number, y: number) => number | undefined): Table[string]['impl'] {
  return (args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const [x, y] = args;
    if (x.kind !== 'number' || y.kind !== 'number') return fail(site, 'expects integers');
    const r = f(x.value, y.value);
    return r === undefined ? fail(site, 'division by zero') : n(r);
  };
}
