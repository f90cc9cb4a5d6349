import type { Node } from 'jsonc-parser';
import { findNodeAtOffset } from 'jsonc-parser';
import { parsePath } from '../graph/value';

/** Where a body path leads in the JSON text of one object. */
export type PathLookup =
  /** The property exists; `node` is its value. */
  | { kind: 'found'; node: Node }
  /** The walk stopped at `object`, which lacks `keys[0]`; `keys` are the names still to create. */
  | { kind: 'missing'; object: Node; keys: string[] }
  /** Something on the way is not an object (an expression, an absent array item): nothing safe to write. */
  | { kind: 'blocked' };

/** The object node that starts exactly at `offset` (a resource declaration), if there is one. */
export function objectStartingAt(root: Node, offset: number): Node | undefined {
  let node = findNodeAtOffset(root, offset);
  while (node && node.offset === offset && node.type !== 'object') node = node.parent;
  return node?.type === 'object' && node.offset === offset ? node : undefined;
}

/** Follows an ARM body path (`properties.a.b`, `x[0].y`) from an object node; names match case-insensitively as in ARM. */
export function lookupPath(object: Node, path: string): PathLookup {
  const steps = parsePath(path);
  let cur = object;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const next = typeof step === 'number' ? arrayItem(cur, step) : propertyValue(cur, step);
    if (next === undefined) {
      const rest = steps.slice(i);
      if (cur.type !== 'object' || rest.some((s) => typeof s === 'number')) return { kind: 'blocked' };
      return { kind: 'missing', object: cur, keys: rest as string[] };
    }
    if (i === steps.length - 1) return { kind: 'found', node: next };
    cur = next;
  }
  return { kind: 'blocked' };
}

/** The value node of `key` in an object (the last one when repeated, as JSON parsers keep it). */
export function propertyValue(object: Node, key: string): Node | undefined {
  if (object.type !== 'object') return undefined;
  const lower = key.toLowerCase();
  const props = object.children ?? [];
  for (let i = props.length - 1; i >= 0; i--) {
    const [k, v] = props[i].children ?? [];
    if (typeof k?.value === 'string' && k.value.toLowerCase() === lower) return v;
  }
  return undefined;
}

function arrayItem(array: Node, index: number): Node | undefined {
  return array.type === 'array' ? array.children?.[index] : undefined;
}

/** An ARM template expression: a string in brackets, unless escaped as `[[`. */
export function isExpressionNode(node: Node): boolean {
  return node.type === 'string' && typeof node.value === 'string' && /^\[(?!\[)[\s\S]*\]$/.test(node.value.trim());
}
