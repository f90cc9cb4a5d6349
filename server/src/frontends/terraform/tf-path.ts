import type { SourceSpan } from '../../graph/span';
import type { ObjectValue, Value } from '../../graph/value';
import { entry } from '../../graph/value';

export interface TfAttribute {
  value: Value;
  /** The whole attribute (`name = value`) or block. */
  span?: SourceSpan;
  keySpan?: SourceSpan;
  /** The nested block the attribute sits in (`network_profile { … }`), when the path goes through one. */
  blockSpan?: SourceSpan;
}

/**
 * Reads an attribute through nested blocks (`network_profile.service_cidr`): a block step takes the
 * first block, as the provider's single-block attributes do. Undefined when a step is absent.
 */
export function readTf(source: ObjectValue, path: string): TfAttribute | undefined {
  let cur: Value = source;
  let found: TfAttribute | undefined;
  let blockSpan: SourceSpan | undefined;
  for (const step of path.split('.')) {
    if (cur.kind === 'array') {
      if (cur.items.length === 0) return undefined;
      cur = cur.items[0];
    }
    if (found) blockSpan = cur.span ?? found.span;
    if (cur.kind === 'unknown') return { value: cur, span: found?.span, keySpan: found?.keySpan, blockSpan };
    if (cur.kind !== 'object') return undefined;
    const e = entry(cur, step);
    if (!e || e.key !== step) return undefined;
    found = { value: e.value, span: e.span, keySpan: e.keySpan, blockSpan };
    cur = e.value;
  }
  return found;
}
