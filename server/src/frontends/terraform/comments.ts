import type { SourceComment, SourceFile } from '../frontend';
import { jsonComments } from '../json-comments';
import { MAX_HCL_BYTES, parseAllowanceMs } from './hcl-reader';
import { parseTerraform, wasmFailed } from './parser';

/**
 * The comments of a Terraform file: `#`, `//` and `/* *\/` as tree-sitter's HCL grammar finds them
 * (so never inside a string or heredoc). JSON syntax (`.tf.json`) has none of its own, but a
 * JSONC comment is read the same way as in ARM files.
 */
export function terraformComments(file: SourceFile): SourceComment[] {
  if (/\.json$/i.test(file.path)) return jsonComments(file.text);
  // The same limits as reading the file: a file that is not read has no comments to honour.
  if (file.text.length > MAX_HCL_BYTES) return [];
  const deadline = performance.now() + parseAllowanceMs(file.text);
  const outcome = parseTerraform(file.text, () => performance.now() > deadline);
  if (outcome.kind !== 'tree') return [];
  const tree = outcome.tree;
  const out: SourceComment[] = [];
  try {
    for (const node of tree.rootNode.descendantsOfType('comment')) {
      if (!node) continue;
      const { startIndex: start, endIndex: end } = node;
      const text = file.text.slice(start, end);
      const block = text.startsWith('/*');
      const open = text.startsWith('#') ? 1 : 2;
      const close = block && text.endsWith('*/') && text.length >= 4 ? 2 : 0;
      out.push({ start, end, bodyStart: start + open, bodyEnd: end - close });
    }
  } catch (err) {
    if (!wasmFailed(err)) throw err;
  } finally {
    try {
      tree.delete();
    } catch {
      // The instance died while the tree was read: there is nothing left to free.
    }
  }
  return out;
}
