import type { SourceComment, SourceFile } from '../frontend';
import { jsonComments } from '../json-comments';
import { PARSE_CACHE_CHARS, ParseCache } from '../parse-cache';
import { MAX_HCL_BYTES, parseAllowanceMs } from './hcl-reader';
import { parseTerraform, wasmFailed } from './parser';

/** `whole` false: the parser gave no tree in time or failed while it was read, which is not an outcome of the text alone. */
const commentsOfFiles = new ParseCache<{ comments: SourceComment[]; whole: boolean }>(PARSE_CACHE_CHARS);

/**
 * The comments of a Terraform file: `#`, `//` and `/* *\/` as tree-sitter's HCL grammar finds them
 * (so never inside a string or heredoc). JSON syntax (`.tf.json`) has none of its own, but a
 * JSONC comment is read the same way as in ARM files.
 */
export function terraformComments(file: SourceFile): SourceComment[] {
  if (/\.json$/i.test(file.path)) return jsonComments(file.text);
  // The same limits as reading the file: a file that is not read has no comments to honour.
  if (file.text.length > MAX_HCL_BYTES) return [];
  return commentsOfFiles.get(
    file.path,
    file.text,
    () => parseComments(file),
    (c) => c.whole,
  ).comments;
}

function parseComments(file: SourceFile): { comments: SourceComment[]; whole: boolean } {
  const deadline = performance.now() + parseAllowanceMs(file.text);
  const outcome = parseTerraform(file.text, () => performance.now() > deadline);
  if (outcome.kind !== 'tree') return { comments: [], whole: false };
  const tree = outcome.tree;
  const out: SourceComment[] = [];
  let whole = true;
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
    whole = false;
  } finally {
    try {
      tree.delete();
    } catch {
      // The instance died while the tree was read: there is nothing left to free.
    }
  }
  return { comments: out, whole };
}
