import { parseTree } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import type { Resource } from '../../../server/src/graph/resource';
import { LineMap } from '../../../server/src/graph/span';
import { obj } from '../../../server/src/graph/value';

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
