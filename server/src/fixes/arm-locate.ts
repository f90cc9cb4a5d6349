import type { Node, ParseError } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import type { Resource } from '../graph/resource';
import { LineMap } from '../graph/span';
import { objectStartingAt, propertyValue } from './json-locate';

/** One resource declaration in the text of its template. */
export interface LocatedArm {
  text: string;
  root: Node;
  object: Node;
}

/** The template that declares a resource, parsed, with the resource's object; undefined when the text does not parse. */
export function locateArm(resource: Resource, read: (file: string) => string | undefined): LocatedArm | undefined {
  const text = read(resource.file);
  if (text === undefined) return undefined;
  const root = parseArm(text);
  return root && locateIn(text, root, resource);
}

export function parseArm(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  // Editing a template that does not parse could make things worse; fix the syntax first.
  return root && errors.length === 0 ? root : undefined;
}

/** The object of `resource` in an already parsed template. */
export function locateIn(text: string, root: Node, resource: Resource): LocatedArm | undefined {
  const lines = new LineMap(text);
  for (const span of [resource.body.span, resource.span]) {
    if (span?.file !== resource.file) continue;
    const object = objectStartingAt(root, lines.offset(span.start));
    if (object) return { text, root, object };
  }
  return undefined;
}

/** The template object a resource belongs to: the root, or a nested deployment's `properties.template`. */
export function templateOf(node: Node): Node | undefined {
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (cur.type !== 'object') continue;
    const owner = cur.parent;
    if (!owner) return cur;
    if (owner.type === 'property' && owner.parent && propertyValue(owner.parent, 'template') === cur) return cur;
  }
  return undefined;
}
