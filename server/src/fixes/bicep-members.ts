import type { ObjectExpr } from '../frontends/bicep/syntax';
import type { OffsetEdit } from './json-edit';
import { lineIndentAt } from './json-style';

/** `keys[0]: …` added to `obj`, nesting the remaining keys as objects. */
export function insertMember(
  text: string,
  obj: ObjectExpr,
  keys: string[],
  valueText: string,
): OffsetEdit[] | undefined {
  const close = obj.end - 1;
  if (text[close] !== '}') return undefined;
  const objIndent = lineIndentAt(text, obj.start);
  const props = obj.members;
  const singleLine = !text.slice(obj.start, obj.end).includes('\n');
  const inner = props.length > 0 && !singleLine ? lineIndentAt(text, props[0].start) : `${objIndent}  `;
  const step = inner.length > objIndent.length ? inner.slice(objIndent.length) : '  ';
  const nested = (depth: number, rest: string[]): string => {
    const pad = inner + step.repeat(depth);
    if (rest.length === 1) return `${pad}${rest[0]}: ${valueText}`;
    return `${pad}${rest[0]}: {\n${nested(depth + 1, rest.slice(1))}\n${pad}}`;
  };
  const body = nested(0, keys);
  if (singleLine) {
    // `{}` or `{ a: 1 }` become multi-line objects with the new member last.
    const existing = props.map((p) => `${inner}${text.slice(p.start, p.end)}`);
    return [{ start: obj.start, end: obj.end, newText: `{\n${[...existing, body].join('\n')}\n${objIndent}}` }];
  }
  // After the last member (or the opening brace), on a line of its own.
  const last = props[props.length - 1];
  const at = last ? last.end : obj.start + 1;
  return [{ start: at, end: at, newText: `\n${body}` }];
}
