import type { Attribute, Block, Expr } from '../frontends/terraform/syntax';
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
  if (blocks.length === 0 && last && firstBlock && comparePositions(last.span.end, firstBlock.span.start) < 0) {
    const at = last.span.end;
    const line = `${indentOf(text, map.offset(last.span.start))}${paddedLike(text, map, last, name)} = ${valueText}`;
    return [{ span: { file: block.span.file, start: at, end: at }, newText: `\n${line}` }];
  }
  const lines: string[] = [];
  let indent = blockIndent + unit;
  for (const b of blocks) {
    lines.push(`${indent}${b} {`);
    indent += unit;
  }
  const aligned = blocks.length === 0 && last ? alignedName(text, map, last, name) : name;
  lines.push(`${indent}${aligned} = ${valueText}`);
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

/** Pads the name to the `=` column of the attribute above, as `terraform fmt` aligns a group. */
function alignedName(text: string, map: LineMap, previous: Attribute, name: string): string {
  const lineEnd = map.offset(previous.span.end);
  const following = text.slice(lineEnd, text.indexOf('}', lineEnd));
  return following.includes('\n\n') ? name : paddedLike(text, map, previous, name);
}

/** The name padded so that its `=` stands under the `=` of `previous`. */
function paddedLike(text: string, map: LineMap, previous: Attribute, name: string): string {
  const eq = text.indexOf('=', map.offset(previous.nameSpan.end));
  const column = eq - map.offset({ line: previous.span.start.line, character: 0 });
  const nameColumn = previous.nameSpan.start.character;
  return name.padEnd(Math.max(name.length, column - nameColumn - 1));
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
