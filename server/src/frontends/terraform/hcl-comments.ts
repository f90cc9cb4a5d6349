import type { Tree } from 'web-tree-sitter';
import type { SourceComment } from '../frontend';
import { PARSE_CACHE_CHARS, ParseCache } from '../parse-cache';
import { wasmFailed } from './parser';

/** `whole` false: the parser gave no tree in time or failed while it was read, which is not an outcome of the text alone. */
export interface HclComments {
  comments: SourceComment[];
  whole: boolean;
}

/**
 * The comments of each native file, kept per thread: reading a file for its configuration fills
 * it from the same tree, so a file is not parsed a second time for its comments (a large file's
 * parse is most of its analysis time and memory).
 */
export const hclCommentsOfFiles = new ParseCache<HclComments>(PARSE_CACHE_CHARS);

/** The comments of a parsed file: `#`, `//` and `/* *\/` as tree-sitter's HCL grammar finds them. The tree is not freed. */
export function commentsOfTree(tree: Tree, text: string): HclComments {
  const comments: SourceComment[] = [];
  try {
    for (const node of tree.rootNode.descendantsOfType('comment')) {
      if (!node) continue;
      const { startIndex: start, endIndex: end } = node;
      const body = text.slice(start, end);
      const block = body.startsWith('/*');
      const open = body.startsWith('#') ? 1 : 2;
      const close = block && body.endsWith('*/') && body.length >= 4 ? 2 : 0;
      comments.push({ start, end, bodyStart: start + open, bodyEnd: end - close });
    }
  } catch (err) {
    if (!wasmFailed(err)) throw err;
    return { comments, whole: false };
  }
  return { comments, whole: true };
}
