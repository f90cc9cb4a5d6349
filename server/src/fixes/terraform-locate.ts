import type { Block, Body } from '../frontends/terraform/syntax';
import type { SourceSpan } from '../graph/span';
import { comparePositions } from '../graph/span';

/** The block a graph resource was read from: a `resource`/`data` block, or a nested block (a DNS zone group). */
export function blockAt(body: Body, span: SourceSpan): Block | undefined {
  const same = (b: Block) =>
    comparePositions(b.span.start, span.start) === 0 && comparePositions(b.span.end, span.end) === 0;
  const stack = [...body.blocks];
  while (stack.length > 0) {
    const b = stack.pop() as Block;
    if (same(b)) return b;
    if (comparePositions(b.span.start, span.start) <= 0 && comparePositions(b.span.end, span.end) >= 0)
      for (const inner of b.body.blocks) stack.push(inner);
  }
  return undefined;
}

/** The Terraform resource type the `resource`/`data` block at `span` declares (`resource "azurerm_x" "y"`). */
export function resourceType(body: Body, span: SourceSpan): string | undefined {
  const block = blockAt(body, span);
  return block && (block.type === 'resource' || block.type === 'data') ? block.labels[0]?.value : undefined;
}

/** The block that holds `inner` among its nested blocks, at any depth. */
export function enclosingBlock(body: Body, inner: Block): Block | undefined {
  const stack = [...body.blocks];
  while (stack.length > 0) {
    const b = stack.pop() as Block;
    if (
      b.body.blocks.some(
        (n) => n.span.start.line === inner.span.start.line && n.span.start.character === inner.span.start.character,
      )
    )
      return b;
    for (const n of b.body.blocks) stack.push(n);
  }
  return undefined;
}
