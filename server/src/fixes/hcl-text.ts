import type { Expr } from '../frontends/terraform/syntax';
import type { SourceSpan } from '../graph/span';
import { LineMap } from '../graph/span';

/** A value written as a literal (a string without interpolation, a number, a bool, a list of them): safe to replace. */
export function isHclLiteral(e: Expr): boolean {
  if (e.kind === 'tuple') return e.items.every(isHclLiteral);
  return e.kind === 'literal' || (e.kind === 'template' && e.parts.every((p) => typeof p === 'string'));
}

export function spanText(text: string, span: SourceSpan): string {
  const map = new LineMap(text);
  return text.slice(map.offset(span.start), map.offset(span.end));
}
