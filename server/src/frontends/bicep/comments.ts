import type { SourceComment, SourceFile } from '../frontend';
import { jsonComments } from '../json-comments';
import { lex } from './lexer';

/**
 * The `//` and `/* *\/` comments of a Bicep or `.bicepparam` file, as Bicep's lexer reads them
 * (Bicep's own `#disable-next-line` pragmas are not comments). A compiled template is JSONC.
 */
export function bicepComments(file: SourceFile): SourceComment[] {
  if (!/\.(bicep|bicepparam)$/i.test(file.path)) return jsonComments(file.text);
  return lex(file.text).comments.flatMap((c) => {
    if (c.kind === 'pragma') return [];
    const closed = c.kind === 'block' && c.text.endsWith('*/') && c.text.length >= 4;
    return [{ start: c.start, end: c.end, bodyStart: c.start + 2, bodyEnd: closed ? c.end - 2 : c.end }];
  });
}
