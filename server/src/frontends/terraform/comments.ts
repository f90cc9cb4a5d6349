import type { SourceComment, SourceFile } from '../frontend';
import { jsonComments } from '../json-comments';
import type { HclComments } from './hcl-comments';
import { commentsOfTree, hclCommentsOfFiles } from './hcl-comments';
import { MAX_HCL_BYTES, parseAllowanceMs } from './hcl-reader';
import { parseTerraform } from './parser';

/**
 * The comments of a Terraform file (so never inside a string or heredoc). JSON syntax
 * (`.tf.json`) has none of its own, but a JSONC comment is read the same way as in ARM files.
 * A file already read for its configuration is not parsed again (see hcl-comments.ts).
 */
export function terraformComments(file: SourceFile): SourceComment[] {
  if (/\.json$/i.test(file.path)) return jsonComments(file.text);
  // The same limits as reading the file: a file that is not read has no comments to honour.
  if (file.text.length > MAX_HCL_BYTES) return [];
  return hclCommentsOfFiles.get(
    file.path,
    file.text,
    () => parseComments(file),
    (c) => c.whole,
  ).comments;
}

function parseComments(file: SourceFile): HclComments {
  const deadline = performance.now() + parseAllowanceMs(file.text);
  const outcome = parseTerraform(file.text, () => performance.now() > deadline);
  if (outcome.kind !== 'tree') return { comments: [], whole: false };
  const tree = outcome.tree;
  try {
    return commentsOfTree(tree, file.text);
  } finally {
    try {
      tree.delete();
    } catch {
      // The instance died while the tree was read: there is nothing left to free.
    }
  }
}
