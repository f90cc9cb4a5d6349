import type { Node } from 'jsonc-parser';
import { detectStyle, lineIndentAt } from './json-style';

/** A replacement of `[start, end)` in the text (an insertion when they are equal). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Adds `keys[0]: { keys[1]: { … keys[n]: valueText } }` to an object node that lacks `keys[0]`,
 * laid out like the surrounding text: one member per line in the file's indentation unit, or on
 * the same line when the object is written on one line.
 */
export function insertMember(text: string, object: Node, keys: string[], valueText: string): OffsetEdit[] {
  const style = detectStyle(text);
  const props = object.children ?? [];
  const objectEnd = object.offset + object.length;
  if (props.length === 0) {
    const objectIndent = lineIndentAt(text, object.offset);
    const memberIndent = objectIndent + style.indent;
    const inner = text.slice(object.offset + 1, objectEnd - 1);
    // Replace blank space inside `{ }`; anything else there (a comment) stays where it is.
    const end = inner.trim() === '' ? objectEnd - 1 : object.offset + 1;
    const member = nestedMember(keys, valueText, memberIndent, style.indent, style.eol);
    return [{ start: object.offset + 1, end, newText: style.eol + memberIndent + member + style.eol + objectIndent }];
  }
  const last = props[props.length - 1];
  const lastEnd = last.offset + last.length;
  if (sameLine(text, object.offset, lastEnd)) {
    return [{ start: lastEnd, end: lastEnd, newText: ', ' + inlineMember(keys, valueText) }];
  }
  const memberIndent = lineIndentAt(text, last.offset);
  const member = style.eol + memberIndent + nestedMember(keys, valueText, memberIndent, style.indent, style.eol);
  const trailingComma = /^\s*,/.exec(text.slice(lastEnd));
  if (trailingComma) {
    // The author already ends members with a comma: keep doing so.
    const at = lastEnd + trailingComma[0].length;
    return [{ start: at, end: at, newText: member + ',' }];
  }
  // A comment after the last member stays on its line; the new member goes on the next one.
  const lineRest = /^[ \t]*(\/\/[^\r\n]*)?(?=\r|\n|$)/.exec(text.slice(lastEnd));
  if (lineRest && lineRest[0].trim() !== '') {
    const at = lastEnd + lineRest[0].length;
    return [
      { start: lastEnd, end: lastEnd, newText: ',' },
      { start: at, end: at, newText: member },
    ];
  }
  return [{ start: lastEnd, end: lastEnd, newText: ',' + member }];
}

function nestedMember(keys: string[], valueText: string, indent: string, unit: string, eol: string): string {
  const [key, ...rest] = keys;
  if (rest.length === 0) return `${JSON.stringify(key)}: ${valueText}`;
  const inner = indent + unit;
  return `${JSON.stringify(key)}: {${eol}${inner}${nestedMember(rest, valueText, inner, unit, eol)}${eol}${indent}}`;
}

function inlineMember(keys: string[], valueText: string): string {
  const [key, ...rest] = keys;
  return rest.length === 0
    ? `${JSON.stringify(key)}: ${valueText}`
    : `${JSON.stringify(key)}: { ${inlineMember(rest, valueText)} }`;
}

function sameLine(text: string, from: number, to: number): boolean {
  return !/[\r\n]/.test(text.slice(from, to));
}
