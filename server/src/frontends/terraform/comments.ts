import type { SourceComment, SourceFile } from '../frontend';
import { jsonComments } from '../json-comments';
import { terraformParser } from './parser';

/**
 * The comments of a Terraform file: `#`, `//` and `/* *\/` as tree-sitter's HCL grammar finds them
 * (so never inside a string or heredoc). JSON syntax (`.tf.json`) has none of its own, but a
 * JSONC comment is read the same way as in ARM files.
 */
export function terraformComments(file: SourceFile): SourceComment[] {
  if (/\.json$/i.test(file.path)) return jsonComments(file.text);
  const tree = terraformParser()?.parse(file.text);
  if (!tree) return [];
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
  } finally {
    tree.delete();
  }
  return out;
}
