import type { SourceSpan } from '../../graph/span';
import type { ObjectValue, Value } from '../../graph/value';
import { arr, entry, obj, parsePath } from '../../graph/value';

/**
 * Sets a value at an ARM body path (`properties.agentPoolProfiles[0].vnetSubnetID`), creating the
 * objects and arrays on the way. Objects met at the end are merged, so two Terraform attributes
 * can fill one ARM object. Spans are those of the Terraform attribute (entry) and its value; the
 * object holding the value gets `containerSpan`, the nested block it came from (`network_profile`).
 */
export function setPath(
  root: ObjectValue,
  path: string,
  value: Value,
  span?: SourceSpan,
  keySpan?: SourceSpan,
  containerSpan?: SourceSpan,
): void {
  const steps = parsePath(path);
  let cur: Value = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const last = i === steps.length - 1;
    const next = steps[i + 1];
    const parentOfLeaf = i === steps.length - 2;
    if (typeof step === 'number') {
      if (cur.kind !== 'array') return;
      while (cur.items.length <= step) cur.items.push(obj([]));
      if (last) cur.items[step] = value;
      cur = cur.items[step];
      if (parentOfLeaf && containerSpan) cur.span ??= containerSpan;
      continue;
    }
    if (cur.kind !== 'object') return;
    const existing = entry(cur, step);
    if (last) {
      if (existing && existing.value.kind === 'object' && value.kind === 'object') {
        for (const e of value.entries) existing.value.entries.push(e);
      } else if (existing) {
        Object.assign(existing, { value, span, keySpan });
      } else cur.entries.push({ key: step, value, span, keySpan });
      return;
    }
    if (existing) {
      if (parentOfLeaf && containerSpan && !existing.span) {
        existing.span = containerSpan;
        existing.value.span ??= containerSpan;
      }
      cur = existing.value;
    } else {
      const container: Value = typeof next === 'number' ? arr([]) : obj([]);
      // `subnet_id` is ARM's `subnet: { id }`: the wrapper is written where the attribute is.
      const wrapsId = parentOfLeaf && next === 'id';
      if (wrapsId) cur.entries.push({ key: step, value: container, span, keySpan });
      else if (parentOfLeaf && containerSpan) {
        container.span = containerSpan;
        cur.entries.push({ key: step, value: container, span: containerSpan });
      } else cur.entries.push({ key: step, value: container });
      cur = container;
    }
  }
}
