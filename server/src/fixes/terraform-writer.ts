import { readHcl } from '../frontends/terraform/hcl-reader';
import type { Attribute, Block, Expr } from '../frontends/terraform/syntax';
import { attribute, blocksOf } from '../frontends/terraform/syntax';
import type { Resource } from '../graph/resource';
import { setterOf } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import { LineMap } from '../graph/span';
import { at as valueAt } from '../graph/value';
import type { CopyPropertyIntent, SetPropertyIntent } from './intent';
import type { TfTarget } from '../frontends/terraform/spelling';
import { hclLiteral, tfTarget } from '../frontends/terraform/spelling';
import { localAddress, writeTerraformInserts } from './terraform-insert';
import { blockAt, resourceType } from './terraform-locate';
import type { FixWriter, TextEdit } from './writer';

/**
 * Writes fixes into Terraform files: the ARM path of the intent is mapped back to the azurerm
 * attribute; a literal is replaced in place, a missing attribute (or nested block) is inserted in
 * the block's own indentation, and a value computed elsewhere (a variable, a reference) is left
 * alone for setProperty.
 */
export const terraformWriter: FixWriter = {
  language: 'terraform',
  write(intent, read) {
    if (intent.kind === 'addResources') return writeTerraformInserts(intent, read);
    return intent.kind === 'setProperty' ? setProperty(intent, read) : copyProperty(intent, read);
  },
};

type Read = (file: string) => string | undefined;

interface Located {
  text: string;
  block: Block;
  tf: string;
  toTf: TfTarget['toTf'];
}

/** The block that writes the property: the resource's own, or the declaration that sets it from outside. */
function locate(resource: Resource, path: string, read: Read): Located | undefined {
  const where = setterOf(resource, path) ?? resource;
  const text = read(where.file);
  if (text === undefined) return undefined;
  const parsed = readHcl(where.file, text);
  if (parsed.problems.length > 0) return undefined;
  const type = resourceType(parsed.body, where.span);
  const block = blockAt(parsed.body, where.span);
  const target = type ? tfTarget(type, path) : undefined;
  // Only values with a literal form here are edited: written the same way in both languages, a
  // boolean for Enabled/Disabled, a list for a comma-separated bypass.
  if (!target || target.conversion === 'other') return undefined;
  return block ? { text, block, tf: target.tf, toTf: target.toTf } : undefined;
}

function setProperty(intent: SetPropertyIntent, read: Read): TextEdit[] | undefined {
  if (writtenOutside(intent.resource, intent.path)) return undefined;
  const at = locate(intent.resource, intent.path, read);
  const value = at?.toTf(intent.value);
  if (!at || value === undefined) return undefined;
  return writeAttribute(at, hclLiteral(value), (existing) => isLiteral(existing.expr));
}

/**
 * Whether the value comes from a place the fix does not edit (another file, a declaration that is neither
 * the resource nor a known setter of the property): writing it into the block would declare it twice.
 */
function writtenOutside(resource: Resource, path: string): boolean {
  const span = valueAt(resource.body, path)?.span;
  if (!span) return false;
  const where = setterOf(resource, path) ?? resource;
  return span.file !== where.file || !within(span, where.span);
}

function within(inner: SourceSpan, outer: SourceSpan): boolean {
  const before = (a: SourceSpan['start'], b: SourceSpan['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function copyProperty(intent: CopyPropertyIntent, read: Read): TextEdit[] | undefined {
  const at = locate(intent.resource, intent.path, read);
  const from = locate(intent.from, intent.fromPath, read);
  if (!at || !from) return undefined;
  const source = findAttribute(from.block, from.tf);
  let expression: string | undefined;
  const here = localAddress(intent.resource.symbol);
  const there = localAddress(intent.from.symbol);
  if (here && there && here.module === there.module && !from.tf.includes('.')) {
    expression = `${there.address}.${from.tf}`;
  } else if (source && isLiteral(source.expr)) {
    expression = spanText(from.text, source.expr.span);
  }
  if (expression === undefined) return undefined;
  return writeAttribute(at, expression, () => true);
}

/** Replaces the attribute's value (when `replaceable`) or inserts it, creating nested blocks on the way. */
function writeAttribute(
  at: Located,
  valueText: string,
  replaceable: (a: Attribute) => boolean,
): TextEdit[] | undefined {
  const steps = at.tf.split('.');
  const name = steps[steps.length - 1];
  let block = at.block;
  const missingBlocks: string[] = [];
  for (const step of steps.slice(0, -1)) {
    const nested = blocksOf(block.body, step)[0];
    if (!nested) {
      missingBlocks.push(step);
      continue;
    }
    if (missingBlocks.length > 0) return undefined;
    block = nested;
  }
  const existing = missingBlocks.length === 0 ? attribute(block.body, name) : undefined;
  if (existing) {
    if (!replaceable(existing)) return undefined;
    return [{ span: existing.expr.span, newText: valueText }];
  }
  return insertInto(at.text, block, missingBlocks, name, valueText);
}

function insertInto(
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
  if (following.includes('\n\n')) return name;
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

/** The attribute at a path through nested blocks, when every step is written. */
function findAttribute(block: Block, tfPath: string): Attribute | undefined {
  const steps = tfPath.split('.');
  let cur: Block | undefined = block;
  for (const step of steps.slice(0, -1)) cur = cur && blocksOf(cur.body, step)[0];
  return cur && attribute(cur.body, steps[steps.length - 1]);
}

function isLiteral(e: Expr): boolean {
  if (e.kind === 'tuple') return e.items.every(isLiteral);
  return e.kind === 'literal' || (e.kind === 'template' && e.parts.every((p) => typeof p === 'string'));
}

function spanText(text: string, span: SourceSpan): string {
  const map = new LineMap(text);
  return text.slice(map.offset(span.start), map.offset(span.end));
}
