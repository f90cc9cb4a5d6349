import { readHcl } from '../frontends/terraform/hcl-reader';
import type { Attribute, Block } from '../frontends/terraform/syntax';
import { attribute, blocksOf } from '../frontends/terraform/syntax';
import type { Resource } from '../graph/resource';
import { setterOf } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import { at as valueAt } from '../graph/value';
import type { CopyPropertyIntent, SetPropertyIntent } from './intent';
import type { TfTarget } from '../frontends/terraform/spelling';
import { hclLiteral, tfTarget } from '../frontends/terraform/spelling';
import { writeAzapiBody } from './azapi-body';
import { insertAttribute, isHclLiteral, spanText } from './hcl-text';
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
  const azapi = locateAzapi(intent.resource, read);
  if (azapi)
    return inAzapiBody(intent.path)
      ? writeAzapiBody(azapi.text, azapi.block, intent.path, hclLiteral(intent.value))
      : undefined;
  const at = locate(intent.resource, intent.path, read);
  const value = at?.toTf(intent.value);
  if (!at || value === undefined) return undefined;
  return writeAttribute(at, hclLiteral(value), (existing) => isHclLiteral(existing.expr));
}

/** An `azapi_resource` block: its ARM body is written in the `body` attribute, with ARM names. */
function locateAzapi(resource: Resource, read: Read): { text: string; block: Block } | undefined {
  const text = read(resource.file);
  if (text === undefined) return undefined;
  const parsed = readHcl(resource.file, text);
  if (parsed.problems.length > 0 || resourceType(parsed.body, resource.span) !== 'azapi_resource') return undefined;
  const block = blockAt(parsed.body, resource.span);
  return block && { text, block };
}

/** azapi writes the location, name, tags and identity as attributes and blocks of its own, the rest in `body`. */
function inAzapiBody(path: string): boolean {
  return !['location', 'name', 'tags', 'identity'].includes(path.split(/[.[]/)[0].toLowerCase());
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
  } else if (source && isHclLiteral(source.expr)) {
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
  return insertAttribute(at.text, block, missingBlocks, name, valueText);
}

/** The attribute at a path through nested blocks, when every step is written. */
function findAttribute(block: Block, tfPath: string): Attribute | undefined {
  const steps = tfPath.split('.');
  let cur: Block | undefined = block;
  for (const step of steps.slice(0, -1)) cur = cur && blocksOf(cur.body, step)[0];
  return cur && attribute(cur.body, steps[steps.length - 1]);
}
