import type { Node, ParseError } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import type { Resource } from '../graph/resource';
import { LineMap } from '../graph/span';
import type { FixIntent } from './intent';
import type { OffsetEdit } from './json-edit';
import { insertMember } from './json-edit';
import { isExpressionNode, lookupPath, objectStartingAt, propertyValue } from './json-locate';
import type { FixWriter, TextEdit } from './writer';

/** One resource declaration in the text of its template. */
interface Located {
  text: string;
  object: Node;
}

/**
 * Writes fixes into ARM JSON templates. A value that is an expression is computed elsewhere (a
 * parameter, a variable), so it is never overwritten; a missing property is added where the
 * resource's own text would have it.
 */
export const armWriter: FixWriter = {
  language: 'arm',
  write(intent: FixIntent, read: (file: string) => string | undefined): TextEdit[] | undefined {
    const target = locate(intent.resource, read);
    if (!target) return undefined;
    const valueText = intent.kind === 'setProperty' ? JSON.stringify(intent.value) : copiedText(intent, target, read);
    if (valueText === undefined) return undefined;
    const edits = writeAt(target, intent.path, valueText);
    if (!edits) return undefined;
    const lines = new LineMap(target.text);
    return edits.map((e) => ({ span: lines.span(intent.resource.file, e.start, e.end), newText: e.newText }));
  },
};

function writeAt(target: Located, path: string, valueText: string): OffsetEdit[] | undefined {
  const found = lookupPath(target.object, path);
  switch (found.kind) {
    case 'blocked':
      return undefined;
    case 'missing':
      return insertMember(target.text, found.object, found.keys, valueText);
    case 'found': {
      const node = found.node;
      if (isExpressionNode(node) || node.type === 'object' || node.type === 'array') return undefined;
      const end = node.offset + node.length;
      if (target.text.slice(node.offset, end) === valueText) return undefined;
      return [{ start: node.offset, end, newText: valueText }];
    }
  }
}

/** The text of the source property, when it means the same thing at the target. */
function copiedText(
  intent: Extract<FixIntent, { kind: 'copyProperty' }>,
  target: Located,
  read: (file: string) => string | undefined,
): string | undefined {
  if (intent.from.language !== 'arm') return undefined;
  const source = intent.from.file === intent.resource.file ? target.text : undefined;
  const from = locate(intent.from, source === undefined ? read : () => source);
  if (!from) return undefined;
  const found = lookupPath(from.object, intent.fromPath);
  if (found.kind !== 'found') return undefined;
  // An expression only means the same thing inside the same template (same parameters and variables).
  if (
    containsExpression(found.node) &&
    (source === undefined || templateOf(from.object)?.offset !== templateOf(target.object)?.offset)
  )
    return undefined;
  return from.text.slice(found.node.offset, found.node.offset + found.node.length);
}

function locate(resource: Resource, read: (file: string) => string | undefined): Located | undefined {
  const text = read(resource.file);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  // Editing a template that does not parse could make things worse; fix the syntax first.
  if (!root || errors.length > 0) return undefined;
  const lines = new LineMap(text);
  for (const span of [resource.body.span, resource.span]) {
    if (span?.file !== resource.file) continue;
    const object = objectStartingAt(root, lines.offset(span.start));
    if (object) return { text, object };
  }
  return undefined;
}

function containsExpression(node: Node): boolean {
  return isExpressionNode(node) || (node.children ?? []).some(containsExpression);
}

/** The template object a resource belongs to: the root, or a nested deployment's `properties.template`. */
function templateOf(node: Node): Node | undefined {
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (cur.type !== 'object') continue;
    const owner = cur.parent;
    if (!owner) return cur;
    if (owner.type === 'property' && owner.parent && propertyValue(owner.parent, 'template') === cur) return cur;
  }
  return undefined;
}
