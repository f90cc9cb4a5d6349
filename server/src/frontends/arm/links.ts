import type { Node } from 'jsonc-parser';
import { findNodeAtOffset } from 'jsonc-parser';
import * as path from 'node:path';
import type { JsonDoc } from './json-values';
import { memberOf, stringOf } from './json-values';

/**
 * The templates a template deploys by a literal `templateLink.relativePath` (absolute paths,
 * relative to the linking file). A path written as an expression is only known while evaluating.
 * Only the places where the key is written are looked at: walking every node of a big template
 * cost more than parsing it.
 */
export function linkedTemplates(doc: JsonDoc): string[] {
  const out: string[] = [];
  if (!doc.root) return out;
  for (const m of doc.text.matchAll(/"relativePath"/gi)) {
    const link = linkObject(findNodeAtOffset(doc.root, m.index + 1));
    const member = memberOf(link, 'relativePath');
    const relative = stringOf(member?.value);
    // Once per link: at the last member of that name, the one ARM reads.
    if (member?.keyNode.offset === m.index && relative !== undefined && !relative.startsWith('[')) {
      const target = path.resolve(path.dirname(doc.file), relative);
      if (target !== doc.file) out.push(target);
    }
  }
  return out;
}

/** The object holding `key` when it is a member key of a `templateLink` object. */
function linkObject(key: Node | undefined): Node | undefined {
  const property = key?.parent;
  const link = property?.parent;
  const owner = link?.parent;
  if (property?.type !== 'property' || property.children?.[0] !== key || link?.type !== 'object') return undefined;
  // The last member of that name is the one ARM reads.
  return owner?.type === 'property' && memberOf(owner.parent, 'templateLink')?.node === owner ? link : undefined;
}
