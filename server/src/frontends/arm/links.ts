import type { Node } from 'jsonc-parser';
import * as path from 'node:path';
import type { JsonDoc } from './json-values';
import { child, stringOf } from './json-values';

/**
 * The templates a template deploys by a literal `templateLink.relativePath` (absolute paths,
 * relative to the linking file). A path written as an expression is only known while evaluating.
 */
export function linkedTemplates(doc: JsonDoc): string[] {
  const out: string[] = [];
  const stack: Node[] = doc.root ? [doc.root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const relative = stringOf(child(child(node, 'templateLink'), 'relativePath'));
    if (relative !== undefined && !relative.startsWith('[')) {
      const target = path.resolve(path.dirname(doc.file), relative);
      if (target !== doc.file) out.push(target);
    }
    for (const c of node.children ?? [])
      if (c.type === 'object' || c.type === 'array' || c.type === 'property') stack.push(c);
  }
  return out;
}
