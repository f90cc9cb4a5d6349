import type { Value } from '../../graph/value';
import { unknown } from '../../graph/value';
import type { Part } from './expressions/evaluate';

/**
 * The segments of a resource name (`vnet1/subnet1` → two parts). Unknown segments keep their
 * symbols, so the id built from them matches ids built elsewhere from the same expressions.
 */
export function nameParts(v: Value, written: string): Part[] {
  if (v.kind === 'string') return v.value.split('/');
  if (v.kind === 'number') return [String(v.value)];
  const reason = v.kind === 'unknown' ? v.reason : `a resource name cannot be a ${v.kind}`;
  const symbol = v.kind === 'unknown' ? v.symbol : undefined;
  if (symbol === undefined) return [unknown(reason, undefined, `{${stripBrackets(written)}}`)];
  return splitOutsideBraces(symbol).map((seg) => (seg.includes('{') ? unknown(reason, undefined, seg) : seg));
}

/** A part as text: the name itself or the unknown's symbol. */
export function partText(p: Part): string {
  return typeof p === 'string' ? p : (p.symbol ?? '{?}');
}

/** Splits on `/` except inside `{…}` symbols, which may quote ids of their own. */
function splitOutsideBraces(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const c of text) {
    if (c === "'" && depth > 0) quoted = !quoted;
    else if (!quoted && c === '{') depth++;
    else if (!quoted && c === '}') depth = Math.max(0, depth - 1);
    if (c === '/' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function stripBrackets(written: string): string {
  return written.startsWith('[') && written.endsWith(']') ? written.slice(1, -1) : written;
}
