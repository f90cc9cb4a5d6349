import type { Block, Expr } from '../frontends/terraform/syntax';
import type { SourceSpan } from '../graph/span';
import { LineMap, comparePositions } from '../graph/span';
import type { TextEdit } from './writer';

/** A value written as a literal (a string without interpolation, a number, a bool, a list of them): safe to replace. */
export function isHclLiteral(e: Expr): boolean {
  if (e.kind === 'tuple') return e.items.every(isHclLiteral);
  return e.kind === 'literal' || (e.kind === 'template' && e.parts.every((p) => typeof p === 'string'));
}

export function spanText(text: string, span: SourceSpan): string {
  const map = new LineMap(text);
  return text.slice(map.offset(span.start), map.offset(span.end));
}

/**
 * `name = valueText` added at the end of the block, inside the nested `blocks` it creates on the way,
 * in the block's indentation and `=` alignment; a plain attribute goes after the block's last
 * attribute when nested blocks follow it, where `terraform fmt` style keeps attributes.
 */
export function insertAttribute(
  text: string,
  block: Block,
  blocks: string[],
  name: string,
  valueText: string,
): TextEdit[] | undefined {
  const map = new LineMap(text);
  const closeOffset = map.offset(block.span.end) - 1;
  if (text[closeOffset] !== '}') return undefined;
  const lineStart = text.lastIndexOf('\n', closeOffset - 1) + 1;
  const blockIndent = indentOf(text, map.offset(block.span.start));
  const unit = indentUnit(text, block, blockIndent);
  const last = block.body.attributes[block.body.attributes.length - 1];
  const firstBlock = block.body.blocks[0];
  if (blocks.length === 0 && last) {
    // Right under the last attribute, in its group, when nested blocks follow it or no blank line
    // separates it from the end: where `terraform fmt` style keeps attributes.
    const beforeBlocks = firstBlock !== undefined && comparePositions(last.span.end, firstBlock.span.start) < 0;
    const following = text.slice(map.offset(last.span.end), closeOffset);
    if (beforeBlocks || !following.includes('\n\n')) {
      const group = alignedGroup(block.body.attributes.map((a) => ({ keySpan: a.nameSpan, span: a.span })));
      const width = group.reduce((w, a) => Math.max(w, spanText(text, a.keySpan).length), name.length);
      const line = `${indentOf(text, map.offset(last.span.start))}${name.padEnd(width)} = ${valueText}`;
      const at = last.span.end;
      return [
        ...realign(text, map, group, width),
        { span: { file: block.span.file, start: at, end: at }, newText: `\n${line}` },
      ];
    }
  }
  const lines: string[] = [];
  let indent = blockIndent + unit;
  for (const b of blocks) {
    lines.push(`${indent}${b} {`);
    indent += unit;
  }
  lines.push(`${indent}${name} = ${valueText}`);
  for (let i = blocks.length - 1; i >= 0; i--) {
    indent = indent.slice(unit.length);
    lines.push(`${indent}}`);
  }
  const onOwnLine = text.slice(lineStart, closeOffset).trim() === '';
  const at = map.position(onOwnLine ? lineStart : closeOffset);
  const span: SourceSpan = { file: block.span.file, start: at, end: at };
  const body = lines.join('\n');
  return [{ span, newText: onOwnLine ? `${body}\n` : `\n${body}\n${blockIndent}` }];
}

/** A `key = value` item of a body or an object expression, by where its key is written. */
export interface KeyedItem {
  keySpan: SourceSpan;
  span: SourceSpan;
}

/** The one-line items on consecutive lines that end the list: `terraform fmt` aligns their `=`. */
export function alignedGroup<T extends KeyedItem>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const next = out[0];
    if (item.span.start.line !== item.span.end.line) break;
    if (next && next.span.start.line !== item.span.start.line + 1) break;
    out.unshift(item);
  }
  return out;
}

/** The spacing between each key and its `=` rewritten so that every `=` stands `width` + 1 columns after its key's start. */
export function realign(text: string, map: LineMap, group: readonly KeyedItem[], width: number): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const item of group) {
    const keyEnd = map.offset(item.keySpan.end);
    const eq = text.indexOf('=', keyEnd);
    const pad = ' '.repeat(width - spanText(text, item.keySpan).length + 1);
    if (text.slice(keyEnd, eq) === pad) continue;
    edits.push({ span: { file: item.span.file, start: item.keySpan.end, end: map.position(eq) }, newText: pad });
  }
  return edits;
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** The file's indentation step: from the block's first member, else two spaces (terraform fmt). */
function indentUnit(text: string, block: Block, blockIndent: string): string {
  const first = [...block.body.attributes, ...block.body.blocks].sort(
    (a, b) => a.span.start.line - b.span.start.line,
  )[0];
  if (first && first.span.start.line !== block.span.start.line) {
    const map = new LineMap(text);
    const own = indentOf(text, map.offset(first.span.start));
    if (own.startsWith(blockIndent) && own.length > blockIndent.length) return own.slice(blockIndent.length);
  }
  return '  ';
}
