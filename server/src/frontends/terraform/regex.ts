import { RE2JS } from 're2js';
import type { SourceSpan } from '../../graph/span';
import type { ObjectEntry, Value } from '../../graph/value';
import { arr, nil, obj, str } from '../../graph/value';
import type { Budget } from '../budget';
import { MAX_STRING_LENGTH, textTooLong } from '../budget';

/**
 * `regex`, `regexall` and `replace` with a `/…/` pattern, as Terraform runs them: Go's `regexp`
 * package, which is RE2 (RE2 syntax, leftmost-first matching, no backreferences or lookaround,
 * and time linear in the input). re2js is a pure JavaScript port of RE2 that keeps Go's API
 * (`findAllSubmatchIndex`), so patterns RE2 rejects are rejected here with RE2's message, and no
 * pattern can backtrack for ever.
 */

export class RegexError extends Error {}

/** A compiled pattern, with what `regex` returns for a match: a string, a tuple or an object of the groups. */
interface Pattern {
  re: RE2JS;
  /** Capture group names by number (index 0 is the whole match); '' for unnamed groups. */
  names: string[];
  instructions: number;
}

const cache = new Map<string, Pattern>();

function compile(pattern: string): Pattern {
  let p = cache.get(pattern);
  if (p) return p;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    throw new RegexError(`invalid regular expression: ${err instanceof Error ? err.message : String(err)}`);
  }
  const names = Array.from({ length: re.groupCount() + 1 }, () => '');
  for (const [name, index] of Object.entries(re.namedGroups())) names[index] = name;
  const named = names.slice(1).filter((n) => n !== '').length;
  if (named > 0 && named < names.length - 1)
    throw new RegexError('invalid regular expression: named and unnamed capture groups cannot be mixed');
  p = { re, names, instructions: Number(re.re2().numberOfInstructions()) };
  // Patterns are few and small; the cache only avoids recompiling one inside a loop.
  if (cache.size > 256) cache.clear();
  cache.set(pattern, p);
  return p;
}

/** Matching is linear in the input and the pattern's size: charge that before running it. */
function chargeMatch(p: Pattern, input: string, budget: Budget): void {
  budget.step(Math.ceil(input.length * (1 + p.instructions / 64)));
}

/** Every match, as Go's `FindAllStringSubmatchIndex` gives it: [start, end, group starts and ends…]. */
function allMatches(p: Pattern, input: string, budget: Budget): number[][] {
  chargeMatch(p, input, budget);
  return (p.re.re2().findAllSubmatchIndex(input, -1) as number[][] | null) ?? [];
}

function result(p: Pattern, input: string, m: number[], span: SourceSpan): Value {
  const group = (i: number): Value => (m[2 * i] < 0 ? nil(span) : str(input.slice(m[2 * i], m[2 * i + 1]), span));
  if (p.names.length === 1) return group(0);
  const groups = p.names.slice(1).map((_, i) => group(i + 1));
  if (p.names[1] === '') return arr(groups, span);
  return obj(
    p.names.slice(1).map((name, i): ObjectEntry => ({ key: name, value: groups[i] })),
    span,
  );
}

export function regex(pattern: string, input: string, span: SourceSpan, budget: Budget): Value {
  const p = compile(pattern);
  const [first] = allMatches(p, input, budget);
  if (!first) throw new RegexError('the pattern does not match the string');
  return result(p, input, first, span);
}

export function regexAll(pattern: string, input: string, span: SourceSpan, budget: Budget): Value {
  const p = compile(pattern);
  const matches = allMatches(p, input, budget);
  budget.addValues(matches.length);
  return arr(
    matches.map((m) => result(p, input, m, span)),
    span,
  );
}

/** `replace(s, "/re/", repl)`: every match replaced, with `$1`, `${name}` and `$$` expanded as Go's `Expand` does. */
export function replaceRegex(pattern: string, input: string, replacement: string, budget: Budget): string {
  const p = compile(pattern);
  const out: string[] = [];
  let length = 0;
  let last = 0;
  for (const m of allMatches(p, input, budget)) {
    const piece = input.slice(last, m[0]) + expand(replacement, p, input, m);
    length += piece.length;
    if (length > MAX_STRING_LENGTH) textTooLong();
    out.push(piece);
    last = m[1];
  }
  out.push(input.slice(last));
  return out.join('');
}

/**
 * Go's `Expand`: `$name` takes the longest run of letters, digits and underscores (`$1x` names
 * group `1x`, which does not exist, so it is empty), `${name}` is explicit, `$$` is a dollar
 * sign, and a malformed reference is kept as text. A number with a leading zero is a name, and a
 * group that does not exist or did not match expands to nothing.
 */
function expand(template: string, p: Pattern, input: string, m: number[]): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0 || dollar + 1 >= template.length) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    if (template[dollar + 1] === '$') {
      out += '$';
      i = dollar + 2;
      continue;
    }
    REFERENCE.lastIndex = dollar + 1;
    const ref = REFERENCE.exec(template);
    if (!ref) {
      out += '$';
      i = dollar + 1;
      continue;
    }
    const name = ref[1] ?? ref[2];
    const index = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : p.names.indexOf(name);
    if (index > 0 || (index === 0 && name === '0')) {
      if (index < p.names.length && m[2 * index] >= 0) out += input.slice(m[2 * index], m[2 * index + 1]);
    }
    i = dollar + 1 + ref[0].length;
  }
  return out;
}

const REFERENCE = /\{([\p{L}\p{N}_]+)\}|([\p{L}\p{N}_]+)/uy;
