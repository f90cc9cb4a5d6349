import { parseTree } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import type { Resource } from '../../../server/src/graph/resource';
import { LineMap } from '../../../server/src/graph/span';
import { obj } from '../../../server/src/graph/value';
import type { TextEdit } from '../../../server/src/fixes/writer';

/**
 * A graph resource for the `index`-th entry of a template's `resources`, carrying only what a fix
 * writer reads (file, language, declaration spans), so the writer is tested without a front end.
 */
export function resourceAt(
  file: string,
  text: string,
  index: number,
  resourcesPath: (string | number)[] = [],
): Resource {
  let node: Node | undefined = parseTree(text, [], { allowTrailingComma: true });
  for (const step of [...resourcesPath, 'resources', index]) {
    if (!node) break;
    node =
      typeof step === 'number'
        ? node.children?.[step]
        : node.children?.find((p) => p.children?.[0].value === step)?.children?.[1];
  }
  if (!node) throw new Error(`no resource ${index} in ${file}`);
  const span = new LineMap(text).span(file, node.offset, node.offset + node.length);
  return {
    id: `/test/${index}`,
    key: `/test/${index}`,
    idKnown: true,
    type: 'Microsoft.ContainerService/managedClusters',
    name: `r${index}`,
    body: obj([], span),
    origin: 'declared',
    presence: 'always',
    language: 'arm',
    file,
    span,
    symbol: `r${index}`,
  };
}

/** The text after applying edits to one file (edits must not overlap, as LSP requires). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineMap(text);
  const offsets = edits
    .map((e, index) => ({
      start: lines.offset(e.span.start),
      end: lines.offset(e.span.end),
      newText: e.newText,
      index,
    }))
    // Inserts at one position apply in array order, so the later one goes in first.
    .sort((a, b) => b.start - a.start || b.index - a.index);
  let out = text;
  for (const e of offsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
