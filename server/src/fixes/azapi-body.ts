import type { Block, Expr, ObjectItem } from '../frontends/terraform/syntax';
import { attribute } from '../frontends/terraform/syntax';
import type { SourceSpan } from '../graph/span';
import { LineMap } from '../graph/span';
import { parsePath } from '../graph/value';
import { alignedGroup, isHclLiteral, realign, spanText } from './hcl-text';
import { lineIndentAt } from './json-style';
import type { TextEdit } from './writer';

type ObjectExpr = Extract<Expr, { kind: 'object' }>;

/**
 * Sets an ARM body path inside an `azapi_resource`'s `body`, an HCL object expression whose keys are
 * the ARM body's own (azapi 2 writes the object, azapi 1 `jsonencode({...})` of it): a literal is
 * replaced, a missing key is added under its siblings, with the objects on the way. A body that is
 * computed (a variable, `merge(...)`, a JSON string) or a value that is not a literal is left alone.
 */
export function writeAzapiBody(text: string, block: Block, path: string, valueText: string): TextEdit[] | undefined {
  let cur = bodyObject(attribute(block.body, 'body')?.expr);
  const steps = parsePath(path);
  if (!cur || steps.some((s) => typeof s === 'number')) return undefined;
  const keys = steps as string[];
  for (let i = 0; i < keys.length; i++) {
    const item = itemOf(cur, keys[i]);
    if (!item) return insertKeys(text, cur, keys.slice(i), valueText);
    if (i === keys.length - 1) {
      if (!isHclLiteral(item.value) || spanText(text, item.value.span) === valueText) return undefined;
      return [{ span: item.value.span, newText: valueText }];
    }
    if (item.value.kind !== 'object') return undefined;
    cur = item.value;
  }
  return undefined;
}

function bodyObject(e: Expr | undefined): ObjectExpr | undefined {
  if (e?.kind === 'object') return e;
  if (e?.kind === 'call' && e.name === 'jsonencode' && e.args.length === 1 && !e.expandLast)
    return e.args[0].kind === 'object' ? e.args[0] : undefined;
  return undefined;
}

/** The item whose key is `key` (ARM names compare without case); undefined as well when a key is computed. */
function itemOf(obj: ObjectExpr, key: string): ObjectItem | undefined {
  return obj.items.find((i) => {
    const k = i.key.kind === 'literal' ? i.key.value : undefined;
    return typeof k === 'string' && k.toLowerCase() === key.toLowerCase();
  });
}

/** `keys[0] = { keys[1] = … valueText }` added after the object's last item, one item per line. */
function insertKeys(text: string, obj: ObjectExpr, keys: string[], valueText: string): TextEdit[] | undefined {
  if (!obj.items.every((i) => i.key.kind === 'literal')) return undefined;
  const map = new LineMap(text);
  const objIndent = lineIndentAt(text, map.offset(obj.span.start));
  const last = obj.items[obj.items.length - 1];
  if (last && last.span.start.line === obj.span.start.line) return undefined;
  const inner = last ? lineIndentAt(text, map.offset(last.span.start)) : `${objIndent}  `;
  const unit = inner.length > objIndent.length ? inner.slice(objIndent.length) : '  ';
  const nested = (indent: string, rest: string[], aligned: string): string =>
    rest.length === 1
      ? `${indent}${aligned} = ${valueText}`
      : `${indent}${hclKey(rest[0])} = {\n${nested(indent + unit, rest.slice(1), hclKey(rest[1]))}\n${indent}}`;
  const first = hclKey(keys[0]);
  const group = keys.length === 1 ? alignedGroup(obj.items.map((i) => ({ keySpan: i.key.span, span: i.span }))) : [];
  const width = group.reduce((w, i) => Math.max(w, spanText(text, i.keySpan).length), first.length);
  const item = nested(inner, keys, first.padEnd(group.length > 0 ? width : 0));
  if (!last) {
    const close = map.offset(obj.span.end) - 1;
    if (text[close] !== '}' || text.slice(map.offset(obj.span.start) + 1, close).trim() !== '') return undefined;
    return [{ span: obj.span, newText: `{\n${item}\n${objIndent}}` }];
  }
  const at = last.span.end;
  const comma = /^[ \t]*,/.test(text.slice(map.offset(at)));
  const span: SourceSpan = { file: obj.span.file, start: at, end: at };
  // Items separated by commas keep their commas; `terraform fmt` style has none.
  return [...realign(text, map, group, width), { span, newText: comma ? `,\n${item}` : `\n${item}` }];
}

function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}
