import type { TopologyNode } from '../../../server/src/protocol';

/** The first node of a topology tree, depth first, that `accept` takes. */
export function findNode(
  nodes: readonly TopologyNode[],
  accept: (n: TopologyNode) => boolean,
): TopologyNode | undefined {
  for (const n of nodes) {
    if (accept(n)) return n;
    const inner = findNode(n.children, accept);
    if (inner) return inner;
  }
  return undefined;
}
