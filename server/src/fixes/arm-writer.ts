import type { Node } from 'jsonc-parser';
import { LineMap } from '../graph/span';
import type { LocatedArm as Located } from './arm-locate';
import { locateArm as locate, templateOf } from './arm-locate';
import { writeInserts } from './arm-insert';
import type { FixIntent } from './intent';
import type { OffsetEdit } from './json-edit';
import { insertMember } from './json-edit';
import { isExpressionNode, lookupPath } from './json-locate';
import type { FixWriter, TextEdit } from './writer';

/**
 * Writes fixes into ARM JSON templates. A value that is an expression is computed elsewhere (a
 * parameter, a variable), so it is never overwritten; a missing property is added where the
 * resource's own text would have it.
 */
export const armWriter: FixWriter = {
  language: 'arm',
  write(intent: FixIntent, read: (file: string) => string | undefined): TextEdit[] | undefined {
    if (intent.kind === 'addResources') return writeInserts(intent, read);
    const target = locate(intent.resource, read);
    if (!target) return undefined;
    const valueText = intent.kind === 'setProperty' ? JSON.stringify(intent.value) : copiedText(intent, target, read);
    if (valueText === undefined) return undefined;
    // A copy replaces whatever is there, expression or not: the value copied is what the fix means.
    const edits = writeAt(target, intent.path, valueText, intent.kind === 'copyProperty');
    if (!edits) return undefined;
    const lines = new LineMap(target.text);
    return edits.map((e) => ({ span: lines.span(intent.resource.file, e.start, e.end), newText: e.newText }));
  },
};

function writeAt(target: Located, path: string, valueText: string, replaceAny: boolean): OffsetEdit[] | undefined {
  const found = lookupPath(target.object, path);
  switch (found.kind) {
    case 'blocked':
      return undefined;
    case 'missing':
      return insertMember(target.text, found.object, found.keys, valueText);
    case 'found': {
      const node = found.node;
      if ((isExpressionNode(node) && !replaceAny) || node.type === 'object' || node.type === 'array') return undefined;
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

function containsExpression(node: Node): boolean {
  return isExpressionNode(node) || (node.children ?? []).some(containsExpression);
}
